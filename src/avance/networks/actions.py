"""Every write to networks goes through one of these actions (atomic, audited)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from avance.audit import log
from avance.core.errors import ActionError
from avance.networks.models import Coordination, Member
from avance.organizations.actions import do_create_organization
from avance.organizations.models import Organization


@transaction.atomic
def do_create_network(actor: log.Actor, name: str, *, acronym: str = "") -> Organization:
    """A network: an organisation of kind «network» that institutions join."""
    return do_create_organization(actor, name, acronym=acronym, kind=Organization.Kind.NETWORK)


@transaction.atomic
def do_add_member(
    actor: log.Actor,
    network: Organization,
    organization: Organization,
    *,
    joined: dt.date,
    population: int | None = None,
) -> Member:
    if network.kind != Organization.Kind.NETWORK:
        raise ActionError(f"{network} is not a network", code="not_a_network")
    if organization.pk == network.pk or organization.kind == Organization.Kind.NETWORK:
        raise ActionError("a network's members are institutions", code="member_kind")
    if Member.objects.filter(
        network=network, organization=organization, left__isnull=True
    ).exists():
        raise ActionError(
            f"{organization} already belongs to {network}",
            code="already_member",
            params={"member": str(organization), "network": str(network)},
        )
    member = Member.objects.create(
        network=network, organization=organization, joined=joined, population=population
    )
    log.record(
        actor,
        "network.join",
        network,
        after={"member": str(organization), "joined": joined.isoformat()},
    )
    return member


@transaction.atomic
def do_leave(actor: log.Actor, member: Member, *, left: dt.date) -> Member:
    if member.left is not None:
        raise ActionError(f"{member.organization} already left", code="already_left")
    if left < member.joined:
        raise ActionError("a member cannot leave before it joined", code="left_before_joined")
    member.left = left
    member.save(update_fields=["left"])
    # A coordinator that leaves stops coordinating the same day.
    Coordination.objects.filter(
        network=member.network, coordinator=member.organization, end__isnull=True
    ).update(end=left)
    log.record(
        actor,
        "network.leave",
        member.network,
        after={"member": str(member.organization), "left": left.isoformat()},
    )
    return member


@transaction.atomic
def do_set_coordinator(
    actor: log.Actor, network: Organization, coordinator: Organization, *, start: dt.date
) -> Coordination:
    """The coordinator from `start`: it must be a current member; the previous term ends the
    day before."""
    if not Member.objects.filter(
        network=network, organization=coordinator, left__isnull=True
    ).exists():
        raise ActionError(
            f"{coordinator} is not a member of {network}",
            code="coordinator_not_member",
            params={"member": str(coordinator), "network": str(network)},
        )
    Coordination.objects.filter(network=network, end__isnull=True).update(
        end=start - dt.timedelta(days=1)
    )
    term = Coordination.objects.create(network=network, coordinator=coordinator, start=start)
    log.record(
        actor,
        "network.coordinator",
        network,
        after={"coordinator": str(coordinator), "start": start.isoformat()},
    )
    return term
