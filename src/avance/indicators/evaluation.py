"""The database side of indicator evaluation: gathers an indicator's goals and published
measurements in period order, runs core.indicators.evaluate, and stores the readings. Only
actions call `store_readings`."""

from __future__ import annotations

from django.utils import timezone

from avance.core.indicators import PROFILES, Definition, Point, Profile, Reading, evaluate, parse
from avance.indicators.models import Goal, Indicator, Measurement
from avance.indicators.models import Reading as StoredReading
from avance.progress.models import ReportingPeriod


def definition(indicator: Indicator) -> Definition:
    return Definition(
        parse(indicator.expression),
        sentido=indicator.sentido,
        accumulated=indicator.accumulated,
        aggregation={v.name: v.aggregation for v in indicator.variables.all()},
    )


def profile(indicator: Indicator) -> Profile:
    base = PROFILES[indicator.profile]
    return Profile(
        base.key,
        indicator.green if indicator.green is not None else base.green,
        indicator.yellow if indicator.yellow is not None else base.yellow,
    )


def periods(indicator: Indicator) -> list[ReportingPeriod]:
    return list(
        ReportingPeriod.objects.filter(plan_id=indicator.node.plan_id).order_by("end", "id")
    )


def readings(
    indicator: Indicator,
    *,
    extra: Measurement | None = None,
    published_only: bool = True,
) -> list[tuple[ReportingPeriod, Reading]]:
    """The indicator's readings at every period of its plan, from its published measurements
    (plus `extra`, a measurement being entered, to preview its reading)."""
    goals = {g.period_id: g.current for g in Goal.objects.filter(indicator=indicator)}
    measured = Measurement.objects.filter(indicator=indicator)
    if published_only:
        measured = measured.filter(state=Measurement.State.PUBLISHED)
    values = {m.period_id: m.values for m in measured}
    if extra is not None:
        values[extra.period_id] = extra.values
    chosen = periods(indicator)
    points = [Point(p.key, values.get(p.id), goals.get(p.id)) for p in chosen]
    return list(
        zip(chosen, evaluate(definition(indicator), points, profile(indicator)), strict=True)
    )


def store_readings(indicator: Indicator) -> int:
    """Replace the indicator's stored readings with a fresh evaluation; how many were stored."""
    now = timezone.now()
    rows = [
        StoredReading(
            indicator=indicator,
            period=period,
            value=reading.value,
            goal=reading.goal,
            achievement=reading.achievement,
            light=reading.light,
            inputs=reading.inputs,
            problem=reading.problem,
            computed_at=now,
        )
        for period, reading in readings(indicator)
        if reading.goal is not None or reading.informed or reading.problem
    ]
    StoredReading.objects.filter(indicator=indicator).delete()
    StoredReading.objects.bulk_create(rows)
    return len(rows)
