"""Plain text and Markdown, including what text extraction leaves of PDFs and Word files:
embedded HTML fragments (<p>, <ul>...) and tab-separated table rows."""

from __future__ import annotations

import re

from avance.core.documents import Block, DocumentError

BULLETS = "-*•▶►▪●◦‣–➢✓"
BULLET = re.compile(rf"^(?P<indent>\s*)(?P<bullet>[{re.escape(BULLETS)}])\s+(?P<rest>\S.*)$")
# "1.-", "1.", "1.1.", "1.1", "1)", "a)", "IV." followed by text.
NUMBERED = re.compile(
    r"^(?P<indent>\s*)(?P<num>\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}(?:\.-|\.|\)|-)|[a-zA-Z]\)|X{0,3}(?:IX|IV|VI{0,3}|I{1,3})\.)"
    r"\s+(?P<rest>\S.*)$"
)
BARE_NUMBER = re.compile(r"^(?P<num>\d{1,2})\s+(?P<rest>[A-ZÁÉÍÓÚÑ¿\"“*].*)$")
HTML_TAG = re.compile(r"</?(?:p|ul|ol|li|br|div|span|table|tr|td|th|strong|em|b|i|h[1-6])\b", re.I)
MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")


def clean(text: str) -> str:
    """Markdown emphasis out, whitespace collapsed; asterisks that mark notes stay."""
    text = text.replace("**", "").replace("__", "")
    text = re.sub(r"(?<![\w*])\*(\S[^*\n]*?\S)\*(?![\w*])", r"\1", text)
    text = re.sub(r"^<(https?://[^>\s]+)>$", r"\1", text.strip())
    return re.sub(r"\s+", " ", text).strip()


def decode(data: bytes, source: str) -> str:
    if b"\x00" in data[:4096]:
        raise DocumentError(f"{source}: this is binary data, not text")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DocumentError(f"{source}: the text is neither UTF-8 nor Windows-1252")


def read(data: bytes, source: str) -> list[Block]:
    return parse_lines(decode(data, source).splitlines())


def parse_lines(lines: list[str], first_line: int = 1) -> list[Block]:
    blocks: list[Block] = []
    gap = 0
    table: Block | None = None
    for offset, raw in enumerate(lines):
        number = first_line + offset
        if not raw.strip():
            gap += 1
            table = None
            continue
        if "\t" in raw:
            cells = raw.split("\t")
            if all(re.fullmatch(r"\s*-*\s*", cell) for cell in cells):
                continue  # a Markdown table rule
            if table is None:
                table = Block("table", line=number, gap=gap)
                blocks.append(table)
            table.rows.append([cell_blocks(cell, number) for cell in cells])
            gap = 0
            continue
        table = None
        for index, piece in enumerate(inline_list(raw)):
            blocks.extend(line_blocks(piece, number, gap if index == 0 else 0))
        gap = 0
    return blocks


# «**1.1 Fortalecer el Comité.** a. Preparar las sesiones. b. Dar seguimiento.»: a lead phrase,
# then a lettered list written inside the same paragraph.
LEAD_AND_LETTERS = re.compile(r"^(?P<lead>\s*\S.{2,200}?[.:])\s+(?P<list>a[.)]\s+\S.*)$")
LETTER = re.compile(r"(?:^|(?<=[.;:]\s))(?P<letter>[a-z])[.)]\s+")


def inline_list(raw: str) -> list[str]:
    """The paragraph, or its lead phrase and one line per lettered item (a., b., c. in order)."""
    m = LEAD_AND_LETTERS.match(raw.replace("**", "").replace("__", ""))
    if m is None:
        return [raw]
    marks = list(LETTER.finditer(m.group("list")))
    letters = [mark.group("letter") for mark in marks]
    numbered_lead = re.match(r"\s*\d+(\.\d+)*\.?\s", m.group("lead")) is not None
    if len(marks) < (1 if numbered_lead else 2):
        return [raw]
    if letters != [chr(ord("a") + i) for i in range(len(marks))]:
        return [raw]
    text = m.group("list")
    ends = [mark.start() for mark in marks[1:]] + [len(text)]
    indent = " " * (len(m.group("lead")) - len(m.group("lead").lstrip()) + 4)  # under the lead
    items = [
        f"{indent}{mark.group('letter')}) {text[mark.end() : end].strip()}"
        for mark, end in zip(marks, ends, strict=True)
    ]
    return [m.group("lead").strip(), *items]


def cell_blocks(cell: str, number: int) -> list[Block]:
    if not cell.strip():
        return []
    return line_blocks(cell, number, 0)


def line_blocks(raw: str, number: int, gap: int) -> list[Block]:
    if HTML_TAG.search(raw):
        from avance.core.documents.readers.html import fragment_blocks

        found = fragment_blocks(raw, number)
        if found:
            found[0].gap = gap
        return found
    stripped = raw.strip()
    bold = stripped.startswith("**") and stripped.endswith("**") and len(stripped) > 4
    if m := MD_HEADING.match(stripped):
        return [Block("heading", clean(m.group(2)), number, level=len(m.group(1)), gap=gap)]
    if m := BULLET.match(raw):
        rest = m.group("rest")
        depth = len(m.group("indent").expandtabs(4)) // 2
        if n := NUMBERED.match(rest):
            return [
                Block(
                    "item",
                    clean(n.group("rest")),
                    number,
                    level=depth,
                    marker=n.group("num"),
                    gap=gap,
                )
            ]
        return [Block("item", clean(rest), number, level=depth, marker=m.group("bullet"), gap=gap)]
    if m := NUMBERED.match(raw):
        depth = len(m.group("indent").expandtabs(4)) // 2
        return [
            Block(
                "item", clean(m.group("rest")), number, level=depth, marker=m.group("num"), gap=gap
            )
        ]
    if m := BARE_NUMBER.match(stripped):
        return [
            Block("para", clean(m.group("rest")), number, marker=m.group("num"), gap=gap, bold=bold)
        ]
    return [Block("para", clean(stripped), number, gap=gap, bold=bold)]
