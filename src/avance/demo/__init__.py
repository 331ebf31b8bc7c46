"""Load the demo region, or a generated plan of a given size, through the normal actions."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction

from avance.audit import log
from avance.audit.log import Actor
from avance.core.interchange import status_key
from avance.demo import generate, region
from avance.plans.actions import do_load_plan
from avance.plans.models import Node, Plan
from avance.progress.actions import (
    do_open_period,
    do_publish_update,
    do_recompute_rollup,
    do_record_progress,
    do_submit_update,
)
from avance.progress.models import ReportingPeriod


def already_loaded() -> bool:
    return Plan.objects.filter(owner__name=region.ITAIVA).exists()


DEMO_LOGIN = ("admin", "avance-demo")  # printed by `avance demo`; a demo is never a deployment


@transaction.atomic
def load_region(actor: Actor) -> list[str]:
    """Load the region once; lines to print: what is there and how to sign in."""
    lines = []
    if already_loaded():
        lines.append("Demo data already loaded:")
    else:
        for document in region.PLANS:
            plan = do_load_plan(actor, document, source="demo")
            if document is region.OPEN_GOV:
                _later_periods(actor, plan)
        lines.append("Demo data loaded:")
    for plan in Plan.objects.select_related("owner").order_by("title"):
        lines.append(f"  {plan.title} — {plan.owner} — {plan.slug}")
    username, password = do_create_demo_login(actor)
    lines.append(f"Admin at /admin/: user {username!r}, password {password!r}")
    return lines


@transaction.atomic
def do_create_demo_login(actor: Actor) -> tuple[str, str]:
    """The demo's administrator account (created once). Accounts get their own app with roles."""
    username, password = DEMO_LOGIN
    if not User.objects.filter(username=username).exists():
        user = User.objects.create_superuser(username, f"{username}@avance.invalid", password)
        log.record(actor, "user.create", user, after={"username": username, "superuser": True})
    return username, password


def _later_periods(actor: Actor, plan: Plan) -> None:
    nodes = {
        (node.parent.ref if node.parent else "", node.ref): node
        for node in Node.objects.filter(plan=plan).select_related("parent")
    }
    statuses = {status.key: status for status in plan.statuses.all()}
    for key, label, start, end, state, values in region.OPEN_GOV_LATER:
        period = do_open_period(
            actor,
            plan,
            key=key,
            label=label,
            start=dt.date.fromisoformat(start),
            end=dt.date.fromisoformat(end),
        )
        for ref_path, (percent, status_text, note) in values.items():
            skey = status_key(status_text)
            update = do_record_progress(
                actor,
                nodes[ref_path],
                period,
                percent=percent,
                status=statuses.get(skey) if skey else None,
                status_text=status_text,
                note=note,
                author_label="Enlace de la dependencia",
            )
            do_submit_update(actor, update)
            if state == ReportingPeriod.State.PUBLISHED:
                do_publish_update(actor, update)
        if state == ReportingPeriod.State.PUBLISHED:
            period.state = state
            period.save(update_fields=["state"])
            do_recompute_rollup(actor, plan, period)


def load_generated(actor: Actor, size: int) -> Plan:
    return do_load_plan(actor, generate.document(size), source=f"generated:{size}")
