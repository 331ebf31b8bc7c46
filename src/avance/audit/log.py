"""The one way actions write the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import models

from avance.audit.models import AuditEntry
from avance.core.numbers import percent

# An action's actor: a signed-in user, or a label for the CLI, importers and the demo.
Actor = AbstractBaseUser | AnonymousUser | str | None


def actor_label(actor: Actor) -> str:
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    if getattr(actor, "is_authenticated", False):
        return str(actor.get_username())
    return "anonymous"


def user_of(actor: Actor) -> User | None:
    """The stored user behind an actor; None for the CLI, importers, the demo, anonymity."""
    return actor if isinstance(actor, User) and actor.pk else None


def record(
    actor: Actor,
    action: str,
    target: models.Model | None = None,
    *,
    plan_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    label: str = "",
) -> AuditEntry:
    from avance.portal import site

    # Every action writes here, so this is where a change to what the public sees is noticed:
    # the plan's rendered pages go out of service at commit and are rendered again.
    site.note_change(action, plan_id)
    return AuditEntry.objects.create(
        actor=user_of(actor),
        actor_label=actor_label(actor),
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=(label or _label(target))[:300],
        plan_id=plan_id,
        before=before,
        after=after,
    )


def _label(target: models.Model | None) -> str:
    """How an entry names its object; items (and their updates) by their full reference, since
    the audit trail shows them out of their tree."""
    if target is None:
        return ""
    from avance.plans.models import Node
    from avance.plans.tree import full_reference
    from avance.progress.models import ProgressUpdate

    node = target if isinstance(target, Node) else None
    if isinstance(target, ProgressUpdate):
        node = target.node
    if node is None or node.pk is None:
        return str(target)
    ref = full_reference(node.pk)
    title = node.title if len(node.title) <= 80 else node.title[:79] + "…"
    label = f"{ref} {title}".strip()
    if isinstance(target, ProgressUpdate):
        value = percent(target.percent) if target.percent is not None else target.status_text
        return f"{label} · {target.period.label} · {value or '—'}"
    return label


def changes(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """A JSON-safe snapshot of some fields, for before/after."""
    out: dict[str, Any] = {}
    for name in fields:
        value = getattr(instance, name)
        if isinstance(value, models.Model):
            value = value.pk
        elif value is not None and not isinstance(value, (str, int, float, bool, list, dict)):
            value = str(value)
        out[name] = value
    return out
