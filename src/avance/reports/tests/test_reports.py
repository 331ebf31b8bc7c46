from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from avance.core.documents.importer import import_file
from avance.demo import load_region
from avance.plans.actions import do_load_plan, do_publish_plan
from avance.plans.models import Plan
from avance.progress.actions import do_recompute_rollup
from avance.progress.published import published_periods
from avance.reports import charts, data
from avance.reports.formats import render
from avance.reports.templatetags.report_tags import money

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parents[4] / "test-artifacts" / "reports"


def poppler() -> None:
    if shutil.which("pdftotext") and shutil.which("pdftoppm"):
        return
    if os.environ.get("CI"):
        pytest.fail("pdftotext/pdftoppm (poppler-utils) are missing; .ci/run installs them")
    pytest.skip("poppler-utils is not installed")


def pdf_text(pdf: bytes, name: str) -> str:
    """The PDF's text (pdftotext), and its pages as PNG artifacts (pdftoppm)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(path), str(ARTIFACTS / name)], check=True)
    assert list(ARTIFACTS.glob(f"{name}-*.png"))
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return text.stdout


def documented(plan):
    """The document's own report: the cut-off its declared figures belong to (None: none)."""
    periods = published_periods(plan)
    return periods[-1] if periods else None


def plans_to_check(gold) -> list[Plan]:
    load_region("demo")
    do_load_plan("test", gold["001_80d3eb4fca917cd8"])
    do_load_plan("test", gold["002_8a42ac1c4c6f088e"])
    return list(Plan.objects.order_by("id"))


def test_progress_reports_state_the_global_and_every_axis_figure(gold):
    poppler()
    for plan in plans_to_check(gold):
        report = data.build(plan)
        text = pdf_text(render(plan, "pdf"), f"{plan.slug}-progress")
        assert charts.fmt(report.percent) in text, plan.slug
        for top in report.items:
            if top.percent is not None:
                assert f"{top.title[:25]}" in text.replace("\n", " ") or top.ref in text
                assert charts.fmt(top.percent) in text, (plan.slug, top.title)
        if report.differs:
            assert charts.fmt(report.declared) in text


def test_the_open_government_report_shows_declared_beside_computed(gold):
    poppler()
    plan = do_load_plan("test", gold["001_80d3eb4fca917cd8"])
    text = pdf_text(render(plan, "pdf", period=documented(plan)), "gto-declared")
    assert "Primer Informe Parcial, corte al" in text  # the report states its cut-off
    assert "42%" in text and "45.3%" in text  # declared global beside the computed one
    assert "58% por alcanzar" in text and "agosto 2024" in text
    assert "Compromiso 1.5" in text and "36.2%" in text  # computed 36.25 beside the declared 23
    assert "Anexo: cómo se calcula el avance" in text


def test_poa_documents_state_every_activity_budget(gold):
    poppler()
    for plan in plans_to_check(gold):
        if plan.kind != "programa_operativo_anual":
            continue
        report = data.build(plan)
        text = pdf_text(render(plan, "pdf", kind="poa"), f"{plan.slug}-poa")
        budgets = [item.budget for item in report.all_items if item.budget is not None]
        assert budgets
        for budget in budgets:
            assert money(budget) in text, (plan.slug, budget)
        assert money(report.budget_total) in text
        if plan.evaluation_method:
            assert plan.evaluation_method.split()[0] in text


def test_html_reports_are_byte_identical_for_the_same_data(gold):
    plan = do_load_plan("test", gold["001_80d3eb4fca917cd8"])
    first = render(plan, "html")
    do_recompute_rollup("test", plan)
    do_recompute_rollup("test", plan, plan.periods.get())
    assert render(plan, "html") == first
    assert "Avance global" in first.decode()


def test_pdf_reports_have_the_same_text_every_time(gold):
    poppler()
    plan = do_load_plan("test", gold["002_8a42ac1c4c6f088e"])
    assert pdf_text(render(plan, "pdf"), "again-1") == pdf_text(render(plan, "pdf"), "again-2")


def test_english_on_request(gold):
    plan = do_load_plan("test", gold["001_80d3eb4fca917cd8"])
    html = render(plan, "html", language="en").decode()
    assert "Global progress" in html and "Annex: how progress is computed" in html


def _cells(workbook: bytes) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(io.BytesIO(workbook), read_only=True)
    return {
        name: [tuple(row) for row in book[name].iter_rows(values_only=True)]
        for name in book.sheetnames
    }


@pytest.mark.parametrize("name", ["001_80d3eb4fca917cd8", "002_8a42ac1c4c6f088e"])
def test_workbook_export_import_export_gives_the_same_content(gold, tmp_path, name):
    plan = do_load_plan("test", gold[name])
    first = render(plan, "xlsx", period=documented(plan))
    path = tmp_path / "plan.xlsx"
    path.write_bytes(first)
    document, _warnings = import_file(path)
    loaded = do_load_plan("test", document)
    again = render(loaded, "xlsx", period=documented(loaded))
    assert _cells(again) == _cells(first)
    assert set(_cells(first)) == {"plan", "nodes", "progress", "evidence"}


def test_csv_export_imports_back_to_the_same_tree(gold, tmp_path):
    plan = do_load_plan("test", gold["002_8a42ac1c4c6f088e"])
    path = tmp_path / "plan.csv"
    path.write_bytes(render(plan, "csv"))
    document, _warnings = import_file(path)
    again = do_load_plan("test", document)
    assert render(again, "csv") == render(plan, "csv")


def test_the_public_download_serves_published_data_as_attachments(client, gold):
    plan = do_publish_plan("test", do_load_plan("test", gold["001_80d3eb4fca917cd8"]))
    period = plan.periods.get()
    response = client.get(f"/planes/{plan.slug}/progress.pdf", {"periodo": period.key})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{plan.slug}-progress-{period.key}.pdf"'
    )
    assert client.get(f"/planes/{plan.slug}/poa.xlsx").status_code == 200


def test_the_poa_workbook_is_not_the_progress_workbook(gold):
    plan = do_load_plan("test", gold["002_8a42ac1c4c6f088e"])
    poa, progress = _cells(render(plan, "xlsx", kind="poa")), _cells(render(plan, "xlsx"))
    assert set(poa) == {"plan", "poa"} and set(progress) == {
        "plan",
        "nodes",
        "progress",
        "evidence",
    }
    header, *rows = poa["poa"]
    assert header[:5] == ("ref", "level", "title", "goal", "budget")
    assert rows[-1][2] == "Total" and rows[-1][4] == float(data.build(plan).budget_total)
    assert render(plan, "csv", kind="poa").startswith(b"ref,level,title,goal,budget")


def test_the_workbook_has_no_column_for_a_period_that_is_not_published(gold):
    from avance.progress.actions import do_open_period

    plan = do_load_plan("test", gold["001_80d3eb4fca917cd8"])
    do_open_period("test", plan, key="en-curso", label="Periodo en curso")
    header = _cells(render(plan, "xlsx"))["progress"][0]
    assert "Periodo en curso" not in header
    assert header[3] == "Primer Informe Parcial" and header[4].startswith("Valores vigentes al ")


def test_report_rows_give_full_references(gold):
    plan = do_load_plan("test", gold["001_80d3eb4fca917cd8"])
    html = render(plan, "html").decode()
    assert "Acción 1.1.1</strong>" in html or "1.1.1" in html


def test_the_public_download_refuses_what_is_not_public_or_not_known(client, gold):
    draft = do_load_plan("test", gold["000_8035147cc1ee4ae0"])
    assert client.get(f"/planes/{draft.slug}/progress.pdf").status_code == 404
    plan = do_publish_plan("test", do_load_plan("test", gold["001_80d3eb4fca917cd8"]))
    period = plan.periods.get()
    period.state = "open"
    period.save()
    assert (
        client.get(f"/planes/{plan.slug}/progress.pdf", {"periodo": period.key}).status_code == 404
    )
    assert client.get("/planes/no-existe/progress.pdf").status_code == 404
    assert client.get(f"/planes/{plan.slug}/progress.exe").status_code == 404
    assert client.get(f"/planes/{plan.slug}/secret.html").status_code == 404
