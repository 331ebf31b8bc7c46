"""What the public sees of a network: its current members (with their published plans and
global figures) and its coordinator. Reads only."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from avance.networks.models import Coordination, Member
from avance.organizations.models import Organization


@dataclass
class NetworkView:
    network: Organization
    members: list[dict[str, Any]] = field(default_factory=list)
    coordination: Coordination | None = None


def network_view(network: Organization) -> NetworkView:
    from avance.portal.access import public_plans
    from avance.progress.published import plan_percents

    members = list(
        Member.objects.filter(network=network, left__isnull=True).select_related("organization")
    )
    plans = list(
        public_plans().filter(owner__in=[m.organization for m in members]).order_by("title")
    )
    percents = plan_percents(plans)
    by_owner: dict[int, list[Any]] = {}
    for plan in plans:
        by_owner.setdefault(plan.owner_id, []).append((plan, percents.get(plan.id)))
    coordination = (
        Coordination.objects.filter(network=network, end__isnull=True)
        .select_related("coordinator")
        .first()
    )
    return NetworkView(
        network,
        [
            {
                "member": m,
                "organization": m.organization,
                "plans": by_owner.get(m.organization_id, []),
            }
            for m in members
        ],
        coordination,
    )


def networks_of(organization: Organization) -> list[Organization]:
    """The networks an institution currently belongs to."""
    return [
        m.network
        for m in Member.objects.filter(organization=organization, left__isnull=True)
        .select_related("network")
        .order_by("network__name")
    ]


@dataclass
class AgendaLine:
    line: Any  # plans.Node of the network's plan
    cells: list[dict[str, Any]]  # per current member: state and figure
    percent: float | None  # the line's network figure
    method: str
    counted: int
    not_reported: list[str]
    declined: list[str]


def agenda_view(network: Organization) -> dict[str, Any]:
    """The line × member matrix of the network's agenda, each line's explained network figure
    (mean of the members that adopted it, or the share that completed it, as the network's plan
    says), and the national objectives the agenda covers.

    A member's figure for a line is the current published progress of the item of its own plan
    it linked; a member that adopted the line without a published figure is «sin reporte» and
    never counts as zero; a member that declined is shown with its reason and not counted."""
    from avance.core.rollup import ChildInput, NodeValue, Settings, combine
    from avance.networks.models import Adoption
    from avance.plans.models import Node
    from avance.portal.access import public_plans
    from avance.progress.published import node_percents

    plans = list(public_plans().filter(owner=network).order_by("title"))
    members = list(
        Member.objects.filter(network=network, left__isnull=True)
        .select_related("organization")
        .order_by("organization__name")
    )
    lines = list(
        Node.objects.filter(plan__in=plans, children__isnull=True)
        .select_related("plan", "level")
        .order_by("plan__title", "parent__parent__position", "parent__position", "position", "id")
    )
    adoptions = {
        (a.line_id, a.member_id): a
        for a in Adoption.objects.filter(line__in=lines, member__in=members)
    }
    figures = node_percents([a.item_id for a in adoptions.values() if a.item_id])
    rows = []
    for line in lines:
        method = "completed_ratio" if line.plan.rollup_method == "completed_ratio" else "mean"
        cells, children, not_reported, declined = [], [], [], []
        for member in members:
            adoption = adoptions.get((line.pk, member.pk))
            name = member.organization.acronym or member.organization.name
            if adoption is None:
                cells.append({"member": member, "state": "undecided", "percent": None})
            elif not adoption.adopted:
                cells.append({"member": member, "state": "declined", "reason": adoption.reason})
                declined.append(name)
            else:
                percent = figures.get(adoption.item_id) if adoption.item_id else None
                cells.append({"member": member, "state": "adopted", "percent": percent})
                if percent is None:
                    not_reported.append(name)
                else:
                    children.append(ChildInput(name, 1.0, None, True, NodeValue(percent)))
        value = combine(children, Settings(method=method, missing="skip"))
        rows.append(
            AgendaLine(line, cells, value.percent, method, value.inputs, not_reported, declined)
        )
    catalogue = [entry for plan in plans for entry in plan.alignment or []]
    return {"members": members, "lines": rows, "objectives": _objectives(rows, catalogue)}


def _objectives(rows: list[AgendaLine], catalogue: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The national objectives the agenda covers, each with its lines and the mean of their
    network figures. The catalogue is the network plan's own alignment list (loaded with the
    plan), so objectives no line serves yet show too, with no lines."""
    covered: dict[tuple[str, str], dict[str, Any]] = {}
    entries = [(None, entry) for entry in catalogue] + [
        (row, entry) for row in rows for entry in row.line.alignment or []
    ]
    for row, entry in entries:
        key = (str(entry.get("framework") or ""), str(entry.get("ref") or entry.get("title")))
        item = covered.setdefault(
            key,
            {
                "framework": key[0],
                "ref": entry.get("ref") or "",
                "title": entry.get("title") or "",
                "lines": [],
            },
        )
        if row is not None:
            item["lines"].append(row)
    out = []
    for item in covered.values():
        figures = [row.percent for row in item["lines"] if row.percent is not None]
        item["percent"] = sum(figures) / len(figures) if figures else None
        out.append(item)
    return sorted(out, key=lambda i: (i["framework"], str(i["ref"]), i["title"]))


def sessions_of(network: Organization) -> list[Any]:
    """The network's sessions, newest first, with attendance and agreements."""
    from avance.networks.models import Session

    return list(
        Session.objects.filter(network=network)
        .prefetch_related("present__organization", "agreements__responsible__organization")
        .order_by("-date")
    )
