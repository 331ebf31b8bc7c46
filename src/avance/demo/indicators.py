"""The demo POA's indicators: six of different types, sentidos and profiles, two quarters of
measurements (a red and a yellow result among them), one authorised and one rejected goal
change. Everything goes through the indicator actions, as staff would do it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from avance.audit.log import Actor
from avance.indicators import actions
from avance.plans.models import Node, Plan
from avance.progress.actions import do_open_period

QUARTERS = [
    ("segundo-trimestre-2025", "Segundo trimestre 2025", "2025-04-01", "2025-06-30"),
    ("tercer-trimestre-2025", "Tercer trimestre 2025", "2025-07-01", "2025-09-30"),
]
# (item title starts with, ficha, variables, goals per quarter, values per quarter, narratives)
INDICATORS: list[dict[str, Any]] = [
    {
        "node": "Salud comunitaria cerca de casa",
        "ficha": {
            "key": "C1",
            "name": "Porcentaje de localidades de alta marginación con brigada de salud",
            "definition": "Localidades de alta marginación visitadas por una brigada médica "
            "respecto del total de localidades de alta marginación del municipio.",
            "mir_level": "componente",
            "kind": "estrategico",
            "dimension": "eficacia",
            "formula_type": "porcentaje",
            "method": "(Localidades visitadas / Localidades de alta marginación) × 100",
            "expression": "(VISITADAS / LOCALIDADES) * 100",
            "unit": "Porcentaje",
            "frequency": "Trimestral",
            "accumulated": True,
            "sentido": "ascending",
            "profile": "ascending",
            "baseline": 35.0,
            "baseline_year": 2024,
            "goal": 100.0,
            "reporting_unit": "Dirección de Salud Municipal",
            "assumptions": "Los caminos a las localidades permanecen transitables.",
        },
        "variables": [
            {
                "name": "VISITADAS",
                "description": "Localidades visitadas en el trimestre",
                "source": "Bitácora de brigadas",
            },
            {
                "name": "LOCALIDADES",
                "description": "Localidades de alta marginación",
                "source": "CONAPO, índice de marginación 2020",
                "aggregation": "last",
            },
        ],
        "goals": [50.0, 75.0],
        "values": [{"VISITADAS": 9, "LOCALIDADES": 20}, {"VISITADAS": 6, "LOCALIDADES": 20}],
        "narratives": ["Dos brigadas se suspendieron por lluvias; se reprogramaron.", ""],
    },
    {
        "node": "Brigadas médicas",
        "ficha": {
            "key": "C1.A1",
            "name": "Promedio de consultas por brigada",
            "mir_level": "actividad",
            "kind": "gestion",
            "dimension": "eficiencia",
            "formula_type": "razon",
            "method": "Consultas otorgadas / Brigadas realizadas",
            "expression": "CONSULTAS / BRIGADAS",
            "unit": "Consultas por brigada",
            "frequency": "Trimestral",
            "sentido": "band",
            "profile": "band",
            "reporting_unit": "Dirección de Salud Municipal",
        },
        "variables": [
            {"name": "CONSULTAS", "description": "Consultas otorgadas", "source": "Hojas diarias"},
            {"name": "BRIGADAS", "description": "Brigadas realizadas", "source": "Bitácora"},
        ],
        "goals": [40.0, 40.0],
        "values": [{"CONSULTAS": 410, "BRIGADAS": 10}, {"CONSULTAS": 300, "BRIGADAS": 9}],
        "narratives": ["", "Menos asistencia en temporada de siembra."],
    },
    {
        "node": "Entrega mensual de despensas",
        "ficha": {
            "key": "C2.A1",
            "name": "Costo promedio por despensa entregada",
            "mir_level": "actividad",
            "kind": "gestion",
            "dimension": "economia",
            "formula_type": "razon",
            "method": "Gasto ejercido en despensas / Despensas entregadas",
            "expression": "GASTO / DESPENSAS",
            "unit": "Pesos por despensa",
            "frequency": "Trimestral",
            "sentido": "descending",
            "profile": "descending",
            "reporting_unit": "DIF Municipal",
        },
        "variables": [
            {
                "name": "GASTO",
                "description": "Gasto ejercido",
                "unit": "Pesos",
                "source": "Tesorería municipal",
            },
            {"name": "DESPENSAS", "description": "Despensas entregadas", "source": "Padrón"},
        ],
        "goals": [450.0, 450.0],
        "values": [{"GASTO": 126000, "DESPENSAS": 300}, {"GASTO": 128000, "DESPENSAS": 320}],
        "narratives": ["", ""],
    },
    {
        "node": "Jornadas de salud mental",
        "ficha": {
            "key": "C2.A2",
            "name": "Índice de satisfacción de las y los adolescentes participantes",
            "mir_level": "actividad",
            "kind": "gestion",
            "dimension": "calidad",
            "formula_type": "indice",
            "method": "Suma de calificaciones / Encuestas respondidas (escala de 0 a 10)",
            "expression": "SUMA / ENCUESTAS",
            "unit": "Puntos (0 a 10)",
            "frequency": "Trimestral",
            "sentido": "ascending",
            "profile": "ascending",
        },
        "variables": [
            {"name": "SUMA", "description": "Suma de calificaciones", "source": "Encuesta"},
            {"name": "ENCUESTAS", "description": "Encuestas respondidas", "source": "Encuesta"},
        ],
        "goals": [8.5, 8.5],
        "values": [{"SUMA": 1720, "ENCUESTAS": 200}, {"SUMA": 1600, "ENCUESTAS": 200}],
        "narratives": ["", "Las sesiones se acortaron por el calendario escolar."],
    },
    {
        "node": "Alimentación suficiente",
        "ficha": {
            "key": "C2",
            "name": "Hogares con jefatura femenina en inseguridad alimentaria severa",
            "mir_level": "componente",
            "kind": "estrategico",
            "dimension": "eficacia",
            "formula_type": "absoluto",
            "method": "Hogares del padrón con inseguridad alimentaria severa (escala ELCSA)",
            "expression": "HOGARES",
            "unit": "Hogares",
            "frequency": "Trimestral",
            "sentido": "descending",
            "profile": "descending",
            "baseline": 180.0,
            "baseline_year": 2024,
            "reporting_unit": "DIF Municipal",
        },
        "variables": [
            {
                "name": "HOGARES",
                "description": "Hogares en inseguridad severa",
                "source": "Aplicación trimestral de la ELCSA",
                "aggregation": "last",
            },
        ],
        "goals": [150.0, 120.0],
        "values": [{"HOGARES": 160}, {"HOGARES": 150}],
        "narratives": [
            "Se amplió el padrón con visitas domiciliarias.",
            "Subió el precio de la canasta básica.",
        ],
    },
    {
        "node": "Fondo concursable",
        "ficha": {
            "key": "C3.A1",
            "name": "Convocatoria del fondo concursable publicada",
            "mir_level": "actividad",
            "kind": "gestion",
            "dimension": "eficacia",
            "formula_type": "hito",
            "method": "100 si la convocatoria se publicó en la Gaceta Municipal, 0 si no",
            "expression": "PUBLICADA * 100",
            "unit": "Hito",
            "frequency": "Trimestral",
            "sentido": "ascending",
            "profile": "milestone",
        },
        "variables": [
            {
                "name": "PUBLICADA",
                "description": "1 si se publicó, 0 si no",
                "source": "Gaceta Municipal",
            },
        ],
        "goals": [100.0, 100.0],
        "values": [{"PUBLICADA": 0}, {"PUBLICADA": 1}],
        "narratives": ["El Cabildo aprobó las bases hasta julio.", ""],
    },
]


def load(actor: Actor, plan: Plan, *, officer: Any, reviewer: Actor, planner: Actor) -> None:
    from avance.accounts.actions import do_assign

    periods = [
        do_open_period(
            actor,
            plan,
            key=key,
            label=label,
            start=dt.date.fromisoformat(start),
            end=dt.date.fromisoformat(end),
        )
        for key, label, start, end in QUARTERS
    ]
    made = []
    for spec in INDICATORS:
        node = Node.objects.filter(plan=plan, title__startswith=spec["node"]).order_by("id").first()
        if node is None:
            continue
        ficha = dict(spec["ficha"])
        indicator = actions.do_create_indicator(
            planner,
            node,
            name=ficha.pop("name"),
            expression=ficha.pop("expression"),
            variables=spec["variables"],
            **ficha,
        )
        if not officer.assignments.filter(node=node).exists():
            do_assign(actor, node, officer)  # the officer measures what they are assigned
        for period, goal in zip(periods, spec["goals"], strict=True):
            actions.do_set_goal(planner, indicator, period, goal)
        made.append((indicator, spec))
    # The goal-change requests of the second quarter: one authorised, one rejected.
    costs = next(i for i, s in made if s["ficha"]["key"] == "C2.A1")
    authorised = actions.do_request_goal_change(
        officer, costs, periods[0], 420.0, "El proveedor bajó el precio por volumen."
    )
    actions.do_decide_goal_change(planner, authorised, "authorise")
    homes = next(i for i, s in made if s["ficha"]["key"] == "C2")
    rejected = actions.do_request_goal_change(
        officer, homes, periods[1], 160.0, "La inflación alimentaria encareció la canasta."
    )
    actions.do_decide_goal_change(
        planner, rejected, "reject", "La meta se revisa en la evaluación anual, no a mitad de año."
    )
    for indicator, spec in made:
        for period, values, narrative in zip(
            periods, spec["values"], spec["narratives"], strict=True
        ):
            measurement = actions.do_record_measurement(
                officer, indicator, period, values, narrative=narrative, submit=True
            )
            actions.do_change_measurement(reviewer, measurement, "approve")
            actions.do_change_measurement(planner, measurement, "publish")
