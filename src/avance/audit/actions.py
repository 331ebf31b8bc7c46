"""Writes made by hand in the Django admin, recorded like any other action."""

from __future__ import annotations

from django.db import models, transaction

from avance.audit import log


def _plan_id(obj: models.Model) -> int | None:
    plan_id = getattr(obj, "plan_id", None)
    if plan_id is None:
        plan_id = getattr(getattr(obj, "node", None), "plan_id", None)
    return plan_id


@transaction.atomic
def do_admin_save(actor: log.Actor, obj: models.Model, changed: list[str], *, adding: bool) -> None:
    fields = [f for f in changed if hasattr(obj, f)]
    before = None
    if not adding and fields:
        old = type(obj)._default_manager.filter(pk=obj.pk).first()
        before = log.changes(old, fields) if old is not None else None
    obj.save()
    log.record(
        actor,
        "admin.add" if adding else "admin.change",
        obj,
        plan_id=_plan_id(obj),
        before=before,
        after=log.changes(obj, fields),
    )


@transaction.atomic
def do_admin_delete(actor: log.Actor, obj: models.Model) -> None:
    log.record(actor, "admin.delete", obj, plan_id=_plan_id(obj), before={"label": str(obj)})
    obj.delete()
