"""The Spanish catalogue is the source of truth: complete, in step with the code, compiled."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation

PACKAGE = Path(__file__).resolve().parents[1]
CATALOGUE = PACKAGE / "locale" / "es_MX" / "LC_MESSAGES" / "django.po"


def _needs(tool: str) -> None:
    if shutil.which(tool) is None:
        message = f"{tool} (gettext) is not installed; .ci/run installs it"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)


def test_every_message_has_its_spanish():
    _needs("msgfmt")
    result = subprocess.run(
        ["msgfmt", "--check-format", "--statistics", "-o", os.devnull, CATALOGUE],
        capture_output=True,
        text=True,
        check=True,
    )
    assert re.fullmatch(r"\d+ translated messages\.\n", result.stderr), result.stderr


def test_the_catalogue_holds_exactly_the_messages_of_the_code(tmp_path):
    """makemessages on a copy of the code changes nothing: no message missing, none left over."""
    _needs("xgettext")
    copy = tmp_path / "avance"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "tests"))
    (tmp_path / "copied_settings.py").write_text(
        f"from avance.settings import *  # noqa\nLOCALE_PATHS = [{str(copy / 'locale')!r}]\n"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "DJANGO_SETTINGS_MODULE": "copied_settings"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "es_MX",
            "--no-location",
            "--no-obsolete",
        ],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    regenerated = (copy / "locale/es_MX/LC_MESSAGES/django.po").read_text()
    committed = CATALOGUE.read_text()
    stamp = re.compile(r'"POT-Creation-Date: [^"]*"')
    assert stamp.sub("", regenerated) == stamp.sub("", committed), (
        "run the makemessages line of docs/development.md and translate what it adds"
    )


def test_the_compiled_catalogue_is_the_current_one(tmp_path):
    _needs("msgfmt")
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", compiled, CATALOGUE], check=True)
    assert compiled.read_bytes() == CATALOGUE.with_suffix(".mo").read_bytes()


def test_djangos_own_empty_choice_is_spanish():
    with translation.override("es-mx"):
        from django.db.models.fields import BLANK_CHOICE_LABEL

        assert str(BLANK_CHOICE_LABEL) == "- Elija una opción -"


def test_the_new_plan_form_has_no_english_empty_choice(cast, client):
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="planeacion"))
    page = client.get("/trabajo/planes/nuevo/").text
    assert "- Elija una opción -" in page and "Select an option" not in page
