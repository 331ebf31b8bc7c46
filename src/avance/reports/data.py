"""What a report shows: a formatter over the published read model (progress/published.py).

Reports never select updates or figures themselves, so they show what the portal shows for the
same cut-off, and say which cut-off that is.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext

from avance.core.consistency import differs
from avance.core.rollup import METHOD_DESCRIPTIONS
from avance.plans.models import Plan
from avance.progress.models import ReportingPeriod
from avance.progress.published import Person, PublishedNode, PublishedPlan, as_at
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
    view: PublishedPlan
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
        return self.view.percent

    @property
    def period(self) -> ReportingPeriod | None:
        return self.view.period

    @property
    def cutoff(self) -> Any:
        return self.view.cutoff

    @property
    def differs(self) -> bool:
        return differs(self.declared, self.percent)

    @property
    def issued(self) -> Any:
        """The report's date: when its period was published, or the day the current figures
        last changed (so the same data always gives the same document)."""
        period = self.view.period
        if period is not None and period.published_at is not None:
            return timezone.localtime(period.published_at).date()
        return self.view.cutoff.as_of

    @property
    def logo(self) -> str:
        """The institution's logo as a data: URI, so the document carries it (WeasyPrint reads
        no files or URLs); "" when there is none or it cannot be read."""
        import base64

        logo = self.plan.owner.logo
        if not logo:
            return ""
        try:
            with logo.open("rb") as handle:
                content = handle.read()
        except OSError:
            return ""
        kind = "image/png" if content.startswith(b"\x89PNG") else "image/jpeg"
        return f"data:{kind};base64,{base64.b64encode(content).decode('ascii')}"

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


def build(plan: Plan, period: ReportingPeriod | None = None) -> Report:
    """The report of the plan as published at a cut-off (current values when `period` is None)."""
    return from_view(as_at(plan, period, details=True))


def from_view(view: PublishedPlan) -> Report:
    plan = view.plan

    def item(row: PublishedNode, depth: int) -> Item:
        details = row.details
        return Item(
            id=row.id,
            level=view.level_name(row),
            ref=row.full_ref,
            title=row.title,
            description=details["description"],
            percent=row.percent,
            declared=row.declared,
            status=row.shown_status,
            note=row.shown_note,
            responsible=[_person(p) for p in row.people if p.is_responsible],
            co_creators=[_person(p) for p in row.people if not p.is_responsible],
            evidence=[e.url for e in row.evidence],
            goal=details["goal"],
            budget=details["budget"],
            beneficiaries=details["beneficiaries"],
            start=details["start"],
            end=details["end"],
            evaluation_frequency=details["evaluation_frequency"],
            alignment=details["alignment"],
            depth=depth,
            children=[item(kid, depth + 1) for kid in view.kids(row.id)],
        )

    items = [item(row, 0) for row in view.top]
    found = Counter(row.level_id for row in view.rows.values())
    counts = [
        (level.plural or level.name, found[level.id], view.counts_declared.get(level.name))
        for level in sorted(view.levels.values(), key=lambda lv: lv.position)
        if found[level.id]
    ]
    remaining, due = view.remaining
    return Report(
        plan=plan,
        view=view,
        items=items,
        declared=view.declared,
        remaining=remaining,
        remaining_due=due,
        counts=counts,
        method=str(Plan.RollupMethod(view.rollup.method).label)
        if view.rollup.method in Plan.RollupMethod.values
        else METHOD_DESCRIPTIONS.get(view.rollup.method, view.rollup.method),
        missing=view.rollup.missing,
        excluded_statuses=view.excluded_statuses,
        differences=[
            (_difference_label(view, row), declared, computed)
            for row, declared, computed in view.differences()
        ],
        axes_chart=charts.axes([(row.label, row.percent) for row in view.top], plan.title),
        global_bar=charts.bar(view.percent, plan.title, width=320, height=16),
    )


def _difference_label(view: PublishedPlan, row: PublishedNode | None) -> str:
    if row is None:
        return gettext("Global progress")
    return f"{view.level_name(row)} {row.full_ref} {row.title}".replace("  ", " ")


def _person(person: Person) -> dict[str, str]:
    return {"name": person.name, "position": person.position, "organization": person.organization}
