"""Workbooks (XLSX) and CSV: formatters over the published read model.

The progress workbook has the plan in the columns the tabular import reads (sheet "nodes"), the
figure at every published cut-off (sheet "progress") and the evidence counted at this cut-off.
The POA workbook has the programmatic fields of every item (goals, budget, beneficiaries, dates,
responsible parties) with a budget total. Every sheet set starts with the plan's fields and its
cut-off.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from avance.core import tabular
from avance.core.interchange import EXPORT_PLAN_FIELDS
from avance.plans.export import document
from avance.plans.models import Plan
from avance.progress.models import ReportingPeriod
from avance.progress.published import PublishedPlan, as_at, number, period_percents

FIXED_TIME = dt.datetime(2000, 1, 1)
Rows = list[list[Any]]


def _plan_rows(data: dict[str, Any]) -> Rows:
    rows: Rows = [["field", "value"]]
    for key in ("schema", *EXPORT_PLAN_FIELDS):
        value = data.get(key)
        if value in (None, "", [], {}):
            continue
        plain = isinstance(value, (str, int, float))
        rows.append([key, value if plain else json.dumps(value, ensure_ascii=False)])
    return rows


def _progress_rows(view: PublishedPlan) -> Rows:
    """Every item's figure at each published cut-off up to this one, and at this one."""
    ordered = view.ordered()
    periods = [
        (period, values)
        for period, values in period_percents(view.plan)
        if view.period is None or period.order_key <= view.period.order_key
    ]
    header = ["id", "ref", "title", *[p.label for p, _values in periods]]
    if view.period is None:
        header.append(view.cutoff.label)
    rows: Rows = [header]
    for i, row in enumerate(ordered, start=1):
        figures = [_cell(values.get(row.id)) for _period, values in periods]
        if view.period is None:
            figures.append(_cell(row.percent))
        rows.append([str(i), row.full_ref, row.title, *figures])
    return rows


def _evidence_rows(view: PublishedPlan) -> Rows:
    labels = {p.id: p.label for p in view.periods}
    rows: Rows = [["id", "ref", "title", "period", "url"]]
    for i, row in enumerate(view.ordered(), start=1):
        for evidence in row.evidence:
            period = labels.get(evidence.period_id, "") if evidence.period_id else ""
            rows.append([str(i), row.full_ref, row.title, period, evidence.url])
    return rows


POA_COLUMNS = [
    "ref",
    "level",
    "title",
    "goal",
    "budget",
    "beneficiaries_direct",
    "beneficiaries_indirect",
    "start",
    "end",
    "responsible",
    "unit",
    "computed_progress",
]


def _poa_rows(view: PublishedPlan) -> Rows:
    rows: Rows = [list(POA_COLUMNS)]
    total = 0.0
    for row in view.ordered():
        details = row.details
        beneficiaries = details["beneficiaries"] or {}
        budget = number(details["budget"])
        if budget is not None:  # the same total as the POA document's (reports/data.py)
            total += budget
        rows.append(
            [
                row.full_ref,
                view.level_name(row),
                row.title,
                details["goal"],
                budget if budget is not None else "",
                _plain(beneficiaries.get("direct")),
                _plain(beneficiaries.get("indirect")),
                details["start"].isoformat() if details["start"] else "",
                details["end"].isoformat() if details["end"] else "",
                "; ".join(p.name or p.organization for p in row.people if p.is_responsible),
                details["unit__name"] or "",
                _cell(row.percent),
            ]
        )
    rows.append(["", "", "Total", "", number(total) or 0, "", "", "", "", "", "", ""])
    return rows


def sheets(plan: Plan, period: ReportingPeriod | None, kind: str = "progress") -> dict[str, Rows]:
    view = as_at(plan, period, details=True)
    data = document(view)
    if kind == "poa":
        return {"plan": _plan_rows(data), "poa": _poa_rows(view)}
    if kind == "indicators":
        from avance.core.indicators.workbook import to_rows
        from avance.indicators.export import records

        return {"indicadores": to_rows(records(plan, period))}
    return {
        "plan": _plan_rows(data),
        "nodes": tabular.write_rows(data),
        "progress": _progress_rows(view),
        "evidence": _evidence_rows(view),
    }


def _plain(value: Any) -> Any:
    return "" if value is None else value


def _cell(value: float | None) -> Any:
    if value is None:
        return ""
    return int(value) if float(value).is_integer() else round(value, 2)


def render_xlsx(plan: Plan, period: ReportingPeriod | None, kind: str, language: str) -> bytes:
    from django.utils import translation

    with translation.override(language):
        content = sheets(plan, period, kind)
    return write_xlsx(content)


def write_xlsx(content: dict[str, Rows]) -> bytes:
    """Sheets of rows as an XLSX file: bold, frozen header; text always written as text (never
    a formula); fixed timestamps so the same content gives the same bytes."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in content.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for line in sheet.iter_rows():  # text is written as text, never as a formula
            for cell in line:
                if cell.data_type == "f":
                    cell.data_type = "s"
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    book.properties.creator = "Avance"
    book.properties.created = book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_csv(rows: Rows) -> bytes:
    """Rows as UTF-8 CSV, every cell a spreadsheet would evaluate neutralised."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(
        [tabular.neutralise(value) for value in row] for row in rows
    )
    return buffer.getvalue().encode("utf-8")


def render_csv(plan: Plan, period: ReportingPeriod | None, kind: str, language: str) -> bytes:
    """The "nodes" sheet (progress) or the "poa" sheet, as CSV."""
    from django.utils import translation

    with translation.override(language):
        content = sheets(plan, period, kind)
    return write_csv(content[{"poa": "poa", "indicators": "indicadores"}.get(kind, "nodes")])
