"""The evidence allow-list, probed with the hostile files that used to get through."""

from __future__ import annotations

import io
import zipfile

import pytest

from avance.core.files import RefusedFile, sniff

LIMIT = 10 * 1024 * 1024
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


def _package(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in members.items():
            package.writestr(name, content)
    return buffer.getvalue()


DOCX = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
XLSX = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}

HOSTILE = [
    ("limpiar.bat", b"@echo off\r\ndel /q C:\\*\r\n", "the name ends in .bat but the content"),
    ("informe.pdf", b"<img src=x onerror=alert(1)>", "HTML, SVG and XML"),
    ("informe.pdf", b"Solo texto", "the name ends in .pdf but the content is plain text"),
    ("nota.txt", b"\xef\xbb\xbf<!DOCTYPE html><script>alert(1)</script>", "HTML, SVG and XML"),
    ("nota.txt", b"<!-- hola -->\n<html><body onload=alert(1)>", "HTML, SVG and XML"),
    ("datos.csv", b"a,b\n" * 20_000 + b"<script>alert(1)</script>", "HTML, SVG and XML"),
    ("informe.pdf", PDF + b"<html><script>alert(1)</script></html>", "disguised HTML page"),
    ("foto.png", PNG + b"<svg onload=alert(1)>", "disguised HTML page"),
    (
        "logo.txt",
        b"\xef\xbb\xbf<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
        "HTML",
    ),
    ("liga.txt", b'<a href="javascript:alert(1)">clic</a>', "HTML, SVG and XML"),
    ("carta.docx", _package({**DOCX, "word/media/setup.exe": b"MZ\x90\x00"}), "a program"),
    ("carta.docx", _package({**DOCX, "word/media/image1.png": b"MZ\x90\x00rest"}), "a program"),
    ("macro.xlsx", _package({**XLSX, "xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"}), "macros"),
    ("ole.docx", _package({**DOCX, "word/embeddings/oleObject1.bin": b"x"}), "macros"),
    ("fotos.zip", _package({"a.jpg": b"\xff\xd8\xff"}), "ZIP archives are not accepted"),
    ("programa.pdf", b"MZ\x90\x00" + bytes(100), "programs are not accepted"),
    ("script.txt", b"#!/bin/sh\nrm -rf /\n", "programs are not accepted"),
    ("binario.txt", b"\x00\x01\x02" * 100, "not a PDF, image, Word, Excel or text"),
    ("vacio.pdf", b"", "the file is empty"),
    ("grande.pdf", PDF + bytes(LIMIT), "over the 10 MB limit"),
    ("../../etc/passwd.txt", b"<script>", "passwd.txt: HTML"),
]


@pytest.mark.parametrize(("name", "content", "message"), HOSTILE)
def test_it_refuses_hostile_evidence(name, content, message):
    with pytest.raises(RefusedFile, match=message):
        sniff(content, name, LIMIT)


@pytest.mark.parametrize(
    ("name", "content", "kind", "content_type"),
    [
        ("acta.pdf", PDF, "pdf", "application/pdf"),
        ("FOTO.JPEG", b"\xff\xd8\xff\xe0" + bytes(64), "jpeg", "image/jpeg"),
        ("foto.png", PNG, "png", "image/png"),
        (
            "oficio.docx",
            _package(DOCX),
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "avance.xlsx",
            _package({**XLSX, "xl/printerSettings/printerSettings1.bin": b"x"}),
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("datos.csv", "a,b\n«Programa <p>uno</p>»,1\n".encode(), "csv", "text/csv; charset=utf-8"),
        (
            "minuta",
            "Reunión del 3 de marzo: 5 < 7 y x=1".encode(),
            "txt",
            "text/plain; charset=utf-8",
        ),
    ],
)
def test_it_accepts_ordinary_evidence_with_the_type_its_content_shows(
    name, content, kind, content_type
):
    assert sniff(content, name, LIMIT)[:2] == (kind, content_type)


def test_it_accepts_the_real_documents_of_the_corpus(shared):
    accepted = [
        path.name
        for path in sorted((shared / "corpus").rglob("*"))
        if path.suffix in {".pdf", ".xlsx"} and sniff(path.read_bytes(), path.name, 10**9)
    ]
    assert len(accepted) == 8
