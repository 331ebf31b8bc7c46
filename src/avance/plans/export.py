"""Write a plan back as an avance.plan/1 document (the same shape do_load_plan reads).

Besides the contract's fields it adds `computed_progress` (the stored roll-up) to the report and to
each node, so open-data users get both the declared and the computed figure.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from avance.core.interchange import SCHEMA_ID
from avance.plans.models import Level, Node, Plan, Responsible
from avance.progress.models import (
    DeclaredFigure,
    EvidenceLink,
    NodeRollup,
    ProgressUpdate,
    ReportingPeriod,
    Rollup,
)


def _number(value: float | Decimal | None) -> int | float | None:
    if value is None:
        return None
    number = float(value)
    return int(number) if number.is_integer() else round(number, 4)


def _date(value: Any) -> str | None:
    return value.isoformat() if value else None


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def default_period(plan: Plan) -> ReportingPeriod | None:
    """The latest published period (what the public sees), else the latest period."""
    periods = sorted(plan.periods.all(), key=lambda p: p.order_key)
    published = [p for p in periods if p.state == ReportingPeriod.State.PUBLISHED]
    candidates = published or periods
    return candidates[-1] if candidates else None


def latest_updates(plan: Plan, period: ReportingPeriod | None) -> dict[int, ProgressUpdate]:
    """Each node's published update as at the period's cut-off (or its current one)."""
    from avance.progress.rollups import published_as_at

    ids = [update_id for (update_id,) in published_as_at(plan.id, period, "id").values()]
    return {
        u.node_id: u for u in ProgressUpdate.objects.filter(id__in=ids).select_related("status")
    }


def export_plan(
    plan: Plan, period: ReportingPeriod | None = None, *, latest: bool = True
) -> dict[str, Any]:
    if period is None and latest:
        period = default_period(plan)
    levels = list(Level.objects.filter(plan=plan).order_by("position"))
    level_names = {level.id: level.name for level in levels}
    nodes = list(Node.objects.filter(plan=plan).order_by("parent_id", "position", "id"))
    children: dict[int | None, list[Node]] = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node)

    responsible: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for person in Responsible.objects.filter(node__plan=plan).order_by("node_id", "position"):
        entry = {
            "name": person.name or None,
            "position": person.job_title or None,
            "organization": person.organization or None,
        }
        if person.role != Responsible.Role.RESPONSIBLE:
            entry["role"] = person.role
        responsible[person.node_id].append(entry)

    updates = latest_updates(plan, period)
    update_ids = {u.id for u in updates.values()}
    evidence: dict[int, list[str]] = defaultdict(list)
    for link in EvidenceLink.objects.filter(node__plan=plan).order_by(
        "node_id", "update_id", "position", "id"
    ):
        if link.update_id is None or link.update_id in update_ids:
            evidence[link.node_id].append(link.url)

    figures = DeclaredFigure.objects.filter(plan=plan, period=period)
    declared = {f.node_id: f for f in figures if f.metric == DeclaredFigure.Metric.PROGRESS}
    rollup = Rollup.objects.filter(plan=plan, period=period).first()
    computed = (
        dict(NodeRollup.objects.filter(rollup=rollup).values_list("node_id", "percent"))
        if rollup
        else {}
    )

    def node_document(node: Node) -> dict[str, Any]:
        kids = children.get(node.id, [])
        update = updates.get(node.id) if not kids else None
        figure = declared.get(node.id)
        progress = status = note = None
        if update is not None:
            percent = update.percent
            if percent is None and update.status is not None:
                percent = update.status.default_percent
            progress = percent
            status = update.status_text or (update.status.label if update.status else None)
            note = update.note or None
        elif figure is not None:
            progress, status, note = figure.value, figure.status_text or None, figure.note or None
        data = {
            "level": level_names[node.level_id],
            "ref": node.ref or None,
            "title": node.title,
            "description": node.description or None,
            "progress": _number(progress),
            "status": status,
            "note": note,
            "evidence": evidence.get(node.id, []),
            "responsible": responsible.get(node.id, []),
            "goal": node.goal or None,
            "budget": _number(node.budget),
            "beneficiaries": node.beneficiaries,
            "start": _date(node.start),
            "end": _date(node.end),
            "evaluation_frequency": node.evaluation_frequency or None,
            "alignment": node.alignment,
            "weight": node.weight if node.weight != 1.0 else None,
            "computed_progress": _number(computed.get(node.id)),
            "children": [node_document(child) for child in kids],
        }
        return _clean(data)

    document: dict[str, Any] = {
        "schema": SCHEMA_ID,
        "title": plan.title,
        "kind": plan.kind,
        "organization": {"name": plan.owner.name, "acronym": plan.owner.acronym or None},
        "unit": plan.unit.name if plan.unit else None,
        "author": _clean(
            {
                "name": plan.author_name,
                "position": plan.author_position,
                "organization": plan.author_organization,
            }
        )
        or None,
        "start": _date(plan.start),
        "end": _date(plan.end),
        "issued": _date(plan.issued),
        "region": plan.region,
        "mission": plan.mission,
        "vision": plan.vision,
        "objective": plan.objective,
        "program": plan.program,
        "strategy": plan.strategy,
        "goal": plan.goal,
        "budget": _number(plan.budget),
        "beneficiaries": plan.beneficiaries,
        "alignment": plan.alignment,
        "swot": plan.swot,
        "evaluation": _clean(
            {
                "frequency": plan.evaluation_frequency,
                "evaluator": plan.evaluation_evaluator,
                "method": plan.evaluation_method,
            }
        )
        or None,
        "rollup": {"method": plan.rollup_method, "missing": plan.rollup_missing},
        "report": _report(plan, period, figures, rollup) if period is not None else None,
        "levels": [level.name for level in levels],
        "nodes": [node_document(node) for node in children.get(None, [])],
    }
    keep = {"schema", "title", "nodes"}
    return {k: v for k, v in document.items() if k in keep or v not in (None, "", [], {})}


def _report(
    plan: Plan, period: ReportingPeriod, figures: Any, rollup: Rollup | None
) -> dict[str, Any]:
    report: dict[str, Any] = {
        "title": period.label,
        "start": _date(period.start),
        "end": _date(period.end),
        "presented_at": period.presented_at or None,
    }
    counts = {}
    for figure in figures:
        if figure.node_id is not None:
            continue
        if figure.metric == DeclaredFigure.Metric.PROGRESS:
            report["progress"] = _number(figure.value)
        elif figure.metric == DeclaredFigure.Metric.REMAINING:
            report["remaining"] = _number(figure.value)
            report["remaining_due"] = _date(figure.due)
        elif figure.metric == DeclaredFigure.Metric.COUNT and figure.value is not None:
            counts[figure.level_name] = int(figure.value)
    report["counts"] = counts or None
    report["computed_progress"] = _number(rollup.percent) if rollup else None
    return _clean(report)
