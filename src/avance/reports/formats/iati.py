"""A plan as IATI activity XML 2.03 (iati-activities): the plan is the activity, each top-level
item a result whose indicator is its progress in percent, with a period per published cut-off
(target 100, actual the stored roll-up at that cut-off).

The reporting organisation's identifier is «AVANCE-<slug>» until institutions record their
registered IATI identifier (not modelled yet). A formatter over the published read model; the
tests validate it against the official 2.03 schema.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from lxml import etree

from avance.plans.models import Plan
from avance.progress.models import ReportingPeriod
from avance.progress.published import PublishedPlan, as_at, number, period_percents

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STATUS = {"published": "2", "archived": "4", "draft": "1"}  # implementation, closed, pipeline


def org_ref(organization: Any) -> str:
    return f"AVANCE-{organization.slug}"


def _narrative(parent: etree._Element, tag: str, text: str, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, tag, **attributes)
    etree.SubElement(element, "narrative").text = text or "—"
    return element


def _value(value: float | None) -> str:
    shown = number(value)
    return "" if shown is None else str(shown)


def activity(
    view: PublishedPlan, periods: list[tuple[ReportingPeriod, dict[int, float | None]]]
) -> etree._Element:
    plan = view.plan
    ref = org_ref(plan.owner)
    root = etree.Element(
        "iati-activity",
        {XML_LANG: "es", "default-currency": "MXN"},
        **{"last-updated-datetime": plan.updated_at.replace(microsecond=0).isoformat()},
    )
    etree.SubElement(root, "iati-identifier").text = f"{ref}-{plan.code}"
    _narrative(root, "reporting-org", plan.owner.name, ref=ref, type="10")
    _narrative(root, "title", plan.title)
    _narrative(root, "description", plan.objective or plan.title, type="1")
    _narrative(root, "participating-org", plan.owner.name, ref=ref, role="4", type="10")
    etree.SubElement(root, "activity-status", code=STATUS.get(plan.state, "2"))
    if plan.start:
        etree.SubElement(root, "activity-date", type="1", **{"iso-date": plan.start.isoformat()})
    if plan.end:
        etree.SubElement(root, "activity-date", type="3", **{"iso-date": plan.end.isoformat()})
    if not plan.start and not plan.end:
        created = plan.created_at.date().isoformat()
        etree.SubElement(root, "activity-date", type="1", **{"iso-date": created})
    for top in view.top:
        result = etree.SubElement(root, "result", type="1", **{"aggregation-status": "0"})
        _narrative(result, "title", top.label)
        indicator = etree.SubElement(result, "indicator", measure="2", ascending="1")
        _narrative(indicator, "title", f"Avance de {top.label}")
        for period, values in periods:
            if period.start is None or period.end is None:
                continue
            block = etree.SubElement(indicator, "period")
            etree.SubElement(block, "period-start", **{"iso-date": period.start.isoformat()})
            etree.SubElement(block, "period-end", **{"iso-date": period.end.isoformat()})
            etree.SubElement(block, "target", value="100")
            etree.SubElement(block, "actual", value=_value(values.get(top.id)))
    return root


def render_xml(plan: Plan, period: ReportingPeriod | None, kind: str, language: str) -> bytes:
    view = as_at(plan, period)
    periods = [
        (p, values)
        for p, values in period_percents(plan)
        if period is None or p.order_key <= period.order_key
    ]
    root = etree.Element(
        "iati-activities",
        version="2.03",
        **{
            "generated-datetime": (
                plan.updated_at.replace(microsecond=0) or dt.datetime.now()
            ).isoformat()
        },
    )
    root.append(activity(view, periods))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
