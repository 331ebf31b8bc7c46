"""Roll-up of progress through a plan tree: the one function every page, report and export reads.

Plain Python, no Django. Input rows are ``(id, parent_id, weight, percent, status)``:
``percent`` is the node's own reported value (already resolved from its status' default when the
update gave none), ``status`` the key of its reported status or None. Only leaves' own values are
used; an inner node's value is always computed from its children.

Methods (per plan):
- ``mean``: mean of the counted children.
- ``weighted``: Σ w·p / Σ w over the counted children; when all their weights are 0, the plain mean.
- ``completed_ratio``: counted children at 100 % / counted children × 100 (the POA formula
  "No. Act. Realizadas / No. Act. Proyectadas × 100").
- ``leaves``: mean over all counted descendant leaves.

What is counted:
- a node whose status is in ``excluded_statuses`` is left out of its parent, with its subtree;
- an inner node whose children are all left out is left out too;
- a node without a value is counted as 0 (``missing="zero"``) or left out (``missing="skip"``).
Every exclusion is recorded with its reason, so the figure can be explained and footnoted.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

METHODS = ("mean", "weighted", "completed_ratio", "leaves")
MISSING_POLICIES = ("skip", "zero")

# Reasons a child is left out of its parent's figure.
REASON_STATUS = "status"  # its status does not count toward progress
REASON_NO_VALUE = "no_value"  # nothing reported and missing values are skipped
REASON_ALL_EXCLUDED = "all_excluded"  # an inner node whose children were all left out

Row = tuple[Any, Any, float | None, float | None, str | None]

METHOD_DESCRIPTIONS = {
    "mean": "mean of the counted children",
    "weighted": "weighted mean of the counted children (Σ weight·percent / Σ weight)",
    "completed_ratio": "children completed / children planned × 100",
    "leaves": "mean of all counted descendant items without children",
}


@dataclass(frozen=True, slots=True)
class Settings:
    method: str = "mean"
    missing: str = "skip"
    excluded_statuses: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"unknown roll-up method {self.method!r}; use one of {METHODS}")
        if self.missing not in MISSING_POLICIES:
            raise ValueError(
                f"unknown missing-value policy {self.missing!r}; use {MISSING_POLICIES}"
            )


class TreeError(ValueError):
    """The rows do not form a tree (unknown parent, or a cycle)."""


@dataclass(frozen=True, slots=True)
class NodeValue:
    """A node's computed figure and what it was computed from (stored per node)."""

    percent: float | None
    inputs: int = 0  # children counted
    leaf_sum: float = 0.0  # sum and count of the counted descendant leaves (for `leaves`)
    leaf_count: int = 0
    excluded: tuple[tuple[Any, str], ...] = ()


@dataclass(frozen=True, slots=True)
class ChildInput:
    """What a parent needs to know of one child."""

    id: Any
    weight: float
    status: str | None
    is_leaf: bool
    value: NodeValue


@dataclass(frozen=True, slots=True)
class Explanation:
    node: Any
    method: str
    description: str
    percent: float | None
    counted: list[tuple[Any, float, float]]  # (child, percent used, weight)
    excluded: list[tuple[Any, str]]
    missing: str
    excluded_statuses: list[str]


def clamp(value: float | None) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return 0.0 if value < 0 else 100.0 if value > 100 else float(value)


def contribution(
    child: ChildInput, settings: Settings
) -> tuple[float | None, float, int, str | None]:
    """How one child counts toward its parent: (percent used, leaf sum, leaf count, reason).

    The percent is None and a reason is given when the child is left out.
    """
    if child.status is not None and child.status in settings.excluded_statuses:
        return None, 0.0, 0, REASON_STATUS
    value = child.value
    if value.percent is None:
        if not child.is_leaf and value.inputs == 0 and value.excluded:
            return None, 0.0, 0, REASON_ALL_EXCLUDED
        if settings.missing == "zero":
            return 0.0, 0.0, max(value.leaf_count, 1) if child.is_leaf else value.leaf_count, None
        return None, 0.0, 0, REASON_NO_VALUE
    if child.is_leaf:
        return value.percent, value.percent, 1, None
    return value.percent, value.leaf_sum, value.leaf_count, None


def combine(children: Iterable[ChildInput], settings: Settings) -> NodeValue:
    """An inner node's value from its children: the single-node step of the roll-up."""
    total = weighted = weights = 0.0
    counted = done = leaf_count = 0
    leaf_sum = 0.0
    excluded: list[tuple[Any, str]] = []
    for child in children:
        percent, lsum, lcount, reason = contribution(child, settings)
        if percent is None:
            excluded.append((child.id, reason or REASON_NO_VALUE))
            continue
        weight = child.weight if child.weight is not None and child.weight > 0 else 0.0
        counted += 1
        total += percent
        weighted += weight * percent
        weights += weight
        done += percent >= 100.0
        leaf_sum += lsum
        leaf_count += lcount
    return NodeValue(
        _finish(settings.method, counted, total, weighted, weights, done, leaf_sum, leaf_count),
        counted,
        leaf_sum,
        leaf_count,
        tuple(excluded),
    )


def _finish(
    method: str,
    counted: int,
    total: float,
    weighted: float,
    weights: float,
    done: int,
    leaf_sum: float,
    leaf_count: int,
) -> float | None:
    if counted == 0:
        return None
    if method == "mean":
        value = total / counted
    elif method == "weighted":
        value = weighted / weights if weights > 0 else total / counted
    elif method == "completed_ratio":
        value = done * 100.0 / counted
    else:  # leaves
        value = leaf_sum / leaf_count if leaf_count else total / counted
    return 0.0 if value < 0 else 100.0 if value > 100 else value


class Result:
    """Every node's computed value, plus the plan's global figure (its roots combined).

    Kept as parallel lists (not one object per node): a million-node plan is the expected case.
    """

    __slots__ = (
        "_excluded",
        "_is_leaf",
        "counted",
        "ids",
        "index",
        "lcount",
        "lsum",
        "parents",
        "percents",
        "settings",
        "statuses",
        "total",
        "weights",
    )

    def __init__(
        self,
        settings: Settings,
        ids: list[Any],
        index: dict[Any, int],
        parents: list[int],
        weights: list[float],
        statuses: list[str | None],
        is_leaf: list[bool],
        percents: list[float | None],
        counted: list[int],
        lsum: list[float],
        lcount: list[int],
        excluded: dict[int, list[tuple[Any, str]]],
        total: NodeValue,
    ) -> None:
        self.settings = settings
        self.ids = ids
        self.index = index
        self.parents = parents  # index of each node's parent, -1 for roots
        self.weights = weights
        self.statuses = statuses
        self._is_leaf = is_leaf
        self.percents = percents
        self.counted = counted
        self.lsum = lsum
        self.lcount = lcount
        self._excluded = excluded
        self.total = total

    def value(self, i: int) -> NodeValue:
        if self._is_leaf[i]:
            return NodeValue(self.percents[i])
        return NodeValue(
            self.percents[i],
            self.counted[i],
            self.lsum[i],
            self.lcount[i],
            tuple(self._excluded.get(i, ())),
        )

    @property
    def values(self) -> list[NodeValue]:
        return [self.value(i) for i in range(len(self.ids))]

    def items(
        self,
    ) -> Iterator[tuple[Any, float | None, int, float, int, list[tuple[Any, str]] | None]]:
        """(id, percent, inputs, leaf sum, leaf count, exclusions or None) per node, for storage."""
        excluded = self._excluded
        for i, node_id in enumerate(self.ids):
            if self._is_leaf[i]:
                yield node_id, self.percents[i], 0, 0.0, 0, None
            else:
                yield (
                    node_id,
                    self.percents[i],
                    self.counted[i],
                    self.lsum[i],
                    self.lcount[i],
                    excluded.get(i),
                )

    def percent(self, node_id: Any) -> float | None:
        return self.percents[self.index[node_id]]

    def as_dict(self) -> dict[Any, float | None]:
        return dict(zip(self.ids, self.percents, strict=True))

    def children_of(self, node_id: Any | None) -> list[int]:
        target = -1 if node_id is None else self.index[node_id]
        return [i for i, parent in enumerate(self.parents) if parent == target]

    def explain(self, node_id: Any | None = None) -> Explanation:
        """Method, counted inputs and exclusions of one node (None: the global figure)."""
        value = self.total if node_id is None else self.value(self.index[node_id])
        counted = []
        for i in self.children_of(node_id):
            child = self.child(i)
            percent, _lsum, _lcount, reason = contribution(child, self.settings)
            if reason is None and percent is not None:
                counted.append((self.ids[i], percent, child.weight))
        return Explanation(
            node=node_id,
            method=self.settings.method,
            description=METHOD_DESCRIPTIONS[self.settings.method],
            percent=value.percent,
            counted=counted,
            excluded=list(value.excluded),
            missing=self.settings.missing,
            excluded_statuses=sorted(self.settings.excluded_statuses),
        )

    def child(self, i: int) -> ChildInput:
        """Node i as its parent sees it."""
        return ChildInput(
            self.ids[i], self.weights[i], self.statuses[i], self._is_leaf[i], self.value(i)
        )


@contextmanager
def paused_gc() -> Iterator[None]:
    """Reading and rolling up a big plan allocates millions of small objects and creates no
    reference cycles: the cyclic garbage collector would only rescan them over and over."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def rollup(rows: Iterable[Row], settings: Settings | None = None) -> Result:
    """Compute every node's percent bottom-up in one pass (O(n), no recursion)."""
    with paused_gc():
        return _rollup(rows if isinstance(rows, list) else list(rows), settings or Settings())


def _rollup(rows: list[Row], settings: Settings) -> Result:
    n = len(rows)
    if n:
        columns = list(zip(*rows, strict=True))
        ids = list(columns[0])
        parent_ids = columns[1]
        weights = [w if w is not None and w > 0 else 0.0 for w in columns[2]]
        # v == v is False only for NaN.
        own = [
            None if v is None or v != v else 0.0 if v < 0 else 100.0 if v > 100 else float(v)
            for v in columns[3]
        ]
        statuses = list(columns[4])
    else:
        ids, parent_ids, weights, own, statuses = [], (), [], [], []
    index = dict(zip(ids, range(n), strict=True))
    if len(index) != n:
        raise TreeError("duplicate node ids")
    root = n  # a virtual root above the plan's top-level nodes gives the global figure
    get = index.get
    parents = [root if p is None else get(p, -1) for p in parent_ids]
    if -1 in parents:
        i = parents.index(-1)
        raise TreeError(f"node {ids[i]!r} names unknown parent {parent_ids[i]!r}")
    pending = [0] * (n + 1)
    for p in parents:
        pending[p] += 1
    is_leaf = [count == 0 for count in pending]

    # Accumulators per node, filled by its children as they finish.
    total = [0.0] * (n + 1)
    weighted = [0.0] * (n + 1)
    wsum = [0.0] * (n + 1)
    counted = [0] * (n + 1)
    done = [0] * (n + 1)
    lsum = [0.0] * (n + 1)
    lcount = [0] * (n + 1)
    percents: list[float | None] = [None] * n
    excluded: dict[int, list[tuple[Any, str]]] = {}

    method = settings.method
    zero = settings.missing == "zero"
    skip_statuses = settings.excluded_statuses
    ready = [i for i in range(n) if is_leaf[i]]
    processed = 0
    while ready:
        i = ready.pop()
        processed += 1
        leaf = is_leaf[i]
        if leaf:
            percent = own[i]
        else:
            c = counted[i]
            if c == 0:
                percent = None
            elif method == "mean":
                percent = total[i] / c
            else:
                percent = _finish(
                    method, c, total[i], weighted[i], wsum[i], done[i], lsum[i], lcount[i]
                )
        percents[i] = percent
        p = parents[i]
        # Inline of contribution(): this loop runs once per node of plans with a million nodes.
        reason = None
        status = statuses[i]
        if status is not None and status in skip_statuses:
            reason = REASON_STATUS
        elif percent is None:
            if not leaf and counted[i] == 0 and i in excluded:
                reason = REASON_ALL_EXCLUDED
            elif zero:
                counted[p] += 1
                wsum[p] += weights[i]
                lcount[p] += 1 if leaf else lcount[i]
            else:
                reason = REASON_NO_VALUE
        else:
            w = weights[i]
            counted[p] += 1
            total[p] += percent
            weighted[p] += w * percent
            wsum[p] += w
            if percent >= 100.0:
                done[p] += 1
            if leaf:
                lsum[p] += percent
                lcount[p] += 1
            else:
                lsum[p] += lsum[i]
                lcount[p] += lcount[i]
        if reason is not None:
            excluded.setdefault(p, []).append((ids[i], reason))
        pending[p] -= 1
        if pending[p] == 0 and p != root:
            ready.append(p)
    if processed != n:
        raise TreeError("the parent links form a cycle")
    grand = NodeValue(
        _finish(
            method,
            counted[root],
            total[root],
            weighted[root],
            wsum[root],
            done[root],
            lsum[root],
            lcount[root],
        ),
        counted[root],
        lsum[root],
        lcount[root],
        tuple(excluded.get(root, ())),
    )
    return Result(
        settings,
        ids,
        index,
        [-1 if p == root else p for p in parents],
        weights,
        statuses,
        is_leaf,
        percents,
        counted,
        lsum,
        lcount,
        excluded,
        grand,
    )
