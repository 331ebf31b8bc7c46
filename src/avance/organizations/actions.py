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


PROFILE_FIELDS = ["description", "website", "email", "phone", "address", "color"]
LOGO_MAX_BYTES = 1_048_576


@transaction.atomic
def do_update_profile(
    actor: log.Actor,
    organization: Organization,
    *,
    logo: tuple[str, bytes] | None = None,
    remove_logo: bool = False,
    **fields: str,
) -> Organization:
    """Change an institution's public profile (PROFILE_FIELDS) and its logo (name, bytes).

    The logo must be a PNG or JPEG of at most 1 MB, judged by its content. Nothing is written
    when a field or the logo is refused."""
    import uuid

    from django.core.exceptions import ValidationError
    from django.core.files.base import ContentFile

    from avance.core.errors import ActionError
    from avance.core.files import RefusedFile, sniff

    unknown = sorted(set(fields) - set(PROFILE_FIELDS))
    if unknown:
        raise ActionError(f"not profile fields: {', '.join(unknown)}")
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    before = log.changes(organization, [*PROFILE_FIELDS, "logo"])
    for name, value in fields.items():
        setattr(organization, name, value.strip())
    try:
        organization.full_clean(exclude=["parent", "slug", "logo"])
    except ValidationError as exc:
        # Django's messages, in the active language, after the field's name.
        problems = "; ".join(
            f"{getattr(Organization._meta.get_field(field), 'verbose_name', field)}: "
            f"{' '.join(messages)}"
            for field, messages in exc.message_dict.items()
        )
        raise ActionError(problems) from None
    old_logo = organization.logo.name if organization.logo else ""
    if logo is not None:
        name, data = logo
        try:
            kind, _type, extension = sniff(data, name, LOGO_MAX_BYTES)
            if kind not in ("png", "jpeg"):
                raise RefusedFile("not_image", name=name)
        except RefusedFile as exc:
            raise ActionError(str(exc), code=exc.code, params=exc.params) from None
        organization.logo.save(f"{uuid.uuid4().hex}{extension}", ContentFile(data), save=False)
    elif remove_logo:
        organization.logo = ""
    organization.save()
    if old_logo and old_logo != (organization.logo.name if organization.logo else ""):
        # Removed only once the new profile is committed, so a rollback keeps the old logo.
        storage = organization.logo.storage
        transaction.on_commit(lambda: storage.delete(old_logo))
    after = log.changes(organization, [*PROFILE_FIELDS, "logo"])
    log.record(
        actor,
        "organization.profile",
        organization,
        before={k: v for k, v in before.items() if after[k] != v},
        after={k: v for k, v in after.items() if before[k] != v},
    )
    return organization
