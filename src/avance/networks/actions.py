"""Every write to networks goes through one of these actions (atomic, audited)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from avance.audit import log
from avance.core import links, statistics
from avance.core.errors import ActionError
from avance.core.lifecycle import SUBMISSION
from avance.networks.models import (
    Adoption,
    Agreement,
    Coordination,
    FormVersion,
    Member,
    NetworkRole,
    Session,
    StatsForm,
    StatsPeriod,
    Submission,
)
from avance.organizations.actions import do_create_organization
from avance.organizations.models import Organization
from avance.plans.models import Node


@transaction.atomic
def do_create_network(actor: log.Actor, name: str, *, acronym: str = "") -> Organization:
    """A network: an organisation of kind «network» that institutions join."""
    return do_create_organization(actor, name, acronym=acronym, kind=Organization.Kind.NETWORK)


@transaction.atomic
def do_add_member(
    actor: log.Actor,
    network: Organization,
    organization: Organization,
    *,
    joined: dt.date,
    population: int | None = None,
) -> Member:
    if network.kind != Organization.Kind.NETWORK:
        raise ActionError(f"{network} is not a network", code="not_a_network")
    if organization.pk == network.pk or organization.kind == Organization.Kind.NETWORK:
        raise ActionError("a network's members are institutions", code="member_kind")
    if Member.objects.filter(
        network=network, organization=organization, left__isnull=True
    ).exists():
        raise ActionError(
            f"{organization} already belongs to {network}",
            code="already_member",
            params={"member": str(organization), "network": str(network)},
        )
    member = Member.objects.create(
        network=network, organization=organization, joined=joined, population=population
    )
    log.record(
        actor,
        "network.join",
        network,
        after={"member": str(organization), "joined": joined.isoformat()},
    )
    return member


@transaction.atomic
def do_leave(actor: log.Actor, member: Member, *, left: dt.date) -> Member:
    if member.left is not None:
        raise ActionError(f"{member.organization} already left", code="already_left")
    if left < member.joined:
        raise ActionError("a member cannot leave before it joined", code="left_before_joined")
    member.left = left
    member.save(update_fields=["left"])
    # A coordinator that leaves stops coordinating the same day.
    Coordination.objects.filter(
        network=member.network, coordinator=member.organization, end__isnull=True
    ).update(end=left)
    log.record(
        actor,
        "network.leave",
        member.network,
        after={"member": str(member.organization), "left": left.isoformat()},
    )
    return member


@transaction.atomic
def do_set_coordinator(
    actor: log.Actor, network: Organization, coordinator: Organization, *, start: dt.date
) -> Coordination:
    """The coordinator from `start`: it must be a current member; the previous term ends the
    day before."""
    if not Member.objects.filter(
        network=network, organization=coordinator, left__isnull=True
    ).exists():
        raise ActionError(
            f"{coordinator} is not a member of {network}",
            code="coordinator_not_member",
            params={"member": str(coordinator), "network": str(network)},
        )
    Coordination.objects.filter(network=network, end__isnull=True).update(
        end=start - dt.timedelta(days=1)
    )
    term = Coordination.objects.create(network=network, coordinator=coordinator, start=start)
    log.record(
        actor,
        "network.coordinator",
        network,
        after={"coordinator": str(coordinator), "start": start.isoformat()},
    )
    return term


@transaction.atomic
def do_give_network_role(
    actor: log.Actor,
    user: User,
    network: Organization,
    role: str,
    *,
    member: Member | None = None,
) -> NetworkRole:
    """A coordinator of the network, or the liaison of one of its members."""
    if role == NetworkRole.Role.LIAISON and (member is None or member.network_id != network.pk):
        raise ActionError("a liaison reports for one member of the network", code="liaison_member")
    if role == NetworkRole.Role.COORDINATOR:
        member = None
    granted, _created = NetworkRole.objects.get_or_create(
        user=user, network=network, role=role, member=member
    )
    log.record(
        actor,
        "network.role",
        network,
        after={
            "user": user.get_username(),
            "role": role,
            "member": str(member.organization) if member else "",
        },
    )
    return granted


# --- statistics forms -----------------------------------------------------------------------


@transaction.atomic
def do_create_form(
    actor: log.Actor, network: Organization, slug: str, name: str, definition: Mapping[str, Any]
) -> StatsForm:
    """A statistics form with its first version (a draft until a period opens it)."""
    form_definition = statistics.read_form(definition)
    if StatsForm.objects.filter(network=network, slug=slug).exists():
        raise ActionError(f"the network already has a form {slug!r}", code="form_taken")
    form = StatsForm.objects.create(network=network, slug=slug, name=name.strip())
    FormVersion.objects.create(form=form, number=1, definition=form_definition.as_dict())
    log.record(actor, "stats.form", form, after={"version": 1})
    return form


@transaction.atomic
def do_revise_form(actor: log.Actor, form: StatsForm, definition: Mapping[str, Any]) -> FormVersion:
    """Change a form: its draft version changes in place; a published version never changes,
    so the change makes the next version."""
    form_definition = statistics.read_form(definition).as_dict()
    latest = form.versions.select_for_update().order_by("-number").first()
    assert latest is not None
    if latest.published:
        latest = FormVersion.objects.create(
            form=form, number=latest.number + 1, definition=form_definition
        )
    else:
        latest.definition = form_definition
        latest.save(update_fields=["definition"])
    log.record(actor, "stats.form", form, after={"version": latest.number})
    return latest


@transaction.atomic
def do_open_stats_period(
    actor: log.Actor,
    form: StatsForm,
    key: str,
    label: str,
    *,
    start: dt.date,
    end: dt.date,
    due: dt.date,
) -> StatsPeriod:
    """Open the form's latest version for a period; that version is published from then on."""
    if not start <= end <= due:
        raise ActionError("a period needs start ≤ end ≤ due date", code="stats_period_dates")
    if form.periods.filter(key=key).exists():
        raise ActionError(f"the form already has a period {key!r}", code="stats_period_taken")
    version = form.versions.order_by("-number").first()
    assert version is not None
    if not version.published:
        version.published = True
        version.save(update_fields=["published"])
    period = StatsPeriod.objects.create(
        form=form, version=version, key=key, label=label, start=start, end=end, due=due
    )
    log.record(actor, "stats.open", period, after={"version": version.number})
    return period


@transaction.atomic
def do_close_stats_period(actor: log.Actor, period: StatsPeriod) -> StatsPeriod:
    if period.state == StatsPeriod.State.CLOSED:
        raise ActionError(f"{period.label} is already closed", code="stats_period_closed")
    period.state = StatsPeriod.State.CLOSED
    period.save(update_fields=["state"])
    log.record(actor, "stats.close", period)
    return period


class FiguresRefused(ActionError):
    """The figures do not pass the form's checks; `checked.problems` says which field, why."""

    def __init__(self, checked: statistics.Checked):
        fields = ", ".join(checked.problems)
        super().__init__(
            f"the figures do not pass the form's checks ({fields}); nothing was saved",
            code="stats.refused",
            params={"fields": fields},
        )
        self.checked = checked


@transaction.atomic
def do_save_figures(
    actor: log.Actor,
    period: StatsPeriod,
    member: Member,
    raw: Mapping[str, Any],
    *,
    submit: bool = False,
    submitted_at: dt.datetime | None = None,
) -> Submission:
    """A member's figures for a period, as typed: kept as a draft (values must be readable) or
    submitted (required fields and rules must hold too). Refused figures change nothing.
    `submitted_at` is for loading figures sent earlier (the demo, a migration)."""
    if period.state != StatsPeriod.State.OPEN:
        raise ActionError(f"{period.label} is closed", code="stats_period_closed")
    if member.network_id != period.form.network_id or not _member_during(member, period):
        raise ActionError(
            f"{member.organization} is not a member for {period.label}", code="stats_not_member"
        )
    form = statistics.read_form(period.version.definition)
    checked = statistics.check(form, raw, complete=submit)
    if not checked.ok:
        raise FiguresRefused(checked)
    submission = Submission.objects.select_for_update().filter(period=period, member=member).first()
    if submission is None:
        submission = Submission(period=period, member=member)
    elif submission.state not in (Submission.State.DRAFT, Submission.State.RETURNED):
        raise ActionError(
            f"the figures of {member.organization} for {period.label} are already "
            f"{submission.state}",
            code="stats_taken",
            params={"state": submission.state},
        )
    before = dict(submission.values)
    submission.values = checked.values
    if submit:
        SUBMISSION.apply(submission, "submit")
        submission.submitted_at = submitted_at or timezone.now()
    submission.save()
    log.record(
        actor,
        "stats.submit" if submit else "stats.save",
        submission,
        before=before or None,
        after=checked.values,
    )
    return submission


@transaction.atomic
def do_return_figures(actor: log.Actor, submission: Submission, comment: str) -> Submission:
    """Back to the member's liaison with a comment (by its reviewer or the coordinator)."""
    if not comment.strip():
        raise ActionError("say what to fix when returning figures", code="comment_required")
    SUBMISSION.apply(submission, "return")
    submission.comment = comment.strip()
    submission.save(update_fields=["state", "comment"])
    log.record(actor, "stats.return", submission, after={"comment": submission.comment})
    return submission


@transaction.atomic
def do_approve_figures(actor: log.Actor, submission: Submission) -> Submission:
    """The member's reviewer approves: from now on the figures are public."""
    SUBMISSION.apply(submission, "approve")
    submission.approved_at = timezone.now()
    submission.comment = ""
    submission.save(update_fields=["state", "approved_at", "comment"])
    log.record(actor, "stats.approve", submission)
    return submission


def _member_during(member: Member, period: StatsPeriod) -> bool:
    return member.joined <= period.end and (member.left is None or member.left >= period.start)


# --- shared agenda --------------------------------------------------------------------------


@transaction.atomic
def do_decide_line(
    actor: log.Actor,
    line: Node,
    member: Member,
    *,
    adopted: bool,
    reason: str = "",
    item: Node | None = None,
) -> Adoption:
    """A member adopts a line of the network's agenda (optionally linking an item of its own
    plan, whose published progress then counts for the line) or declines it with a reason."""
    if line.plan.owner_id != member.network_id:
        raise ActionError("the line is not on this network's agenda", code="line_not_agenda")
    if not adopted and not reason.strip():
        raise ActionError("say why the line is not adopted", code="reason_required")
    if item is not None and (not adopted or item.plan.owner_id != member.organization_id):
        raise ActionError(
            "a line links to an item of the member's own plan", code="line_item_owner"
        )
    previous = Adoption.objects.filter(line=line, member=member).first()
    if adopted and item is None:
        # Reported through the member's own workspace: the line's copy in the member's plan
        # for this agenda (kept when the member adopts the line again).
        kept = previous.item if previous is not None else None
        item = kept if kept is not None else _mirror_item(actor, line, member)
    adoption, _created = Adoption.objects.update_or_create(
        line=line,
        member=member,
        defaults={"adopted": adopted, "reason": reason.strip(), "item": item},
    )
    log.record(
        actor,
        "network.adopt" if adopted else "network.decline",
        line,
        after={
            "member": str(member.organization),
            "reason": adoption.reason,
            "item": item.title if item else "",
        },
    )
    return adoption


def mirror_title(agenda: Any, member: Member) -> str:
    network = member.network
    return f"{agenda.title} ({network.acronym or network.name})"


def _mirror_item(actor: log.Actor, line: Node, member: Member) -> Node:
    """The line's copy in the member's own plan for the network's agenda (created, with the
    agenda's levels, and published the first time): the member's officers check in on it and
    its reviewers approve, as on any item; its published progress is the member's figure."""
    from avance.plans.actions import do_add_node, do_create_plan, do_publish_plan
    from avance.plans.models import Plan

    agenda = line.plan
    title = mirror_title(agenda, member)
    plan = Plan.objects.filter(owner=member.organization, title=title, kind=agenda.kind).first()
    if plan is None:
        plan = do_create_plan(
            actor,
            member.organization,
            title=title,
            kind=agenda.kind,
            levels=[level.name for level in agenda.levels.order_by("position")],
            start=agenda.start,
            end=agenda.end,
        )
        do_publish_plan(actor, plan)
    levels = {level.position: level for level in plan.levels.all()}
    chain = []
    current: Node | None = line
    while current is not None:
        chain.append(current)
        current = current.parent
    parent = None
    for original in reversed(chain):
        copy = Node.objects.filter(
            plan=plan, parent=parent, ref=original.ref, title=original.title
        ).first()
        if copy is None:
            copy = do_add_node(
                actor,
                plan,
                level=levels[original.level.position],
                title=original.title,
                parent=parent,
                ref=original.ref,
                alignment=original.alignment,
            )
        parent = copy
    assert parent is not None
    return parent


# --- sessions and agreements ----------------------------------------------------------------


@transaction.atomic
def do_record_session(
    actor: log.Actor,
    network: Organization,
    *,
    kind: str,
    title: str,
    date: dt.date,
    present: Sequence[Member],
    agreements: Sequence[Mapping[str, Any]] = (),
) -> Session:
    """A session with who attended and what was agreed: each agreement has a number, its text,
    the responsible members and a due date."""
    if kind not in Session.Kind.values:
        raise ActionError(f"unknown session kind {kind!r}", code="session_kind")
    members = {m.pk for m in Member.objects.filter(network=network)}
    for member in present:
        if member.pk not in members:
            raise ActionError(f"{member.organization} is not a member", code="stats_not_member")
    session = Session.objects.create(network=network, kind=kind, title=title.strip(), date=date)
    session.present.set(present)
    for entry in agreements:
        responsible = list(entry.get("responsible") or [])
        if not responsible or any(m.pk not in members for m in responsible):
            raise ActionError(
                f"agreement {entry.get('ref')}: name the responsible members",
                code="agreement_responsible",
                params={"ref": str(entry.get("ref"))},
            )
        agreement = Agreement.objects.create(
            session=session, ref=str(entry["ref"]), text=str(entry["text"]), due=entry.get("due")
        )
        agreement.responsible.set(responsible)
    log.record(actor, "network.session", session, after={"agreements": len(agreements)})
    return session


@transaction.atomic
def do_follow_up_agreement(
    actor: log.Actor, agreement: Agreement, *, status: str, note: str = "", evidence: str = ""
) -> Agreement:
    """The responsible member's follow-up: a status, what was done, a link to the evidence."""
    if status not in Agreement.Status.values:
        raise ActionError(f"unknown status {status!r}", code="agreement_status")
    if evidence and not links.is_safe_link(evidence):
        raise ActionError(
            f"{evidence[:60]!r} is not an http, https or mailto link",
            code="link",
            params={"link": evidence.strip()[:60]},
        )
    if status == Agreement.Status.DONE and not (note.strip() or evidence.strip()):
        raise ActionError("say what was done, or link the evidence", code="agreement_evidence")
    before = {"status": agreement.status, "note": agreement.note}
    agreement.status, agreement.note = status, note.strip()
    agreement.evidence = evidence.strip()
    agreement.updated_at = timezone.now()
    agreement.save(update_fields=["status", "note", "evidence", "updated_at"])
    log.record(actor, "network.agreement", agreement, before=before, after={"status": status})
    return agreement
