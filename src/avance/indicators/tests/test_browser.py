"""An indicator's quarter in a real browser (Debian's Chromium): the officer enters the
variables and sees the value and semáforo before submitting, the reviewer approves, the planner
publishes, the public item page shows the new point and colour; a goal-change request sent after
the period closed is refused with a clear message."""

from __future__ import annotations

import datetime as dt

import pytest

from avance.demo import load_region
from avance.indicators import actions
from avance.indicators.models import Indicator, Measurement
from avance.plans.models import Plan
from avance.portal.tests.test_browser import ARTIFACTS
from avance.progress.actions import do_change_period, do_open_period
from avance.workspace.tests.test_browser_cycle import sign_in


@pytest.mark.django_db(transaction=True)
def test_a_quarter_of_an_indicator_from_entry_to_the_public_page(live_server, browser):
    load_region("demo")
    poa = Plan.objects.get(kind="programa_operativo_anual")
    indicator = Indicator.objects.get(node__plan=poa, key="C2.A2")  # satisfaction, 0-10
    quarter = do_open_period(
        "test",
        poa,
        key="cuarto-trimestre-2025",
        label="Cuarto trimestre 2025",
        start=dt.date(2025, 10, 1),
        end=dt.date(2025, 12, 31),
    )
    actions.do_set_goal("test", indicator, quarter, 8.5)
    url = live_server.url
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    officer = sign_in(browser, url, "enlace.sanandres")
    officer.goto(url + f"/trabajo/indicadores/{indicator.code.hex}/")
    officer.locator(f"a[href$='periodo={quarter.key}']").click()
    officer.fill("#id_var_SUMA", "1500")
    officer.fill("#id_var_ENCUESTAS", "200")
    officer.get_by_role("button", name="Calcular").click()
    result = officer.inner_text("#resultado")
    # 1500 / 200 = 7.5 against 8.5: 88.2 %, red (below 90 %)
    assert "7.5" in result and "88.2%" in result and "Rojo" in result
    assert not Measurement.objects.filter(period=quarter).exists()  # nothing sent yet
    officer.screenshot(path=str(ARTIFACTS / "indicator-preview.png"), full_page=True)
    officer.fill("#id_narrative", "Se suspendieron sesiones por el periodo vacacional.")
    officer.get_by_role("button", name="Enviar a revisión").click()
    officer.wait_for_url(f"**/trabajo/indicadores/{indicator.code.hex}/")
    assert Measurement.objects.get(period=quarter).state == "submitted"

    reviewer = sign_in(browser, url, "revision.sanandres")
    reviewer.goto(url + f"/trabajo/indicadores/{indicator.code.hex}/")
    reviewer.get_by_role("button", name="Aprobar").click()
    planner = sign_in(browser, url, "planeacion.sanandres")
    planner.goto(url + f"/trabajo/indicadores/{indicator.code.hex}/")
    planner.get_by_role("button", name="Publicar").click()
    assert Measurement.objects.get(period=quarter).state == "published"

    public = browser.new_page()
    public.goto(url + f"/planes/{poa.slug}/elementos/{indicator.node.code.hex}/")
    article = public.locator(f"#ind-{indicator.code.hex}").locator("xpath=..")
    text = article.inner_text()
    assert "7.5" in text and "Rojo" in text and "Cuarto trimestre 2025" in text
    chart = article.locator("svg.trend").get_attribute("aria-label") or ""
    assert "Cuarto trimestre 2025: 7.5 / 8.5" in chart
    public.screenshot(path=str(ARTIFACTS / "indicator-public.png"), full_page=True)

    # The request form was open when the period closed: the request is refused, and says why.
    officer.goto(url + f"/trabajo/indicadores/{indicator.code.hex}/")
    do_change_period("test", quarter, "close")
    officer.fill(f"#req-{quarter.key}", "8")
    officer.fill(f"#just-{quarter.key}", "Menos sesiones.")
    officer.get_by_role("group", name="Cuarto trimestre 2025").get_by_role(
        "button", name="Enviar la solicitud"
    ).click()
    assert (
        "El periodo de reporte «Cuarto trimestre 2025» está cerrado; sus metas y resultados ya "
        "no pueden cambiar." in officer.content()
    )
