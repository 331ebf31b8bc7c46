"""«¿Llegará a la meta?» over the published read model: the points a cut-off shows, projected by
core.forecast. Reads only."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext

from avance.core.forecast import Forecast, project
from avance.plans.models import Plan
from avance.progress.models import NodeRollup, ReportingPeriod, Rollup
from avance.progress.published import (
    PublishedNode,
    PublishedPlan,
    cutoff_for,
    published_periods,
)


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
    current = view.percent if row is None else row.percent
    now = view.cutoff.as_of if view.period is None else None
    return _project(plan, periods, values, current, now)


def global_history(view: PublishedPlan) -> list[tuple[str, float | None]]:
    """(label, global figure) at every published cut-off up to the view's, and the current
    values last for a current view: the points the dashboard's trend draws."""
    periods = [
        p for p in view.periods if view.period is None or p.order_key <= view.period.order_key
    ]
    values = dict(
        Rollup.objects.filter(plan=view.plan, period__in=periods).values_list(
            "period_id", "percent"
        )
    )
    points = [(period.label, values.get(period.id)) for period in periods]
    if view.period is None:
        points.append((gettext("Current values"), view.percent))
    return points


def plan_forecast(plan: Plan) -> Forecast:
    """The plan's forecast at its current values, from its stored roll-ups alone: what
    `forecast(as_at(plan))` says, without reading every item (the workspace lists many plans)."""
    periods = published_periods(plan)
    values: dict[int | None, float | None] = {}
    computed_at = None
    for period_id, percent, at in Rollup.objects.filter(plan=plan).values_list(
        "period_id", "percent", "computed_at"
    ):
        values[period_id] = percent
        if period_id is None:
            computed_at = at
    now = cutoff_for(plan, None, computed_at).as_of if computed_at else None
    return _project(plan, periods, values, values.get(None), now)


def _project(
    plan: Plan,
    periods: list[ReportingPeriod],
    values: dict[int, float | None] | dict[int | None, float | None],
    current: float | None,
    now: dt.date | None,
) -> Forecast:
    points: list[tuple[dt.date, float]] = []
    for period in periods:
        value = values.get(period.id)
        day = period.end or (period.published_at.date() if period.published_at else None)
        if value is not None and day is not None:
            points.append((day, value))
    if now and current is not None:
        points.append((now, current))
    return project(points, plan.start, plan.end)
