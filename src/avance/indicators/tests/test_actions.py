"""Indicators through their actions: goals, measurements through review, goal-change requests,
and the readings they store."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User

from avance.audit.models import AuditEntry
from avance.core.errors import ActionError
from avance.indicators import actions
from avance.indicators.models import GoalChange, Reading
from avance.progress.actions import do_change_period, do_open_period


def officer():
    return User.objects.get(username="enlace")


def test_it_creates_the_indicator_with_its_variables_and_logs_it(indicator):
    assert [v.name for v in indicator.variables.all()] == ["ATENDIDAS", "RECIBIDAS"]
    entry = AuditEntry.objects.get(action="indicator.create")
    assert entry.after["variables"] == ["ATENDIDAS", "RECIBIDAS"]


@pytest.mark.parametrize(
    ("expression", "variables", "code"),
    [
        ("A ** 2", [], "formula.not_allowed"),
        ("(A / B", [], "formula.syntax"),
        ("", [], "formula.empty"),
    ],
)
def test_a_bad_formula_is_refused_and_nothing_is_written(cast, expression, variables, code):
    with pytest.raises(ActionError) as refused:
        actions.do_create_indicator("t", cast["leaf"], name="X", expression=expression)
    assert refused.value.code == code
    assert not AuditEntry.objects.filter(action="indicator.create").exists()


def test_a_measurement_goes_through_review_and_its_reading_is_stored(cast, indicator):
    period = cast["period"]
    actions.do_set_goal("planeacion", indicator, period, 80)
    measurement = actions.do_record_measurement(
        officer(), indicator, period, {"ATENDIDAS": 45, "RECIBIDAS": 50}, submit=True
    )
    assert actions.preview(measurement).value == 90.0
    assert not Reading.objects.filter(value__isnull=False).exists()  # nothing public yet
    actions.do_change_measurement("revision", measurement, "approve")
    actions.do_change_measurement("planeacion", measurement, "publish")
    reading = Reading.objects.get(indicator=indicator, period=period)
    assert (reading.value, reading.goal, reading.achievement, reading.light) == (
        90.0,
        80.0,
        112.5,
        "green",
    )
    assert reading.inputs == {"ATENDIDAS": 45.0, "RECIBIDAS": 50.0}


def test_a_result_that_is_not_green_needs_a_narrative(cast, indicator):
    actions.do_set_goal("planeacion", indicator, cast["period"], 80)
    with pytest.raises(ActionError) as refused:
        actions.do_record_measurement(
            officer(), indicator, cast["period"], {"ATENDIDAS": 10, "RECIBIDAS": 50}
        )
    assert refused.value.code == "measurement_narrative"
    measurement = actions.do_record_measurement(
        officer(),
        indicator,
        cast["period"],
        {"ATENDIDAS": 10, "RECIBIDAS": 50},
        narrative="Faltó personal.",
    )
    assert actions.preview(measurement).light == "red"


def test_a_division_by_zero_and_missing_values_are_refused(cast, indicator):
    with pytest.raises(ActionError, match=r"division by zero .*RECIBIDAS is 0"):
        actions.do_record_measurement(
            officer(), indicator, cast["period"], {"ATENDIDAS": 1, "RECIBIDAS": 0}
        )
    with pytest.raises(ActionError, match="give a value for RECIBIDAS"):
        actions.do_record_measurement(officer(), indicator, cast["period"], {"ATENDIDAS": 1})


def test_goal_changes_are_requested_decided_and_never_retroactive(cast, indicator):
    period = cast["period"]
    actions.do_set_goal("planeacion", indicator, period, 80)
    with pytest.raises(ActionError, match="request a change instead"):
        actions.do_set_goal("planeacion", indicator, period, 70)
    with pytest.raises(ActionError) as no_reason:
        actions.do_request_goal_change(officer(), indicator, period, 70, " ")
    assert no_reason.value.code == "goal_change_reason"
    change = actions.do_request_goal_change(officer(), indicator, period, 70, "Recorte.")
    actions.do_decide_goal_change("planeacion", change, "authorise")
    goal = indicator.goals.get(period=period)
    assert (goal.original, goal.current) == (80.0, 70.0)
    second = actions.do_request_goal_change(officer(), indicator, period, 10, "Otro recorte.")
    with pytest.raises(ActionError) as no_comment:
        actions.do_decide_goal_change("planeacion", second, "reject")
    assert no_comment.value.code == "goal_change_reject_reason"
    actions.do_decide_goal_change("planeacion", second, "reject", "No se justifica.")
    with pytest.raises(ActionError) as twice:
        actions.do_decide_goal_change("planeacion", second, "authorise")
    assert twice.value.code == "transition"
    assert indicator.goals.get(period=period).current == 70.0
    do_change_period("planeacion", period, "close")
    with pytest.raises(ActionError) as late:
        actions.do_request_goal_change(officer(), indicator, period, 60, "Tarde.")
    assert late.value.code == "goal_change_late"
    assert GoalChange.objects.count() == 2


def test_an_accumulated_indicator_adds_up_published_periods(cast, indicator):
    indicator.accumulated = True
    indicator.save()  # a test shortcut: the editor's action comes with the workspace
    first = cast["period"]
    second = do_open_period(
        "t",
        cast["plan"],
        key="tercero",
        label="Tercer informe",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 6, 30),
    )
    for period, goal, attended in [(first, 50, 20), (second, 50, 30)]:
        actions.do_set_goal("planeacion", indicator, period, goal)
        m = actions.do_record_measurement(
            officer(),
            indicator,
            period,
            {"ATENDIDAS": attended, "RECIBIDAS": 100},
            narrative="avance",
            submit=True,
        )
        actions.do_change_measurement("revision", m, "approve")
        actions.do_change_measurement("planeacion", m, "publish")
    later = Reading.objects.get(indicator=indicator, period=second)
    # (20 + 30) / (100 + 100): both variables are flows here
    assert later.value == 25.0 and later.inputs == {"ATENDIDAS": 50.0, "RECIBIDAS": 200.0}


def test_editing_changes_the_ficha_and_the_readings(cast, indicator):
    period = cast["period"]
    actions.do_set_goal("planeacion", indicator, period, 80)
    m = actions.do_record_measurement(
        officer(), indicator, period, {"ATENDIDAS": 45, "RECIBIDAS": 50}, submit=True
    )
    actions.do_change_measurement("revision", m, "approve")
    actions.do_change_measurement("planeacion", m, "publish")
    actions.do_update_indicator(
        "planeacion", indicator, name="Atención de solicitudes", profile="band"
    )
    reading = Reading.objects.get(indicator=indicator, period=period)
    assert (reading.achievement, reading.light) == (112.5, "yellow")  # 12.5 points off: yellow
    entry = AuditEntry.objects.filter(action="indicator.update").get()
    assert entry.after == {"name": "Atención de solicitudes", "profile": "band"}
    with pytest.raises(ActionError) as kept:
        actions.do_update_indicator(
            "planeacion", indicator, expression="ATENDIDAS", variables=[{"name": "ATENDIDAS"}]
        )
    assert kept.value.code == "variables_measured"
    with pytest.raises(ActionError) as unreadable:
        actions.do_update_indicator("planeacion", indicator, expression="ATENDIDAS **")
    assert unreadable.value.code == "formula.syntax"
    indicator.refresh_from_db()
    assert indicator.expression == "(ATENDIDAS / RECIBIDAS) * 100"
