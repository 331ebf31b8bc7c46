"""What a report shows, read from stored roll-ups and published updates only.

One structure for every format (HTML, PDF, XLSX, CSV): formats never query the database.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from avance.core.consistency import differs
from avance.core.rollup import METHOD_DESCRIPTIONS
from avance.plans.export import default_period, latest_updates
from avance.plans.models import Level, Node, Plan, Responsible, Status
from avance.progress.checks import check_plan
from avance.progress.models import DeclaredFigure, EvidenceLink, NodeRollup, ReportingPeriod, Rollup
from avance.progress.rollups import stored_rollup
from avance.reports import charts


@dataclass
class Item:
    id: int
    level: str
    ref: str
    title: str
    description: str
    percent: float | None  # computed (stored roll-up)
    declared: float | None
    status: str
    note: str
    responsible: list[dict[str, str]]
    co_creators: list[dict[str, str]]
    evidence: list[str]
    goal: str
    budget: Decimal | None
    beneficiaries: dict[str, Any] | None
    start: Any
    end: Any
    evaluation_frequency: str
    alignment: list[dict[str, Any]]
    depth: int
    children: list[Item] = field(default_factory=list)

    @property
    def bar(self) -> str:
        return charts.bar(self.percent, f"{self.ref} {self.title}".strip()[:80])

    @property
    def differs(self) -> bool:
        return differs(self.declared, self.percent)

    def walk(self) -> list[Item]:
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


@dataclass
class Report:
    plan: Plan
    period: ReportingPeriod | None
    rollup: Rollup
    items: list[Item]
    declared: float | None
    remaining: float | None
    remaining_due: Any
    counts: list[tuple[str, int, int | None]]  # (level plural, found, declared)
    method: str
    missing: str
    excluded_statuses: list[str]
    differences: list[Any]
    axes_chart: str
    global_bar: str

    @property
    def percent(self) -> float | None:
        return self.rollup.percent

    @property
    def differs(self) -> bool:
        return differs(self.declared, self.percent)

    @property
    def all_items(self) -> list[Item]:
        return [item for top in self.items for item in top.walk()]

    @property
    def budget_total(self) -> Decimal:
        return sum((i.budget for i in self.all_items if i.budget is not None), Decimal(0))

    @property
    def beneficiaries_total(self) -> int:
        total = 0
        for item in self.all_items:
            direct = (item.beneficiaries or {}).get("direct")
            if isinstance(direct, int):
                total += direct
        return total


def build(plan: Plan, period: ReportingPeriod | None = None, *, latest: bool = True) -> Report:
    if period is None and latest:
        period = default_period(plan)
    rollup = stored_rollup(plan, period)
    levels = {level.id: level for level in Level.objects.filter(plan=plan)}
    nodes = list(Node.objects.filter(plan=plan).order_by("parent_id", "position", "id"))
    computed = dict(NodeRollup.objects.filter(rollup=rollup).values_list("node_id", "percent"))
    updates = latest_updates(plan, period)
    figures = list(DeclaredFigure.objects.filter(plan=plan, period=period))
    declared = {f.node_id: f for f in figures if f.metric == DeclaredFigure.Metric.PROGRESS}
    people: dict[int, list[Responsible]] = defaultdict(list)
    for person in Responsible.objects.filter(node__plan=plan).order_by("node_id", "position"):
        people[person.node_id].append(person)
    update_ids = {u.id for u in updates.values()}
    evidence: dict[int, list[str]] = defaultdict(list)
    for link in EvidenceLink.objects.filter(node__plan=plan).order_by("node_id", "position", "id"):
        if link.update_id is None or link.update_id in update_ids:
            evidence[link.node_id].append(link.url)
    children: dict[int | None, list[Node]] = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node)

    def item(node: Node, depth: int) -> Item:
        update = updates.get(node.id)
        figure = declared.get(node.id)
        status = note = ""
        if update is not None:
            status = update.status_text or (update.status.label if update.status else "")
            note = update.note
        elif figure is not None:
            status, note = figure.status_text, figure.note
        persons = people.get(node.id, [])
        return Item(
            id=node.id,
            level=levels[node.level_id].name,
            ref=node.ref,
            title=node.title,
            description=node.description,
            percent=computed.get(node.id),
            declared=figure.value if figure is not None else None,
            status=status,
            note=note,
            responsible=[_person(p) for p in persons if p.role == Responsible.Role.RESPONSIBLE],
            co_creators=[_person(p) for p in persons if p.role != Responsible.Role.RESPONSIBLE],
            evidence=evidence.get(node.id, []),
            goal=node.goal,
            budget=node.budget,
            beneficiaries=node.beneficiaries,
            start=node.start,
            end=node.end,
            evaluation_frequency=node.evaluation_frequency,
            alignment=node.alignment,
            depth=depth,
            children=[item(child, depth + 1) for child in children.get(node.id, [])],
        )

    items = [item(node, 0) for node in children.get(None, [])]
    plan_figures = {
        f.metric: f
        for f in figures
        if f.node_id is None and f.metric != DeclaredFigure.Metric.COUNT
    }
    declared_counts = {
        f.level_name: int(f.value)
        for f in figures
        if f.node_id is None and f.metric == DeclaredFigure.Metric.COUNT and f.value is not None
    }
    found: dict[int, int] = defaultdict(int)
    for node in nodes:
        found[node.level_id] += 1
    counts = [
        (level.plural or level.name, found[level.id], declared_counts.get(level.name))
        for level in sorted(levels.values(), key=lambda lv: lv.position)
        if found[level.id]
    ]
    remaining_figure = plan_figures.get(DeclaredFigure.Metric.REMAINING)
    progress_figure = plan_figures.get(DeclaredFigure.Metric.PROGRESS)
    statuses = {s.key: s.label for s in Status.objects.filter(plan=plan)}
    checks = [c for c in check_plan(plan) if c.period == period] if figures else []
    return Report(
        plan=plan,
        period=period,
        rollup=rollup,
        items=items,
        declared=progress_figure.value if progress_figure else None,
        remaining=remaining_figure.value
        if remaining_figure
        else (None if rollup.percent is None else round(100 - rollup.percent, 1)),
        remaining_due=remaining_figure.due if remaining_figure else plan.end,
        counts=counts,
        method=str(Plan.RollupMethod(rollup.method).label)
        if rollup.method in Plan.RollupMethod.values
        else METHOD_DESCRIPTIONS.get(rollup.method, rollup.method),
        missing=rollup.missing,
        excluded_statuses=[statuses.get(k, k) for k in rollup.excluded_statuses],
        differences=[
            (_difference_label(d.node, nodes, levels), d.declared, d.computed)
            for d in (checks[0].differences if checks else [])
        ],
        axes_chart=charts.axes(
            [(f"{i.ref} {i.title}".strip(), i.percent) for i in items], plan.title
        ),
        global_bar=charts.bar(rollup.percent, plan.title, width=320, height=16),
    )


def _difference_label(node_id: int | None, nodes: list[Node], levels: dict[int, Level]) -> str:
    from django.utils.translation import gettext

    if node_id is None:
        return gettext("Global progress")
    node = next(n for n in nodes if n.id == node_id)
    return f"{levels[node.level_id].name} {node.ref} {node.title}".replace("  ", " ")


def _person(person: Responsible) -> dict[str, str]:
    return {"name": person.name, "position": person.job_title, "organization": person.organization}
