"""The whole check-in cycle in a real browser (Playwright driving Debian's Chromium)."""

from __future__ import annotations

import pytest

from avance.audit.models import AuditEntry
from avance.demo import load_region
from avance.plans.models import Node, Plan
from avance.portal.tests.test_browser import ARTIFACTS
from avance.progress.models import ProgressUpdate, Rollup
from avance.workspace.tests.conftest import PDF


def sign_in(browser, url, username):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.goto(url + "/entrar/")
    page.fill("#id_username", username)
    page.fill("#id_password", "avance-demo")
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_url("**/trabajo/")
    return page


@pytest.mark.django_db(transaction=True)
def test_officer_reviewer_and_planner_take_a_check_in_to_the_public_page(
    live_server, browser, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_region("demo")
    plan = Plan.objects.get(kind="plan_accion_estado_abierto")
    leaf = (
        Node.objects.get(plan=plan, assignments__user__username="enlace")
        .children.order_by("position")
        .first()
    )
    global_before = Rollup.objects.get(plan=plan, period=None).percent
    url = live_server.url
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    officer = sign_in(browser, url, "enlace")
    officer.get_by_role("link", name=str(leaf)).first.click()
    officer.fill("#id_percent", "60")
    officer.fill("#id_narrative", "Se publicó el presupuesto ciudadano en datos abiertos.")
    officer.set_input_files(
        "#id_attachments",
        files=[{"name": "acta.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    officer.get_by_role("button", name="Enviar a revisión").click()
    officer.wait_for_url("**/trabajo/reportes/**")
    officer.screenshot(path=str(ARTIFACTS / "cycle-submitted.png"), full_page=True)
    update_url = officer.url

    reviewer = sign_in(browser, url, "revision")
    reviewer.goto(update_url)
    reviewer.fill("#id_comment", "Falta el acta firmada.")
    reviewer.get_by_role("button", name="Devolver a quien reportó").click()
    assert "Devuelto" in reviewer.inner_text("#estado")

    officer.goto(url + "/trabajo/")
    assert "Falta el acta firmada." in officer.content()
    officer.goto(update_url)
    officer.get_by_role("link", name="Corregir y enviar de nuevo").click()
    officer.fill("#id_narrative", "Se adjunta el acta firmada.")
    officer.get_by_role("button", name="Enviar a revisión").click()
    officer.wait_for_url("**/trabajo/reportes/**")

    reviewer.goto(update_url)
    reviewer.get_by_role("button", name="Aprobar").click()
    assert "Aprobado" in reviewer.inner_text("#estado")

    planner = sign_in(browser, url, "planeacion")
    planner.goto(update_url)
    planner.get_by_role("button", name="Publicar").click()
    assert "Publicado" in planner.inner_text("#estado")
    planner.screenshot(path=str(ARTIFACTS / "cycle-published.png"), full_page=True)

    public = browser.new_page()
    public.goto(url + f"/planes/{plan.slug}/elementos/{leaf.parent.code.hex}/")
    assert "60%" in public.content()  # the item's new value on its parent's page
    global_after = Rollup.objects.get(plan=plan, period=None).percent
    assert global_after != global_before
    public.goto(url + f"/planes/{plan.slug}/")
    from avance.reports.charts import fmt

    assert fmt(global_after) in public.content()
    public.screenshot(path=str(ARTIFACTS / "cycle-public.png"), full_page=True)

    planner.goto(url + f"/trabajo/planes/{plan.slug}/bitacora/")
    trail = planner.content()
    for sentence in (
        "reportó avance de",
        "devolvió «",
        "corrigió y reenvió «",
        "aprobó «",
        "publicó «",
    ):
        assert sentence in trail
    update = ProgressUpdate.objects.get(node=leaf, state="published", percent=60)
    entries = AuditEntry.objects.filter(
        target_type="progress.progressupdate", target_id=str(update.pk)
    )
    assert entries.count() == 5
