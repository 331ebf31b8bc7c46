"""Fill src/avance/locale/es_MX/LC_MESSAGES/django.po from the table below, then compile it.

Run after `django-admin makemessages -l es_MX` (see docs/development.md). Strings missing here
are listed so nobody ships an English label by accident.
"""

import re
import subprocess
import sys
from pathlib import Path

PO = Path(__file__).resolve().parents[1] / "src/avance/locale/es_MX/LC_MESSAGES/django.po"

ES = {
    "Audit trail": "Bitácora",
    "when": "cuándo",
    "user": "usuario",
    "actor": "quién",
    "action": "acción",
    "object type": "tipo de objeto",
    "object": "objeto",
    "description": "descripción",
    "plan": "plan",
    "before": "antes",
    "after": "después",
    "audit entry": "registro de bitácora",
    "audit trail": "bitácora",
    "Institutions": "Instituciones",
    "Government": "Gobierno",
    "Municipality": "Municipio",
    "Autonomous body": "Organismo autónomo",
    "Transparency body": "Órgano garante de transparencia",
    "Human rights body": "Organismo de derechos humanos",
    "Legislature": "Poder Legislativo",
    "Judiciary": "Poder Judicial",
    "Network or coordination body": "Red o instancia de coordinación",
    "Civil-society organization": "Organización de la sociedad civil",
    "Academia": "Academia",
    "Administrative unit": "Unidad administrativa",
    "Other": "Otro",
    "name": "nombre",
    "acronym": "siglas",
    "slug": "identificador en URL",
    "kind": "tipo",
    "parent organization": "institución a la que pertenece",
    "website": "sitio web",
    "organization": "institución",
    "organizations": "instituciones",
    "child item": "elemento hijo",
    "child items": "elementos hijos",
    "Author": "Autoría",
    "Contents": "Contenido",
    "Budget and beneficiaries": "Presupuesto y población beneficiaria",
    "Evaluation": "Evaluación",
    "Plans": "Planes",
    "Annual work plan": "Plan anual de trabajo",
    "Annual operating programme (POA)": "Programa operativo anual (POA)",
    "Open-government action plan": "Plan de acción de gobierno abierto",
    "Regional work plan": "Plan de trabajo regional",
    "Mean of children": "Promedio de los hijos",
    "Weighted mean of children": "Promedio ponderado de los hijos",
    "Completed items / planned items × 100": "Elementos realizados / elementos programados × 100",
    "Mean of all descendant items": "Promedio de todos los elementos finales",
    "Left out of the calculation": "Se excluyen del cálculo",
    "Counted as 0%": "Cuentan como 0 %",
    "code": "código",
    "title": "título",
    "institution": "institución",
    "unit": "unidad responsable",
    "start": "inicio",
    "end": "fin",
    "issued on": "fecha de elaboración",
    "author": "autor(a)",
    "author's position": "cargo del autor(a)",
    "author's organization": "institución del autor(a)",
    "region covered": "región que abarca",
    "mission": "misión",
    "vision": "visión",
    "SWOT analysis": "análisis FODA",
    "Lists under strengths, weaknesses, opportunities and threats.": "Listas de fortalezas (strengths), debilidades (weaknesses), oportunidades (opportunities) y amenazas (threats).",
    "general objective": "objetivo general",
    "budget programme": "programa presupuestario",
    "strategy": "estrategia",
    "goals": "metas",
    "budget (MXN)": "inversión (MXN)",
    "beneficiaries": "población beneficiaria",
    '{"direct": number or words, "indirect": number or words}': '{"direct": número o texto, "indirect": número o texto} (directos e indirectos)',
    "alignment": "alineación",
    'Higher plans it serves: [{"framework": "PMD", "ref": "2", "title": "..."}]': 'Planes superiores a los que contribuye: [{"framework": "PMD", "ref": "2", "title": "..."}]',
    "evaluation frequency": "temporalidad de la evaluación",
    "evaluated by": "instancia evaluadora",
    "evaluation formula": "fórmula de evaluación",
    "roll-up method": "método de cálculo del avance",
    "items without a value": "elementos sin avance reportado",
    "created": "creado",
    "updated": "actualizado",
    "plans": "planes",
    "order": "orden",
    "name (singular)": "nombre (singular)",
    "name (plural)": "nombre (plural)",
    "level": "nivel",
    "levels": "niveles",
    "key": "clave",
    "label": "etiqueta",
    "colour": "color",
    "default percent": "porcentaje predeterminado",
    "Progress assumed when an update gives this status and no percent.": "Avance que se asume cuando un reporte indica este estado sin porcentaje.",
    "counts toward progress": "cuenta para el avance",
    "Items in a status that does not count are left out of the roll-up.": "Los elementos en un estado que no cuenta se excluyen del cálculo del avance.",
    "status": "estado",
    "statuses": "estados",
    "parent": "elemento superior",
    "number": "número",
    "As printed: 1.5": "Como aparece impreso: 1.5",
    "weight": "ponderación",
    "plan item": "elemento del plan",
    "plan items": "elementos del plan",
    "Responsible": "Responsable",
    "Co-creating organization": "Organización co-creadora",
    "position": "cargo",
    "role": "papel",
    "responsible party": "responsable",
    "responsible parties": "responsables",
    "Publish the selected updates": "Publicar los reportes seleccionados",
    "%(n)d updates published.": "%(n)d reportes publicados.",
    "Recompute": "Recalcular",
    "Recomputed.": "Recalculado.",
    "Progress": "Avance",
    "Open": "Abierto",
    "Closed": "Cerrado",
    "Published": "Publicado",
    "Primer Informe Parcial": "Primer Informe Parcial",
    "state": "estado",
    "presented at": "presentado en",
    "reporting period": "periodo de reporte",
    "reporting periods": "periodos de reporte",
    "Draft": "Borrador",
    "Submitted": "Enviado",
    "Returned": "Devuelto",
    "Approved": "Aprobado",
    "item": "elemento",
    "period": "periodo",
    "percent": "porcentaje",
    "status as written": "estado como se redactó",
    "EN ETAPA DE DISEÑO": "EN ETAPA DE DISEÑO",
    "narrative": "descripción del avance",
    "clarifying note": "nota aclaratoria",
    "current value": "valor vigente",
    "reported by": "reportado por",
    "review comment": "comentario de revisión",
    "published": "publicado",
    "progress update": "reporte de avance",
    "progress updates": "reportes de avance",
    "Progress still to reach": "Avance por alcanzar",
    "Number of items": "Número de elementos",
    "figure": "cifra",
    "For counts": "Para conteos",
    "value": "valor",
    "due by": "fecha meta",
    "source": "fuente",
    "declared figure": "cifra declarada",
    "declared figures": "cifras declaradas",
    "update": "reporte",
    "link or document": "enlace o documento",
    "evidence": "evidencias",
    "as at period": "al corte del periodo",
    "method": "método",
    "excluded statuses": "estados excluidos",
    "global progress": "avance global",
    "items counted": "elementos considerados",
    "items left out": "elementos excluidos",
    "items": "elementos",
    "computed": "calculado",
    "roll-up": "cálculo de avance",
    "roll-ups": "cálculos de avance",
    "current": "vigente",
    "inputs counted": "datos considerados",
    "left out": "excluidos",
    "computed progress": "avance calculado",
    "Spanish (Mexico)": "Español (México)",
    "Avance administration": "Administración de Avance",
    "Avance": "Avance",
    "Plans, progress and institutions": "Planes, avances e instituciones",
    "Reports": "Informes",
    "Global progress": "Avance global",
    "Period": "Periodo",
    "Mission": "Misión",
    "Vision": "Visión",
    "Strengths": "Fortalezas",
    "Weaknesses": "Debilidades",
    "Opportunities": "Oportunidades",
    "Threats": "Amenazas",
    "Objective / FIN": "Objetivo / FIN",
    "Programme": "Programa",
    "Strategy": "Estrategia",
    "Alignment": "Alineación",
    "Goals": "Metas",
    "Components and activities": "Componentes y actividades",
    "Item": "Elemento",
    "Budget": "Inversión",
    "Beneficiaries": "Beneficiarios",
    "Direct": "Directos",
    "Indirect": "Indirectos",
    "Total": "Total",
    "Budget of the programme": "Inversión del programa",
    "direct": "directos",
    "indirect": "indirectos",
    "Frequency": "Temporalidad",
    "Evaluated by": "Evalúa",
    "Formula": "Fórmula",
    "Progress to date": "Avance a la fecha",
    "Current progress": "Avance vigente",
    "Presented at": "Presentado en",
    "declared in the document": "declarado en el documento",
    "%(remaining)s still to reach": "%(remaining)s por alcanzar",
    "by": "a",
    "Summary": "Resumen",
    "Level": "Nivel",
    "Items": "Elementos",
    "Declared": "Declarado",
    "declared": "declarado",
    "Co-creators": "Partes co-creadoras",
    "Status and notes": "Estado y notas",
    "Evidence": "Evidencias",
    "Annex: how progress is computed": "Anexo: cómo se calcula el avance",
    "Roll-up method": "Método de cálculo del avance",
    "Items without reported progress count as 0%%.": "Los elementos sin avance reportado cuentan como 0 %%.",
    "Items without reported progress are left out.": "Los elementos sin avance reportado se excluyen del cálculo.",
    "Items in these statuses are left out": "Se excluyen los elementos en estos estados",
    "Only published progress is shown.": "Solo se muestra el avance publicado.",
    "Declared figures that differ from the computed ones": "Cifras declaradas que difieren de las calculadas",
    "Computed": "Calculado",
    "Transparency portal": "Portal de transparencia",
    "no report yet": "sin reporte aún",
    "with reported progress": "con avance reportado",
    "Reporting period": "Periodo de reporte",
    "Current values": "Valores vigentes",
    "Show": "Mostrar",
    "Skip to content": "Saltar al contenido",
    "Public progress of institutional plans": "Avance público de los planes institucionales",
    "Language": "Idioma",
    "Change": "Cambiar",
    "Avance is free software (AGPL-3.0-or-later). Only published progress is shown.": "Avance es software libre (AGPL-3.0 o posterior). Solo se muestra el avance publicado.",
    "Institutions and plans": "Instituciones y planes",
    "Institutions and their plans": "Instituciones y sus planes",
    "Last update": "Última actualización",
    "No published progress yet": "Aún sin avance publicado",
    "No plans have been published yet.": "Aún no hay planes publicados.",
    "Breadcrumbs": "Ruta de navegación",
    "Home": "Inicio",
    "Clarifying note": "Nota aclaratoria",
    "Status": "Estado",
    "Details": "Datos",
    "History across reporting periods": "Historial por periodo de reporte",
    "No published reporting periods yet.": "Aún no hay periodos de reporte publicados.",
    "Views and downloads": "Vistas y descargas",
    "All items in a table": "Todos los elementos en una tabla",
    "Progress report (PDF)": "Informe de avance (PDF)",
    "Progress by item": "Avance por elemento",
    "All items": "Todos los elementos",
    "All": "Todos",
    "No report yet": "Sin reporte aún",
    "Progress from": "Avance desde",
    "to": "hasta",
    "Search": "Buscar",
    "Filter": "Filtrar",
    "Number": "Número",
    "Pages": "Páginas",
    "Previous": "Anterior",
    "Page %(number)s of %(pages)s": "Página %(number)s de %(pages)s",
    "Next": "Siguiente",
    "Items found": "Elementos encontrados",
    "English": "Inglés",
}


def unquote(lines: list[str]) -> str:
    return "".join(re.match(r'^(?:msgid |msgstr )?"(.*)"$', line).group(1) for line in lines)  # type: ignore[union-attr]


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> int:
    blocks = PO.read_text(encoding="utf-8").split("\n\n")
    out, missing = [], []
    for block in blocks:
        lines = block.splitlines()
        ids = [i for i, line in enumerate(lines) if line.startswith("msgid ")]
        strs = [i for i, line in enumerate(lines) if line.startswith("msgstr ")]
        if not ids or not strs:
            out.append(block)
            continue
        msgid = (
            unquote(lines[ids[0] : strs[0]])
            .encode()
            .decode("unicode_escape")
            .encode("latin-1")
            .decode("utf-8")
        )
        if msgid == "":
            out.append(block)
            continue
        if msgid not in ES:
            missing.append(msgid)
            out.append(block)
            continue
        # A translated entry is no longer fuzzy; drop the flag and the previous-msgid hints.
        head = [
            line.replace("#, fuzzy, ", "#, ")
            for line in lines[: strs[0]]
            if line != "#, fuzzy" and not line.startswith("#|")
        ]
        out.append("\n".join([*head, f"msgstr {quote(ES[msgid])}"]))
    text = "\n\n".join(out)
    text = text.replace(
        '"Content-Type: text/plain; charset=CHARSET\\n"',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
    )
    text = text.replace('#, fuzzy\nmsgid ""', 'msgid ""', 1)
    PO.write_text(text, encoding="utf-8")
    subprocess.run(
        ["msgfmt", "--check-format", "-o", str(PO.with_suffix(".mo")), str(PO)], check=True
    )
    if missing:
        print("untranslated:", *missing, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
