"""«¿Llegará a la meta?» over the published read model: the points a cut-off shows, projected by
core.forecast. Reads only."""

from __future__ import annotations

import datetime as dt

from avance.core.forecast import Forecast, project
from avance.progress.models import NodeRollup, Rollup
from avance.progress.published import PublishedNode, PublishedPlan


def forecast(view: PublishedPlan, row: PublishedNode | None = None) -> Forecast:
    """«¿Llegará a la meta?» for the plan (or one item) as at the view's cut-off: its figure at
    every published cut-off up to this one (and now, for current values), projected to the
    plan's end date by core.forecast."""
    plan = view.plan
    periods = [
        p for p in view.periods if view.period is None or p.order_key <= view.period.order_key
    ]
    values: dict[int, float | None] = dict(
        Rollup.objects.filter(plan=plan, period__in=periods).values_list("period_id", "percent")
        if row is None
        else NodeRollup.objects.filter(
            node_id=row.id, rollup__plan=plan, rollup__period__in=periods
        ).values_list("rollup__period_id", "percent")
    )
    points: list[tuple[dt.date, float]] = []
    for period in periods:
        value = values.get(period.id)
        day = period.end or (period.published_at.date() if period.published_at else None)
        if value is not None and day is not None:
            points.append((day, value))
    current = view.percent if row is None else row.percent
    if view.period is None and view.cutoff.as_of and current is not None:
        points.append((view.cutoff.as_of, current))
    return project(points, plan.start, plan.end)
