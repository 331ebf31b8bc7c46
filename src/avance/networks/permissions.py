"""Who may do what in a network. The coordinator manages forms, periods, the agenda and
sessions; a liaison reports for its member; the member's own reviewers (institution roles)
approve. Nobody but the member's liaison writes a member's figures."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from avance.accounts.models import Membership
from avance.networks.models import Member, NetworkRole, Submission
from avance.organizations.models import Organization

REVIEWING = (Membership.Role.ADMIN, Membership.Role.REVIEWER)


def is_coordinator(user: Any, network: Organization) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(
        user.is_superuser
        or NetworkRole.objects.filter(
            user=user, network=network, role=NetworkRole.Role.COORDINATOR
        ).exists()
    )


def liaison_members(user: Any, network: Organization) -> list[Member]:
    """The members this user reports for."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Member.objects.filter(
            network=network,
            liaisons__user=user,
            liaisons__role=NetworkRole.Role.LIAISON,
            left__isnull=True,
        ).select_related("organization")
    )


def reviewing_members(user: Any, network: Organization) -> list[Member]:
    """The members whose figures this user approves (a reviewer or admin of the member)."""
    if not getattr(user, "is_authenticated", False):
        return []
    orgs = Membership.objects.filter(user=user, role__in=REVIEWING).values("organization_id")
    return list(
        Member.objects.filter(network=network, organization_id__in=orgs).select_related(
            "organization"
        )
    )


def can_fill(user: Any, member: Member) -> bool:
    return any(m.pk == member.pk for m in liaison_members(user, member.network))


def can_approve(user: Any, member: Member) -> bool:
    return any(m.pk == member.pk for m in reviewing_members(user, member.network))


def can_see(user: Any, submission: Submission) -> bool:
    """Drafts stay with the member: the coordinator sees a submission once it is sent."""
    member = submission.member
    if can_fill(user, member) or can_approve(user, member):
        return True
    return submission.state != Submission.State.DRAFT and is_coordinator(user, member.network)


def can_return(user: Any, submission: Submission) -> bool:
    return can_approve(user, submission.member) or is_coordinator(user, submission.member.network)


def networks_for(user: Any) -> QuerySet[Organization]:
    """The networks in which the user has a part: coordinator, liaison or a member's reviewer."""
    if not getattr(user, "is_authenticated", False):
        return Organization.objects.none()
    if user.is_superuser:
        return Organization.objects.filter(kind=Organization.Kind.NETWORK)
    roles = NetworkRole.objects.filter(user=user).values("network_id")
    orgs = Membership.objects.filter(user=user, role__in=REVIEWING).values("organization_id")
    via_members = Member.objects.filter(organization_id__in=orgs).values("network_id")
    return Organization.objects.filter(kind=Organization.Kind.NETWORK).filter(
        Q(id__in=roles) | Q(id__in=via_members)
    )
