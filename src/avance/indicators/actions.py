"""Every write to indicators goes through one of these actions (atomic, audited).

Goals change only through a request that a planner authorises, and only while the period is
open: a closed or published period's goal is what its results were measured against.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from avance.audit import log
from avance.core import links
from avance.core.errors import ActionError
from avance.core.indicators import ExpressionError, parse
from avance.core.lifecycle import GOAL_CHANGE, MEASUREMENT
from avance.indicators import evaluation
from avance.indicators.models import Goal, GoalChange, Indicator, Measurement, Variable
from avance.plans.models import Node
from avance.progress.actions import check_plan_writable
from avance.progress.models import ReportingPeriod

# The ficha técnica fields an action may set, defined once (forms and the workbook derive theirs).
FICHA_FIELDS = [
    "key",
    "name",
    "definition",
    "mir_level",
    "kind",
    "dimension",
    "formula_type",
    "method",
    "expression",
    "unit",
    "frequency",
    "accumulated",
    "sentido",
    "profile",
    "green",
    "yellow",
    "baseline",
    "baseline_year",
    "baseline_note",
    "goal",
    "disaggregation",
    "reporting_unit",
    "assumptions",
    "alignment",
]
VARIABLE_FIELDS = ["name", "description", "unit", "source", "aggregation"]


def _check_formula(expression: str, variables: Sequence[Mapping[str, Any]]) -> None:
    try:
        parsed = parse(expression)
    except ExpressionError as exc:
        raise ActionError(str(exc), code=f"formula.{exc.code}", params=exc.params) from None
    declared = [v["name"] for v in variables]
    unknown = [name for name in parsed.variables if name not in declared]
    if unknown:
        raise ActionError(
            f"the formula uses {', '.join(unknown)}, which are not among its variables",
            code="formula_unknown_variables",
            params={"names": ", ".join(unknown)},
        )


@transaction.atomic
def do_create_indicator(
    actor: log.Actor,
    node: Node,
    *,
    name: str,
    expression: str,
    variables: Sequence[Mapping[str, Any]] = (),
    **ficha: Any,
) -> Indicator:
    """An indicator on an item. Variables the formula names but `variables` omits are created
    with no description; a formula that cannot be read is refused with its reason."""
    check_plan_writable(node.plan)
    unknown = sorted(set(ficha) - set(FICHA_FIELDS))
    if unknown:
        raise ActionError(f"unknown indicator fields: {', '.join(unknown)}")
    if not name.strip():
        raise ActionError("an indicator needs a name", code="indicator_name")
    given = [dict(v) for v in variables]
    try:
        named = parse(expression).variables
    except ExpressionError as exc:
        raise ActionError(str(exc), code=f"formula.{exc.code}", params=exc.params) from None
    given += [{"name": n} for n in named if n not in {v["name"] for v in given}]
    _check_formula(expression, given)
    position = (node.indicators.aggregate(m=Max("position"))["m"] or 0) + 1
    indicator = Indicator.objects.create(
        node=node, name=name.strip(), expression=expression.strip(), position=position, **ficha
    )
    for i, variable in enumerate(given):
        Variable.objects.create(
            indicator=indicator,
            position=i,
            **{k: v for k, v in variable.items() if k in VARIABLE_FIELDS},
        )
    log.record(
        actor,
        "indicator.create",
        indicator,
        plan_id=node.plan_id,
        after={
            **log.changes(indicator, ["key", "name", "expression", "sentido", "profile"]),
            "variables": [v["name"] for v in given],
        },
    )
    return indicator


@transaction.atomic
def do_set_goal(
    actor: log.Actor, indicator: Indicator, period: ReportingPeriod, value: float
) -> Goal:
    """The approved goal of a period, set once while the period is open; later changes go
    through do_request_goal_change."""
    _check_period(indicator, period, "goal_late")
    _check_number(value, "goal")
    if Goal.objects.filter(indicator=indicator, period=period).exists():
        raise ActionError(
            f"the goal of {period.label!r} is set; request a change instead",
            code="goal_set",
            params={"period": period.label},
        )
    goal = Goal.objects.create(indicator=indicator, period=period, original=value, current=value)
    log.record(
        actor,
        "indicator.goal",
        indicator,
        plan_id=indicator.node.plan_id,
        after={"period": period.label, "goal": value},
    )
    evaluation.store_readings(indicator)
    return goal


@transaction.atomic
def do_request_goal_change(
    actor: log.Actor,
    indicator: Indicator,
    period: ReportingPeriod,
    requested: float,
    justification: str,
) -> GoalChange:
    _check_period(indicator, period, "goal_change_late")
    _check_number(requested, "goal")
    if not justification.strip():
        raise ActionError("say why the goal should change", code="goal_change_reason")
    goal = Goal.objects.filter(indicator=indicator, period=period).first()
    if goal is None:
        raise ActionError(
            f"{period.label!r} has no goal to change yet",
            code="goal_missing",
            params={"period": period.label},
        )
    change = GoalChange.objects.create(
        indicator=indicator,
        period=period,
        previous=goal.current,
        requested=requested,
        justification=justification.strip(),
        requested_by=log.user_of(actor),
        requested_at=timezone.now(),
    )
    log.record(
        actor,
        "indicator.goal_request",
        indicator,
        plan_id=indicator.node.plan_id,
        after={"period": period.label, "goal": requested, "justification": justification},
    )
    return change


@transaction.atomic
def do_decide_goal_change(
    actor: log.Actor, change: GoalChange, decision: str, comment: str = ""
) -> GoalChange:
    """A planner authorises ('authorise') or rejects ('reject') a request; an authorised one
    becomes the period's current goal and the readings are computed again."""
    change = (
        GoalChange.objects.select_for_update()
        .select_related("indicator__node", "period")
        .get(pk=change.pk)
    )
    if decision == "reject" and not comment.strip():
        raise ActionError("say why the request is rejected", code="goal_change_reject_reason")
    if decision == "authorise":
        _check_period(change.indicator, change.period, "goal_change_late")
    before, after = GOAL_CHANGE.apply(change, decision)
    change.decided_by = log.user_of(actor)
    change.decided_at = timezone.now()
    change.decision_comment = comment.strip()
    change.save(update_fields=["state", "decided_by", "decided_at", "decision_comment"])
    if decision == "authorise":
        Goal.objects.filter(indicator=change.indicator, period=change.period).update(
            current=change.requested
        )
        evaluation.store_readings(change.indicator)
        _recompute_progress(actor, change.indicator)
    log.record(
        actor,
        f"indicator.goal_{decision}",
        change.indicator,
        plan_id=change.indicator.node.plan_id,
        before={"state": before, "goal": change.previous},
        after={"state": after, "goal": change.requested, "comment": comment},
    )
    return change


@transaction.atomic
def do_record_measurement(
    actor: log.Actor,
    indicator: Indicator,
    period: ReportingPeriod,
    values: Mapping[str, float | None],
    *,
    narrative: str = "",
    evidence: Sequence[str] = (),
    submit: bool = False,
) -> Measurement:
    """The variables' values for a period (a draft, or submitted at once). The reading they give
    is computed before anything is stored: a formula that cannot be computed is refused, and a
    reading that is not green needs a narrative."""
    _check_period(indicator, period, "period_not_open")
    names = [v.name for v in indicator.variables.all()]
    missing = [n for n in names if values.get(n) is None]
    if missing:
        raise ActionError(
            f"give a value for {', '.join(missing)}",
            code="measurement_missing",
            params={"names": ", ".join(missing)},
        )
    clean = {n: float(values[n]) for n in names}  # type: ignore[arg-type]
    for name, value in clean.items():
        _check_number(value, name)
    for url in evidence:
        if not links.is_safe_link(url):
            raise ActionError(
                links.problem(url) or f"{url[:60]!r} is not an http, https or mailto link",
                code="link",
                params={"link": url.strip()[:60]},
            )
    existing = (
        Measurement.objects.select_for_update().filter(indicator=indicator, period=period).first()
    )
    if existing is not None and existing.state not in (
        Measurement.State.DRAFT,
        Measurement.State.RETURNED,
    ):
        raise ActionError(
            f"the measurement of {period.label!r} is already {existing.state}",
            code="measurement_taken",
            params={"period": period.label},
        )
    measurement = existing or Measurement(indicator=indicator, period=period)
    measurement.values = clean
    measurement.narrative = narrative.strip()
    measurement.evidence = list(evidence)
    measurement.author = log.user_of(actor)
    reading = preview(measurement)
    if reading.problem:
        raise ActionError(
            reading.problem,
            code=f"formula.{reading.problem_code}",
            params=reading.problem_params,
        )
    if reading.light in ("yellow", "red") and not measurement.narrative:
        raise ActionError(
            "explain the result: the traffic light is not green",
            code="measurement_narrative",
        )
    if submit:
        MEASUREMENT.apply(measurement, "correct" if existing else "submit")
    measurement.save()
    log.record(
        actor,
        "indicator.measure",
        indicator,
        plan_id=indicator.node.plan_id,
        after={
            "period": period.label,
            "values": clean,
            "value": reading.value,
            "state": measurement.state,
            "evidence": list(evidence),
        },
    )
    return measurement


def preview(measurement: Measurement) -> Any:
    """The reading a measurement would give once published (core.indicators.Reading)."""
    for period, reading in evaluation.readings(measurement.indicator, extra=measurement):
        if period.id == measurement.period_id:
            return reading
    raise ActionError("the period belongs to another plan")  # pragma: no cover


@transaction.atomic
def do_change_measurement(
    actor: log.Actor, measurement: Measurement, transition: str, comment: str = ""
) -> Measurement:
    """Review and publication: 'approve', 'return' (with a comment) or 'publish'. Publishing
    computes and stores the indicator's readings again."""
    measurement = (
        Measurement.objects.select_for_update()
        .select_related("indicator__node", "period")
        .get(pk=measurement.pk)
    )
    if transition == "return" and not comment.strip():
        raise ActionError("say why the update is returned", code="return_reason")
    before, after = MEASUREMENT.apply(measurement, transition)
    fields = ["state"]
    if transition == "return":
        measurement.review_comment = comment.strip()
        fields.append("review_comment")
    if transition == "publish":
        measurement.published_at = timezone.now()
        fields.append("published_at")
    measurement.save(update_fields=fields)
    if transition == "publish":
        evaluation.store_readings(measurement.indicator)
        _recompute_progress(actor, measurement.indicator)
    log.record(
        actor,
        f"indicator.measurement_{transition}",
        measurement.indicator,
        plan_id=measurement.indicator.node.plan_id,
        before={"state": before},
        after={"state": after, "period": measurement.period.label, "comment": comment},
    )
    return measurement


def _recompute_progress(actor: log.Actor, indicator: Indicator) -> None:
    """The current roll-up again, when the plan takes items' progress from their indicators."""
    plan = indicator.node.plan
    if plan.indicator_progress:
        from avance.progress.actions import do_recompute_rollup

        do_recompute_rollup(actor, plan)


def _check_period(indicator: Indicator, period: ReportingPeriod, code: str) -> None:
    if period.plan_id != indicator.node.plan_id:
        raise ActionError("the period belongs to another plan")
    check_plan_writable(indicator.node.plan)
    if period.state != ReportingPeriod.State.OPEN:
        raise ActionError(
            f"the reporting period {period.label!r} is {period.state}; its goals and results "
            "can no longer change",
            code=code,
            params={"period": period.label},
        )


def _check_number(value: float, name: str) -> None:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
        raise ActionError(f"{name}: {value!r} is not a number", code="not_a_number")


@transaction.atomic
def do_load_indicators(
    actor: log.Actor, plan: Any, records: Sequence[Mapping[str, Any]], source: str = "workbook"
) -> list[Indicator]:
    """Indicators, goals and published measurements from workbook records (the official record
    of a plan's indicators, loaded as its declared figures are). Items are found by reference,
    then by title; periods by their dates, opened when the plan lacks them. All or nothing: a
    record that cannot be placed stops the load with its row."""
    from avance.plans.models import Node
    from avance.progress.actions import do_open_period

    check_plan_writable(plan)
    nodes = list(Node.objects.filter(plan=plan).select_related("parent"))
    by_ref = {node.full_ref: node for node in nodes if node.ref}
    by_title = {node.title: node for node in nodes}
    periods = {(p.start, p.end): p for p in ReportingPeriod.objects.filter(plan=plan)}
    made: dict[tuple[str, str, int], Indicator] = {}
    for number, record in enumerate(records, start=2):
        node = by_ref.get(record.get("ref") or "") or by_title.get(record.get("objective") or "")
        if node is None:
            raise ActionError(
                f"{source}: row {number}: no item {record.get('ref') or ''} "
                f"«{record.get('objective')}» in the plan"
            )
        key = (record.get("key") or "", record["name"], node.id)
        indicator = made.get(key)
        if indicator is None:
            ficha = {
                name: record[name]
                for name in (
                    "key",
                    "definition",
                    "mir_level",
                    "kind",
                    "dimension",
                    "formula_type",
                    "method",
                    "unit",
                    "frequency",
                    "accumulated",
                    "sentido",
                    "profile",
                    "baseline",
                    "reporting_unit",
                )
                if record.get(name) not in (None, "")
            }
            indicator = do_create_indicator(
                actor,
                node,
                name=record["name"],
                expression=record["expression"],
                variables=record.get("variables") or [],
                **ficha,
            )
            made[key] = indicator
        start = dt.date.fromisoformat(record["period_start"]) if record["period_start"] else None
        end = dt.date.fromisoformat(record["period_end"]) if record["period_end"] else None
        period = periods.get((start, end))
        if period is None:
            period = do_open_period(
                actor,
                plan,
                key=slugify(record.get("period") or f"{start}-{end}")[:50],
                label=record.get("period") or f"{start} – {end}",
                start=start,
                end=end,
            )
            periods[(start, end)] = period
        if record.get("goal_original") is not None:
            Goal.objects.update_or_create(
                indicator=indicator,
                period=period,
                defaults={
                    "original": record["goal_original"],
                    "current": record.get("goal_current", record["goal_original"]),
                },
            )
        if record.get("values"):
            Measurement.objects.update_or_create(
                indicator=indicator,
                period=period,
                defaults={
                    "values": {k: float(v) for k, v in record["values"].items()},
                    "state": Measurement.State.PUBLISHED,
                    "published_at": timezone.now(),
                    "author": log.user_of(actor),
                },
            )
    for indicator in made.values():
        evaluation.store_readings(indicator)
    log.record(
        actor,
        "indicator.load",
        plan,
        plan_id=plan.id,
        after={"source": source, "indicators": len(made), "rows": len(records)},
    )
    return list(made.values())


@transaction.atomic
def do_create_indicator_from_document(
    actor: log.Actor, node: Node, spec: Mapping[str, Any]
) -> Indicator:
    """An indicator as avance.plan/1 describes it (see the schema's `indicator`): its ficha, its
    variables and its goals per period (matched by the period's key). Without a formula the
    value is measured directly: one variable, VALOR."""
    ficha = {
        name: spec[name]
        for name in FICHA_FIELDS
        if name not in ("name", "expression", "goal") and spec.get(name) not in (None, "")
    }
    if spec.get("goal") is not None:
        ficha["goal"] = spec["goal"]
    indicator = do_create_indicator(
        actor,
        node,
        name=spec["name"],
        expression=spec.get("expression") or "VALOR",
        variables=spec.get("variables") or [],
        **ficha,
    )
    periods = {p.key: p for p in ReportingPeriod.objects.filter(plan_id=node.plan_id)}
    for goal in spec.get("goals") or []:
        period = periods.get(goal["period"])
        if period is None:
            raise ActionError(
                f"the indicator {spec['name']!r} has a goal for {goal['period']!r}, which is not "
                "one of the plan's reporting periods"
            )
        Goal.objects.create(
            indicator=indicator,
            period=period,
            original=goal["goal"],
            current=goal["current"] if goal.get("current") is not None else goal["goal"],
        )
    if spec.get("goals"):
        evaluation.store_readings(indicator)
    return indicator


@transaction.atomic
def do_update_indicator(
    actor: log.Actor,
    indicator: Indicator,
    *,
    variables: Sequence[Mapping[str, Any]] | None = None,
    **ficha: Any,
) -> Indicator:
    """Change an indicator's ficha (FICHA_FIELDS) and, when given, its variables (matched by
    name: kept, added, or removed when no measurement uses them). The readings are computed
    again, since the formula or the semáforo may have changed."""
    check_plan_writable(indicator.node.plan)
    unknown = sorted(set(ficha) - set(FICHA_FIELDS))
    if unknown:
        raise ActionError(f"unknown indicator fields: {', '.join(unknown)}")
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    before = log.changes(indicator, list(ficha))
    current = [
        {field: getattr(v, field) for field in VARIABLE_FIELDS} for v in indicator.variables.all()
    ]
    given = [dict(v) for v in variables] if variables is not None else current
    expression = ficha.get("expression", indicator.expression)
    try:
        named = parse(expression).variables
    except ExpressionError as exc:
        raise ActionError(str(exc), code=f"formula.{exc.code}", params=exc.params) from None
    given += [{"name": n} for n in named if n not in {v["name"] for v in given}]
    _check_formula(expression, given)
    if "name" in ficha and not str(ficha["name"]).strip():
        raise ActionError("an indicator needs a name", code="indicator_name")
    measured = {name for m in indicator.measurements.all() for name in (m.values or {})}
    dropped = {v["name"] for v in current} - {v["name"] for v in given}
    if dropped & measured:
        raise ActionError(
            f"{', '.join(sorted(dropped & measured))} already have measurements; keep them",
            code="variables_measured",
            params={"names": ", ".join(sorted(dropped & measured))},
        )
    for name, value in ficha.items():
        setattr(indicator, name, value.strip() if isinstance(value, str) else value)
    indicator.save()
    indicator.variables.exclude(name__in=[v["name"] for v in given]).delete()
    for position, variable in enumerate(given):
        Variable.objects.update_or_create(
            indicator=indicator,
            name=variable["name"],
            defaults={
                "position": position,
                **{k: v for k, v in variable.items() if k in VARIABLE_FIELDS and k != "name"},
            },
        )
    evaluation.store_readings(indicator)
    _recompute_progress(actor, indicator)
    after = log.changes(indicator, list(ficha))
    log.record(
        actor,
        "indicator.update",
        indicator,
        plan_id=indicator.node.plan_id,
        before={k: v for k, v in before.items() if after.get(k) != v},
        after={k: v for k, v in after.items() if before.get(k) != v},
    )
    return indicator
