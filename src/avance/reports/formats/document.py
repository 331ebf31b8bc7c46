"""HTML and PDF from one template (WeasyPrint renders the HTML)."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from avance.plans.models import Plan
from avance.progress.models import ReportingPeriod
from avance.reports import data

TEMPLATES = {
    "progress": "reports/progress.html",
    "poa": "reports/poa.html",
    "indicators": "reports/indicators.html",  # one ficha técnica per indicator
}
# Our own stylesheet, inlined so that an HTML report is one self-contained file.
CSS = mark_safe(
    (Path(__file__).resolve().parents[1] / "templates" / "reports" / "base.css").read_text(
        encoding="utf-8"
    )
)


def render_html(plan: Plan, period: ReportingPeriod | None, kind: str, language: str) -> bytes:
    """Byte-identical for the same data: no clock, no random ids in the output."""
    with translation.override(language):
        report = data.build(plan, period)
        context = {"report": report, "css": CSS, "LANGUAGE_CODE": language}
        if kind in ("indicators", "progress"):
            from avance.indicators.published import plan_indicators

            context["indicators"] = plan_indicators(
                plan.id, report.view.all_periods, report.view.period
            )
        html = render_to_string(TEMPLATES[kind], context)
    return html.encode("utf-8")


def render_pdf(plan: Plan, period: ReportingPeriod | None, kind: str, language: str) -> bytes:
    import weasyprint

    html = render_html(plan, period, kind, language).decode("utf-8")
    pdf: bytes = weasyprint.HTML(string=html).write_pdf()
    return pdf
