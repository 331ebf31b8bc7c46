from __future__ import annotations

import importlib.util
import json

import pytest

from avance.core.interchange import validate
from avance.plans.actions import do_load_plan
from avance.plans.export import export_plan
from avance.progress.published import published_periods

pytestmark = pytest.mark.django_db


def scorer(shared):
    spec = importlib.util.spec_from_file_location(
        "score_import", shared / "eval" / "score_import.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def as_documented(plan):
    """The plan as at the document's own report: the cut-off its declared figures belong to."""
    periods = published_periods(plan)
    return export_plan(plan, periods[-1] if periods else None)


def test_it_round_trips_every_gold_plan_with_a_perfect_score(shared, gold):
    score = scorer(shared).score
    results = {}
    for name, document in gold.items():
        plan = do_load_plan("test", document, source=name)
        exported = json.loads(json.dumps(as_documented(plan)))
        validate(exported, name)
        results[name] = score(document, exported)
    combined = {name: r["combined"] for name, r in results.items()}
    assert combined == {name: 1.0 for name in gold}, {n: r["misses"] for n, r in results.items()}
    assert sum(combined.values()) / len(combined) == 1.0


def test_it_exports_a_valid_document_that_loads_back_to_the_same_tree(document):
    plan = do_load_plan("test", document)
    exported = as_documented(plan)
    validate(exported)
    again = as_documented(do_load_plan("test", exported))
    assert again == exported


def test_it_adds_the_computed_figure_beside_the_declared_one(document):
    exported = as_documented(do_load_plan("test", document))
    assert exported["report"]["progress"] == 50
    assert exported["report"]["computed_progress"] == 60
    axis = exported["nodes"][0]
    assert (axis["progress"], axis["computed_progress"]) == (40, 20)
