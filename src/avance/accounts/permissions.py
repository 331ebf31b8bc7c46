"""The one place that answers "may this user do this here?". Views open with these helpers."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from avance.accounts.models import Assignment, Membership
from avance.organizations.models import Organization
from avance.plans.models import Node, Plan
from avance.plans.tree import reading_order

Role = Membership.Role
STAFF_ROLES = {Role.ADMIN, Role.PLANNER, Role.OFFICER, Role.REVIEWER, Role.READER}


def roles(user: Any, plan: Plan) -> set[str]:
    """The user's roles in the institution that owns the plan (or its parent institution)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    if user.is_superuser:
        return {Role.ADMIN}
    owners = [plan.owner_id] + ([plan.owner.parent_id] if plan.owner.parent_id else [])
    return set(
        Membership.objects.filter(user=user, organization_id__in=owners).values_list(
            "role", flat=True
        )
    )


def plans_for(user: Any) -> QuerySet[Plan]:
    if user.is_superuser:
        return Plan.objects.all()
    orgs = Membership.objects.filter(user=user).values_list("organization_id", flat=True)
    return Plan.objects.filter(Q(owner_id__in=orgs) | Q(owner__parent_id__in=orgs)).distinct()


def can_view(user: Any, plan: Plan) -> bool:
    return bool(roles(user, plan) & STAFF_ROLES)


def can_plan(user: Any, plan: Plan) -> bool:
    return bool(roles(user, plan) & {Role.ADMIN, Role.PLANNER})


def can_review(user: Any, plan: Plan) -> bool:
    return bool(roles(user, plan) & {Role.ADMIN, Role.REVIEWER})


def can_report(user: Any, node: Node) -> bool:
    """Officers report on the items assigned to them and their descendants."""
    plan_roles = roles(user, node.plan)
    if Role.ADMIN in plan_roles:
        return True
    if Role.OFFICER not in plan_roles:
        return False
    assigned = set(
        Assignment.objects.filter(user=user, node__plan=node.plan).values_list("node_id", flat=True)
    )
    current: Node | None = node
    while current is not None:
        if current.id in assigned:
            return True
        current = current.parent
    return False


def assigned_nodes(user: Any, plan: Plan) -> list[Node]:
    """Every item the user reports on in this plan (assigned items and their descendants)."""
    nodes = list(Node.objects.filter(plan=plan).select_related("level").order_by("position", "id"))
    assigned = set(
        Assignment.objects.filter(user=user, node__plan=plan).values_list("node_id", flat=True)
    )
    roots = [node for node in nodes if node.id in assigned]
    unique = {node.id: node for node, _depth in reading_order(nodes, roots)}
    return sorted(unique.values(), key=lambda n: n.id)


def due_items(user: Any, plan: Plan) -> list[Node]:
    """The assigned items that report progress themselves: those without children."""
    parents = set(
        Node.objects.filter(plan=plan, parent__isnull=False).values_list("parent_id", flat=True)
    )
    return [node for node in assigned_nodes(user, plan) if node.id not in parents]


def planning_institutions(user: Any) -> list[Organization]:
    """The institutions in which the user may create plans (planner or admin)."""
    if user.is_superuser:
        return list(Organization.objects.filter(parent=None).order_by("name"))
    ids = Membership.objects.filter(user=user, role__in=["admin", "planner"]).values_list(
        "organization_id", flat=True
    )
    return list(Organization.objects.filter(id__in=ids).order_by("name"))
