"""Report downloads on the public site: formatters over the published read model."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language

from avance.portal.access import get_public_period, get_public_plan
from avance.progress.published import cutoff_for
from avance.reports.formats import CONTENT_TYPES, FORMATS, KINDS, render


def download(request: HttpRequest, slug: str, kind: str, fmt: str) -> HttpResponse:
    plan = get_public_plan(slug)
    if fmt not in FORMATS or kind not in KINDS:
        raise Http404("unknown report")
    period = get_public_period(plan, request)
    content = render(plan, fmt, period=period, kind=kind, language=get_language() or "es-mx")
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    name = f"{plan.slug}-{kind}-{cutoff_for(plan, period).slug}.{fmt}"
    # Downloads, never rendered inline: a report's HTML carries its own styles.
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
