"""Compare what a document declared with what the roll-up computes. Plain Python, no Django."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

TOLERANCE = 0.5  # points; documents round to whole percents


@dataclass(frozen=True, slots=True)
class Declared:
    node: Any  # None: the plan as a whole
    label: str
    value: float


@dataclass(frozen=True, slots=True)
class Difference:
    node: Any
    label: str
    declared: float
    computed: float | None

    @property
    def gap(self) -> float | None:
        return None if self.computed is None else round(self.computed - self.declared, 2)


@dataclass(frozen=True, slots=True)
class CountDifference:
    level: str
    declared: int
    found: int


def differs(declared: float | None, computed: float | None, tolerance: float = TOLERANCE) -> bool:
    """Whether a declared figure disagrees with the computed one (or has nothing to compare with)."""
    return declared is not None and (computed is None or abs(computed - declared) > tolerance)


def progress_differences(
    declared: Iterable[Declared],
    computed: Mapping[Any, float | None],
    tolerance: float = TOLERANCE,
) -> list[Difference]:
    """Every declared figure that differs from the computed one by more than `tolerance` points
    (or that has nothing computed to compare with)."""
    out = []
    for figure in declared:
        value = computed.get(figure.node)
        if differs(figure.value, value, tolerance):
            out.append(Difference(figure.node, figure.label, figure.value, value))
    return out


def count_differences(
    declared: Mapping[str, int], found: Mapping[str, int]
) -> list[CountDifference]:
    folded = {key.strip().lower(): value for key, value in found.items()}
    out = []
    for level, value in declared.items():
        have = folded.get(level.strip().lower(), 0)
        if have != value:
            out.append(CountDifference(level, value, have))
    return out
