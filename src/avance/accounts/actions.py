"""Every write to accounts goes through one of these actions: users, memberships (a role in an
institution) and officers' item assignments."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from avance.accounts.models import Assignment, Membership
from avance.audit import log
from avance.core.errors import ActionError
from avance.organizations.models import Organization
from avance.plans.models import Node


@transaction.atomic
def do_create_user(
    actor: log.Actor,
    username: str,
    *,
    password: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    superuser: bool = False,
    password_hash: str = "",
) -> User:
    """A user with a password, or with `password_hash` already made (the demo hashes its one
    password once instead of once per user: each hash costs about a second)."""
    if User.objects.filter(username=username).exists():
        raise ActionError(f"there is already a user {username!r}")
    make = User.objects.create_superuser if superuser else User.objects.create_user
    user = make(
        username,
        email,
        None if password_hash else password,
        first_name=first_name,
        last_name=last_name,
    )
    if password_hash:
        user.password = password_hash
        user.save(update_fields=["password"])
    log.record(actor, "user.create", user, after={"username": username, "superuser": superuser})
    return user


@transaction.atomic
def do_add_membership(
    actor: log.Actor, user: Any, organization: Organization, role: str
) -> Membership:
    """Give a user a role in an institution (and its units)."""
    if role not in Membership.Role.values:
        raise ActionError(f"unknown role {role!r}")
    membership, created = Membership.objects.get_or_create(
        user=user, organization=organization, role=role
    )
    if created:
        log.record(
            actor,
            "membership.create",
            membership,
            after={"user": user.get_username(), "role": role, "institution": organization.name},
        )
    return membership


@transaction.atomic
def do_remove_membership(actor: log.Actor, membership: Membership) -> None:
    log.record(
        actor,
        "membership.delete",
        membership,
        before={"user": membership.user.get_username(), "role": membership.role},
    )
    membership.delete()


@transaction.atomic
def do_assign(actor: log.Actor, node: Node, user: Any) -> Assignment:
    """Make a user the responsible officer who reports on this item (and its descendants)."""
    from avance.progress.actions import check_plan_writable

    check_plan_writable(node.plan)
    assignment, created = Assignment.objects.get_or_create(node=node, user=user)
    if created:
        log.record(
            actor,
            "assignment.add",
            assignment,
            plan_id=node.plan_id,
            after={"user": user.get_username()},
        )
    return assignment
