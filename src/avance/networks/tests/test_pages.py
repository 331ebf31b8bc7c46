"""The liaison fills the form (a rule-breaking value is refused next to its field), the member's
reviewer approves, the coordinator returns; the public comparison shows approved figures only and
the members that did not report as «sin reporte»; the tidy CSV has the same numbers."""

from __future__ import annotations

import csv
import io

from avance.networks import actions
from avance.networks.models import Submission

GOOD = {"REC": "120", "ATE": "100", "CAP.mujeres": "12", "CAP.hombres": "8", "POR": "sí"}


def _fill_url(red, member="ip"):
    return f"/trabajo/redes/{red['network'].slug}/estadisticas/solicitudes/2025-s1/{member}/"


def test_a_rule_breaking_value_is_refused_next_to_its_field(red, client):
    client.force_login(red["users"]["enlace.a"])
    page = client.post(_fill_url(red), {**GOOD, "ATE": "130", "enviar": "1"})
    assert page.status_code == 200
    html = page.text
    field = html.split('id="f-ate"')[1].split("</p>")[0]
    assert 'aria-invalid="true" aria-describedby="f-ate-error"' in field
    assert 'value="130"' in field  # what was typed comes back, to be corrected
    assert (
        "«Solicitudes atendidas» debe ser ≤ «Solicitudes recibidas»: 130 ≤ 120 es falso." in field
    )
    assert "No se guardó nada: corrija los campos marcados abajo." in html
    assert not Submission.objects.exists()
    sent = client.post(_fill_url(red), {**GOOD, "enviar": "1"})
    assert sent.status_code == 302
    assert Submission.objects.get().state == "submitted"


def test_the_reviewer_approves_and_the_comparison_shows_it(red, client):
    submission = actions.do_save_figures(
        "test", red["period"], red["members"]["A"], GOOD, submit=True
    )
    client.force_login(red["users"]["revision"])
    decided = client.post(f"/trabajo/cifras/{submission.code.hex}/aprobar/")
    assert decided.status_code == 302
    submission.refresh_from_db()
    assert submission.state == "approved"
    client.logout()
    html = client.get(f"/instituciones/{red['network'].slug}/estadisticas/solicitudes/ATE/").text
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    rows = {
        row.split("</th>")[0].rsplit(">", 2)[-2].split("<")[0]: row
        for row in body.split("<tr>")[1:]
    }
    assert "100" in rows["IP"] and "(0.050)" in rows["IP"]
    assert "sin reporte" in rows["OGB"] and "sin reporte" in rows["IC"]
    foot = html.split("<tfoot>")[1]
    assert "Total regional" in foot and "1 / 3" in foot
    data = client.get(f"/instituciones/{red['network'].slug}/estadisticas/datos.csv")
    rows = list(csv.DictReader(io.StringIO(data.content.decode())))
    ate = {r["member"]: (r["value"], r["status"]) for r in rows if r["variable"] == "ATE"}
    assert ate == {
        "ip": ("100", "publicado"),
        "ogb": ("", "sin reporte"),
        "ic": ("", "sin reporte"),
    }


def test_the_coordinator_returns_figures_but_cannot_fill_them(red, client):
    submission = actions.do_save_figures(
        "test", red["period"], red["members"]["B"], GOOD, submit=True
    )
    client.force_login(red["users"]["coordinador"])
    assert client.get(_fill_url(red, "ogb")).status_code == 403
    assert client.post(f"/trabajo/cifras/{submission.code.hex}/aprobar/").status_code == 403
    returned = client.post(
        f"/trabajo/cifras/{submission.code.hex}/devolver/", {"comment": "Faltan las mujeres."}
    )
    assert returned.status_code == 302
    submission.refresh_from_db()
    assert (submission.state, submission.comment) == ("returned", "Faltan las mujeres.")
    network_page = client.get(f"/trabajo/redes/{red['network'].slug}/").text
    assert (
        "Completitud y oportunidad" in network_page and "0 de 3 miembros aprobados" in network_page
    )


def test_a_liaison_cannot_see_another_members_draft(red, client):
    draft = actions.do_save_figures("test", red["period"], red["members"]["B"], {"REC": "5"})
    client.force_login(red["users"]["enlace.a"])
    assert client.get(f"/trabajo/cifras/{draft.code.hex}/").status_code == 404
    assert client.get(_fill_url(red, "ogb")).status_code == 403
    client.force_login(red["users"]["coordinador"])
    assert client.get(f"/trabajo/cifras/{draft.code.hex}/").status_code == 404


def test_an_uploaded_template_fills_the_form(red, client, tmp_path):
    from avance.networks import formats

    rows = formats.template_rows(red["form"])
    assert rows[0] == ["campo", "variable", "categoria", "tipo", "unidad", "valor"]
    filled = [rows[0]] + [[*row[:-1], GOOD.get(row[0], "")] for row in rows[1:]]
    from avance.reports.formats.workbook import write_xlsx

    client.force_login(red["users"]["enlace.a"])
    upload = io.BytesIO(write_xlsx({"plantilla": filled}))
    upload.name = "cifras.xlsx"
    answer = client.post(_fill_url(red), {"plantilla": upload, "guardar": "1"})
    assert answer.status_code == 302
    assert Submission.objects.get().values["CAP"] == 20
    bad = io.BytesIO(b"a,b\n1,2\n")
    bad.name = "otra.csv"
    html = client.post(_fill_url(red), {"plantilla": bad, "guardar": "1"}).text
    assert "otra.csv: la primera fila debe nombrar las columnas «campo» y «valor»." in html


def test_the_coordinator_changes_a_form_through_its_definition_workbook(red, client):
    from openpyxl import load_workbook

    from avance.reports.formats.workbook import write_xlsx

    client.force_login(red["users"]["coordinador"])
    base = f"/trabajo/redes/{red['network'].slug}/formularios/"
    download = client.get(base + "solicitudes/definicion.xlsx")
    book = load_workbook(io.BytesIO(download.content))
    sheets = {
        name: [list(r) for r in book[name].iter_rows(values_only=True)] for name in book.sheetnames
    }
    assert sheets["variables"][0][:3] == ["codigo", "nombre", "tipo"]
    assert sheets["variables"][1][:3] == ["REC", "Solicitudes recibidas", "entero"]
    assert sheets["reglas"][1:] == [["ATE", "<=", "REC"], ["REC", ">=", "0"]]
    sheets["variables"].append(["QUE", "Quejas", "entero", "quejas", "", "", "", "", ""])
    upload = io.BytesIO(
        write_xlsx({k: [["" if c is None else c for c in r] for r in v] for k, v in sheets.items()})
    )
    upload.name = "solicitudes.xlsx"
    answer = client.post(base, {"form": "solicitudes", "definicion": upload})
    assert answer.status_code == 302
    latest = red["form"].versions.order_by("-number").first()
    assert latest.number == 2 and [v["code"] for v in latest.definition["variables"]][-1] == "QUE"
    sheets["variables"][1][2] = "moneda"
    wrong = io.BytesIO(
        write_xlsx({k: [["" if c is None else c for c in r] for r in v] for k, v in sheets.items()})
    )
    wrong.name = "mal.xlsx"
    html = client.post(base, {"form": "solicitudes", "definicion": wrong}).text
    assert "mal.xlsx, sheet «variables», row 2: kind «moneda» is not one of" in html
    assert red["form"].versions.count() == 2


def test_the_coordinator_records_a_session_with_agreements(red, client):
    from avance.networks.models import Session

    client.force_login(red["users"]["coordinador"])
    url = f"/trabajo/redes/{red['network'].slug}/sesiones/nueva/"
    a, b = red["members"]["A"], red["members"]["B"]
    missing = client.post(url, {"title": "Sesión", "kind": "ordinary", "date": ""})
    assert "Una sesión necesita título y fecha." in missing.text
    nobody = client.post(
        url,
        {"title": "Sesión", "kind": "ordinary", "date": "2025-09-01", "text-0": "Sin responsables"},
    )
    assert "acuerdo 1: nombre a los miembros responsables" in nobody.text.lower()
    assert not Session.objects.exists()
    answer = client.post(
        url,
        {
            "title": "Segunda sesión ordinaria",
            "kind": "ordinary",
            "date": "2025-09-01",
            "present": [str(a.pk), str(b.pk)],
            "ref-0": "SO2-01",
            "text-0": "Publicar el calendario.",
            "due-0": "2025-10-31",
            "resp-0": [str(b.pk)],
        },
    )
    assert answer.status_code == 302
    session = Session.objects.get()
    agreement = session.agreements.get()
    assert (agreement.ref, agreement.due.isoformat()) == ("SO2-01", "2025-10-31")
    assert list(agreement.responsible.all()) == [b]
    assert sorted(m.organization.acronym for m in session.present.all()) == ["IP", "OGB"]
