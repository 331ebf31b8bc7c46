"""PDF with a text layer (pypdfium2): lines per page, page furniture removed.

pypdfium2 (Google's PDFium, shipped inside the wheel) rather than pdfplumber: on a 100-page plan
it reads the text 35 times faster (0.13 s against 4.5 s, bench/import.py), which is the
difference between meeting the import target and missing it.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter

from avance.core.documents import Block, DocumentError, limits
from avance.core.documents.readers.text import parse_lines

# The table finder costs about 40 µs a character; pages with more text than this (or drawn
# watermarks made of thousands of glyphs) are read as text only, to keep imports within seconds.
MAX_TABLE_PAGE_CHARS = 12_000


def read(data: bytes, source: str) -> list[Block]:
    import pypdfium2 as pdfium

    if not data.startswith(b"%PDF"):
        raise DocumentError(f"{source}: not a PDF file (it does not start with %PDF)")
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message or "security" in message:
            raise DocumentError(
                f"{source}: the PDF is encrypted; save it without a password first"
            ) from None
        raise DocumentError(f"{source}: the PDF is damaged ({exc})") from None
    try:
        if len(document) > limits.MAX_PAGES:
            raise DocumentError(
                f"{source}: {len(document)} pages is over the {limits.MAX_PAGES} page limit"
            )
        pages = [_lines(page) for page in document]
    finally:
        document.close()
    if not any(line.strip() for page in pages for line in page):
        raise DocumentError(f"{source}: the PDF has no text layer (scanned images?); run OCR first")
    furniture = _furniture(pages)
    blocks: list[Block] = []
    for number, lines in enumerate(pages, start=1):
        kept = _unwrap([line for line in lines if line.strip() not in furniture])
        page_blocks = parse_lines(kept, first_line=number * 1000 + 1)
        if page_blocks:
            page_blocks[0].gap = max(page_blocks[0].gap, 1)
        blocks.extend(page_blocks)
    return blocks


def _unwrap(lines: list[str]) -> list[str]:
    """Wrapped lines joined back: a line that starts in lower case, right under an unfinished
    line (no blank line between, no closing punctuation), continues it. Items wrapped onto the
    next line («… de la Alcaldía» / «de Palmira.») stay one item."""
    out: list[str] = []
    for line in lines:
        text = line.strip()
        previous = out[-1].rstrip() if out else ""
        if (
            previous
            and text[:1].islower()
            and not previous.endswith((".", ":", ";", "?", "!"))
            and not NUMBER_START.match(text)
        ):
            out[-1] = f"{previous} {text}"
        else:
            out.append(line)
    return out


def _lines(page: object) -> list[str]:
    """The page's text lines, with indentation (leading spaces) and paragraph breaks (blank
    lines) restored from positions: nesting and gaps carry structure that plain text loses."""
    textpage = page.get_textpage()  # type: ignore[attr-defined]
    runs = _runs(textpage)
    textpage.close()
    if not runs:
        return []
    # Text set vertically (a rotated legend along the margin, a rotated level label) has a box
    # many lines tall: it would swallow every line it spans into one. It is left out.
    heights = sorted(r[3] - r[1] for r in runs)
    usual = heights[len(heights) // 2]
    runs = [r for r in runs if r[3] - r[1] <= 4 * usual or r[2] - r[0] > 4 * (r[3] - r[1])]
    if not runs:
        return []
    # Runs on one baseline form a line (a bold word is a run of its own).
    runs.sort(key=lambda r: (-r[3], r[0]))
    lines: list[list[tuple[float, float, float, float, str]]] = []
    for run in runs:
        if lines:
            last = lines[-1][0]
            middle = (run[1] + run[3]) / 2
            if last[1] <= middle <= last[3]:
                lines[-1].append(run)
                continue
        lines.append([run])
    page_left = min(run[0] for run in runs)
    out: list[str] = []
    previous_bottom = None
    table = _Columns()
    for line in lines:
        line.sort(key=lambda r: r[0])
        top, bottom = max(r[3] for r in line), min(r[1] for r in line)
        height = top - bottom
        segments = _columns(line)
        if table.takes(segments):
            previous_bottom = bottom
            continue
        out.extend(table.flush(page_left))
        if previous_bottom is not None and previous_bottom - top > 0.8 * height:
            out.append("")
        for segment in segments:
            out.append(_indented(segment, page_left))
        previous_bottom = bottom
    out.extend(table.flush(page_left))
    return out


MAX_INDENT = 160  # characters: a page is at most a couple of hundred wide


def _indented(segment: list[Run], page_left: float) -> str:
    text = _join(segment)
    left = segment[0][0]
    width = (segment[-1][2] - left) / max(len(text), 1)
    # A damaged file can put text at absurd coordinates (1e20); the indentation stays a page's.
    indent = (left - page_left) / max(width, 1.0)
    spaces = min(round(indent), MAX_INDENT) if math.isfinite(indent) and indent > 0 else 0
    return " " * spaces + text


class _Columns:
    """Cells of a table without rules, read column by column.

    Line by line, a two-column table interleaves its cells («1.1.1.- Nutrición adecuada para
    1.1.1.1.- Apoyar…», then «los niños» under the first column). From a line cut into numbered
    columns on, each line's pieces go to the cell of the column they stand in, a numbered piece
    opening a new cell, until a line starts left of the table. Cells come out whole, in the order
    they were opened."""

    def __init__(self) -> None:
        self.starts: list[float] = []  # left edge of each column
        self.cells: list[tuple[int, int, list[list[Run]]]] = []  # (order, column, lines)
        self.open: dict[int, list[list[Run]]] = {}

    def takes(self, segments: list[list[Run]]) -> bool:
        tolerance = self._tolerance(segments)
        if not self.starts:
            if len(segments) < 2:
                return False
            self.starts = [segment[0][0] for segment in segments]
        elif segments[0][0][0] < self.starts[0] - tolerance:
            return False
        for segment in segments:
            column = self._column(segment[0][0], tolerance)
            if NUMBER_START.match(segment[0][4]) or column not in self.open:
                cell = [segment]
                self.open[column] = cell
                self.cells.append((len(self.cells), column, cell))
            else:
                self.open[column].append(segment)
        return True

    def _tolerance(self, segments: list[list[Run]]) -> float:
        runs = [run for segment in segments for run in segment]
        chars = sum(len(run[4]) for run in runs)
        return 2 * sum(run[2] - run[0] for run in runs) / max(chars, 1)

    def _column(self, left: float, tolerance: float) -> int:
        found = 0
        for index, start in enumerate(self.starts):
            if left >= start - tolerance:
                found = index
        return found

    def flush(self, page_left: float) -> list[str]:
        out = [
            " " * (4 * column) + " ".join(_join(segment) for segment in cell)
            for _order, column, cell in self.cells
        ]
        self.starts, self.cells, self.open = [], [], {}
        return out


def _columns(line: list[Run]) -> list[list[Run]]:
    """A visual line cut where a wide gap separates a numbered text from the one before it: two
    columns of a table without rules («1.1.1.- Estrategia    1.1.1.1.- Línea de acción»)."""
    chars = sum(len(run[4]) for run in line)
    width = sum(run[2] - run[0] for run in line) / max(chars, 1)
    out = [[line[0]]]
    for previous, current in itertools.pairwise(line):
        gap = current[0] - previous[2]
        if (gap > 3 * width and NUMBER_START.match(current[4])) or (
            gap > 1.2 * width and DEEP_NUMBER.match(current[4])
        ):
            out.append([current])
        else:
            out[-1].append(current)
    return out


DEEP_NUMBER = re.compile(r"^\s*\d+(\.\d+){2,}\s*\.?\s*[-–]")
NUMBER_START = re.compile(r"^\s*(\d+(\.\d+)*\s*[.)\-–]|[IVX]+\s*[.\-–])")


Run = tuple[float, float, float, float, str]  # left, bottom, right, top, text


def _runs(textpage: object) -> list[Run]:
    """The page's text as PDFium reads it, one run per line of its reading, with its box.

    PDFium's own text (`get_text_range`) puts spaces where the layout has them, however the
    producer cut the text into objects (Word cuts words: «Pl|aneación»; WPS writes one object per
    character), and breaks lines where the text moves to another line. Joining text rectangles
    with spaces instead reads «D i r e c c i ó n». Characters set at an angle (a diagonal «COPIA
    SIN VALOR LEGAL» stamp, a legend along the margin) are page furniture and left out."""
    import pypdfium2.raw as pdfium_c

    count = textpage.count_chars()  # type: ignore[attr-defined]
    if not count:
        return []
    # PDFium marks hyphenation points with U+FFFE («quin\ufffece»); soft hyphens are invisible.
    text = textpage.get_text_range(0, count)  # type: ignore[attr-defined]
    raw = textpage.raw  # type: ignore[attr-defined]
    runs: list[Run] = []
    chars: list[str] = []
    boxes: list[tuple[float, float, float, float]] = []
    for index in range(min(len(text), count) + 1):
        char = text[index] if index < min(len(text), count) else "\n"
        if char in "\r\n":
            piece = " ".join("".join(chars).split())
            if piece and boxes:
                runs.append(
                    (
                        min(b[0] for b in boxes),
                        min(b[1] for b in boxes),
                        max(b[2] for b in boxes),
                        max(b[3] for b in boxes),
                        piece,
                    )
                )
            chars, boxes = [], []
            continue
        if char.isspace():
            chars.append(" ")
            continue
        if char in "\ufffe\u00ad":
            continue
        angle = pdfium_c.FPDFText_GetCharAngle(raw, index)
        if min(angle, 2 * math.pi - angle) > 0.05:
            continue
        box = textpage.get_charbox(index)  # type: ignore[attr-defined]
        if box[2] > box[0] or box[3] > box[1]:
            chars.append(char)
            boxes.append(box)
    return runs


def _join(line: list[Run]) -> str:
    """A visual line's text from the runs on its baseline (table cells, columns): a space
    between two runs unless they touch."""
    chars = sum(len(run[4]) for run in line)
    width = sum(run[2] - run[0] for run in line) / max(chars, 1)
    out = line[0][4]
    for previous, current in itertools.pairwise(line):
        gap = current[0] - previous[2]
        out += (" " if gap > 0.25 * width else "") + current[4]
    return out


def _furniture(pages: list[list[str]]) -> set[str]:
    """Lines repeated at the top or bottom of most pages: headers, footers, page numbers."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        content = [line.strip() for line in lines if line.strip()]
        counts.update(set(content[:2] + content[-2:]))
    threshold = max(3, len(pages) // 2)
    repeated = {line for line, count in counts.items() if count >= threshold}
    return repeated | {
        line.strip() for lines in pages for line in lines[-1:] if line.strip().isdigit()
    }


def tables(data: bytes) -> list[list[list[str]]]:
    """The ruled tables of a PDF as grids of cell texts, a table continued on the next pages
    joined into one (same number of columns; a repeated header row dropped).

    PyMuPDF's table finder (AGPL-3.0, like Avance) reads cells from the ruling lines; it is
    slow on pages full of text (about half a second a page), so only pages whose drawings have
    enough lines to rule a table are searched, and only when the text alone gave no structure.
    """
    import pymupdf

    # A damaged file's complaints belong in our DocumentError, not on the server's stderr.
    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    grids: list[list[list[str]]] = []
    with pymupdf.open(stream=data, filetype="pdf") as document:
        for page in document:
            segments = sum(
                1
                for drawing in page.get_drawings()
                for item in drawing["items"]
                if item[0] in ("l", "re")
            )
            if segments < 6 or len(page.get_text("text")) > MAX_TABLE_PAGE_CHARS:
                continue
            for found in page.find_tables().tables:
                rows = [[" ".join((cell or "").split()) for cell in row] for row in found.extract()]
                rows = [row for row in rows if any(row)]
                if not rows:
                    continue
                previous = grids[-1] if grids else None
                if previous is not None and len(previous[0]) == len(rows[0]):
                    previous.extend(rows[1:] if rows[0] == previous[0] else rows)
                else:
                    grids.append(rows)
    return grids
