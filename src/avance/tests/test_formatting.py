"""Refusals reach people in their language: every coded ActionError and file refusal has its
sentence in the catalogue, with the same parameters as the English message."""

from __future__ import annotations

import pytest
from django.utils import translation

from avance.core.errors import ActionError
from avance.core.files import REFUSALS as FILE_MESSAGES
from avance.core.files import RefusedFile, sniff
from avance.formatting import FILE_REFUSALS, REFUSALS, error_text


def test_every_file_refusal_has_a_translatable_sentence():
    assert {f"file.{code}" for code in FILE_MESSAGES} == set(FILE_REFUSALS)


@pytest.mark.parametrize(
    ("error", "spanish", "english"),
    [
        (
            ActionError("x", code="period_not_open", params={"period": "Primer informe"}),
            "El periodo de reporte «Primer informe» no está abierto para reportar avance.",
            "The reporting period «Primer informe» is not open for check-ins.",
        ),
        (
            ActionError("x", code="return_reason"),
            "Diga por qué se devuelve el reporte.",
            "Say why the update is returned.",
        ),
    ],
)
def test_coded_refusals_are_said_in_the_active_language(error, spanish, english):
    with translation.override("es-mx"):
        assert error_text(error) == spanish
    with translation.override("en"):
        assert error_text(error) == english


def test_a_refused_file_names_the_file_and_the_kind_in_spanish():
    with pytest.raises(RefusedFile) as refused:
        sniff(b"\x89PNG\r\n\x1a\n" + bytes(64), "informe.pdf", 1_000_000)
    error = ActionError(str(refused.value), code=refused.value.code, params=refused.value.params)
    assert str(error) == (
        "informe.pdf: the name ends in .pdf but the content is a PNG image (expected .png)"
    )
    with translation.override("es-mx"):
        assert error_text(error) == (
            "informe.pdf: el nombre termina en .pdf pero el contenido es una imagen PNG "
            "(se esperaba .png)"
        )


def test_every_coded_refusal_is_translated():
    for code, sentence in {**REFUSALS, **FILE_REFUSALS}.items():
        with translation.override("en"):
            english = str(sentence)
        with translation.override("es-mx"):
            assert str(sentence) != english, code
