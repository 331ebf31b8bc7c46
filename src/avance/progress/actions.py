"""Every write to progress data goes through one of these actions (atomic, audited)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from avance.audit import log
from avance.plans.models import Node, Plan, Status
from avance.progress import rollups
from avance.progress.models import (
    DeclaredFigure,
    EvidenceLink,
    ProgressUpdate,
    ReportingPeriod,
    Rollup,
)


class ActionError(ValueError):
    """The action cannot be done as asked; the message says why."""


@transaction.atomic
def do_recompute_rollup(
    actor: log.Actor, plan: Plan, period: ReportingPeriod | None = None
) -> Rollup:
    """Full recompute of a plan's stored roll-up (current values, or as at a period)."""
    before = (
        Rollup.objects.filter(plan=plan, period=period).values_list("percent", flat=True).first()
    )
    rollup = rollups.store(plan, period, rollups.compute(plan, period))
    log.record(
        actor,
        "rollup.recompute",
        rollup,
        plan_id=plan.id,
        before={"percent": before},
        after={"percent": rollup.percent, "method": rollup.method, "nodes": rollup.node_count},
    )
    return rollup


def recompute_all(actor: log.Actor, plan: Plan) -> None:
    """Current roll-up and one per reporting period."""
    do_recompute_rollup(actor, plan)
    for period in plan.periods.all():
        do_recompute_rollup(actor, plan, period)


@transaction.atomic
def do_record_progress(
    actor: log.Actor,
    node: Node,
    period: ReportingPeriod,
    *,
    percent: float | None = None,
    status: Status | None = None,
    status_text: str = "",
    narrative: str = "",
    note: str = "",
    evidence: Sequence[str] = (),
    author_label: str = "",
) -> ProgressUpdate:
    """A new progress update, as a draft. Earlier updates are never changed."""
    if period.plan_id != node.plan_id:
        raise ActionError("the period belongs to another plan")
    if status is not None and status.plan_id != node.plan_id:
        raise ActionError("the status belongs to another plan")
    if percent is not None and not 0 <= percent <= 100:
        raise ActionError(f"progress must be between 0 and 100, not {percent}")
    if percent is None and status is None and not status_text:
        raise ActionError("give a percent or a status")
    user = actor if not isinstance(actor, str) and getattr(actor, "pk", None) else None
    update = ProgressUpdate.objects.create(
        node=node,
        period=period,
        percent=percent,
        status=status,
        status_text=status_text,
        narrative=narrative,
        note=note,
        author=user,  # type: ignore[misc]
        author_label=author_label or log.actor_label(actor),
    )
    EvidenceLink.objects.bulk_create(
        EvidenceLink(node=node, update=update, url=url, position=i)
        for i, url in enumerate(evidence)
    )
    log.record(
        actor,
        "progress.record",
        update,
        plan_id=node.plan_id,
        after=log.changes(update, ["percent", "status", "status_text", "note", "state"]),
    )
    return update


@transaction.atomic
def do_submit_update(actor: log.Actor, update: ProgressUpdate) -> ProgressUpdate:
    """The author hands a draft (or a returned update) to review."""
    update = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    if update.state not in (ProgressUpdate.State.DRAFT, ProgressUpdate.State.RETURNED):
        raise ActionError(
            f"only a draft or returned update can be submitted, not a {update.state} one"
        )
    before = update.state
    update.state = ProgressUpdate.State.SUBMITTED
    update.save(update_fields=["state"])
    log.record(
        actor,
        "progress.submit",
        update,
        plan_id=update.node.plan_id,
        before={"state": before},
        after={"state": update.state},
    )
    return update


@transaction.atomic
def do_publish_update(actor: log.Actor, update: ProgressUpdate) -> ProgressUpdate:
    """Publish an update: it becomes the node's current value when its period is the latest,
    and the stored roll-up is brought up to date along the node's path."""
    update = (
        ProgressUpdate.objects.select_for_update()
        .select_related("period", "node")
        .get(pk=update.pk)
    )
    if update.state == ProgressUpdate.State.PUBLISHED:
        raise ActionError("this update is already published")
    before = update.state
    update.state = ProgressUpdate.State.PUBLISHED
    update.published_at = timezone.now()
    current = (
        ProgressUpdate.objects.filter(node_id=update.node_id, is_current=True)
        .select_related("period")
        .first()
    )
    if current is None or _period_key(current.period) <= _period_key(update.period):
        ProgressUpdate.objects.filter(node_id=update.node_id, is_current=True).update(
            is_current=False
        )
        update.is_current = True
    update.save(update_fields=["state", "published_at", "is_current"])
    log.record(
        actor,
        "progress.publish",
        update,
        plan_id=update.node.plan_id,
        before={"state": before},
        after={"state": update.state, "current": update.is_current},
    )
    if update.is_current:
        rollups.refresh_path(update.node.plan, update.node_id)
    return update


def _period_key(period: ReportingPeriod) -> tuple[bool, dt.date, int]:
    return (period.end is not None, period.end or timezone.localdate(), period.id)


@transaction.atomic
def do_open_period(
    actor: log.Actor,
    plan: Plan,
    *,
    key: str,
    label: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
    state: str = ReportingPeriod.State.OPEN,
    presented_at: str = "",
) -> ReportingPeriod:
    if ReportingPeriod.objects.filter(plan=plan, key=key).exists():
        raise ActionError(f"the plan already has a reporting period with key {key!r}")
    period = ReportingPeriod.objects.create(
        plan=plan,
        key=key,
        label=label,
        start=start,
        end=end,
        state=state,
        presented_at=presented_at,
    )
    log.record(
        actor,
        "period.open",
        period,
        plan_id=plan.id,
        after=log.changes(period, ["key", "label", "start", "end", "state"]),
    )
    return period


@transaction.atomic
def do_declare_figure(
    actor: log.Actor,
    plan: Plan,
    *,
    value: float | None,
    metric: str = DeclaredFigure.Metric.PROGRESS,
    node: Node | None = None,
    period: ReportingPeriod | None = None,
    level_name: str = "",
    status_text: str = "",
    note: str = "",
    due: dt.date | None = None,
    source: str = "",
) -> DeclaredFigure:
    figure = DeclaredFigure.objects.create(
        plan=plan,
        period=period,
        node=node,
        metric=metric,
        level_name=level_name,
        value=value,
        status_text=status_text,
        note=note,
        due=due,
        source=source,
    )
    log.record(
        actor,
        "figure.declare",
        figure,
        plan_id=plan.id,
        after=log.changes(figure, ["metric", "value", "node", "period", "level_name"]),
    )
    return figure
