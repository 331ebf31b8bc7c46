"""PDF with a text layer (pdfplumber): lines per page, page furniture removed."""

from __future__ import annotations

import io
from collections import Counter

from avance.core.documents import Block, DocumentError
from avance.core.documents.readers.text import parse_lines

MAX_PAGES = 2_000


def read(data: bytes, source: str) -> list[Block]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    if not data.startswith(b"%PDF"):
        raise DocumentError(f"{source}: not a PDF file (it does not start with %PDF)")
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise DocumentError(f"{source}: {len(pdf.pages)} pages is over the {MAX_PAGES} page limit")
            pages = [(page.extract_text() or "").splitlines() for page in pdf.pages]
    except PDFPasswordIncorrect:
        raise DocumentError(f"{source}: the PDF is encrypted; save it without a password first") from None
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise DocumentError(f"{source}: the PDF is encrypted; save it without a password first") from None
        raise DocumentError(f"{source}: the PDF is damaged ({exc.__class__.__name__})") from None
    except Exception as exc:  # pdfminer raises its own hierarchy for broken files
        if exc.__class__.__name__ in {"PdfminerException", "PSEOF", "PDFEncryptionError"}:
            message = str(exc).lower()
            if "password" in message or "encrypt" in message:
                raise DocumentError(f"{source}: the PDF is encrypted; save it without a password first") from None
            raise DocumentError(f"{source}: the PDF is damaged ({exc.__class__.__name__})") from None
        raise
    if not any(line.strip() for page in pages for line in page):
        raise DocumentError(f"{source}: the PDF has no text layer (scanned images?); run OCR first")
    furniture = _furniture(pages)
    blocks: list[Block] = []
    for number, lines in enumerate(pages, start=1):
        kept = [line for line in lines if line.strip() not in furniture]
        page_blocks = parse_lines(kept, first_line=number * 1000 + 1)
        if page_blocks:
            page_blocks[0].gap = max(page_blocks[0].gap, 1)
        blocks.extend(page_blocks)
    return blocks


def _furniture(pages: list[list[str]]) -> set[str]:
    """Lines repeated at the top or bottom of most pages: headers, footers, page numbers."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        edges = [line.strip() for line in lines[:2] + lines[-2:] if line.strip()]
        counts.update(set(edges))
    threshold = max(3, len(pages) // 2)
    repeated = {line for line, count in counts.items() if count >= threshold}
    return repeated | {line.strip() for lines in pages for line in lines[-1:] if line.strip().isdigit()}
