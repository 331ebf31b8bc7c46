"""A network's statistics as files: the tidy published data (CSV, XLSX, JSON) and the upload
template of a form. Formatters over networks.figures; registered in one dict each."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from avance.core import statistics
from avance.networks import figures
from avance.networks.models import StatsForm
from avance.organizations.models import Organization
from avance.reports.formats.workbook import write_csv, write_xlsx

# The template's columns: the field to fill (its key), what it is, and the value.
TEMPLATE_COLUMNS = ["campo", "variable", "categoria", "tipo", "unidad", "valor"]


def _tidy_table(rows: list[dict[str, Any]]) -> list[list[Any]]:
    return [figures.TIDY_COLUMNS] + [[row[c] for c in figures.TIDY_COLUMNS] for row in rows]


def tidy_csv(rows: list[dict[str, Any]]) -> bytes:
    return write_csv(_tidy_table(rows))


def tidy_xlsx(rows: list[dict[str, Any]]) -> bytes:
    return write_xlsx({"datos": _tidy_table(rows)})


def tidy_json(rows: list[dict[str, Any]]) -> bytes:
    return json.dumps(rows, ensure_ascii=False, indent=1).encode("utf-8")


TIDY: dict[str, Callable[[list[dict[str, Any]]], bytes]] = {
    "csv": tidy_csv,
    "xlsx": tidy_xlsx,
    "json": tidy_json,
}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def tidy(network: Organization, fmt: str, *, period_key: str | None = None) -> bytes:
    if fmt not in TIDY:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(TIDY)}")
    return TIDY[fmt](figures.tidy_rows(network, period_key=period_key))


def read_definition(path: Path, name: str) -> dict[str, Any]:
    """A form's definition from its workbook (sheets «variables», «desagregaciones»,
    «reglas»), read through core.tabular and its limits; messages name the file as `name`."""
    from avance.core import tabular
    from avance.core.documents import DocumentError

    try:
        sheets = {
            sheet: tabular.read_rows(path, sheet)[0]
            for sheet in tabular.sheet_names(path)
            if sheet in statistics.DEFINITION_SHEETS
        }
    except DocumentError as exc:
        raise DocumentError(str(exc).replace(str(path), name)) from None
    return statistics.definition_from_sheets(sheets, name)


def template_rows(form: StatsForm, values: dict[str, Any] | None = None) -> list[list[Any]]:
    """One row per field of the form's latest version, with the value column to fill."""
    version = form.versions.order_by("-number").first()
    assert version is not None
    definition = statistics.read_form(version.definition)
    values = values or {}
    rows: list[list[Any]] = [TEMPLATE_COLUMNS]
    for key, variable, category in definition.fields():
        breakdown = definition.breakdown(variable)
        label = dict(breakdown.categories)[category] if breakdown and category else ""
        rows.append(
            [
                key,
                variable.name,
                label,
                variable.kind,
                variable.unit,
                statistics.shown(values.get(key)),
            ]
        )
    return rows


def template(form: StatsForm, fmt: str) -> bytes:
    if fmt == "xlsx":
        return write_xlsx({"plantilla": template_rows(form)})
    if fmt == "csv":
        return write_csv(template_rows(form))
    raise ValueError(f"unknown template format {fmt!r}; use xlsx or csv")
