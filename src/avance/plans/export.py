"""Write a plan as an avance.plan/1 document: a formatter over the published read model.

Besides the contract's fields it adds `computed_progress` (the stored roll-up) to the report and to
each node, so open-data users get both the declared and the computed figure, and `cutoff` (which
published state the file shows). The document loads back with `avance load`.
"""

from __future__ import annotations

from typing import Any

from avance.core.interchange import PLAN_SECTIONS, SCHEMA_ID
from avance.plans.models import Plan
from avance.progress.models import ReportingPeriod
from avance.progress.published import PublishedNode, PublishedPlan, as_at, number


def _date(value: Any) -> str | None:
    return value.isoformat() if value else None


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def export_plan(plan: Plan, period: ReportingPeriod | None = None) -> dict[str, Any]:
    """The plan as published at a cut-off (current values when `period` is None)."""
    return document(as_at(plan, period, details=True))


def _person(person: Any) -> dict[str, Any]:
    entry = {
        "name": person.name or None,
        "position": person.position or None,
        "organization": person.organization or None,
    }
    if not person.is_responsible:
        entry["role"] = person.role
    return entry


def _node(view: PublishedPlan, row: PublishedNode) -> dict[str, Any]:
    kids = view.kids(row.id)
    details = row.details
    progress, status, note = None, None, None
    if row.update_id is not None and not kids:
        progress, status, note = row.reported, row.status or None, row.note or None
    elif row.declared is not None or row.declared_status:
        progress, status = row.declared, row.declared_status or None
        note = row.declared_note or None
    data = {
        "level": view.level_name(row),
        "ref": row.ref or None,
        "title": row.title,
        "description": details["description"] or None,
        "progress": number(progress),
        "status": status,
        "note": note,
        "evidence": [e.url for e in row.evidence if not e.is_file],
        "responsible": [_person(p) for p in row.people],
        "goal": details["goal"] or None,
        "budget": number(details["budget"]),
        "beneficiaries": details["beneficiaries"],
        "start": _date(details["start"]),
        "end": _date(details["end"]),
        "evaluation_frequency": details["evaluation_frequency"] or None,
        "alignment": details["alignment"],
        "weight": details["weight"] if details["weight"] != 1.0 else None,
        "computed_progress": number(row.percent),
        "indicators": _indicators(view).get(row.id) or None,
        "children": [_node(view, kid) for kid in kids],
    }
    return _clean(data)


def _indicators(view: PublishedPlan) -> dict[int, list[dict[str, Any]]]:
    """Each item's indicators as avance.plan/1 writes them, read once per export."""
    cached = getattr(view, "_indicator_documents", None)
    if cached is None:
        from avance.indicators.export import documents

        cached = documents(view.plan)
        object.__setattr__(view, "_indicator_documents", cached)
    return cached


def document(view: PublishedPlan) -> dict[str, Any]:
    plan = view.plan
    data: dict[str, Any] = {
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
        **{key: getattr(plan, key) for key in PLAN_SECTIONS},
        "budget": number(plan.budget),
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
        "report": _report(view) if view.period is not None else None,
        "cutoff": _clean(
            {
                "period": view.cutoff.key,
                "label": view.cutoff.label,
                "date": _date(view.cutoff.date),
                "computed_progress": number(view.percent),
            }
        ),
        "levels": [
            level.name for level in sorted(view.levels.values(), key=lambda lv: lv.position)
        ],
        "nodes": [_node(view, row) for row in view.top],
    }
    keep = {"schema", "title", "nodes"}
    return {k: v for k, v in data.items() if k in keep or v not in (None, "", [], {})}


def _report(view: PublishedPlan) -> dict[str, Any]:
    period = view.period
    assert period is not None
    remaining = view.figures.get("remaining")
    report: dict[str, Any] = {
        "title": period.label,
        "start": _date(period.start),
        "end": _date(period.end),
        "presented_at": period.presented_at or None,
        "progress": number(view.declared),
        "remaining": number(remaining.value) if remaining else None,
        "remaining_due": _date(remaining.due) if remaining else None,
        "counts": view.counts_declared or None,
        "computed_progress": number(view.percent),
    }
    return _clean(report)
