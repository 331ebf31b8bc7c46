"""Plans written as tables in any layout: header found anywhere in the first rows, columns given
roles by their header words, group rows and group columns as parent levels. Plain Python.

Real planning workbooks (and the tables of PDFs and Word files) put title rows above the
header, a second header row under merged group labels («Inversión», «% Avance Metas»), group
rows or merged group cells inside the table («Etapa I. …»), a totals row and a legal note under
it. This module reads such a grid by patterns that hold across documents, with the vocabulary as
a hint: a column's role comes from its header's words, never from one document's wording.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from avance.core.documents import vocabulary as v
from avance.core.errors import Notice
from avance.core.interchange import fold, nodes_of, pluralize

HEADER_SCAN = 15  # rows in which the header row is looked for

# Column roles by header words (folded: no accents, lower case), first match wins. Each entry:
# role, words that name it, words that make a column a weaker candidate for it.
ROLES: list[tuple[str, tuple[str, ...]]] = [
    ("unit", ("unidad de medida",)),  # claimed so that «Metas | Unidad de medida» is no goal
    ("progress", ("avance", "cumplimiento", "% de avance", "porcentaje")),
    ("ref", ("clave", "no.", "num", "numero", "folio", "codigo", "id", "#")),
    ("responsible", ("responsable", "ejecut", "encargad", "quien", "area", "unidad resp")),
    ("budget", ("presupuesto", "inversion", "monto", "importe", "costo", "aprobado", "recurso")),
    ("note", ("observaci", "comentario", "nota")),
    ("status", ("estatus", "estado", "situacion")),
    ("start", ("fecha de inicio", "fecha inicio", "inicio")),
    ("end", ("fecha de termino", "fecha termino", "fecha fin", "conclusion", "termino")),
    ("goal", ("meta",)),
    ("frequency", ("periodicidad", "frecuencia")),
    ("description", ("descripcion", "definicion", "detalle")),
    # The columns of a MIR or an indicators table: each row's indicator and its ficha.
    ("method", ("metodo de calculo", "formula")),
    ("baseline", ("linea base", "linea de base")),
    ("verification", ("medios de verificacion", "medio de verificacion")),
    ("assumptions", ("supuesto",)),
    ("sentido", ("sentido",)),
    ("indicator", ("nombre del indicador", "indicador")),
    (
        "title",
        (
            "nombre",
            "actividad",
            "accion",
            "proyecto",
            "programa",
            "compromiso",
            "titulo",
            "tema",
            "linea",
            "objetivo",
            "estrategia",
            "resumen narrativo",
            "indicador",
            "concepto",
        ),
    ),
]
# Among several columns for one role, these words make a column preferred or avoided.
PREFER = {
    "progress": (("meta", "fisic", "programad", "total", "general"), ("financ", "modificad")),
    "budget": (("aprobad", "autorizad", "original", "asignad"), ("modificad", "devengad", "ejercid", "pagad")),
    "goal": (("programad", "original", "anual"), ("ajustad", "modificad", "alcanzad")),
}  # fmt: skip
ROW = "_row"  # an item's row in its table, while tables are being joined
GENERIC_TITLES = {"nombre", "titulo", "descripcion", "concepto", "denominacion"}
MARKS = {"x", "X", "✓", "✔", "si", "sí", "Sí", "SI", "SÍ", "•"}
TOTAL = re.compile(r"^\s*(total|totales|suma|gran total)\b", re.I)
NUMBERED = re.compile(
    r"^\s*(?:(?P<ref>\d+(?:\s?\.\s?\d+)+|\d+|[IVXLC]+|[a-zA-Z])\s*(?:[.)]-?|-)|"
    r"(?P<dotted>\d+(?:\.\d+)+)\s)\s*(?P<rest>[^\d\s.].*)$",
    re.S,
)
# Codes of a MIR's components and activities, printed before or after the text: «C1. A1», «C2».
CODE = re.compile(r"(?<![\w.])C\d+(?:\s?\.\s?A\d+)?\.?(?![\w])")
LABELLED = re.compile(
    r"^\s*(?P<label>[A-Za-zÁÉÍÓÚÑáéíóúñ]+(?:\s+[a-záéíóúñ]+)?)\s+(?P<ref>[IVXLC]+|\d+(?:\.\d+)*)"
    r"\s*[.:\-–)]*\s*(?P<rest>.*)$",
    re.S,
)
ORGANIZATION_WORDS = ("instituto", "secretaria", "ayuntamiento", "gobierno", "comision", "consejo",
                      "universidad", "tecnologico", "organismo", "direccion", "municipio",
                      "fiscalia", "tribunal", "poder", "sistema", "coordinacion")  # fmt: skip


@dataclass
class Layout:
    header_row: int
    headers: list[str]  # one per column, the group label above joined in
    roles: dict[str, int] = field(default_factory=dict)  # role → column
    marks: list[int] = field(default_factory=list)  # status columns marked with an "x"
    groups: list[int] = field(default_factory=list)  # columns left of the title: parent levels
    level: int | None = None  # a column that names each row's level (a MIR's «Nivel»)


def clean(text: Any) -> str:
    return " ".join(str(text or "").split())


def _hits(cell: str) -> int:
    folded = fold(cell)
    return sum(1 for _role, words in ROLES if any(w in folded for w in words))


def find_header(grid: list[list[str]]) -> int | None:
    """The row that names the columns: the first rows' one with the most short cells whose words
    give a column role (at least two). Long cells (a transparency format's long column titles, a
    data row's narrative) count for nothing; figures never name a column."""
    best, best_score = None, 1
    for index, row in enumerate(grid[:HEADER_SCAN]):
        cells = [clean(c) for c in row if clean(c)]
        if len(cells) < 2 or any(len(c) > 300 for c in cells):
            continue
        score = sum(
            1 for c in cells if len(c) <= 80 and _number(c) is None and _role_of(c) is not None
        )
        if score > best_score:
            best, best_score = index, score
    return best


def _headers(grid: list[list[str]], header: int) -> list[str]:
    """Each column's name: its header cell, after the group label above it (merged group labels
    stand over the columns to their right until the next label)."""
    width = max(len(row) for row in grid)
    lower = [clean(grid[header][i]) if i < len(grid[header]) else "" for i in range(width)]
    if header == 0:
        return lower
    upper_row = grid[header - 1]
    upper = [clean(upper_row[i]) if i < len(upper_row) else "" for i in range(width)]
    if upper[0] or sum(1 for u in upper if u) < 2:
        return lower  # a title row (it starts in the first column), not a row of group labels
    out, current = [], ""
    for i in range(width):
        if upper[i]:
            current = upper[i]
        elif not lower[i] or i == 0 or (lower[i] and not current):
            current = ""
        out.append(
            f"{current} {lower[i]}".strip() if current and lower[i] else lower[i] or upper[i]
        )
    return out


INDICATOR_HEADER = re.compile(r"^(?:nombre\S*\s+del?\S*\s+)?indicador")


def _role_of(header: str) -> str | None:
    folded = fold(header)
    for role, words in ROLES:
        if role == "indicator":
            # «Indicador», «Nombre del indicador»; not «Programa al que corresponde el indicador»
            if INDICATOR_HEADER.match(folded):
                return role
            continue
        if any(re.search(rf"(^|\W){re.escape(w)}", folded) for w in words):
            return role
    return None


def _rank(role: str, header: str) -> int:
    good, bad = PREFER.get(role, ((), ()))
    folded = fold(header)
    return (1 if any(w in folded for w in bad) else 0) - (
        1 if any(w in folded for w in good) else 0
    )


def layout(grid: list[list[str]], header: int) -> Layout:
    headers = _headers(grid, header)
    data = grid[header + 1 :]
    candidates: dict[str, list[int]] = {}
    marks = []
    for column, name in enumerate(headers):
        if not name:
            continue
        values = [clean(row[column]) for row in data if column < len(row) and clean(row[column])]
        if values and all(value in MARKS for value in values):
            marks.append(column)  # «Se terminó» / «Pendiente» columns ticked with an x
            continue
        role = _role_of(name)
        if role in TEXT_ROLES and values and _numeric(values):
            if role == "goal":  # a MIR's goal in figures: its indicators' goal
                candidates.setdefault("goal_value", []).append(column)
            continue  # «Metas Programado» holds figures, not the goal as written
        if role is not None:
            candidates.setdefault(role, []).append(column)
    if "indicator" in candidates and (
        "title" not in candidates or _indicators_are_items(data, candidates)
    ):
        # A list of indicators (grouped by objective or not): each row's indicator is the item.
        candidates["title"] = candidates.pop("indicator")
    roles = {
        role: min(columns, key=lambda c: (_rank(role, headers[c]), c))
        for role, columns in candidates.items()
    }
    title = _title_column(grid, header, headers, roles, candidates)
    if title is not None:
        roles["title"] = title
        if roles.get("description") == title:
            del roles["description"]
    level = _level_column(data, headers, title)
    if title is not None:  # notes under the table and totals rows have no item title
        data = [r for r in data if title < len(r) and clean(r[title])]
    groups = [
        column
        for column in range(title or 0)
        if column not in roles.values()
        and column != level
        and headers[column]
        and _sparse(data, column)
    ]
    return Layout(header, headers, roles, marks, groups, level)


# The levels of a MIR (matriz de indicadores para resultados), the planning matrix every Mexican
# budget programme has: Fin → Propósito → Componente → Actividad, in this nesting order.
MIR_LEVELS = {
    "fin": "Fin",
    "proposito": "Propósito",
    "componente": "Componente",
    "componentes": "Componente",
    "actividad": "Actividad",
    "actividades": "Actividad",
}
MIR_ORDER = ["Fin", "Propósito", "Componente", "Actividad"]


def _level_column(data: list[list[str]], headers: list[str], title: int | None) -> int | None:
    """A column left of the titles whose values are level names (two or more of a MIR's)."""
    for column in range(title or 0):
        values = {fold(clean(r[column])) for r in data if column < len(r) and clean(r[column])}
        if len(values & set(MIR_LEVELS)) >= 2 or fold(headers[column]) == "nivel":
            return column
    return None


TEXT_ROLES = {"title", "description", "goal", "note", "responsible", "status", "frequency",
              "method", "verification", "assumptions", "indicator", "sentido"}  # fmt: skip
INDICATOR_ROLES = ("indicator", "method", "baseline", "verification", "assumptions", "sentido")


def _indicators_are_items(data: list[list[str]], candidates: dict[str, list[int]]) -> bool:
    """Whether the objective columns only group the rows (filled once per block, or repeated)
    while the indicator column names every row: then the indicators are the items, under
    their objectives, rather than the measures of a MIR row's objective."""
    indicator = candidates["indicator"][0]
    titles = [c for c in candidates["title"] if c < indicator]
    mir_levels = any(
        len({fold(clean(r[c])) for r in data if c < len(r)} & set(MIR_LEVELS)) >= 2
        for c in range(indicator)
    )
    return (
        not mir_levels  # a MIR's rows are its objectives, each measured by its indicators
        and bool(titles)
        and all(_sparse(data, c) for c in titles)
        and _filled(data, indicator) >= 0.8
        and not _repeats(data, indicator)
    )


def _numeric(values: list[str]) -> bool:
    return sum(1 for value in values if _number(value) is not None) > len(values) / 2


def _title_column(
    grid: list[list[str]],
    header: int,
    headers: list[str],
    roles: dict[str, int],
    candidates: dict[str, list[int]],
) -> int | None:
    """The column that names each item: a title-role column filled on most rows, else the
    description, else the widest text column."""
    data = grid[header + 1 :]
    numbered = [c for c in candidates.get("title", []) if _numbered(data, c)]
    if len(numbered) >= 2:
        # Columns of numbered items, one level each («1. Eje | 1.1 Línea | 1.1.1 Proyecto»): the
        # items are the last, the others their groups.
        return max(numbered, key=lambda c: (_filled(data, c), c))
    for column in candidates.get("title", []):
        if _filled(data, column) >= 0.5 and not _repeats(data, column):
            return column
    if "description" in roles:
        return roles["description"]
    texts = [
        (sum(len(clean(r[c])) for r in data if c < len(r)), c)
        for c in range(len(headers))
        if c not in roles.values()
    ]
    return max(texts)[1] if texts else None


def _numbered(data: list[list[str]], column: int) -> bool:
    values = [clean(r[column]) for r in data if column < len(r) and clean(r[column])]
    return bool(values) and sum(1 for x in values if NUMBERED.match(x)) >= 0.8 * len(values)


def _filled(data: list[list[str]], column: int) -> float:
    rows = [r for r in data if any(clean(c) for c in r)]
    return sum(1 for r in rows if column < len(r) and clean(r[column])) / max(len(rows), 1)


def _sparse(data: list[list[str]], column: int) -> bool:
    """A group column: filled on some rows only (its value standing for the rows below it), or
    repeating one value over runs of rows (a group written again on every row)."""
    values = [clean(r[column]) for r in data if column < len(r) and clean(r[column])]
    if not values or _numeric(values):
        return False
    return _filled(data, column) < 1.0 or _repeats(data, column)


def _repeats(data: list[list[str]], column: int) -> bool:
    values = [clean(r[column]) for r in data if column < len(r) and clean(r[column])]
    if len(values) < 4:
        return False
    same = sum(1 for a, b in itertools.pairwise(values) if a == b)
    return same >= len(values) / 3 and len(set(values)) > 1


def _number(text: str) -> float | None:
    text = clean(text).replace("$", "").replace(",", "").replace(" ", "")
    try:
        return float(text.rstrip("%"))
    except ValueError:
        return None


def _group(text: str, header: str) -> tuple[str, str, str]:
    """(level label, ref, title) of a group cell: «Etapa I. Identificación» → Etapa, I, …"""
    text = clean(text)
    m = LABELLED.match(text)
    if m and fold(m.group("label")).split()[0] == fold(header).split()[0]:
        return m.group("label"), m.group("ref"), clean(m.group("rest"))
    return "", "", text


def to_document(grid: list[list[str]], source: str) -> tuple[dict[str, Any], list[str]]:
    """A plan from a table in any layout, with warnings a person should check."""
    header = find_header(grid)
    if header is None:
        raise ValueError(f"{source}: no header row naming the columns in the first rows")
    shape = layout(grid, header)
    warnings: list[str] = []
    title_column = shape.roles.get("title")
    if title_column is None:
        raise ValueError(f"{source}: no column names the items (Nombre, Actividad, Acción…)")
    document: dict[str, Any] = {"schema": "avance.plan/1", "title": "", "kind": "otro"}
    _plan_fields(document, grid[:header], source)
    item_level = _item_level(shape)
    levels: list[str] = []
    roots: list[dict[str, Any]] = []
    parents: dict[int, dict[str, Any]] = {}  # group column → its current node
    subgroup: dict[str, Any] | None = None
    progress_values: list[float] = []
    level_now = ""
    last_by_level: dict[str, dict[str, Any]] = {}
    current_values: dict[int, str] = {}
    labelled: set[int] = set()  # group columns whose groups are labelled («Etapa I.»)
    last_item: dict[str, Any] | None = None
    for number, row in enumerate(grid[header + 1 :], start=header + 2):
        cells = [clean(c) for c in row]
        if not any(cells):
            continue
        if any(TOTAL.match(c) for c in cells[: (title_column or 0) + 2] if c):
            budget = _cell(cells, shape.roles.get("budget"))
            if budget and (amount := _number(budget)) is not None:
                document["budget"] = round(amount, 2)
            continue
        title = _cell(cells, title_column)
        filled = [c for c in cells if c]
        if not title and len(filled) == 1 and len(filled[0]) > 120:
            continue  # a legal note or a source line under the table
        for column in shape.groups:
            value = _cell(cells, column)
            if not value or value == current_values.get(column):
                continue
            current_values[column] = value
            label, ref, name = _group(value, shape.headers[column])
            if not label and (m := NUMBERED.match(name)):
                ref, name = re.sub(r"\s+", "", m.group("ref") or m.group("dotted")), m.group("rest")
            # A group cell that is only a label and a number («Eje 1») keeps it as its title.
            node: dict[str, Any] = {
                "level": label or _label(shape.headers[column]),
                "title": name or value,
            }
            if ref:
                node["ref"] = ref.rstrip(".-)")
            outer = [parents[c] for c in shape.groups if c < column and c in parents]
            if not label and column in labelled and column in parents:
                # Not labelled like the column's groups: a sub-group of the current group.
                node["level"] = "Grupo de acciones"
                parents[column].setdefault("children", []).append(node)
                subgroup = node
                _level(levels, node["level"], after=parents[column]["level"])
                continue
            (outer[-1].setdefault("children", []) if outer else roots).append(node)
            parents = {c: n for c, n in parents.items() if c < column}
            parents[column] = node
            if label:
                labelled.add(column)
            subgroup = None
            _level(levels, node["level"])
        if not title:
            # A row with an indicator and no objective: another indicator of the item above.
            extra = indicator_of(cells, shape, level_now) if shape.level is not None else None
            if extra is not None and last_item is not None:
                last_item.setdefault("indicators", []).append(extra)
            continue
        if shape.level is not None:
            named = MIR_LEVELS.get(fold(_cell(cells, shape.level)))
            level_now = named or level_now or item_level
            for piece in _enumerated(title) or [title]:
                cells[title_column] = piece
                item = _item(cells, shape, level_now, warnings, source, number)
                last_item = item
                level = _code_level(item.get("ref", "")) or level_now
                item["level"] = level
                for indicator in item.get("indicators", []):
                    if level in MIR_ORDER:  # the row's code says the level more surely
                        indicator["mir_level"] = fold(level)
                _place_by_level(item, level, last_by_level, roots)
                _level(levels, level, after=_above(level, levels))
            continue
        item = _item(cells, shape, item_level, warnings, source, number)
        last_item = item
        item[ROW] = number  # for tables that continue this one row by row (join_by_order)
        if item.get("progress") is not None:
            progress_values.append(item["progress"])
        container = subgroup or (parents[max(parents)] if parents else None)
        (container.setdefault("children", []) if container else roots).append(item)
        _level(levels, item_level)
    _fractions_to_percent(roots, progress_values)
    _plan_period(document, grid[header + 1 :], shape)
    document["levels"] = levels
    document["nodes"] = roots
    if not document["title"]:
        document["title"] = item_level if not roots else f"{_plural(item_level)}"
        warnings.append(
            Notice(
                "no_title",
                source,
                "no title above the table; the plan is named «{title}»",
                title=document["title"],
            )
        )
    return document, warnings


def _code_level(ref: str) -> str | None:
    """A MIR code says the level: «C2» a component, «C2.A5» one of its activities."""
    if re.fullmatch(r"C\d+", ref):
        return "Componente"
    if re.fullmatch(r"C\d+\.A\d+", ref):
        return "Actividad"
    return None


def _above(level: str, levels: list[str]) -> str | None:
    if level not in MIR_ORDER:
        return None
    return next((n for n in reversed(MIR_ORDER[: MIR_ORDER.index(level)]) if n in levels), None)


def _enumerated(text: str) -> list[str]:
    """A cell that lists several items «1.- … 2.- … 3.- …»: one text each (numbers in order)."""
    marks = list(re.finditer(r"(?:(?<=\s)|^)(\d{1,2})\s*(?:\.-|\.|-|\))\s*(?=[^\d\s])", text))
    numbers = [int(m.group(1)) for m in marks]
    if len(marks) < 2 or numbers != list(range(1, len(marks) + 1)):
        return []
    ends = [m.start() for m in marks[1:]] + [len(text)]
    return [clean(text[m.start() : end]) for m, end in zip(marks, ends, strict=True)]


def _place_by_level(
    item: dict[str, Any],
    level: str,
    last_by_level: dict[str, dict[str, Any]],
    roots: list[dict[str, Any]],
) -> None:
    """Under the latest item of the level above (a MIR's activity «C2.A5» under component C2)."""
    rank = MIR_ORDER.index(level) if level in MIR_ORDER else len(MIR_ORDER)
    parent = None
    ref = item.get("ref") or ""
    if "." in ref:
        owner = ref.rsplit(".", 1)[0]
        parent = next(
            (n for n in nodes_of(roots) if n.get("ref") == owner and n["level"] != level), None
        )
    if parent is None:
        parent = next(
            (last_by_level[name] for name in reversed(MIR_ORDER[:rank]) if name in last_by_level),
            None,
        )
    (parent.setdefault("children", []) if parent else roots).append(item)
    last_by_level[level] = item
    for lower in MIR_ORDER[rank + 1 :]:
        last_by_level.pop(lower, None)


def _cell(cells: list[str], column: int | None) -> str:
    return cells[column] if column is not None and column < len(cells) else ""


def _level(levels: list[str], name: str, after: str | None = None) -> None:
    if name in levels:
        return
    if after in levels:
        levels.insert(levels.index(after) + 1, name)
    else:
        levels.append(name)


def _plural(name: str) -> str:
    return pluralize(name)


def _item_level(shape: Layout) -> str:
    """The items' level name: the title column's header, unless it is generic («Nombre»), then
    the reference column's («Clave del Programa/Proyecto» → «Programa/Proyecto»)."""
    title = shape.headers[shape.roles["title"]]
    if fold(title).split()[0] not in GENERIC_TITLES if fold(title) else False:
        return _label(title)
    ref = shape.roles.get("ref")
    if ref is not None:
        name = re.sub(r"^(clave|no\.?|n[uú]m(ero)?|folio|c[oó]digo|id)\s*(del?|de la)?\s*", "",
                      shape.headers[ref], flags=re.I)  # fmt: skip
        if name:
            return _label(name)
    return "Elemento"


def _label(text: str) -> str:
    text = re.sub(r"\s*/\s*", "/", clean(text))
    return text[:1].upper() + text[1:]


def _item(
    cells: list[str], shape: Layout, level: str, warnings: list[str], source: str, row: int
) -> dict[str, Any]:
    roles = shape.roles
    title = _cell(cells, roles["title"])
    node: dict[str, Any] = {"level": level}
    ref = _cell(cells, roles.get("ref"))
    if not ref and (m := CODE.search(title)):
        ref = re.sub(r"\s+", "", m.group(0)).rstrip(".")
        title = clean(title[: m.start()] + " " + title[m.end() :])
    if not ref and (m := NUMBERED.match(title)):
        ref, title = re.sub(r"\s+", "", m.group("ref") or m.group("dotted")), m.group("rest")
    if ref:
        node["ref"] = ref.rstrip(".-)").strip()
    # A cell that is only a code («C2», «1.») keeps it as its title rather than none.
    node["title"] = clean(title) or _cell(cells, roles["title"])
    description = _cell(cells, roles.get("description"))
    if description and fold(description) != fold(node["title"]):
        node["description"] = description
    for role, key in (("note", "note"), ("goal", "goal"), ("frequency", "evaluation_frequency")):
        if text := _cell(cells, roles.get(role)):
            node[key] = text
    if text := _cell(cells, roles.get("status")):
        node["status"] = text
    for column in shape.marks:
        if _cell(cells, column):
            node["status"] = shape.headers[column]
    if who := _cell(cells, roles.get("responsible")):
        node["responsible"] = [{"name": who}]
    if text := _cell(cells, roles.get("budget")):
        amount = _number(text)
        if amount is not None:
            node["budget"] = round(amount, 2)
    if text := _cell(cells, roles.get("progress")):
        value = _number(text)
        if value is None:
            warnings.append(
                Notice(
                    "not_number",
                    source,
                    "row {row}, column {column!r}: {text!r} is not a number; left empty",
                    row=row,
                    column=shape.headers[roles["progress"]],
                    text=text,
                )
            )
        elif value < 0 or value > 100.5:
            warnings.append(
                Notice(
                    "progress_range",
                    source,
                    "row {row}: progress {value} is outside 0-100; left empty",
                    row=row,
                    value=text,
                )
            )
        else:
            node["progress"] = value
    for role in ("start", "end"):
        if text := _cell(cells, roles.get(role)):
            dates = v.spanish_dates(text) or v.iso_dates(text)
            if dates:
                node[role] = dates[0].isoformat()
    if shape.level is not None and (indicator := indicator_of(cells, shape, level)):
        node["indicators"] = [indicator]
    return node


SENTIDO_WORDS = {"ascendente": "ascending", "descendente": "descending"}
DIMENSION_WORDS = ("eficacia", "eficiencia", "economia", "calidad")


def indicator_of(cells: list[str], shape: Layout, level: str) -> dict[str, Any] | None:
    """The indicator a MIR row gives its objective («Indicador», «Método de cálculo», «Unidad de
    medida», «Frecuencia», «Línea base», «Meta», «Medios de verificación», «Supuestos»), in the
    terms of avance.plan/1; None when the row names no indicator. Only MIRs (tables with a
    level column) are read this way: in other tables an indicator column names the items."""
    roles = shape.roles
    name = _cell(cells, roles.get("indicator"))
    if not name or roles.get("indicator") == roles.get("title"):
        return None
    indicator: dict[str, Any] = {"name": name[:2000]}
    if (mir := MIR_LEVELS.get(fold(level))) is not None:
        indicator["mir_level"] = fold(mir)
    for role, key, limit in (
        ("method", "method", 5000),
        ("unit", "unit", 100),
        ("frequency", "frequency", 60),
        ("assumptions", "assumptions", 5000),
    ):
        if text := _cell(cells, roles.get(role)):
            indicator[key] = text[:limit]
    if text := _cell(cells, roles.get("baseline")):
        value = _number(text)
        if value is not None:
            indicator["baseline"] = value
        else:
            indicator["baseline_note"] = text[:2000]
    goal = _cell(cells, roles.get("goal_value")) or _cell(cells, roles.get("goal"))
    if goal and (value := _number(goal)) is not None:
        indicator["goal"] = value
    text = _cell(cells, roles.get("sentido"))
    if text and (sentido := SENTIDO_WORDS.get(fold(text).split()[0])):
        indicator["sentido"] = sentido
    verification = _cell(cells, roles.get("verification"))
    # Measured directly: one variable whose source is the means of verification.
    indicator["variables"] = [
        {"name": "VALOR", **({"source": verification[:2000]} if verification else {})}
    ]
    return indicator


def _fractions_to_percent(nodes: list[dict[str, Any]], values: list[float]) -> None:
    """Spreadsheets keep percentages as fractions (0.9753 shown as 97.53 %): when every progress
    value is at most 1, they are fractions."""
    if not values or max(values) > 1.0:
        for node in nodes_of(nodes):
            if "progress" in node:
                node["progress"] = round(node["progress"], 2)
        return
    for node in nodes_of(nodes):
        if "progress" in node:
            node["progress"] = round(node["progress"] * 100, 2)


def _plan_period(document: dict[str, Any], data: list[list[str]], shape: Layout) -> None:
    """A fiscal-year column («Ejercicio») with one year gives the plan's dates; start and end
    columns with one value each give the reporting period (transparency formats repeat both on
    every row)."""
    for column, name in enumerate(shape.headers):
        values = {clean(r[column]) for r in data if column < len(r) and clean(r[column])}
        if fold(name).startswith(("ejercicio", "ano", "año")) and len(values) == 1:
            year = values.pop()
            if re.fullmatch(r"(19|20)\d\d", year) and "start" not in document:
                document["start"], document["end"] = f"{year}-01-01", f"{year}-12-31"
    dates = []
    for role in ("start", "end"):
        at = shape.roles.get(role)
        values = {clean(r[at]) for r in data if at is not None and at < len(r)}
        found = v.spanish_dates(values.pop()) if len(values) == 1 else []
        dates.append(found[0].isoformat() if found else None)
    if all(dates) and "report" not in document:
        document["report"] = {"start": dates[0], "end": dates[1]}


def _plan_fields(document: dict[str, Any], rows: list[list[str]], source: str) -> None:
    """Title, institution and period from the lines above the header (a merged title cell often
    holds all three, one per line)."""
    lines: list[str] = []
    for row in rows:
        for cell in row:
            lines.extend(clean(line) for line in str(cell or "").splitlines() if clean(line))
    title_lines = []
    for line in lines:
        folded = fold(line)
        if "organization" not in document and any(folded.startswith(w) for w in ORGANIZATION_WORDS):
            document["organization"] = {"name": line, "acronym": None}
        elif (span := v.period(line)) is not None and len(line) < 120:
            start, end = span
            document["start"], document["end"] = start.isoformat(), end.isoformat()
            document["report"] = {"start": start.isoformat(), "end": end.isoformat()}
        elif len(line) <= 200:
            title_lines.append(line)
    if title_lines:
        document["title"] = title_lines[0]
        if "start" not in document and (year := v.YEAR.search(title_lines[0])) is not None:
            document["start"] = f"{year.group('year')}-01-01"
            document["end"] = f"{year.group('year')}-12-31"


def join_by_ref(document: dict[str, Any], grid: list[list[str]]) -> None:
    """Fill items' goals from another table that names the same items by their numbers («1.1.1
    Actualización…» | Metas…): plans often give goals and indicators in a second table."""
    by_ref = {n["ref"]: n for n in nodes_of(document["nodes"]) if n.get("ref")}
    header = find_header(grid)
    if header is None or not by_ref:
        return
    headers = _headers(grid, header)
    goal = next((i for i, h in enumerate(headers) if _role_of(h) == "goal"), None)
    if goal is None:
        return
    current = None
    for row in grid[header + 1 :]:
        cells = [clean(c) for c in row]
        first = next((c for c in cells[: max(goal, 1)] if c), "")
        m = NUMBERED.match(first) if first else None
        if m:
            current = by_ref.get(re.sub(r"\s+", "", m.group("ref") or m.group("dotted")))
        # Merged header cells stand a column off their data: look on both sides of «Metas».
        text = next((c for c in cells[max(goal - 1, 1) : goal + 2] if c), "")
        if current is not None and text and "goal" not in current:
            current["goal"] = text
        elif current is not None and text and text not in current["goal"]:
            current["goal"] += " " + text


FREQUENCIES = {"anual", "semestral", "trimestral", "mensual", "bimestral", "cuatrimestral",
               "quinquenal", "bianual", "bienal", "sexenal", "trienal"}  # fmt: skip


def join_by_order(document: dict[str, Any], grid: list[list[str]]) -> None:
    """Fill items from a table that continues theirs row by row (a wide table printed over two
    pages: the second holds the other columns of the same rows, in the same order). Goals and
    frequencies are taken; when the values sit one column off their headers (a frequent fault of
    exported transparency formats), the frequency words tell by how much."""
    items = sorted((n for n in nodes_of(document["nodes"]) if ROW in n), key=lambda n: n[ROW])
    header = find_header(grid)
    if header is None or not items:
        return
    # Roles by the header words alone: the values may sit under the wrong header.
    roles: dict[str, int] = {}
    headers = _headers(grid, header)
    for column, name in enumerate(headers):
        role = _role_of(name) if name else None
        if role is not None and (
            role not in roles or _rank(role, name) < _rank(role, headers[roles[role]])
        ):
            roles[role] = column
    data = [[clean(c) for c in row] for row in grid[header + 1 :] if any(clean(c) for c in row)]
    if len(data) != len(items):
        return
    offset = 0
    frequency = roles.get("frequency")
    if frequency is not None:
        for shift in (0, -1, 1):
            column = frequency + shift
            values = [fold(r[column]) for r in data if 0 <= column < len(r) and r[column]]
            if values and sum(1 for x in values if x in FREQUENCIES) >= 0.8 * len(values):
                offset = shift
                break
    for role, key in (("goal", "goal"), ("frequency", "evaluation_frequency")):
        named = roles.get(role)
        if named is None:
            continue
        for item, row in zip(items, data, strict=True):
            at = named + offset
            if key not in item and 0 <= at < len(row) and row[at]:
                item[key] = row[at]


def strip_rows(document: dict[str, Any]) -> None:
    for node in nodes_of(document["nodes"]):
        node.pop(ROW, None)
