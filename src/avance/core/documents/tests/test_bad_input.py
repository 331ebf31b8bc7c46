from __future__ import annotations

import zipfile

import pytest

from avance.core.documents import DocumentError
from avance.core.documents.importer import import_file
from avance.core.documents.tests import fixtures


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("garbage.txt", bytes(range(256)) * 20, "binary data"),
        ("garbage.pdf", b"\x89PNG\r\n" + bytes(200), "not a PDF file"),
        ("fake.docx", b"just some text, not a package", "not a Word document"),
        ("fake.xlsx", b"col1,col2\n1,2\n", "not an XLSX workbook"),
        ("plan.odt", b"whatever", "unknown document type '.odt'"),
        ("words.txt", b"Solo un parrafo sin estructura alguna.\n", "no plan items were recognised"),
    ],
)
def test_it_refuses_bad_files_with_a_clear_message(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=message) as error:
        import_file(path)
    assert str(path) in str(error.value)


def test_it_refuses_a_docx_that_is_a_zip_of_something_else(tmp_path):
    path = tmp_path / "photos.docx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("photo.jpg", b"\xff\xd8\xff" + bytes(100))
    with pytest.raises(DocumentError, match="a ZIP file, but not a Word document"):
        import_file(path)


def test_it_refuses_an_encrypted_pdf(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="dueño", user_password="secreto")
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, "Plan secreto")
    pdf.output(str(tmp_path / "secret.pdf"))
    with pytest.raises(DocumentError, match="encrypted"):
        import_file(tmp_path / "secret.pdf")


def test_it_refuses_an_image_only_pdf(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    pdf.output(str(tmp_path / "scan.pdf"))
    with pytest.raises(DocumentError, match="no text layer"):
        import_file(tmp_path / "scan.pdf")


def test_it_refuses_a_100_mb_file_without_reading_it(tmp_path):
    path = tmp_path / "huge.pdf"
    with path.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)
    with pytest.raises(DocumentError, match="100 MB is over the 50 MB limit"):
        import_file(path)


def test_it_refuses_a_text_file_named_pdf(tmp_path):
    path = fixtures.write_text(tmp_path / "plan.txt").rename(tmp_path / "plan.pdf")
    with pytest.raises(DocumentError, match="not a PDF file"):
        import_file(path)
