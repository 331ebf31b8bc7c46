"""Report formats, one module per kind, registered here. Each renders to bytes."""

from __future__ import annotations

from collections.abc import Callable

from avance.plans.models import Plan
from avance.progress.models import ReportingPeriod
from avance.reports.formats import document, iati, ogp, workbook

Renderer = Callable[[Plan, ReportingPeriod | None, str, str], bytes]

FORMATS: dict[str, Renderer] = {
    "html": document.render_html,
    "pdf": document.render_pdf,
    "xlsx": workbook.render_xlsx,
    "csv": workbook.render_csv,
}
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
KINDS = ("progress", "poa", "indicators")

# Exports in other standards' layouts (a plan's data, not a report): file name → renderer.
STANDARDS: dict[str, Renderer] = {
    "ogp.csv": ogp.render_csv,
    "iati.xml": iati.render_xml,
}
STANDARD_TYPES = {"ogp.csv": "text/csv; charset=utf-8", "iati.xml": "application/xml"}


def render(
    plan: Plan,
    fmt: str,
    *,
    period: ReportingPeriod | None = None,
    kind: str = "progress",
    language: str = "es-mx",
) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")
    if kind not in KINDS:
        raise ValueError(f"unknown report kind {kind!r}; use one of {', '.join(KINDS)}")
    return FORMATS[fmt](plan, period, kind, language)
