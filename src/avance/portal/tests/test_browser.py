"""The portal in a real browser: Python Playwright driving Debian's Chromium (never a downloaded
browser), with axe-core (vendored from npm) checking each page type. Screenshots are written to
test-artifacts/portal/."""

from __future__ import annotations

from pathlib import Path

import pytest

from avance.core.documents.importer import import_file
from avance.demo import load_region
from avance.plans.export import export_plan
from avance.plans.models import Plan

AXE = Path(__file__).with_name("vendor") / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[4] / "test-artifacts" / "portal"


def check_page(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert not serious, f"{name}: " + "; ".join(serious)


def citizen_walk(page, base: str, title: str, slug: str) -> None:
    """A citizen from the home page down to an item of the demo's open-government plan, then a
    published period and a filtered table, checking each page with axe. Also run against the
    deployed stack (tests/test_deployed_stack.py)."""
    page.goto(base + "/")
    assert page.locator("html").get_attribute("lang") == "es-mx"
    check_page(page, "home")

    page.get_by_role("link", name=title).click()
    page.wait_for_url(f"**/planes/{slug}/")
    assert "Avance global" in page.content()
    check_page(page, "plan")

    page.get_by_role("link", name="1 Datos y presupuesto abiertos").click()
    page.wait_for_url("**/elementos/**")
    check_page(page, "axis")
    page.get_by_role(
        "link", name="1.1 Presupuesto ciudadano y seguimiento de la obra pública"
    ).click()
    page.wait_for_url("**/elementos/**")
    assert "Observatorio Ciudadano de Valle Alto" in page.content()  # co-creators
    check_page(page, "node")

    # Switch to the first published period: the snapshot as published then.
    page.goto(base + f"/planes/{slug}/")
    page.select_option("#periodo", label="Primer Informe Parcial")
    page.get_by_role("button", name="Mostrar").click()
    page.wait_for_url("**periodo=primer-informe-parcial**")
    assert "declarado en el documento" in page.content()  # the report declared 38%
    check_page(page, "period")

    # Filter the table: the filters land in the URL.
    page.goto(base + f"/planes/{slug}/tabla/")
    page.fill("#q", "consulta")
    page.get_by_role("button", name="Filtrar").click()
    page.wait_for_url("**q=consulta**")
    rows = page.locator("table.items tbody tr")
    assert rows.count() >= 1
    assert all("onsulta" in rows.nth(i).inner_text() for i in range(rows.count()))
    check_page(page, "table")

    # The language switch is a link to the same page in English, and nothing set a cookie.
    page.get_by_role("link", name="English").click()
    page.wait_for_url(f"**/en/planes/{slug}/tabla/?*q=consulta*")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Filter" in page.content()
    assert page.context.cookies() == []


@pytest.mark.django_db(transaction=True)
def test_a_citizen_follows_a_plan_down_to_an_item(live_server, browser, tmp_path):
    load_region("demo")
    plan = Plan.objects.get(kind="plan_accion_estado_abierto")
    # bypass_csp lets the test inject axe-core; the site's own CSP forbids inline scripts.
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        accept_downloads=True,
        locale="en-US",
        bypass_csp=True,
    )  # an English browser still gets Spanish
    page = context.new_page()
    citizen_walk(page, live_server.url, plan.title, plan.slug)

    # Download the CSV and import it back: the same tree.
    page.goto(live_server.url + f"/planes/{plan.slug}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV", exact=True).click()
    target = tmp_path / "plan.csv"
    download.value.save_as(target)
    document, _warnings = import_file(target)

    def tree(nodes):
        return [(n["level"], n.get("ref"), n["title"], tree(n.get("children", []))) for n in nodes]

    assert tree(document["nodes"]) == tree(export_plan(plan)["nodes"])


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["es-mx", "en"])
def test_public_pages_fit_a_phone_in_both_languages(live_server, browser, language):
    """At 390 px no page scrolls sideways (wide tables scroll inside their own box), and axe
    finds nothing serious."""
    load_region("demo")
    plan = Plan.objects.get(kind="plan_accion_estado_abierto")
    node = plan.nodes.filter(parent__isnull=True).first()
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = context.new_page()
    for name, path in [
        ("home", "/"),
        ("plan", f"/planes/{plan.slug}/"),
        ("table", f"/planes/{plan.slug}/tabla/"),
        ("node", f"/planes/{plan.slug}/elementos/{node.code.hex}/"),
        ("search", "/buscar/?q=presupuesto"),
    ]:
        page.goto(live_server.url + ("/en" if language == "en" else "") + path)
        assert page.locator("html").get_attribute("lang") == language
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} ({language}) scrolls sideways by {overflow}px"
        check_page(page, f"phone-{language}-{name}")
    context.close()
