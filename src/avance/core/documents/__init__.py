"""Documents as blocks: what every reader produces and structure recognition consumes.

Plain Python, no Django. A reader turns one file format into a list of Blocks; recognition
(avance.core.documents.recognize) works on blocks only, so a new format is one new reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class DocumentError(ValueError):
    """A file that cannot be read as a plan document; the message says what and where."""


@dataclass
class Block:
    kind: str  # "heading", "para", "item" or "table"
    text: str = ""
    line: int = 0  # where it starts in the source (line, or page × 1000 + line for PDF)
    level: int = 0  # heading level; list nesting depth for items
    marker: str = ""  # list marker as written: "1.-", "1.1.", "a)", "•", "-"
    gap: int = 0  # blank lines before it (paragraph breaks carry meaning in flattened PDFs)
    bold: bool = False
    rows: list[list[list[Block]]] = field(default_factory=list)  # table: rows → cells → blocks

    def __repr__(self) -> str:  # short, for test failures
        if self.kind == "table":
            return f"<table {len(self.rows)} rows @{self.line}>"
        return f"<{self.kind}{self.level or ''} {self.marker!r} {self.text[:40]!r} @{self.line}>"


@dataclass
class Document:
    source: str
    blocks: list[Block]
