from __future__ import annotations

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from avance.audit.models import AuditEntry
from avance.core.documents.tests import fixtures
from avance.plans.models import Node, Plan
from avance.progress.models import Rollup


def test_a_planner_creates_an_empty_plan_and_builds_its_tree(cast, login):
    client = login("planeacion")
    owner = cast["plan"].owner
    response = client.post(
        "/trabajo/planes/nuevo/",
        {
            "institution": owner.id,
            "title": "Plan de prueba 2026",
            "kind": "plan_anual_trabajo",
            "levels": "Eje\nAcción",
        },
    )
    plan = Plan.objects.get(title="Plan de prueba 2026")
    assert response.status_code == 302 and plan.owner == owner
    levels = {level.name: level.id for level in plan.levels.all()}
    client.post(
        f"/trabajo/planes/{plan.slug}/estructura/nuevo/",
        {"level": levels["Eje"], "ref": "1", "title": "Eje uno", "weight": "1"},
    )
    axis = Node.objects.get(plan=plan, title="Eje uno")
    client.post(
        f"/trabajo/planes/{plan.slug}/estructura/nuevo/",
        {
            "level": levels["Acción"],
            "ref": "1.1",
            "title": "Acción uno",
            "weight": "2",
            "parent": axis.id,
        },
    )
    assert Node.objects.get(plan=plan, title="Acción uno").parent == axis
    assert "Acción uno" in client.get(f"/trabajo/planes/{plan.slug}/estructura/").content.decode()
    assert AuditEntry.objects.filter(plan_id=plan.id, action="node.add").count() == 2


def test_a_document_is_previewed_with_its_warnings_before_it_becomes_a_plan(cast, login, tmp_path):
    client = login("planeacion")
    path = fixtures.write_docx(tmp_path / "plan.docx")
    response = client.post(
        "/trabajo/planes/nuevo/",
        {
            "institution": cast["plan"].owner.id,
            "kind": "otro",
            "document": SimpleUploadedFile("plan.docx", path.read_bytes()),
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("/vista-previa/")
    preview = client.get("/trabajo/planes/nuevo/vista-previa/").content.decode()
    assert "Publicar el catálogo en datos abiertos." in preview and "Objetivo 1.1" in preview
    assert not Plan.objects.filter(
        title=fixtures.TITLE
    ).exists()  # nothing written before confirming
    client.post("/trabajo/planes/nuevo/vista-previa/")
    plan = Plan.objects.get(title=fixtures.TITLE)
    assert plan.owner == cast["plan"].owner  # the chosen institution, whatever the file says
    assert plan.nodes.count() == 13  # 2 axes, 3 objectives, 8 actions


def test_a_bad_document_is_refused_with_its_name(cast, login):
    response = login("planeacion").post(
        "/trabajo/planes/nuevo/",
        {
            "institution": cast["plan"].owner.id,
            "kind": "otro",
            "document": SimpleUploadedFile("escaneo.pdf", b"%PDF-1.4 roto"),
        },
    )
    assert response.status_code == 200 and "escaneo.pdf" in response.content.decode()


def test_deleting_an_item_with_history_asks_and_is_recorded(cast, login):
    from avance.conftest import publish_check_in

    leaf = cast["leaf"]
    publish_check_in(leaf, cast["period"], percent=70)
    client = login("planeacion")
    url = f"/trabajo/planes/{cast['plan'].slug}/estructura/{leaf.code.hex}/borrar/"
    page = client.post(url)  # without confirming
    assert page.status_code == 200 and Node.objects.filter(pk=leaf.pk).exists()
    client.post(url, {"confirm": "yes"})
    assert not Node.objects.filter(pk=leaf.pk).exists()
    entry = AuditEntry.objects.get(action="node.delete", target_id=str(leaf.pk))
    assert entry.actor_label == "planeacion" and entry.before["title"] == leaf.title


def test_changing_a_weight_recomputes_the_rollup(cast, login):
    plan = cast["plan"]
    plan.rollup_method = "weighted"
    plan.save()
    from avance.progress.actions import do_recompute_rollup

    do_recompute_rollup("t", plan)
    before = Rollup.objects.get(plan=plan, period=None).percent
    top = Node.objects.filter(plan=plan, parent=None).order_by("position").first()
    login("planeacion").post(
        f"/trabajo/planes/{plan.slug}/estructura/{top.code.hex}/",
        {
            "level": top.level_id,
            "ref": top.ref,
            "title": top.title,
            "weight": "5",
            "position": top.position,
        },
    )
    assert Node.objects.get(pk=top.pk).weight == 5
    assert Rollup.objects.get(plan=plan, period=None).percent != before


def test_statuses_that_do_not_count_are_left_out_and_recorded(cast, login):
    plan = cast["plan"]
    client = login("planeacion")
    page = client.get(f"/trabajo/planes/{plan.slug}/ajustes/")
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({"statuses_shown": "1", "counts": ["concluido", "en-proceso", "sin-iniciar"]})
    client.post(f"/trabajo/planes/{plan.slug}/ajustes/", data)
    assert set(plan.statuses.filter(counts=False).values_list("key", flat=True)) == {
        "en-diseno",
        "cancelado",
    }
    assert AuditEntry.objects.filter(action="plan.statuses", plan_id=plan.id).exists()
    assert "en-diseno" in Rollup.objects.get(plan=plan, period=None).excluded_statuses


def test_the_audit_trail_of_one_item(cast, login):
    from avance.progress.actions import do_record_progress

    do_record_progress("enlace", cast["leaf"], cast["period"], percent=20, submit=True)
    page = (
        login("consulta")
        .get(
            f"/trabajo/planes/{cast['plan'].slug}/bitacora/",
            {"elemento": cast["leaf"].code.hex},
        )
        .content.decode()
    )
    assert "enlace reportó avance de «1.1.1 Acción A" in page and "cargó el plan" not in page


def test_an_item_gets_a_responsible_unit(cast, login):
    from avance.organizations.actions import do_create_organization

    plan = cast["plan"]
    unit = do_create_organization("t", "Unidad de Datos Abiertos", parent=plan.owner, kind="unit")
    node = cast["assigned"]
    client = login("planeacion")
    client.post(
        f"/trabajo/planes/{plan.slug}/estructura/{node.code.hex}/",
        {
            "level": node.level_id,
            "ref": node.ref,
            "title": node.title,
            "weight": "1",
            "position": node.position,
            "parent": node.parent_id or "",
            "unit": unit.id,
        },
    )
    assert Node.objects.get(pk=node.pk).unit == unit
    assert (
        "Unidad de Datos Abiertos"
        in client.get(f"/planes/{plan.slug}/elementos/{node.code.hex}/").content.decode()
    )


def test_saving_the_settings_keeps_the_plans_dates(cast, login):
    plan = cast["plan"]
    client = login("planeacion")
    page = client.get(f"/trabajo/planes/{plan.slug}/ajustes/").content.decode()
    assert 'value="2025-01-01"' in page and 'value="2025-12-31"' in page  # ISO, as inputs need
    form = {
        "title": plan.title,
        "kind": plan.kind,
        "start": "2025-01-01",
        "end": "2025-12-31",
        "rollup_method": "mean",
        "rollup_missing": "skip",
    }
    assert client.post(f"/trabajo/planes/{plan.slug}/ajustes/", form).status_code == 302
    plan.refresh_from_db()
    assert (plan.start.isoformat(), plan.end.isoformat()) == ("2025-01-01", "2025-12-31")


def test_the_audit_trail_names_items_by_their_full_reference(cast, login):
    from avance.progress.actions import do_record_progress

    do_record_progress("enlace", cast["leaf"], cast["period"], percent=30, submit=True)
    page = login("planeacion").get(f"/trabajo/planes/{cast['plan'].slug}/bitacora/").text
    assert "1.1.1 Acción A · Segundo informe · 30%" in page


def test_a_planner_publishes_archives_and_deletes_drafts_from_the_settings(cast, login):
    from avance.conftest import small_document
    from avance.plans.actions import do_load_plan

    draft = do_load_plan("planeacion", small_document(title="Plan en borrador"))
    client = login("planeacion")
    settings_page = client.get(f"/trabajo/planes/{draft.slug}/ajustes/").text
    assert "Estado del plan: Borrador" in settings_page and "Publicar plan" in settings_page
    confirm = client.get(f"/trabajo/planes/{draft.slug}/eliminar/").text
    assert "Se eliminará el borrador con todos sus elementos (10)" in confirm
    client.post(f"/trabajo/planes/{draft.slug}/eliminar/", {"confirm": "yes"})
    assert not Plan.objects.filter(pk=draft.pk).exists()
    plan = cast["plan"]
    client.post(f"/trabajo/planes/{plan.slug}/ciclo/archive/")
    plan.refresh_from_db()
    assert plan.state == "archived"
    assert "Archivar plan" not in client.get(f"/trabajo/planes/{plan.slug}/ajustes/").text


def test_period_buttons_say_what_they_do(cast, login):
    page = login("planeacion").get(f"/trabajo/planes/{cast['plan'].slug}/periodos/").text
    assert ">Cerrar periodo</button>" in page and ">Publicar periodo</button>" not in page
    assert ">Abierto</button>" not in page and ">Abrir periodo</button>" in page


def test_moving_an_item_under_itself_is_refused_in_spanish(cast, login):
    import html

    plan, node = cast["plan"], cast["assigned"]
    child = node.children.first()
    response = login("planeacion").post(
        f"/trabajo/planes/{plan.slug}/estructura/{node.code.hex}/",
        {
            "level": node.level_id,
            "ref": node.ref,
            "title": node.title,
            "weight": "1",
            "parent": child.id,
        },
        follow=True,
    )
    assert (
        "Un elemento no puede moverse dentro de sí mismo ni de uno de sus propios elementos."
        in html.unescape(response.text)
    )
    node.refresh_from_db()
    assert node.parent_id != child.id


CSV_WITH_PROBLEMS = (
    "Eje,Acción,Avance\nEje 1,Acción A,mucho\nEje 1,Acción B,150\nEje 2,Acción C,10\n"
    "Eje 2,Acción D,20\n"
).encode()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "es-mx",
            [
                "avance.csv: fila 2, columna «Avance»: «mucho» no es un número; se dejó vacío",
                "avance.csv: fila 3: el avance 150 está fuera de 0-100; se dejó vacío",
                "avance.csv: no hay título sobre la tabla; el plan se llama «Acciones»",
            ],
        ),
        (
            "en",
            [
                "avance.csv: row 2, column «Avance»: «mucho» is not a number; left empty",
                "avance.csv: row 3: progress 150 is outside 0-100; left empty",
                "avance.csv: no title above the table; the plan is named «Acciones»",
            ],
        ),
    ],
)
def test_import_warnings_are_said_in_the_planners_language(cast, login, language, expected):
    client = login("planeacion")
    prefix = "/en" if language == "en" else ""
    client.post(
        f"{prefix}/trabajo/planes/nuevo/",
        {
            "institution": cast["plan"].owner.id,
            "kind": "otro",
            "document": SimpleUploadedFile("avance.csv", CSV_WITH_PROBLEMS),
        },
    )
    preview = client.get(f"{prefix}/trabajo/planes/nuevo/vista-previa/").content.decode()
    shown = re.findall(r"<li>([^<]*)</li>", preview.split('class="warnings"')[1].split("</ul>")[0])
    assert [html.unescape(line) for line in shown] == expected
    assert "Eje 1" in preview  # a group cell that is only a label and a number keeps it
