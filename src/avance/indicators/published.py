"""What the public sees of indicators: their ficha, their goals (approved and current, with the
authorised changes and their justification) and their stored readings up to a cut-off. Reads
only; pages, reports and downloads format what this returns."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from avance.indicators.evaluation import profile
from avance.indicators.models import Goal, GoalChange, Indicator, Reading
from avance.progress.models import ReportingPeriod


@dataclass
class PublishedIndicator:
    indicator: Indicator
    rows: list[dict[str, Any]] = field(default_factory=list)  # one per period, oldest first
    changes: list[GoalChange] = field(default_factory=list)  # authorised, with justification

    @property
    def latest(self) -> dict[str, Any] | None:
        informed = [row for row in self.rows if row["value"] is not None]
        return informed[-1] if informed else None

    @property
    def profile(self) -> Any:
        return profile(self.indicator)


def for_nodes(
    node_ids: list[int], periods: list[ReportingPeriod], up_to: ReportingPeriod | None
) -> dict[int, list[PublishedIndicator]]:
    """The indicators of these items as at a cut-off: `periods` in order, the readings of those
    up to `up_to` (all for the current values)."""
    shown = periods if up_to is None else [p for p in periods if p.order_key <= up_to.order_key]
    indicators = list(Indicator.objects.filter(node_id__in=node_ids).prefetch_related("variables"))
    ids = [i.id for i in indicators]
    readings = {
        (r.indicator_id, r.period_id): r for r in Reading.objects.filter(indicator_id__in=ids)
    }
    goals = {(g.indicator_id, g.period_id): g for g in Goal.objects.filter(indicator_id__in=ids)}
    changes: dict[int, list[GoalChange]] = defaultdict(list)
    for change in GoalChange.objects.filter(
        indicator_id__in=ids, state=GoalChange.State.AUTHORISED
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
                }
            )
        out[indicator.node_id].append(item)
    return out


MIR_ORDER = ["fin", "proposito", "componente", "actividad"]


def plan_indicators(
    plan_id: int, periods: list[ReportingPeriod], up_to: ReportingPeriod | None
) -> list[PublishedIndicator]:
    """Every indicator of a plan as at a cut-off, in the plan's order (MIR level, then item)."""
    from avance.plans.models import Node

    node_ids = list(Node.objects.filter(plan_id=plan_id).values_list("id", flat=True))
    by_node = for_nodes(node_ids, periods, up_to)
    items = [item for items in by_node.values() for item in items]
    rank = {level: i for i, level in enumerate(MIR_ORDER)}
    return sorted(
        items,
        key=lambda item: (
            rank.get(item.indicator.mir_level, len(MIR_ORDER)),
            item.indicator.node.position,
            item.indicator.position,
        ),
    )


def mir(items: list[PublishedIndicator]) -> list[dict[str, Any]]:
    """The MIR matrix: a row per level (Fin, Propósito, Componente, Actividad) with its
    objectives (the items' titles), indicators, means of verification and assumptions."""
    rows = []
    for level in MIR_ORDER:
        chosen = [item for item in items if item.indicator.mir_level == level]
        if not chosen:
            continue
        objectives = list(dict.fromkeys(item.indicator.node for item in chosen))
        rows.append(
            {
                "level": level,
                "label": chosen[0].indicator.get_mir_level_display(),
                "objectives": objectives,
                "indicators": chosen,
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
