"""The published read model: what the public sees of a plan at a cut-off. Reads never write.

It decides, once, what "published as at a cut-off" means:

- **current values** (`period=None`): each item's current published update (`is_current`, kept by
  `do_publish_update`: the latest published update of the latest period) and the plan's current
  stored roll-up;
- **as at a published period P**: each item's latest update published in P or an earlier period,
  and no later than P's own publication, so a published cut-off never changes afterwards; and the
  roll-up stored when P was published.

Every public surface is a formatter over `as_at()`: the portal's pages, the JSON/CSV/XLSX
downloads, the HTML/PDF reports, `avance export` and `avance report`. They cannot disagree because
none of them selects updates or figures by itself. A stored roll-up that is missing (never, after
the actions) is computed in memory rather than stored: a public read writes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from avance.core.consistency import differs
from avance.core.interchange import NODE_DETAILS
from avance.core.refs import full_ref
from avance.plans.models import Level, Node, Plan, Responsible, Status
from avance.progress.models import (
    DeclaredFigure,
    EvidenceLink,
    NodeRollup,
    ProgressUpdate,
    ReportingPeriod,
    Rollup,
)

# Which published update counts at a cut-off ---------------------------------------------------


def published_periods(plan: Plan) -> list[ReportingPeriod]:
    """The plan's published periods, oldest first: the cut-offs the public may choose."""
    periods = ReportingPeriod.objects.filter(plan=plan, state=ReportingPeriod.State.PUBLISHED)
    return sorted(periods, key=lambda p: p.order_key)


def periods_up_to(
    period: ReportingPeriod, periods: list[ReportingPeriod] | None = None
) -> list[int]:
    """The plan's periods up to this one (this one included), oldest first. `periods`: all of
    the plan's periods when the caller has them already."""
    if periods is None:
        periods = list(ReportingPeriod.objects.filter(plan_id=period.plan_id))
    ids = [p.id for p in sorted(periods, key=lambda p: p.order_key)]
    return ids[: ids.index(period.id) + 1]


def _counts_at(cutoff: ReportingPeriod, order: dict[int, int], period_id: int, at: Any) -> bool:
    """Whether an update of period `period_id`, published at `at`, counts at the cut-off of the
    published period `cutoff`: its period is this one or earlier, and it was published no later
    than the cut-off itself (so a published cut-off never changes)."""
    if order[period_id] > order[cutoff.id]:
        return False
    return cutoff.published_at is None or (at is not None and at <= cutoff.published_at)


def _latest(
    rows: Iterable[tuple[Any, ...]], cutoff: ReportingPeriod, order: dict[int, int]
) -> dict[int, tuple[Any, ...]]:
    """From (node, period, published at, update id, *values) rows, each node's values of the
    update counted at the cut-off: the latest period's, then the latest published."""
    best: dict[int, tuple[Any, tuple[Any, ...]]] = {}
    for node_id, period_id, at, update_id, *values in rows:
        if not _counts_at(cutoff, order, period_id, at):
            continue
        rank = (order[period_id], at.timestamp() if at else 0.0, update_id)
        if node_id not in best or rank > best[node_id][0]:
            best[node_id] = (rank, tuple(values))
    return {node_id: values for node_id, (_rank, values) in best.items()}


def published_as_at(
    plan_id: int,
    period: ReportingPeriod | None,
    *fields: str,
    periods: list[ReportingPeriod] | None = None,
) -> dict[int, tuple[Any, ...]]:
    """Each node's published update at a cut-off, as the values of `fields`.

    The one definition of "as published then" that roll-ups, pages, reports and files share
    (with `_counts_at`, which the item history applies too).
    """
    # No ordering: the rows become a dict, and the model's default ordering (plan, period) would
    # join and sort four tables for nothing (seconds on a 50,000-item plan: bench/national.py).
    published = ProgressUpdate.objects.filter(
        node__plan_id=plan_id, state=ProgressUpdate.State.PUBLISHED
    ).order_by()
    if period is None:
        return {
            row[0]: row[1:]
            for row in published.filter(is_current=True).values_list("node_id", *fields)
        }
    # The plan's periods as stored now: a caller's instance may predate the period's publication.
    fresh = {p.id: p for p in (periods or ReportingPeriod.objects.filter(plan_id=plan_id))}
    period = fresh[period.id]
    up_to = periods_up_to(period, list(fresh.values()))
    order = {p_id: rank for rank, p_id in enumerate(up_to)}
    rows = published.filter(period_id__in=up_to).values_list(
        "node_id", "period_id", "published_at", "id", *fields
    )
    return _latest(rows, period, order)


def period_values(period: ReportingPeriod) -> dict[int, tuple[float | None, str | None]]:
    """Each node's (percent, status) as published at this period's cut-off: the roll-up's input."""
    values = published_as_at(
        period.plan_id, period, "percent", "status__key", "status__default_percent"
    )
    return {
        node_id: (default if percent is None else percent, key)
        for node_id, (percent, key, default) in values.items()
    }


# The cut-off ---------------------------------------------------------------------------------


def _long_date(value: dt.date) -> str:
    text = formats.date_format(value, "DATE_FORMAT")
    language = translation.get_language() or ""
    return text.lower() if language.startswith("es") else text


@dataclass(frozen=True)
class Cutoff:
    """Which published state a page or file shows, and how to say it."""

    period: ReportingPeriod | None
    as_of: dt.date | None  # current values: the day the figures last changed

    @property
    def key(self) -> str:
        return self.period.key if self.period else ""

    @property
    def date(self) -> dt.date | None:
        return self.period.end if self.period else self.as_of

    @property
    def query(self) -> str:
        """The query string that keeps this cut-off on a link (a download, another page)."""
        return f"?periodo={self.key}" if self.key else ""

    @property
    def label(self) -> str:
        """«Valores vigentes al 2 de diciembre de 2026», «Segundo Informe Parcial, corte al 30 de
        junio de 2025»: in the active language, so that every page and file states its cut-off."""
        if self.period is None:
            if self.as_of is None:
                return gettext("Current values")
            return gettext("Current values as at %(date)s") % {"date": _long_date(self.as_of)}
        if self.period.end is None:
            return self.period.label
        return gettext("%(period)s, cut-off %(date)s") % {
            "period": self.period.label,
            "date": _long_date(self.period.end),
        }

    @property
    def slug(self) -> str:
        """For file names: the period's key, or the day of the current values."""
        if self.period is not None:
            return self.period.key
        return f"vigente-{self.as_of.isoformat()}" if self.as_of else "vigente"


# What is read --------------------------------------------------------------------------------


@dataclass
class Person:
    name: str
    position: str
    organization: str
    role: str

    @property
    def is_responsible(self) -> bool:
        return self.role == Responsible.Role.RESPONSIBLE


@dataclass
class Evidence:
    url: str  # the link as given, or the download address of a stored file
    label: str
    period_id: int | None  # the update's period; None for evidence on the item itself
    is_file: bool = False


@dataclass(slots=True)
class PublishedNode:
    id: int
    parent_id: int | None
    level_id: int
    ref: str
    title: str
    code: str
    position: int
    parent: PublishedNode | None = None
    _full_ref: str | None = None
    percent: float | None = None  # computed: the stored roll-up at this cut-off
    inputs: int = 0
    excluded: tuple[tuple[Any, str], ...] = ()
    reported: float | None = None  # what the counted update gave (its status' default if none)
    status_key: str = ""
    status: str = ""  # the status as written, else its label
    note: str = ""
    narrative: str = ""
    update_id: int | None = None
    update_period_id: int | None = None
    declared: float | None = None
    declared_status: str = ""
    declared_note: str = ""
    responsible: list[str] = field(default_factory=list)  # names, for the table
    people: list[Person] = field(default_factory=list)
    # Loaded with details=True (or detail()) only:
    evidence: list[Evidence] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def full_ref(self) -> str:
        """«1.1.3»: the printed number after its ancestors' (computed when first asked for: a
        table page needs a hundred of ten thousand)."""
        if self._full_ref is None:
            self._full_ref = full_ref(self.parent.prefix if self.parent else "", self.ref)
        return self._full_ref

    @property
    def prefix(self) -> str:
        """What its children's numbers follow: its full reference, or its parent's when the
        item itself has no number."""
        return self.full_ref or (self.parent.prefix if self.parent else "")

    @property
    def label(self) -> str:
        return f"{self.full_ref} {self.title}".strip()

    @property
    def differs(self) -> bool:
        return differs(self.declared, self.percent)

    @property
    def shown_status(self) -> str:
        return self.status or self.declared_status

    @property
    def shown_note(self) -> str:
        return self.note or self.declared_note


@dataclass
class Figures:
    """The plan-level roll-up at the cut-off, with its explanation."""

    percent: float | None
    method: str
    missing: str
    excluded_statuses: list[str]
    inputs: int
    excluded: list[Any]
    stored: bool  # False when computed in memory because nothing was stored
    computed_at: dt.datetime | None = None


@dataclass
class PublishedPlan:
    plan: Plan
    cutoff: Cutoff
    periods: list[ReportingPeriod]  # the published cut-offs, oldest first
    rollup: Figures
    levels: dict[int, Level]
    rows: dict[int, PublishedNode]
    children: dict[int | None, list[int]]
    statuses: dict[str, Status]
    figures: dict[str, DeclaredFigure]  # plan-level declared figures by metric
    counts_declared: dict[str, int]  # declared number of items per level name
    all_periods: list[ReportingPeriod] = field(default_factory=list)  # any state, time order

    @property
    def period(self) -> ReportingPeriod | None:
        return self.cutoff.period

    @property
    def top(self) -> list[PublishedNode]:
        return [self.rows[i] for i in self.children.get(None, [])]

    def kids(self, node_id: int) -> list[PublishedNode]:
        return [self.rows[i] for i in self.children.get(node_id, [])]

    def is_leaf(self, node_id: int) -> bool:
        return not self.children.get(node_id)

    def subtree(self, node_id: int) -> list[PublishedNode]:
        out, stack = [], list(reversed(self.children.get(node_id, [])))
        while stack:
            current = stack.pop()
            out.append(self.rows[current])
            stack.extend(reversed(self.children.get(current, [])))
        return out

    def ordered(self) -> list[PublishedNode]:
        """Every item in reading order (depth first)."""
        out: list[PublishedNode] = []
        for top in self.top:
            out.append(top)
            out.extend(self.subtree(top.id))
        return out

    def depth(self, node_id: int) -> int:
        depth, current = 0, self.rows[node_id].parent_id
        while current is not None:
            depth, current = depth + 1, self.rows[current].parent_id
        return depth

    def by_code(self, code: str) -> PublishedNode | None:
        return next((row for row in self.rows.values() if row.code == code), None)

    def level_name(self, row: PublishedNode) -> str:
        return self.levels[row.level_id].name

    def level_counts(self, rows: Iterable[PublishedNode]) -> list[tuple[str, int]]:
        counts = Counter(row.level_id for row in rows)
        return [
            (
                (level.name if counts[level.id] == 1 else level.plural or level.name),
                counts[level.id],
            )
            for level in sorted(self.levels.values(), key=lambda lv: lv.position)
            if counts[level.id]
        ]

    def status_mix(self, rows: list[PublishedNode]) -> list[tuple[str, str, int]]:
        """(label, colour, count) of the items without children."""
        leaves = [row for row in rows if not self.children.get(row.id)]
        mix = Counter(
            row.status_key or ("__none" if row.percent is None else "__value") for row in leaves
        )
        out = []
        for key, count in mix.most_common():
            if key == "__none":
                out.append((gettext("no report yet"), "#9ca3af", count))
            elif key == "__value":
                out.append((gettext("with reported progress"), "#2563eb", count))
            else:
                status = self.statuses.get(key)
                out.append(
                    (status.label if status else key, status.colour if status else "#6b7280", count)
                )
        return out

    def breadcrumbs(self, node_id: int) -> list[PublishedNode]:
        trail = []
        current: int | None = self.rows[node_id].parent_id
        while current is not None:
            trail.append(self.rows[current])
            current = self.rows[current].parent_id
        return list(reversed(trail))

    @property
    def percent(self) -> float | None:
        return self.rollup.percent

    @property
    def declared(self) -> float | None:
        figure = self.figures.get(DeclaredFigure.Metric.PROGRESS)
        return figure.value if figure else None

    @property
    def differs(self) -> bool:
        return differs(self.declared, self.rollup.percent)

    @property
    def remaining(self) -> tuple[float | None, dt.date | None]:
        """What remains and by when: as declared for this cut-off, else 100 − computed by the
        plan's end."""
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

    def differences(self) -> list[tuple[PublishedNode | None, float, float | None]]:
        """Declared figures that differ from the computed ones: (item or None for the plan,
        declared, computed), plan first, then in reading order."""
        out: list[tuple[PublishedNode | None, float, float | None]] = []
        if self.declared is not None and self.differs:
            out.append((None, self.declared, self.percent))
        for row in self.ordered():
            if row.declared is not None and row.differs:
                out.append((row, row.declared, row.percent))
        return out


# Reading ---------------------------------------------------------------------------------------


def stored_figures(plan: Plan, period: ReportingPeriod | None) -> tuple[Figures, dict[int, Any]]:
    """The plan's figures and each node's (percent, inputs, excluded), from the stored roll-up;
    computed in memory (never stored: reads do not write) when none is stored."""
    rollup = Rollup.objects.filter(plan=plan, period=period).first()
    if rollup is not None:
        # Raw rows: ten thousand JSON conversions of mostly empty `excluded` cost more than
        # the query itself.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT node_id, percent, inputs, excluded FROM {NODE_ROLLUP} "
                f"WHERE rollup_id = %s",
                [rollup.id],
            )
            values = {
                node_id: (percent, inputs, _json(excluded))
                for node_id, percent, inputs, excluded in cursor.fetchall()
            }
        figures = Figures(
            rollup.percent,
            rollup.method,
            rollup.missing,
            list(rollup.excluded_statuses),
            rollup.inputs,
            list(rollup.excluded),
            stored=True,
            computed_at=rollup.computed_at,
        )
        return figures, values
    from avance.progress import rollups

    result = rollups.compute(plan, period)
    values = {
        node_id: (percent, inputs, excluded)
        for node_id, percent, inputs, _sum, _count, excluded in result.items()
    }
    total = result.total
    figures = Figures(
        total.percent,
        result.settings.method,
        result.settings.missing,
        sorted(result.settings.excluded_statuses),
        total.inputs,
        [list(item) for item in total.excluded],
        stored=False,
    )
    return figures, values


def _as_of(plan: Plan, computed_at: dt.datetime | None) -> dt.date | None:
    """The day current values last changed: the last roll-up (every publication refreshes it)
    or the plan's own publication."""
    stamps = [stamp for stamp in (computed_at, plan.published_at) if stamp is not None]
    return timezone.localdate(max(stamps)) if stamps else None


def cutoff_for(
    plan: Plan, period: ReportingPeriod | None, computed_at: dt.datetime | None = None
) -> Cutoff:
    """The cut-off's description; `computed_at` of the current roll-up when the caller has it."""
    if period is not None:
        return Cutoff(period, None)
    if computed_at is None:
        computed_at = (
            Rollup.objects.filter(plan=plan, period__isnull=True)
            .values_list("computed_at", flat=True)
            .first()
        )
    return Cutoff(None, _as_of(plan, computed_at))


UPDATE_FIELDS = ("id", "period_id", "percent", "status__key", "status__default_percent",
                 "status_text", "note", "narrative")  # fmt: skip


_MEMO: ContextVar[dict[tuple[Any, ...], PublishedPlan] | None] = ContextVar(
    "published_memo", default=None
)


@contextmanager
def memo() -> Iterator[None]:
    """Within this block, as_at answers a question it was already asked from memory. The site
    renderer (portal.site) asks the same plan once per item page while nothing is written."""
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def as_at(
    plan: Plan,
    period: ReportingPeriod | None = None,
    *,
    details: bool = False,
    people: bool = False,
) -> PublishedPlan:
    """The plan as published at a cut-off (current values when `period` is None), in a fixed
    number of queries. `people` adds each item's responsible parties; `details` adds them with
    each item's fields and evidence."""
    key = (plan.id, period.id if period else None, details, people, translation.get_language())
    remembered = _MEMO.get()
    if remembered is not None:
        if key not in remembered:
            remembered[key] = _as_at(plan, period, details=details, people=people)
        return remembered[key]
    version = SITE_VERSION.get()
    if version is None:
        return _as_at(plan, period, details=details, people=people)
    return _RECENT.get(
        (version, *key), lambda: _as_at(plan, period, details=details, people=people)
    )


class _Recent:
    """The few plans most recently read on public pages, per process, under the site's version
    (`avance.conditional`): any action writes the audit trail and so changes the version, and
    a view read under an older version is never given out again. Pages of one plan that are not
    rendered into files (filtered tables, item pages at an earlier cut-off) then share one
    read of the plan instead of one each."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.views: dict[tuple[Any, ...], PublishedPlan] = {}
        self.lock = threading.Lock()

    def get(self, key: tuple[Any, ...], build: Callable[[], PublishedPlan]) -> PublishedPlan:
        with self.lock:
            found = self.views.pop(key, None)
            if found is not None:
                self.views[key] = found  # most recent last
                return found
        view = build()
        with self.lock:
            self.views[key] = view
            for stale in [k for k in self.views if k[0] != key[0]]:
                del self.views[stale]
            while len(self.views) > self.size:
                del self.views[next(iter(self.views))]
        return view


# Set by avance.conditional for the length of an anonymous public request.
SITE_VERSION: ContextVar[str | None] = ContextVar("site_version", default=None)
_RECENT = _Recent(size=8)


def _as_at(
    plan: Plan,
    period: ReportingPeriod | None,
    *,
    details: bool,
    people: bool,
) -> PublishedPlan:
    if period is not None and period.state != ReportingPeriod.State.PUBLISHED:
        raise ValueError(f"period {period.key!r} is not published; it is no public cut-off")
    figures, computed = stored_figures(plan, period)
    all_periods = list(ReportingPeriod.objects.filter(plan=plan))
    levels = {level.id: level for level in Level.objects.filter(plan=plan)}
    statuses = {status.key: status for status in Status.objects.filter(plan=plan)}
    rows: dict[int, PublishedNode] = {}
    children: dict[int | None, list[int]] = defaultdict(list)
    extra = list(DETAIL_FIELDS) if details else []
    for node_id, parent_id, level_id, ref, title, code, position in _node_rows(plan.id):
        row = PublishedNode(node_id, parent_id, level_id, ref, title, code, position)
        rows[node_id] = row
        children[parent_id].append(node_id)
    if details:
        for values in Node.objects.filter(plan=plan).values_list("id", *extra):
            rows[values[0]].details = dict(zip(extra, values[1:], strict=True))
    _fill_refs(rows, children)
    for node_id, (percent, inputs, excluded) in computed.items():
        if node_id in rows:
            rows[node_id].percent, rows[node_id].inputs = percent, inputs
            rows[node_id].excluded = tuple(tuple(item) for item in excluded or ())
    for node_id, values in published_as_at(
        plan.id, period, *UPDATE_FIELDS, periods=all_periods
    ).items():
        if node_id not in rows:
            continue
        row = rows[node_id]
        update_id, period_id, percent, key, default, text, note, narrative = values
        row.update_id, row.update_period_id = update_id, period_id
        row.reported = default if percent is None else percent
        row.status_key = key or ""
        row.status = text or (statuses[key].label if key in statuses else "")
        row.note, row.narrative = note, narrative
    plan_figures: dict[str, DeclaredFigure] = {}
    counts: dict[str, int] = {}
    for figure in DeclaredFigure.objects.filter(plan=plan, period=period).order_by("id"):
        if figure.node_id is None:
            if figure.metric == DeclaredFigure.Metric.COUNT:
                if figure.value is not None:
                    counts[figure.level_name] = int(figure.value)
            else:
                plan_figures.setdefault(figure.metric, figure)
        elif figure.metric == DeclaredFigure.Metric.PROGRESS and figure.node_id in rows:
            row = rows[figure.node_id]
            row.declared = figure.value
            row.declared_status, row.declared_note = figure.status_text, figure.note
    if people or details:
        _fill_people(plan, rows)
    if details:
        _fill_evidence(plan, rows)
    return PublishedPlan(
        plan=plan,
        cutoff=Cutoff(period, None)
        if period is not None
        else Cutoff(None, _as_of(plan, figures.computed_at)),
        periods=sorted(
            (p for p in all_periods if p.state == ReportingPeriod.State.PUBLISHED),
            key=lambda p: p.order_key,
        ),
        rollup=figures,
        levels=levels,
        rows=rows,
        children=children,
        statuses=statuses,
        figures=plan_figures,
        counts_declared=counts,
        all_periods=sorted(all_periods, key=lambda p: p.order_key),
    )


# The item fields loaded with details=True, as Node attribute names.
DETAIL_FIELDS = (*NODE_DETAILS, "weight", "unit__name")


NODE = Node._meta.db_table
NODE_ROLLUP = NodeRollup._meta.db_table


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _node_rows(plan_id: int) -> list[tuple[Any, ...]]:
    """(id, parent, level, ref, title, code as hex, position) in reading order among siblings.
    Raw rows: Django's UUID conversion of ten thousand codes takes longer than the query."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, parent_id, level_id, ref, title, code, position FROM {NODE} "
            f"WHERE plan_id = %s ORDER BY position, id",
            [plan_id],
        )
        rows = cursor.fetchall()
    return [
        (*row[:5], row[5].replace("-", "") if isinstance(row[5], str) else row[5].hex, row[6])
        for row in rows
    ]


def _fill_refs(rows: dict[int, PublishedNode], children: dict[int | None, list[int]]) -> None:
    """Link each row to its parent's (full references are computed from them when asked)."""
    for row in rows.values():
        if row.parent_id is not None:
            row.parent = rows.get(row.parent_id)


def detail(view: PublishedPlan, row: PublishedNode) -> PublishedNode:
    """Load one item's fields, people and evidence into a view read without details (an item
    page of a large plan), by the same rules as `as_at(..., details=True)`."""
    values = Node.objects.filter(pk=row.id).values_list(*DETAIL_FIELDS).get()
    row.details = dict(zip(DETAIL_FIELDS, values, strict=True))
    row.people = [
        Person(name, job_title, organization, role)
        for name, job_title, organization, role in Responsible.objects.filter(node_id=row.id)
        .order_by("position", "id")
        .values_list("name", "job_title", "organization", "role")
    ]
    row.evidence = []
    _fill_evidence(view.plan, {row.id: row}, EvidenceLink.objects.filter(node_id=row.id))
    return row


def _fill_people(plan: Plan, rows: dict[int, PublishedNode]) -> None:
    for node_id, name, job_title, organization, role in (
        Responsible.objects.filter(node__plan=plan)
        .order_by("node_id", "position", "id")
        .values_list("node_id", "name", "job_title", "organization", "role")
    ):
        row = rows[node_id]
        row.responsible.append(name or organization)
        row.people.append(Person(name, job_title, organization, role))


def _fill_evidence(
    plan: Plan, rows: dict[int, PublishedNode], links: QuerySet[EvidenceLink] | None = None
) -> None:
    """The item's own evidence and its counted update's: never a later or unpublished one's."""
    counted = {row.update_id: row.id for row in rows.values() if row.update_id is not None}
    links = EvidenceLink.objects.filter(node__plan=plan) if links is None else links
    for node_id, update_id, url, label, file, code, period_id in links.order_by(
        "node_id", "update_id", "position", "id"
    ).values_list("node_id", "update_id", "url", "label", "file", "code", "update__period_id"):
        if update_id is not None and counted.get(update_id) != node_id:
            continue
        if file:
            href = reverse("evidence-file", args=[code.hex])
            rows[node_id].evidence.append(Evidence(href, label or url, period_id, is_file=True))
        elif url:
            rows[node_id].evidence.append(Evidence(url, label or url, period_id))


def history(view: PublishedPlan, node_id: int) -> list[dict[str, Any]]:
    """An item's figure and narrative at every published cut-off up to the view's (all of them
    and the current values for a current view): what each cut-off's page showed for it."""
    plan, up_to, current = view.plan, view.period, view.cutoff
    every = view.all_periods
    ranks = {p.id: i for i, p in enumerate(every)}
    periods = [p for p in every if p.state == ReportingPeriod.State.PUBLISHED]
    if up_to is not None:
        periods = [p for p in periods if p.order_key <= up_to.order_key]
    stored: dict[int | None, float | None] = dict(
        NodeRollup.objects.filter(node_id=node_id, rollup__plan=plan).values_list(
            "rollup__period_id", "percent"
        )
    )
    updates = list(
        ProgressUpdate.objects.filter(node_id=node_id, state=ProgressUpdate.State.PUBLISHED)
        .order_by("id")
        .values_list(
            "node_id", "period_id", "published_at", "id", "narrative", "note", "is_current"
        )
    )
    out = []
    for period in periods:
        counted = _latest(updates, period, ranks).get(node_id)
        out.append(_point(Cutoff(period, None), stored.get(period.id), counted))
    if up_to is None:
        current_update = next((u[4:] for u in updates if u[6]), None)
        out.append(_point(current, stored.get(None), current_update))
    return out


def _point(cutoff: Cutoff, percent: float | None, update: tuple[Any, ...] | None) -> dict[str, Any]:
    narrative, note = update[:2] if update else ("", "")
    return {"cutoff": cutoff, "percent": percent, "narrative": narrative, "note": note}


def plan_percents(plans: list[Plan]) -> dict[int, float | None]:
    """Current global figure of each plan (the home page's list)."""
    return dict(
        Rollup.objects.filter(plan__in=plans, period__isnull=True).values_list("plan_id", "percent")
    )


def period_percents(plan: Plan) -> list[tuple[ReportingPeriod, dict[int, float | None]]]:
    """Each published period with every node's stored figure at its cut-off (workbooks)."""
    out = []
    for period in published_periods(plan):
        _unused, values = stored_figures(plan, period)
        out.append((period, {node_id: v[0] for node_id, v in values.items()}))
    return out


def number(value: float | Decimal | None) -> int | float | None:
    """A figure for data files: whole numbers as integers, others to 4 decimals."""
    if value is None:
        return None
    figure = float(value)
    return int(figure) if figure.is_integer() else round(figure, 4)


def node_percents(node_ids: list[int]) -> dict[int, float | None]:
    """Current published figure of some items of any plans (a network's agenda reads its
    members' linked items through it)."""
    return dict(
        NodeRollup.objects.filter(
            node_id__in=node_ids,
            rollup__period__isnull=True,
            rollup__plan__published_at__isnull=False,
        )
        .exclude(rollup__plan__state=Plan.State.DRAFT)
        .values_list("node_id", "percent")
    )
