"""Public pages: formatters over the published read model, readable without JavaScript.

Each view opens with the public access helpers (drafts and unpublished periods answer 404),
reads the plan once through `published.as_at`, and states the cut-off it shows.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language, gettext

from avance.core.interchange import fold
from avance.organizations.models import Organization
from avance.plans.export import document
from avance.plans.models import Node, Plan
from avance.portal import charts_extra
from avance.portal.access import (
    get_public_institution,
    get_public_period,
    get_public_plan,
    public_plans,
)
from avance.progress import forecasts, published
from avance.reports import cache, charts
from avance.reports.formats import workbook
from avance.reports.views import busy

TABLE_PAGE = 100
SORTS = {
    "ref": lambda r: _natural(r.full_ref),
    "titulo": lambda r: r.title.lower(),
    "avance": lambda r: (r.percent is None, r.percent or 0.0),
}


def _natural(ref: str) -> tuple[tuple[int, int | str], ...]:
    # (kind, value) pairs so that numbers and words never get compared with each other.
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part)
        for part in ref.replace("-", ".").split(".")
        if part
    )


# Up to this many public plans the home page lists them all, by institution; beyond it (a state
# or a country on one site) it shows the most recently updated ones and links the directory.
HOME_ALL = 60
HOME_RECENT = 24
DIRECTORY_PAGE = 100


def home(request: HttpRequest) -> HttpResponse:
    total = public_plans().count()
    recent: list[dict[str, Any]] = []
    by_owner: dict[Organization, list[dict[str, object]]] = defaultdict(list)
    if total <= HOME_ALL:
        plans = list(
            public_plans().select_related("owner", "unit").order_by("owner__name", "title")
        )
        for card in _plan_cards(plans):
            by_owner[card["plan"].owner].append(card)
    else:
        latest = public_plans().select_related("owner", "unit").order_by("-updated_at", "id")
        recent = _plan_cards(list(latest[:HOME_RECENT]))
    networks = (
        Organization.objects.filter(
            kind=Organization.Kind.NETWORK, network_members__left__isnull=True
        )
        .annotate(members=Count("network_members"))
        .order_by("name")
    )
    return render(
        request,
        "portal/home.html",
        {
            "institutions": sorted(by_owner.items(), key=lambda kv: kv[0].name),
            "recent": recent,
            "total": total,
            "networks": list(networks.distinct()),
        },
    )


def institutions(request: HttpRequest) -> HttpResponse:
    """Every institution with a public plan, by name, a page at a time (?q= narrows by name)."""
    owners = (
        Organization.objects.filter(parent__isnull=True, plans__in=public_plans())
        .annotate(plan_count=Count("plans", distinct=True))
        .order_by("name", "id")
    )
    query = request.GET.get("q", "").strip()[:100]
    if query:
        owners = owners.filter(Q(name__icontains=query) | Q(acronym__icontains=query))
    page = Paginator(owners, DIRECTORY_PAGE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "portal/institutions.html",
        {"page": page, "q": query, "query": "?" + urlencode({"q": query}) if query else ""},
    )


def _plan_cards(plans: list[Plan]) -> list[dict[str, Any]]:
    """A card per plan: its current global figure and the date of its last publication."""
    current = published.plan_percents(plans)
    last = _last_publications(plans)
    return [
        {
            "plan": plan,
            "percent": current.get(plan.id),
            "last": last.get(plan.id),
            "bar": charts.bar(current.get(plan.id), plan.title),
        }
        for plan in plans
    ]


def institution(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_public_institution(slug)
    plans = list(
        public_plans()
        .filter(Q(owner=organization) | Q(unit=organization))
        .select_related("owner", "unit")
        .order_by("-start", "title")
    )
    units = list(
        Organization.objects.filter(
            parent=organization, id__in=public_plans().values("unit_id")
        ).order_by("name")
    )
    from avance.networks.published import network_view, networks_of, sessions_of

    network = network_view(organization) if organization.kind == "network" else None
    sessions = sessions_of(organization) if network else []
    return render(
        request,
        "portal/institution.html",
        {
            "institution": organization,
            "cards": _plan_cards(plans),
            "units": units,
            "network": network,
            "sessions": sessions,
            "networks": networks_of(organization),
            "band": charts.band(organization.color) if organization.color else "",
        },
    )


def institution_logo(request: HttpRequest, slug: str) -> FileResponse:
    organization = get_public_institution(slug)
    if not organization.logo:
        raise Http404("no logo")
    extension = PurePosixPath(organization.logo.name or "").suffix.lower()
    response = FileResponse(
        organization.logo.open("rb"),
        content_type="image/png" if extension == ".png" else "image/jpeg",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600"
    return response


def _last_publications(plans: list[Any]) -> dict[int, object]:
    """When each plan's published figures last changed: its current roll-up is stored again at
    every publication (and when its method changes). None while nothing is published, i.e. no
    item has a value. One indexed read however many updates the plans have (a plan of 50,000
    items has hundreds of thousands)."""
    from avance.progress.models import Rollup

    return {
        plan_id: computed_at
        for plan_id, computed_at, inputs in Rollup.objects.filter(
            plan__in=plans, period__isnull=True
        )
        .order_by()
        .values_list("plan_id", "computed_at", "inputs")
        if inputs
    }


def plan_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_public_plan(slug)
    view = published.as_at(plan, get_public_period(plan, request))
    cards = []
    for top in view.top:
        below = view.subtree(top.id)
        cards.append(
            {
                "row": top,
                "bar": charts.bar(top.percent, top.label),
                "counts": view.level_counts(below),
                "mix": view.status_mix([top, *below]),
            }
        )
    remaining, due = view.remaining
    return render(
        request,
        "portal/plan.html",
        {
            "plan": plan,
            "view": view,
            "cards": cards,
            "remaining": remaining,
            "due": due,
            "global_bar": charts.bar(view.percent, plan.title, width=320, height=16),
            "forecast": forecasts.forecast(view),
            # The cards already show each item's figure; the chart shows what they cannot: how
            # the global figure moved across published periods.
            "trend": _global_trend(view),
            "has_indicators": _has_indicators(plan),
            "counts": view.level_counts(view.rows.values()),
            "query": view.cutoff.query,
        },
    )


def _has_indicators(plan: Plan) -> bool:
    from avance.indicators.models import Indicator

    return Indicator.objects.filter(node__plan=plan).exists()


def _global_trend(view: published.PublishedPlan) -> str:
    points = forecasts.global_history(view)
    if sum(1 for _label, value in points if value is not None) < 2:
        return ""
    return charts_extra.trend(points, gettext("Global progress across reporting periods"))


def node_page(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    plan = get_public_plan(slug)
    view = published.as_at(plan, get_public_period(plan, request))
    row = view.by_code(code)
    if row is None:
        raise Http404("no such item in this plan")
    published.detail(view, row)
    history = published.history(view, row.id)
    points = [(point["cutoff"].label, point["percent"]) for point in history]
    kids = [{"row": kid, "bar": charts.bar(kid.percent, kid.label)} for kid in view.kids(row.id)]
    period_labels = {period.id: period.label for period in view.all_periods}
    details = row.details
    return render(
        request,
        "portal/node.html",
        {
            # no «Details» heading over nothing
            "has_details": bool(
                row.people
                or row.evidence
                or details.get("unit__name")
                or details.get("goal")
                or details.get("budget") is not None
                or details.get("beneficiaries")
                or details.get("start")
                or details.get("end")
            ),
            "evidence": [
                (link, period_labels.get(link.period_id or 0, "")) for link in row.evidence
            ],
            "plan": plan,
            "view": view,
            "row": row,
            "level": view.level_name(row),
            "crumbs": view.breadcrumbs(row.id),
            "kids": kids,
            "bar": charts.bar(row.percent, row.label, width=320, height=16),
            "responsible": [p for p in row.people if p.is_responsible],
            "co_creators": [p for p in row.people if not p.is_responsible],
            "history_chart": charts_extra.trend(points, row.label) if len(points) > 1 else None,
            # the forecast of the plan's top-level items (lower ones follow their own pace
            # within them, which a plan-wide end date says little about)
            "forecast": forecasts.forecast(view, row) if row.parent_id is None else None,
            "history": history,
            "indicators": _indicators(view, row),
            "query": view.cutoff.query,
        },
    )


def _indicators(view: published.PublishedPlan, row: Any) -> list[dict[str, Any]]:
    from avance.indicators.published import for_nodes

    items = for_nodes([row.id], view.all_periods, view.period).get(row.id, [])
    return [
        {
            "item": item,
            "chart": charts_extra.goal_trend(
                [(r["period"].label, r["value"], r["goal"]) for r in item.rows],
                item.indicator.name,
            )
            if len(item.rows) > 1
            else "",
        }
        for item in items
    ]


LIGHTS = {"verde": "green", "amarillo": "yellow", "rojo": "red", "sin-informacion": ""}


def plan_indicators(request: HttpRequest, slug: str) -> HttpResponse:
    """The plan's indicators as at the cut-off: the MIR matrix and a table filtered by colour."""
    from avance.indicators.published import mir, view_for
    from avance.indicators.published import plan_indicators as indicators_of

    plan = get_public_plan(slug)
    view = view_for(plan, get_public_period(plan, request))
    items = indicators_of(plan.id, view.all_periods, view.period)
    chosen = request.GET.get("semaforo", "")
    if chosen in LIGHTS:
        wanted = LIGHTS[chosen]
        shown = [i for i in items if (i.latest["light"] if i.latest else "") == wanted]
    else:
        chosen, shown = "", items
    page = Paginator(shown, TABLE_PAGE).get_page(request.GET.get("pagina"))
    keep = {k: v for k, v in {"periodo": view.cutoff.key, "semaforo": chosen}.items() if v}
    return render(
        request,
        "portal/indicators.html",
        {
            "plan": plan,
            "view": view,
            "mir": mir(items),
            "items": page.object_list,
            "page": page,
            "page_query": urlencode(keep),
            "shown": len(shown),
            "total": len(items),
            "chosen": chosen,
            "query": view.cutoff.query,
        },
    )


def _filtered(view: published.PublishedPlan, request: HttpRequest) -> list[Any]:
    rows = view.ordered()
    params = request.GET
    level, status = params.get("nivel", ""), params.get("estado", "")
    who, text = params.get("responsable", "").strip().lower(), params.get("q", "").strip().lower()
    low, high = _float(params.get("min")), _float(params.get("max"))
    if level:
        rows = [r for r in rows if str(r.level_id) == level]
    if status == "sin-reporte":
        rows = [r for r in rows if r.percent is None and not r.status_key]
    elif status:
        rows = [r for r in rows if r.status_key == status]
    if who:
        rows = [r for r in rows if any(who in name.lower() for name in r.responsible)]
    if text:
        rows = [r for r in rows if text in r.title.lower() or text in r.full_ref.lower()]
    if low is not None:
        rows = [r for r in rows if r.percent is not None and r.percent >= low]
    if high is not None:
        rows = [r for r in rows if r.percent is not None and r.percent <= high]
    order = params.get("orden", "")
    key = SORTS.get(order.lstrip("-"))
    if key is not None:
        rows = sorted(rows, key=key, reverse=order.startswith("-"))
    return rows


FILTERS = ("periodo", "nivel", "estado", "responsable", "q", "min", "max")


def plan_table(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_public_plan(slug)
    view = published.as_at(plan, get_public_period(plan, request), people=True)
    rows = _filtered(view, request)
    page = Paginator(rows, TABLE_PAGE).get_page(request.GET.get("pagina"))
    shown = [
        {
            "row": r,
            "level": view.level_name(r),
            "bar": charts.bar(r.percent, r.label, width=100, height=8),
        }
        for r in page.object_list
    ]
    order = request.GET.get("orden", "")
    return render(
        request,
        "portal/table.html",
        {
            "plan": plan,
            "view": view,
            "page": page,
            "shown": shown,
            "total": len(rows),
            "levels": sorted(view.levels.values(), key=lambda lv: lv.position),
            "statuses": list(view.statuses.values()),
            "params": request.GET,
            "query": _query(request, keep=(*FILTERS, "orden")),
            "sort_links": {
                name: _query(
                    request, keep=FILTERS, extra={"orden": f"-{name}" if order == name else name}
                )
                for name in SORTS
            },
        },
    )


DOWNLOADS = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    plan = get_public_plan(slug)
    period = get_public_period(plan, request)
    if fmt not in DOWNLOADS:
        raise Http404("unknown format")
    language = get_language() or "es-mx"

    def render_file() -> bytes:
        if fmt == "json":
            data = document(published.as_at(plan, period, details=True))
            return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()
        if fmt == "csv":
            return workbook.render_csv(plan, period, "progress", language)
        return workbook.render_xlsx(plan, period, "progress", language)

    name = f"{plan.slug}-{published.cutoff_for(plan, period).slug}.{fmt}"
    try:
        content = cache.cached(plan, f"{language}-data-{name}", render_file)
    except cache.Busy:
        return busy()
    response = HttpResponse(content, content_type=DOWNLOADS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _query(request: HttpRequest, keep: tuple[str, ...], extra: dict[str, str] | None = None) -> str:
    values = {k: request.GET[k] for k in keep if request.GET.get(k)}
    values.update(extra or {})
    return f"?{urlencode(values)}" if values else ""


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page in the site's layout and the visitor's language (Django's own handler
    renders without the request, which the layout needs); plain text if even that fails."""
    try:
        return render(request, "500.html", status=500)
    except Exception:  # the error may be in what the layout itself needs
        return HttpResponse(
            gettext("Something went wrong on our side. Try again in a few minutes."),
            status=500,
            content_type="text/plain; charset=utf-8",
        )


MAX_RESULTS = 50
WORD = re.compile(r"\w+")


def _matches(words: list[str], text: str) -> bool:
    """Every query word starts one of the text's words."""
    found = WORD.findall(fold(text))
    return all(any(w.startswith(q) for w in found) for q in words)


def search(request: HttpRequest) -> HttpResponse:
    """Plans and items of every public plan with a word starting with each of the query's words,
    accents and case aside («accion» finds «Acción»). Items are shown as the plan's current
    values show them."""
    query = " ".join(request.GET.get("q", "").split())[:100]
    words = fold(query).split()
    plans_found: list[Plan] = []
    items: list[dict[str, Any]] = []
    if len(query) >= 2:
        plans = list(public_plans().select_related("owner").order_by("title"))
        plans_found = [p for p in plans if _matches(words, p.title)]
        by_plan: dict[int, list[str]] = {}
        for plan_id, node_code, title in Node.objects.filter(plan__in=plans).values_list(
            "plan_id", "code", "title"
        ):
            if _matches(words, title):
                by_plan.setdefault(plan_id, []).append(node_code.hex)
                if sum(len(codes) for codes in by_plan.values()) >= MAX_RESULTS:
                    break
        for plan in plans:
            codes = by_plan.get(plan.id)
            if not codes:
                continue
            view = published.as_at(plan)
            for code in codes:
                row = view.by_code(code)
                if row is not None:
                    items.append({"plan": plan, "row": row})
    return render(
        request,
        "portal/search.html",
        {"query": query, "plans": plans_found, "items": items, "limit": MAX_RESULTS},
    )
