"""The public's access helpers: every public view and download opens with these.

A plan is public once a planner published it (an archived plan stays public if it was); drafts
answer 404 everywhere the public can look. A cut-off is current values or a published period.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from avance.organizations.models import Organization
from avance.plans.models import Plan
from avance.progress.models import ReportingPeriod


def public_plans() -> QuerySet[Plan]:
    return Plan.objects.filter(published_at__isnull=False).exclude(state=Plan.State.DRAFT)


def get_public_plan(slug: str) -> Plan:
    plan = get_object_or_404(public_plans().select_related("owner", "unit"), slug=slug)
    if not plan.is_public:  # pragma: no cover - the queryset already says so
        raise Http404("no such plan")
    return plan


def get_public_period(plan: Plan, request: HttpRequest) -> ReportingPeriod | None:
    """The cut-off a public URL asks for (`?periodo=KEY`): a published period, or None for the
    current values; 404 for anything else."""
    key = request.GET.get("periodo")
    if not key:
        return None
    return get_object_or_404(
        ReportingPeriod, plan=plan, key=key, state=ReportingPeriod.State.PUBLISHED
    )


def get_public_institution(slug: str) -> Organization:
    """An institution (no parent) or a unit that owns or runs a public plan; 404 otherwise."""
    organization = get_object_or_404(Organization, slug=slug)
    if organization.parent_id is not None and not (
        public_plans().filter(Q(owner=organization) | Q(unit=organization)).exists()
    ):
        raise Http404("no such institution")
    return organization
