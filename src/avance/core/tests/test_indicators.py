"""Indicator evaluation: the formula, accumulation, achievement by sentido, «sin información»,
zero goals and the semáforo's edges."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from avance.core.indicators import (
    PROFILES,
    Definition,
    ExpressionError,
    Point,
    evaluate,
    light,
    parse,
)
from avance.core.indicators.evaluation import achievement

RATE = parse("(A / B) * 100")
counts = st.integers(min_value=0, max_value=10_000)
positive = st.floats(min_value=0.01, max_value=1e6, allow_nan=False)


def readings(definition, points, profile="ascending"):
    return evaluate(definition, points, PROFILES[profile])


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("(A / B) * 100", {"A": 25, "B": 200}, 12.5),
        ("((VA_2025 / VA_2024) - 1) * 100", {"VA_2025": 110, "VA_2024": 100}, 10.0),
        ("A × 2 ÷ 4 − 1", {"A": 10}, 4.0),
        ("-A + 3", {"A": 1}, 2.0),
        ("Población_atendida / 4", {"Población_atendida": 8}, 2.0),
    ],
)
def test_it_computes_the_formula(text, values, expected):
    assert parse(text).evaluate(values) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        ("", "empty", "the formula is empty"),
        ("A +", "syntax", "cannot read the formula «A +» at character"),
        ("A ** 2", "not_allowed", "«**» is not allowed in a formula"),
        ("__import__('os').system('x')", "not_allowed", "is not allowed in a formula"),
        ("A.b", "not_allowed", "«A.b» is not allowed"),
        ("'texto'", "not_allowed", "«'texto'» is not allowed"),
        ("A if B else C", "not_allowed", "is not allowed"),
        ("(" * 300 + "A" + ")" * 300, "too_long", "longer than 500 characters"),
        ("A\x00", "syntax", "cannot read the formula"),
    ],
)
def test_it_refuses_what_is_not_a_formula_and_says_why(text, code, message):
    with pytest.raises(ExpressionError, match=re.escape(message)) as e:
        parse(text)
    assert e.value.code == code


def test_division_by_zero_and_missing_variables_say_where():
    with pytest.raises(ExpressionError, match=r"division by zero in «\(A / B\) \* 100»: B is 0"):
        RATE.evaluate({"A": 3, "B": 0})
    with pytest.raises(ExpressionError, match="no value for B in"):
        RATE.evaluate({"A": 3})
    with pytest.raises(ExpressionError, match="too large"):
        parse("A * A * A").evaluate({"A": 1e200})


def test_a_division_by_zero_leaves_the_reading_without_value_and_says_why():
    [reading] = readings(Definition(RATE), [Point("t1", {"A": 1, "B": 0}, 50)])
    assert (reading.value, reading.achievement, reading.light) == (None, None, "")
    assert reading.problem_code == "division_by_zero"


@given(st.lists(st.tuples(counts, counts), min_size=1, max_size=8), positive)
def test_accumulated_adds_flows_up_then_evaluates(pairs, goal):
    flows = parse("A")
    points = [Point(f"p{i}", {"A": a}, goal) for i, (a, _b) in enumerate(pairs)]
    periodic = readings(Definition(flows), points)
    accumulated = readings(Definition(flows, accumulated=True), points)
    running = 0.0
    for (a, _b), one, total in zip(pairs, periodic, accumulated, strict=True):
        running += a
        assert one.value == a and total.value == pytest.approx(running)


@given(st.lists(st.one_of(st.none(), counts), min_size=1, max_size=8))
def test_a_period_without_information_is_not_zero_and_is_skipped(values):
    points = [
        Point(f"p{i}", None if v is None else {"A": v, "B": 100}, 10.0)
        for i, v in enumerate(values)
    ]
    definition = Definition(RATE, accumulated=True, aggregation={"B": "last"})
    running = 0
    for value, reading in zip(values, readings(definition, points), strict=True):
        if value is None:
            assert (reading.value, reading.achievement, reading.light) == (None, None, "")
            assert not reading.informed
        else:
            running += value
            # the stock B is taken at its latest value, not added up
            assert reading.inputs == {"A": running, "B": 100.0}
            assert reading.value == pytest.approx(running)


@given(positive, positive)
def test_ascending_and_descending_mirror_each_other(value, goal):
    up = achievement(value, goal, "ascending")
    down = achievement(value, goal, "descending")
    assert up is not None and down is not None
    assert up * down == pytest.approx(100.0 * 100.0, rel=1e-9)
    # meeting the goal exactly is 100 % either way; doing better is above 100 either way
    assert achievement(goal, goal, "ascending") == pytest.approx(100.0)
    assert achievement(goal, goal, "descending") == pytest.approx(100.0)
    assert (achievement(goal * 2, goal, "ascending") or 0) > 100
    assert (achievement(goal / 2, goal, "descending") or 0) > 100


@pytest.mark.parametrize(
    ("value", "sentido", "expected"),
    [
        (0, "ascending", 100.0),
        (5, "ascending", 100.0),
        (0, "descending", 100.0),
        (3, "descending", 0.0),
        (0, "band", 100.0),
        (3, "band", None),
    ],
)
def test_zero_goals(value, sentido, expected):
    assert achievement(value, 0, sentido) == expected


def test_no_goal_no_colour():
    [reading] = readings(Definition(RATE), [Point("t1", {"A": 1, "B": 2}, None)])
    assert reading.value == 50.0 and reading.achievement is None and reading.light == ""


@pytest.mark.parametrize(
    ("achieved", "expected"),
    [
        (100.0, "green"),
        (95.0, "green"),
        (105.0, "green"),
        (94.99, "yellow"),
        (105.01, "yellow"),
        (85.0, "yellow"),
        (115.0, "yellow"),
        (84.99, "red"),
        (115.01, "red"),
        (None, ""),
    ],
)
def test_band_edges(achieved, expected):
    assert light(achieved, PROFILES["band"]) == expected


@pytest.mark.parametrize(
    ("achieved", "expected"),
    [(150.0, "green"), (100.0, "green"), (99.99, "yellow"), (90.0, "yellow"), (89.99, "red")],
)
def test_one_sided_edges(achieved, expected):
    assert light(achieved, PROFILES["ascending"]) == expected
    assert light(achieved, PROFILES["descending"]) == expected


def test_a_descending_indicator_is_green_below_its_goal():
    incidents = Definition(parse("I"), sentido="descending")
    low, high = readings(
        incidents, [Point("t1", {"I": 8}, 10), Point("t2", {"I": 12}, 10)], "descending"
    )
    assert (low.achievement, low.light) == (125.0, "green")
    assert high.light == "red" and high.achievement == pytest.approx(83.333, rel=1e-3)


def test_a_milestone_is_reached_or_not():
    assert light(100.0, PROFILES["milestone"]) == "green"
    assert light(99.0, PROFILES["milestone"]) == "red"


@given(st.floats(min_value=0, max_value=300, allow_nan=False))
def test_every_informed_reading_with_a_goal_has_exactly_one_colour(achieved):
    for profile in PROFILES.values():
        assert light(achieved, profile) in {"green", "yellow", "red"}
