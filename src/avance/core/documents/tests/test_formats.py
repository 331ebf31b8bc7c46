from __future__ import annotations

import openpyxl
import pytest

from avance.core import tabular
from avance.core.documents.importer import import_file
from avance.core.documents.tests import fixtures


@pytest.fixture
def original(tmp_path):
    document, _warnings = import_file(fixtures.write_text(tmp_path / "plan.txt"))
    return document


def test_it_reads_the_text_original_as_written(original):
    assert original["title"] == fixtures.TITLE
    assert original["kind"] == "plan_anual_trabajo"
    assert [n["title"] for n in original["nodes"]] == [
        "Gobierno digital",
        "Participación ciudadana",
    ]
    first = original["nodes"][0]["children"][0]
    assert (first["level"], first["ref"]) == ("Objetivo", "1.1")
    catalogue = first["children"][1]
    assert [c["title"] for c in catalogue["children"]] == [
        "Revisar los requisitos con cada dependencia.",
        "Publicar el catálogo en datos abiertos.",
    ]
    assert first["children"][2]["title"] == "Medir el tiempo de atención de cada trámite."
    budgeted = original["nodes"][0]["children"][1]
    assert (
        budgeted["budget"] == 120000
        and budgeted["start"] == "2025-02-01"
        and budgeted["end"] == "2025-11-30"
    )


def test_a_docx_imports_to_the_same_tree(tmp_path, original):
    document, _warnings = import_file(fixtures.write_docx(tmp_path / "plan.docx"))
    assert fixtures.tree(document) == fixtures.tree(original)
    assert document["nodes"][0]["children"][1]["budget"] == 120000


def test_a_pdf_imports_to_the_same_tree(tmp_path, original):
    document, _warnings = import_file(fixtures.write_pdf(tmp_path / "plan.pdf"))
    assert fixtures.tree(document) == fixtures.tree(original)
    assert document["nodes"][0]["children"][1]["end"] == "2025-11-30"


def test_a_pdf_with_one_text_object_per_character_reads_as_words(tmp_path, original):
    path = fixtures.write_pdf(tmp_path / "wps.pdf", per_character=True)
    document, _warnings = import_file(path)
    assert fixtures.tree(document) == fixtures.tree(original)
    assert document["title"] == "PROGRAMA ANUAL DE TRABAJO 2025"


def test_an_xlsx_in_avance_columns_imports_to_the_same_tree(tmp_path, original):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "nodes"
    for row in tabular.write_rows(original):
        sheet.append(row)
    book.save(tmp_path / "plan.xlsx")
    document, _warnings = import_file(tmp_path / "plan.xlsx")
    assert fixtures.tree(document) == fixtures.tree(original)
    assert document["nodes"][0]["children"][1]["budget"] == 120000


def test_a_csv_in_avance_columns_round_trips(tmp_path, original):
    import csv

    with (tmp_path / "plan.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(tabular.write_rows(original))
    document, _warnings = import_file(tmp_path / "plan.csv")
    assert tabular.write_rows(document) == tabular.write_rows(original)
