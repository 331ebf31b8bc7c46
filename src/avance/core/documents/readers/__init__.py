"""Readers, one module per format, registered by file extension."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from avance.core.documents import Block, Document, DocumentError, limits
from avance.core.documents.readers import docx, html, pdf, text

Reader = Callable[[bytes, str], list[Block]]

READERS: dict[str, Reader] = {
    ".txt": text.read,
    ".md": text.read,
    ".markdown": text.read,
    ".html": html.read,
    ".htm": html.read,
    ".docx": docx.read,
    ".pdf": pdf.read,
}


def read(path: str | Path) -> Document:
    path = Path(path)
    source = str(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(READERS))
        raise DocumentError(
            f"{source}: unknown document type {path.suffix or '(none)'!r}; known: {known}, .csv, .xlsx"
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DocumentError(f"{source}: {exc.strerror or exc}") from None
    if size == 0:
        raise DocumentError(f"{source}: the file is empty")
    if size > limits.MAX_FILE_BYTES:
        raise DocumentError(
            f"{source}: {size / 1_048_576:.0f} MB is over the "
            f"{limits.MAX_FILE_BYTES // 1_048_576} MB limit for a document"
        )
    data = path.read_bytes()
    blocks = reader(data, source)
    limits.check_chars(sum(len(b.text) for b in _walk(blocks)), source)
    if not any(b.text.strip() or b.rows for b in blocks):
        raise DocumentError(f"{source}: no text found (an image-only or empty document?)")
    return Document(source, blocks)


def _walk(blocks: list[Block]) -> list[Block]:
    """Every block, table cells included."""
    found: list[Block] = []
    for block in blocks:
        found.append(block)
        for row in block.rows:
            for cell in row:
                found.extend(_walk(cell))
    return found
