"""One file in, one avance.plan/1 document and its warnings out. Plain Python."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from avance.core import interchange, tabular
from avance.core.consistency import differs
from avance.core.documents import Document, DocumentError, limits, readers, tables
from avance.core.documents import vocabulary as v
from avance.core.documents.recognition import outline, recognize
from avance.core.errors import Notice
from avance.core.interchange import fold, nodes_of
from avance.core.rollup import Settings, rollup

TABULAR = {".csv", ".xlsx", ".tsv"}
# The ruled-table pass of a PDF is limited by its own processor time, so that a busy or slow
# machine does not change what is read: 10 s and 1 s a page, at most 60 s (the corpus's slowest
# needs 1.2 s a page on a two-page file, 0.3 s a page on 26 pages, and up to 2.5 times that on a
# slower machine; a damaged page kept it busy for minutes). Ten times that in wall time is only a
# backstop.
TABLE_SECONDS = 10
TABLE_SECONDS_PER_PAGE = 1
TABLE_SECONDS_MAX = 60
TABLE_MEMORY_MB = 1536
UNTITLED = "Plan sin título"
PROGRAMME = re.compile(r"\bprograma\s+(?P<name>[A-Z]\d{3,}.*)$", re.I)


def import_file(
    path: str | Path, mapping: dict[str, Any] | None = None
) -> tuple[dict[str, Any], list[str]]:
    """The plan a file holds, and warnings; DocumentError (saying what and where) for a file that
    cannot be imported, whatever the reading library raised."""
    try:
        return _import(Path(path), mapping)
    except (DocumentError, MemoryError):
        raise
    except RecursionError:
        raise DocumentError(f"{path}: the file nests too deeply to be read") from None
    except Exception as exc:
        raise DocumentError(
            f"{path}: the file is damaged or not what its name says ({exc.__class__.__name__})"
        ) from None


def _import(path: Path, mapping: dict[str, Any] | None) -> tuple[dict[str, Any], list[str]]:
    if not path.is_file():
        raise DocumentError(f"{path}: file not found")
    size = path.stat().st_size
    if size > limits.MAX_FILE_BYTES:
        raise DocumentError(
            f"{path}: {size / 1_048_576:.0f} MB is over the "
            f"{limits.MAX_FILE_BYTES // 1_048_576} MB limit"
        )
    if path.suffix.lower() in TABULAR:
        rows, source = tabular.read_rows(path)
        if mapping is None and not tabular.is_avance_layout(rows[0]):
            document, warnings = _best_sheet(path, rows, source)
            return _finish(document, warnings, path)
        header, records = tabular.records(rows, source)
        document, warnings = tabular.to_document(header, records, str(path), mapping)
        if path.suffix.lower() == ".xlsx" and mapping is None:
            extra = tabular.read_plan_sheet(path)  # a workbook Avance wrote carries the plan too
            document.update({k: v for k, v in extra.items() if k not in {"schema", "nodes"}})
    else:
        read = readers.read(path)
        meta = _front_matter(read)
        document, warnings = recognize(read)
        document = _with_front_matter(document, meta)
        document, outlined, warnings = _prefer_outline(read, document, warnings)
        if document.get("title") == UNTITLED and (cover := cover_title(read)):
            document = {**document, "title": cover}
            if document.get("kind", "otro") == "otro":
                document["kind"] = kind_of_title(cover)
        if not outlined:
            document, warnings = _from_tables(_grids(path, read), path, read, document, warnings)
        if not document["nodes"]:
            document, warnings = _from_headings(read, document, warnings)
        if not document["nodes"]:
            document, warnings = _from_paragraphs(read, document, warnings)
    return _finish(document, warnings, path)


PLAN_WORDS = re.compile(r"\b(plan|programa|matriz|agenda|estrategia|informe)\b", re.I)


def cover_title(read: Document) -> str:
    """A title set in capitals over several lines at the top of the first page («IV PLAN DE
    ACCIÓN / NACIONAL DE / ESTADO ABIERTO / 2020-2022»), joined, when it names a plan."""
    lines: list[str] = []
    for block in read.blocks:
        text = " ".join(block.text.split())
        if block.line >= 2000 or len(lines) >= 6:
            break
        letters = [c for c in text if c.isalpha()]
        upper = not letters or sum(c.isupper() for c in letters) >= 0.8 * len(letters)
        if not upper or not text:
            if lines:
                break
            continue
        lines.append(text.rstrip(":"))
    title = " ".join(lines)
    return title if PLAN_WORDS.search(title) and len(title) <= 200 else ""


def kind_of_title(title: str) -> str:
    folded = fold(title)
    if re.search(r"\bpoa\b|programa operativo anual", folded):
        return "programa_operativo_anual"
    if re.search(r"(estado|gobierno|parlamento|justicia) abierto", folded) and "accion" in folded:
        return "plan_accion_estado_abierto"
    if re.search(r"(plan|programa) (anual )?de trabajo", folded):
        return "plan_anual_trabajo"
    return "otro"


def _prefer_outline(
    read: Document, document: dict[str, Any], warnings: list[str]
) -> tuple[dict[str, Any], bool, list[str]]:
    """The tree the numbering gives («1.1.-», «1.1.1.-»…) when it has far more consistently
    numbered items than the labelled reading found: plans whose numbers say it all, laid out in
    ways that break the labelled reading (tables without rules, two columns)."""
    nodes, levels = outline.read(read.blocks)
    numbered = sum(1 for n in nodes_of(document["nodes"]) if n.get("ref"))
    if len(nodes_of(nodes)) < max(10, 2 * numbered):
        listed, list_levels = outline.sequence(read.blocks)
        if listed and well_formed(document["nodes"]) < WELL_FORMED <= well_formed(listed):
            return (
                {**document, "nodes": listed, "levels": list_levels},
                True,
                [
                    *warnings,
                    f"{read.source}: the items were read from the document's numbered list of "
                    f"{list_levels[-1].lower()}s; their details stay in the text",
                ],
            )
        return document, False, warnings
    return (
        {**document, "nodes": nodes, "levels": levels},
        True,
        [
            *warnings,
            f"{read.source}: the items were read from their numbering ({len(nodes_of(nodes))} items); "
            "check the levels' names",
        ],
    )


# Front matter of Markdown exports: «Title: …», «Summary: …», «Date: …» before the text.
FRONT_MATTER = re.compile(
    r"^(?P<key>title|t[ií]tulo|summary|resumen|description|descripci[oó]n|date|fecha|author|autor"
    r"|tags|etiquetas|lang|language|source|fuente|url|slug|categor(?:y|ies|[ií]as?))\s*:\s*(?P<value>.*)$",
    re.I,
)


def _front_matter(read: Document) -> dict[str, str]:
    """Leading «Key: value» lines of a Markdown export, taken out of the text: they describe the
    file, they are not the plan's text (nor its institution)."""
    meta: dict[str, str] = {}
    while read.blocks and read.blocks[0].kind != "table":
        text = " ".join(read.blocks[0].text.split()).strip("-")
        m = FRONT_MATTER.match(text)
        if text and m is None:
            break
        if m is not None:
            meta[fold_key(m.group("key"))] = m.group("value").strip().strip("\"'")
        read.blocks.pop(0)
    return meta


def fold_key(key: str) -> str:
    folded = fold(key)
    return {"titulo": "title", "fecha": "date", "autor": "author"}.get(folded, folded)


def _with_front_matter(document: dict[str, Any], meta: dict[str, str]) -> dict[str, Any]:
    if not meta:
        return document
    document = dict(document)
    if meta.get("title") and document.get("title") in (None, "", UNTITLED):
        document["title"] = meta["title"]
        if document.get("kind", "otro") == "otro":
            document["kind"] = kind_of_title(meta["title"])
    if meta.get("date") and "issued" not in document:
        found = v.spanish_dates(meta["date"]) or v.iso_dates(meta["date"])
        if found:
            document["issued"] = found[0].isoformat()
    return document


def _best_sheet(path: Path, rows: list[list[str]], source: str) -> tuple[dict[str, Any], list[str]]:
    """A planning workbook read as a plan: its first sheet, or the sheet that reads as the most
    plan when the first does not (templates keep instructions or catalogues on other sheets)."""
    readings: list[tuple[int, dict[str, Any], list[str]]] = []
    problems: list[str] = []
    for sheet_rows, sheet_source in _sheets(path, rows, source):
        try:
            document, warnings = read_table(sheet_rows, sheet_source)
        except ValueError as exc:
            problems.append(str(exc))
            continue
        readings.append((len(nodes_of(document["nodes"])), document, warnings))
        if sheet_source == source and readings[0][0]:
            break  # the first sheet reads as a plan: it is the plan, the others are not read
    if not readings:
        raise DocumentError(
            f"{problems[0]}; or give a column mapping with --mapping (see docs/import.md)"
        )
    _count, document, warnings = max(readings, key=lambda r: r[0])
    return document, warnings


def _sheets(
    path: Path, rows: list[list[str]], source: str
) -> Iterator[tuple[list[list[str]], str]]:
    """The first sheet's rows (already read), then each further sheet's, read when asked for."""
    yield rows, source
    if path.suffix.lower() != ".xlsx":
        return
    for name in tabular.sheet_names(path)[1:10]:
        try:
            yield tabular.read_rows(path, name)
        except DocumentError:
            continue


def read_table(grid: list[list[str]], source: str) -> tuple[dict[str, Any], list[str]]:
    """A planning table read as a plan; any failure of the reading is the table's, said as one."""
    try:
        return tables.to_document(grid, source)
    except ValueError:
        raise
    except (IndexError, KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"{source}: the table could not be read as a plan ({exc!r})") from None


def table_budget(read: Document) -> int:
    """Seconds of processor time for the table pass of a PDF read as `read`."""
    pages = max((block.line // 1000 for block in read.blocks), default=1)  # numbered from 1
    return min(TABLE_SECONDS_MAX, TABLE_SECONDS + TABLE_SECONDS_PER_PAGE * pages)


def _grids(path: Path, read: Document) -> list[list[list[str]]]:
    """The document's tables as grids of cell texts: a PDF's ruled tables, a Word or HTML
    document's tables."""
    if path.suffix.lower() == ".pdf":
        from avance.core.documents.isolation import run_limited
        from avance.core.documents.readers.pdf import tables as pdf_tables

        # The table finder is a second reading, in a child process with its own limits: a
        # damaged page can keep PyMuPDF busy for minutes, and then the tables are done without.
        budget = table_budget(read)
        try:
            grids: list[list[list[str]]] = run_limited(
                pdf_tables,
                path.read_bytes(),
                source=str(path),
                seconds=budget * 10,
                cpu_seconds=budget,
                memory_mb=TABLE_MEMORY_MB,
            )
        except Exception:  # its failure is not the file's
            return []
        return grids
    return [
        [
            [" ".join(f"{b.marker} {b.text}".strip() for b in cell) for cell in row]
            for row in block.rows
        ]
        for block in read.blocks
        if block.kind == "table" and len(block.rows) >= 2
    ]


def _from_tables(
    grids: list[list[list[str]]],
    path: Path,
    read: Document,
    document: dict[str, Any],
    warnings: list[str],
) -> tuple[dict[str, Any], list[str]]:
    """A document whose plan is in tables (a MIR, a POA's matrix of activities, a table of
    indicators): the table that reads as the most plan, when it gives more numbered items than
    the text did."""
    readings = []
    for grid in grids:
        try:
            found, notes = read_table(grid, str(path))
        except ValueError:
            continue
        if found["nodes"]:
            # The plan's own table reads as titles, nests the most levels, has the most items.
            shape = (well_formed(found["nodes"]) >= WELL_FORMED, len(found["levels"]))
            readings.append((shape, len(nodes_of(found["nodes"])), found, notes))
    best = None
    if readings:
        _shape, _count, found, notes = max(readings, key=lambda r: (r[0], r[1]))
        for grid in grids:
            tables.join_by_ref(found, grid)
            tables.join_by_order(found, grid)
        best = (found, notes)
    if best is None or (
        document["nodes"] and strength(best[0]["nodes"]) <= strength(document["nodes"])
    ):
        return document, warnings
    found, notes = best
    if document["nodes"]:
        # The text had a structure, only a broken one: its plan fields (title, kind, dates,
        # goals, budget) stand; the items and levels come from the tables.
        found = {**found, **{k: v for k, v in document.items() if k not in {"nodes", "levels"}}}
    elif found.get("title") in (None, "", UNTITLED) or not found.get("organization"):
        # The text gave no structure, so its title guess is no better: the first line above
        # the table names the document (a table's own title row was taken already, if any).
        found["title"] = _first_line(read) or found.get("title") or UNTITLED
    if found["nodes"][0]["level"] == "Fin":  # a MIR: its Fin is the plan's objective
        found.setdefault("objective", found["nodes"][0]["title"])
    if (m := PROGRAMME.search(found["title"])) is not None:
        found.setdefault("program", m.group("name").strip())
    notes.append(f"{path}: the plan was read from the document's tables; check its structure")
    return found, warnings + notes


# Below this share of well-formed item titles, the text reading of a PDF is taken for pieces of
# table cells read line by line, and the PDF's ruled tables are read instead when they do better.
WELL_FORMED = 0.8


def well_formed(nodes: list[dict[str, Any]]) -> float:
    """The share of item titles that read as titles: two words or more, starting with a capital
    or a digit, not cut after a comma or a preposition. Line-by-line reading of table cells gives
    «planta académica.», «Incrementar la», «capacitación,»."""
    titles = [n["title"] for n in nodes_of(nodes)]
    if not titles:
        return 0.0
    good = 0
    for title in titles:
        words = title.split()
        cut = words[-1].lower().rstrip() in CUT_WORDS or title.rstrip().endswith(",")
        if len(words) >= 2 and (title[0].isupper() or title[0].isdigit()) and not cut:
            good += 1
    return good / len(titles)


def strength(nodes: list[dict[str, Any]]) -> int:
    """How much plan a reading found: its items with a number and a title that reads as one."""
    return sum(1 for n in nodes_of(nodes) if n.get("ref") and well_formed([n]) == 1.0)


CUT_WORDS = {
    "de",
    "del",
    "la",
    "las",
    "los",
    "el",
    "y",
    "e",
    "en",
    "a",
    "para",
    "con",
    "por",
    "que",
}


def _from_headings(
    read: Document, document: dict[str, Any], warnings: list[str]
) -> tuple[dict[str, Any], list[str]]:
    skip = {fold(document.get("title") or "")}
    organization = (document.get("organization") or {}).get("name") or ""
    acronym = (document.get("organization") or {}).get("acronym")
    skip |= {fold(organization), fold(f"{organization} ({acronym})")}
    nodes, levels = outline.headings(read.blocks, skip)
    if not nodes:
        return document, warnings
    return {**document, "nodes": nodes, "levels": levels}, [
        *warnings,
        f"{read.source}: the items were read from the headings' levels and the lists under "
        "them; check the levels' names",
    ]


def _from_paragraphs(
    read: Document, document: dict[str, Any], warnings: list[str]
) -> tuple[dict[str, Any], list[str]]:
    """No numbering, no lists, no tables: each heading (or else each paragraph) becomes an item
    of one level, so a person can fix the structure instead of retyping the text."""
    blocks = [b for b in read.blocks if b.kind == "heading" and b.text.strip()]
    if len(blocks) < 2:
        blocks = [b for b in read.blocks if b.kind == "para" and len(b.text.split()) >= 3]
    if not blocks or (len(blocks) < 2 and not read.source.lower().endswith(".pdf")):
        return document, warnings  # a text of one paragraph is no plan; a PDF still imports
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


# «No. Act. Realizadas / No. Act. Proyectadas × 100»: progress as completed over planned items.
COMPLETED_RATIO = re.compile(
    r"(realizad|concluid|cumplid|ejecutad)\w*\s*/\s*.{0,25}?(proyectad|programad|planead)", re.I
)


def _finish(
    document: dict[str, Any], warnings: list[str], path: Path
) -> tuple[dict[str, Any], list[str]]:
    tables.strip_rows(document)
    method = (document.get("evaluation") or {}).get("method") or ""
    if COMPLETED_RATIO.search(method) and "rollup" not in document:
        # The document's own evaluation formula, so that the public footnote agrees with it.
        document["rollup"] = {"method": "completed_ratio"}
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
    out: list[str] = []
    for node_id, (value, node) in declared.items():
        computed = result.percent(node_id)
        if computed is not None and differs(value, computed):
            out.append(
                Notice(
                    "declared_item",
                    source,
                    "{level} {ref} «{title}» declares {declared}% but the mean of its items is "
                    "{computed}%",
                    level=node["level"],
                    ref=node.get("ref") or "",
                    title=node["title"][:50],
                    declared=f"{value:g}",
                    computed=f"{computed:.2f}",
                )
            )
    total = (document.get("report") or {}).get("progress")
    if (
        total is not None
        and result.total.percent is not None
        and differs(total, result.total.percent)
    ):
        out.append(
            Notice(
                "declared_global",
                source,
                "the document declares {declared}% global progress; the mean of its items is "
                "{computed}%",
                declared=f"{total:g}",
                computed=f"{result.total.percent:.2f}",
            )
        )
    return out


DESCRIBED_FIELDS = (
    "progress",
    "status",
    "responsible",
    "goal",
    "budget",
    "start",
    "evaluation_frequency",
)


def describe(document: dict[str, Any]) -> str:
    """What an import found, for a person to judge before loading it: items per level and how
    many items have each field («2 Eje, 5 Acción; filled: 5 responsible, 2 budget»)."""
    nodes = nodes_of(document["nodes"])
    per_level: dict[str, int] = {}
    for node in nodes:
        per_level[node["level"]] = per_level.get(node["level"], 0) + 1
    levels = ", ".join(f"{count} {level}" for level, count in per_level.items())
    filled = [
        f"{count} {name}"
        for name in DESCRIBED_FIELDS
        if (count := sum(1 for n in nodes if n.get(name) not in (None, "", [], {})))
    ]
    return levels + (f"; filled: {', '.join(filled)}" if filled else "; no item fields")
