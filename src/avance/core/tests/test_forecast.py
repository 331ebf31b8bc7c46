"""The forecast's properties: monotone data, no data, one period, finished plans."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from avance.core.forecast import project

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


@st.composite
def monotone_points(draw, min_size=2):
    days = sorted(draw(st.sets(st.integers(1, 300), min_size=min_size, max_size=8)))
    steps = draw(st.lists(st.floats(0, 20), min_size=len(days), max_size=len(days)))
    total, points = 0.0, []
    for day, step in zip(days, steps, strict=True):
        total = min(total + step, 99.0)
        points.append((START + dt.timedelta(days=day), total))
    return points


@given(monotone_points())
def test_monotone_progress_projects_inside_its_band_and_not_below_the_last_figure(points):
    forecast = project(points, START, END)
    last = points[-1][1]
    assert forecast.status == "projected"
    assert 0 <= forecast.low <= forecast.projected + 1e-9
    assert forecast.projected <= forecast.high + 1e-9 <= 100 + 1e-9
    assert forecast.projected >= last - 1e-9
    assert forecast.pace_per_month >= -1e-9


@given(st.lists(st.tuples(st.dates(START, END), st.floats(0, 100)), max_size=1))
def test_without_two_points_it_says_nothing(points):
    assert project(points, None, END).status == "no_data"


def test_no_end_date_says_nothing():
    points = [(dt.date(2025, 3, 31), 20.0), (dt.date(2025, 6, 30), 40.0)]
    assert project(points, START, None).status == "no_data"


def test_one_period_is_measured_from_the_plans_start_at_zero():
    forecast = project([(dt.date(2025, 7, 10), 50.0)], START, END)
    assert forecast.status == "projected" and forecast.from_start
    assert forecast.inputs == [(START, 0.0), (dt.date(2025, 7, 10), 50.0)]
    assert round(forecast.projected, 1) == 95.8  # 50 % in 190 days, then 174 days more
    assert forecast.low == forecast.high == forecast.projected


def test_a_finished_plan_is_finished():
    done = project([(dt.date(2025, 3, 1), 40.0), (dt.date(2025, 6, 1), 100.0)], START, END)
    assert done.status == "finished" and done.projected == 100.0
    late = project([(dt.date(2025, 6, 1), 40.0), (dt.date(2026, 1, 31), 80.0)], START, END)
    assert late.status == "finished" and late.projected == 80.0
    assert not done.short_of() and not late.short_of()


def test_a_slow_pace_falls_short_of_the_goal():
    forecast = project([(dt.date(2025, 3, 31), 10.0), (dt.date(2025, 6, 30), 20.0)], START, END)
    assert forecast.short_of() and round(forecast.projected) == 40
