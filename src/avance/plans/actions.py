"""Every write to plans goes through one of these actions (atomic, audited)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from avance.audit import log
from avance.core import interchange
from avance.core.errors import ActionError
from avance.core.interchange import NODE_DETAILS, PLAN_SECTIONS
from avance.core.lifecycle import PLAN
from avance.plans import loading
from avance.plans.models import Level, Node, Plan
from avance.plans.tree import subtree_ids
from avance.progress.actions import check_plan_writable, do_recompute_rollup, recompute_all

# The item fields an action may change: its place in the tree, then what it states.
NODE_FIELDS = ["parent", "level", "ref", "title", "weight", "position", *NODE_DETAILS, "unit"]


@transaction.atomic
def do_load_plan(
    actor: log.Actor,
    document: dict[str, Any],
    *,
    source: str = "<document>",
    slug: str | None = None,
    owner: Any = None,
) -> Plan:
    """Create a draft plan from an avance.plan/1 document, validated first: on any error nothing
    is written and InvalidDocument names the source, the JSON path and the problem. A planner
    publishes it (do_publish_plan) when it is ready to be public."""
    check_document(document, source)
    if owner is not None:  # imported into an institution chosen by the user, whatever the file says
        document = {
            **document,
            "organization": {"name": owner.name, "acronym": owner.acronym or None},
        }
    plan, count = loading.load(document, slug)
    _load_indicators(actor, plan, document)
    recompute_all(actor, plan)
    log.record(actor, "plan.load", plan, plan_id=plan.id, after={"source": source, "nodes": count})
    return plan


def _load_indicators(actor: log.Actor, plan: Plan, document: dict[str, Any]) -> None:
    """The indicators a document gives its items, through the indicator actions."""
    pairs = [
        (node, spec)
        for node, spec in zip(
            Node.objects.filter(plan=plan).order_by("id"),
            loading.nodes_in_creation_order(document),
            strict=True,
        )
        if spec.get("indicators")
    ]
    if not pairs:
        return
    from avance.indicators.actions import do_create_indicator_from_document

    for node, spec in pairs:
        for indicator in spec["indicators"]:
            do_create_indicator_from_document(actor, node, indicator)


def check_document(document: dict[str, Any], source: str = "<document>") -> None:
    """InvalidDocument (source, JSON path, problem) unless the document can be loaded as is: valid
    avance.plan/1, and every value within what the database stores, on any backend."""
    interchange.validate(document, source)
    if errors := list(loading.fit_errors(document)):
        raise interchange.InvalidDocument(source, errors)


@transaction.atomic
def do_set_rollup_method(
    actor: log.Actor,
    plan: Plan,
    method: str,
    missing: str | None = None,
    indicators: str | None = None,
) -> Plan:
    """Change how progress rolls up: the method, what items without a value count, and whether
    items with indicators take their achievement (Plan.IndicatorProgress). Every stored roll-up
    is computed again."""
    check_plan_writable(plan)
    fields = ["rollup_method", "rollup_missing", "indicator_progress"]
    before = log.changes(plan, fields)
    if method not in Plan.RollupMethod.values:
        raise ActionError(f"unknown roll-up method {method!r}")
    plan.rollup_method = method
    if missing is not None:
        if missing not in Plan.Missing.values:
            raise ActionError(f"unknown policy for missing values {missing!r}")
        plan.rollup_missing = missing
    if indicators is not None:
        if indicators not in Plan.IndicatorProgress.values:
            raise ActionError(f"unknown use of indicators {indicators!r}")
        plan.indicator_progress = indicators
    plan.save(update_fields=[*fields, "updated_at"])
    log.record(
        actor,
        "plan.rollup_method",
        plan,
        plan_id=plan.id,
        before=before,
        after=log.changes(plan, fields),
    )
    recompute_all(actor, plan)
    return plan


@transaction.atomic
def do_add_node(
    actor: log.Actor,
    plan: Plan,
    *,
    level: Level,
    title: str,
    parent: Node | None = None,
    **fields: Any,
) -> Node:
    check_plan_writable(plan)
    if level.plan_id != plan.id or (parent is not None and parent.plan_id != plan.id):
        raise ActionError("the level and the parent must belong to the plan")
    siblings = Node.objects.filter(plan=plan, parent=parent)
    position = (siblings.aggregate(m=Max("position"))["m"] or 0) + 1 if siblings.exists() else 0
    node = Node.objects.create(
        plan=plan,
        parent=parent,
        level=level,
        title=title,
        position=fields.pop("position", position),
        **fields,
    )
    log.record(actor, "node.add", node, plan_id=plan.id, after=log.changes(node, NODE_FIELDS))
    do_recompute_rollup(actor, plan)
    return node


@transaction.atomic
def do_update_node(actor: log.Actor, node: Node, **fields: Any) -> Node:
    check_plan_writable(node.plan)
    unknown = set(fields) - set(NODE_FIELDS)
    if unknown:
        raise ActionError(f"unknown fields: {', '.join(sorted(unknown))}")
    if "parent" in fields:
        _check_move(node, fields["parent"])
    before = log.changes(node, list(fields))
    for name, value in fields.items():
        setattr(node, name, value)
    node.save()
    log.record(
        actor,
        "node.update",
        node,
        plan_id=node.plan_id,
        before=before,
        after=log.changes(node, list(fields)),
    )
    if {"parent", "weight"} & set(fields):
        do_recompute_rollup(actor, node.plan)
    return node


def _check_move(node: Node, parent: Node | None) -> None:
    while parent is not None:
        if parent.pk == node.pk:
            raise ActionError(
                "an item cannot be moved under itself or one of its descendants",
                code="move_under_itself",
            )
        if parent.plan_id != node.plan_id:
            raise ActionError("an item can only move within its plan")
        parent = parent.parent


@transaction.atomic
def do_delete_node(actor: log.Actor, node: Node) -> None:
    plan = node.plan
    check_plan_writable(plan)
    before = log.changes(node, NODE_FIELDS)
    before["descendants_and_self"] = len(subtree_ids(node.pk))
    log.record(actor, "node.delete", node, plan_id=plan.id, before=before)
    node.delete()
    do_recompute_rollup(actor, plan)


@transaction.atomic
def do_create_plan(
    actor: log.Actor,
    owner: Any,
    *,
    title: str,
    kind: str,
    levels: list[str],
    start: Any = None,
    end: Any = None,
) -> Plan:
    """An empty plan with its levels and the default status catalogue."""
    if not title.strip():
        raise ActionError("a plan needs a title", code="plan_title")
    if not levels:
        raise ActionError("a plan needs at least one level", code="plan_levels")
    document = {
        "schema": "avance.plan/1",
        "title": title.strip(),
        "kind": kind,
        "organization": {"name": owner.name, "acronym": owner.acronym or None},
        "levels": levels,
        "nodes": [],
    }
    if start and end:
        document["start"], document["end"] = start.isoformat(), end.isoformat()
    plan, _count = loading.load(document)
    log.record(
        actor, "plan.create", plan, plan_id=plan.id, after={"title": plan.title, "levels": levels}
    )
    do_recompute_rollup(actor, plan)
    return plan


# The plan fields do_update_plan may change (the roll-up settings have their own action).
PLAN_FIELDS = [
    "title",
    "kind",
    "start",
    "end",
    *PLAN_SECTIONS,
    "budget",
    "evaluation_frequency",
    "evaluation_evaluator",
    "evaluation_method",
]


@transaction.atomic
def do_update_plan(actor: log.Actor, plan: Plan, **fields: Any) -> Plan:
    check_plan_writable(plan)
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise ActionError(f"unknown fields: {', '.join(sorted(unknown))}")
    before = log.changes(plan, list(fields))
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.save()
    log.record(
        actor,
        "plan.update",
        plan,
        plan_id=plan.id,
        before=before,
        after=log.changes(plan, list(fields)),
    )
    return plan


@transaction.atomic
def do_add_level(actor: log.Actor, plan: Plan, name: str) -> Level:
    check_plan_writable(plan)
    name = name.strip()
    if not name:
        raise ActionError("a level needs a name", code="level_name")
    if Level.objects.filter(plan=plan, name=name).exists():
        raise ActionError(
            f"the plan already has a level named {name!r}",
            code="level_taken",
            params={"name": name},
        )
    position = (Level.objects.filter(plan=plan).aggregate(m=Max("position"))["m"] or 0) + 1
    level = Level.objects.create(
        plan=plan, name=name, plural=interchange.pluralize(name), position=position
    )
    log.record(actor, "level.add", level, plan_id=plan.id, after={"name": name})
    return level


@transaction.atomic
def do_add_responsible(
    actor: log.Actor,
    node: Node,
    *,
    name: str,
    job_title: str = "",
    organization: str = "",
    role: str = "responsible",
) -> Any:
    from avance.plans.models import Responsible

    check_plan_writable(node.plan)
    if not (name.strip() or organization.strip()):
        raise ActionError("give a name or an organization", code="responsible_name")
    position = node.responsibles.count()
    person = Responsible.objects.create(
        node=node,
        name=name.strip(),
        job_title=job_title.strip(),
        organization=organization.strip(),
        role=role,
        position=position,
    )
    log.record(
        actor,
        "responsible.add",
        person,
        plan_id=node.plan_id,
        after=log.changes(person, ["name", "job_title", "organization", "role"]),
    )
    return person


def has_history(node: Node) -> bool:
    """Whether deleting this item would delete reported progress (its own or its descendants')."""
    from avance.progress.models import ProgressUpdate

    return ProgressUpdate.objects.filter(node_id__in=subtree_ids(node.pk)).exists()


@transaction.atomic
def do_set_counting_statuses(actor: log.Actor, plan: Plan, counting: set[str]) -> None:
    """Which statuses count toward progress; items in the others are left out (and footnoted)."""
    from avance.plans.models import Status

    check_plan_writable(plan)
    before = sorted(Status.objects.filter(plan=plan, counts=True).values_list("key", flat=True))
    Status.objects.filter(plan=plan).update(counts=False)
    Status.objects.filter(plan=plan, key__in=counting).update(counts=True)
    after = sorted(Status.objects.filter(plan=plan, counts=True).values_list("key", flat=True))
    if before != after:
        log.record(
            actor,
            "plan.statuses",
            plan,
            plan_id=plan.id,
            before={"counting": before},
            after={"counting": after},
        )
        recompute_all(actor, plan)


# The plan lifecycle (PLAN in core/lifecycle.py) ------------------------------------------------


def _change_plan(actor: log.Actor, plan: Plan, transition: str) -> Plan:
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    before, after = PLAN.apply(plan, transition)
    fields = ["state", "updated_at"]
    if transition == "publish":
        plan.published_at = timezone.now()
        fields.append("published_at")
    plan.save(update_fields=fields)
    log.record(
        actor,
        f"plan.{transition}",
        plan,
        plan_id=plan.id,
        before={"state": before},
        after={"state": after},
    )
    return plan


@transaction.atomic
def do_publish_plan(actor: log.Actor, plan: Plan) -> Plan:
    """Make a draft plan public: its pages, downloads and reports appear on the portal."""
    return _change_plan(actor, plan, "publish")


@transaction.atomic
def do_archive_plan(actor: log.Actor, plan: Plan) -> Plan:
    """Keep a plan read-only: it takes no more check-ins or edits, and stays public if it was."""
    return _change_plan(actor, plan, "archive")


@transaction.atomic
def do_delete_draft_plan(actor: log.Actor, plan: Plan) -> None:
    """Delete a plan that was never published, with everything in it (the audit entry stays)."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    PLAN.check("delete", plan.state)
    log.record(
        actor,
        "plan.delete",
        plan,
        plan_id=plan.id,
        before={"title": plan.title, "slug": plan.slug, "nodes": plan.nodes.count()},
    )
    # Items first: their updates hold the statuses and levels that the plan's delete removes.
    Node.objects.filter(plan=plan).delete()
    plan.delete()
