"""A network in the workspace: the liaison fills its member's statistics (typed or uploaded),
the member's reviewer approves or returns them, the coordinator follows completeness and
returns figures, opens periods; liaisons decide on agenda lines and follow up agreements."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from avance.core import statistics, tabular
from avance.core.documents import DocumentError
from avance.core.errors import ActionError
from avance.formatting import error_text, stats_problem
from avance.networks import actions, figures, formats
from avance.networks import permissions as perms
from avance.networks.models import (
    Adoption,
    Agreement,
    Member,
    Session,
    StatsForm,
    StatsPeriod,
    Submission,
)
from avance.organizations.models import Organization
from avance.plans.models import Node


def _get_network_for_user(request: HttpRequest, slug: str) -> Organization:
    network = perms.networks_for(request.user).filter(slug=slug).first()
    if network is None:
        raise Http404("no such network")
    return network


def _get_member(network: Organization, slug: str) -> Member:
    member = (
        Member.objects.filter(network=network, organization__slug=slug, left__isnull=True)
        .select_related("organization", "network")
        .first()
    )
    if member is None:
        raise Http404("no such member")
    return member


def _get_period(network: Organization, form_slug: str, key: str) -> StatsPeriod:
    period = (
        StatsPeriod.objects.filter(form__network=network, form__slug=form_slug, key=key)
        .select_related("form", "version")
        .first()
    )
    if period is None:
        raise Http404("no such period")
    return period


def _get_submission_for_user(request: HttpRequest, code: str) -> Submission:
    submission = (
        Submission.objects.filter(code=_uuid(code))
        .select_related(
            "member__organization", "member__network", "period__form", "period__version"
        )
        .first()
    )
    if submission is None or not perms.can_see(request.user, submission):
        raise Http404("no such submission")
    return submission


def _uuid(code: str) -> str:
    """The code as a UUID's text; an unreadable code matches nothing (a 404, never a 500)."""
    import uuid

    try:
        return str(uuid.UUID(code))
    except ValueError:
        return "00000000-0000-0000-0000-000000000000"


@login_required
@require_GET
def network_home(request: HttpRequest, slug: str) -> HttpResponse:
    network = _get_network_for_user(request, slug)
    user = request.user
    coordinator = perms.is_coordinator(user, network)
    mine = perms.liaison_members(user, network)
    reviewing = perms.reviewing_members(user, network)
    stats_forms = list(StatsForm.objects.filter(network=network).order_by("name"))
    periods = list(
        StatsPeriod.objects.filter(form__network=network).select_related("form").order_by("-end")
    )
    submissions = {
        (s.period_id, s.member_id): s
        for s in Submission.objects.filter(
            period__in=periods, member__in=[*mine, *reviewing]
        ).select_related("period__form", "member__organization")
    }
    to_fill = [
        (period, member, submissions.get((period.pk, member.pk)))
        for period in periods
        if period.state == StatsPeriod.State.OPEN
        for member in mine
    ]
    to_review = [
        s
        for s in submissions.values()
        if s.state == Submission.State.SUBMITTED and s.member in reviewing
    ]
    agreements = list(
        Agreement.objects.filter(session__network=network, responsible__in=mine)
        .select_related("session")
        .distinct()
        .order_by("due", "ref")
    )
    return render(
        request,
        "workspace/network.html",
        {
            "network": network,
            "coordinator": coordinator,
            "mine": mine,
            "to_fill": to_fill,
            "to_review": sorted(
                to_review, key=lambda s: (s.period.end, s.member.organization.name)
            ),
            "completeness": [(f, figures.completeness(f)) for f in stats_forms]
            if coordinator
            else [],
            "forms": stats_forms,
            "period_form": PeriodForm(forms_=stats_forms) if coordinator else None,
            "agreements": agreements,
            "statuses": Agreement.Status.choices,
            "agenda": bool(mine) and _agenda_lines(network).exists(),
        },
    )


class PeriodForm(forms.Form):
    form = forms.ChoiceField(label=gettext_lazy("Statistics form"))
    key = forms.SlugField(label=gettext_lazy("Key"), max_length=40)
    label = forms.CharField(label=gettext_lazy("Label"), max_length=100)
    start = forms.DateField(label=gettext_lazy("Start"), widget=forms.DateInput({"type": "date"}))
    end = forms.DateField(label=gettext_lazy("End"), widget=forms.DateInput({"type": "date"}))
    due = forms.DateField(label=gettext_lazy("Due date"), widget=forms.DateInput({"type": "date"}))

    def __init__(self, *args: Any, forms_: list[StatsForm], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["form"].choices = [(f.slug, f.name) for f in forms_]  # type: ignore[attr-defined]


@login_required
@require_POST
def open_period(request: HttpRequest, slug: str) -> HttpResponse:
    network = _get_network_for_user(request, slug)
    if not perms.is_coordinator(request.user, network):
        raise PermissionDenied
    stats_forms = list(StatsForm.objects.filter(network=network))
    form = PeriodForm(request.POST, forms_=stats_forms)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        data = form.cleaned_data
        try:
            actions.do_open_stats_period(
                request.user,
                next(f for f in stats_forms if f.slug == data["form"]),
                data["key"],
                data["label"],
                start=data["start"],
                end=data["end"],
                due=data["due"],
            )
        except ActionError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Period opened."))
    return HttpResponseRedirect(reverse("workspace-network", args=[slug]))


@login_required
def fill(
    request: HttpRequest, slug: str, form_slug: str, key: str, member_slug: str
) -> HttpResponse:
    """The liaison's form: one field per variable (or category), problems next to the field."""
    network = _get_network_for_user(request, slug)
    member = _get_member(network, member_slug)
    if not perms.can_fill(request.user, member):
        raise PermissionDenied
    period = _get_period(network, form_slug, key)
    definition = statistics.read_form(period.version.definition)
    submission = Submission.objects.filter(period=period, member=member).first()
    typed: dict[str, str] = {
        k: statistics.shown(v) for k, v in (submission.values if submission else {}).items()
    }
    problems: dict[str, list[str]] = {}
    general: list[str] = []
    if request.method == "POST":
        if request.FILES.get("plantilla"):
            typed, general = _read_upload(request.FILES["plantilla"])
        else:
            typed = {k: request.POST.get(k, "") for k, _v, _c in definition.fields()}
        if not general:
            submit = "enviar" in request.POST
            try:
                actions.do_save_figures(request.user, period, member, typed, submit=submit)
            except actions.FiguresRefused as refused:
                for field_key, found in refused.checked.problems.items():
                    problems[field_key] = [stats_problem(code, params) for code, params in found]
                general.append(_("Nothing was saved: correct the fields marked below."))
                known = {field_key for field_key, _v, _c in definition.fields()}
                for field_key in [k for k in problems if k not in known]:
                    general.extend(problems.pop(field_key))  # an upload's unknown field
            except ActionError as exc:
                general.append(error_text(exc))
            else:
                messages.success(
                    request,
                    _("Figures submitted for review.") if submit else _("Draft saved."),
                )
                return HttpResponseRedirect(
                    reverse("workspace-stats-fill", args=[slug, form_slug, key, member_slug])
                )
    editable = period.state == StatsPeriod.State.OPEN and (
        submission is None
        or submission.state in (Submission.State.DRAFT, Submission.State.RETURNED)
    )
    return render(
        request,
        "workspace/stats_fill.html",
        {
            "network": network,
            "member": member,
            "period": period,
            "submission": submission,
            "editable": editable,
            "general": general,
            "fields": _fields(definition, typed, problems),
        },
    )


def _fields(
    definition: statistics.Form, typed: dict[str, str], problems: dict[str, list[str]]
) -> list[dict[str, Any]]:
    out = []
    for key, variable, category in definition.fields():
        breakdown = definition.breakdown(variable)
        out.append(
            {
                "key": key,
                "id": "f-" + key.replace(".", "-").lower(),
                "variable": variable,
                "category": dict(breakdown.categories)[category] if breakdown and category else "",
                # a broken-down variable's categories are grouped in one fieldset
                "open_group": bool(breakdown and category == breakdown.categories[0][0]),
                "close_group": bool(breakdown and category == breakdown.categories[-1][0]),
                "value": typed.get(key, ""),
                "problems": problems.get(key, []),
            }
        )
    return out


def _read_upload(upload: Any) -> tuple[dict[str, str], list[str]]:
    """A filled-in template (XLSX or CSV) as typed values, or the reason it cannot be read."""
    name = Path(upload.name or "plantilla.csv").name
    suffix = ".xlsx" if name.lower().endswith(".xlsx") else ".csv"
    if upload.size > 5 * 1024 * 1024:
        return {}, [_("%(name)s: a template is at most 5 MB") % {"name": name}]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("plantilla" + suffix)
        path.write_bytes(upload.read())
        try:
            rows, _source = tabular.read_rows(path)
            return statistics.from_rows(rows, name), []
        except ActionError as exc:
            return {}, [error_text(exc)]
        except DocumentError as exc:
            return {}, [str(exc).replace(str(path), name)]


@login_required
@require_GET
def template_download(request: HttpRequest, slug: str, form_slug: str) -> HttpResponse:
    network = _get_network_for_user(request, slug)
    form = StatsForm.objects.filter(network=network, slug=form_slug).first()
    if form is None:
        raise Http404("no such form")
    response = HttpResponse(
        formats.template(form, "xlsx"), content_type=formats.CONTENT_TYPES["xlsx"]
    )
    response["Content-Disposition"] = f'attachment; filename="plantilla-{form.slug}.xlsx"'
    return response


@login_required
@require_GET
def submission_detail(request: HttpRequest, code: str) -> HttpResponse:
    submission = _get_submission_for_user(request, code)
    definition = statistics.read_form(submission.period.version.definition)
    typed = {k: statistics.shown(v) for k, v in submission.values.items()}
    return render(
        request,
        "workspace/stats_submission.html",
        {
            "submission": submission,
            "fields": _fields(definition, typed, {}),
            "can_approve": perms.can_approve(request.user, submission.member),
            "can_return": perms.can_return(request.user, submission),
        },
    )


@login_required
@require_POST
def submission_decision(request: HttpRequest, code: str, decision: str) -> HttpResponse:
    submission = _get_submission_for_user(request, code)
    if decision == "aprobar":
        allowed = perms.can_approve(request.user, submission.member)
    elif decision == "devolver":
        allowed = perms.can_return(request.user, submission)
    else:
        raise Http404("no such decision")
    if not allowed:
        raise PermissionDenied
    try:
        if decision == "aprobar":
            actions.do_approve_figures(request.user, submission)
            messages.success(request, _("Figures approved: they are public now."))
        else:
            actions.do_return_figures(request.user, submission, request.POST.get("comment", ""))
            messages.success(request, _("Figures returned to the member's liaison."))
    except ActionError as exc:
        messages.error(request, error_text(exc))
        return HttpResponseRedirect(reverse("workspace-submission", args=[code]))
    return HttpResponseRedirect(reverse("workspace-network", args=[submission.member.network.slug]))


def _agenda_lines(network: Organization) -> Any:
    """The lines of the network's agenda: the items without children of its published plans."""
    return (
        Node.objects.filter(plan__owner=network, plan__state="published", children__isnull=True)
        .select_related("plan")
        .order_by("plan__title", "parent__parent__position", "parent__position", "position", "id")
    )


@login_required
def agenda(request: HttpRequest, slug: str, member_slug: str) -> HttpResponse:
    """A member's decisions on the agenda lines: adopt (linked to one of its own items or not)
    or decline with a reason."""
    network = _get_network_for_user(request, slug)
    member = _get_member(network, member_slug)
    if not perms.can_fill(request.user, member):
        raise PermissionDenied
    lines = list(_agenda_lines(network))
    own_items = list(
        Node.objects.filter(plan__owner=member.organization, plan__state="published")
        .select_related("plan")
        .order_by("plan__title", "position")
    )
    error = ""
    if request.method == "POST":
        line = next((n for n in lines if n.code.hex == request.POST.get("line")), None)
        if line is None:
            raise Http404("no such line")
        item_code = request.POST.get("item", "")
        item = next((n for n in own_items if n.code.hex == item_code), None)
        try:
            actions.do_decide_line(
                request.user,
                line,
                member,
                adopted=request.POST.get("decision") != "declinar",
                reason=request.POST.get("reason", ""),
                item=item,
            )
        except ActionError as exc:
            error = error_text(exc)
        else:
            messages.success(request, _("Saved."))
            return HttpResponseRedirect(reverse("workspace-agenda", args=[slug, member_slug]))
    decided = {a.line_id: a for a in Adoption.objects.filter(member=member, line__in=lines)}
    return render(
        request,
        "workspace/agenda.html",
        {
            "network": network,
            "member": member,
            "rows": [(line, decided.get(line.pk)) for line in lines],
            "items": own_items,
            "error": error,
        },
    )


@login_required
@require_POST
def agreement_follow_up(request: HttpRequest, code: str) -> HttpResponse:
    agreement = (
        Agreement.objects.filter(code=_uuid(code)).select_related("session__network").first()
    )
    if agreement is None:
        raise Http404("no such agreement")
    network = agreement.session.network
    mine = {m.pk for m in perms.liaison_members(request.user, network)}
    if not mine & set(agreement.responsible.values_list("pk", flat=True)):
        if perms.networks_for(request.user).filter(pk=network.pk).exists():
            raise PermissionDenied
        raise Http404("no such agreement")
    try:
        actions.do_follow_up_agreement(
            request.user,
            agreement,
            status=request.POST.get("status", ""),
            note=request.POST.get("note", ""),
            evidence=request.POST.get("evidence", ""),
        )
    except ActionError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Follow-up saved."))
    return HttpResponseRedirect(reverse("workspace-network", args=[network.slug]))


@login_required
def stats_forms(request: HttpRequest, slug: str) -> HttpResponse:
    """The coordinator's forms: each with its versions and a workbook of its definition to edit
    in a spreadsheet; uploading the workbook creates a form or makes its next version."""
    network = _get_network_for_user(request, slug)
    if not perms.is_coordinator(request.user, network):
        raise PermissionDenied
    stats_forms = list(
        StatsForm.objects.filter(network=network).prefetch_related("versions").order_by("name")
    )
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("definicion")
        chosen = request.POST.get("form", "")
        existing = next((f for f in stats_forms if f.slug == chosen), None)
        name = request.POST.get("name", "").strip()
        code = request.POST.get("code", "").strip().lower()
        if upload is None:
            error = _("Choose the definition workbook (XLSX).")
        elif existing is None and (not name or not code):
            error = _("A new form needs a name and a code.")
        else:
            try:
                definition = _read_definition(upload)
                if existing is None:
                    actions.do_create_form(request.user, network, code, name, definition)
                else:
                    actions.do_revise_form(request.user, existing, definition)
            except ActionError as exc:
                error = error_text(exc)
            except DocumentError as exc:
                error = str(exc)
            else:
                messages.success(request, _("Form saved."))
                return HttpResponseRedirect(reverse("workspace-stats-forms", args=[slug]))
    return render(
        request,
        "workspace/stats_forms.html",
        {"network": network, "forms": stats_forms, "error": error},
    )


def _read_definition(upload: Any) -> dict[str, Any]:
    name = Path(upload.name or "formulario.xlsx").name
    if not name.lower().endswith(".xlsx") or upload.size > 5 * 1024 * 1024:
        raise ActionError(
            f"{name}: a definition is an XLSX workbook of at most 5 MB",
            code="stats.definition_file",
            params={"name": name},
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "definicion.xlsx"
        path.write_bytes(upload.read())
        return formats.read_definition(path, name)


@login_required
@require_GET
def definition_download(request: HttpRequest, slug: str, form_slug: str) -> HttpResponse:
    network = _get_network_for_user(request, slug)
    if not perms.is_coordinator(request.user, network):
        raise PermissionDenied
    form = StatsForm.objects.filter(network=network, slug=form_slug).first()
    if form is None:
        raise Http404("no such form")
    version = form.versions.order_by("-number").first()
    assert version is not None
    from avance.reports.formats.workbook import write_xlsx

    body = write_xlsx(statistics.definition_sheets(statistics.read_form(version.definition)))
    response = HttpResponse(body, content_type=formats.CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{form.slug}-v{version.number}.xlsx"'
    return response


AGREEMENT_ROWS = 5  # agreements recorded with a session at once (more: record another time)


@login_required
def session_new(request: HttpRequest, slug: str) -> HttpResponse:
    """The coordinator records a session: date, kind, members present, and its agreements with
    the responsible members and due dates."""
    network = _get_network_for_user(request, slug)
    if not perms.is_coordinator(request.user, network):
        raise PermissionDenied
    members = list(
        Member.objects.filter(network=network, left__isnull=True)
        .select_related("organization")
        .order_by("organization__name")
    )
    by_pk = {str(m.pk): m for m in members}
    error = ""
    if request.method == "POST":
        post = request.POST
        date = _date_or_none(post.get("date", ""))
        agreements = []
        for n in range(AGREEMENT_ROWS):
            text = post.get(f"text-{n}", "").strip()
            if not text:
                continue
            agreements.append(
                {
                    "ref": post.get(f"ref-{n}", "").strip() or str(n + 1),
                    "text": text,
                    "due": _date_or_none(post.get(f"due-{n}", "")),
                    "responsible": [by_pk[p] for p in post.getlist(f"resp-{n}") if p in by_pk],
                }
            )
        if date is None or not post.get("title", "").strip():
            error = _("A session needs a title and a date.")
        else:
            try:
                actions.do_record_session(
                    request.user,
                    network,
                    kind=post.get("kind", ""),
                    title=post["title"],
                    date=date,
                    present=[by_pk[p] for p in post.getlist("present") if p in by_pk],
                    agreements=agreements,
                )
            except ActionError as exc:
                error = error_text(exc)
            else:
                messages.success(request, _("Session recorded."))
                return HttpResponseRedirect(reverse("workspace-network", args=[slug]))
    return render(
        request,
        "workspace/session_new.html",
        {
            "network": network,
            "members": members,
            "kinds": Session.Kind.choices,
            "rows": range(AGREEMENT_ROWS),
            "error": error,
        },
    )


def _date_or_none(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
