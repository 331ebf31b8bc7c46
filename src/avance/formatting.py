"""Dates as pages, reports and the audit trail write them, in the active language."""

from __future__ import annotations

import datetime as dt

from django.utils import formats, translation


def long_date(value: dt.date | dt.datetime | None) -> str:
    """«30 de junio de 2025» in Spanish (months in lower case, as Spanish writes them; Django's
    catalogue capitalises them), «June 30, 2025» in English."""
    if value is None:
        return ""
    text = formats.date_format(value, "DATE_FORMAT")
    return text.lower() if (translation.get_language() or "").startswith("es") else text
