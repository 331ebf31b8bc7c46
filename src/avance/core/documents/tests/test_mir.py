"""A MIR workbook (one row per objective, with its indicator, method, unit, frequency, baseline,
goal, means of verification and assumptions) imports as a plan whose items carry indicators."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from avance.core.documents.importer import import_file
from avance.core.interchange import nodes_of, validate

HEADER = [
    "Nivel",
    "Resumen narrativo",
    "Indicador",
    "Método de cálculo",
    "Unidad de medida",
    "Frecuencia de medición",
    "Línea base",
    "Meta",
    "Sentido",
    "Medios de verificación",
    "Supuestos",
]
ROWS = [
    ["Fin", "Contribuir a reducir el rezago educativo", "Grado promedio de escolaridad",
     "Años aprobados / Población de 15 años y más", "Años", "Quinquenal", "9.1", "9.6",
     "Ascendente", "Censo de Población, INEGI", "La economía estatal crece"],
    ["Propósito", "Las personas adultas concluyen la educación básica",
     "Tasa de conclusión de secundaria", "(Concluyen / Inscritos) * 100", "Porcentaje", "Anual",
     "", "65", "Ascendente", "Sistema de acreditación", "Las personas permanecen en el programa"],
    ["Componente", "C1 Círculos de estudio operando", "Porcentaje de círculos en operación",
     "(Operando / Programados) * 100", "Porcentaje", "Trimestral", "80", "95", "Ascendente",
     "Reportes de coordinaciones", "Hay asesores disponibles"],
    ["", "", "Costo por círculo de estudio", "Gasto / Círculos", "Pesos", "Trimestral", "1200",
     "1000", "Descendente", "Cuenta pública", ""],
    ["Actividad", "C1.A1 Capacitar a asesores", "Asesores capacitados",
     "Asesores capacitados en el periodo", "Personas", "Trimestral", "0", "120", "Ascendente",
     "Listas de asistencia", "Los asesores acuden"],
]  # fmt: skip


def mir_workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Matriz de Indicadores para Resultados 2025"])
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    book.save(path)
    return path


def test_a_mir_workbook_gives_each_objective_its_indicators(tmp_path):
    document, _warnings = import_file(mir_workbook(tmp_path / "mir.xlsx"))
    validate(document, "mir.xlsx")
    nodes = list(nodes_of(document["nodes"]))
    assert [n["level"] for n in nodes] == ["Fin", "Propósito", "Componente", "Actividad"]
    fin, purpose, component, activity = nodes
    [indicator] = fin["indicators"]
    assert indicator == {
        "name": "Grado promedio de escolaridad",
        "mir_level": "fin",
        "method": "Años aprobados / Población de 15 años y más",
        "unit": "Años",
        "frequency": "Quinquenal",
        "baseline": 9.1,
        "goal": 9.6,
        "sentido": "ascending",
        "assumptions": "La economía estatal crece",
        "variables": [{"name": "VALOR", "source": "Censo de Población, INEGI"}],
    }
    assert "baseline" not in purpose["indicators"][0]
    # the row without an objective is a second indicator of the component above it
    assert [i["name"] for i in component["indicators"]] == [
        "Porcentaje de círculos en operación",
        "Costo por círculo de estudio",
    ]
    assert component["indicators"][1]["sentido"] == "descending"
    assert activity["ref"] == "C1.A1" and activity["indicators"][0]["mir_level"] == "actividad"


def test_tables_without_a_level_column_keep_indicators_as_their_items(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Objetivo", "Indicador", "Meta"])
    for objective, indicator, goal in [
        ("Calidad", "Programas acreditados", "100"),
        ("", "Profesores con posgrado", "80"),
        ("Cobertura", "Matrícula", "1570"),
        ("", "Egresados en posgrado", "10"),
    ]:
        sheet.append([objective, indicator, goal])
    path = tmp_path / "indicadores.xlsx"
    book.save(path)
    document, _warnings = import_file(path)
    titles = [n["title"] for n in nodes_of(document["nodes"])]
    assert "Programas acreditados" in titles and "Matrícula" in titles
    assert not any(n.get("indicators") for n in nodes_of(document["nodes"]))


def test_a_mapping_names_the_indicator_columns_of_another_layout(tmp_path):
    import csv
    import json

    path = tmp_path / "programa.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["Eje", "Objetivo", "KPI", "Cálculo", "Valor inicial", "Objetivo 2025", "Fuente"]
        )
        writer.writerow(
            [
                "Salud",
                "Reducir la espera",
                "Días de espera",
                "Promedio de días",
                "12",
                "8",
                "Expediente",
            ]
        )
        writer.writerow(
            ["Salud", "Ampliar la cobertura", "Personas afiliadas", "Conteo", "", "5000", ""]
        )
    mapping = tmp_path / "mapa.json"
    mapping.write_text(
        json.dumps(
            {
                "title": "Programa",
                "levels": [
                    {"label": "Eje", "column": "Eje"},
                    {"label": "Objetivo", "column": "Objetivo"},
                ],
                "indicator": {
                    "name": "KPI",
                    "method": "Cálculo",
                    "baseline": "Valor inicial",
                    "goal": "Objetivo 2025",
                    "verification": "Fuente",
                },
            }
        ),
        encoding="utf-8",
    )
    from avance.core.tabular import load_mapping

    document, _warnings = import_file(path, load_mapping(mapping))
    validate(document, "programa.csv")
    [axis] = document["nodes"]
    first, second = axis["children"]
    assert first["indicators"] == [
        {
            "name": "Días de espera",
            "method": "Promedio de días",
            "baseline": 12.0,
            "goal": 8.0,
            "variables": [{"name": "VALOR", "source": "Expediente"}],
        }
    ]
    assert second["indicators"][0]["variables"] == [{"name": "VALOR"}]
