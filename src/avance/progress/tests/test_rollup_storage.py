from __future__ import annotations

import datetime as dt

import pytest

from avance.audit.models import AuditEntry
from avance.conftest import publish_check_in as publish
from avance.core.errors import ActionError
from avance.plans.actions import do_load_plan, do_set_rollup_method
from avance.plans.models import Node, Status
from avance.progress import rollups
from avance.progress.actions import (
    do_approve_update,
    do_change_period,
    do_open_period,
    do_publish_update,
    do_recompute_rollup,
    do_record_progress,
    do_submit_update,
)
from avance.progress.models import NodeRollup, ProgressUpdate, Rollup

pytestmark = pytest.mark.django_db


def open_period(plan, key="q3", start=dt.date(2025, 7, 1), end=dt.date(2025, 9, 30)):
    return do_open_period("test", plan, key=key, label=key.upper(), start=start, end=end)


def stored(plan, period=None):
    rollup = Rollup.objects.get(plan=plan, period=period)
    values = dict(NodeRollup.objects.filter(rollup=rollup).values_list("node__title", "percent"))
    return rollup.percent, values


def test_publishing_updates_the_path_like_a_full_recompute(document):
    plan = do_load_plan("test", document)
    period = do_open_period(
        "test",
        plan,
        key="q3",
        label="Tercer trimestre",
        start=dt.date(2025, 7, 1),
        end=dt.date(2025, 9, 30),
    )
    update = do_record_progress("officer", Node.objects.get(title="Acción A"), period, percent=80)
    assert stored(plan)[1]["Acción A"] == 20  # a draft changes nothing
    do_submit_update("officer", update)
    with pytest.raises(ActionError, match="publish needs it approved"):
        do_publish_update("planner", update)  # nobody approved it
    do_publish_update("planner", do_approve_update("reviewer", update))
    incremental = stored(plan)
    assert incremental[1]["Acción A"] == 80
    assert incremental[1]["Compromiso uno"] == 70
    do_recompute_rollup("test", plan)
    assert stored(plan) == incremental


def test_an_older_period_published_late_does_not_replace_the_current_value(document):
    plan = do_load_plan("test", document)
    old = open_period(plan, "q0", dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    node = Node.objects.get(title="Acción A")
    publish(node, old, percent=5)
    assert ProgressUpdate.objects.get(node=node, is_current=True).percent == 20


def test_a_period_rollup_is_a_snapshot_as_at_its_cut_off(document):
    plan = do_load_plan("test", document)
    first = plan.periods.get()
    before = stored(plan, first)
    later = open_period(plan)
    publish(Node.objects.get(title="Acción E"), later, percent=0)
    do_recompute_rollup("test", plan, first)
    assert stored(plan, first) == before
    do_change_period("planner", later, "close")
    do_change_period("planner", later, "publish")
    assert stored(plan, later)[1]["Compromiso tres"] == 50


def test_a_late_publication_never_changes_a_published_cut_off(document):
    plan = do_load_plan("test", document)
    q3, q4 = open_period(plan), open_period(plan, "q4", dt.date(2025, 10, 1), dt.date(2025, 12, 31))
    node = Node.objects.get(title="Acción A")
    late = do_approve_update(
        "reviewer", do_record_progress("officer", node, q3, percent=90, submit=True)
    )
    for period in (q3, q4):
        do_change_period("planner", period, "close")
    do_change_period("planner", q4, "publish")
    published_q4 = stored(plan, q4)
    do_publish_update("planner", late)  # approved in Q3, published after Q4's cut-off
    do_recompute_rollup("test", plan, q4)
    assert stored(plan, q4) == published_q4 and published_q4[1]["Acción A"] == 20
    assert stored(plan)[1]["Acción A"] == 90  # the current values count it


def test_a_published_period_never_reopens(document):
    plan = do_load_plan("test", document)
    with pytest.raises(ActionError, match="a published reporting period cannot be reopened"):
        do_change_period("planner", plan.periods.get(), "reopen")
    q3 = open_period(plan)
    with pytest.raises(ActionError, match="publish needs it closed"):
        do_change_period("planner", q3, "publish")


def test_excluded_statuses_and_the_method_come_from_the_plan(document):
    plan = do_load_plan("test", document)
    node = Node.objects.get(title="Acción D")
    cancelled = Status.objects.get(plan=plan, key="cancelado")
    publish(node, open_period(plan), status=cancelled)
    rollup = Rollup.objects.get(plan=plan, period=None)
    assert rollup.excluded == [[Node.objects.get(title="Eje dos").id, "all_excluded"]]
    assert rollup.excluded_statuses == ["cancelado"]
    do_set_rollup_method("planner", plan, "leaves", "zero")
    rollup.refresh_from_db()
    assert rollup.method == "leaves" and rollup.missing == "zero"
    assert AuditEntry.objects.filter(action="plan.rollup_method").exists()


def test_it_refuses_progress_outside_bounds_or_from_another_plan(document):
    plan = do_load_plan("test", document)
    other = do_load_plan("test", document)
    node = Node.objects.filter(plan=plan, title="Acción A").get()
    with pytest.raises(ActionError, match="between 0 and 100"):
        do_record_progress("o", node, open_period(plan), percent=120)
    with pytest.raises(ActionError, match="another plan"):
        do_record_progress("o", node, open_period(other), percent=10)
    with pytest.raises(ActionError, match="not open for check-ins"):
        do_record_progress("o", node, plan.periods.get(key="primer-informe"), percent=10)
    with pytest.raises(ActionError, match="a published progress update cannot be published"):
        do_publish_update("p", ProgressUpdate.objects.filter(node=node).first())


def test_full_and_incremental_agree_on_a_generated_plan():
    from avance.demo import load_generated

    plan = load_generated("test", 300)
    period = open_period(plan, "next", dt.date(2030, 1, 1), dt.date(2030, 3, 31))
    leaves = Node.objects.filter(plan=plan, children__isnull=True).order_by("id")[:5]
    for i, leaf in enumerate(leaves):
        publish(leaf, period, percent=i * 20)
    incremental = stored(plan)
    rollups.store(plan, None, rollups.compute(plan))
    full = stored(plan)
    assert incremental[0] == pytest.approx(full[0])
    for title, percent in full[1].items():
        assert incremental[1][title] == pytest.approx(percent), title
