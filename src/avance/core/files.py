"""What an uploaded evidence file really is, judged by its bytes, not its name. Plain Python."""

from __future__ import annotations

import io
import zipfile


class RefusedFile(ValueError):
    """A file we will not store; the message says why."""


ALLOWED = {
    "pdf": ("application/pdf", ".pdf"),
    "png": ("image/png", ".png"),
    "jpeg": ("image/jpeg", ".jpg"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "csv": ("text/csv", ".csv"),
    "txt": ("text/plain", ".txt"),
}


def sniff(data: bytes, name: str, max_bytes: int) -> tuple[str, str, str]:
    """(kind, content type, extension) of an acceptable evidence file, or RefusedFile."""
    if not data:
        raise RefusedFile(f"{name}: the file is empty")
    if len(data) > max_bytes:
        raise RefusedFile(
            f"{name}: {len(data) / 1_048_576:.1f} MB is over the {max_bytes // 1_048_576} MB limit"
        )
    head = data[:512]
    if head.startswith((b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"#!")):
        raise RefusedFile(f"{name}: programs are not accepted as evidence")
    if head.startswith(b"%PDF"):
        kind = "pdf"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "png"
    elif head.startswith(b"\xff\xd8\xff"):
        kind = "jpeg"
    elif head.startswith(b"PK\x03\x04"):
        kind = _office(data, name)
    else:
        kind = _text(data, name)
    content_type, extension = ALLOWED[kind]
    return kind, content_type, extension


def _office(data: bytes, name: str) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile:
        raise RefusedFile(f"{name}: a damaged ZIP package") from None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise RefusedFile(f"{name}: ZIP archives are not accepted; attach the documents themselves")


def _text(data: bytes, name: str) -> str:
    try:
        text = data[:65536].decode("utf-8")
    except UnicodeDecodeError:
        raise RefusedFile(f"{name}: not a PDF, image, Word, Excel or text file") from None
    lowered = text.lstrip().lower()
    if (
        lowered.startswith(("<!doctype", "<html", "<svg", "<?xml", "<script"))
        or "<script" in lowered
    ):
        raise RefusedFile(
            f"{name}: HTML, SVG and XML files are not accepted as evidence (they can carry scripts)"
        )
    return "csv" if name.lower().endswith(".csv") else "txt"
