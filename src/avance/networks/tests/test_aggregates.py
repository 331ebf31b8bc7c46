"""Property: for any figures and any members missing, the comparison's regional total, median
and rate per 1,000 equal a direct computation over the tidy export, and a member without
approved figures is never a zero."""

from __future__ import annotations

import statistics

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from avance.networks import actions, figures
from avance.networks.models import Submission

# per member A, B, C: None (no report), "submitted" (sent, not approved) or a figure
outcome = st.one_of(st.none(), st.just("submitted"), st.integers(min_value=0, max_value=50_000))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.tuples(outcome, outcome, outcome))
def test_aggregates_match_the_tidy_export_and_missing_is_never_zero(red, outcomes):
    Submission.objects.all().delete()
    period = red["period"]
    for name, value in zip("ABC", outcomes, strict=True):
        if value is None:
            continue
        figure = 7 if value == "submitted" else value
        sent = actions.do_save_figures(
            "test",
            period,
            red["members"][name],
            {"REC": str(figure), "ATE": "0", "CAP.mujeres": "1", "CAP.hombres": "1"},
            submit=True,
        )
        if value != "submitted":
            actions.do_approve_figures("test", sent)

    rows = [r for r in figures.tidy_rows(red["network"]) if r["variable"] == "REC"]
    published = {r["member"]: r["value"] for r in rows if r["status"] == "publicado"}
    missing = {r["member"] for r in rows if r["status"] == "sin reporte"}
    assert all(r["value"] == "" for r in rows if r["status"] == "sin reporte")
    assert len(published) + len(missing) == 3
    populations = {m.organization.slug: m.population for m in red["members"].values()}

    column = figures.FormFigures(red["form"]).columns("REC")[0]
    aggregate = column.aggregate
    assert set(aggregate.missing) == missing
    if not published:
        assert (aggregate.total, aggregate.median, aggregate.rate) == (None, None, None)
        return
    assert aggregate.total == sum(published.values())
    assert aggregate.median == statistics.median(published.values())
    rated = [m for m in published if populations[m]]
    if rated:
        direct = sum(published[m] for m in rated) * 1000 / sum(populations[m] for m in rated)
        assert aggregate.rate == pytest.approx(direct)
    else:
        assert aggregate.rate is None
