"""Report downloads on the public site: published data only."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from avance.plans.models import Plan
from avance.progress.models import ReportingPeriod
from avance.reports.formats import CONTENT_TYPES, FORMATS, KINDS, render


def _get_public_plan(slug: str) -> Plan:
    # Every plan is public until the staff workspace brings visibility settings (issue 5).
    return get_object_or_404(Plan.objects.select_related("owner", "unit"), slug=slug)


def _get_public_period(plan: Plan, key: str | None) -> ReportingPeriod | None:
    if not key:
        return None
    return get_object_or_404(
        ReportingPeriod, plan=plan, key=key, state=ReportingPeriod.State.PUBLISHED
    )


def download(request: HttpRequest, slug: str, kind: str, fmt: str) -> HttpResponse:
    plan = _get_public_plan(slug)
    if fmt not in FORMATS or kind not in KINDS:
        raise Http404("unknown report")
    period = _get_public_period(plan, request.GET.get("periodo"))
    content = render(plan, fmt, period=period, kind=kind, language=get_language() or "es-mx")
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    suffix = f"-{period.key}" if period else ""
    # Downloads, never rendered inline: a report's HTML carries its own styles.
    response["Content-Disposition"] = f'attachment; filename="{plan.slug}-{kind}{suffix}.{fmt}"'
    return response
