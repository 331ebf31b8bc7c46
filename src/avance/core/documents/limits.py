"""Limits every document and spreadsheet read runs under, so a hostile file can only fail its own
import, with a message that says which limit it crossed. Plain Python.

A ZIP package (DOCX, XLSX) is inspected before any library opens it: the sizes its directory
declares are checked, and each member is inflated in a stream that stops at its declared size, so
a lying directory cannot smuggle a bomb past the check either.
"""

from __future__ import annotations

import io
import zipfile

from avance.core.documents import DocumentError

MAX_FILE_BYTES = 50 * 1024 * 1024  # a plan document is pages, not an archive
MAX_UNCOMPRESSED = 300 * 1024 * 1024  # what a package may expand to, all members together
MAX_RATIO = 150  # a member above 1 MB expanding more than this is a bomb, not a spreadsheet
MAX_MEMBERS = 5_000
MAX_ROWS = 200_000  # rows of a table or spreadsheet
MAX_CELLS = 3_000_000
MAX_PAGES = 2_000
MAX_CHARS = 30_000_000  # characters of text in one document

_MB = 1_048_576


def check_package(data: bytes, source: str) -> None:
    """Refuse a ZIP package whose contents would expand past the limits."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
            if len(members) > MAX_MEMBERS:
                raise DocumentError(
                    f"{source}: the package holds {len(members)} files, over the "
                    f"{MAX_MEMBERS} limit"
                )
            total = 0
            for member in members:
                total += member.file_size
                if total > MAX_UNCOMPRESSED:
                    raise DocumentError(
                        f"{source}: the package expands to over {MAX_UNCOMPRESSED // _MB} MB "
                        "(a decompression bomb?); it was not opened"
                    )
                if member.file_size > _MB and member.file_size > MAX_RATIO * max(
                    member.compress_size, 1
                ):
                    raise DocumentError(
                        f"{source}: {member.filename} expands {member.file_size // _MB} MB from "
                        f"{max(member.compress_size // 1024, 1)} KB (a decompression bomb?); "
                        "it was not opened"
                    )
    except zipfile.BadZipFile as exc:
        raise DocumentError(f"{source}: a damaged ZIP package ({exc})") from None
    except (ValueError, NotImplementedError, OSError, EOFError) as exc:
        raise DocumentError(f"{source}: a damaged ZIP package ({exc})") from None


def check_rows(count: int, cells: int, source: str) -> None:
    if count > MAX_ROWS:
        raise DocumentError(f"{source}: more than {MAX_ROWS:,} rows, over the limit")
    if cells > MAX_CELLS:
        raise DocumentError(f"{source}: more than {MAX_CELLS:,} cells, over the limit")


def check_chars(count: int, source: str) -> None:
    if count > MAX_CHARS:
        raise DocumentError(
            f"{source}: more than {MAX_CHARS // 1_000_000} million characters of text, over "
            "the limit for a plan document"
        )
