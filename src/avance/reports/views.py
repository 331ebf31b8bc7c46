"""Report downloads on the public site: formatters over the published read model, rendered
once per plan version and cut-off (see reports/cache.py)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from avance.portal.access import get_public_period, get_public_plan
from avance.progress.published import cutoff_for
from avance.reports import cache
from avance.reports.formats import CONTENT_TYPES, FORMATS, KINDS, render


def download(request: HttpRequest, slug: str, kind: str, fmt: str) -> HttpResponse:
    plan = get_public_plan(slug)
    if fmt not in FORMATS or kind not in KINDS:
        raise Http404("unknown report")
    period = get_public_period(plan, request)
    language = get_language() or "es-mx"
    name = f"{plan.slug}-{kind}-{cutoff_for(plan, period).slug}.{fmt}"
    try:
        content = cache.cached(
            plan,
            f"{language}-{name}",
            lambda: render(plan, fmt, period=period, kind=kind, language=language),
        )
    except cache.Busy:
        return busy()
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    # Downloads, never rendered inline: a report's HTML carries its own styles.
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def busy() -> HttpResponse:
    response = HttpResponse(
        _("Reports are being prepared for other visitors. Try again in a minute."),
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = "60"
    return response
