"""Every write to progress data goes through one of these actions (atomic, audited)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from avance.audit import log
from avance.core import links
from avance.core.errors import ActionError
from avance.core.lifecycle import PERIOD, UPDATE
from avance.plans.models import Node, Plan, Status
from avance.progress import rollups
from avance.progress.models import (
    EvidenceLink,
    ProgressUpdate,
    ReportingPeriod,
    Rollup,
)

__all__ = ["ActionError"]  # re-exported for callers inside this app (views use actions.ActionError)


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
    """Current roll-up and one per published period (the cut-offs the public can choose; each
    still counts only the updates published by its own publication)."""
    do_recompute_rollup(actor, plan)
    for period in plan.periods.filter(state=ReportingPeriod.State.PUBLISHED):
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
    files: Sequence[tuple[str, bytes]] = (),
    author_label: str = "",
    submit: bool = False,
) -> ProgressUpdate:
    """A new progress update, as a draft (or submitted at once). Earlier updates are never
    changed. Files are (name, content) pairs, checked by content before anything is stored."""
    checked = [_check_file(name, content) for name, content in files]
    if period.plan_id != node.plan_id:
        raise ActionError("the period belongs to another plan")
    if period.state != ReportingPeriod.State.OPEN:
        raise ActionError(
            f"the reporting period {period.label!r} is not open for check-ins",
            code="period_not_open",
            params={"period": period.label},
        )
    check_plan_writable(node.plan)
    if status is not None and status.plan_id != node.plan_id:
        raise ActionError("the status belongs to another plan")
    if percent is not None and not 0 <= percent <= 100:
        raise ActionError(
            f"progress must be between 0 and 100, not {percent}",
            code="percent_range",
            params={"percent": str(percent)},
        )
    if percent is None and status is None and not status_text:
        raise ActionError("give a percent or a status", code="percent_or_status")
    for url in evidence:
        if not links.is_safe_link(url):
            raise ActionError(
                links.problem(url) or f"{url[:60]!r} is not an http, https or mailto link",
                code="link",
                params={"link": url.strip()[:60]},
            )
    user = log.user_of(actor)
    update = ProgressUpdate.objects.create(
        node=node,
        period=period,
        percent=percent,
        status=status,
        status_text=status_text,
        narrative=narrative,
        note=note,
        author=user,
        author_label=author_label or log.actor_label(actor),
    )
    EvidenceLink.objects.bulk_create(
        EvidenceLink(node=node, update=update, url=url, position=i)
        for i, url in enumerate(evidence)
    )
    _store_files(node, update, checked, start=len(evidence))
    if submit:
        UPDATE.apply(update, "submit")
        update.save(update_fields=["state"])
    log.record(
        actor,
        "progress.record",
        update,
        plan_id=node.plan_id,
        after={
            **log.changes(update, ["percent", "status", "status_text", "note", "state"]),
            # what was offered as evidence, so the trail shows it beside the figure
            "evidence": [*evidence, *(name for name, *_rest in checked)],
        },
    )
    return update


@transaction.atomic
def do_submit_update(actor: log.Actor, update: ProgressUpdate) -> ProgressUpdate:
    """The author hands a draft (or a returned update) to review."""
    update = _locked(update)
    before, _after = UPDATE.apply(update, "submit")
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
    """Publish an approved update: it becomes the node's current value when its period is the
    latest, and the stored roll-up is brought up to date along the node's path. Cut-offs of
    periods published before now do not change (see progress/published.py)."""
    update = _locked(update)
    check_plan_writable(update.node.plan)
    before, _after = UPDATE.apply(update, "publish")
    update.published_at = timezone.now()
    current = (
        ProgressUpdate.objects.filter(node_id=update.node_id, is_current=True)
        .select_related("period")
        .first()
    )
    if current is None or current.period.order_key <= update.period.order_key:
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


@transaction.atomic
def do_open_period(
    actor: log.Actor,
    plan: Plan,
    *,
    key: str,
    label: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
    presented_at: str = "",
) -> ReportingPeriod:
    """A new reporting period, open for check-ins."""
    check_plan_writable(plan)
    if ReportingPeriod.objects.filter(plan=plan, key=key).exists():
        raise ActionError(
            f"the plan already has a reporting period with key {key!r}",
            code="period_key_taken",
            params={"key": key},
        )
    period = ReportingPeriod.objects.create(
        plan=plan,
        key=key,
        label=label,
        start=start,
        end=end,
        state=ReportingPeriod.State.OPEN,
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


def _check_file(name: str, content: bytes) -> tuple[str, bytes, str, str]:
    from django.conf import settings

    from avance.core.files import RefusedFile, sniff

    try:
        _kind, content_type, extension = sniff(content, name, settings.EVIDENCE_MAX_BYTES)
    except RefusedFile as exc:
        raise ActionError(str(exc), code=exc.code, params=exc.params) from None
    return name, content, content_type, extension


def _store_files(
    node: Node, update: ProgressUpdate, files: list[tuple[str, bytes, str, str]], start: int
) -> None:
    import uuid

    from django.core.files.base import ContentFile

    for i, (name, content, content_type, extension) in enumerate(files, start=start):
        link = EvidenceLink(
            node=node,
            update=update,
            label=name[:300],
            content_type=content_type,
            size=len(content),
            position=i,
        )
        # The stored name is ours (a UUID with the sniffed extension), never the uploader's.
        link.file.save(f"{uuid.uuid4().hex}{extension}", ContentFile(content), save=False)
        link.save()


def _locked(update: ProgressUpdate) -> ProgressUpdate:
    return (
        ProgressUpdate.objects.select_for_update()
        .select_related("node", "period")
        .get(pk=update.pk)
    )


@transaction.atomic
def do_return_update(actor: log.Actor, update: ProgressUpdate, comment: str) -> ProgressUpdate:
    """A reviewer sends a submitted update back to its author with a comment."""
    if not comment.strip():
        raise ActionError("say why the update is returned", code="return_reason")
    update = _locked(update)
    UPDATE.apply(update, "return")
    update.review_comment = comment.strip()
    update.save(update_fields=["state", "review_comment"])
    log.record(
        actor,
        "progress.return",
        update,
        plan_id=update.node.plan_id,
        before={"state": "submitted"},
        after={"state": update.state, "comment": update.review_comment},
    )
    return update


@transaction.atomic
def do_correct_update(
    actor: log.Actor,
    update: ProgressUpdate,
    *,
    percent: float | None,
    status: Status | None,
    status_text: str = "",
    narrative: str = "",
    note: str = "",
    files: Sequence[tuple[str, bytes]] = (),
    evidence: Sequence[str] = (),
) -> ProgressUpdate:
    """The author corrects a returned update and submits it again (before/after in the trail)."""
    checked = [_check_file(name, content) for name, content in files]
    update = _locked(update)
    UPDATE.check("correct", update.state)
    if percent is not None and not 0 <= percent <= 100:
        raise ActionError(
            f"progress must be between 0 and 100, not {percent}",
            code="percent_range",
            params={"percent": str(percent)},
        )
    fields = ["percent", "status", "status_text", "narrative", "note", "state"]
    before = log.changes(update, fields)
    update.percent, update.status, update.status_text = percent, status, status_text
    update.narrative, update.note = narrative, note
    UPDATE.apply(update, "correct")
    update.save(update_fields=fields)
    count = update.evidence.count()
    EvidenceLink.objects.bulk_create(
        EvidenceLink(node=update.node, update=update, url=url, position=count + i)
        for i, url in enumerate(evidence)
    )
    _store_files(update.node, update, checked, start=count + len(evidence))
    log.record(
        actor,
        "progress.correct",
        update,
        plan_id=update.node.plan_id,
        before=before,
        after=log.changes(update, fields),
    )
    return update


@transaction.atomic
def do_approve_update(actor: log.Actor, update: ProgressUpdate) -> ProgressUpdate:
    """A reviewer validates a submitted update; the planner then publishes it."""
    update = _locked(update)
    UPDATE.apply(update, "approve")
    update.save(update_fields=["state"])
    log.record(
        actor,
        "progress.approve",
        update,
        plan_id=update.node.plan_id,
        before={"state": "submitted"},
        after={"state": update.state},
    )
    return update


# The period transitions the workspace offers, by the state they lead to (its URLs name states).
PERIOD_TRANSITIONS = {"closed": "close", "open": "reopen", "published": "publish"}


@transaction.atomic
def do_set_period_state(actor: log.Actor, period: ReportingPeriod, state: str) -> ReportingPeriod:
    """Close, reopen or publish a reporting period, by the state it should reach."""
    if state not in PERIOD_TRANSITIONS:
        raise ActionError(f"unknown period state {state!r}")
    return do_change_period(actor, period, PERIOD_TRANSITIONS[state])


@transaction.atomic
def do_change_period(actor: log.Actor, period: ReportingPeriod, transition: str) -> ReportingPeriod:
    """Apply a period transition (PERIOD in core/lifecycle.py). Publishing fixes the period's
    cut-off: its roll-up is computed and stored, and later publications never change it."""
    given, period = (
        period,
        (ReportingPeriod.objects.select_for_update().select_related("plan").get(pk=period.pk)),
    )
    check_plan_writable(period.plan)
    before, after = PERIOD.apply(period, transition)
    fields = ["state"]
    if after == ReportingPeriod.State.PUBLISHED:
        period.published_at = timezone.now()
        fields.append("published_at")
    period.save(update_fields=fields)
    given.state, given.published_at = period.state, period.published_at  # the caller's copy too
    log.record(
        actor,
        f"period.{transition}",
        period,
        plan_id=period.plan_id,
        before={"state": before},
        after={"state": after},
    )
    if after == ReportingPeriod.State.PUBLISHED:
        do_recompute_rollup(actor, period.plan, period)
        from avance.subscriptions.mail import notify_period

        # Mailed by the worker once the publication is committed, never from inside it.
        period_id = period.id
        transaction.on_commit(lambda: notify_period.enqueue(period_id))
    return period


def check_plan_writable(plan: Plan) -> None:
    if plan.state == Plan.State.ARCHIVED:
        raise ActionError(
            f"the plan {plan.title!r} is archived; it is kept read-only",
            code="plan_archived",
            params={"plan": plan.title},
        )
