"""One published truth: random sequences of check-ins, returns, corrections, approvals,
publications and period changes, and after every step every public surface gives the same figure
for every item and the plan, at every cut-off (current values and each published period).

Surfaces: the dashboard, the item pages, the table, the JSON, CSV and XLSX downloads and the
progress report as PDF (its text through pdftotext). The read model itself is checked against a
fresh full roll-up, and a published period's figures never change once it is published.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from avance.conftest import small_document
from avance.core.errors import ActionError
from avance.core.interchange import nodes_of
from avance.plans.actions import do_load_plan, do_publish_plan
from avance.plans.models import Node
from avance.progress import actions, rollups
from avance.progress.models import ProgressUpdate, ReportingPeriod
from avance.progress.published import as_at
from avance.reports.charts import fmt
from avance.reports.formats import render

pytestmark = pytest.mark.django_db(transaction=False)

PERIODS = [
    ("t1", "Primer trimestre", dt.date(2025, 1, 1), dt.date(2025, 3, 31)),
    ("t2", "Segundo trimestre", dt.date(2025, 4, 1), dt.date(2025, 6, 30)),
    ("t3", "Tercer trimestre", dt.date(2025, 7, 1), dt.date(2025, 9, 30)),
]


def _pdftotext(pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "informe.pdf"
        path.write_bytes(pdf)
        done = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        )
    return done.stdout


def _shown(value: Any) -> str:
    """A data file's number as the pages show it."""
    return fmt(None if value in (None, "") else float(value))


class PublishedTruth(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.savepoint = transaction.savepoint_create()
        self.client = Client()
        self.frozen: dict[str, dict[str, str]] = {}  # period key → figures when first seen

    @initialize()
    def plan_with_an_open_period(self) -> None:
        document = small_document(report=None)
        for node in nodes_of(document["nodes"]):
            for key in ("progress", "status", "note", "evidence"):
                node.pop(key, None)
        self.plan = do_publish_plan("planner", do_load_plan("planner", document))
        self.leaves = list(Node.objects.filter(plan=self.plan, children__isnull=True))
        self.opened = 0
        self.open_period()

    def teardown(self) -> None:
        transaction.savepoint_rollback(self.savepoint)

    # Steps ------------------------------------------------------------------------------------

    def _updates(self, state: str) -> list[ProgressUpdate]:
        return list(ProgressUpdate.objects.filter(node__plan=self.plan, state=state).order_by("id"))

    def _periods(self, state: str) -> list[ReportingPeriod]:
        return list(ReportingPeriod.objects.filter(plan=self.plan, state=state).order_by("id"))

    @rule(data=st.data(), percent=st.integers(0, 100))
    def check_in(self, data: st.DataObject, percent: int) -> None:
        periods = self._periods("open")
        if not periods:
            return
        leaf = data.draw(st.sampled_from(self.leaves))
        period = data.draw(st.sampled_from(periods))
        actions.do_record_progress("officer", leaf, period, percent=percent, submit=True)

    @rule(data=st.data())
    def return_one(self, data: st.DataObject) -> None:
        if submitted := self._updates("submitted"):
            update = data.draw(st.sampled_from(submitted))
            actions.do_return_update("reviewer", update, "falta evidencia")

    @rule(data=st.data(), percent=st.integers(0, 100))
    def correct_one(self, data: st.DataObject, percent: int) -> None:
        if returned := self._updates("returned"):
            update = data.draw(st.sampled_from(returned))
            actions.do_correct_update("officer", update, percent=percent, status=None)

    @rule(data=st.data())
    def approve_one(self, data: st.DataObject) -> None:
        if submitted := self._updates("submitted"):
            actions.do_approve_update("reviewer", data.draw(st.sampled_from(submitted)))

    @rule(data=st.data())
    def publish_one(self, data: st.DataObject) -> None:
        if approved := self._updates("approved"):
            actions.do_publish_update("planner", data.draw(st.sampled_from(approved)))

    @rule(data=st.data())
    def refuse_publishing_what_nobody_approved(self, data: st.DataObject) -> None:
        if submitted := self._updates("submitted"):
            update = data.draw(st.sampled_from(submitted))
            with pytest.raises(ActionError, match="publish needs it approved"):
                actions.do_publish_update("planner", update)

    @rule(data=st.data())
    def close_a_period(self, data: st.DataObject) -> None:
        if periods := self._periods("open"):
            actions.do_change_period("planner", data.draw(st.sampled_from(periods)), "close")

    @rule(data=st.data())
    def publish_a_period(self, data: st.DataObject) -> None:
        if periods := self._periods("closed"):
            actions.do_change_period("planner", data.draw(st.sampled_from(periods)), "publish")

    # Shortcuts through whole lifecycles, so that short runs reach published cut-offs and then
    # change the current values after them (each step is still a sequence of the actions above).

    @rule(data=st.data(), percent=st.integers(0, 100))
    def report_and_publish(self, data: st.DataObject, percent: int) -> None:
        if periods := self._periods("open"):
            leaf = data.draw(st.sampled_from(self.leaves))
            update = actions.do_record_progress(
                "officer", leaf, periods[-1], percent=percent, submit=True
            )
            actions.do_approve_update("reviewer", update)
            actions.do_publish_update("planner", update)

    @rule()
    def close_and_publish_the_oldest_open_period(self) -> None:
        if periods := self._periods("open"):
            actions.do_change_period("planner", periods[0], "close")
            actions.do_change_period("planner", periods[0], "publish")
            self.open_period()

    @rule()
    def open_period(self) -> None:
        if self.opened < len(PERIODS):
            key, label, start, end = PERIODS[self.opened]
            actions.do_open_period("planner", self.plan, key=key, label=label, start=start, end=end)
            self.opened += 1

    # What must hold after every step ----------------------------------------------------------

    @invariant()
    def every_surface_gives_the_same_figures(self) -> None:
        if not hasattr(self, "plan"):
            return
        for period in [None, *self._periods("published")]:
            view = as_at(self.plan, period, details=True)
            expected = {row.code: fmt(row.percent) for row in view.rows.values()}
            expected["plan"] = fmt(view.percent)
            self._check_against_a_full_rollup(view, period)
            self._check_frozen(period, expected)
            query = {"periodo": period.key} if period else {}
            self._check_pages(view, expected, query)
            self._check_files(view, expected, query)
            self._check_api(view, expected, period)
            self._check_pdf(view, expected, period)

    def _check_against_a_full_rollup(self, view: Any, period: ReportingPeriod | None) -> None:
        fresh = rollups.compute(self.plan, period)
        assert fmt(fresh.total.percent) == fmt(view.percent)
        for row in view.rows.values():
            assert fmt(fresh.percent(row.id)) == fmt(row.percent), row.label

    def _check_frozen(self, period: ReportingPeriod | None, expected: dict[str, str]) -> None:
        if period is None:
            return
        first = self.frozen.setdefault(period.key, expected)
        assert first == expected, f"the published cut-off {period.key} changed"

    def _check_pages(self, view: Any, expected: dict[str, str], query: dict[str, str]) -> None:
        base = f"/planes/{self.plan.slug}/"
        page = self.client.get(base, query).text
        assert f'id="global">{expected["plan"]}<' in page
        assert view.cutoff.label in page
        for row in view.top:
            card = page.split(f'data-code="{row.code}"', 1)[1]
            assert f'class="figure">{expected[row.code]}<' in card.split("</li>", 1)[0]
        table = self.client.get(f"{base}tabla/", query).text
        for code, cells in re.findall(r'<tr data-code="(\w+)">(.*?)</tr>', table, re.S):
            shown = re.search(r'<td class="num">.*?</svg> ([^<]+)</td>', cells, re.S)
            assert shown is not None and shown.group(1) == expected[code], code
        assert table.count("<tr data-code=") == len(view.rows)
        for row in view.rows.values():
            item = self.client.get(f"{base}elementos/{row.code}/", query).text
            assert f'class="figure">{expected[row.code]}<' in item, row.label

    def _check_files(self, view: Any, expected: dict[str, str], query: dict[str, str]) -> None:
        base = f"/planes/{self.plan.slug}/descargas/plan"
        codes = [row.code for row in view.ordered()]
        data = json.loads(self.client.get(f"{base}.json", query).content)
        assert _shown(data["cutoff"].get("computed_progress")) == expected["plan"]
        nodes = nodes_of(data["nodes"])
        assert [_shown(n.get("computed_progress")) for n in nodes] == [expected[c] for c in codes]
        text = self.client.get(f"{base}.csv", query).content.decode()
        rows = list(csv.DictReader(io.StringIO(text)))
        assert [_shown(r["computed_progress"]) for r in rows] == [expected[c] for c in codes]
        assert {r["cutoff"] for r in rows} <= {view.cutoff.label}
        book = openpyxl.load_workbook(io.BytesIO(self.client.get(f"{base}.xlsx", query).content))
        sheet = list(book["nodes"].iter_rows(values_only=True))
        column = sheet[0].index("computed_progress")
        assert [_shown(r[column]) for r in sheet[1:]] == [expected[c] for c in codes]
        fields = {row[0]: row[1] for row in book["plan"].iter_rows(values_only=True)}
        assert _shown(json.loads(fields["cutoff"]).get("computed_progress")) == expected["plan"]

    def _check_api(self, view: Any, expected: dict[str, str], period: Any) -> None:
        query = {"period": period.key} if period else {}
        tree = self.client.get(f"/api/v1/plans/{self.plan.slug}/tree", query).json()
        assert _shown(tree["percent"]) == expected["plan"]
        assert tree["cutoff"]["label"] == view.cutoff.label
        nodes = nodes_of(tree["nodes"])
        codes = [row.code for row in view.ordered()]
        assert [uuid.UUID(n["code"]).hex for n in nodes] == [uuid.UUID(c).hex for c in codes]
        assert [_shown(n["percent"]) for n in nodes] == [expected[c] for c in codes]
        plan = self.client.get(f"/api/v1/plans/{self.plan.slug}", query).json()
        assert _shown(plan["cutoff_percent"]) == expected["plan"]

    def _check_pdf(self, view: Any, expected: dict[str, str], period: Any) -> None:
        text = _pdftotext(render(self.plan, "pdf", period=period))
        flat = " ".join(text.split())
        assert f"{expected['plan']} Avance global" in flat
        assert " ".join(view.cutoff.label.split()) in flat
        for row in view.ordered():
            line = next(line for line in text.splitlines() if row.title in line)
            assert expected[row.code] in line, (row.label, line)


def test_every_surface_shows_one_published_truth():
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed (.ci/run installs it)")
    PublishedTruth.TestCase.settings = settings(
        max_examples=5,
        stateful_step_count=12,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    PublishedTruth.TestCase().runTest()
