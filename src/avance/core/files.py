"""What an uploaded evidence file really is, judged by its bytes, not its name. Plain Python.

An allow-list: PDF, PNG, JPEG, Word and Excel documents without macros or embedded programs,
plain text and CSV. The name's extension must agree with what the content is, and no accepted
file may carry markup a browser would run (a PDF/HTML polyglot, HTML after a BOM or deep in a
"text" file). Accepted files are still served as downloads under a generated name (see the
evidence view); this check is what keeps the rest out.
"""

from __future__ import annotations

import io
import re
import shutil
import time
import zipfile
import zlib
from pathlib import Path, PurePosixPath, PureWindowsPath

from avance.core.documents import DocumentError, limits

# Why a file is refused, in English for logs and the CLI; the interface says the same in the
# user's language from the code and parameters (avance.formatting.FILE_REFUSALS).
REFUSALS = {
    "empty": "{name}: the file is empty",
    "too_big": "{name}: {size} MB is over the {limit} MB limit",
    "program": "{name}: programs are not accepted as evidence",
    "disguised": "{name}: the file also contains web markup (a disguised HTML page?); "
    "save it again from its original program",
    "extension": "{name}: the name ends in {extension} but the content is {kind} "
    "(expected {allowed})",
    "damaged_zip": "{name}: a damaged ZIP package",
    "macros": "{name}: the document carries macros or a program ({member}); "
    "save it as a plain .docx or .xlsx",
    "zip": "{name}: ZIP archives are not accepted; attach the documents themselves",
    "unknown": "{name}: not a PDF, image, Word, Excel or text file",
    "markup": "{name}: HTML, SVG and XML files are not accepted as evidence (they can carry "
    "scripts)",
    "not_image": "{name}: a logo must be a PNG or JPEG image",
}


class RefusedFile(ValueError):
    """A file we will not store; the message says why. `code` names the reason (REFUSALS) and
    `params` fill it in; a refusal from the package limits has no code."""

    def __init__(self, code: str, message: str = "", **params: str) -> None:
        self.code = f"file.{code}" if code else ""
        self.params = params
        super().__init__(message or REFUSALS[code].format(**params))


ALLOWED = {
    "pdf": ("application/pdf", ".pdf"),
    "png": ("image/png", ".png"),
    "jpeg": ("image/jpeg", ".jpg"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "csv": ("text/csv; charset=utf-8", ".csv"),
    "txt": ("text/plain; charset=utf-8", ".txt"),
}
# The extensions a name may have for each kind (a name without one is accepted).
EXTENSIONS = {
    "pdf": {".pdf"},
    "png": {".png"},
    "jpeg": {".jpg", ".jpeg"},
    "docx": {".docx"},
    "xlsx": {".xlsx"},
    "csv": {".csv"},
    "txt": {".txt", ".text", ".md", ".log"},
}
PROGRAMS = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa", b"#!")
# Tags a browser would act on, anywhere in a binary file's bytes (case-insensitive; long enough
# that compressed data does not produce them by chance, and not XMP metadata's <?xpacket>).
ACTIVE_TAGS = re.compile(
    rb"<\s*(?:script|html|body|svg|iframe|object|embed|img\s|meta\s|!doctype)", re.I
)
# In a text file, also a tag with an event-handler attribute, and a file that opens as markup
# (exported CSVs do carry harmless fragments such as <p> and <div>).
ACTIVE_TEXT = re.compile(rb"<[a-z][^<>]*\son[a-z]+\s*=|javascript\s*:|<\s*\?xml|<\s*!--", re.I)
# Office package members that mean macros, ActiveX or embedded programs.
ACTIVE_MEMBER = re.compile(
    r"vbaProject\.bin$|vbaData\.xml$|activeX|embeddings/.*\.bin$"
    r"|\.(exe|dll|bat|cmd|com|scr|msi|js|vbs|ps1|jar|hta)$",
    re.I,
)


def sniff(data: bytes, name: str, max_bytes: int) -> tuple[str, str, str]:
    """(kind, content type, extension) of an acceptable evidence file, or RefusedFile."""
    name = _base_name(name)
    if not data:
        raise RefusedFile("empty", name=name)
    if len(data) > max_bytes:
        raise RefusedFile(
            "too_big",
            name=name,
            size=f"{len(data) / 1_048_576:.1f}",
            limit=str(max_bytes // 1_048_576),
        )
    if data.startswith(PROGRAMS):
        raise RefusedFile("program", name=name)
    if data.startswith(b"%PDF-"):
        kind = "pdf"
    elif data.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "png"
    elif data.startswith(b"\xff\xd8\xff"):
        kind = "jpeg"
    elif data.startswith(b"PK\x03\x04"):
        kind = _office(data, name)
    else:
        kind = _text(data, name)
    if kind in {"pdf", "png", "jpeg"} and ACTIVE_TAGS.search(data):
        raise RefusedFile("disguised", name=name)
    extension = PurePosixPath(name.lower()).suffix
    if extension and extension not in EXTENSIONS[kind]:
        allowed = ", ".join(sorted(EXTENSIONS[kind]))
        raise RefusedFile(
            "extension", name=name, extension=extension, kind=_KIND_NAMES[kind], allowed=allowed
        )
    content_type, stored_extension = ALLOWED[kind]
    return kind, content_type, stored_extension


_KIND_NAMES = {
    "pdf": "a PDF",
    "png": "a PNG image",
    "jpeg": "a JPEG image",
    "docx": "a Word document",
    "xlsx": "an Excel workbook",
    "csv": "CSV text",
    "txt": "plain text",
}


def _base_name(name: str) -> str:
    """The file's own name, without any folders a browser or a hostile client sent."""
    return PureWindowsPath(PurePosixPath(name).name).name or "archivo"


def _office(data: bytes, name: str) -> str:
    try:
        limits.check_package(data, name)
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = package.namelist()
            # by its name (macros, programs) or by its first bytes (a program renamed .png)
            active = next(
                (n for n in names if ACTIVE_MEMBER.search(n) or _starts_with_program(package, n)),
                None,
            )
    except DocumentError as exc:
        raise RefusedFile("", str(exc)) from None
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, NotImplementedError, EOFError):
        raise RefusedFile("damaged_zip", name=name) from None
    if active:
        raise RefusedFile("macros", name=name, member=active)
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise RefusedFile("zip", name=name)


def _starts_with_program(package: zipfile.ZipFile, member: str) -> bool:
    with package.open(member) as content:
        return content.read(4).startswith(PROGRAMS)


def _text(data: bytes, name: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RefusedFile("unknown", name=name) from None
    if "\x00" in text:
        raise RefusedFile("unknown", name=name)
    if ACTIVE_TAGS.search(data) or ACTIVE_TEXT.search(data):
        raise RefusedFile("markup", name=name)
    return "csv" if name.lower().endswith(".csv") else "txt"


def purge_stale(folder: Path, older_than_seconds: int) -> list[Path]:
    """Remove what a killed process left in a temporary folder (uploads being imported), older
    than the given age so that work in progress in another process is kept. Returns what went."""
    removed = []
    cutoff = time.time() - older_than_seconds
    for entry in Path(folder).glob("*"):
        try:
            if entry.stat().st_mtime >= cutoff:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
        except FileNotFoundError:
            continue
        removed.append(entry)
    return removed
