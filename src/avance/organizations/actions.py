"""Every write to organizations goes through one of these actions (atomic, audited)."""

from __future__ import annotations

from django.db import transaction

from avance.audit import log
from avance.core import interchange
from avance.organizations.models import Organization
from avance.plans.loading import unique_slug


@transaction.atomic
def do_create_organization(
    actor: log.Actor,
    name: str,
    *,
    acronym: str = "",
    kind: str | None = None,
    parent: Organization | None = None,
    website: str = "",
) -> Organization:
    organization = Organization.objects.create(
        name=name,
        acronym=acronym,
        kind=kind or interchange.organization_kind(name),
        parent=parent,
        website=website,
        slug=unique_slug(f"{parent.slug if parent else ''} {acronym or name}", Organization),
    )
    log.record(
        actor,
        "organization.create",
        organization,
        after=log.changes(organization, ["name", "acronym", "kind", "parent"]),
    )
    return organization
