"""Dates as pages, reports and the audit trail write them, in the active language."""

from __future__ import annotations

import datetime as dt

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from avance.core.errors import ActionError, Notice

# The words of lifecycle errors (core/lifecycle.py), for error_text.
NOUNS = {
    "progress update": gettext_lazy("progress update"),
    "reporting period": gettext_lazy("reporting period"),
    "plan": gettext_lazy("plan"),
    "measurement": gettext_lazy("measurement"),
    "goal-change request": gettext_lazy("goal-change request"),
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
    "authorise": gettext_lazy("authorised"),
    "reject": gettext_lazy("rejected"),
}

# Why a file was refused (core/files.py REFUSALS), in the user's language.
FILE_REFUSALS = {
    "file.empty": gettext_lazy("%(name)s: the file is empty"),
    "file.too_big": gettext_lazy("%(name)s: %(size)s MB is over the %(limit)s MB limit"),
    "file.program": gettext_lazy("%(name)s: programs are not accepted as evidence"),
    "file.disguised": gettext_lazy(
        "%(name)s: the file also contains web markup (a disguised HTML page?); save it again "
        "from its original program"
    ),
    "file.extension": gettext_lazy(
        "%(name)s: the name ends in %(extension)s but the content is %(kind)s (expected "
        "%(allowed)s)"
    ),
    "file.damaged_zip": gettext_lazy("%(name)s: a damaged ZIP package"),
    "file.macros": gettext_lazy(
        "%(name)s: the document carries macros or a program (%(member)s); save it as a plain "
        ".docx or .xlsx"
    ),
    "file.zip": gettext_lazy(
        "%(name)s: ZIP archives are not accepted; attach the documents themselves"
    ),
    "file.unknown": gettext_lazy("%(name)s: not a PDF, image, Word, Excel or text file"),
    "file.markup": gettext_lazy(
        "%(name)s: HTML, SVG and XML files are not accepted as evidence (they can carry scripts)"
    ),
    "file.not_image": gettext_lazy("%(name)s: a logo must be a PNG or JPEG image"),
}
PERIOD_CLOSED = gettext_lazy(
    "The reporting period «%(period)s» is closed; its goals and results can no longer change."
)
# Other refusals people meet in the interface, by ActionError code.
REFUSALS = {
    "stats_taken": gettext_lazy(
        "These figures were already sent; they can change only if they are returned."
    ),
    "stats_period_closed": gettext_lazy("The statistics period is closed."),
    "stats_period_taken": gettext_lazy("The form already has a period with that key."),
    "stats_period_dates": gettext_lazy("A period needs start ≤ end ≤ due date."),
    "stats.template": gettext_lazy(
        "%(name)s: the first row must name the columns «campo» and «valor»."
    ),
    "stats.definition_file": gettext_lazy(
        "%(name)s: a definition is an XLSX workbook of at most 5 MB."
    ),
    "stats.definition": gettext_lazy("The form's definition is wrong: %(reason)s."),
    "agreement_responsible": gettext_lazy("Agreement %(ref)s: name the responsible members."),
    "comment_required": gettext_lazy("Say what to fix when returning the figures."),
    "reason_required": gettext_lazy("Say why the line is not adopted."),
    "line_item_owner": gettext_lazy("A line can be linked to an item of the member's own plans."),
    "agreement_evidence": gettext_lazy("Say what was done, or link the evidence."),
    "period_not_open": gettext_lazy("The reporting period «%(period)s» is not open for check-ins."),
    "percent_range": gettext_lazy("Progress must be between 0 and 100, not %(percent)s."),
    "percent_or_status": gettext_lazy("Give a percentage or a status."),
    "link": gettext_lazy(
        "«%(link)s» is not a web or e-mail link; only http, https and mailto links are accepted "
        "as evidence."
    ),
    "period_key_taken": gettext_lazy(
        "The plan already has a reporting period with the key «%(key)s»."
    ),
    "return_reason": gettext_lazy("Say why the update is returned."),
    "plan_archived": gettext_lazy("The plan «%(plan)s» is archived; it is kept read-only."),
    "plan_title": gettext_lazy("A plan needs a title."),
    "plan_levels": gettext_lazy("A plan needs at least one level."),
    "level_name": gettext_lazy("A level needs a name."),
    "level_taken": gettext_lazy("The plan already has a level named «%(name)s»."),
    "responsible_name": gettext_lazy("Give a name or an organization."),
    "email": gettext_lazy("That is not an e-mail address; write it as name@example.org."),
    "subscription_expired": gettext_lazy(
        "The confirmation link expired; ask to follow the plan again from its page."
    ),
    "goal_late": PERIOD_CLOSED,
    "goal_change_late": PERIOD_CLOSED,
    "goal_set": gettext_lazy("The goal of «%(period)s» is already set; request a change instead."),
    "goal_missing": gettext_lazy("«%(period)s» has no goal to change yet."),
    "goal_change_reason": gettext_lazy("Say why the goal should change."),
    "goal_change_reject_reason": gettext_lazy("Say why the request is rejected."),
    "measurement_missing": gettext_lazy("Give a value for %(names)s."),
    "measurement_narrative": gettext_lazy("Explain the result: the traffic light is not green."),
    "measurement_taken": gettext_lazy(
        "The measurement of «%(period)s» was already sent; it can be corrected once returned."
    ),
    "not_a_number": gettext_lazy("Write the values as numbers."),
    "variables_measured": gettext_lazy(
        "%(names)s already have measurements; keep them in the formula's variables."
    ),
    "indicator_name": gettext_lazy("An indicator needs a name."),
    "formula_unknown_variables": gettext_lazy(
        "The formula uses %(names)s, which are not among its variables."
    ),
    "formula.empty": gettext_lazy("The formula is empty."),
    "formula.too_long": gettext_lazy("The formula is too long."),
    "formula.syntax": gettext_lazy(
        "The formula «%(expression)s» cannot be read (at character %(column)s)."
    ),
    "formula.not_allowed": gettext_lazy(
        "«%(what)s» is not allowed in a formula: use numbers, variable names, + - * / and "
        "parentheses."
    ),
    "formula.missing_variable": gettext_lazy("There is no value for %(names)s."),
    "formula.division_by_zero": gettext_lazy("The formula divides by zero: %(divisor)s is 0."),
    "formula.not_finite": gettext_lazy("The formula gives a number too large to use."),
    "subscription_unknown": gettext_lazy(
        "This link does not belong to any subscription: it may have ended already."
    ),
}
# The importer's warnings (core Notice codes), in the user's language. Each keeps the English
# sentence's parameters; where it happened («plan.xlsx», «plan.docx:14») comes first.
NOTICES = {
    "no_title": gettext_lazy("no title above the table; the plan is named «%(title)s»"),
    "progress_range": gettext_lazy("row %(row)s: progress %(value)s is outside 0-100; left empty"),
    "count_mismatch": gettext_lazy(
        "the document declares %(declared)s «%(level)s» but %(found)s were found"
    ),
    "duplicate_number": gettext_lazy(
        "duplicate number %(level)s %(ref)s: «%(first)s» and «%(second)s»"
    ),
    "unlabelled": gettext_lazy("«%(text)s» has no «%(level)s» label; read as %(level)s %(ref)s"),
    "unmatched_figures": gettext_lazy(
        "%(figures)s progress figures for the %(items)s items of %(level)s %(ref)s «%(title)s» "
        "could not be matched one to one"
    ),
    "not_number": gettext_lazy(
        "row %(row)s, column «%(column)s»: «%(text)s» is not a number; left empty"
    ),
    "not_date": gettext_lazy(
        "row %(row)s, column «%(column)s»: «%(text)s» is not a date (YYYY-MM-DD); left empty"
    ),
    "no_level": gettext_lazy("row %(row)s: no level column is filled; row skipped"),
    "empty_level": gettext_lazy("row %(row)s: column «%(column)s» is empty; row skipped"),
    "repeated_title": gettext_lazy(
        "row %(row)s: «%(title)s» repeats the title of an earlier item under the same parent"
    ),
    "declared_item": gettext_lazy(
        "%(level)s %(ref)s «%(title)s» declares %(declared)s%% but the mean of its items is "
        "%(computed)s%%"
    ),
    "declared_global": gettext_lazy(
        "the document declares %(declared)s%% global progress; the mean of its items is "
        "%(computed)s%%"
    ),
}
KIND_NAMES = {
    "a PDF": gettext_lazy("a PDF"),
    "a PNG image": gettext_lazy("a PNG image"),
    "a JPEG image": gettext_lazy("a JPEG image"),
    "a Word document": gettext_lazy("a Word document"),
    "an Excel workbook": gettext_lazy("an Excel workbook"),
    "CSV text": gettext_lazy("CSV text"),
    "plain text": gettext_lazy("plain text"),
}


def long_date(value: dt.date | dt.datetime | None) -> str:
    """«30 de junio de 2025» in Spanish (months in lower case, as Spanish writes them; Django's
    catalogue capitalises them), «June 30, 2025» in English."""
    if value is None:
        return ""
    if (translation.get_language() or "").startswith("es"):
        return formats.date_format(value, "DATE_FORMAT").lower()
    return formats.date_format(value, "F j, Y")  # Django's English default abbreviates: «Dec. 2»


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
    if getattr(error, "code", "") in REFUSALS:
        return REFUSALS[error.code] % error.params
    if getattr(error, "code", "") in FILE_REFUSALS:
        params = dict(error.params)
        if "kind" in params:
            params["kind"] = str(KIND_NAMES.get(params["kind"], params["kind"]))
        return FILE_REFUSALS[error.code] % params
    if getattr(error, "code", "") == "move_under_itself":
        return _("An item cannot be moved under itself or under one of its own items.")
    return str(error)


def notice_text(notice: str) -> str:
    """An importer warning in the user's language; the English text when it has no code."""
    if not isinstance(notice, Notice) or notice.code not in NOTICES:
        return str(notice)
    sentence = NOTICES[notice.code] % notice.params
    return f"{notice.where}: {sentence}" if notice.where else sentence


# Why a member's figure was refused (core.statistics.check), said next to its field.
STATS_PROBLEMS = {
    "stats.not_integer": gettext_lazy("«%(value)s» is not a whole number."),
    "stats.not_decimal": gettext_lazy("«%(value)s» is not a number."),
    "stats.not_percentage": gettext_lazy("«%(value)s» is not a percentage."),
    "stats.not_yes_no": gettext_lazy("Answer «sí» or «no» («%(value)s» is neither)."),
    "stats.percentage": gettext_lazy("%(value)s is outside 0–100."),
    "stats.below": gettext_lazy("%(value)s is below the minimum, %(minimum)s."),
    "stats.above": gettext_lazy("%(value)s is above the maximum, %(maximum)s."),
    "stats.partial": gettext_lazy("Fill in every category, or none."),
    "stats.required": gettext_lazy("This figure is required."),
    "stats.unknown": gettext_lazy("The form has no field «%(field)s»."),
    "stats.rule": gettext_lazy(
        "«%(left)s» must be %(op)s «%(right)s»: %(left_value)s %(op)s %(right_value)s is false."
    ),
}


def stats_problem(code: str, params: dict[str, str]) -> str:
    """A statistics problem in the user's language; its code when it has no sentence."""
    sentence = STATS_PROBLEMS.get(code)
    return str(sentence % params) if sentence is not None else code
