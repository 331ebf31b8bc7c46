"""Hostile and pathological files fail their own import with a clear message, within limits."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest

from avance.core.documents import DocumentError, limits
from avance.core.documents.importer import import_file
from avance.core.documents.isolation import run_limited
from avance.core.documents.tests import fixtures


def _bomb(path: Path, member: str, marker: str, megabytes: int = 400) -> Path:
    """A real package whose `member` inflates to `megabytes` MB from about 1 MB."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(marker, "<x/>")
        with package.open(member, "w") as out:
            chunk = b"<si><t>aaaa</t></si>" * 52_429  # 1 MB
            for _ in range(megabytes):
                out.write(chunk)
    return path


def test_it_refuses_a_docx_bomb_before_opening_it(tmp_path):
    path = _bomb(tmp_path / "bomba.docx", "word/document.xml", "[Content_Types].xml")
    started = time.perf_counter()
    with pytest.raises(DocumentError, match=r"bomba\.docx: .*decompression bomb"):
        import_file(path)
    assert time.perf_counter() - started < 1


def test_it_refuses_an_xlsx_whose_shared_strings_expand_a_thousandfold(tmp_path):
    path = _bomb(tmp_path / "bomba.xlsx", "xl/sharedStrings.xml", "xl/workbook.xml")
    with pytest.raises(DocumentError, match=r"bomba\.xlsx: .*decompression bomb"):
        import_file(path)


def test_it_stops_reading_a_sheet_at_the_row_limit(tmp_path, monkeypatch):
    import openpyxl

    monkeypatch.setattr(limits, "MAX_ROWS", 100)
    book = openpyxl.Workbook()
    for n in range(150):
        book.active.append([f"{n}", f"Elemento {n}"])
    book.save(tmp_path / "largo.xlsx")
    with pytest.raises(DocumentError, match=r"largo\.xlsx \[Sheet\]: more than 100 rows"):
        import_file(tmp_path / "largo.xlsx")


def test_it_stops_reading_a_csv_of_a_million_rows_early(tmp_path):
    path = tmp_path / "millon.csv"
    path.write_bytes(b"ref,title\n" + b"1,x\n" * 1_000_000)
    started = time.perf_counter()
    with pytest.raises(DocumentError, match="more than 200,000 rows, over the limit"):
        import_file(path)
    assert time.perf_counter() - started < 5


def test_it_refuses_a_document_of_too_many_characters(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_CHARS", 1000)
    path = tmp_path / "plan.txt"
    path.write_text("1. Objetivo\n" + "1.1 Acción muy larga " * 100)
    with pytest.raises(DocumentError, match="million characters of text, over the limit"):
        import_file(path)


@pytest.mark.parametrize(
    ("name", "damage", "message"),
    [
        ("roto.docx", "xml", "the Word document is damaged|the file is damaged"),
        ("roto.xlsx", "crc", "damaged"),
        ("roto.pdf", "truncate", "damaged|no text layer|no plan items"),
    ],
)
def test_it_turns_library_errors_into_its_own(tmp_path, name, damage, message):
    """BadZipFile, XMLSyntaxError and PdfiumError used to escape (a 500 on the web)."""
    path = tmp_path / name
    if damage == "xml":
        fixtures.write_docx(path)
        _rewrite(path, "word/document.xml", b"<w:document><unclosed")
    elif damage == "crc":
        import openpyxl

        book = openpyxl.Workbook()
        book.active.append(["ref", "title"])
        book.save(path)
        data = bytearray(path.read_bytes())
        offset = data.index(b"xl/worksheets/sheet1.xml") + 40  # inside the member's data
        data[offset] ^= 0xFF
        path.write_bytes(bytes(data))
    else:
        fixtures.write_pdf(path)
        path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 3])
    with pytest.raises(DocumentError, match=message) as error:
        import_file(path)
    assert name in str(error.value)


def _rewrite(path: Path, member: str, content: bytes) -> None:
    old = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    with zipfile.ZipFile(path, "w") as new:
        for info in old.infolist():
            new.writestr(info, content if info.filename == member else old.read(info))


def _allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * 1024 * 1024))


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


def stall(path: str) -> None:
    """An import that never finishes (here, in a module without Django, so that the child
    process can import it by name)."""
    time.sleep(60)


def test_it_stops_a_child_import_at_its_memory_limit():
    with pytest.raises(DocumentError, match=r"plan\.xlsx: reading it needed more than 512 MB"):
        run_limited(_allocate, 2048, source="plan.xlsx", seconds=30, memory_mb=512)


def test_it_stops_a_child_import_at_its_time_limit():
    started = time.perf_counter()
    with pytest.raises(DocumentError, match=r"plan\.pdf: reading it took longer than 1 s"):
        run_limited(_sleep, 30, source="plan.pdf", seconds=1, memory_mb=512)
    assert time.perf_counter() - started < 5


def test_it_returns_what_the_child_import_read(tmp_path):
    path = fixtures.write_text(tmp_path / "plan.txt")
    document, _warnings = run_limited(
        import_file, str(path), source="plan.txt", seconds=30, memory_mb=2048
    )
    assert document == import_file(path)[0]


@pytest.mark.parametrize("left", [1e20, float("inf"), float("nan"), -1e20])
def test_absurd_text_positions_cost_no_more_than_a_page_of_indentation(left):
    """A mutated PDF put one text run at x = 1e20: the reader built a line of 10^19 spaces
    (927 s and 15 GB before it was stopped)."""
    from avance.core.documents.readers.pdf import MAX_INDENT, _indented

    line = _indented([(left, 10.0, left + 50.0, 20.0, "Acción uno")], page_left=50.0)
    assert line.strip() == "Acción uno" and len(line) <= MAX_INDENT + len("Acción uno")


def test_a_sheet_that_declares_a_million_rows_by_16384_columns_reads_quickly(tmp_path):
    """openpyxl pads every row to the dimension the file declares; a hostile «A1:XFD1048576»
    with a stray cell at the bottom used to mean billions of empty cells."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ref", "title"])
    sheet.append(["1", "Eje uno"])
    sheet.append(["1.1", "Acción uno"])
    sheet["XFD1048576"] = "x"
    book.save(tmp_path / "ancho.xlsx")
    started = time.perf_counter()
    with pytest.raises(DocumentError, match="no header row naming the columns"):
        import_file(tmp_path / "ancho.xlsx")  # two columns are not a plan table, quickly
    assert time.perf_counter() - started < 5


def test_the_pdf_table_pass_is_cut_at_its_time_budget(shared, monkeypatch):
    """A damaged page kept PyMuPDF's table finder busy for 17 s (a mutated c01); the pass now
    runs in a child process with a budget of processor time, and the import goes on without
    its tables."""
    from avance.core.documents import importer, readers

    path = shared / "corpus" / "docs" / "c03_inaeba-mir.pdf"
    read = readers.read(path)
    assert len(importer._grids(path, read)) == 1
    monkeypatch.setattr(importer, "table_budget", lambda read: 0.01)
    started = time.perf_counter()
    assert importer._grids(path, read) == []
    assert time.perf_counter() - started < 2


def test_the_table_pass_budget_grows_with_the_pages(shared):
    """10 s and 1 s a page, at most 60 s: a long plan is not cut where a short one is not."""
    from avance.core.documents import importer, readers

    docs = shared / "corpus" / "docs"
    assert importer.table_budget(readers.read(docs / "c08_itsch-indicadores.pdf")) == 12
    assert importer.table_budget(readers.read(docs / "c01_tanhuato-pmd.pdf")) == 36


def test_inside_a_limited_child_the_work_runs_in_place():
    """A web import (a daemonic child) reading its PDF tables may not start a grandchild."""
    document, _warnings = run_limited(_nested, "ok", source="plan.pdf", seconds=30, memory_mb=2048)
    assert document == "ok"


def _nested(value: str) -> tuple[str, list[str]]:
    return run_limited(_echo, value, source="inner", seconds=5, memory_mb=512), []


def _echo(value: str) -> str:
    return value
