"""Write a validated avance.plan/1 document into the database. Called only by do_load_plan.

What goes where:
- plan-level sections → Plan fields; organization and unit → Organization rows;
- the `report` block → a published ReportingPeriod, with its global figure, what remains and
  its counts as DeclaredFigures;
- a leaf's progress/status/note → a published ProgressUpdate in that period (the document is its
  evidence); an inner node's → a DeclaredFigure, kept beside the computed figure;
- evidence → on the leaf's update, or on the node itself.
Nodes are written level by level in bulk so that generated plans of a million nodes load too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from avance.core import interchange as fmt
from avance.organizations.models import Organization
from avance.plans.models import Level, Node, Plan, Responsible, Status
from avance.progress.models import DeclaredFigure, EvidenceLink, ProgressUpdate, ReportingPeriod

BATCH = 2_000
DOCUMENT_AUTHOR = "Documento"
IMPLICIT_PERIOD = ("documento", "Avance declarado en el documento")


def unique_slug(base: str, model: type[Plan] | type[Organization]) -> str:
    base = fmt.slug_words(base, 60)
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def organization(
    name: str, acronym: str | None, parent: Organization | None = None
) -> Organization:
    found = Organization.objects.filter(name=name, parent=parent).first()
    if found is not None:
        if acronym and not found.acronym:
            found.acronym = acronym
            found.save(update_fields=["acronym"])
        return found
    kind = Organization.Kind.UNIT if parent else fmt.organization_kind(name)
    prefix = f"{parent.slug} " if parent else ""
    return Organization.objects.create(
        name=name,
        acronym=acronym or "",
        parent=parent,
        kind=kind,
        slug=unique_slug(prefix + (acronym or name), Organization),
    )


# Where the document's texts are stored, for the length check that must hold the same on SQLite
# (which ignores lengths) and PostgreSQL (which refuses the whole load): dotted JSON key under
# the plan or a node → (model, field). Lengths come from the models themselves.
PLAN_TEXTS: dict[str, tuple[type[Any], str]] = {
    "title": (Plan, "title"),
    "organization.name": (Organization, "name"),
    "organization.acronym": (Organization, "acronym"),
    "author.name": (Plan, "author_name"),
    "author.position": (Plan, "author_position"),
    "author.organization": (Plan, "author_organization"),
    "evaluation.frequency": (Plan, "evaluation_frequency"),
    "evaluation.evaluator": (Plan, "evaluation_evaluator"),
    "report.title": (ReportingPeriod, "label"),
}
NODE_TEXTS: dict[str, tuple[type[Any], str]] = {
    "ref": (Node, "ref"),
    "evaluation_frequency": (Node, "evaluation_frequency"),
    "status": (ProgressUpdate, "status_text"),
}
PERSON_TEXTS: dict[str, tuple[type[Any], str]] = {
    "name": (Responsible, "name"),
    "position": (Responsible, "job_title"),
    "organization": (Responsible, "organization"),
}


def fit_errors(document: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(JSON path, problem) for every value the database could not store as given."""
    for key, target in PLAN_TEXTS.items():
        yield from _too_long(document, key, "$", target)
    for i, name in enumerate(document.get("levels") or []):
        yield from _too_long({"name": name}, "name", f"$.levels[{i}]", (Level, "name"))
    yield from _too_big(document.get("budget"), "$.budget", Plan)
    for path, node in fmt.walk(document.get("nodes") or []):
        for key, target in NODE_TEXTS.items():
            yield from _too_long(node, key, path, target)
        yield from _too_big(node.get("budget"), f"{path}.budget", Node)
        for i, text in enumerate(node.get("evidence") or []):
            yield from _too_long(
                {"url": text}, "url", f"{path}.evidence[{i}]", (EvidenceLink, "url")
            )
        for i, person in enumerate(node.get("responsible") or []):
            where = f"{path}.responsible[{i}]"
            for key, target in PERSON_TEXTS.items():
                yield from _too_long(person or {}, key, where, target)
            role = (person or {}).get("role")
            if role is not None and role not in Responsible.Role.values:
                yield (
                    f"{where}.role",
                    f"{str(role)[:40]!r} is not one of {', '.join(Responsible.Role.values)}",
                )


def _too_long(
    obj: dict[str, Any], dotted: str, path: str, target: tuple[type[Any], str]
) -> Iterator[tuple[str, str]]:
    value: Any = obj
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    limit = target[0]._meta.get_field(target[1]).max_length
    if isinstance(value, str) and limit and len(value.strip()) > limit:
        yield f"{path}.{dotted}", f"is {len(value.strip())} characters long; the limit is {limit}"


def _too_big(value: Any, path: str, model: type[Any]) -> Iterator[tuple[str, str]]:
    field = model._meta.get_field("budget")
    limit = Decimal(10) ** (field.max_digits - field.decimal_places)
    if isinstance(value, (int, float)) and not abs(amount := Decimal(str(value))) < limit:
        yield path, f"{amount.normalize():.6g} is too large; amounts must be under {limit:,.0f}"


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _text(value: str | None) -> str:
    return (value or "").strip()


def create_plan(document: dict[str, Any], slug: str | None = None) -> Plan:
    org = document.get("organization") or {}
    owner = organization(_text(org.get("name")) or "Institución sin nombre", org.get("acronym"))
    unit = organization(document["unit"], None, owner) if document.get("unit") else None
    author = document.get("author") or {}
    evaluation = document.get("evaluation") or {}
    rollup = document.get("rollup") or {}
    start = fmt.date(document.get("start"))
    plan = Plan.objects.create(
        slug=slug
        or unique_slug(fmt.plan_slug(document["title"], owner.name, owner.acronym, start), Plan),
        title=_text(document["title"]),
        kind=document.get("kind") or Plan.Kind.OTHER,
        owner=owner,
        unit=unit,
        start=start,
        end=fmt.date(document.get("end")),
        issued=fmt.date(document.get("issued")),
        author_name=_text(author.get("name")),
        author_position=_text(author.get("position")),
        author_organization=_text(author.get("organization")),
        region=document.get("region") or [],
        swot=document.get("swot"),
        **{key: _text(document.get(key)) for key in fmt.PLAN_SECTIONS},
        budget=_decimal(document.get("budget")),
        beneficiaries=document.get("beneficiaries"),
        alignment=document.get("alignment") or [],
        evaluation_frequency=_text(evaluation.get("frequency")),
        evaluation_evaluator=_text(evaluation.get("evaluator")),
        evaluation_method=_text(evaluation.get("method")),
        rollup_method=rollup.get("method") or Plan.RollupMethod.MEAN,
        rollup_missing=rollup.get("missing") or Plan.Missing.SKIP,
    )
    return plan


def create_levels(plan: Plan, document: dict[str, Any]) -> dict[str, Level]:
    names: list[str] = []
    for name in document.get("levels") or []:
        if name.strip() and name.strip() not in names:
            names.append(name.strip())
    for _path, node in fmt.walk(document["nodes"]):
        if node["level"].strip() not in names:
            names.append(node["level"].strip())
    levels = Level.objects.bulk_create(
        Level(plan=plan, position=i, name=name, plural=fmt.pluralize(name))
        for i, name in enumerate(names)
    )
    return {level.name: level for level in levels}


def create_statuses(plan: Plan) -> dict[str, Status]:
    statuses = Status.objects.bulk_create(
        Status(
            plan=plan,
            key=key,
            label=label,
            colour=colour,
            default_percent=default,
            counts=counts,
            position=i,
        )
        for i, (key, label, colour, default, counts) in enumerate(fmt.DEFAULT_STATUSES)
    )
    return {status.key: status for status in statuses}


def create_period(plan: Plan, document: dict[str, Any]) -> ReportingPeriod | None:
    report = document.get("report")
    if report:
        label = _text(report.get("title")) or "Informe de avance"
        period = ReportingPeriod.objects.create(
            plan=plan,
            key=fmt.slug_words(label, 50),
            label=label,
            start=fmt.date(report.get("start")),
            end=fmt.date(report.get("end")),
            state=ReportingPeriod.State.PUBLISHED,
            presented_at=_text(report.get("presented_at")),
        )
        figures = []
        if report.get("progress") is not None:
            figures.append(
                DeclaredFigure(metric=DeclaredFigure.Metric.PROGRESS, value=report["progress"])
            )
        if report.get("remaining") is not None or report.get("remaining_due"):
            figures.append(
                DeclaredFigure(
                    metric=DeclaredFigure.Metric.REMAINING,
                    value=report.get("remaining"),
                    due=fmt.date(report.get("remaining_due")),
                )
            )
        for level_name, count in (report.get("counts") or {}).items():
            figures.append(
                DeclaredFigure(
                    metric=DeclaredFigure.Metric.COUNT, level_name=level_name, value=count
                )
            )
        for figure in figures:
            figure.plan, figure.period, figure.source = plan, period, DOCUMENT_AUTHOR
        DeclaredFigure.objects.bulk_create(figures)
        return period
    if any(_reports(node) for _path, node in fmt.walk(document["nodes"])):
        key, label = IMPLICIT_PERIOD
        return ReportingPeriod.objects.create(
            plan=plan, key=key, label=label, state=ReportingPeriod.State.PUBLISHED
        )
    return None


def _reports(node: dict[str, Any]) -> bool:
    return any(node.get(key) not in (None, "") for key in fmt.NODE_REPORT_FIELDS)


def _levels_of_tree(
    nodes: list[dict[str, Any]],
) -> Iterator[list[tuple[int | None, int, dict[str, Any]]]]:
    """The tree breadth first, one depth at a time: (parent's index in the previous depth,
    position among siblings, node)."""
    current: list[tuple[int | None, int, dict[str, Any]]] = [
        (None, i, node) for i, node in enumerate(nodes)
    ]
    while current:
        yield current
        following: list[tuple[int | None, int, dict[str, Any]]] = []
        for index, (_parent, _position, node) in enumerate(current):
            for i, child in enumerate(node.get("children") or []):
                following.append((index, i, child))
        current = following


def nodes_in_creation_order(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The document's nodes in the order create_nodes inserts them (so, in id order)."""
    return [node for depth in _levels_of_tree(document["nodes"]) for _p, _i, node in depth]


def create_nodes(
    plan: Plan,
    document: dict[str, Any],
    levels: dict[str, Level],
    statuses: dict[str, Status],
    period: ReportingPeriod | None,
) -> int:
    now = timezone.now()
    count = 0
    previous_ids: list[int] = []
    for depth_nodes in _levels_of_tree(document["nodes"]):
        ids: list[int] = []
        for start in range(0, len(depth_nodes), BATCH):
            chunk = depth_nodes[start : start + BATCH]
            created = Node.objects.bulk_create(
                _node(
                    plan, levels, None if parent is None else previous_ids[parent], position, node
                )
                for parent, position, node in chunk
            )
            ids.extend(n.pk for n in created)
            _details(plan, chunk, created, statuses, period, now)
        count += len(ids)
        previous_ids = ids
    return count


def _node(
    plan: Plan, levels: dict[str, Level], parent_id: int | None, position: int, node: dict[str, Any]
) -> Node:
    return Node(
        plan=plan,
        parent_id=parent_id,
        level=levels[node["level"].strip()],
        ref=_text(node.get("ref")),
        title=_text(node["title"]),
        description=_text(node.get("description")),
        weight=1.0 if node.get("weight") is None else float(node["weight"]),
        position=position,
        goal=_text(node.get("goal")),
        budget=_decimal(node.get("budget")),
        beneficiaries=node.get("beneficiaries"),
        start=fmt.date(node.get("start")),
        end=fmt.date(node.get("end")),
        evaluation_frequency=_text(node.get("evaluation_frequency")),
        alignment=node.get("alignment") or [],
    )


def _details(
    plan: Plan,
    chunk: list[tuple[int | None, int, dict[str, Any]]],
    created: list[Node],
    statuses: dict[str, Status],
    period: ReportingPeriod | None,
    now: dt.datetime,
) -> None:
    responsibles: list[Responsible] = []
    updates: list[tuple[ProgressUpdate, list[str]]] = []
    figures: list[DeclaredFigure] = []
    evidence: list[EvidenceLink] = []
    for (_parent, _position, data), node in zip(chunk, created, strict=True):
        for i, person in enumerate(data.get("responsible") or []):
            responsibles.append(
                Responsible(
                    node=node,
                    name=_text(person.get("name")),
                    job_title=_text(person.get("position")),
                    organization=_text(person.get("organization")),
                    role=person.get("role") or Responsible.Role.RESPONSIBLE,
                    position=i,
                )
            )
        links = [url for url in data.get("evidence") or [] if url.strip()]
        is_leaf = not data.get("children")
        if period is not None and _reports(data) and is_leaf:
            status_text = _text(data.get("status"))
            key = fmt.status_key(status_text)
            update = ProgressUpdate(
                node=node,
                period=period,
                percent=data.get("progress"),
                status=statuses.get(key) if key else None,
                status_text=status_text,
                note=_text(data.get("note")),
                state=ProgressUpdate.State.PUBLISHED,
                is_current=True,
                author_label=DOCUMENT_AUTHOR,
                published_at=now,
            )
            updates.append((update, links))
            continue
        if period is not None and _reports(data):
            figures.append(
                DeclaredFigure(
                    plan=plan,
                    period=period,
                    node=node,
                    value=data.get("progress"),
                    status_text=_text(data.get("status")),
                    note=_text(data.get("note")),
                    source=DOCUMENT_AUTHOR,
                )
            )
        evidence.extend(EvidenceLink(node=node, url=url, position=i) for i, url in enumerate(links))
    Responsible.objects.bulk_create(responsibles)
    DeclaredFigure.objects.bulk_create(figures)
    created_updates = ProgressUpdate.objects.bulk_create(update for update, _links in updates)
    for update, (_update, links) in zip(created_updates, updates, strict=True):
        evidence.extend(
            EvidenceLink(node_id=update.node_id, update=update, url=url, position=i)
            for i, url in enumerate(links)
        )
    EvidenceLink.objects.bulk_create(evidence, batch_size=BATCH)


@transaction.atomic
def load(document: dict[str, Any], slug: str | None = None) -> tuple[Plan, int]:
    plan = create_plan(document, slug)
    levels = create_levels(plan, document)
    statuses = create_statuses(plan)
    period = create_period(plan, document)
    count = create_nodes(plan, document, levels, statuses, period)
    if period is not None:
        # The document's report is a published cut-off that counts what the document stated:
        # every update above was published before this moment.
        period.published_at = timezone.now()
        period.save(update_fields=["published_at"])
    return plan, count
