"""The open-data catalogue's pages and files (/datos/), and a plan's exports in other standards'
layouts (OGP / IRM CSV, IATI XML). Formatters over portal.catalogue and the read model."""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language, gettext

from avance.portal import catalogue
from avance.portal.access import get_public_period, get_public_plan
from avance.progress import published
from avance.reports import cache
from avance.reports.formats import STANDARD_TYPES, STANDARDS
from avance.reports.views import busy


def _absolute(request: HttpRequest) -> Any:
    return request.build_absolute_uri


def data_catalogue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/data.html",
        {
            "datasets": catalogue.datasets(),
            "licence": catalogue.licence(),
            "dictionaries": [
                (gettext("Plan tables (CSV, XLSX sheet «nodes»)"), catalogue.PLAN_FIELDS),
                (gettext("Network statistics (tidy CSV, XLSX, JSON)"), catalogue.NETWORK_FIELDS),
                (gettext("Open-government plans, OGP / IRM layout (CSV)"), catalogue.OGP_FIELDS),
            ],
        },
    )


def data_catalogue_jsonld(request: HttpRequest) -> HttpResponse:
    body = catalogue.dcat(catalogue.datasets(), _absolute(request), gettext("Open data"))
    return HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=2), content_type="application/ld+json"
    )


def data_package(request: HttpRequest, name: str) -> HttpResponse:
    item = catalogue.dataset(name)
    if item is None:
        raise Http404("no such dataset")
    return JsonResponse(
        catalogue.datapackage(item, _absolute(request)),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )


def plan_standard(request: HttpRequest, slug: str, name: str) -> HttpResponse:
    plan = get_public_plan(slug)
    period = get_public_period(plan, request)
    if name not in STANDARDS:
        raise Http404("unknown export")
    language = get_language() or "es-mx"
    stem, fmt = name.split(".")
    file_name = f"{plan.slug}-{published.cutoff_for(plan, period).slug}-{stem}.{fmt}"
    try:
        content = cache.cached(
            plan,
            f"{language}-{file_name}",
            lambda: STANDARDS[name](plan, period, "progress", language),
        )
    except cache.Busy:
        return busy()
    response = HttpResponse(content, content_type=STANDARD_TYPES[name])
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response
