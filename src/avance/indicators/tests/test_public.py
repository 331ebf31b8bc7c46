"""Indicators on the public item page: ficha, goals (approved and current, with the authorised
change and its justification), published readings with their colour in words, and the profile
explained beside it. Nothing unpublished shows."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from avance.indicators import actions


@pytest.fixture
def measured(cast, indicator):
    period = cast["period"]
    actions.do_set_goal("planeacion", indicator, period, 80)
    change = actions.do_request_goal_change(
        User.objects.get(username="enlace"), indicator, period, 60, "Recorte presupuestal."
    )
    actions.do_decide_goal_change("planeacion", change, "authorise")
    measurement = actions.do_record_measurement(
        User.objects.get(username="enlace"),
        indicator,
        period,
        {"ATENDIDAS": 27, "RECIBIDAS": 50},
        narrative="Faltó personal.",
        submit=True,
    )
    return indicator, measurement


def page(client, cast, language="es-mx"):
    client.cookies["django_language"] = language
    url = f"/planes/{cast['plan'].slug}/elementos/{cast['leaf'].code.hex}/"
    return client.get(url).content.decode()


def test_an_unpublished_measurement_does_not_show(cast, client, measured):
    html = page(client, cast)
    assert "Porcentaje de solicitudes atendidas" in html  # the ficha is public
    assert "Aún no hay una medición publicada." in html
    assert "54" not in html.split('id="indicadores"')[1].split("</section>")[0]


def test_a_published_reading_shows_with_its_colour_goal_and_change(cast, client, measured):
    _indicator, measurement = measured
    actions.do_change_measurement("revision", measurement, "approve")
    actions.do_change_measurement("planeacion", measurement, "publish")
    html = page(client, cast)
    section = html.split('id="indicadores"')[1].split("</section>")[0]
    # 27 / 50 = 54 %, against the current goal of 60: 90 % achievement, yellow
    assert "<strong>54</strong> porcentaje · meta 60 · cumplimiento 90%" in section
    assert "Amarillo" in section
    assert "verde desde 100% de la meta, amarillo desde 90%, rojo por debajo" in section
    assert "Segundo informe: 80 → 60 — Recorte presupuestal." in section
    assert "<code>(ATENDIDAS / RECIBIDAS) * 100</code>" in section
    english = page(client, cast, "en").split('id="indicadores"')[1].split("</section>")[0]
    assert "Yellow" in english and "goal 60 · achievement 90%" in english
