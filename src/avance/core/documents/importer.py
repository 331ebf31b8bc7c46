"""One file in, one avance.plan/1 document and its warnings out. Plain Python."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from avance.core import interchange, tabular
from avance.core.consistency import differs
from avance.core.documents import Document, DocumentError, readers, tables
from avance.core.documents.recognition import recognize
from avance.core.rollup import Settings, rollup

TABULAR = {".csv", ".xlsx", ".tsv"}
UNTITLED = "Plan sin título"
PROGRAMME = re.compile(r"\bprograma\s+(?P<name>[A-Z]\d{3,}.*)$", re.I)


def import_file(
    path: str | Path, mapping: dict[str, Any] | None = None
) -> tuple[dict[str, Any], list[str]]:
    path = Path(path)
    if not path.is_file():
        raise DocumentError(f"{path}: file not found")
    size = path.stat().st_size
    if size > readers.MAX_BYTES:
        raise DocumentError(
            f"{path}: {size / 1_048_576:.0f} MB is over the {readers.MAX_BYTES // 1_048_576} MB limit"
        )
    if path.suffix.lower() in TABULAR:
        rows, source = tabular.read_rows(path)
        if mapping is None and not tabular.is_avance_layout(rows[0]):
            try:
                document, warnings = tables.to_document(rows, source)
            except ValueError as exc:
                raise DocumentError(
                    f"{exc}; or give a column mapping with --mapping (see docs/import.md)"
                ) from None
            return _finish(document, warnings, path)
        header, records = tabular.records(rows, source)
        document, warnings = tabular.to_document(header, records, str(path), mapping)
        if path.suffix.lower() == ".xlsx" and mapping is None:
            extra = tabular.read_plan_sheet(path)  # a workbook Avance wrote carries the plan too
            document.update({k: v for k, v in extra.items() if k not in {"schema", "nodes"}})
    else:
        read = readers.read(path)
        document, warnings = recognize(read)
        if not document["nodes"] and path.suffix.lower() == ".pdf":
            document, warnings = _from_pdf_tables(path, read, document, warnings)
        if not document["nodes"]:
            document, warnings = _from_paragraphs(read, document, warnings)
    return _finish(document, warnings, path)


def _from_pdf_tables(
    path: Path, read: Document, document: dict[str, Any], warnings: list[str]
) -> tuple[dict[str, Any], list[str]]:
    """A PDF whose text has no numbering or lists, whose plan is in ruled tables (a MIR, a
    table of indicators): the largest table that reads as a plan."""
    from avance.core.documents.readers.pdf import tables as pdf_tables

    best: tuple[dict[str, Any], list[str]] | None = None
    for grid in sorted(pdf_tables(path.read_bytes()), key=len, reverse=True):
        try:
            found, notes = tables.to_document(grid, str(path))
        except ValueError:
            continue
        if found["nodes"]:
            best = (found, notes)
            break
    if best is None:
        return document, warnings
    found, notes = best
    # The text gave no structure, so its title guess is no better: the first line above the
    # table names the document (a table's own title row was already taken, if it had one).
    if found.get("title") in (None, "", UNTITLED) or not found.get("organization"):
        found["title"] = _first_line(read) or found.get("title") or UNTITLED
    for key in ("organization", "start", "end", "issued"):
        if document.get(key) and not found.get(key):
            found[key] = document[key]
    if found["nodes"][0]["level"] == "Fin":  # a MIR: its Fin is the plan's objective
        found.setdefault("objective", found["nodes"][0]["title"])
    if (m := PROGRAMME.search(found["title"])) is not None:
        found.setdefault("program", m.group("name").strip())
    notes.append(f"{path}: the plan was read from the document's tables; check its structure")
    return found, warnings + notes


def _from_paragraphs(
    read: Document, document: dict[str, Any], warnings: list[str]
) -> tuple[dict[str, Any], list[str]]:
    """No numbering, no lists, no tables: each heading (or else each paragraph) becomes an item
    of one level, so a person can fix the structure instead of retyping the text."""
    blocks = [b for b in read.blocks if b.kind == "heading" and b.text.strip()]
    if len(blocks) < 2:
        blocks = [b for b in read.blocks if b.kind == "para" and len(b.text.split()) >= 3]
    if len(blocks) < 2:  # one paragraph is no plan to fix
        return document, warnings
    document = dict(document)
    document["levels"] = ["Elemento"]
    document["nodes"] = [{"level": "Elemento", "title": b.text.strip()[:500]} for b in blocks]
    return document, [
        *warnings,
        f"{read.source}: no numbering, lists or tables were found: its {len(blocks)} "
        f"{'headings' if blocks[0].kind == 'heading' else 'paragraphs'} were taken as items of "
        "one level; check the structure before loading",
    ]


def _first_line(read: Document) -> str:
    for block in read.blocks:
        text = " ".join(block.text.split())
        if 3 <= len(text) <= 150:
            return text
    return ""


def _finish(
    document: dict[str, Any], warnings: list[str], path: Path
) -> tuple[dict[str, Any], list[str]]:
    if not document["nodes"]:
        raise DocumentError(
            f"{path}: no plan items were recognised (no numbered or labelled items, no lists)"
        )
    try:
        interchange.validate(document, str(path))
    except interchange.InvalidDocument as exc:  # a recogniser bug, not the user's: say so
        raise DocumentError(
            f"{path}: the imported plan is not valid avance.plan/1:\n{exc}"
        ) from None
    warnings.extend(declared_differences(document, str(path)))
    return document, warnings


def declared_differences(document: dict[str, Any], source: str) -> list[str]:
    """Inner items whose declared progress differs from the mean of their items by more than the tolerance."""
    rows = []
    declared: dict[int, tuple[float, dict[str, Any]]] = {}
    counter = 0

    def walk(nodes: list[dict[str, Any]], parent: int | None) -> None:
        nonlocal counter
        for node in nodes:
            counter += 1
            me = counter
            children = node.get("children") or []
            rows.append((me, parent, 1.0, None if children else node.get("progress"), None))
            if children and node.get("progress") is not None:
                declared[me] = (node["progress"], node)
            walk(children, me)

    walk(document["nodes"], None)
    result = rollup(rows, Settings())
    out = []
    for node_id, (value, node) in declared.items():
        computed = result.percent(node_id)
        if computed is not None and differs(value, computed):
            out.append(
                f"{source}: {node['level']} {node.get('ref') or ''} «{node['title'][:50]}» declares "
                f"{value:g}% but the mean of its items is {computed:.2f}%"
            )
    total = (document.get("report") or {}).get("progress")
    if (
        total is not None
        and result.total.percent is not None
        and differs(total, result.total.percent)
    ):
        out.append(
            f"{source}: the document declares {total:g}% global progress; the mean of its items is "
            f"{result.total.percent:.2f}%"
        )
    return out
