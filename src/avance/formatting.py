"""Dates as pages, reports and the audit trail write them, in the active language."""

from __future__ import annotations

import datetime as dt

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from avance.core.errors import ActionError

# The words of lifecycle errors (core/lifecycle.py), for error_text.
NOUNS = {
    "progress update": gettext_lazy("progress update"),
    "reporting period": gettext_lazy("reporting period"),
    "plan": gettext_lazy("plan"),
}
STATES = {
    "draft": gettext_lazy("in draft"),
    "submitted": gettext_lazy("submitted"),
    "returned": gettext_lazy("returned"),
    "approved": gettext_lazy("approved"),
    "published": gettext_lazy("published"),
    "open": gettext_lazy("open"),
    "closed": gettext_lazy("closed"),
    "archived": gettext_lazy("archived"),
}
TRANSITIONS = {
    "submit": gettext_lazy("sent to review"),
    "correct": gettext_lazy("corrected"),
    "return": gettext_lazy("returned"),
    "approve": gettext_lazy("approved"),
    "publish": gettext_lazy("published"),
    "close": gettext_lazy("closed"),
    "reopen": gettext_lazy("reopened"),
    "archive": gettext_lazy("archived"),
    "delete": gettext_lazy("deleted"),
}


def long_date(value: dt.date | dt.datetime | None) -> str:
    """«30 de junio de 2025» in Spanish (months in lower case, as Spanish writes them; Django's
    catalogue capitalises them), «June 30, 2025» in English."""
    if value is None:
        return ""
    text = formats.date_format(value, "DATE_FORMAT")
    return text.lower() if (translation.get_language() or "").startswith("es") else text


def refusal(error: Exception) -> str:
    """«No se cambió nada: …» for an action's refusal, in the user's language when it can."""
    if getattr(error, "code", ""):
        return error_text(error)  # type: ignore[arg-type]
    return _("Nothing was changed: %(reason)s") % {"reason": error}


def error_text(error: ActionError) -> str:
    """An action's refusal in the user's language («Un reporte de avance enviado no puede
    publicarse…»); the English message when there is no translation for it."""
    if getattr(error, "code", "") == "transition":
        params = error.params
        needs = ", ".join(str(STATES.get(s, s)) for s in params["needs"].split(","))
        return _(
            "This %(noun)s is %(state)s, so it cannot be %(done)s; nothing was changed "
            "(it needs to be %(needs)s)."
        ) % {
            "noun": NOUNS.get(params["noun"], params["noun"]),
            "state": STATES.get(params["state"], params["state"]),
            "done": TRANSITIONS.get(params["transition"], params["transition"]),
            "needs": needs,
        }
    if getattr(error, "code", "") == "move_under_itself":
        return _("An item cannot be moved under itself or under one of its own items.")
    return str(error)
