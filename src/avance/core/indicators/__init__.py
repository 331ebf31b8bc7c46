"""Indicators as PbR-SED measures them: a formula over named variables, goals per period, a
value and a percentage of achievement («% de cumplimiento») per period, and a semáforo. Plain
Python, no Django.

- `expression`: the método de cálculo as an expression over named variables, parsed and
  evaluated without `eval` (numbers, variables, + - * /, parentheses).
- `evaluation`: an indicator's value at each period (periodic, or accumulated to date by adding
  up the variables first), its achievement against the goal respecting the sentido, with
  «sin información» (None) kept apart from zero.
- `semaphore`: the colour profiles (two-sided band, ascending, descending, milestone) and their
  thresholds, explained next to every colour.
"""

from __future__ import annotations

from avance.core.indicators.evaluation import (
    Definition,
    Point,
    Reading,
    evaluate,
)
from avance.core.indicators.expression import Expression, ExpressionError, parse
from avance.core.indicators.semaphore import PROFILES, Light, Profile, light

__all__ = [
    "PROFILES",
    "Definition",
    "Expression",
    "ExpressionError",
    "Light",
    "Point",
    "Profile",
    "Reading",
    "evaluate",
    "light",
    "parse",
]
