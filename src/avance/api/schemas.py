"""The API's response and request shapes, defined once: the OpenAPI document is generated from
them and every response is checked against them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema


class ErrorBody(Schema):
    code: str = Field(description="stable, English: not_found, invalid, forbidden, …")
    message: str = Field(description="in the request's language (Accept-Language)")
    field: str | None = Field(None, description="the parameter or body field at fault")


class Error(Schema):
    error: ErrorBody


# Documented on every read: not published or not known, a parameter refused, too many requests.
READ_ERRORS: dict[int, type[Schema]] = {404: Error, 422: Error, 429: Error}


class InstitutionRef(Schema):
    slug: str
    name: str
    acronym: str


class Institution(InstitutionRef):
    kind: str
    parent: str | None = Field(None, description="the institution a unit belongs to (slug)")
    website: str
    url: str = Field(description="its public page")


class Member(InstitutionRef):
    joined: dt.date | None
    population: int | None


class Network(InstitutionRef):
    url: str
    coordinator: InstitutionRef | None
    members: list[Member]
    forms: list[str] = Field(description="slugs of its statistics forms")


class Cutoff(Schema):
    period: str | None = Field(description="the published period's key; null: current values")
    label: str
    date: dt.date | None


class Period(Schema):
    key: str
    label: str
    start: dt.date | None
    end: dt.date | None
    published_at: dt.datetime | None


class PlanSummary(Schema):
    slug: str
    code: str
    title: str
    kind: str
    state: str = Field(description="published or archived")
    institution: InstitutionRef
    unit: str | None
    start: dt.date | None
    end: dt.date | None
    percent: float | None = Field(description="computed progress at current values")
    url: str


class Plan(PlanSummary):
    cutoff: Cutoff
    cutoff_percent: float | None = Field(description="computed progress at the cut-off")
    declared_percent: float | None = Field(description="what the report declared, if any")
    method: str = Field(description="roll-up method: mean, weighted, completed_ratio, leaves")
    missing: str = Field(description="items without a value: zero or excluded")
    periods: list[Period] = Field(description="published periods (cut-offs), oldest first")
    downloads: dict[str, str]


class Exclusion(Schema):
    node: str | None = Field(description="code of the item left out")
    reason: str


class NodeFigures(Schema):
    code: str
    ref: str = Field(description="full reference, «1.1.3»")
    level: str
    title: str
    percent: float | None = Field(description="computed (stored roll-up) at the cut-off")
    inputs: int = Field(description="how many children (or the item itself) were counted")
    excluded: list[Exclusion]
    reported: float | None = Field(description="what the counted update gave")
    status: str
    note: str
    declared: float | None
    update_period: str | None = Field(description="period of the counted update")


class TreeNode(NodeFigures):
    children: list[TreeNode]


class Tree(Schema):
    plan: str
    cutoff: Cutoff
    percent: float | None
    method: str
    nodes: list[TreeNode]


class FlatNode(NodeFigures):
    parent: str | None
    depth: int


class Person(Schema):
    name: str
    position: str
    organization: str
    role: str


class HistoryPoint(Schema):
    period: str | None
    label: str
    percent: float | None
    narrative: str


class NodeDetail(FlatNode):
    cutoff: Cutoff
    narrative: str
    fields: dict[str, Any]
    people: list[Person]
    evidence: list[str]
    history: list[HistoryPoint]


class IndicatorRow(Schema):
    period: str
    goal: float | None
    original_goal: float | None
    value: float | None
    achievement: float | None
    light: str


class Indicator(Schema):
    code: str
    key: str
    name: str
    item: str = Field(description="full reference of its item")
    mir_level: str
    unit: str
    formula: str
    baseline: float | None
    goal: float | None
    rows: list[IndicatorRow]


class StatisticsRow(Schema):
    network: str
    member: str
    period: str
    variable: str
    disaggregation: str
    value: float | int | str | bool | None
    status: str


class Agreement(Schema):
    code: str
    session: dt.date
    ref: str
    text: str
    due: dt.date | None
    status: str
    responsible: list[str]
    note: str
    evidence: str


# Writes --------------------------------------------------------------------------------------


class CheckIn(Schema):
    period: str = Field(description="key of an open reporting period")
    percent: float | None = Field(None, ge=0, le=100)
    status: str | None = Field(None, description="key of one of the plan's statuses")
    status_text: str = Field("", max_length=200)
    narrative: str = Field("", max_length=20000)
    note: str = Field("", max_length=5000)
    evidence: list[str] = Field(default_factory=list, max_length=20)
    submit: bool = Field(True, description="submit for review (else keep as a draft)")


class Measurement(Schema):
    period: str
    values: dict[str, float | None] = Field(description="variable name → value")
    narrative: str = Field("", max_length=20000)
    evidence: list[str] = Field(default_factory=list, max_length=20)
    submit: bool = True


class Figures(Schema):
    values: dict[str, Any] = Field(description="variable code (or code.category) → value")
    submit: bool = True


class Written(Schema):
    code: str
    state: str
    url: str | None = None
