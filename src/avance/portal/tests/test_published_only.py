"""The public sees published plans at published cut-offs, and looking never writes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from avance.conftest import publish_check_in, small_document
from avance.core.errors import ActionError
from avance.plans.actions import (
    do_archive_plan,
    do_delete_draft_plan,
    do_load_plan,
    do_publish_plan,
    do_update_plan,
)
from avance.plans.models import Node, Plan
from avance.progress.actions import do_change_period, do_record_progress
from avance.progress.models import Rollup

pytestmark = pytest.mark.django_db


class Writes:
    """Records every INSERT, UPDATE or DELETE the wrapped code sends to the database."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        if sql.lstrip().split(" ", 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}:
            self.statements.append(sql)
        return execute(sql, params, many, context)


def public_urls(plan: Plan, key: str) -> list[str]:
    base = f"/planes/{plan.slug}"
    urls = [
        "/",
        f"{base}/",
        f"{base}/tabla/",
        f"{base}/tabla/?min=10&orden=-avance&q=a",
    ]
    for node in Node.objects.filter(plan=plan):
        urls.append(f"{base}/elementos/{node.code.hex}/")
    for fmt in ("json", "csv", "xlsx"):
        urls.append(f"{base}/descargas/plan.{fmt}")
    for kind in ("progress", "poa"):
        for fmt in ("html", "pdf", "xlsx", "csv"):
            urls.append(f"{base}/{kind}.{fmt}")
    return urls + [f"{url}{'&' if '?' in url else '?'}periodo={key}" for url in urls[1:]]


def test_no_public_url_writes_to_the_database(client, cast):
    plan, period = cast["plan"], cast["period"]
    publish_check_in(cast["leaf"], period, percent=80)
    do_change_period("planeacion", period, "close")
    do_change_period("planeacion", period, "publish")
    # A plan whose stored roll-ups are gone: pages compute them in memory, never store them.
    Rollup.objects.filter(plan=plan, period__isnull=True).delete()
    urls = [
        *public_urls(plan, period.key),
        "/buscar/?q=accion",
        "/planes/no-existe/",
        "/no-existe/",
    ]
    writes = Writes()
    with connection.execute_wrapper(writes):
        statuses = {url: client.get(url).status_code for url in urls}
    assert writes.statements == []
    assert {url: code for url, code in statuses.items() if code != 200} == {
        "/planes/no-existe/": 404,
        "/no-existe/": 404,
    }
    assert not Rollup.objects.filter(plan=plan, period__isnull=True).exists()


def test_a_draft_never_reaches_a_public_page_or_file(client, cast):
    draft = do_load_plan("planeacion", small_document(title="Borrador secreto 2026"))
    assert draft.state == "draft"
    assert "Borrador secreto" not in client.get("/").text
    for url in public_urls(draft, draft.periods.get().key):
        if url != "/" and not url.startswith("/?"):
            assert client.get(url).status_code == 404, url
    do_publish_plan("planeacion", draft)
    assert "Borrador secreto" in client.get("/").text


def test_an_empty_draft_is_never_shown(client, cast):
    from avance.plans.actions import do_create_plan

    empty = do_create_plan(
        "planeacion", cast["plan"].owner, title="Plan vacío", kind="otro", levels=["Eje"]
    )
    assert "Plan vacío" not in client.get("/").text
    assert client.get(f"/planes/{empty.slug}/").status_code == 404


def test_an_archived_plan_stays_public_and_takes_no_more_writes(client, cast):
    plan = do_archive_plan("planeacion", cast["plan"])
    assert client.get(f"/planes/{plan.slug}/").status_code == 200
    with pytest.raises(ActionError, match="archived; it is kept read-only"):
        do_record_progress("enlace", cast["leaf"], cast["period"], percent=10)
    with pytest.raises(ActionError, match="archived"):
        do_update_plan("planeacion", plan, title="Otro título")
    with pytest.raises(ActionError, match="a archived plan cannot be published"):
        do_publish_plan("planeacion", plan)


def test_only_a_draft_can_be_deleted(cast):
    with pytest.raises(ActionError, match="delete needs it draft"):
        do_delete_draft_plan("planeacion", cast["plan"])
    draft = do_load_plan("planeacion", small_document())
    do_delete_draft_plan("planeacion", draft)
    assert not Plan.objects.filter(pk=draft.pk).exists()
    from avance.audit.models import AuditEntry

    entry = AuditEntry.objects.get(action="plan.delete", target_id=str(draft.pk))
    assert entry.before == {"title": "Plan de prueba 2025", "slug": draft.slug, "nodes": 10}


def test_every_page_and_file_states_its_cut_off(client, cast):
    plan = cast["plan"]
    first = plan.periods.get(key="primer-informe")
    dashboard = client.get(f"/planes/{plan.slug}/", {"periodo": first.key}).text
    assert "Primer informe, corte al 30 de junio de 2025" in dashboard
    assert f"/planes/{plan.slug}/descargas/plan.csv?periodo={first.key}" in dashboard
    assert f"/planes/{plan.slug}/progress.pdf?periodo={first.key}" in dashboard
    today = dt.date.today()
    current = client.get(f"/planes/{plan.slug}/").text
    months = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
              "septiembre", "octubre", "noviembre", "diciembre"]  # fmt: skip
    assert (
        f"Valores vigentes al {today.day} de {months[today.month - 1]} de {today.year}" in current
    )
    csv = client.get(f"/planes/{plan.slug}/descargas/plan.csv", {"periodo": first.key})
    assert csv["Content-Disposition"] == f'attachment; filename="{plan.slug}-{first.key}.csv"'
    assert "Primer informe, corte al 30 de junio de 2025" in csv.content.decode()
    english = client.get(f"/en/planes/{plan.slug}/", {"periodo": first.key})
    assert "Primer informe, cut-off June 30, 2025" in english.text


def test_not_found_and_forbidden_pages_are_styled_and_in_spanish(client, cast):
    page = client.get("/planes/no-existe/")
    assert page.status_code == 404
    assert "No encontramos esta página" in page.text and "portal.css" in page.text
    client.force_login(cast["period"].plan.owner.memberships.get(role="reviewer").user)
    forbidden = client.get(f"/trabajo/planes/{cast['plan'].slug}/ajustes/")
    assert forbidden.status_code == 403
    assert "No tiene permiso para hacer esto" in forbidden.text and "portal.css" in forbidden.text


def test_a_server_error_gets_the_styled_page_in_the_visitors_language(cast, monkeypatch):
    from django.test import Client

    from avance.portal import views

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views.published, "plan_percents", broken)
    visitor = Client(raise_request_exception=False)
    page = visitor.get("/")
    assert page.status_code == 500
    assert "Algo salió mal de nuestro lado" in page.text and "portal.css" in page.text
    assert 'href="/"' in page.text
    english = visitor.get("/en/")
    assert "Something went wrong on our side" in english.text


def test_tables_and_reports_give_full_references(client, cast):
    plan = cast["plan"]
    table = client.get(f"/planes/{plan.slug}/tabla/").text
    assert "<td>1.1.1</td>" in table and "<td>2.1.2</td>" in table
    report = client.get(f"/planes/{plan.slug}/progress.html").content.decode()
    assert "<strong>Acción 1.1.1</strong> Acción A" in report


def test_dates_are_written_in_the_visitors_language(client, cast):
    import re

    spanish = client.get("/").text
    assert re.search(
        r"Última actualización: \d{1,2} de (enero|febrero|marzo|abril|mayo|junio|"
        r"julio|agosto|septiembre|octubre|noviembre|diciembre) de \d{4}",
        spanish,
    )
    english = client.get("/en/").text
    assert re.search(r"Last update: [A-Z][a-z]+\.? \d{1,2}, \d{4}", english)
    assert not re.search(r"\d de [A-Za-z]+ de \d{4}", english)


def test_an_item_page_dates_its_evidence_and_has_no_empty_details(client, cast):
    from avance.conftest import publish_check_in
    from avance.plans.models import Node

    plan, leaf = cast["plan"], cast["leaf"]
    publish_check_in(leaf, cast["period"], percent=70, evidence=["https://example.org/acta"])
    page = client.get(f"/planes/{plan.slug}/elementos/{leaf.code.hex}/").text
    assert "https://example.org/acta" in page and "(Segundo informe)" in page
    bare = Node.objects.get(plan=plan, title="Acción E")
    bare_page = client.get(f"/planes/{plan.slug}/elementos/{bare.code.hex}/").text
    assert 'id="datos"' not in bare_page
