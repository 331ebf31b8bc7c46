"""An indicator's readings: value, goal, achievement and colour at each reporting period.

Method (stated wherever a reading is shown):

- value: the método de cálculo evaluated on the period's variables. An accumulated indicator
  («acumulado») first adds up each flow variable over every period so far that has information
  and takes a stock variable (`last`) at its latest value, then evaluates; a periodic one uses
  the period's own variables.
- «sin información»: a period without measured variables has no value, no achievement and no
  colour; it is never read as zero, and accumulation skips it.
- achievement («% de cumplimiento»), respecting the sentido:
  ascending value / goal × 100; descending goal / value × 100; band value / goal × 100 (the
  semáforo then measures the distance from 100 on both sides). Zero goals: ascending, any value
  ≥ 0 reaches it (100 %); descending, a value of 0 reaches it and any other misses it (0 %);
  band, only a value of 0 does (100 %), anything else cannot be expressed as a percentage of
  zero and has no achievement. A value of 0 on a descending indicator reaches any goal ≥ 0.
- a reading whose formula cannot be computed (a division by zero) keeps the reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from avance.core.indicators.expression import Expression, ExpressionError
from avance.core.indicators.semaphore import Profile, light

SENTIDOS = ("ascending", "descending", "band")


@dataclass(frozen=True)
class Definition:
    expression: Expression
    sentido: str = "ascending"
    accumulated: bool = False
    # How a variable accumulates: "sum" (a flow: people trained this quarter) or "last" (a
    # stock: the target population). Variables not named here are flows.
    aggregation: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Point:
    """One period's inputs, in period order: its measured variables (None: sin información) and
    its goal (None: no goal set for it)."""

    key: str
    variables: Mapping[str, float | None] | None
    goal: float | None


@dataclass(frozen=True)
class Reading:
    key: str
    value: float | None
    goal: float | None
    achievement: float | None
    light: str  # "green", "yellow", "red", "" (no information or no goal)
    inputs: dict[str, float] = field(default_factory=dict)  # what the formula was given
    problem: str = ""  # why there is no value although variables were measured
    problem_code: str = ""
    problem_params: dict[str, str] = field(default_factory=dict)

    @property
    def informed(self) -> bool:
        return self.value is not None


def evaluate(definition: Definition, points: Sequence[Point], profile: Profile) -> list[Reading]:
    """A reading per point, in the same order."""
    readings = []
    totals: dict[str, float] = {}
    for point in points:
        measured = _measured(point, definition.expression)
        if measured is None:
            readings.append(Reading(point.key, None, point.goal, None, ""))
            continue
        if definition.accumulated:
            for name, value in measured.items():
                if definition.aggregation.get(name) == "last":
                    totals[name] = value
                else:
                    totals[name] = totals.get(name, 0.0) + value
            inputs = dict(totals)
        else:
            inputs = dict(measured)
        try:
            value = definition.expression.evaluate(inputs)
        except ExpressionError as exc:
            readings.append(
                Reading(
                    point.key, None, point.goal, None, "", inputs, str(exc), exc.code, exc.params
                )
            )
            continue
        reached = achievement(value, point.goal, definition.sentido)
        shown = light(reached, profile) if point.goal is not None else ""
        readings.append(Reading(point.key, value, point.goal, reached, shown, inputs))
    return readings


def achievement(value: float, goal: float | None, sentido: str) -> float | None:
    """«% de cumplimiento» of a value against a goal (see the module's docstring)."""
    if goal is None:
        return None
    if sentido == "descending":
        if value == 0:
            return 100.0 if goal >= 0 else 0.0
        if goal == 0:
            return 0.0
        return goal / value * 100.0
    if goal == 0:
        if sentido == "band":
            return 100.0 if value == 0 else None
        return 100.0 if value >= 0 else 0.0
    return value / goal * 100.0


def _measured(point: Point, expression: Expression) -> dict[str, float] | None:
    """The point's variables when every one the formula uses was measured, else None."""
    if point.variables is None:
        return None
    values = {name: point.variables.get(name) for name in expression.variables}
    if any(value is None for value in values.values()):
        return None
    return {name: float(value) for name, value in values.items() if value is not None}
