"""Indicators in the workspace: the officer sees the computed value and semáforo before
submitting, the reviewer approves, the planner publishes, the public page shows it; a goal
change after the period closed is refused with a clear message."""

from __future__ import annotations

import re

from avance.indicators.models import GoalChange, Measurement
from avance.progress.actions import do_change_period


def test_a_measurement_from_entry_to_the_public_page(cast, indicator, login):
    from avance.indicators import actions

    actions.do_set_goal("test", indicator, cast["period"], 80)
    url = f"/trabajo/indicadores/{indicator.code.hex}/medir/"
    officer = login("enlace")
    values = {"var_ATENDIDAS": "36", "var_RECIBIDAS": "50", "narrative": "", "links": ""}
    computed = officer.post(url, {**values, "calcular": "1"}).content.decode()
    # 36 / 50 = 72 %, against 80: 90 % achievement, yellow; nothing stored yet
    assert re.search(r'id="resultado"><strong>72</strong> porcentaje · cumplimiento 90%', computed)
    assert "Amarillo" in computed
    assert "explique el resultado antes de enviarlo" in computed
    assert not Measurement.objects.exists()
    refused = officer.post(url, {**values, "enviar": "1"}).content.decode()
    assert "Explique el resultado: el semáforo no está en verde." in refused
    sent = officer.post(url, {**values, "narrative": "Faltó personal.", "enviar": "1"})
    assert sent.status_code == 302
    measurement = Measurement.objects.get()
    assert measurement.state == "submitted" and measurement.values == {
        "ATENDIDAS": 36.0,
        "RECIBIDAS": 50.0,
    }
    login("revision").post(f"/trabajo/mediciones/{measurement.code.hex}/aprobar/")
    login("planeacion").post(f"/trabajo/mediciones/{measurement.code.hex}/publicar/")
    measurement.refresh_from_db()
    assert measurement.state == "published"
    public = (
        login(None)
        .get(f"/planes/{cast['plan'].slug}/elementos/{cast['leaf'].code.hex}/")
        .content.decode()
    )
    assert "<strong>72</strong> porcentaje · meta 80 · cumplimiento 90%" in public


def test_my_work_lists_what_waits_in_indicators(cast, indicator, login):
    from avance.indicators import actions

    actions.do_set_goal("test", indicator, cast["period"], 80)
    actions.do_record_measurement(
        "test", indicator, cast["period"], {"ATENDIDAS": 45, "RECIBIDAS": 50}, submit=True
    )
    actions.do_request_goal_change("test", indicator, cast["period"], 70, "Ajuste.")
    reviewer = login("revision").get("/trabajo/").content.decode()
    assert "medición de Segundo informe por revisar" in reviewer
    planner = login("planeacion").get("/trabajo/").content.decode()
    assert "cambio de meta de Segundo informe por decidir" in planner


def test_a_late_goal_change_is_refused_with_a_clear_message(cast, indicator, login):
    from avance.indicators import actions

    actions.do_set_goal("test", indicator, cast["period"], 80)
    do_change_period("test", cast["period"], "close")
    officer = login("enlace")
    url = f"/trabajo/indicadores/{indicator.code.hex}/metas/{cast['period'].key}/cambio/"
    response = officer.post(url, {"requested": "60", "justification": "Tarde."}, follow=True)
    assert (
        "El periodo de reporte «Segundo informe» está cerrado; sus metas y resultados ya no "
        "pueden cambiar." in response.content.decode()
    )
    assert not GoalChange.objects.exists()


def test_the_audit_trail_tells_the_indicator_story_in_sentences(cast, indicator, login):
    from avance.indicators import actions

    actions.do_set_goal("planeacion", indicator, cast["period"], 80)
    change = actions.do_request_goal_change("enlace", indicator, cast["period"], 70, "Ajuste.")
    actions.do_decide_goal_change("planeacion", change, "authorise")
    page = login("planeacion").get(f"/trabajo/planes/{cast['plan'].slug}/bitacora/").text
    for sentence in (
        "creó el indicador «C1.A1 Porcentaje de solicitudes atendidas»",
        "fijó una meta de «C1.A1 Porcentaje de solicitudes atendidas»",
        "solicitó modificar una meta de «C1.A1",
        "autorizó una modificación de meta de «C1.A1",
    ):
        assert sentence in page, sentence


def test_the_planner_edits_the_thresholds_and_the_colour_follows(cast, indicator, login):
    from avance.indicators import actions
    from avance.indicators.models import Reading

    actions.do_set_goal("test", indicator, cast["period"], 80)
    m = actions.do_record_measurement(
        "test",
        indicator,
        cast["period"],
        {"ATENDIDAS": 36, "RECIBIDAS": 50},
        narrative="x",
        submit=True,
    )  # 72 against 80: 90 %, yellow with the default thresholds
    actions.do_change_measurement("test", m, "approve")
    actions.do_change_measurement("test", m, "publish")
    url = f"/trabajo/indicadores/{indicator.code.hex}/editar/"
    planner = login("planeacion")
    form = planner.get(url).text
    assert 'name="green"' in form and 'name="yellow"' in form
    response = planner.post(
        url,
        {
            "name": indicator.name,
            "expression": indicator.expression,
            "variables": "ATENDIDAS | Solicitudes atendidas\nRECIBIDAS | Solicitudes recibidas",
            "formula_type": "porcentaje",
            "sentido": "ascending",
            "profile": "ascending",
            "green": "90",
            "yellow": "70",
        },
    )
    assert response.status_code == 302
    assert Reading.objects.get(indicator=indicator).light == "green"
    page = login(None).get(f"/planes/{cast['plan'].slug}/elementos/{cast['leaf'].code.hex}/").text
    assert "verde desde 90% de la meta, amarillo desde 70%, rojo por debajo" in page


def test_a_returned_measurement_comes_back_filled_in(cast, indicator, login):
    from avance.indicators import actions

    actions.do_set_goal("test", indicator, cast["period"], 80)
    m = actions.do_record_measurement(
        "test",
        indicator,
        cast["period"],
        {"ATENDIDAS": 45, "RECIBIDAS": 50},
        evidence=["https://example.org/acta"],
        submit=True,
    )
    actions.do_change_measurement("test", m, "return", "Falta el acta firmada.")
    page = (
        login("enlace")
        .get(f"/trabajo/indicadores/{indicator.code.hex}/medir/?periodo={cast['period'].key}")
        .text
    )
    assert "Comentario de revisión: Falta el acta firmada." in page
    assert 'name="var_ATENDIDAS" value="45.0"' in page
    assert "https://example.org/acta</textarea>" in page
