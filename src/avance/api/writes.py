"""Writes with a personal token: check-ins, indicator measurements, network statistics and plan
uploads. Each goes through the same action and permission as the web form; none publishes
(an update is submitted for review, a plan arrives as a draft).

Not being allowed to see an object answers 404 (its existence is not told); seeing it without
the right to write answers 403.
"""

import uuid
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Body, Router

from avance.accounts import permissions as perms
from avance.api import schemas
from avance.api.auth import TokenAuth
from avance.api.errors import ApiError
from avance.api.plans import router as plans_router
from avance.core.interchange import InvalidDocument
from avance.formatting import stats_problem
from avance.indicators import actions as indicator_actions
from avance.indicators.models import Indicator
from avance.networks import actions as network_actions
from avance.networks import permissions as network_perms
from avance.networks.models import Member, StatsPeriod
from avance.organizations.models import Organization
from avance.plans import actions as plan_actions
from avance.plans.models import Node, Plan, Status
from avance.progress import actions as progress_actions
from avance.progress.models import ReportingPeriod

router = Router(tags=["writes (token)"], auth=TokenAuth())

REFUSALS: dict[int | str, Any] = {
    400: schemas.Error,
    401: schemas.Error,
    403: schemas.Error,
    404: schemas.Error,
    422: schemas.Error,
    429: schemas.Error,
}


def _forbidden() -> ApiError:
    return ApiError(403, "forbidden", _("Your roles do not allow this here."))


def _not_found(field: str) -> ApiError:
    return ApiError(404, "not_found", _("Nothing you may see here."), field)


def _uuid(value: str, field: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise _not_found(field) from None


def _plan_period(plan: Plan, key: str) -> ReportingPeriod:
    period = ReportingPeriod.objects.filter(plan=plan, key=key).first()
    if period is None:
        raise ApiError(
            422,
            "no_such_period",
            _("The plan has no period %(key)s.") % {"key": key[:60]},
            "period",
        )
    return period


@router.post(
    "/plans/{slug}/nodes/{code}/check-ins",
    response={201: schemas.Written, **REFUSALS},
    summary="Report progress on an item",
)
def check_in(request: HttpRequest, slug: str, code: str, data: schemas.CheckIn) -> Any:
    plan = Plan.objects.filter(slug=slug).first()
    if plan is None or not perms.can_view(request.user, plan):
        raise _not_found("slug")
    node = Node.objects.filter(plan=plan, code=_uuid(code, "code")).first()
    if node is None:
        raise _not_found("code")
    if not perms.can_report(request.user, node):
        raise _forbidden()
    period = _plan_period(plan, data.period)
    status = None
    if data.status:
        status = Status.objects.filter(plan=plan, key=data.status).first()
        if status is None:
            raise ApiError(
                422,
                "no_such_status",
                _("The plan has no status %(key)s.") % {"key": data.status[:60]},
                "status",
            )
    update = progress_actions.do_record_progress(
        request.user,
        node,
        period,
        percent=data.percent,
        status=status,
        status_text=data.status_text,
        narrative=data.narrative,
        note=data.note,
        evidence=data.evidence,
        submit=data.submit,
    )
    return 201, {"code": str(update.code), "state": update.state}


@router.post(
    "/indicators/{code}/measurements",
    response={201: schemas.Written, **REFUSALS},
    summary="Record an indicator's measurement",
)
def measurement(request: HttpRequest, code: str, data: schemas.Measurement) -> Any:
    indicator = (
        Indicator.objects.select_related("node__plan").filter(code=_uuid(code, "code")).first()
    )
    if indicator is None or not perms.can_view(request.user, indicator.node.plan):
        raise _not_found("code")
    if not perms.can_report(request.user, indicator.node):
        raise _forbidden()
    period = _plan_period(indicator.node.plan, data.period)
    stored = indicator_actions.do_record_measurement(
        request.user,
        indicator,
        period,
        data.values,
        narrative=data.narrative,
        evidence=data.evidence,
        submit=data.submit,
    )
    return 201, {"code": str(stored.code), "state": stored.state}


@router.post(
    "/networks/{slug}/statistics/{form}/{period}/{member}",
    response={201: schemas.Written, **REFUSALS},
    summary="Send a member's figures for a period",
)
def figures(
    request: HttpRequest, slug: str, form: str, period: str, member: str, data: schemas.Figures
) -> Any:
    network = network_perms.networks_for(request.user).filter(slug=slug).first()
    if network is None:
        raise _not_found("slug")
    found = (
        Member.objects.filter(network=network, organization__slug=member, left__isnull=True)
        .select_related("organization", "network")
        .first()
    )
    if found is None:
        raise _not_found("member")
    if not network_perms.can_fill(request.user, found):
        raise _forbidden()
    stats_period = (
        StatsPeriod.objects.select_related("form", "version")
        .filter(form__network=network, form__slug=form, key=period)
        .first()
    )
    if stats_period is None:
        raise _not_found("period")
    try:
        submission = network_actions.do_save_figures(
            request.user, stats_period, found, data.values, submit=data.submit
        )
    except network_actions.FiguresRefused as refused:
        field, problems = next(iter(refused.checked.problems.items()))
        code, params = problems[0]
        raise ApiError(422, "figures_refused", stats_problem(code, params), field) from None
    return 201, {"code": str(submission.code), "state": submission.state}


@plans_router.post(
    "/plans",
    auth=TokenAuth(),
    response={201: schemas.Written, **REFUSALS},
    summary="Upload an avance.plan/1 document as a new draft plan",
)
def upload_plan(request: HttpRequest, institution: str, document: Body[dict[str, Any]]) -> Any:
    """The plan arrives as a draft in the institution's workspace; a planner reviews and
    publishes it there."""
    org = Organization.objects.filter(slug=institution).first()
    if org is None:
        raise _not_found("institution")
    if org not in perms.planning_institutions(request.user):
        raise _forbidden()
    try:
        with transaction.atomic():
            plan = plan_actions.do_load_plan(request.user, document, source="body", owner=org)
    except InvalidDocument as exc:
        field = exc.errors[0][0] if exc.errors else None
        raise ApiError(422, "invalid_document", str(exc), field) from None
    return 201, {
        "code": plan.slug,
        "state": plan.state,
        "url": reverse("workspace-settings", args=[plan.slug]),
    }
