"""The one read model of a network's published statistics: only figures a member's reviewer
approved, compared across members and periods, with the regional aggregates explained. The
comparison pages, the tidy downloads and `avance stats export` are formatters over it. Reads
only.

A member expected to report (a member during the period) that has no approved figures is
«sin reporte», never zero; a variable whose definition changed between versions is not compared
with its older figures."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from avance.core import statistics
from avance.networks.models import Member, StatsForm, StatsPeriod, Submission
from avance.organizations.models import Organization

PUBLISHED, NO_DATA, NO_REPORT = "publicado", "sin dato", "sin reporte"
TIDY_COLUMNS = ["network", "member", "period", "variable", "disaggregation", "value", "status"]


@dataclass
class Cell:
    value: Any  # a number, True/False, text, or None
    status: str  # PUBLISHED, NO_DATA or NO_REPORT
    rate: float | None = None  # per 1,000 inhabitants


@dataclass
class Column:
    period: StatsPeriod
    form: statistics.Form
    comparable: bool  # the variable means the same as in the form's latest version
    aggregate: statistics.Aggregate | None = None
    expected: int = 0  # members expected to report in the period


class FormFigures:
    """A form's approved figures, loaded once: every period, every member, every value."""

    def __init__(self, form: StatsForm, *, period_key: str | None = None):
        self.stats_form = form
        periods = form.periods.select_related("version").order_by("end", "key")
        if period_key:
            periods = periods.filter(key=period_key)
        self.periods = list(periods)
        self.members = list(
            Member.objects.filter(network_id=form.network_id)
            .select_related("organization")
            .order_by("organization__name", "joined")
        )
        self.values: dict[tuple[int, int], dict[str, Any]] = {
            (period_id, member_id): values
            for period_id, member_id, values in Submission.objects.filter(
                period__in=self.periods, state=Submission.State.APPROVED
            ).values_list("period_id", "member_id", "values")
        }
        self.forms = {
            p.version_id: statistics.read_form(p.version.definition) for p in self.periods
        }
        self._expected: dict[int, list[Member]] = {}
        self._expected_ids: dict[int, set[int]] = {}

    @cached_property
    def latest(self) -> statistics.Form:
        version = self.stats_form.versions.order_by("-number").first()
        assert version is not None
        return statistics.read_form(version.definition)

    def expected(self, period: StatsPeriod) -> list[Member]:
        """The members during the period: those expected to report."""
        if period.pk not in self._expected:
            self._expected[period.pk] = [
                m
                for m in self.members
                if m.joined <= period.end and (m.left is None or m.left >= period.start)
            ]
        return self._expected[period.pk]

    def is_expected(self, period: StatsPeriod, member: Member) -> bool:
        if period.pk not in self._expected_ids:
            self._expected_ids[period.pk] = {m.pk for m in self.expected(period)}
        return member.pk in self._expected_ids[period.pk]

    def cell(self, period: StatsPeriod, member: Member, key: str) -> Cell:
        values = self.values.get((period.pk, member.pk))
        if values is None:
            return Cell(None, NO_REPORT)
        value = values.get(key)
        if value is None:
            return Cell(None, NO_DATA)
        rate = (
            statistics.per_thousand(value, member.population)
            if isinstance(value, int | float) and not isinstance(value, bool)
            else None
        )
        return Cell(value, PUBLISHED, rate)

    def columns(self, code: str) -> list[Column]:
        """One column per period for a variable of the latest version, with its aggregate over
        the members expected in that period."""
        try:
            wanted = self.latest.fingerprint(code)
        except KeyError:
            return []
        out = []
        for period in self.periods:
            form = self.forms[period.version_id]
            try:
                comparable = form.fingerprint(code) == wanted
            except KeyError:
                comparable = False
            column = Column(period, form, comparable, expected=len(self.expected(period)))
            if comparable and form.variable(code).numeric:
                expected = self.expected(period)
                column.aggregate = statistics.aggregate(
                    {m.organization.slug: self.cell(period, m, code).value for m in expected},
                    {m.organization.slug: m.population for m in expected},
                )
            out.append(column)
        return out

    def comparison(self, code: str) -> dict[str, Any]:
        """A variable across members (rows) and periods (columns)."""
        variable = self.latest.variable(code)
        columns = self.columns(code)
        rows = []
        for member in self.members:
            cells: list[Cell | None] = []
            for column in columns:
                if not column.comparable or not self.is_expected(column.period, member):
                    cells.append(None)  # not a member then, or not comparable: shown as «—»
                else:
                    cells.append(self.cell(column.period, member, code))
            if any(cell is not None for cell in cells):
                rows.append({"member": member, "cells": cells})
        return {"variable": variable, "columns": columns, "rows": rows}

    def member_table(self, member: Member) -> list[dict[str, Any]]:
        """Every variable of the latest version for one member, across periods: a broken-down
        variable's total first, then its categories."""
        out = []
        for variable in self.latest.variables:
            breakdown = self.latest.breakdown(variable)
            keys = (
                [(variable.code, "")]
                + [(f"{variable.code}.{code}", label) for code, label in breakdown.categories]
                if breakdown
                else [(variable.code, "")]
            )
            for key, label in keys:
                cells = [
                    self.cell(period, member, key) if self.is_expected(period, member) else None
                    for period in self.periods
                ]
                out.append({"key": key, "variable": variable, "category": label, "cells": cells})
        return out

    def tidy(self, network_slug: str) -> list[dict[str, Any]]:
        """`network, member, period, variable, disaggregation, value, status`: one row per
        expected member, field and period; a member without approved figures has an empty value
        and status «sin reporte»."""
        rows = []
        for period in self.periods:
            form = self.forms[period.version_id]
            fields = [(v.code, v, "") for v in form.variables] + [
                row for row in form.fields() if row[2]
            ]
            for member in self.expected(period):
                for key, variable, category in fields:
                    cell = self.cell(period, member, key)
                    breakdown = form.breakdown(variable)
                    rows.append(
                        {
                            "network": network_slug,
                            "member": member.organization.slug,
                            "period": period.key,
                            "variable": variable.code,
                            "disaggregation": f"{breakdown.code}={category}"
                            if breakdown and category
                            else "",
                            "value": "" if cell.value is None else _tidy_value(cell.value),
                            "status": cell.status,
                        }
                    )
        return rows


def _tidy_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "sí" if value else "no"
    return value


def forms_of(network: Organization) -> list[StatsForm]:
    return list(StatsForm.objects.filter(network=network).order_by("name"))


def tidy_rows(network: Organization, *, period_key: str | None = None) -> list[dict[str, Any]]:
    """The network's published statistics as tidy rows, every form, in a stable order."""
    rows: list[dict[str, Any]] = []
    for form in forms_of(network):
        rows.extend(FormFigures(form, period_key=period_key).tidy(network.slug))
    return rows


def completeness(form: StatsForm) -> list[dict[str, Any]]:
    """Per period: who was expected, who submitted (on time or late), who is approved — for the
    coordinator's view. It reads every state, so it is not for the public."""
    figures = FormFigures(form)
    submissions = {
        (s.period_id, s.member_id): s
        for s in Submission.objects.filter(period__in=figures.periods).select_related("period")
    }
    out = []
    for period in figures.periods:
        rows: list[dict[str, Any]] = [
            {"member": member, "submission": submissions.get((period.pk, member.pk))}
            for member in figures.expected(period)
        ]
        approved = sum(
            1
            for r in rows
            if r["submission"] is not None and r["submission"].state == Submission.State.APPROVED
        )
        out.append({"period": period, "rows": rows, "approved": approved, "expected": len(rows)})
    return out
