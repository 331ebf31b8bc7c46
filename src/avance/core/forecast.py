"""«¿Llegará a la meta?»: the pace of published progress projected to the end date. Plain Python.

Method, stated wherever the figure is shown:

- inputs: the published figure at each cut-off (its date and percent), oldest first; when the
  plan's start date comes before the first cut-off, the plan starts there at 0 %;
- pace: the least-squares slope of percent over time (points per day; shown per month);
- projection: the last figure plus the pace times the days left to the end date, within 0–100;
- band: the same with the slowest and the fastest pace between consecutive cut-offs. The
  least-squares slope is a weighted mean of those paces, so the projection lies inside the band.

It says nothing (status `no_data`) with fewer than two points or no end date, and `finished` when
the last figure is 100 % or the end date is not after the last cut-off.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

DAYS_PER_MONTH = 30.4375


@dataclass(frozen=True)
class Forecast:
    status: str  # "projected", "finished" or "no_data"
    end: dt.date | None = None
    projected: float | None = None  # percent at the end date
    low: float | None = None
    high: float | None = None
    pace_per_month: float | None = None
    inputs: list[tuple[dt.date, float]] = field(default_factory=list)
    from_start: bool = False  # whether the plan's start (at 0 %) is one of the inputs

    def short_of(self, goal: float = 100.0) -> bool:
        """Whether the projection falls short of the goal (to flag it)."""
        return self.status == "projected" and (self.projected or 0.0) < goal


def project(
    points: list[tuple[dt.date, float]], start: dt.date | None, end: dt.date | None
) -> Forecast:
    """The forecast of a figure from its published points (see the module's docstring)."""
    inputs = sorted({day: percent for day, percent in points if percent is not None}.items())
    from_start = bool(start and inputs and start < inputs[0][0])
    if from_start and start is not None:
        inputs = [(start, 0.0), *inputs]
    if len(inputs) < 2 or end is None:
        return Forecast("no_data", end=end, inputs=inputs, from_start=from_start)
    last_day, last = inputs[-1]
    if last >= 100.0 or end <= last_day:
        return Forecast(
            "finished",
            end=end,
            projected=last,
            low=last,
            high=last,
            inputs=inputs,
            from_start=from_start,
        )
    slope = _least_squares([(day.toordinal(), percent) for day, percent in inputs])
    paces = [
        (b - a) / (y.toordinal() - x.toordinal()) for (x, a), (y, b) in itertools.pairwise(inputs)
    ]
    left = (end - last_day).days

    def at_end(pace: float) -> float:
        return max(0.0, min(100.0, last + pace * left))

    return Forecast(
        "projected",
        end=end,
        projected=at_end(slope),
        low=at_end(min(paces)),
        high=at_end(max(paces)),
        pace_per_month=slope * DAYS_PER_MONTH,
        inputs=inputs,
        from_start=from_start,
    )


def _least_squares(points: list[tuple[int, float]]) -> float:
    n = len(points)
    mean_x = sum(x for x, _y in points) / n
    mean_y = sum(y for _x, y in points) / n
    spread = sum((x - mean_x) ** 2 for x, _y in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread
