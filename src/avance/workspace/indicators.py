"""Indicators in the workspace: the editor, goals, the measurement form (with the computed
value and semáforo shown before submitting), review and publication, and goal-change requests.
Each view opens with one access helper; the actions do the writes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from avance.accounts import permissions as perms
from avance.core.errors import ActionError
from avance.formatting import error_text, refusal
from avance.indicators import actions, evaluation
from avance.indicators.models import Goal, GoalChange, Indicator, Measurement
from avance.plans.models import Plan
from avance.progress.models import ReportingPeriod
from avance.workspace.forms import (
    GoalChangeForm,
    GoalForm,
    IndicatorEditForm,
    IndicatorForm,
    MeasurementForm,
)
from avance.workspace.views import _get_plan_for_user, _open_periods, _uuid


def _get_indicator_for_user(request: HttpRequest, code: str) -> Indicator:
    indicator = get_object_or_404(
        Indicator.objects.select_related("node__plan__owner", "node__level"), code=_uuid(code)
    )
    if not perms.can_view(request.user, indicator.node.plan):
        raise Http404("no such indicator")
    return indicator


def _get_measurement_for_user(request: HttpRequest, code: str) -> Measurement:
    measurement = get_object_or_404(
        Measurement.objects.select_related("indicator__node__plan", "period"), code=_uuid(code)
    )
    if not perms.can_view(request.user, measurement.indicator.node.plan):
        raise Http404("no such measurement")
    return measurement


def _get_change_for_user(request: HttpRequest, code: str) -> GoalChange:
    change = get_object_or_404(
        GoalChange.objects.select_related("indicator__node__plan", "period"), code=_uuid(code)
    )
    if not perms.can_view(request.user, change.indicator.node.plan):
        raise Http404("no such request")
    return change


def _open_period(plan: Plan, key: str | None) -> ReportingPeriod:
    periods = _open_periods(plan)
    period = periods.filter(key=key).first() if key else periods.first()
    if period is None:
        raise Http404("no open reporting period")
    return period


@login_required
@require_GET
def plan_indicators(request: HttpRequest, slug: str) -> HttpResponse:
    from avance.indicators.published import item_refs

    plan = _get_plan_for_user(request, slug)
    indicators = list(
        Indicator.objects.filter(node__plan=plan)
        .select_related("node")
        .order_by("node__position", "position")
    )
    latest = {}
    for reading in evaluation.StoredReading.objects.filter(
        indicator__in=indicators, value__isnull=False
    ).order_by("period__end"):
        latest[reading.indicator_id] = reading
    refs = item_refs(plan.id, {i.node_id for i in indicators})
    return render(
        request,
        "workspace/indicators.html",
        {
            "plan": plan,
            "rows": [
                (i, latest.get(i.id), " ".join(filter(None, refs[i.node_id]))) for i in indicators
            ],
            "can_plan": perms.can_plan(request.user, plan),
        },
    )


@login_required
def indicator_new(request: HttpRequest, slug: str) -> HttpResponse:
    plan = _get_plan_for_user(request, slug)
    if not perms.can_plan(request.user, plan):
        raise PermissionDenied
    form = IndicatorForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        node, variables = data.pop("node"), data.pop("variables")
        name, expression = data.pop("name"), data.pop("expression")
        try:
            indicator = actions.do_create_indicator(
                request.user, node, name=name, expression=expression, variables=variables, **data
            )
        except ActionError as exc:
            form.add_error("expression", error_text(exc))
        else:
            messages.success(request, _("Indicator created; set its goals per period."))
            return HttpResponseRedirect(reverse("workspace-indicator", args=[indicator.code.hex]))
    return render(request, "workspace/indicator_new.html", {"plan": plan, "form": form})


@login_required
def indicator_edit(request: HttpRequest, code: str) -> HttpResponse:
    indicator = _get_indicator_for_user(request, code)
    if not perms.can_plan(request.user, indicator.node.plan):
        raise PermissionDenied
    form = IndicatorEditForm(request.POST or None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        variables = data.pop("variables")
        try:
            actions.do_update_indicator(request.user, indicator, variables=variables, **data)
        except ActionError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Saved."))
            return HttpResponseRedirect(reverse("workspace-indicator", args=[code]))
    return render(
        request,
        "workspace/indicator_new.html",
        {"plan": indicator.node.plan, "form": form, "indicator": indicator},
    )


@login_required
@require_GET
def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    indicator = _get_indicator_for_user(request, code)
    plan = indicator.node.plan
    user = request.user
    goals = {g.period_id: g for g in Goal.objects.filter(indicator=indicator)}
    measured = {m.period_id: m for m in Measurement.objects.filter(indicator=indicator)}
    stored = {r.period_id: r for r in evaluation.StoredReading.objects.filter(indicator=indicator)}
    periods = evaluation.periods(indicator)
    return render(
        request,
        "workspace/indicator.html",
        {
            "indicator": indicator,
            "plan": plan,
            "rows": [
                {
                    "period": p,
                    "goal": goals.get(p.id),
                    "measurement": measured.get(p.id),
                    "reading": stored.get(p.id),
                }
                for p in periods
            ],
            "changes": GoalChange.objects.filter(indicator=indicator).select_related("period"),
            "can_plan": perms.can_plan(user, plan),
            "can_review": perms.can_review(user, plan),
            "can_report": perms.can_report(user, indicator.node),
            "goal_form": GoalForm(),
            "change_form": GoalChangeForm(),
            "profile": evaluation.profile(indicator),
        },
    )


@login_required
def measure(request: HttpRequest, code: str) -> HttpResponse:
    indicator = _get_indicator_for_user(request, code)
    if not perms.can_report(request.user, indicator.node):
        raise PermissionDenied
    period = _open_period(indicator.node.plan, request.GET.get("periodo"))
    returned = Measurement.objects.filter(
        indicator=indicator, period=period, state=Measurement.State.RETURNED
    ).first()
    # A returned measurement comes back filled in, with the reviewer's comment above it.
    initial = (
        {
            **{f"var_{name}": value for name, value in returned.values.items()},
            "narrative": returned.narrative,
            "links": "\n".join(returned.evidence),
        }
        if returned
        else None
    )
    form = MeasurementForm(request.POST or None, indicator=indicator, initial=initial)
    preview: Any = None
    if request.method == "POST" and form.is_valid():
        draft = Measurement(indicator=indicator, period=period, values=form.values())
        preview = actions.preview(draft)
        if "enviar" in request.POST:
            try:
                measurement = actions.do_record_measurement(
                    request.user,
                    indicator,
                    period,
                    form.values(),
                    narrative=form.cleaned_data["narrative"],
                    evidence=form.cleaned_data["links"],
                    submit=True,
                )
            except ActionError as exc:
                form.add_error(None, error_text(exc))
            else:
                messages.success(
                    request,
                    _("Measurement of %(period)s submitted for review.") % {"period": period.label},
                )
                return HttpResponseRedirect(
                    reverse("workspace-indicator", args=[measurement.indicator.code.hex])
                )
    goal = Goal.objects.filter(indicator=indicator, period=period).first()
    return render(
        request,
        "workspace/measure.html",
        {
            "indicator": indicator,
            "period": period,
            "form": form,
            "preview": preview,
            "goal": goal,
            "returned": returned,
            "profile": evaluation.profile(indicator),
        },
    )


@login_required
@require_POST
def measurement_decision(request: HttpRequest, code: str, decision: str) -> HttpResponse:
    measurement = _get_measurement_for_user(request, code)
    plan = measurement.indicator.node.plan
    transitions = {"aprobar": "approve", "devolver": "return", "publicar": "publish"}
    if decision not in transitions:
        raise Http404("no such decision")
    allowed = (
        perms.can_plan(request.user, plan)
        if decision == "publicar"
        else perms.can_review(request.user, plan)
    )
    if not allowed:
        raise PermissionDenied
    try:
        actions.do_change_measurement(
            request.user, measurement, transitions[decision], request.POST.get("comment", "")
        )
    except ActionError as exc:
        messages.error(request, refusal(exc))
    else:
        messages.success(request, _("Done."))
    return HttpResponseRedirect(
        reverse("workspace-indicator", args=[measurement.indicator.code.hex])
    )


@login_required
@require_POST
def goal_set(request: HttpRequest, code: str, key: str) -> HttpResponse:
    indicator = _get_indicator_for_user(request, code)
    if not perms.can_plan(request.user, indicator.node.plan):
        raise PermissionDenied
    period = get_object_or_404(ReportingPeriod, plan=indicator.node.plan, key=key)
    form = GoalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the goal as a number."))
    else:
        try:
            actions.do_set_goal(request.user, indicator, period, form.cleaned_data["goal"])
        except ActionError as exc:
            messages.error(request, refusal(exc))
    return HttpResponseRedirect(reverse("workspace-indicator", args=[code]))


@login_required
@require_POST
def goal_change_request(request: HttpRequest, code: str, key: str) -> HttpResponse:
    indicator = _get_indicator_for_user(request, code)
    plan = indicator.node.plan
    if not (perms.can_report(request.user, indicator.node) or perms.can_plan(request.user, plan)):
        raise PermissionDenied
    period = get_object_or_404(ReportingPeriod, plan=plan, key=key)
    form = GoalChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the requested goal and say why."))
    else:
        try:
            actions.do_request_goal_change(
                request.user,
                indicator,
                period,
                form.cleaned_data["requested"],
                form.cleaned_data["justification"],
            )
        except ActionError as exc:
            messages.error(request, refusal(exc))
        else:
            messages.success(request, _("Request sent to the planning unit."))
    return HttpResponseRedirect(reverse("workspace-indicator", args=[code]))


@login_required
@require_POST
def goal_change_decision(request: HttpRequest, code: str, decision: str) -> HttpResponse:
    change = _get_change_for_user(request, code)
    if not perms.can_plan(request.user, change.indicator.node.plan):
        raise PermissionDenied
    decisions = {"autorizar": "authorise", "rechazar": "reject"}
    if decision not in decisions:
        raise Http404("no such decision")
    try:
        actions.do_decide_goal_change(
            request.user, change, decisions[decision], request.POST.get("comment", "")
        )
    except ActionError as exc:
        messages.error(request, refusal(exc))
    else:
        messages.success(request, _("Done."))
    return HttpResponseRedirect(reverse("workspace-indicator", args=[change.indicator.code.hex]))
