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
        evidence=["https://transparencia.example.org/solicitudes-2025.csv"],
        submit=True,
    )
    return indicator, measurement


def page(client, cast, language="es-mx"):
    prefix = "/en" if language == "en" else ""
    url = f"{prefix}/planes/{cast['plan'].slug}/elementos/{cast['leaf'].code.hex}/"
    return client.get(url).content.decode()


def test_an_unpublished_measurement_does_not_show(cast, client, measured):
    html = page(client, cast)
    assert "Porcentaje de solicitudes atendidas" in html  # the ficha is public
    assert "Aún no hay una medición publicada." in html
    section = html.split('id="indicadores"')[1].split("</section>")[0]
    assert "<strong>54</strong>" not in section and "Amarillo" not in section
    assert "solicitudes-2025.csv" not in section  # its evidence is not public either


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
    assert (
        '<a href="https://transparencia.example.org/solicitudes-2025.csv" '
        'rel="nofollow noopener noreferrer">' in section
    )
    english = page(client, cast, "en").split('id="indicadores"')[1].split("</section>")[0]
    assert "Yellow" in english and "goal 60 · achievement 90%" in english


def test_the_plan_indicators_page_has_the_mir_and_filters_by_colour(cast, client, measured):
    _indicator, measurement = measured
    actions.do_change_measurement("revision", measurement, "approve")
    actions.do_change_measurement("planeacion", measurement, "publish")
    slug = cast["plan"].slug
    assert "Indicadores y matriz de resultados" in client.get(f"/planes/{slug}/").text
    html = client.get(f"/planes/{slug}/indicadores/").text
    mir = html.split('id="mir"')[1].split("</table>")[0]
    assert '<th scope="row">Actividad</th>' in mir and "1.1.1 Acción A" in mir
    assert "SISAI" in mir  # the variable's source is the means of verification
    assert "1 de 1 indicador" in html
    assert "1 de 1 indicador" not in client.get(f"/planes/{slug}/indicadores/?semaforo=rojo").text
    red = client.get(f"/planes/{slug}/indicadores/?semaforo=rojo").text
    assert "0 de 1 indicadores" in red
    yellow = client.get(f"/planes/{slug}/indicadores/?semaforo=amarillo").text
    assert "1 de 1 indicador" in yellow and "Porcentaje de solicitudes atendidas" in yellow


def test_plans_without_indicators_do_not_link_them(cast, client):
    assert "Indicadores y matriz" not in client.get(f"/planes/{cast['plan'].slug}/").text
