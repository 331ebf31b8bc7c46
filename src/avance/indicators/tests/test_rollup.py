"""A plan may take an item's progress from its indicators' achievement, through the same stored
and explained roll-up."""

from __future__ import annotations

import pytest

from avance.indicators import actions
from avance.plans.actions import do_set_rollup_method
from avance.progress.models import NodeRollup, Rollup


def publish(cast, indicator, attended, received=50):
    measurement = actions.do_record_measurement(
        "enlace",
        indicator,
        cast["period"],
        {"ATENDIDAS": attended, "RECIBIDAS": received},
        narrative="resultado",
        submit=True,
    )
    actions.do_change_measurement("revision", measurement, "approve")
    actions.do_change_measurement("planeacion", measurement, "publish")


def leaf_percent(cast):
    return NodeRollup.objects.get(
        rollup__plan=cast["plan"], rollup__period=None, node=cast["leaf"]
    ).percent


def test_off_by_default_the_item_keeps_its_own_progress(cast, indicator):
    actions.do_set_goal("planeacion", indicator, cast["period"], 80)
    before = leaf_percent(cast)
    publish(cast, indicator, 36)
    assert leaf_percent(cast) == before == 20.0  # «Acción A» reported 20 % in the document


@pytest.mark.parametrize(("setting", "expected"), [("capped", 90.0), ("uncapped", 96.25)])
def test_the_item_takes_its_indicators_achievement(cast, indicator, setting, expected):
    second = actions.do_create_indicator(
        "planeacion", cast["leaf"], name="Quejas atendidas", expression="Q"
    )
    for each, goal in ((indicator, 80), (second, 10)):
        actions.do_set_goal("planeacion", each, cast["period"], goal)
    plan = cast["plan"]
    do_set_rollup_method("planeacion", plan, plan.rollup_method, indicators=setting)
    publish(cast, indicator, 45)  # 90 % against 80: 112.5 %
    measurement = actions.do_record_measurement(
        "enlace", second, cast["period"], {"Q": 8}, narrative="resultado", submit=True
    )  # 8 against 10: 80 %
    actions.do_change_measurement("revision", measurement, "approve")
    actions.do_change_measurement("planeacion", measurement, "publish")
    # capped: (100 + 80) / 2; uncapped: (112.5 + 80) / 2 — the item itself never above 100
    assert leaf_percent(cast) == expected
    assert Rollup.objects.get(plan=plan, period=None).percent is not None


def test_the_footnote_says_so(cast, indicator, client):
    plan = cast["plan"]
    do_set_rollup_method("planeacion", plan, plan.rollup_method, indicators="capped")
    page = client.get(f"/planes/{plan.slug}/").text
    assert (
        "Los elementos con indicadores toman como avance el cumplimiento promedio de los "
        "últimos resultados publicados de sus indicadores, cada uno contado hasta 100%." in page
    )
