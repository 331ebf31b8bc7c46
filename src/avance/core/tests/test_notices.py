"""Importer warnings are English text that also carry a code, so the interface can translate
them; they survive the child process the web import runs in."""

from __future__ import annotations

import pickle

from avance.core.errors import Notice


def test_a_notice_reads_as_its_english_sentence_and_keeps_its_parts():
    notice = Notice(
        "not_number",
        "plan.xlsx",
        "row {row}, column {column!r}: {text!r} is not a number",
        row=7,
        column="Avance",
        text="mucho",
    )
    assert notice == "plan.xlsx: row 7, column 'Avance': 'mucho' is not a number"
    assert (notice.code, notice.where) == ("not_number", "plan.xlsx")
    assert notice.params == {"row": "7", "column": "Avance", "text": "mucho"}


def test_it_pickles_and_moves_to_the_uploaded_name():
    notice = Notice("no_title", "/tmp/x/documento.csv", "no title; named «{title}»", title="Eje")
    again = pickle.loads(pickle.dumps(notice))
    assert type(again) is Notice and again == notice and again.params == notice.params
    moved = again.moved("/tmp/x/documento.csv", "avance.csv")
    assert moved == "avance.csv: no title; named «Eje»" and moved.code == "no_title"
