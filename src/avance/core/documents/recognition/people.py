"""People named in a plan: responsible parties under an item, the signatory of the plan."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from avance.core.documents import vocabulary as v

if TYPE_CHECKING:
    from avance.core.documents.recognition.reader import Reader
    from avance.core.documents.recognition.stream import Entry


def signature(reader: Reader, entry: Entry) -> None:
    """ "RESPONSABLE NOMBRE Y FIRMA" followed by a name: the plan's author."""
    index = entry.index
    for other in reader.entries[index + 1 : index + 4]:
        text = other.full.strip()
        if (
            text
            and re.fullmatch(r"[A-ZÁÉÍÓÚÑ. ]{6,}", text)
            and len(text.split()) >= 2
            and not re.match(r"^SELLO", text)
        ):
            reader.plan["author"] = {"name": text, "position": "Responsable", "organization": None}
            reader.used.add(other.index)
            return


# -- people named under an item ---------------------------------------------------------------------


def person_step(reader: Reader, index: int, entry: Entry) -> bool:
    text = entry.full.strip()
    if not (v.PERSON_TITLE.match(text) and text.upper() == text and len(text.split()) <= 9):
        return False
    lines: list[str] = []
    j = index + 1
    while j < len(reader.entries) and len(lines) < 4:
        other = reader.entries[j]
        candidate = other.full.strip()
        if (
            other.kind != "para"
            or not candidate
            or v.URL.search(candidate)
            or candidate.startswith("*")
            or v.PERSON_TITLE.match(candidate)
            or reader._level_match(candidate)
            or other.gap > 2
        ):
            break
        if (
            lines
            and other.gap == 0
            and (
                re.search(r"\b(?:del?|la|las|los|y|e|el|en)$", lines[-1], re.I)
                or not POSITION_OR_ORG.match(candidate)
            )
        ):
            lines[-1] = f"{lines[-1]} {candidate}"
        else:
            lines.append(candidate)
        reader.used.add(j)
        j += 1
    organization = position = None
    for line in lines:
        m = re.match(
            r"^representante (?:titular|suplente)\s+(?:del?|de la|de los)\s+(?P<org>.+)$",
            line,
            re.I,
        )
        if m:
            organization = m.group("org").strip()
        elif position is None and POSITION_START.match(line):
            position = line
        elif organization is None and v.ORGANIZATION_WORDS.search(line):
            organization = line
        elif position is None:
            position = line
    owner = reader.value_owner()
    owner.fields.setdefault("responsible", []).append(
        {"name": text, "position": position, "organization": organization}
    )
    return True


POSITION_START = re.compile(
    r"^(?:director|directora|subdirector|jef[ea]|titular|president[ea]|secretari[oa]|secretaría|"
    r"coordinador|coordinadora|comisionad[oa]|encargad[oa]|responsable|enlace|consejer[oa]|magistrad[oa]|"
    r"diputad[oa]|regidor|síndic[oa]|rector|tesorer[oa]|visitador|asesor|contralor)",
    re.I,
)
POSITION_OR_ORG = re.compile(
    POSITION_START.pattern + r"|^representante|^(?:instituto|universidad|poder|tribunal|secretar)",
    re.I,
)
