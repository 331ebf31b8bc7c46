from __future__ import annotations

import pytest

from avance.plans.actions import do_load_plan
from avance.progress.checks import check_plan

pytestmark = pytest.mark.django_db


def test_it_reports_declared_figures_that_the_rollup_contradicts(gold):
    plan = do_load_plan("test", gold["001_80d3eb4fca917cd8"])
    [result] = check_plan(plan)
    found = {d.label.split(" «")[0]: (d.declared, d.computed) for d in result.differences}
    declared, computed = found["Compromiso 1.5"]
    assert declared == 23 and computed == pytest.approx(36.25)
    global_figure = next(d for d in result.differences if d.node is None)
    assert global_figure.declared == 42
    assert result.rollup.method == "mean"


def test_it_finds_nothing_when_figures_agree(document):
    document["report"]["progress"] = 60
    document["nodes"][0]["progress"] = 20
    document["report"]["counts"]["Acción"] = 5
    [result] = check_plan(do_load_plan("test", document))
    assert result.differences == [] and result.counts == []


def test_it_compares_declared_counts(document):
    [result] = check_plan(do_load_plan("test", document))
    assert [(c.level, c.declared, c.found) for c in result.counts] == [("Acción", 6, 5)]
