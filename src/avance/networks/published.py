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
