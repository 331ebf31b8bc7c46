"""Public plan endpoints: formatters over the published read model (progress.published), like
the portal's pages and downloads, so the three cannot disagree for the same cut-off."""

import json
import uuid
from typing import Any, Literal, get_args

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate

from avance.api import schemas
from avance.api.errors import ApiError
from avance.api.pagination import Pages
from avance.indicators import published as published_indicators
from avance.plans.models import Plan
from avance.portal.access import get_public_plan, public_plans
from avance.progress import published
from avance.progress.models import DeclaredFigure, ReportingPeriod
from avance.progress.published import PublishedNode, PublishedPlan
from avance.reports import cache

router = Router(tags=["plans"])

KINDS = {key for key, _label in Plan.Kind.choices}
STATES = {"published": Plan.State.PUBLISHED, "archived": Plan.State.ARCHIVED}


def _period(plan: Plan, key: str | None) -> ReportingPeriod | None:
    """The cut-off `?period=KEY` asks for: a published period, or None (current values)."""
    if not key:
        return None
    period = ReportingPeriod.objects.filter(
        plan=plan, key=key, state=ReportingPeriod.State.PUBLISHED
    ).first()
    if period is None:
        raise ApiError(
            404,
            "no_such_period",
            _("%(plan)s has no published period %(key)s.") % {"plan": plan.slug, "key": key[:60]},
            "period",
        )
    return period


def _institution(org: Any) -> dict[str, Any]:
    return {"slug": org.slug, "name": org.name, "acronym": org.acronym}


def _cutoff(view: PublishedPlan) -> dict[str, Any]:
    return {"period": view.cutoff.key or None, "label": view.cutoff.label, "date": view.cutoff.date}


def _summary(plan: Plan, percent: float | None) -> dict[str, Any]:
    return {
        "slug": plan.slug,
        "code": str(plan.code),
        "title": plan.title,
        "kind": plan.kind,
        "state": plan.state,
        "institution": _institution(plan.owner),
        "unit": plan.unit.name if plan.unit else None,
        "start": plan.start,
        "end": plan.end,
        "percent": published.number(percent),
        "url": reverse("plan", args=[plan.slug]),
    }


Kind = Literal[
    "plan_anual_trabajo",
    "programa_operativo_anual",
    "plan_accion_estado_abierto",
    "plan_trabajo_regional",
    "otro",
]
assert set(get_args(Kind)) == KINDS  # one list in truth: the model's


class PlanFilters(schemas.Schema):
    institution: str | None = schemas.Field(None, description="the owner's slug", max_length=100)
    kind: Kind | None = None
    year: int | None = schemas.Field(None, ge=1900, le=2200, description="plans in force that year")
    state: Literal["published", "archived"] | None = None


def _filtered(filters: PlanFilters) -> QuerySet[Plan]:
    plans = public_plans().select_related("owner", "unit").order_by("slug")
    if filters.institution:
        plans = plans.filter(Q(owner__slug=filters.institution) | Q(unit__slug=filters.institution))
    if filters.kind:
        plans = plans.filter(kind=filters.kind)
    if filters.state:
        plans = plans.filter(state=STATES[filters.state])
    if filters.year:
        plans = plans.filter(
            Q(start__isnull=True) | Q(start__year__lte=filters.year),
            Q(end__isnull=True) | Q(end__year__gte=filters.year),
        )
    return plans


@router.get(
    "/plans",
    response={200: list[schemas.PlanSummary], **schemas.READ_ERRORS},
    summary="Published plans",
)
@paginate(Pages)
def plan_list(request: HttpRequest, filters: Query[PlanFilters]) -> list[dict[str, Any]]:
    plans = _filtered(filters)
    return _LazySummaries(plans)  # type: ignore[return-value]


class _LazySummaries:
    """The plans of one page only are turned into summaries (with their figures in one query)."""

    def __init__(self, plans: QuerySet[Plan]):
        self.plans = plans

    def __len__(self) -> int:
        return self.plans.count()

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        page = list(self.plans[index])
        percents = published.plan_percents(page)
        return [_summary(plan, percents.get(plan.id)) for plan in page]


@router.get(
    "/plans/{slug}",
    response={200: schemas.Plan, **schemas.READ_ERRORS},
    summary="A plan at a cut-off",
)
def plan_detail(request: HttpRequest, slug: str, period: str | None = None) -> dict[str, Any]:
    """The plan's figures at the cut-off, from the stored roll-up (as the read model reads them,
    without building the item rows)."""
    plan = get_public_plan(slug)
    cutoff_period = _period(plan, period)
    figures, _values = published.stored_figures(plan, cutoff_period)
    cutoff = published.cutoff_for(plan, cutoff_period, figures.computed_at)
    declared = (
        DeclaredFigure.objects.filter(
            plan=plan,
            period=cutoff_period,
            node__isnull=True,
            metric=DeclaredFigure.Metric.PROGRESS,
        )
        .order_by("id")
        .values_list("value", flat=True)
        .first()  # as the read model: the first one stated
    )
    current = published.plan_percents([plan]).get(plan.id)
    return {
        **_summary(plan, current),
        "cutoff": {"period": cutoff.key or None, "label": cutoff.label, "date": cutoff.date},
        "cutoff_percent": published.number(figures.percent),
        "declared_percent": published.number(declared),
        "method": figures.method,
        "missing": figures.missing,
        "periods": [_period_row(p) for p in published.published_periods(plan)],
        "downloads": {
            fmt: reverse("plan-download", args=[plan.slug, fmt]) + cutoff.query
            for fmt in ("json", "csv", "xlsx")
        },
    }


def _period_row(period: ReportingPeriod) -> dict[str, Any]:
    return {
        "key": period.key,
        "label": period.label,
        "start": period.start,
        "end": period.end,
        "published_at": period.published_at,
    }


@router.get(
    "/plans/{slug}/periods",
    response={200: list[schemas.Period], **schemas.READ_ERRORS},
    summary="Published periods",
)
def plan_periods(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    plan = get_public_plan(slug)
    return [_period_row(p) for p in published.published_periods(plan)]


def _code(value: Any) -> str:
    """A UUID in its one written form (SQLite's raw rows give it without hyphens)."""
    return str(uuid.UUID(str(value)))


def _figures(view: PublishedPlan, row: PublishedNode, periods: dict[int, str]) -> dict[str, Any]:
    return {
        "code": _code(row.code),
        "ref": row.full_ref,
        "level": view.level_name(row),
        "title": row.title,
        "percent": published.number(row.percent),
        "inputs": row.inputs,
        "excluded": [
            {"node": _code(view.rows[child].code) if child in view.rows else None, "reason": reason}
            for child, reason in row.excluded
        ],
        "reported": published.number(row.reported),
        "status": row.shown_status,
        "note": row.shown_note,
        "declared": published.number(row.declared),
        "update_period": periods.get(row.update_period_id) if row.update_period_id else None,
    }


def _period_keys(view: PublishedPlan) -> dict[int, str]:
    return {p.id: p.key for p in view.all_periods}


@router.get(
    "/plans/{slug}/tree",
    response={200: schemas.Tree, 503: schemas.Error, **schemas.READ_ERRORS},
    summary="A plan's tree with figures",
)
def plan_tree(request: HttpRequest, slug: str, period: str | None = None) -> Any:
    """Every item with its computed figure and its explanation (inputs counted, items left out
    and why), nested as in the plan.

    Rendered once per plan version, cut-off and language and then served as a file (the
    downloads' cache, reports/cache.py): a 10,000-item tree is 3 MB of JSON."""
    plan = get_public_plan(slug)
    cutoff_period = _period(plan, period)

    def render() -> bytes:
        view = published.as_at(plan, cutoff_period)
        keys = _period_keys(view)

        def node(row: PublishedNode) -> dict[str, Any]:
            return {
                **_figures(view, row, keys),
                "children": [node(kid) for kid in view.kids(row.id)],
            }

        data = {
            "plan": plan.slug,
            "cutoff": _cutoff(view),
            "percent": published.number(view.percent),
            "method": view.rollup.method,
            "nodes": [node(row) for row in view.top],
        }
        return json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder).encode()

    language = get_language() or "es-mx"
    name = f"{language}-api-tree-{published.cutoff_for(plan, cutoff_period).slug}.json"
    try:
        content = cache.cached(plan, name, render)
    except cache.Busy:
        raise ApiError(503, "busy", _("The server is busy; try again in a minute.")) from None
    return HttpResponse(content, content_type="application/json; charset=utf-8")


@router.get(
    "/plans/{slug}/nodes",
    response={200: list[schemas.FlatNode], **schemas.READ_ERRORS},
    summary="A plan's items",
)
@paginate(Pages)
def plan_nodes(request: HttpRequest, slug: str, period: str | None = None) -> list[dict[str, Any]]:
    """The items in the plan's order (depth first), one page at a time."""
    plan = get_public_plan(slug)
    view = published.as_at(plan, _period(plan, period))
    keys = _period_keys(view)
    return [
        {
            **_figures(view, row, keys),
            "parent": _code(row.parent.code) if row.parent else None,
            "depth": view.depth(row.id),
        }
        for row in view.ordered()
    ]


@router.get(
    "/plans/{slug}/nodes/{code}",
    response={200: schemas.NodeDetail, **schemas.READ_ERRORS},
    summary="One item",
)
def node_detail(
    request: HttpRequest, slug: str, code: str, period: str | None = None
) -> dict[str, Any]:
    plan = get_public_plan(slug)
    view = published.as_at(plan, _period(plan, period))
    try:
        wanted = _code(code)
    except ValueError:
        wanted = ""
    row = next((r for r in view.rows.values() if _code(r.code) == wanted), None)
    if row is None:
        raise ApiError(
            404, "not_found", _("This plan has no item %(code)s.") % {"code": code[:40]}, "code"
        )
    row = published.detail(view, row)
    return {
        **_figures(view, row, _period_keys(view)),
        "parent": _code(row.parent.code) if row.parent else None,
        "depth": view.depth(row.id),
        "cutoff": _cutoff(view),
        "narrative": row.narrative,
        "fields": {k: _plain(v) for k, v in row.details.items()},
        "people": [
            {"name": p.name, "position": p.position, "organization": p.organization, "role": p.role}
            for p in row.people
        ],
        "evidence": [e.url for e in row.evidence if not e.is_file],
        "history": [
            {
                "period": point["cutoff"].key or None,
                "label": point["cutoff"].label,
                "percent": published.number(point["percent"]),
                "narrative": point["narrative"],
            }
            for point in published.history(view, row.id)
        ],
    }


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return (
        published.number(value) if not isinstance(value, (str, list, dict, type(None))) else value
    )


@router.get(
    "/plans/{slug}/indicators",
    response={200: list[schemas.Indicator], **schemas.READ_ERRORS},
    summary="Indicators",
)
def plan_indicators(
    request: HttpRequest, slug: str, period: str | None = None
) -> list[dict[str, Any]]:
    """Each indicator with its goals and stored readings up to the cut-off."""
    plan = get_public_plan(slug)
    cutoff = _period(plan, period)
    view = published_indicators.view_for(plan, cutoff)
    items = published_indicators.plan_indicators(plan.id, view.periods, cutoff)
    return [
        {
            "code": str(item.indicator.code),
            "key": item.indicator.key,
            "name": item.indicator.name,
            "item": item.item_ref,
            "mir_level": item.indicator.mir_level,
            "unit": item.indicator.unit,
            "formula": item.indicator.expression,
            "baseline": item.indicator.baseline,
            "goal": item.indicator.goal,
            "rows": [
                {
                    "period": r["period"].key,
                    "goal": r["goal"],
                    "original_goal": r["original"],
                    "value": r["value"],
                    "achievement": r["achievement"],
                    "light": r["light"],
                }
                for r in item.rows
            ],
        }
        for item in items
    ]
