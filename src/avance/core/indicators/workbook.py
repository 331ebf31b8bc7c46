"""The indicators workbook: one row per indicator and reporting period, in the columns of the
Mexican transparency format for «indicadores de resultados» (LGTAIP art. 70, fr. VI) followed by
the columns Avance needs to read it back (key, formula, variables, profile...). Plain Python:
`to_rows` writes records, `from_rows` reads them; the columns are defined once, here."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from avance.core.documents import DocumentError

# (record key, header as the transparency format and Avance write it)
COLUMNS: list[tuple[str, str]] = [
    ("year", "Ejercicio"),
    ("period_start", "Fecha de inicio del periodo que se informa"),
    ("period_end", "Fecha de término del periodo que se informa"),
    ("objective", "Objetivo institucional"),
    ("name", "Nombre del indicador"),
    ("dimension", "Dimensión a medir"),
    ("definition", "Definición del indicador"),
    ("method", "Método de cálculo"),
    ("unit", "Unidad de medida"),
    ("frequency", "Frecuencia de medición"),
    ("baseline", "Línea base"),
    ("goal_original", "Metas programadas"),
    ("goal_current", "Metas ajustadas en su caso"),
    ("value", "Avance de las metas"),
    ("sentido", "Sentido del indicador"),
    ("source", "Fuente de información de los datos"),
    ("reporting_unit", "Área responsable de la información"),
    # Avance's own columns, to read the workbook back
    ("key", "Clave"),
    ("ref", "Referencia del elemento"),
    ("mir_level", "Nivel de la MIR"),
    ("kind", "Tipo"),
    ("formula_type", "Tipo de fórmula"),
    ("expression", "Fórmula"),
    ("variables", "Variables"),
    ("values", "Valores de las variables"),
    ("accumulated", "Acumulado"),
    ("profile", "Perfil del semáforo"),
    ("achievement", "Cumplimiento (%)"),
    ("light", "Semáforo"),
    ("period", "Periodo"),
]
HEADERS = [header for _key, header in COLUMNS]
# Words the format uses for values Avance stores as codes.
SENTIDOS = {"ascending": "Ascendente", "descending": "Descendente", "band": "Banda"}
DIMENSIONS = {
    "eficacia": "Eficacia",
    "eficiencia": "Eficiencia",
    "economia": "Economía",
    "calidad": "Calidad",
    "": "",
}
LIGHTS = {"green": "Verde", "yellow": "Amarillo", "red": "Rojo", "": "Sin información"}
YES, NO = "Sí", "No"


def to_rows(records: list[dict[str, Any]]) -> list[list[Any]]:
    """A header row and one row per record (see COLUMNS for the keys a record has)."""
    rows: list[list[Any]] = [list(HEADERS)]
    for record in records:
        shown = dict(record)
        shown["sentido"] = SENTIDOS.get(record.get("sentido", ""), record.get("sentido", ""))
        shown["dimension"] = DIMENSIONS.get(record.get("dimension", ""), record.get("dimension"))
        shown["light"] = LIGHTS.get(record.get("light", ""), "")
        shown["accumulated"] = YES if record.get("accumulated") else NO
        shown["variables"] = json.dumps(record.get("variables", []), ensure_ascii=False)
        shown["values"] = json.dumps(record.get("values") or {}, ensure_ascii=False)
        rows.append([_cell(shown.get(key)) for key, _header in COLUMNS])
    return rows


def from_rows(rows: list[list[Any]], source: str = "workbook") -> list[dict[str, Any]]:
    """Records from a workbook's rows (the header row first). DocumentError names the row and
    column of a value it cannot read."""
    if not rows:
        raise DocumentError(f"{source}: the workbook is empty")
    header = [str(h or "").strip() for h in rows[0]]
    missing = [h for h in HEADERS if h not in header]
    if missing:
        raise DocumentError(f"{source}: columns missing: {', '.join(missing)}")
    where = {h: header.index(h) for h in HEADERS}
    back = {v: k for k, v in SENTIDOS.items()}
    dims = {v: k for k, v in DIMENSIONS.items()}
    lights = {v: k for k, v in LIGHTS.items()}
    records = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(str(c or "").strip() for c in row):
            continue
        cell = {key: (row[where[h]] if where[h] < len(row) else None) for key, h in COLUMNS}
        record: dict[str, Any] = {key: _text(value) for key, value in cell.items()}
        for key in ("baseline", "goal_original", "goal_current", "value", "achievement"):
            record[key] = _number(cell[key], number, dict(COLUMNS)[key], source)
        record["year"] = int(record["year"]) if record["year"] else None
        for key in ("period_start", "period_end"):
            record[key] = _date(cell[key], number, dict(COLUMNS)[key], source)
        record["sentido"] = back.get(record["sentido"], record["sentido"])
        record["dimension"] = dims.get(record["dimension"], record["dimension"])
        record["light"] = lights.get(record["light"], "")
        record["accumulated"] = record["accumulated"] == YES
        for key in ("variables", "values"):
            try:
                record[key] = json.loads(record[key] or ("[]" if key == "variables" else "{}"))
            except json.JSONDecodeError:
                raise DocumentError(
                    f"{source}: row {number}, column {dict(COLUMNS)[key]!r}: not JSON"
                ) from None
        records.append(record)
    return records


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float):
        return int(value) if value.is_integer() else round(value, 4)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value).strip()


def _number(value: Any, row: int, column: str, source: str) -> float | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        return float(str(value).replace(",", ""))
    except ValueError:
        raise DocumentError(
            f"{source}: row {row}, column {column!r}: {value!r} is not a number"
        ) from None


def _date(value: Any, row: int, column: str, source: str) -> str:
    if value is None or str(value).strip() == "":
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise DocumentError(
            f"{source}: row {row}, column {column!r}: {value!r} is not a date (YYYY-MM-DD)"
        ) from None
