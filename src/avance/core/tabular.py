"""Plans as tables (CSV, XLSX): Avance's own columns, or any layout through a column mapping.

Plain Python (openpyxl for XLSX). Avance's layout, written by the exports and read back here, has
one row per item in reading order:

    id, parent, level, ref, title, description, progress, status, note, evidence, responsible,
    goal, budget, beneficiaries_direct, beneficiaries_indirect, start, end, evaluation_frequency, weight

(`parent` is the `id` of the parent row; lists are separated by " | "; a responsible party is
"name; position; organization"). Other layouts are read with a mapping (JSON): one column per
level, from the root down, plus attribute columns; each row is an item at the deepest level whose
column is filled, and the levels above are found or created by title. See docs/import.md.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from avance.core.documents import DocumentError, limits
from avance.core.documents.vocabulary import fold
from avance.core.errors import Notice

COLUMNS = [
    "id",
    "parent",
    "level",
    "ref",
    "title",
    "description",
    "progress",
    "status",
    "note",
    "evidence",
    "responsible",
    "goal",
    "budget",
    "beneficiaries_direct",
    "beneficiaries_indirect",
    "start",
    "end",
    "evaluation_frequency",
    "weight",
]
# Written after COLUMNS by the exports and ignored on import: the item's full reference, the
# figure the roll-up computed and the cut-off the file shows.
EXPORT_COLUMNS = [*COLUMNS, "full_ref", "computed_progress", "cutoff"]
LIST_SEPARATOR = " | "


def read_table(
    path: str | Path, sheet: str | None = None
) -> tuple[list[str], list[dict[str, str]]]:
    """The header (row 1) and one record per row below it."""
    rows, source = read_rows(path, sheet)
    return _records(rows, source)


def sheet_names(path: str | Path) -> list[str]:
    """A workbook's sheets, in order ([] when it cannot be opened)."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True)
    except Exception:  # reported by read_rows
        return []
    names = list(book.sheetnames)
    book.close()
    return names


def read_rows(path: str | Path, sheet: str | None = None) -> tuple[list[list[str]], str]:
    """Every non-empty row as cell texts, and the source as messages name it."""
    path = Path(path)
    data = path.read_bytes()
    if not data.strip():
        raise DocumentError(f"{path}: the file is empty")
    if path.suffix.lower() == ".xlsx":
        rows, source = _read_xlsx(data, str(path), sheet)
    else:
        rows, source = _read_csv(data, str(path)), str(path)
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise DocumentError(f"{source}: no rows")
    return rows, source


def _capped(rows: Iterator[Sequence[Any]], source: str) -> list[list[str]]:
    """Rows as cell texts, stopping with a clear error as soon as a limit is crossed (a sheet
    of ten million rows is refused after the first few hundred thousand, not read whole)."""
    kept: list[list[str]] = []
    cells = 0
    for row in rows:
        texts = ["" if cell is None else _unneutralise(str(cell)) for cell in row]
        while texts and texts[-1] == "":  # trailing empty cells of wide sheets cost memory only
            texts.pop()
        if not texts:  # empty rows (a stray cell a million rows down) are not kept or counted
            continue
        cells += len(texts)
        kept.append(texts)
        limits.check_rows(len(kept), cells, source)
    return kept


def _read_csv(data: bytes, source: str) -> list[list[str]]:
    if b"\x00" in data[:4096]:
        raise DocumentError(f"{source}: this is binary data, not CSV text")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly anything
        raise DocumentError(f"{source}: the text is neither UTF-8 nor Windows-1252")
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        rows = _capped(reader, source)
    except csv.Error as exc:
        raise DocumentError(f"{source}: line {reader.line_num}: {exc}") from None
    return rows


def _read_xlsx(data: bytes, source: str, sheet: str | None) -> tuple[list[list[str]], str]:
    import openpyxl

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise DocumentError(
            f"{source}: not an XLSX workbook (an .xlsx is a ZIP package; this is not)"
        )
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        if "xl/workbook.xml" not in package.namelist():
            raise DocumentError(
                f"{source}: a ZIP file, but not an Excel workbook (no xl/workbook.xml)"
            )
    limits.check_package(data, source)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged packages
        raise DocumentError(
            f"{source}: the workbook is damaged ({exc.__class__.__name__})"
        ) from None
    names = book.sheetnames
    chosen = sheet or next(
        (n for n in names if n.lower() in {"nodes", "elementos", "plan items"}), names[0]
    )
    if chosen not in names:
        raise DocumentError(f"{source}: no sheet named {chosen!r}; sheets: {', '.join(names)}")
    try:
        sheet = book[chosen]
        # The dimension a file declares is not trusted: «A1:XFD1048576» would pad every row
        # to 16,384 cells. Rows come as stored.
        sheet.reset_dimensions()  # type: ignore[union-attr]
        rows = _capped(sheet.iter_rows(values_only=True), f"{source} [{chosen}]")  # type: ignore[union-attr]
    except DocumentError:
        raise
    except Exception as exc:  # damaged sheet XML surfaces only while rows are read
        raise DocumentError(
            f"{source} [{chosen}]: the sheet is damaged ({exc.__class__.__name__})"
        ) from None
    finally:
        book.close()
    return rows, f"{source} [{chosen}]"


def records(rows: list[list[str]], source: str) -> tuple[list[str], list[dict[str, str]]]:
    """Row 1 as the header, one record per row below it."""
    return _records(rows, source)


def _records(rows: list[list[str]], source: str) -> tuple[list[str], list[dict[str, str]]]:
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise DocumentError(f"{source}: no rows")
    header = [cell.strip() for cell in rows[0]]
    if len(set(h for h in header if h)) < len([h for h in header if h]):
        raise DocumentError(f"{source}: row 1: repeated column names")
    records = []
    for row in rows[1:]:
        records.append(
            {
                name: (row[i].strip() if i < len(row) else "")
                for i, name in enumerate(header)
                if name
            }
        )
    return header, records


JSON_FIELDS = {
    "organization",
    "author",
    "region",
    "beneficiaries",
    "alignment",
    "swot",
    "evaluation",
    "rollup",
    "report",
    "cutoff",
    "levels",
}


def read_plan_sheet(path: str | Path) -> dict[str, Any]:
    """The plan-level fields of a workbook Avance wrote (its "plan" sheet), or {}."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # already reported by read_table
        return {}
    if "plan" not in book.sheetnames:
        book.close()
        return {}
    out: dict[str, Any] = {}
    sheet = book["plan"]
    sheet.reset_dimensions()
    # Raw values (numbers stay numbers), a short sheet: its first rows only.
    rows = itertools.islice(sheet.iter_rows(values_only=True), 1, 1000)
    for row in rows:
        if not row or row[0] is None or len(row) < 2 or row[1] is None:
            continue
        key, value = str(row[0]).strip(), row[1]
        if key in JSON_FIELDS and isinstance(value, str):
            try:
                value = json.loads(value)
            except json.JSONDecodeError:
                raise DocumentError(f"{path} [plan]: field {key!r} is not valid JSON") from None
        out[key] = value
    book.close()
    return out


def is_avance_layout(header: list[str]) -> bool:
    names = {h.strip().lower() for h in header}
    return {"id", "parent", "level", "title"} <= names


def load_mapping(path: str | Path) -> dict[str, Any]:
    try:
        mapping = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DocumentError(f"{path}: not a readable JSON mapping ({exc})") from None
    if (
        not isinstance(mapping, dict)
        or not isinstance(mapping.get("levels"), list)
        or not mapping["levels"]
    ):
        raise DocumentError(
            f'{path}: a mapping needs "levels": [{{"label": ..., "column": ...}}, ...]'
        )
    return mapping


# -- cells ----------------------------------------------------------------------------------------


def clean_cell(text: str) -> str:
    """Text of a cell, HTML removed (published datasets keep rich-text descriptions)."""
    if "<" in text and ">" in text:
        import lxml.html

        try:
            text = " ".join(lxml.html.fromstring(f"<div>{text}</div>").itertext())
        except Exception:  # malformed markup: drop the tags
            text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _number(text: str, row: int, column: str, source: str, warnings: list[str]) -> float | None:
    text = text.strip().replace("%", "").replace("$", "").replace(",", "")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        warnings.append(
            Notice(
                "not_number",
                source,
                "row {row}, column {column!r}: {text!r} is not a number; left empty",
                row=row,
                column=column,
                text=text,
            )
        )
        return None


def _int_or_text(text: str) -> int | str | None:
    text = text.strip()
    if not text:
        return None
    digits = text.replace(",", "")
    return int(digits) if digits.isdigit() else text


def _date(text: str, row: int, column: str, source: str, warnings: list[str]) -> str | None:
    text = text.strip()[:10]
    if not text:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    if re.fullmatch(r"\d{4}", text):
        return f"{text}-12-31" if column == "end" else f"{text}-01-01"
    warnings.append(
        Notice(
            "not_date",
            source,
            "row {row}, column {column!r}: {text!r} is not a date (YYYY-MM-DD); left empty",
            row=row,
            column=column,
            text=text,
        )
    )
    return None


def _attributes(
    record: dict[str, str], columns: dict[str, Any], row: int, source: str, warnings: list[str]
) -> dict[str, Any]:
    """Node attributes from a row; `columns` maps attribute → column name (or list of names)."""
    out: dict[str, Any] = {}

    def get(name: str) -> str:
        column = columns.get(name)
        if isinstance(column, list):
            return LIST_SEPARATOR.join(
                record.get(c, "") for c in column if record.get(c, "").strip()
            )
        return record.get(column, "") if column else ""

    for name in ("description", "status", "note", "goal", "evaluation_frequency"):
        text = clean_cell(get(name))
        if text:
            out[name] = text
    for name in ("progress", "budget", "weight"):
        number = _number(get(name), row, str(columns.get(name)), source, warnings)
        if number is not None:
            if name == "progress" and not 0 <= number <= 100:
                warnings.append(
                    Notice(
                        "progress_range",
                        source,
                        "row {row}: progress {value} is outside 0-100; left empty",
                        row=row,
                        value=f"{number:g}",
                    )
                )
                continue
            out[name] = number
    for name in ("start", "end"):
        day = _date(get(name), row, name, source, warnings)
        if day:
            out[name] = day
    evidence = [item.strip() for item in get("evidence").split("|") if item.strip()]
    if evidence:
        out["evidence"] = evidence
    people = []
    for person in get("responsible").split("|"):
        parts = [p.strip() or None for p in person.split(";")]
        if any(parts):
            parts += [None] * (3 - len(parts))
            people.append({"name": parts[0], "position": parts[1], "organization": parts[2]})
    if people:
        out["responsible"] = people
    direct, indirect = (
        _int_or_text(get("beneficiaries_direct")),
        _int_or_text(get("beneficiaries_indirect")),
    )
    if direct is not None or indirect is not None:
        out["beneficiaries"] = {"direct": direct, "indirect": indirect}
    return out


# -- documents --------------------------------------------------------------------------------------


def to_document(
    header: list[str],
    records: list[dict[str, str]],
    source: str,
    mapping: dict[str, Any] | None = None,
    title: str | None = None,
) -> tuple[dict[str, Any], list[str]]:
    if mapping is None and is_avance_layout(header):
        return _from_avance_layout(records, source, title)
    if mapping is None:
        raise DocumentError(
            f"{source}: these columns are not Avance's layout (id, parent, level, title, ...); "
            "give a column mapping with --mapping (see docs/import.md)"
        )
    return _from_mapping(header, records, source, mapping, title)


def _plan(source: str, title: str | None, mapping: dict[str, Any] | None = None) -> dict[str, Any]:
    mapping = mapping or {}
    document: dict[str, Any] = {
        "schema": "avance.plan/1",
        "title": title or mapping.get("title") or Path(source.split(" [")[0]).stem,
        "kind": mapping.get("kind") or "otro",
    }
    if mapping.get("organization"):
        document["organization"] = {
            "name": mapping["organization"],
            "acronym": mapping.get("acronym"),
        }
    for key in ("start", "end"):
        if mapping.get(key):
            document[key] = mapping[key]
    return document


def _from_avance_layout(
    records: list[dict[str, str]], source: str, title: str | None
) -> tuple[dict[str, Any], list[str]]:
    warnings: list[str] = []
    columns = {name: name for name in COLUMNS}
    nodes: dict[str, dict[str, Any]] = {}
    roots: list[dict[str, Any]] = []
    levels: list[str] = []
    for row, record in enumerate(records, start=2):
        key = {k.lower(): v for k, v in record.items()}
        node_id, parent, level, name = (
            key.get("id", ""),
            key.get("parent", ""),
            key.get("level", ""),
            key.get("title", ""),
        )
        if not node_id or not name or not level:
            raise DocumentError(f"{source}: row {row}: id, level and title are required")
        if node_id in nodes:
            raise DocumentError(f"{source}: row {row}: id {node_id!r} is repeated")
        node: dict[str, Any] = {
            "level": level,
            "ref": key.get("ref") or None,
            "title": clean_cell(name),
        }
        node.update(_attributes(key, columns, row, source, warnings))
        nodes[node_id] = node
        if level not in levels:
            levels.append(level)
        if parent:
            if parent not in nodes:
                raise DocumentError(
                    f"{source}: row {row}: parent {parent!r} is not an earlier row's id"
                )
            nodes[parent].setdefault("children", []).append(node)
        else:
            roots.append(node)
    document = _plan(source, title)
    document["levels"] = levels
    document["nodes"] = roots
    return document, warnings


def _from_mapping(
    header: list[str],
    records: list[dict[str, str]],
    source: str,
    mapping: dict[str, Any],
    title: str | None,
) -> tuple[dict[str, Any], list[str]]:
    warnings: list[str] = []
    levels = mapping["levels"]
    missing = [lvl.get("column") for lvl in levels if lvl.get("column") not in header]
    attributes = mapping.get("columns") or {}
    for value in attributes.values():
        for column in value if isinstance(value, list) else [value]:
            if column not in header:
                missing.append(column)
    if missing:
        raise DocumentError(
            f"{source}: the mapping names columns the file does not have: {', '.join(map(str, missing))}"
        )
    roots: list[dict[str, Any]] = []
    index: dict[tuple[int, str], dict[str, Any]] = {}
    for row, record in enumerate(records, start=2):
        parent: dict[str, Any] | None = None
        path_key = ""
        deepest = max(
            (i for i, lvl in enumerate(levels) if record.get(lvl["column"], "").strip()), default=-1
        )
        if deepest < 0:
            warnings.append(
                Notice(
                    "no_level", source, "row {row}: no level column is filled; row skipped", row=row
                )
            )
            continue
        for depth, lvl in enumerate(levels[: deepest + 1]):
            name = clean_cell(record.get(lvl["column"], "")) or lvl.get("blank", "")
            if not name:
                warnings.append(
                    Notice(
                        "empty_level",
                        source,
                        "row {row}: column {column!r} is empty; row skipped",
                        row=row,
                        column=lvl["column"],
                    )
                )
                break
            path_key = f"{path_key}\x1f{name}"
            node = index.get((depth, path_key))
            if node is not None and depth == deepest:
                # Each row is an item of its own, even one that repeats a sibling's title.
                warnings.append(
                    Notice(
                        "repeated_title",
                        source,
                        "row {row}: «{title}» repeats the title of an earlier item under the same parent",
                        row=row,
                        title=name[:60],
                    )
                )
                node = None
            if node is None:
                node = {
                    "level": lvl["label"],
                    "ref": record.get(lvl["ref"], "").strip() or None if lvl.get("ref") else None,
                    "title": name,
                }
                if lvl.get("description") and record.get(lvl["description"], "").strip():
                    node["description"] = clean_cell(record[lvl["description"]])
                index[(depth, path_key)] = node
                (roots if parent is None else parent.setdefault("children", [])).append(node)
            parent = node
        else:
            if parent is not None:
                parent.update(_attributes(record, attributes, row, source, warnings))
                if indicator := _mapped_indicator(record, mapping.get("indicator"), parent):
                    parent.setdefault("indicators", []).append(indicator)
    document = _plan(source, title, mapping)
    document["levels"] = [lvl["label"] for lvl in levels]
    document["nodes"] = roots
    return document, warnings


# What a mapping's "indicator" entry may name: {"name": "Indicador", "method": "Fórmula", ...}.
INDICATOR_COLUMNS = (
    "name", "key", "definition", "method", "unit", "frequency", "baseline", "goal", "sentido",
    "verification", "assumptions",
)  # fmt: skip
MIR_LEVEL_NAMES = {"fin": "fin", "proposito": "proposito", "componente": "componente",
                   "actividad": "actividad"}  # fmt: skip


def _mapped_indicator(
    record: dict[str, str], columns: dict[str, str] | None, node: dict[str, Any]
) -> dict[str, Any] | None:
    """The row's indicator, from the columns a mapping names for it (its "indicator" entry),
    in the terms of avance.plan/1; None without a mapping for it or a name in the row."""
    if not columns:
        return None
    cell = {
        key: clean_cell(record.get(columns[key], "")) for key in INDICATOR_COLUMNS if key in columns
    }
    if not cell.get("name"):
        return None
    indicator: dict[str, Any] = {"name": cell["name"]}
    for key in ("key", "definition", "method", "unit", "frequency", "assumptions"):
        if cell.get(key):
            indicator[key] = cell[key]
    for key in ("baseline", "goal"):
        text = cell.get(key, "").replace(",", "").replace("%", "").strip()
        try:
            indicator[key] = float(text) if text else None
        except ValueError:
            indicator[key] = None
            if key == "baseline":
                indicator["baseline_note"] = cell[key]
        if indicator[key] is None:
            del indicator[key]
    sentido = fold(cell.get("sentido", "")).split()
    if sentido and sentido[0] in ("ascendente", "descendente"):
        indicator["sentido"] = "ascending" if sentido[0] == "ascendente" else "descending"
    if level := MIR_LEVEL_NAMES.get(fold(node.get("level") or "")):
        indicator["mir_level"] = level
    indicator["variables"] = [
        {"name": "VALOR", **({"source": cell["verification"]} if cell.get("verification") else {})}
    ]
    return indicator


def write_rows(document: dict[str, Any]) -> list[list[str]]:
    """Avance's layout for a plan document: the header, then one row per item in reading order
    (EXPORT_COLUMNS: the importable columns, then what the export computed)."""
    from avance.core.refs import full_ref

    rows = [list(EXPORT_COLUMNS)]
    cutoff = (document.get("cutoff") or {}).get("label") or ""
    counter = 0

    def walk(nodes: list[dict[str, Any]], parent: str, parent_ref: str) -> None:
        nonlocal counter
        for node in nodes:
            counter += 1
            node_id = str(counter)
            beneficiaries = node.get("beneficiaries") or {}
            row = {
                "id": node_id,
                "parent": parent,
                "level": node["level"],
                "ref": node.get("ref") or "",
                "title": node["title"],
                "description": node.get("description") or "",
                "progress": _fmt(node.get("progress")),
                "status": node.get("status") or "",
                "note": node.get("note") or "",
                "evidence": LIST_SEPARATOR.join(node.get("evidence") or []),
                "responsible": LIST_SEPARATOR.join(
                    ";".join(p.get(k) or "" for k in ("name", "position", "organization"))
                    for p in node.get("responsible") or []
                ),
                "goal": node.get("goal") or "",
                "budget": _fmt(node.get("budget")),
                "beneficiaries_direct": _fmt(beneficiaries.get("direct")),
                "beneficiaries_indirect": _fmt(beneficiaries.get("indirect")),
                "start": node.get("start") or "",
                "end": node.get("end") or "",
                "evaluation_frequency": node.get("evaluation_frequency") or "",
                "weight": _fmt(node.get("weight")),
                "full_ref": full_ref(parent_ref, node.get("ref") or ""),
                "computed_progress": _fmt(node.get("computed_progress")),
                "cutoff": cutoff,
            }
            rows.append([row[c] for c in EXPORT_COLUMNS])
            walk(node.get("children") or [], node_id, row["full_ref"] or parent_ref)

    walk(document.get("nodes") or [], "", "")
    return rows


# A spreadsheet program runs a cell that starts with one of these as a formula (=HYPERLINK(…),
# =cmd|' /C calc'!A0): exported text that starts so gets a leading apostrophe, which the
# programs show as text, and which the import takes off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def neutralise(value: Any) -> Any:
    """A cell value that no spreadsheet program will evaluate (numbers stay numbers)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.match(value):
        return "'" + value
    return value


def _unneutralise(cell: str) -> str:
    if cell.startswith("'") and cell[1:2] and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
