"""The staff workspace: short views, each opening with one access helper (404 when the plan is
not the user's institution's, 403 when the role does not allow the action)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from avance.accounts import permissions as perms
from avance.audit.models import AuditEntry
from avance.audit.readable import EVENTS, readable
from avance.core.lifecycle import PERIOD
from avance.formatting import error_text, refusal
from avance.networks import permissions as network_perms
from avance.plans.models import Node, Plan
from avance.progress import actions, forecasts
from avance.progress.models import EvidenceLink, ProgressUpdate, ReportingPeriod
from avance.workspace.forms import CheckInForm, PeriodForm, ReturnForm


def _get_plan_for_user(request: HttpRequest, slug: str) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("owner"), slug=slug)
    if not perms.can_view(request.user, plan):
        raise Http404("no such plan")
    return plan


def _get_node_for_reporting(request: HttpRequest, slug: str, code: str) -> Node:
    plan = _get_plan_for_user(request, slug)
    node = get_object_or_404(
        Node.objects.select_related("plan__owner", "level", "parent"), plan=plan, code=_uuid(code)
    )
    if not perms.can_report(request.user, node):
        raise PermissionDenied
    return node


def _get_update_for_user(request: HttpRequest, code: str) -> ProgressUpdate:
    update = get_object_or_404(
        ProgressUpdate.objects.select_related(
            "node__plan__owner", "node__level", "period", "status", "author"
        ),
        code=_uuid(code),
    )
    if not perms.can_view(request.user, update.node.plan):
        raise Http404("no such update")
    return update


def _uuid(code: str) -> str:
    import uuid

    try:
        return str(uuid.UUID(code))
    except ValueError:
        raise Http404("malformed code") from None


def _previous_percent(node: Node) -> float | None:
    """The item's current published percent, which a new check-in is compared with."""
    return (
        ProgressUpdate.objects.filter(node=node, is_current=True)
        .values_list("percent", flat=True)
        .first()
    )


def _reported(data: dict[str, Any]) -> dict[str, Any]:
    """What a valid check-in form says, as keyword arguments of the progress actions."""
    return {
        "percent": data["percent"],
        "status": data["status"],
        "status_text": _("No progress to report") if data["no_progress"] else "",
        "narrative": data["narrative"],
        "note": data["note"],
        "evidence": data["links"],
        "files": [(f.name, f.read()) for f in data["attachments"]],
    }


def _open_periods(plan: Plan) -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.filter(plan=plan, state=ReportingPeriod.State.OPEN).order_by(
        "end", "id"
    )


@login_required
@require_GET
def my_work(request: HttpRequest) -> HttpResponse:
    user = request.user
    sections: list[dict[str, Any]] = []
    for plan in perms.plans_for(user).select_related("owner").order_by("title"):
        roles = perms.roles(user, plan)
        periods = list(_open_periods(plan))
        updates = ProgressUpdate.objects.filter(node__plan=plan).select_related("node", "period")
        due = []
        if perms.Role.OFFICER in roles or perms.Role.ADMIN in roles:
            # A returned update is listed under «Returned to you», not again as due.
            reported = set(
                updates.filter(period__in=periods)
                .exclude(~Q(author_id=user.pk), state=ProgressUpdate.State.RETURNED)
                .values_list("node_id", "period_id")
            )
            for node in perms.due_items(user, plan):
                for period in periods:
                    if (node.id, period.id) not in reported:
                        due.append((node, period))
        # planners see whether the plan will reach its goal at this pace (flagged when not)
        outlook = (
            forecasts.plan_forecast(plan)
            if perms.can_plan(user, plan) and plan.state == Plan.State.PUBLISHED
            else None
        )
        sections.append(
            {
                "plan": plan,
                "forecast": outlook,
                "roles": roles,
                "periods": periods,
                "due": due,
                "returned": list(
                    updates.filter(state=ProgressUpdate.State.RETURNED, author_id=user.pk)
                ),
                "to_review": list(updates.filter(state=ProgressUpdate.State.SUBMITTED))
                if perms.can_review(user, plan)
                else [],
                "to_publish": list(updates.filter(state=ProgressUpdate.State.APPROVED))
                if perms.can_plan(user, plan)
                else [],
                "indicator_work": _indicator_work(user, plan),
            }
        )
    today = timezone.localdate()
    for section in sections:  # each open period with the days it is overdue (None if not)
        section["schedule"] = [
            (period, (today - period.end).days if period.end and period.end < today else None)
            for period in section["periods"]
        ]
    return render(
        request,
        "workspace/my_work.html",
        {
            "sections": sections,
            "today": today,
            "institutions": perms.planning_institutions(user),
            "networks": list(network_perms.networks_for(user).order_by("name")),
        },
    )


def _indicator_work(user: Any, plan: Plan) -> list[tuple[str, Any]]:
    """What waits for this user in the plan's indicators: measurements to review or publish, and
    goal-change requests to decide."""
    from avance.indicators.models import GoalChange, Measurement

    work: list[tuple[str, Any]] = []
    measurements = Measurement.objects.filter(indicator__node__plan=plan).select_related(
        "indicator", "period"
    )
    if perms.can_review(user, plan):
        for m in measurements.filter(state=Measurement.State.SUBMITTED):
            work.append(
                (_("measurement of %(period)s to review") % {"period": m.period.label}, m.indicator)
            )
    if perms.can_plan(user, plan):
        for m in measurements.filter(state=Measurement.State.APPROVED):
            work.append(
                (
                    _("measurement of %(period)s to publish") % {"period": m.period.label},
                    m.indicator,
                )
            )
        for c in GoalChange.objects.filter(
            indicator__node__plan=plan, state=GoalChange.State.REQUESTED
        ).select_related("indicator", "period"):
            work.append(
                (
                    _("goal change for %(period)s to decide") % {"period": c.period.label},
                    c.indicator,
                )
            )
    return work


@login_required
def check_in(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    node = _get_node_for_reporting(request, slug, code)
    periods = list(_open_periods(node.plan))
    if not periods:
        messages.error(request, _("There is no open reporting period for this plan."))
        return HttpResponseRedirect(reverse("workspace"))
    period = next((p for p in periods if p.key == request.GET.get("periodo")), periods[0])
    previous = _previous_percent(node)
    form = CheckInForm(request.POST or None, request.FILES or None, node=node, previous=previous)
    if request.method == "POST" and form.is_valid():
        try:
            update = actions.do_record_progress(
                request.user, node, period, submit=True, **_reported(form.cleaned_data)
            )
        except actions.ActionError as exc:
            form.add_error("attachments", error_text(exc))
        else:
            messages.success(request, _("Check-in submitted for review."))
            return HttpResponseRedirect(reverse("workspace-update", args=[update.code.hex]))
    return render(
        request,
        "workspace/check_in.html",
        {
            "node": node,
            "period": period,
            "periods": periods,
            "form": form,
            "previous": previous,
            "pace": form.expected_pace(),
        },
    )


@login_required
@require_GET
def update_detail(request: HttpRequest, code: str) -> HttpResponse:
    update = _get_update_for_user(request, code)
    plan = update.node.plan
    history = AuditEntry.objects.filter(
        target_type="progress.progressupdate", target_id=str(update.pk)
    ).order_by("at", "id")
    return render(
        request,
        "workspace/update.html",
        {
            "update": update,
            "plan": plan,
            "history": history,
            "return_form": ReturnForm(initial={"state": update.state}),
            "can_review": perms.can_review(request.user, plan),
            "can_publish": perms.can_plan(request.user, plan),
            "can_correct": update.author_id == request.user.pk
            and update.state == ProgressUpdate.State.RETURNED,
            "evidence": update.evidence.all(),
            # the comment matters while the update is returned or resent, not once approved
            "show_comment": update.state
            in {ProgressUpdate.State.RETURNED, ProgressUpdate.State.SUBMITTED},
            "rows": readable(history),
        },
    )


@login_required
@require_POST
def review(request: HttpRequest, code: str, decision: str) -> HttpResponse:
    update = _get_update_for_user(request, code)
    plan = update.node.plan
    allowed = (
        perms.can_plan(request.user, plan)
        if decision == "publicar"
        else perms.can_review(request.user, plan)
    )
    if not allowed or decision not in {"aprobar", "devolver", "publicar"}:
        raise PermissionDenied
    try:
        if decision == "aprobar":
            actions.do_approve_update(request.user, update)
            messages.success(request, _("Approved; the planning unit can publish it."))
        elif decision == "devolver":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Say why the update is returned."))
                return HttpResponseRedirect(reverse("workspace-update", args=[code]))
            actions.do_return_update(request.user, update, form.cleaned_data["comment"])
            messages.success(request, _("Returned to its author with your comment."))
        else:
            actions.do_publish_update(request.user, update)
            messages.success(request, _("Published; the public figures are updated."))
    except actions.ActionError as exc:
        messages.error(request, refusal(exc))
    return HttpResponseRedirect(reverse("workspace-update", args=[code]))


@login_required
def correct(request: HttpRequest, code: str) -> HttpResponse:
    update = _get_update_for_user(request, code)
    if update.author_id != request.user.pk or not perms.can_report(request.user, update.node):
        raise PermissionDenied
    previous = _previous_percent(update.node)
    initial = {
        "percent": update.percent,
        "status": update.status,
        "narrative": update.narrative,
        "note": update.note,
    }
    form = CheckInForm(
        request.POST or None,
        request.FILES or None,
        node=update.node,
        previous=previous,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_correct_update(request.user, update, **_reported(form.cleaned_data))
        except actions.ActionError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Corrected and submitted again."))
            return HttpResponseRedirect(reverse("workspace-update", args=[code]))
    return render(
        request,
        "workspace/check_in.html",
        {
            "node": update.node,
            "period": update.period,
            "periods": [update.period],
            "form": form,
            "previous": previous,
            "correcting": update,
            "attached": update.evidence.all(),
        },
    )


@login_required
def periods(request: HttpRequest, slug: str) -> HttpResponse:
    plan = _get_plan_for_user(request, slug)
    if not perms.can_plan(request.user, plan):
        raise PermissionDenied
    form = PeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_open_period(
                request.user,
                plan,
                key=data["key"],
                label=data["label"],
                start=data["start"],
                end=data["end"],
            )
        except actions.ActionError as exc:
            form.add_error("key", error_text(exc))
        else:
            messages.success(request, _("Reporting period opened."))
            return HttpResponseRedirect(reverse("workspace-periods", args=[slug]))
    periods = sorted(plan.periods.all(), key=lambda p: p.order_key)
    return render(
        request,
        "workspace/periods.html",
        {
            "plan": plan,
            "form": form,
            "periods": [
                (
                    period,
                    [
                        (TARGETS[name], PERIOD_LABELS[name])
                        for name in PERIOD.available(period.state)
                    ],
                )
                for period in periods
            ],
        },
    )


# Buttons say what they do («Cerrar periodo»), not the state they lead to.
PERIOD_LABELS = {
    "close": gettext_lazy("Close period"),
    "reopen": gettext_lazy("Reopen period"),
    "publish": gettext_lazy("Publish period"),
}
TARGETS = {name: PERIOD.target(name) for name in PERIOD.transitions}


@login_required
@require_POST
def period_state(request: HttpRequest, slug: str, key: str, state: str) -> HttpResponse:
    plan = _get_plan_for_user(request, slug)
    if not perms.can_plan(request.user, plan):
        raise PermissionDenied
    period = get_object_or_404(ReportingPeriod, plan=plan, key=key)
    try:
        actions.do_set_period_state(request.user, period, state)
    except actions.ActionError as exc:
        messages.error(request, error_text(exc))
    return HttpResponseRedirect(reverse("workspace-periods", args=[slug]))


@login_required
@require_GET
def audit(request: HttpRequest, slug: str) -> HttpResponse:
    """The plan's audit trail, readable, filterable (who, what, item, dates), paginated, and
    downloadable as CSV with the same filters."""
    plan = _get_plan_for_user(request, slug)
    entries = AuditEntry.objects.filter(plan_id=plan.id)
    node = None
    if request.GET.get("elemento"):
        node = get_object_or_404(Node, plan=plan, code=_uuid(request.GET["elemento"]))
        updates = [
            str(pk) for pk in ProgressUpdate.objects.filter(node=node).values_list("pk", flat=True)
        ]
        entries = entries.filter(
            Q(target_type="plans.node", target_id=str(node.pk))
            | Q(target_type="progress.progressupdate", target_id__in=updates)
        )
    # the filters' choices, from the database's distinct values (not every entry)
    people = list(entries.order_by("actor_label").values_list("actor_label", flat=True).distinct())
    events = list(entries.order_by("action").values_list("action", flat=True).distinct())
    chosen = {
        "quien": request.GET.get("quien", ""),
        "que": request.GET.get("que", ""),
        "desde": _day(request.GET.get("desde")),
        "hasta": _day(request.GET.get("hasta")),
    }
    if chosen["quien"]:
        entries = entries.filter(actor_label=chosen["quien"])
    if chosen["que"]:
        entries = entries.filter(action=chosen["que"])
    if chosen["desde"]:
        entries = entries.filter(at__date__gte=chosen["desde"])
    if chosen["hasta"]:
        entries = entries.filter(at__date__lte=chosen["hasta"])
    entries = entries.order_by("-at", "-id")
    if request.GET.get("formato") == "csv":
        return _audit_csv(plan, entries[:100_000])
    page = Paginator(entries, 50).get_page(request.GET.get("pagina"))
    query = {k: v for k, v in request.GET.items() if k != "pagina" and v}
    return render(
        request,
        "workspace/audit.html",
        {
            "plan": plan,
            "node": node,
            "page": page,
            "rows": readable(page.object_list),
            "people": people,
            "events": [(code, _event_name(code)) for code in events],
            "chosen": chosen,
            "query": urlencode(query),
            "csv_query": urlencode({**query, "formato": "csv"}),
        },
    )


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _event_name(code: str) -> str:
    """An event's name for the filter: its sentence without who and what."""
    template = EVENTS.get(code)
    if template is None:
        return code
    return " ".join((str(template) % {"who": "", "what": ""}).strip(" ()").split()).capitalize()


def _audit_csv(plan: Plan, entries: QuerySet[AuditEntry]) -> HttpResponse:
    from avance.core.tabular import neutralise

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([_("When"), _("Who"), _("What"), _("Object"), _("Changes")])
    for row in readable(entries):
        changes = "; ".join(
            f"{c.label}: {c.before} → {c.after}" if c.before else f"{c.label}: {c.after}"
            for c in row.changes
        )
        writer.writerow(
            [
                neutralise(value)
                for value in (
                    timezone.localtime(row.entry.at).strftime("%Y-%m-%d %H:%M"),
                    row.who,
                    row.sentence,
                    row.entry.target_label,
                    changes,
                )
            ]
        )
    response = HttpResponse(
        buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{plan.slug}-bitacora.csv"'
    return response


@require_GET
def evidence_file(request: HttpRequest, code: str) -> FileResponse:
    """Evidence files: public once their update is published, else to the plan's staff only.
    Always a download, never rendered inline."""
    link = get_object_or_404(
        EvidenceLink.objects.select_related("node__plan__owner", "update"), code=_uuid(code)
    )
    published = link.update is None or link.update.state == ProgressUpdate.State.PUBLISHED
    if not link.file or not (published or perms.can_view(request.user, link.node.plan)):
        raise Http404("no such file")
    # Always a download, under the name we stored it with (a UUID and the extension its checked
    # content earned), with the type that check found; never the uploader's name or type.
    response = FileResponse(
        link.file.open("rb"),
        as_attachment=True,
        filename=PurePosixPath(link.file.name or "evidencia").name,
        content_type=link.content_type or "application/octet-stream",
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response
