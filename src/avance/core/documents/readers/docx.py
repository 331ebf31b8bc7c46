"""Word documents (python-docx): paragraphs with their heading and list levels, and tables."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from avance.core.documents import Block, DocumentError, limits
from avance.core.documents.readers.text import line_blocks

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read(data: bytes, source: str) -> list[Block]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise DocumentError(
            f"{source}: not a Word document (a .docx is a ZIP package; this is not)"
        )
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        if "word/document.xml" not in package.namelist():
            raise DocumentError(
                f"{source}: a ZIP file, but not a Word document (no word/document.xml)"
            )
    limits.check_package(data, source)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise DocumentError(f"{source}: the Word document is damaged ({exc})") from None
    blocks: list[Block] = []
    for position, child in enumerate(document.element.body.iterchildren(), start=1):
        if child.tag == f"{W}p":
            blocks.extend(_paragraph(Paragraph(child, document), position))
        elif child.tag == f"{W}tbl":
            table = Table(child, document)
            block = Block("table", line=position)
            for row in table.rows:
                cells = []
                for cell in row.cells:
                    inner: list[Block] = []
                    for paragraph in cell.paragraphs:
                        inner.extend(_paragraph(paragraph, position))
                    cells.append(inner)
                block.rows.append(cells)
            blocks.append(block)
    return blocks


def _paragraph(paragraph: Any, position: int) -> list[Block]:
    text = paragraph.text.strip()
    if not text:
        return []
    style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
    bold = all(run.bold for run in paragraph.runs if run.text.strip()) and bool(paragraph.runs)
    if style.startswith(("heading", "título", "titulo")) or style == "title":
        digits = "".join(c for c in style if c.isdigit())
        return [Block("heading", text, position, level=int(digits) if digits else 1, bold=True)]
    numbering = paragraph._p.find(f"{W}pPr/{W}numPr")
    if numbering is not None or "list" in style:
        level_el = numbering.find(f"{W}ilvl") if numbering is not None else None
        digits = "".join(c for c in style if c.isdigit())
        depth = (
            int(level_el.get(f"{W}val"))
            if level_el is not None
            else int(digits) - 1
            if digits
            else 0
        )
        found = line_blocks(text, position, 0)
        if found and found[0].kind == "item":
            found[0].level = depth
            return found
        return [Block("item", text, position, level=depth, marker="•")]
    found = line_blocks(text, position, 0)
    for block in found:
        block.bold = block.bold or bold
    return found
