"""The daily work's details, each found by a new user (issue 14, defect 6)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.utils import timezone

from avance.progress.actions import (
    do_approve_update,
    do_correct_update,
    do_record_progress,
    do_return_update,
)
from avance.workspace.tests.test_review_cycle import check_in_url

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _returned(cast, **reported):
    officer = User.objects.get(username="enlace")
    update = do_record_progress(
        officer, cast["leaf"], cast["period"], percent=30, submit=True, **reported
    )
    return do_return_update("revision", update, "Falta el acta firmada")


def test_new_plan_is_offered_only_to_who_may_create_one(cast, login):
    assert "Nuevo plan" in login("planeacion").get("/trabajo/").text
    for who in ("enlace", "revision", "consulta"):
        assert "Nuevo plan" not in login(who).get("/trabajo/").text


def test_period_buttons_say_what_they_do(cast, login):
    page = login("planeacion").get(f"/trabajo/planes/{cast['plan'].slug}/periodos/").text
    assert ">Cerrar periodo</button>" in page and ">Cerrado</button>" not in page


def test_a_returned_item_is_listed_once(cast, login):
    _returned(cast)
    page = login("enlace").get("/trabajo/").text
    assert page.count("Acción A") == 1
    assert "Devueltos a usted" in page and "Falta el acta firmada" in page


def test_an_approved_update_no_longer_shows_the_old_comment(cast, login):
    update = _returned(cast)
    returned_page = login("enlace").get(f"/trabajo/reportes/{update.code.hex}/").text
    assert "Falta el acta firmada" in returned_page
    update = do_correct_update("enlace", update, percent=35, status=None, narrative="Con acta")
    do_approve_update("revision", update)
    page = login("enlace").get(f"/trabajo/reportes/{update.code.hex}/").text
    table = page[page.index("<dl") : page.index("</dl>")]
    assert "Falta el acta firmada" not in table


def test_the_correction_form_shows_the_evidence_already_attached(cast, login):
    update = _returned(cast, files=[("acta.pdf", PDF)], evidence=["https://example.org/a"])
    page = login("enlace").get(f"/trabajo/reportes/{update.code.hex}/corregir/").text
    assert "Evidencia ya adjunta" in page
    assert "acta.pdf" in page and "https://example.org/a" in page


def test_150_percent_gets_one_clear_message(cast, login):
    page = login("enlace").post(check_in_url(cast), {"percent": "150"}).text
    assert page.count('class="error"') == 1 and "El avance es un número de 0 a 100." in page
    assert "Dé un porcentaje" not in page


def test_an_overdue_period_says_by_how_many_days(cast, login):
    days = (timezone.localdate() - dt.date(2025, 12, 31)).days
    page = login("enlace").get("/trabajo/").text
    assert f"vencido hace {days} días" in page


def test_planners_see_when_a_plan_will_not_reach_its_goal(db, login, cast):
    from avance.conftest import small_document
    from avance.plans.actions import do_load_plan, do_publish_plan

    document = small_document(
        title="Plan lento 2026-2027",
        start="2026-01-01",
        end="2027-12-31",
        report={"title": "Primer informe", "start": "2026-01-01", "end": "2026-06-30"},
    )
    for axis in document["nodes"]:  # a slow start: 5 % everywhere after half a year
        axis.pop("progress", None)
        for commitment in axis["children"]:
            for action in commitment["children"]:
                action["progress"] = 5
    plan = do_publish_plan("test", do_load_plan("test", document))
    assert plan.owner == cast["plan"].owner  # the same institution, by name
    page = login("planeacion").get("/trabajo/").text
    assert "Plan lento 2026-2027" in page
    assert "A este ritmo el plan no alcanza su meta en su fecha de fin." in page
