"""A plan as the public sees it, at a cut-off, read in a fixed number of queries.

Only stored roll-ups, published updates and declared figures are read: drafts, submitted and
returned updates never reach a public page. Pages of any size cost the same number of queries.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from avance.core.consistency import differs
from avance.plans.models import Level, Node, Plan, Responsible, Status
from avance.progress.models import (
    DeclaredFigure,
    NodeRollup,
    ProgressUpdate,
    ReportingPeriod,
    Rollup,
)
from avance.progress.rollups import published_as_at, stored_rollup


@dataclass
class Row:
    id: int
    parent_id: int | None
    level_id: int
    ref: str
    title: str
    code: str
    percent: float | None = None
    status_key: str = ""
    status: str = ""  # label or text as written
    note: str = ""
    declared: float | None = None
    responsible: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.ref} {self.title}".strip()


@dataclass
class Snapshot:
    plan: Plan
    period: ReportingPeriod | None
    periods: list[ReportingPeriod]
    rollup: Rollup
    levels: dict[int, Level]
    rows: dict[int, Row]
    children: dict[int | None, list[int]]
    statuses: dict[str, Status]
    figures: dict[str, DeclaredFigure]  # plan-level declared figures by metric

    @property
    def top(self) -> list[Row]:
        return [self.rows[i] for i in self.children.get(None, [])]

    def kids(self, node_id: int) -> list[Row]:
        return [self.rows[i] for i in self.children.get(node_id, [])]

    def subtree(self, node_id: int) -> list[Row]:
        out, stack = [], list(reversed(self.children.get(node_id, [])))
        while stack:
            current = stack.pop()
            out.append(self.rows[current])
            stack.extend(reversed(self.children.get(current, [])))
        return out

    def ordered(self) -> list[Row]:
        """Every item in reading order."""
        out: list[Row] = []
        for top in self.top:
            out.append(top)
            out.extend(self.subtree(top.id))
        return out

    def level_counts(self, rows: list[Row]) -> list[tuple[str, int]]:
        counts = Counter(row.level_id for row in rows)
        return [
            (
                (level.name if counts[level.id] == 1 else level.plural or level.name),
                counts[level.id],
            )
            for level in sorted(self.levels.values(), key=lambda lv: lv.position)
            if counts[level.id]
        ]

    def status_mix(self, rows: list[Row]) -> list[tuple[str, str, int]]:
        """(label, colour, count) of the items without children."""
        leaves = [row for row in rows if not self.children.get(row.id)]
        mix = Counter(
            row.status_key or ("__none" if row.percent is None else "__value") for row in leaves
        )
        out = []
        for key, count in mix.most_common():
            if key == "__none":
                out.append((str(_("no report yet")), "#9ca3af", count))
            elif key == "__value":
                out.append((str(_("with reported progress")), "#2563eb", count))
            else:
                status = self.statuses.get(key)
                out.append(
                    (status.label if status else key, status.colour if status else "#6b7280", count)
                )
        return out

    def breadcrumbs(self, node_id: int) -> list[Row]:
        trail = []
        current: int | None = self.rows[node_id].parent_id
        while current is not None:
            trail.append(self.rows[current])
            current = self.rows[current].parent_id
        return list(reversed(trail))

    def level_name(self, row: Row) -> str:
        return self.levels[row.level_id].name

    @property
    def declared(self) -> float | None:
        figure = self.figures.get(DeclaredFigure.Metric.PROGRESS)
        return figure.value if figure else None

    @property
    def differs(self) -> bool:
        return differs(self.declared, self.rollup.percent)

    @property
    def remaining(self) -> tuple[float | None, Any]:
        figure = self.figures.get(DeclaredFigure.Metric.REMAINING)
        if figure is not None:
            return figure.value, figure.due
        percent = self.rollup.percent
        return (None if percent is None else round(100 - percent, 1)), self.plan.end

    @property
    def excluded_statuses(self) -> list[str]:
        return [
            self.statuses[k].label if k in self.statuses else k
            for k in self.rollup.excluded_statuses
        ]


def published_periods(plan: Plan) -> list[ReportingPeriod]:
    periods = ReportingPeriod.objects.filter(plan=plan, state=ReportingPeriod.State.PUBLISHED)
    return sorted(periods, key=lambda p: p.order_key)


def load(plan: Plan, period: ReportingPeriod | None, *, with_people: bool = False) -> Snapshot:
    periods = published_periods(plan)
    rollup = stored_rollup(plan, period)
    levels = {level.id: level for level in Level.objects.filter(plan=plan)}
    statuses = {status.key: status for status in Status.objects.filter(plan=plan)}
    rows: dict[int, Row] = {}
    children: dict[int | None, list[int]] = defaultdict(list)
    for node_id, parent_id, level_id, ref, title, code in (
        Node.objects.filter(plan=plan)
        .order_by("position", "id")
        .values_list("id", "parent_id", "level_id", "ref", "title", "code")
    ):
        rows[node_id] = Row(node_id, parent_id, level_id, ref, title, code.hex)
        children[parent_id].append(node_id)
    for node_id, percent in NodeRollup.objects.filter(rollup=rollup).values_list(
        "node_id", "percent"
    ):
        if node_id in rows:
            rows[node_id].percent = percent
    for node_id, (key, text, note) in published_as_at(
        plan.id, period, "status__key", "status_text", "note"
    ).items():
        row = rows.get(node_id)
        if row is not None:
            row.status_key = key or ""
            row.status = text or (statuses[key].label if key in statuses else "")
            row.note = note
    figures: dict[str, DeclaredFigure] = {}
    for figure in DeclaredFigure.objects.filter(plan=plan, period=period):
        if figure.node_id is None:
            figures.setdefault(figure.metric, figure)
        elif figure.metric == DeclaredFigure.Metric.PROGRESS and figure.node_id in rows:
            rows[figure.node_id].declared = figure.value
            if not rows[figure.node_id].status:
                rows[figure.node_id].status = figure.status_text
    if with_people:
        for node_id, name, organization in (
            Responsible.objects.filter(node__plan=plan)
            .order_by("node_id", "position")
            .values_list("node_id", "name", "organization")
        ):
            rows[node_id].responsible.append(name or organization)
    return Snapshot(plan, period, periods, rollup, levels, rows, children, statuses, figures)


def last_updates(plans: list[Plan]) -> dict[int, Any]:
    """When each plan last published progress."""
    return dict(
        ProgressUpdate.objects.filter(node__plan__in=plans, state=ProgressUpdate.State.PUBLISHED)
        .values("node__plan_id")
        .annotate(last=Max("published_at"))
        .values_list("node__plan_id", "last")
    )
