"""Indicators as workbook records (core.indicators.workbook) at a published cut-off: a
formatter over indicators.published, so the workbook shows what the pages show."""

from __future__ import annotations

from typing import Any

from avance.indicators.models import Measurement
from avance.indicators.published import plan_indicators, view_for
from avance.plans.models import Plan
from avance.progress.models import ReportingPeriod


def records(plan: Plan, period: ReportingPeriod | None = None) -> list[dict[str, Any]]:
    view = view_for(plan, period)
    items = plan_indicators(plan.id, view.all_periods, view.period)
    values = {
        (m.indicator_id, m.period_id): m.values
        for m in Measurement.objects.filter(
            indicator__node__plan=plan, state=Measurement.State.PUBLISHED
        )
    }
    out = []
    for item in items:
        indicator = item.indicator
        variables = [
            {
                "name": v.name,
                "description": v.description,
                "unit": v.unit,
                "source": v.source,
                "aggregation": v.aggregation,
            }
            for v in indicator.variables.all()
        ]
        for row in item.rows:
            p = row["period"]
            out.append(
                {
                    "year": (p.end or p.start).year if (p.end or p.start) else "",
                    "period_start": p.start,
                    "period_end": p.end,
                    "period": p.label,
                    "objective": indicator.node.title,
                    "ref": item.item_ref,
                    "name": indicator.name,
                    "dimension": indicator.dimension,
                    "definition": indicator.definition,
                    "method": indicator.method,
                    "unit": indicator.unit,
                    "frequency": indicator.frequency,
                    "baseline": indicator.baseline,
                    "goal_original": row["original"],
                    "goal_current": row["goal"],
                    "value": row["value"],
                    "sentido": indicator.sentido,
                    "source": "; ".join(v["source"] for v in variables if v["source"]),
                    "reporting_unit": indicator.reporting_unit,
                    "key": indicator.key,
                    "mir_level": indicator.mir_level,
                    "kind": indicator.kind,
                    "formula_type": indicator.formula_type,
                    "expression": indicator.expression,
                    "variables": variables,
                    "values": values.get((indicator.id, p.id)) if row["value"] is not None else {},
                    "accumulated": indicator.accumulated,
                    "profile": indicator.profile,
                    "achievement": row["achievement"],
                    "light": row["light"],
                }
            )
    return out


def documents(plan: Plan) -> dict[int, list[dict[str, Any]]]:
    """{item id: its indicators as avance.plan/1 describes them}: ficha and variables (goals
    and results per period travel in the indicators workbook)."""
    from collections import defaultdict

    from avance.indicators.actions import FICHA_FIELDS
    from avance.indicators.models import Indicator

    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    indicators = Indicator.objects.filter(node__plan=plan).prefetch_related("variables")
    for indicator in indicators.order_by("node_id", "position", "id"):
        data: dict[str, Any] = {
            name: getattr(indicator, name)
            for name in FICHA_FIELDS
            if getattr(indicator, name) not in (None, "", [])
        }
        if not indicator.accumulated:
            data.pop("accumulated", None)
        data["variables"] = [
            {
                k: v
                for k, v in {
                    "name": var.name,
                    "description": var.description or None,
                    "unit": var.unit or None,
                    "source": var.source or None,
                    "aggregation": var.aggregation if var.aggregation != "sum" else None,
                }.items()
                if v is not None
            }
            for var in indicator.variables.all()
        ]
        out[indicator.node_id].append(data)
    return dict(out)
