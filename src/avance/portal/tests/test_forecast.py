"""«¿Llegará a la meta?» on the public pages, with its explanation wherever its figure is."""

from __future__ import annotations

import re

from avance.plans.models import Node


def _first(cast):
    return cast["plan"].periods.order_by("id").first()


def test_the_dashboard_projects_the_pace_to_the_plans_end_and_explains_it(client, cast):
    plan = cast["plan"]
    page = client.get(f"/planes/{plan.slug}/", {"periodo": _first(cast).key}).text
    assert "¿Llegará a la meta?" in page
    sentence = re.search(
        r"A este ritmo, [\d.]+% al 31 de diciembre de 2025 \(entre [\d.]+% y [\d.]+%\)", page
    )
    assert sentence, page[page.index("forecast") : page.index("forecast") + 600]
    assert "Cómo se estima" in page and "mínimos cuadrados" in page
    assert "1 de enero de 2025: 0%" in page  # the plan's start counts as 0 %
    assert "La fecha de inicio del plan cuenta como 0%." in page


def test_in_english_too(client, cast):
    plan = cast["plan"]
    page = client.get(f"/en/planes/{plan.slug}/", {"periodo": _first(cast).key}).text
    assert "Will it reach the goal?" in page and "At this pace, " in page


def test_a_plan_past_its_end_date_has_nothing_to_project(client, cast):
    page = client.get(f"/planes/{cast['plan'].slug}/").text  # current values, after 2025
    assert "El periodo del plan terminó o su meta se alcanzó" in page


def test_top_level_items_get_their_forecast_and_lower_ones_do_not(client, cast):
    plan, key = cast["plan"], _first(cast).key
    axis = Node.objects.get(plan=plan, title="Eje uno")
    top = client.get(f"/planes/{plan.slug}/elementos/{axis.code.hex}/", {"periodo": key}).text
    assert "¿Llegará a la meta?" in top
    leaf = client.get(f"/planes/{plan.slug}/elementos/{cast['leaf'].code.hex}/", {"periodo": key})
    assert "¿Llegará a la meta?" not in leaf.text
