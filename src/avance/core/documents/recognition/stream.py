"""Blocks as one reading-order stream of entries; tables become label/value fields or cells."""

from __future__ import annotations

import re
from dataclasses import dataclass

from avance.core.documents import Block
from avance.core.documents import vocabulary as v

SECTIONS = [
    (r"misi[oó]n", "mission"),
    (r"visi[oó]n", "vision"),
    (r"fortalezas", "strengths"),
    (r"debilidades", "weaknesses"),
    (r"oportunidades", "opportunities"),
    (r"amenazas", "threats"),
]


def section_of(text: str) -> str | None:
    folded = v.fold(text)
    for pattern, key in SECTIONS:
        if re.match(pattern, folded):
            return key
    return None


@dataclass(eq=False)  # identity: two identical lines are still two entries
class Entry:
    kind: str  # "para", "item", "field"
    text: str
    line: int
    marker: str = ""
    level: int = 0
    gap: int = 0
    key: str = ""  # field key for "field" entries
    column: int = 0
    index: int = -1  # position in the stream, set once it is built

    @property
    def full(self) -> str:
        return f"{self.marker} {self.text}" if self.kind == "para" and self.marker else self.text


def entries_of(blocks: list[Block]) -> list[Entry]:
    """Blocks as one reading-order stream; tables become label/value fields or their cells."""
    out: list[Entry] = []
    pending_headers: list[str] | None = None
    for block in blocks:
        if block.kind != "table":
            out.append(_entry(block))
            pending_headers = None
            continue
        rows = [row for row in block.rows if any(cell for cell in row)]
        start = 0
        if pending_headers and rows and len(rows[0]) == len(pending_headers):
            out.extend(_column_fields(pending_headers, rows[0]))
            start = 1
        pending_headers = None
        for index in range(start, len(rows)):
            row = rows[index]
            headers = _header_row(row)
            if headers:
                if index + 1 < len(rows):
                    out.extend(_column_fields(headers, rows[index + 1]))
                    rows[index + 1] = []
                else:
                    pending_headers = headers
                continue
            out.extend(_row_entries(row))
    for index, entry in enumerate(out):
        entry.index = index
    return out


def _entry(block: Block, column: int = 0) -> Entry:
    kind = "item" if block.kind == "item" else "para"
    return Entry(kind, block.text, block.line, block.marker, block.level, block.gap, column=column)


def _header_row(row: list[list[Block]]) -> list[str] | None:
    """A row of column titles naming plan sections ("VISIÓN | MISIÓN", "FORTALEZAS | DEBILIDADES")."""
    texts = []
    for cell in row:
        if not cell:
            continue
        if len(cell) != 1 or cell[0].kind != "para":
            return None
        texts.append(cell[0].text)
    if len(texts) < 2 or not all(section_of(text) for text in texts):
        return None
    return [cell[0].text if cell else "" for cell in row]


def _column_fields(headers: list[str], row: list[list[Block]]) -> list[Entry]:
    out = []
    for header, cell in zip(headers, row, strict=False):
        if header and cell:
            text = "\n".join(b.text for b in cell)
            out.append(Entry("field", text, cell[0].line, key=f"section:{header}"))
            out.extend(
                Entry("item", b.text, b.line, key=f"section:{header}")
                for b in cell
                if b.kind == "item"
            )
    return out


def _row_entries(row: list[list[Block]]) -> list[Entry]:
    cells = [cell for cell in row]
    first = cells[0] if cells else []
    rest = [b for cell in cells[1:] for b in cell]
    if (
        len(first) == 1
        and first[0].kind == "para"
        and rest
        and (
            first[0].text.rstrip().endswith(":")
            or v.BARE_FIELD.match(first[0].text)
            or (v.field_key(first[0].text.rstrip(": ")) is not None and len(first[0].text) < 40)
        )
    ):
        label = first[0].text
        level = v.LEVEL_LINE.match(label)
        if level and level.group("ref") and not v.FIELD_LINE.match(label):
            title_blocks = [b for b in cells[1] if b.kind == "para"] if len(cells) > 1 else []
            out = [
                Entry(
                    "para",
                    f"{label} {title_blocks[0].text if title_blocks else ''}".strip(),
                    first[0].line,
                )
            ]
            out.extend(_entry(b, 1) for b in rest if not title_blocks or b is not title_blocks[0])
            return out
        if level and not level.group("ref") and v.level_of(level.group("key"))[1]:
            return [Entry("para", label, first[0].line), *(_entry(b, 1) for b in rest)]
        value = " ".join(b.text for b in rest)
        if not label.rstrip().endswith(":"):
            label = f"{label.rstrip()}:"
        return [Entry("para", f"{label} {value}", first[0].line)]
    out = []
    for column, cell in enumerate(cells):
        out.extend(_entry(b, column) for b in cell)
    return out
