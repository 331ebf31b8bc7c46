"""Numbers and dates in the workspace are written as on the public pages: «1 de julio de
2025», «54.4%», «$30,000.00»; never 01/07/2025, 54.44444444% or $30000.00."""

from __future__ import annotations

import re

from django.template.loader import render_to_string
from django.utils import timezone, translation


def test_periods_are_dated_in_words(cast, login):
    page = login("planeacion").get(f"/trabajo/planes/{cast['plan'].slug}/periodos/")
    assert "1 de julio de 2025 – 31 de diciembre de 2025" in page.content.decode()


def test_audit_entries_say_day_and_time_in_words(cast, login):
    page = login("planeacion").get(f"/trabajo/planes/{cast['plan'].slug}/bitacora/").content
    today = timezone.localtime()
    with translation.override("es-mx"):
        from avance.formatting import long_date

        expected = long_date(today)
    assert re.search(rf"{expected}, \d\d:\d\d", page.decode())


def test_the_import_preview_tree_formats_progress_and_budget():
    nodes = [{"level": "Acción", "ref": "1", "title": "Uno", "progress": 54.4444, "budget": 30000}]
    with translation.override("es-mx"):
        html = render_to_string("workspace/_tree.html", {"nodes": nodes})
    assert "· 54.4% · $30,000.00" in html
