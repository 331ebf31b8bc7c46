"""Public pages: published data only, readable without JavaScript."""

from __future__ import annotations

import json
from collections import defaultdict
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from avance.core.consistency import differs
from avance.organizations.models import Organization
from avance.plans.export import export_plan
from avance.plans.models import Node, Plan, Responsible
from avance.portal import charts_extra, snapshot
from avance.progress.models import EvidenceLink, NodeRollup, ProgressUpdate, ReportingPeriod
from avance.reports import charts
from avance.reports.formats import workbook

TABLE_PAGE = 100
SORTS = {
    "ref": lambda r: _natural(r.ref),
    "titulo": lambda r: r.title.lower(),
    "avance": lambda r: (r.percent is None, r.percent or 0.0),
}


def _get_plan(slug: str) -> Plan:
    # Every plan is public until the staff workspace brings visibility settings (issue 5).
    return get_object_or_404(Plan.objects.select_related("owner", "unit"), slug=slug)


def _get_period(plan: Plan, request: HttpRequest) -> ReportingPeriod | None:
    key = request.GET.get("periodo")
    if not key:
        return None
    return get_object_or_404(
        ReportingPeriod, plan=plan, key=key, state=ReportingPeriod.State.PUBLISHED
    )


def _natural(ref: str) -> tuple[int | str, ...]:
    return tuple(
        int(part) if part.isdigit() else part for part in ref.replace("-", ".").split(".") if part
    )


def home(request: HttpRequest) -> HttpResponse:
    plans = list(Plan.objects.select_related("owner", "unit").order_by("owner__name", "title"))
    current = dict(
        snapshot.Rollup.objects.filter(plan__in=plans, period__isnull=True).values_list(
            "plan_id", "percent"
        )
    )
    last = snapshot.last_updates(plans)
    by_owner: dict[Organization, list[dict[str, object]]] = defaultdict(list)
    for plan in plans:
        percent = current.get(plan.id)
        by_owner[plan.owner].append(
            {
                "plan": plan,
                "percent": percent,
                "last": last.get(plan.id),
                "bar": charts.bar(percent, plan.title),
            }
        )
    return render(
        request,
        "portal/home.html",
        {"institutions": sorted(by_owner.items(), key=lambda kv: kv[0].name)},
    )


def plan_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    plan = _get_plan(slug)
    period = _get_period(plan, request)
    view = snapshot.load(plan, period)
    cards = []
    for top in view.top:
        below = view.subtree(top.id)
        cards.append(
            {
                "row": top,
                "bar": charts.bar(top.percent, top.label),
                "counts": view.level_counts(below),
                "mix": view.status_mix([top, *below]),
                "differs": differs(top.declared, top.percent),
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
            "global_bar": charts.bar(view.rollup.percent, plan.title, width=320, height=16),
            "chart": charts.axes([(top.label, top.percent) for top in view.top], plan.title),
            "counts": view.level_counts(list(view.rows.values())),
            "query": _query(request, keep=("periodo",)),
        },
    )


def node_page(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    plan = _get_plan(slug)
    period = _get_period(plan, request)
    view = snapshot.load(plan, period)
    row = next((r for r in view.rows.values() if r.code == code), None)
    if row is None:
        raise Http404("no such item in this plan")
    node = Node.objects.get(pk=row.id)
    people = list(Responsible.objects.filter(node=node).order_by("position"))
    published_updates = ProgressUpdate.objects.filter(
        node=node, state=ProgressUpdate.State.PUBLISHED
    )
    links = list(
        EvidenceLink.objects.filter(node=node).filter(update__isnull=True)
        | EvidenceLink.objects.filter(node=node, update__in=published_updates)
    )
    history = list(
        NodeRollup.objects.filter(node=node, rollup__period__state=ReportingPeriod.State.PUBLISHED)
        .order_by("rollup__period__end", "rollup__period_id")
        .values_list("rollup__period__label", "percent")
    )
    updates = list(
        published_updates.select_related("period").order_by("period__end", "published_at")
    )
    kids = [{"row": kid, "bar": charts.bar(kid.percent, kid.label)} for kid in view.kids(row.id)]
    return render(
        request,
        "portal/node.html",
        {
            "plan": plan,
            "view": view,
            "row": row,
            "node": node,
            "level": view.level_name(row),
            "crumbs": view.breadcrumbs(row.id),
            "kids": kids,
            "bar": charts.bar(row.percent, row.label, width=320, height=16),
            "responsible": [p for p in people if p.role == Responsible.Role.RESPONSIBLE],
            "co_creators": [p for p in people if p.role != Responsible.Role.RESPONSIBLE],
            "evidence": links,
            "updates": updates,
            "history_chart": charts_extra.trend(history, row.label) if len(history) > 1 else None,
            "history": history,
            "query": _query(request, keep=("periodo",)),
        },
    )


def plan_table(request: HttpRequest, slug: str) -> HttpResponse:
    plan = _get_plan(slug)
    period = _get_period(plan, request)
    view = snapshot.load(plan, period, with_people=True)
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
        rows = [r for r in rows if text in r.title.lower() or text in r.ref.lower()]
    if low is not None:
        rows = [r for r in rows if r.percent is not None and r.percent >= low]
    if high is not None:
        rows = [r for r in rows if r.percent is not None and r.percent <= high]
    order = params.get("orden", "")
    key = SORTS.get(order.lstrip("-"))
    if key is not None:
        rows = sorted(rows, key=key, reverse=order.startswith("-"))
    page = Paginator(rows, TABLE_PAGE).get_page(params.get("pagina"))
    shown = [
        {
            "row": r,
            "level": view.level_name(r),
            "bar": charts.bar(r.percent, r.label, width=100, height=8),
        }
        for r in page.object_list
    ]
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
            "params": params,
            "query": _query(
                request,
                keep=("periodo", "nivel", "estado", "responsable", "q", "min", "max", "orden"),
            ),
            "sort_links": {
                name: _query(
                    request,
                    keep=("periodo", "nivel", "estado", "responsable", "q", "min", "max"),
                    extra={"orden": f"-{name}" if order == name else name},
                )
                for name in SORTS
            },
        },
    )


def download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    plan = _get_plan(slug)
    period = _get_period(plan, request)
    if fmt == "json":
        content = (
            json.dumps(export_plan(plan, period), ensure_ascii=False, indent=2) + "\n"
        ).encode()
        content_type = "application/json"
    elif fmt == "csv":
        content, content_type = (
            workbook.render_csv(plan, period, "progress", "es-mx"),
            "text/csv; charset=utf-8",
        )
    elif fmt == "xlsx":
        content = workbook.render_xlsx(plan, period, "progress", "es-mx")
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404("unknown format")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{plan.slug}.{fmt}"'
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
