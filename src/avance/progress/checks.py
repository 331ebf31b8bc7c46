"""Declared-versus-computed check of a plan, read from the stored roll-ups."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count

from avance.core import consistency
from avance.core.rollup import METHOD_DESCRIPTIONS
from avance.plans.models import Node, Plan
from avance.plans.tree import reading_order
from avance.progress.models import DeclaredFigure, ReportingPeriod
from avance.progress.published import Figures, stored_figures


@dataclass
class PeriodCheck:
    period: ReportingPeriod | None
    rollup: Figures
    differences: list[consistency.Difference] = field(default_factory=list)
    counts: list[consistency.CountDifference] = field(default_factory=list)
    checked: int = 0


def check_plan(plan: Plan) -> list[PeriodCheck]:
    figures = list(
        DeclaredFigure.objects.filter(plan=plan).select_related("node", "node__level", "period")
    )
    periods: dict[int | None, ReportingPeriod | None] = {}
    for figure in figures:
        periods.setdefault(figure.period_id, figure.period)
    found_counts = {
        row["level__name"]: row["n"]
        for row in Node.objects.filter(plan=plan).values("level__name").annotate(n=Count("id"))
    }
    order = tree_order(plan)
    results = []
    for period_id, period in periods.items():
        rollup, values = stored_figures(plan, period)
        mine = [f for f in figures if f.period_id == period_id]
        progress = [
            f for f in mine if f.metric == DeclaredFigure.Metric.PROGRESS and f.value is not None
        ]
        node_ids = [f.node_id for f in progress if f.node_id is not None]
        computed: dict[int | None, float | None] = {None: rollup.percent}
        inputs: dict[int | None, int] = {None: rollup.inputs}
        for node_id in node_ids:
            percent, used, _excluded = values.get(node_id, (None, 0, None))
            computed[node_id], inputs[node_id] = percent, used
        progress.sort(key=lambda f: order.get(f.node_id, -1))
        declared = [
            consistency.Declared(f.node_id, _label(f, inputs.get(f.node_id, 0)), f.value)  # type: ignore[arg-type]
            for f in progress
        ]
        counts = {
            f.level_name: int(f.value)
            for f in mine
            if f.metric == DeclaredFigure.Metric.COUNT and f.value is not None
        }
        results.append(
            PeriodCheck(
                period=period,
                rollup=rollup,
                differences=consistency.progress_differences(declared, computed),
                counts=consistency.count_differences(counts, found_counts),
                checked=len(declared) + len(counts),
            )
        )
    return results


def tree_order(plan: Plan) -> dict[int | None, int]:
    """Each node's rank in reading order (parents before children, siblings by position)."""
    nodes = Node.objects.filter(plan=plan).order_by("position", "id").only("id", "parent_id")
    return {node.id: rank for rank, (node, _depth) in enumerate(reading_order(nodes))}


def _label(figure: DeclaredFigure, inputs: int) -> str:
    if figure.node is None:
        return f"Avance global (from {inputs} top-level items)"
    node = figure.node
    ref = f" {node.ref}" if node.ref else ""
    title = node.title if len(node.title) <= 60 else node.title[:59] + "…"
    return f"{node.level.name}{ref} «{title}» (from {inputs} items)"


def describe_method(rollup: Figures) -> str:
    text = METHOD_DESCRIPTIONS.get(rollup.method, rollup.method)
    missing = "counted as 0" if rollup.missing == "zero" else "left out"
    excluded = (
        f"; statuses left out: {', '.join(rollup.excluded_statuses)}"
        if rollup.excluded_statuses
        else ""
    )
    return f"{rollup.method} ({text}; items without a value {missing}{excluded})"
