"""Plans written as tables in real layouts: title rows above the header, group labels over
columns, group cells merged down, totals and notes under the table, a MIR in a ruled PDF."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from avance.core.documents import DocumentError
from avance.core.documents.importer import import_file
from avance.core.documents.tables import to_document


def schedule(path: Path) -> Path:
    """A work schedule as institutions keep them: a merged title cell, the header on row 3, stage
    cells merged down, a communication group inside a stage, status ticked with an x."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = (
        "SECRETARÍA DE LA FUNCIÓN PÚBLICA DEL VALLE\nCronograma de cocreación\nDel 1 de enero al 31 de diciembre de 2026"
    )
    sheet.merge_cells("A1:F1")
    sheet.append([])
    sheet.append(["Etapa", "Actividad", "Responsable", "Hecho", "Pendiente", "Observaciones"])
    rows = [
        (
            "Etapa I. Diagnóstico",
            "1. Revisar el plan anterior",
            "Unidad de Planeación",
            "x",
            "",
            "",
        ),
        ("", "2. Consultar a la ciudadanía", "Comité", "", "x", "Se amplió el plazo"),
        ("Difusión", "3. Transmitir la sesión", "Comunicación Social", "", "x", ""),
        ("Etapa II. Cocreación", "1. Realizar mesas de trabajo", "Comité", "x", "", ""),
    ]
    for row in rows:
        sheet.append(list(row))
    sheet.merge_cells("A4:A5")
    sheet.append(
        [
            "Nota: información preliminar sujeta a cambios sin previo aviso de la unidad responsable de su integración y publicación."
        ]
    )
    book.save(path)
    return path


def test_a_schedule_with_title_rows_and_merged_stages_becomes_a_tree(tmp_path):
    document, _warnings = import_file(schedule(tmp_path / "cronograma.xlsx"))
    assert document["title"] == "Cronograma de cocreación"
    assert document["organization"]["name"] == "SECRETARÍA DE LA FUNCIÓN PÚBLICA DEL VALLE"
    assert (document["start"], document["end"]) == ("2026-01-01", "2026-12-31")
    first, second = document["nodes"]
    assert (first["level"], first["ref"], first["title"]) == ("Etapa", "I", "Diagnóstico")
    done, pending, group = first["children"]
    assert (done["ref"], done["title"], done["status"]) == (
        "1",
        "Revisar el plan anterior",
        "Hecho",
    )
    assert done["responsible"] == [{"name": "Unidad de Planeación"}]
    assert (pending["status"], pending["note"]) == ("Pendiente", "Se amplió el plazo")
    assert (group["level"], group["title"]) == ("Grupo de acciones", "Difusión")
    assert group["children"][0]["title"] == "Transmitir la sesión"
    assert second["children"][0]["title"] == "Realizar mesas de trabajo"
    assert document["levels"] == ["Etapa", "Grupo de acciones", "Actividad"]


def test_group_labels_over_columns_name_the_figures_and_fractions_become_percents():
    grid = [
        ["INSTITUTO ESTATAL DE PRUEBAS\nProgramas de inversión 2025"],
        ["", "", "Inversión", "", "% Avance Financiero", "% Avance Metas"],
        ["Clave del Programa/ Proyecto", "Nombre", "Aprobado", "Modificado", "Ejercido/ Aprobado", "Alcanzado/ Programado"],
        ["P001", "Alfabetización", "1000.5", "900", "0.5", "0.9753"],
        ["P002", "Bibliotecas", "2000", "2100", "1.1", "0.25"],
        ["", "Total", "3000.5", "3000", "", ""],
    ]  # fmt: skip
    document, _warnings = to_document(grid, "inversion.xlsx")
    assert document["levels"] == ["Programa/Proyecto"]
    first, second = document["nodes"]
    assert (first["ref"], first["title"], first["budget"], first["progress"]) == (
        "P001",
        "Alfabetización",
        1000.5,
        97.53,
    )
    assert second["progress"] == 25.0 and document["budget"] == 3000.5
    assert (document["start"], document["end"]) == ("2025-01-01", "2025-12-31")


def test_a_mir_nests_by_its_levels_and_codes():
    grid = [
        ["NIVEL", "RESUMEN NARRATIVO", "INDICADOR", "PERIODICIDAD"],
        ["FIN", "Contribuir a reducir el rezago educativo", "Grado de escolaridad", "Quinquenal"],
        ["PROPÓSITO", "Las personas concluyen la secundaria", "Porcentaje", "Anual"],
        ["", "", "Otro indicador del propósito", "Anual"],
        ["COMPONENTE", "C1. Asesorías otorgadas", "Asesorías", "Anual"],
        ["ACTIVIDADES", "Capacitar asesores C1. A1", "Asesores", "Anual"],
        ["", "1.- Entregar materiales. 2.- Visitar comunidades.", "Materiales", "Anual"],
    ]
    document, _warnings = to_document(grid, "mir.pdf")
    assert document["levels"] == ["Fin", "Propósito", "Componente", "Actividad"]
    (fin,) = document["nodes"]
    (purpose,) = fin["children"]
    (component,) = purpose["children"]
    assert (component["ref"], component["title"]) == ("C1", "Asesorías otorgadas")
    activities = [(a.get("ref"), a["title"]) for a in component["children"]]
    assert activities == [
        ("C1.A1", "Capacitar asesores"),
        ("1", "Entregar materiales."),
        ("2", "Visitar comunidades."),
    ]
    assert fin["evaluation_frequency"] == "Quinquenal"


def mir_pdf(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF(orientation="L")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.cell(0, 8, "Matriz de Indicadores para Resultados 2026", new_x="LMARGIN", new_y="NEXT")
    rows = [
        ("NIVEL", "RESUMEN NARRATIVO", "INDICADOR", "SUPUESTOS"),
        ("FIN", "Contribuir a la salud de la poblacion", "Esperanza de vida", "Estabilidad"),
        ("PROPOSITO", "La poblacion recibe atencion oportuna", "Cobertura", "Demanda"),
        ("COMPONENTE", "C1. Consultas otorgadas", "Consultas", "Personal"),
        ("ACTIVIDAD", "C1. A1 Contratar medicos", "Contrataciones", "Presupuesto"),
    ]
    with pdf.table() as table:
        for row in rows:
            cells = table.row()
            for text in row:
                cells.cell(text)
    pdf.output(str(path))
    return path


def test_a_pdf_whose_plan_is_a_ruled_table_imports_from_the_table(tmp_path):
    document, warnings = import_file(mir_pdf(tmp_path / "mir.pdf"))
    assert document["title"] == "Matriz de Indicadores para Resultados 2026"
    assert document["objective"] == "Contribuir a la salud de la poblacion"
    (fin,) = document["nodes"]
    activity = fin["children"][0]["children"][0]["children"][0]
    assert (activity["level"], activity["ref"], activity["title"]) == (
        "Actividad",
        "C1.A1",
        "Contratar medicos",
    )
    assert any("read from the document's tables" in w for w in warnings)


def test_a_pdf_without_numbering_imports_with_a_warning(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for text in ["Informe de actividades", "Se atendieron las solicitudes del trimestre.",
                 "Se publicaron los datos abiertos del presupuesto.",
                 "Se capacito al personal en transparencia."]:  # fmt: skip
        pdf.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(6)
    path = tmp_path / "informe.pdf"
    pdf.output(str(path))
    document, warnings = import_file(path)
    assert len(document["nodes"]) >= 3
    assert any("no numbering, lists or tables were found" in w for w in warnings)


def test_a_table_without_a_header_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "numeros.csv"
    path.write_text("1,2,3\n4,5,6\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="no header row naming the columns"):
        import_file(path)


def poa_docx(path: Path) -> Path:
    """A POA whose activities sit in a Word table, components merged down their rows."""
    import docx

    document = docx.Document()
    document.add_paragraph("Programa Operativo Anual 2026", style="Title")
    document.add_paragraph("Dirección de Desarrollo Social del Municipio de Prueba")
    table = document.add_table(rows=1, cols=5)
    header = ["Componente", "Actividad", "Meta", "Presupuesto", "Responsable"]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    rows = [
        (
            "1. Salud comunitaria",
            "1.1 Jornadas de vacunación",
            "12 jornadas",
            "$45,000.00",
            "Salud",
        ),
        ("", "1.2 Pláticas de nutrición", "24 pláticas", "$8,000.00", "DIF"),
        ("2. Deporte", "2.1 Ligas juveniles", "4 ligas", "$30,000.00", "Deporte"),
        ("", "2.2 Rehabilitar canchas", "3 canchas", "$120,000.00", "Obras Públicas"),
    ]
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    table.cell(1, 0).merge(table.cell(2, 0))
    table.cell(3, 0).merge(table.cell(4, 0))
    document.save(str(path))
    return path


def test_a_docx_whose_activities_sit_in_a_table_imports_every_activity(tmp_path):
    document, _warnings = import_file(poa_docx(tmp_path / "poa.docx"))
    assert document["title"] == "Programa Operativo Anual 2026"
    assert [(n["ref"], n["title"]) for n in document["nodes"]] == [
        ("1", "Salud comunitaria"),
        ("2", "Deporte"),
    ]
    first = document["nodes"][0]["children"][0]
    assert (first["ref"], first["title"], first["goal"], first["budget"]) == (
        "1.1",
        "Jornadas de vacunación",
        "12 jornadas",
        45000.0,
    )
    assert first["responsible"] == [{"name": "Salud"}]
    assert len(document["nodes"][1]["children"]) == 2


def test_wrapped_lines_of_a_pdf_are_joined_into_one_item(tmp_path):
    from avance.core.documents.tests import fixtures

    content = [
        ("heading", "Eje 1. Gobierno digital", 1),
        ("item", "Digitalizar los trámites de alta demanda de la", 0),
        ("field", "ciudadanía en el portal municipal.", 0),
        ("item", "Publicar el catálogo de trámites.", 0),
    ]
    path = fixtures.write_pdf(tmp_path / "plan.pdf", content=content)
    document, _warnings = import_file(path)
    titles = [c["title"] for c in document["nodes"][0]["children"]]
    assert titles == [
        "Digitalizar los trámites de alta demanda de la ciudadanía en el portal municipal.",
        "Publicar el catálogo de trámites.",
    ]


PREAMBLE = """PROGRAMA ANUAL DE TRABAJO 2026
INSTITUTO DE ACCESO A LA INFORMACIÓN DEL VALLE

Marco jurídico

Con fundamento en el artículo 10 de la Ley de Transparencia del Estado, el Instituto tiene las siguientes atribuciones:

1. Garantizar el derecho de acceso a la información pública.
2. Promover la cultura de la transparencia en la sociedad.
3. Resolver los recursos de revisión que presenten las personas.
4. Vigilar el cumplimiento de las obligaciones de transparencia.
5. Capacitar a los sujetos obligados.

Eje 1. Transparencia proactiva

Objetivo 1.1 Publicar información útil para la ciudadanía

- Publicar los datos abiertos del presupuesto.
- Publicar los contratos en formato abierto.

Eje 2. Protección de datos personales

Objetivo 2.1 Capacitar a los sujetos obligados

- Impartir cursos de protección de datos.
"""


def test_a_legal_preamble_with_numbered_powers_gives_no_items(tmp_path):
    path = tmp_path / "programa.txt"
    path.write_text(PREAMBLE, encoding="utf-8")
    document, _warnings = import_file(path)
    assert [(n["level"], n["ref"], n["title"]) for n in document["nodes"]] == [
        ("Eje", "1", "Transparencia proactiva"),
        ("Eje", "2", "Protección de datos personales"),
    ]
    titles = [n["title"] for n in document["nodes"][0]["children"][0]["children"]]
    assert titles == [
        "Publicar los datos abiertos del presupuesto.",
        "Publicar los contratos en formato abierto.",
    ]
    assert document["kind"] == "plan_anual_trabajo"


def test_a_stated_completed_over_planned_formula_sets_the_roll_up(shared):
    document, _warnings = import_file(next((shared / "seeds").glob("002_*.txt")))
    assert document["evaluation"]["method"] == "No. Act. Realizadas/No. Act. Proyectadas * 100"
    assert document["rollup"] == {"method": "completed_ratio"}


MARKDOWN = """Title: Programa de Trabajo 2019
Summary: Programa de trabajo de la Secretaría Ejecutiva
Date: 2019-02-15

# Programa de Trabajo 2019

## Secretaría Ejecutiva del Sistema Estatal Anticorrupción (SESEA)

### Objetivo Estratégico General I: Fortalecer la coordinación institucional

#### Línea de acción 1.1 Integrar el comité de coordinación

a) Elaborar el reglamento interno del comité.

b) Celebrar sesiones ordinarias trimestrales.

### Objetivo Estratégico General II: Promover la participación ciudadana

#### Línea de acción 2.1 Vincular al Comité de Participación Ciudadana

a) Realizar foros regionales con la sociedad civil.
"""


def test_a_markdown_export_with_front_matter_and_roman_objectives(tmp_path):
    path = tmp_path / "programa.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    document, _warnings = import_file(path)
    assert (document["title"], document["kind"]) == (
        "Programa de Trabajo 2019",
        "plan_anual_trabajo",
    )
    assert document["organization"] == {
        "name": "Secretaría Ejecutiva del Sistema Estatal Anticorrupción",
        "acronym": "SESEA",
    }
    assert (document["start"], document["end"], document["issued"]) == (
        "2019-01-01",
        "2019-12-31",
        "2019-02-15",
    )
    first, second = document["nodes"]
    assert (first["level"], first["ref"], first["title"]) == (
        "Objetivo estratégico",
        "I",
        "Fortalecer la coordinación institucional",
    )
    line = first["children"][0]
    assert (line["ref"], [a["ref"] for a in line["children"]]) == ("1.1", ["a", "b"])
    assert (
        second["children"][0]["children"][0]["title"]
        == "Realizar foros regionales con la sociedad civil."
    )


def test_markdown_heading_levels_without_keywords_give_the_tree(tmp_path):
    path = tmp_path / "pat.md"
    path.write_text(
        "# Programa Anual de Trabajo 2024\n\n## Comisión Estatal de Mejora Regulatoria (CEMER)\n\n"
        "## Gobierno digital\n\n### Simplificar trámites en línea\n\n"
        "- Digitalizar diez trámites de alta demanda.\n- Publicar el catálogo de trámites.\n\n"
        "## Participación ciudadana\n\n### Consultas públicas\n\n"
        "l.- Realizar tres consultas sobre el reglamento de movilidad.\n",
        encoding="utf-8",
    )
    document, warnings = import_file(path)
    assert document["levels"] == ["Eje", "Objetivo", "Acción"]
    digital, participation = document["nodes"]
    assert (digital["title"], digital["children"][0]["title"]) == (
        "Gobierno digital",
        "Simplificar trámites en línea",
    )
    assert [a["title"] for a in digital["children"][0]["children"]] == [
        "Digitalizar diez trámites de alta demanda.",
        "Publicar el catálogo de trámites.",
    ]
    ocr = participation["children"][0]["children"][0]
    assert (ocr["ref"], ocr["title"]) == (
        "1",
        "Realizar tres consultas sobre el reglamento de movilidad.",
    )
    assert any("read from the headings' levels" in w for w in warnings)


def test_the_plan_may_sit_on_another_sheet_than_the_first(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Instrucciones"
    book.active.append(["Llene la hoja siguiente con las actividades del programa."])
    sheet = book.create_sheet("Programa")
    sheet.append(["No.", "Actividad", "Responsable"])
    sheet.append(["1", "Publicar el calendario de sesiones", "Secretaría Técnica"])
    sheet.append(["2", "Capacitar a los enlaces", "Unidad de Transparencia"])
    path = tmp_path / "plantilla.xlsx"
    book.save(path)
    document, _warnings = import_file(path)
    assert [(n["ref"], n["title"]) for n in document["nodes"]] == [
        ("1", "Publicar el calendario de sesiones"),
        ("2", "Capacitar a los enlaces"),
    ]


def test_bold_lead_paragraphs_with_lettered_items_inside(tmp_path):
    path = tmp_path / "pat.md"
    path.write_text(
        "# SECRETARÍA EJECUTIVA DEL SISTEMA ANTICORRUPCIÓN DEL ESTADO (SESAE)\n\n"
        "## Programa Anual de Trabajo 2021\n\n"
        "**Objetivo Estratégico General I:** Consolidar la coordinación del Sistema.\n\n"
        "**1.1 Fortalecer el Comité Coordinador.** a. Preparar las sesiones ordinarias. "
        "b. Dar seguimiento a los acuerdos.\n\n"
        "**Objetivo Estratégico General II:** Impulsar la participación ciudadana.\n\n"
        "**2.1 Vincular a la sociedad civil.** a. Realizar foros regionales.\n",
        encoding="utf-8",
    )
    document, _warnings = import_file(path)
    assert document["organization"]["acronym"] == "SESAE"
    first, second = document["nodes"]
    line = first["children"][0]
    assert (line["ref"], line["title"]) == ("1.1", "Fortalecer el Comité Coordinador.")
    assert [(a["ref"], a["title"]) for a in line["children"]] == [
        ("a", "Preparar las sesiones ordinarias."),
        ("b", "Dar seguimiento a los acuerdos."),
    ]
    assert second["children"][0]["children"][0]["title"] == "Realizar foros regionales."


def test_a_wide_table_continued_on_another_page_is_joined_row_by_row():
    from avance.core.documents.tables import join_by_order

    first = [
        ["Ejercicio", "Objetivo institucional", "Nombre del indicador", "Definición del indicador"],
        ["2025", "1. Mejorar la calidad", "Porcentaje de programas acreditados", "Mide la calidad"],
        ["2025", "1. Mejorar la calidad", "Porcentaje de docentes con posgrado", "Mide la planta"],
        ["2025", "2. Ampliar la cobertura", "Matrícula de licenciatura", "Mide el acceso"],
        ["2025", "2. Ampliar la cobertura", "Eficiencia terminal", "Mide el egreso"],
    ]
    # The rest of the columns, printed on the next page; the values sit one column left of the
    # long titles of a transparency format (a frequent fault of exported formats).
    rest = [
        ["Unidad de medida", "Frecuencia de medición", "Línea base", "Metas programadas",
         "Área(s) responsable(s) que genera(n), posee(n), publica(n) y actualizan la información"],
        ["Anual", "90%", "100%", "Estadística", ""],
        ["Anual", "70%", "75%", "Estadística", ""],
        ["Anual", "1500", "1570", "Estadística", ""],
        ["Anual", "30%", "29%", "Estadística", ""],
    ]  # fmt: skip
    document, _warnings = to_document(first, "indicadores.pdf")
    join_by_order(document, rest)
    objective, second = document["nodes"]
    assert (objective["ref"], objective["title"]) == ("1", "Mejorar la calidad")
    accredited = objective["children"][0]
    assert (accredited["goal"], accredited["evaluation_frequency"]) == ("100%", "Anual")
    assert second["children"][0]["goal"] == "1570"
    assert (document["start"], document["end"]) == ("2025-01-01", "2025-12-31")
