"""What the public sees of indicators: their ficha, their goals (approved and current, with the
authorised changes and their justification) and their stored readings up to a cut-off. Reads
only; pages, reports and downloads format what this returns."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from avance.indicators.evaluation import profile
from avance.indicators.models import Goal, GoalChange, Indicator, Measurement, Reading
from avance.progress.models import ReportingPeriod


@dataclass
class PublishedIndicator:
    indicator: Indicator
    rows: list[dict[str, Any]] = field(default_factory=list)  # one per period, oldest first
    changes: list[GoalChange] = field(default_factory=list)  # authorised, with justification
    item_ref: str = ""  # the item's full reference (plan_indicators fills it)
    item_label: str = ""  # the item's full reference and title

    @property
    def latest(self) -> dict[str, Any] | None:
        informed = [row for row in self.rows if row["value"] is not None]
        return informed[-1] if informed else None

    @property
    def profile(self) -> Any:
        return profile(self.indicator)


@dataclass(frozen=True)
class IndicatorsView:
    """What the plan's indicators page shows at a cut-off: its periods and the cut-off itself,
    read without building the whole published plan (a plan may have 10,000 items)."""

    periods: list[ReportingPeriod]  # published, the cut-offs a visitor may choose
    all_periods: list[ReportingPeriod]  # any state, in time order
    period: ReportingPeriod | None
    cutoff: Any


def view_for(plan: Any, period: ReportingPeriod | None) -> IndicatorsView:
    from avance.progress.published import cutoff_for, published_periods

    every = sorted(ReportingPeriod.objects.filter(plan=plan), key=lambda p: p.order_key)
    return IndicatorsView(published_periods(plan), every, period, cutoff_for(plan, period))


def item_refs(plan_id: int, node_ids: set[int]) -> dict[int, tuple[str, str]]:
    """(full reference «1.1.3», title) of these items, from one read of the plan's
    (id, parent, number) rows."""
    from avance.core.refs import full_ref
    from avance.plans.models import Node

    rows = {
        row[0]: row
        for row in Node.objects.filter(plan_id=plan_id).values_list(
            "id", "parent_id", "ref", "title"
        )
    }
    prefixes: dict[int, str] = {}

    def prefix(node_id: int) -> str:
        # the item's own full reference, or its parent's for an unnumbered item
        if node_id not in prefixes:
            _id, parent, ref, _title = rows[node_id]
            above = prefix(parent) if parent else ""
            prefixes[node_id] = full_ref(above, ref) or above
        return prefixes[node_id]

    out = {}
    for node_id in node_ids:
        _id, parent, ref, title = rows[node_id]
        out[node_id] = (full_ref(prefix(parent) if parent else "", ref), title)
    return out


def for_nodes(
    node_ids: list[int], periods: list[ReportingPeriod], up_to: ReportingPeriod | None
) -> dict[int, list[PublishedIndicator]]:
    """The indicators of these items as at a cut-off: `periods` in order, the readings of those
    up to `up_to` (all for the current values)."""
    return _published(Indicator.objects.filter(node_id__in=node_ids), periods, up_to)


def _published(
    chosen: Any, periods: list[ReportingPeriod], up_to: ReportingPeriod | None
) -> dict[int, list[PublishedIndicator]]:
    shown = periods if up_to is None else [p for p in periods if p.order_key <= up_to.order_key]
    indicators = list(chosen.select_related("node").prefetch_related("variables"))
    if not indicators:
        return {}
    # Related rows are read through the indicators' own filter, never a list of their ids (a
    # plan may have thousands).
    readings = {
        (r.indicator_id, r.period_id): r for r in Reading.objects.filter(indicator__in=chosen)
    }
    goals = {(g.indicator_id, g.period_id): g for g in Goal.objects.filter(indicator__in=chosen)}
    evidence = {
        (indicator_id, period_id): links
        for indicator_id, period_id, links in Measurement.objects.filter(
            indicator__in=chosen, state=Measurement.State.PUBLISHED
        ).values_list("indicator_id", "period_id", "evidence")
        if links
    }
    changes: dict[int, list[GoalChange]] = defaultdict(list)
    for change in GoalChange.objects.filter(
        indicator__in=chosen, state=GoalChange.State.AUTHORISED
    ).select_related("period"):
        changes[change.indicator_id].append(change)
    out: dict[int, list[PublishedIndicator]] = defaultdict(list)
    for indicator in indicators:
        item = PublishedIndicator(indicator, changes=changes.get(indicator.id, []))
        for period in shown:
            reading = readings.get((indicator.id, period.id))
            goal = goals.get((indicator.id, period.id))
            if reading is None and goal is None:
                continue
            item.rows.append(
                {
                    "period": period,
                    "original": goal.original if goal else None,
                    "goal": goal.current if goal else None,
                    "value": reading.value if reading else None,
                    "achievement": reading.achievement if reading else None,
                    "light": reading.light if reading else "",
                    "evidence": evidence.get((indicator.id, period.id), []),
                }
            )
        out[indicator.node_id].append(item)
    return out


MIR_ORDER = ["fin", "proposito", "componente", "actividad"]


def plan_indicators(
    plan_id: int, periods: list[ReportingPeriod], up_to: ReportingPeriod | None
) -> list[PublishedIndicator]:
    """Every indicator of a plan as at a cut-off, in the plan's order (MIR level, then item)."""
    by_node = _published(Indicator.objects.filter(node__plan_id=plan_id), periods, up_to)
    items = [item for items in by_node.values() for item in items]
    refs = item_refs(plan_id, set(by_node))
    for item in items:
        item.item_ref, title = refs[item.indicator.node_id]
        item.item_label = f"{item.item_ref} {title}".strip()
    rank = {level: i for i, level in enumerate(MIR_ORDER)}
    return sorted(
        items,
        key=lambda item: (
            rank.get(item.indicator.mir_level, len(MIR_ORDER)),
            item.indicator.node.position,
            item.indicator.position,
        ),
    )


MIR_SHOWN = 30  # indicators per MIR level; a real MIR has a handful, the table has them all


def mir(items: list[PublishedIndicator]) -> list[dict[str, Any]]:
    """The MIR matrix: a row per level (Fin, Propósito, Componente, Actividad) with its
    objectives (the items' titles), indicators, means of verification and assumptions."""
    rows = []
    for level in MIR_ORDER:
        every = [item for item in items if item.indicator.mir_level == level]
        if not every:
            continue
        chosen = every[:MIR_SHOWN]
        objectives = list(
            dict.fromkeys((item.indicator.node.code, item.item_label) for item in chosen)
        )
        rows.append(
            {
                "level": level,
                "label": chosen[0].indicator.get_mir_level_display(),
                "objectives": objectives,
                "indicators": chosen,
                "more": len(every) - len(chosen),
                "sources": list(
                    dict.fromkeys(
                        v.source
                        for item in chosen
                        for v in item.indicator.variables.all()
                        if v.source
                    )
                ),
                "assumptions": list(
                    dict.fromkeys(
                        item.indicator.assumptions for item in chosen if item.indicator.assumptions
                    )
                ),
            }
        )
    return rows
