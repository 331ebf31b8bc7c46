from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from avance.core.rollup import (
    METHODS,
    REASON_ALL_EXCLUDED,
    REASON_NO_VALUE,
    REASON_STATUS,
    ChildInput,
    Settings,
    TreeError,
    combine,
    rollup,
)

# A small plan: two axes; axis 1 has two actions, axis 2 has one commitment with two actions.
ROWS = [
    ("a1", None, 1, None, None),
    ("x1", "a1", 1, 20, None),
    ("x2", "a1", 3, 60, None),
    ("a2", None, 1, None, None),
    ("c1", "a2", 1, None, None),
    ("x3", "c1", 1, 100, None),
    ("x4", "c1", 1, None, None),
]


def test_it_averages_children_by_default():
    result = rollup(ROWS)
    assert result.percent("a1") == 40
    assert result.percent("c1") == 100  # x4 has no value and is left out
    assert result.percent("a2") == 100
    assert result.total.percent == 70


def test_it_counts_missing_values_as_zero_when_asked():
    result = rollup(ROWS, Settings(missing="zero"))
    assert result.percent("c1") == 50
    assert result.total.percent == pytest.approx((40 + 50) / 2)


def test_it_weights_children():
    result = rollup(ROWS, Settings(method="weighted"))
    assert result.percent("a1") == pytest.approx((20 * 1 + 60 * 3) / 4)


def test_it_computes_the_completed_ratio():
    result = rollup(ROWS, Settings(method="completed_ratio", missing="zero"))
    assert result.percent("c1") == 50  # 1 of 2 actions done
    assert result.percent("a1") == 0


def test_it_averages_all_leaves():
    result = rollup(ROWS, Settings(method="leaves"))
    assert result.total.percent == pytest.approx((20 + 60 + 100) / 3)


def test_it_excludes_statuses_with_their_subtree_and_says_why():
    rows = [*ROWS[:-1], ("x4", "c1", 1, 0, "cancelado")]
    result = rollup(rows, Settings(excluded_statuses=frozenset({"cancelado"})))
    assert result.percent("c1") == 100
    assert ("x4", REASON_STATUS) in result.values[result.index["c1"]].excluded
    explanation = result.explain("c1")
    assert explanation.counted == [("x3", 100.0, 1.0)]
    assert explanation.excluded == [("x4", REASON_STATUS)]
    assert explanation.excluded_statuses == ["cancelado"]


def test_it_leaves_out_a_parent_whose_children_are_all_excluded():
    rows = [
        ("a", None, 1, None, None),
        ("x", "a", 1, 50, "cancelado"),
        ("b", None, 1, None, None),
        ("y", "b", 1, 80, None),
    ]
    result = rollup(rows, Settings(missing="zero", excluded_statuses=frozenset({"cancelado"})))
    assert result.percent("a") is None
    assert ("a", REASON_ALL_EXCLUDED) in result.total.excluded
    assert result.total.percent == 80


def test_it_explains_missing_values():
    result = rollup(ROWS)
    assert result.explain("c1").excluded == [("x4", REASON_NO_VALUE)]
    assert result.explain(None).method == "mean"


def test_it_refuses_unknown_parents_and_cycles():
    with pytest.raises(TreeError, match="unknown parent"):
        rollup([("a", "zz", 1, None, None)])
    with pytest.raises(TreeError, match="cycle"):
        rollup([("a", "b", 1, None, None), ("b", "a", 1, None, None)])


def test_it_refuses_unknown_methods():
    with pytest.raises(ValueError, match="unknown roll-up method"):
        Settings(method="median")


def test_it_handles_an_empty_plan():
    assert rollup([]).total.percent is None


def test_it_handles_a_deep_chain_without_recursion():
    depth = 50_000
    rows = [(0, None, 1, None, None)] + [(i, i - 1, 1, None, None) for i in range(1, depth)]
    rows[-1] = (depth - 1, depth - 2, 1, 42, None)
    result = rollup(rows)
    assert result.percent(0) == 42


# Properties -------------------------------------------------------------------------------------

percents = st.one_of(st.none(), st.floats(min_value=-50, max_value=150, allow_nan=False))
weights = st.sampled_from([0, 0, 0.5, 1, 2, 5])
statuses = st.sampled_from([None, None, None, "ok", "cancelado"])


@st.composite
def trees(draw, max_size=40):
    size = draw(st.integers(min_value=1, max_value=max_size))
    rows = []
    for i in range(size):
        parent = None if i == 0 or (draw(st.booleans()) and i < 3) else draw(st.integers(0, i - 1))
        rows.append((i, parent, draw(weights), draw(percents), draw(statuses)))
    return rows


all_settings = st.builds(
    Settings,
    method=st.sampled_from(METHODS),
    missing=st.sampled_from(["skip", "zero"]),
    excluded_statuses=st.sampled_from([frozenset(), frozenset({"cancelado"})]),
)


@given(trees(), all_settings)
def test_every_figure_is_within_bounds(rows, config):
    result = rollup(rows, config)
    for value in [*result.values, result.total]:
        assert value.percent is None or 0 <= value.percent <= 100


@given(trees(), all_settings, st.randoms(use_true_random=False))
def test_the_order_of_rows_does_not_matter(rows, config, rnd):
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    a, b = rollup(rows, config), rollup(shuffled, config)
    assert (
        a.total.percent == pytest.approx(b.total.percent)
        if a.total.percent is not None
        else b.total.percent is None
    )
    for node_id, percent in a.as_dict().items():
        other = b.percent(node_id)
        assert (percent is None and other is None) or percent == pytest.approx(other)


@given(percents, weights, st.sampled_from(["mean", "weighted", "leaves"]), st.integers(1, 30))
def test_a_parent_with_one_child_equals_it_at_any_depth(percent, weight, method, depth):
    rows = [(0, None, 1, None, None)] + [(i, i - 1, weight, None, None) for i in range(1, depth)]
    rows.append((depth, depth - 1, weight, percent, None))
    result = rollup(rows, Settings(method=method))
    leaf = result.percent(depth)
    if leaf is None:
        assert result.percent(0) is None and result.total.percent is None
    else:
        assert result.percent(0) == pytest.approx(leaf)
        assert result.total.percent == pytest.approx(leaf)


@given(st.lists(st.floats(0, 100), min_size=2, max_size=10), st.floats(0, 100))
def test_a_child_with_zero_weight_does_not_move_a_weighted_parent(values, other):
    rows = [("p", None, 1, None, None)] + [(i, "p", 1, v, None) for i, v in enumerate(values)]
    before = rollup([*rows, ("z", "p", 0, 0, None)], Settings(method="weighted")).percent("p")
    after = rollup([*rows, ("z", "p", 0, other, None)], Settings(method="weighted")).percent("p")
    assert before == pytest.approx(after)


@given(st.lists(st.floats(0, 100), min_size=1, max_size=10))
def test_all_zero_weights_fall_back_to_the_mean(values):
    rows = [("p", None, 1, None, None)] + [(i, "p", 0, v, None) for i, v in enumerate(values)]
    assert rollup(rows, Settings(method="weighted")).percent("p") == pytest.approx(
        sum(values) / len(values)
    )


@given(trees(), all_settings)
def test_an_excluded_status_never_changes_its_parent(rows, config):
    config = Settings(config.method, config.missing, frozenset({"cancelado"}))
    result = rollup(rows, config)
    changed = [
        (i, p, w, (v or 0) + 7, s) if s == "cancelado" else (i, p, w, v, s)
        for i, p, w, v, s in rows
    ]
    other = rollup(changed, config)
    assert result.total.percent == other.total.percent


@given(trees(), all_settings)
@settings(max_examples=60)
def test_combine_agrees_with_the_full_pass(rows, config):
    """The single-node step used by incremental updates gives the full pass's figures."""
    result = rollup(rows, config)
    for i, node_id in enumerate(result.ids):
        kids = result.children_of(node_id)
        if not kids:
            continue
        children = [result.child(k) for k in kids]
        assert (
            combine(children, config).percent == pytest.approx(result.values[i].percent)
            if result.values[i].percent is not None
            else combine(children, config).percent is None
        )


def test_it_scales_linearly_on_a_wide_random_tree():
    rnd = random.Random(1)
    rows = [
        (i, None if i < 10 else rnd.randrange(0, i), 1, rnd.random() * 100, None)
        for i in range(20_000)
    ]
    result = rollup(rows)
    assert len(result.values) == 20_000


def test_combine_of_no_children_has_no_value():
    assert combine([], Settings()).percent is None
    leaf = ChildInput("x", 1.0, None, True, rollup([("x", None, 1, 30, None)]).values[0])
    assert combine([leaf], Settings()).percent == 30
