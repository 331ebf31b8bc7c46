"""Mutated documents for the importer's fuzz test and bench/fuzz.py: seeds in every format the
importer reads, and mutations of their bytes (and, for ZIP packages, of the members inside, so
the XML parsers are reached too)."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Sequence
from pathlib import Path

from avance.core.documents.tests import fixtures

FORMATS = (".txt", ".md", ".html", ".docx", ".pdf", ".csv", ".xlsx")


def seeds(folder: Path, extra: Sequence[Path] = ()) -> dict[str, list[bytes]]:
    """One small plan per format, and any real documents given."""
    import openpyxl

    folder.mkdir(parents=True, exist_ok=True)
    text = fixtures.write_text(folder / "plan.txt").read_bytes()
    lines = text.decode().splitlines()
    html = "<html><body><h1>{}</h1>{}</body></html>".format(
        lines[0], "".join(f"<p>{line}</p>" if line.strip() else "" for line in lines[1:])
    )
    book = openpyxl.Workbook()
    book.active.append(["id", "parent", "level", "ref", "title", "progress"])
    book.active.append(["1", "", "Eje", "1", "Eje uno", "40"])
    book.active.append(["2", "1", "Acción", "1.1", "Acción uno", "20"])
    book.save(folder / "plan.xlsx")
    csv = b"id,parent,level,ref,title,progress\n1,,Eje,1,Eje uno,40\n2,1,Accion,1.1,Uno,20\n"
    found = {
        ".txt": [text],
        ".md": [text],
        ".html": [html.encode()],
        ".docx": [fixtures.write_docx(folder / "plan.docx").read_bytes()],
        ".pdf": [fixtures.write_pdf(folder / "plan.pdf").read_bytes()],
        ".csv": [csv],
        ".xlsx": [(folder / "plan.xlsx").read_bytes()],
    }
    for path in extra:
        if path.suffix.lower() in found:
            found[path.suffix.lower()].append(path.read_bytes())
    return found


NASTY = [
    b"\x00",
    b"\xed\xa0\x80",  # a lone surrogate in UTF-8 form
    b"\xff\xfe",
    b"1." * 400 + b" x\n",  # a reference a thousand levels deep
    b"\n- " * 300,
    b"<" * 50,
    b"]]>",
    b"&#0;",
    b"=" * 30,
    b"9" * 5000,
    "É\u202e\ufeff".encode(),
]


def mutate(data: bytes, rng: random.Random, rounds: int | None = None) -> bytes:
    """The bytes changed a few times: flips, insertions (random or nasty), deletions,
    duplications, truncation."""
    out = bytearray(data)
    for _ in range(rounds or rng.randint(1, 6)):
        if not out:
            out.extend(rng.choice(NASTY))
            continue
        where = rng.randrange(len(out))
        choice = rng.randrange(6)
        if choice == 0:
            out[where] = rng.randrange(256)
        elif choice == 1:
            out[where:where] = rng.randbytes(rng.randint(1, 64))
        elif choice == 2:
            out[where:where] = rng.choice(NASTY)
        elif choice == 3:
            del out[where : where + rng.randint(1, 256)]
        elif choice == 4:
            end = min(len(out), where + rng.randint(1, 512))
            out[where:where] = out[where:end] * rng.randint(1, 8)
        else:
            del out[where:]
    return bytes(out)


def mutate_package(data: bytes, rng: random.Random) -> bytes:
    """A ZIP package with one member's content mutated, re-packed properly."""
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        members = [(info, source.read(info)) for info in source.infolist()]
    except (zipfile.BadZipFile, ValueError, OSError):
        return mutate(data, rng)
    chosen = rng.randrange(len(members)) if members else -1
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for i, (info, content) in enumerate(members):
            package.writestr(info.filename, mutate(content, rng) if i == chosen else content)
    return buffer.getvalue()


def case(seeds: dict[str, list[bytes]], rng: random.Random) -> tuple[str, bytes]:
    """(extension, content) of one fuzz case."""
    extension = rng.choice(FORMATS)
    data = rng.choice(seeds[extension])
    if extension in {".docx", ".xlsx"} and rng.random() < 0.7:
        return extension, mutate_package(data, rng)
    return extension, mutate(data, rng)
