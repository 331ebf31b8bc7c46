"""Workbooks: the plan in the columns the tabular import reads, plus progress by period and evidence."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from avance.core import tabular
from avance.plans.export import export_plan, latest_updates
from avance.plans.models import Node, Plan
from avance.plans.tree import reading_order
from avance.progress.models import EvidenceLink, NodeRollup, ReportingPeriod, Rollup

# Plan fields kept in the "plan" sheet; the structured ones as JSON text.
PLAN_KEYS = [
    "schema",
    "title",
    "kind",
    "organization",
    "unit",
    "author",
    "start",
    "end",
    "issued",
    "region",
    "mission",
    "vision",
    "objective",
    "program",
    "strategy",
    "goal",
    "budget",
    "beneficiaries",
    "alignment",
    "swot",
    "evaluation",
    "rollup",
    "report",
    "levels",
]
FIXED_TIME = dt.datetime(2000, 1, 1)


def _ordered_nodes(plan: Plan) -> list[Node]:
    """Nodes in the order export_plan and tabular.write_rows list them (depth first)."""
    nodes = Node.objects.filter(plan=plan).order_by("position", "id")
    return [node for node, _depth in reading_order(nodes)]


def sheets(plan: Plan, period: ReportingPeriod | None) -> dict[str, list[list[Any]]]:
    document = export_plan(plan, period)
    nodes_rows = tabular.write_rows(document)
    plan_rows: list[list[Any]] = [["field", "value"]]
    for key in PLAN_KEYS:
        value = document.get(key)
        if value in (None, "", [], {}):
            continue
        plan_rows.append(
            [
                key,
                value
                if isinstance(value, (str, int, float))
                else json.dumps(value, ensure_ascii=False),
            ]
        )
    ordered = _ordered_nodes(plan)
    ids = {node.id: str(i) for i, node in enumerate(ordered, start=1)}
    periods = sorted(plan.periods.all(), key=lambda p: p.order_key)
    by_period: list[dict[int, float | None]] = []
    for each in periods:
        rollup = Rollup.objects.filter(plan=plan, period=each).first()
        by_period.append(
            dict(NodeRollup.objects.filter(rollup=rollup).values_list("node_id", "percent"))
            if rollup
            else {}
        )
    progress_rows: list[list[Any]] = [["id", "ref", "title", *[p.label for p in periods]]]
    for node in ordered:
        progress_rows.append(
            [
                ids[node.id],
                node.ref,
                node.title,
                *[_cell(values.get(node.id)) for values in by_period],
            ]
        )
    evidence_rows: list[list[Any]] = [["id", "ref", "title", "period", "url"]]
    labels = {p.id: p.label for p in periods}
    current = {u.id for u in latest_updates(plan, period).values()}
    for link in (
        EvidenceLink.objects.filter(node__plan=plan)
        .select_related("node", "update")
        .order_by("node_id", "position", "id")
    ):
        if link.update_id is not None and link.update_id not in current:
            continue
        evidence_rows.append(
            [
                ids[link.node_id],
                link.node.ref,
                link.node.title,
                labels.get(link.update.period_id, "") if link.update else "",
                link.url,
            ]
        )
    return {
        "plan": plan_rows,
        "nodes": nodes_rows,
        "progress": progress_rows,
        "evidence": evidence_rows,
    }


def _cell(value: float | None) -> Any:
    if value is None:
        return ""
    return int(value) if float(value).is_integer() else round(value, 2)


def render_xlsx(plan: Plan, period: ReportingPeriod | None, kind: str, language: str) -> bytes:
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets(plan, period).items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    book.properties.creator = "Avance"
    book.properties.created = book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def render_csv(plan: Plan, period: ReportingPeriod | None, kind: str, language: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(tabular.write_rows(export_plan(plan, period)))
    return buffer.getvalue().encode("utf-8")
