"""A quarter of a network's statistics in a real browser (Debian's Chromium), on the demo
region: IDATA's liaison types a figure that breaks a rule, reads the message next to the field,
fixes it and submits; IDATA's reviewer approves; the coordinator returns OGTRG's figures; the
public comparison shows IDATA's approved figure, OGTRG and ITLN as «sin reporte», and the tidy
CSV has the same numbers. The network's public pages pass axe."""

from __future__ import annotations

import csv
import io
import urllib.request

import pytest

from avance.demo import load_region
from avance.networks.models import Submission
from avance.portal.tests.test_browser import ARTIFACTS, AXE
from avance.workspace.tests.test_browser_cycle import sign_in

NETWORK = "/trabajo/redes/red-centro-valle/"
FILL = NETWORK + "estadisticas/estadistica-trimestral/2025-t2/idata/"
PUBLIC = "/instituciones/red-centro-valle/estadisticas/"

FIGURES = {
    "SOL_REC.plataforma": "700",
    "SOL_REC.correo": "200",
    "SOL_REC.presencial": "100",
    "SOL_ATE": "1200",  # more answered than received: breaks «SOL_ATE ≤ SOL_REC»
    "REC_REV": "80",
    "REC_RES": "75",
}


@pytest.mark.django_db(transaction=True)
def test_a_quarter_of_network_statistics_from_the_form_to_open_data(live_server, browser):
    load_region("demo")
    url = live_server.url
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    liaison = sign_in(browser, url, "enlace.idata")
    liaison.goto(url + NETWORK)
    liaison.get_by_role("link", name="Estadística trimestral de transparencia", exact=True).click()
    liaison.wait_for_url("**" + FILL)
    for key, value in FIGURES.items():
        liaison.fill(f"input[name='{key}']", value)
    liaison.get_by_role("button", name="Enviar a revisión").click()
    message = liaison.locator("#f-sol_ate-error").inner_text()
    assert message == (
        "«Solicitudes de acceso atendidas» debe ser ≤ «Solicitudes de acceso recibidas»: "
        "1200 ≤ 1000 es falso."
    )
    assert liaison.locator("#f-sol_ate").get_attribute("aria-describedby") == "f-sol_ate-error"
    assert liaison.locator("#f-sol_ate").input_value() == "1200"  # kept, to be corrected
    assert not Submission.objects.filter(member__organization__acronym="IDATA").exists()
    liaison.screenshot(path=str(ARTIFACTS / "network-rule-message.png"), full_page=True)
    liaison.fill("#f-sol_ate", "950")
    liaison.get_by_role("button", name="Enviar a revisión").click()
    assert "Cifras enviadas a revisión." in liaison.inner_text("main")
    mine = Submission.objects.get(member__organization__acronym="IDATA")
    assert (mine.state, mine.values["SOL_REC"], mine.values["SOL_ATE"]) == ("submitted", 1000, 950)

    reviewer = sign_in(browser, url, "revision.idata")
    reviewer.goto(url + NETWORK)
    reviewer.get_by_role("link", name="Estadística trimestral de transparencia · Segundo").click()
    reviewer.get_by_role("button", name="Aprobar y publicar").click()
    assert "Cifras aprobadas: ya son públicas." in reviewer.inner_text("main")

    coordinator = sign_in(browser, url, "coordinacion.red")
    coordinator.goto(url + NETWORK)
    ogtrg = Submission.objects.get(member__organization__acronym="OGTRG", period__key="2025-t2")
    coordinator.locator(f"a[href$='/trabajo/cifras/{ogtrg.code.hex}/']").click()
    assert coordinator.get_by_role("button", name="Aprobar y publicar").count() == 0
    coordinator.fill("#comment", "Falta desagregar el canal presencial.")
    coordinator.get_by_role("button", name="Devolver con comentario").click()
    assert "Cifras devueltas al enlace del miembro." in coordinator.inner_text("main")
    ogtrg.refresh_from_db()
    assert (ogtrg.state, ogtrg.comment) == ("returned", "Falta desagregar el canal presencial.")

    public = browser.new_page()
    public.goto(url + PUBLIC + "estadistica-trimestral/SOL_ATE/")
    rows = {
        row.locator("th").inner_text(): [c.inner_text() for c in row.locator("td").all()]
        for row in public.locator("table.comparison tbody tr").all()
    }
    assert rows["IDATA"][1].startswith("950")
    assert rows["OGTRG"][1] == "sin reporte" and rows["ITLN"][1] == "sin reporte"
    assert rows["IDATA"][0] == "sin reporte"  # IDATA did not report the first quarter
    public.screenshot(path=str(ARTIFACTS / "network-comparison.png"), full_page=True)
    with urllib.request.urlopen(url + PUBLIC + "datos.csv?periodo=2025-t2") as answer:
        tidy = list(csv.DictReader(io.StringIO(answer.read().decode("utf-8"))))
    ate = {r["member"]: (r["value"], r["status"]) for r in tidy if r["variable"] == "SOL_ATE"}
    assert ate["idata"] == ("950", "publicado")
    assert ate["ogtrg"] == ("", "sin reporte") and ate["itln"] == ("", "sin reporte")
    shown = {name: cells[1].split(" ")[0].replace(",", "") for name, cells in rows.items()}
    for member, (value, status) in ate.items():
        acronym = member.upper()
        assert shown[acronym] == (value if status == "publicado" else "sin")


@pytest.mark.django_db(transaction=True)
def test_the_network_pages_pass_axe_with_32_members(live_server, browser):
    """The comparison and agenda pages of a large network (the bench's generator, 32 members ×
    50 variables × 2 periods) have no serious or critical axe violation."""
    from avance.demo.network import generate

    network = generate("test", members=32, variables=50, periods=2)
    script = AXE.read_text(encoding="utf-8")
    page = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True).new_page()
    for path in [
        f"/instituciones/{network.slug}/estadisticas/",
        f"/instituciones/{network.slug}/estadisticas/formulario/V01/",
        f"/instituciones/{network.slug}/estadisticas/formulario/miembros/m01/",
        f"/instituciones/{network.slug}/agenda/",
        f"/instituciones/{network.slug}/",
    ]:
        page.goto(live_server.url + path)
        page.add_script_tag(content=script)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        serious = [
            f"{path}: {v['id']} ({v['impact']})"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == []
