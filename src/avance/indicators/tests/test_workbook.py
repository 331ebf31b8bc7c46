"""The indicators workbook (transparency format plus Avance's columns) round-trips, and the
technical-sheet PDF shows every field of the ficha."""

from __future__ import annotations

import io
import shutil
import subprocess

import openpyxl
import pytest

from avance.core.indicators.workbook import HEADERS, from_rows
from avance.demo import load_region, region
from avance.indicators.actions import do_load_indicators
from avance.indicators.models import Indicator
from avance.plans.actions import do_load_plan
from avance.plans.models import Plan
from avance.reports.formats import render

pytestmark = pytest.mark.django_db


def cells(content: bytes) -> list[list[object]]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def poa() -> Plan:
    load_region("demo")
    return Plan.objects.get(kind="programa_operativo_anual")


def test_the_workbook_has_the_transparency_columns_and_a_row_per_indicator_and_period():
    rows = cells(render(poa(), "xlsx", kind="indicators"))
    assert rows[0][:17] == [
        "Ejercicio",
        "Fecha de inicio del periodo que se informa",
        "Fecha de término del periodo que se informa",
        "Objetivo institucional",
        "Nombre del indicador",
        "Dimensión a medir",
        "Definición del indicador",
        "Método de cálculo",
        "Unidad de medida",
        "Frecuencia de medición",
        "Línea base",
        "Metas programadas",
        "Metas ajustadas en su caso",
        "Avance de las metas",
        "Sentido del indicador",
        "Fuente de información de los datos",
        "Área responsable de la información",
    ]
    assert len(rows) == 1 + 6 * 2
    costs = [r for r in rows if r[HEADERS.index("Clave")] == "C2.A1"]
    # the authorised change: programmed 450, adjusted 420, reached 420 (126,000 / 300)
    assert [r[HEADERS.index("Metas programadas")] for r in costs] == [450, 450]
    assert [r[HEADERS.index("Metas ajustadas en su caso")] for r in costs] == [420, 450]
    assert [r[HEADERS.index("Avance de las metas")] for r in costs] == [420, 400]
    assert costs[0][HEADERS.index("Sentido del indicador")] == "Descendente"


def test_export_import_export_gives_the_same_cells():
    first = render(poa(), "xlsx", kind="indicators")
    copy = do_load_plan("test", {**region.POA, "title": "POA 2025 (copia)"})
    do_load_indicators("test", copy, from_rows(cells(first), "indicadores.xlsx"))
    assert Indicator.objects.filter(node__plan=copy).count() == 6
    again = render(copy, "xlsx", kind="indicators")
    assert cells(again) == cells(first)
    assert render(copy, "csv", kind="indicators") == render(
        Plan.objects.get(kind="programa_operativo_anual", title=region.POA["title"]),
        "csv",
        kind="indicators",
    )


def test_a_bad_workbook_says_where():
    from avance.core.documents import DocumentError

    rows = [list(HEADERS), ["2025"] + ["x"] * (len(HEADERS) - 1)]
    with pytest.raises(DocumentError, match=r"indicadores\.xlsx: row 2, column 'Línea base'"):
        from_rows(rows, "indicadores.xlsx")
    with pytest.raises(DocumentError, match="columns missing: Ejercicio"):
        from_rows([HEADERS[1:]], "indicadores.xlsx")


def test_the_technical_sheets_pdf_shows_every_field():
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils is not installed")
    pdf = render(poa(), "pdf", kind="indicators")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    flat = " ".join(text.split())
    for label in [
        "Fichas técnicas de los indicadores",
        "Definición",
        "Nivel de la MIR",
        "Tipo",
        "Dimensión",
        "Tipo de fórmula",
        "Método de cálculo",
        "Variables",
        "Unidad de medida",
        "Frecuencia de medición",
        "Acumulación",
        "Sentido",
        "Semáforo",
        "Línea base",
        "Meta al final del plan",
        "Desagregación",
        "Unidad responsable de reportar",
        "Supuestos",
        "Alineación",
        "Porcentaje de localidades de alta marginación con brigada de salud",
        "(VISITADAS / LOCALIDADES) * 100",
        "CONAPO, índice de marginación 2020",
        "Los caminos a las localidades permanecen transitables.",
        "Modificaciones de meta autorizadas",
    ]:
        assert label in flat, label


def test_the_progress_report_has_an_indicators_section():
    html = render(poa(), "html").decode()
    section = html[html.index("<h2>Indicadores</h2>") : html.index("Anexo")]
    assert "C1 · Porcentaje de localidades de alta marginación con brigada de salud" in section
    assert "Tercer trimestre 2025" in section and "Rojo" in section and "Amarillo" in section


def test_a_plan_document_carries_its_indicators_and_loads_them_back():
    from avance.core.interchange import validate
    from avance.plans.export import export_plan

    original = poa()
    exported = export_plan(original)
    validate(exported, "poa.json")
    component = exported["nodes"][0]
    [indicator] = component["indicators"]
    assert indicator["key"] == "C1" and indicator["expression"] == "(VISITADAS / LOCALIDADES) * 100"
    assert indicator["variables"][1] == {
        "name": "LOCALIDADES",
        "description": "Localidades de alta marginación",
        "source": "CONAPO, índice de marginación 2020",
        "aggregation": "last",
    }
    copy = do_load_plan("test", {**exported, "title": "Copia"})
    assert export_plan(copy)["nodes"][0]["indicators"] == component["indicators"]
    assert Indicator.objects.filter(node__plan=copy).count() == 6


def test_older_documents_without_indicators_still_load_and_a_bad_one_says_where():
    from avance.conftest import small_document
    from avance.core.interchange import InvalidDocument

    assert do_load_plan("test", small_document()).nodes.count() == 10
    bad = small_document()
    bad["nodes"][0]["indicators"] = [{"name": "X", "variables": [{"name": "2A"}]}]
    with pytest.raises(InvalidDocument, match=r"\$\.nodes\[0\]\.indicators\[0\]\.variables\[0\]"):
        do_load_plan("test", bad)


def test_an_imported_mir_loads_with_its_indicators(tmp_path):
    from avance.core.documents.importer import import_file
    from avance.core.documents.tests.test_mir import mir_workbook

    document, _warnings = import_file(mir_workbook(tmp_path / "mir.xlsx"))
    plan = do_load_plan("test", document)
    indicators = Indicator.objects.filter(node__plan=plan).order_by("node__id", "position")
    assert [(i.mir_level, i.expression) for i in indicators] == [
        ("fin", "VALOR"),
        ("proposito", "VALOR"),
        ("componente", "VALOR"),
        ("componente", "VALOR"),
        ("actividad", "VALOR"),
    ]
    costs = indicators[3]
    assert (costs.name, costs.sentido, costs.baseline, costs.goal) == (
        "Costo por círculo de estudio",
        "descending",
        1200.0,
        1000.0,
    )
    assert costs.variables.get().source == "Cuenta pública"
