"""The audit trail as people read it: a sentence per event, the changed fields with old → new
values formatted as on the pages, names instead of usernames. Used by the workspace's trail page
and its CSV download."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from avance.audit.models import AuditEntry
from avance.core.numbers import percent
from avance.formatting import long_date
from avance.plans.models import Plan, Status
from avance.progress.models import ProgressUpdate, ReportingPeriod

# One sentence per kind of event; %(who)s and %(what)s are filled in.
EVENTS = {
    "progress.record": gettext_lazy("%(who)s reported progress on %(what)s"),
    "progress.submit": gettext_lazy("%(who)s sent %(what)s to review"),
    "progress.correct": gettext_lazy("%(who)s corrected and resent %(what)s"),
    "progress.return": gettext_lazy("%(who)s returned %(what)s to its author"),
    "progress.approve": gettext_lazy("%(who)s approved %(what)s"),
    "progress.publish": gettext_lazy("%(who)s published %(what)s"),
    "period.open": gettext_lazy("%(who)s opened the reporting period %(what)s"),
    "period.close": gettext_lazy("%(who)s closed the reporting period %(what)s"),
    "period.reopen": gettext_lazy("%(who)s reopened the reporting period %(what)s"),
    "period.publish": gettext_lazy("%(who)s published the reporting period %(what)s"),
    "plan.load": gettext_lazy("%(who)s loaded the plan %(what)s"),
    "plan.create": gettext_lazy("%(who)s created the plan %(what)s"),
    "plan.update": gettext_lazy("%(who)s changed the plan's settings"),
    "plan.publish": gettext_lazy("%(who)s published the plan %(what)s"),
    "plan.archive": gettext_lazy("%(who)s archived the plan %(what)s"),
    "plan.rollup_method": gettext_lazy("%(who)s changed how progress is rolled up"),
    "plan.statuses": gettext_lazy("%(who)s changed the plan's statuses"),
    "rollup.recompute": gettext_lazy("The global progress was recomputed (%(who)s)"),
    "node.add": gettext_lazy("%(who)s added %(what)s"),
    "node.update": gettext_lazy("%(who)s edited %(what)s"),
    "node.delete": gettext_lazy("%(who)s deleted %(what)s"),
    "level.add": gettext_lazy("%(who)s added the level %(what)s"),
    "responsible.add": gettext_lazy("%(who)s added a responsible party to %(what)s"),
    "assignment.add": gettext_lazy("%(who)s assigned %(what)s"),
    "indicator.create": gettext_lazy("%(who)s created the indicator %(what)s"),
    "indicator.update": gettext_lazy("%(who)s edited the indicator %(what)s"),
    "indicator.goal": gettext_lazy("%(who)s set a goal of %(what)s"),
    "indicator.goal_request": gettext_lazy("%(who)s asked to change a goal of %(what)s"),
    "indicator.goal_authorise": gettext_lazy("%(who)s authorised a goal change of %(what)s"),
    "indicator.goal_reject": gettext_lazy("%(who)s rejected a goal change of %(what)s"),
    "indicator.measure": gettext_lazy("%(who)s entered a measurement of %(what)s"),
    "indicator.measurement_approve": gettext_lazy("%(who)s approved a measurement of %(what)s"),
    "indicator.measurement_return": gettext_lazy(
        "%(who)s returned a measurement of %(what)s to its author"
    ),
    "indicator.measurement_publish": gettext_lazy("%(who)s published a measurement of %(what)s"),
    "indicator.load": gettext_lazy("%(who)s loaded indicators into %(what)s"),
    "subscription.request": gettext_lazy("Someone asked to follow the plan by e-mail"),
    "subscription.confirm": gettext_lazy("A citizen confirmed they follow the plan by e-mail"),
    "subscription.end": gettext_lazy("A citizen stopped following the plan"),
}
FIELDS = {
    "percent": gettext_lazy("progress"),
    "status": gettext_lazy("status"),
    "status_text": gettext_lazy("status as written"),
    "note": gettext_lazy("note"),
    "state": gettext_lazy("state"),
    "comment": gettext_lazy("reviewer's comment"),
    "current": gettext_lazy("counts as current value"),
    "evidence": gettext_lazy("evidence"),
    "method": gettext_lazy("method"),
    "rollup_method": gettext_lazy("roll-up method"),
    "rollup_missing": gettext_lazy("items without a value"),
    "nodes": gettext_lazy("items"),
    "title": gettext_lazy("title"),
    "ref": gettext_lazy("number"),
    "label": gettext_lazy("name"),
    "start": gettext_lazy("start"),
    "end": gettext_lazy("end"),
    "user": gettext_lazy("user"),
    "goal": gettext_lazy("goal"),
    "period": gettext_lazy("reporting period"),
    "justification": gettext_lazy("justification"),
    "values": gettext_lazy("values"),
    "value": gettext_lazy("value"),
    "name": gettext_lazy("name"),
    "expression": gettext_lazy("formula"),
    "profile": gettext_lazy("traffic-light profile"),
    "variables": gettext_lazy("variables"),
}
# Bookkeeping fields an entry keeps that a reader does not need.
HIDDEN = {"key", "source"}
CHOICES = {
    "rollup_method": dict(Plan.RollupMethod.choices),
    "method": dict(Plan.RollupMethod.choices),
    "rollup_missing": dict(Plan.Missing.choices),
}
STATES = {
    **dict(Plan.State.choices),
    **dict(ReportingPeriod.State.choices),
    **dict(ProgressUpdate.State.choices),
}


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class Readable:
    entry: AuditEntry
    sentence: str
    who: str
    changes: list[Change] = field(default_factory=list)


def readable(entries: Iterable[AuditEntry]) -> list[Readable]:
    """Each entry as a sentence and its changes (status and user names looked up at once)."""
    entries = list(entries)
    statuses = dict(
        Status.objects.filter(
            id__in={
                value
                for entry in entries
                for side in (entry.before or {}, entry.after or {})
                for key, value in side.items()
                if key == "status" and isinstance(value, int)
            }
        ).values_list("id", "label")
    )
    names = {
        user.pk: user.get_full_name() or user.get_username()
        for user in User.objects.filter(id__in={e.actor_id for e in entries if e.actor_id})
    }
    out = []
    for entry in entries:
        who = names.get(entry.actor_id, entry.actor_label) if entry.actor_id else entry.actor_label
        template = EVENTS.get(entry.action)
        what = f"«{entry.target_label}»" if entry.target_label else ""
        sentence = (
            str(template) % {"who": who, "what": what}
            if template
            else f"{who}: {entry.action} {what}".strip()
        )
        out.append(Readable(entry, sentence, who, _changes(entry, statuses)))
    return out


def _changes(entry: AuditEntry, statuses: dict[int, str]) -> list[Change]:
    before, after = entry.before or {}, entry.after or {}
    out = []
    for key in [*after, *(k for k in before if k not in after)]:
        if key in HIDDEN:
            continue
        old, new = before.get(key), after.get(key)
        if (old == new and key in before) or (key not in before and new in (None, "", [])):
            continue
        out.append(
            Change(
                str(FIELDS.get(key, key)),
                _value(key, old, statuses) if key in before else "",
                _value(key, new, statuses),
            )
        )
    return out


def _value(key: str, value: Any, statuses: dict[int, str]) -> str:
    """A value as the pages show it."""
    if value is None or value == "" or value == []:
        return "—"
    if key == "percent" and isinstance(value, (int, float)):
        return percent(value)
    if key == "status" and isinstance(value, int):
        return statuses.get(value, "—")
    if key == "state":
        return str(STATES.get(value, value))
    if key in CHOICES:
        return str(CHOICES[key].get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, str) and (day := _date(value)):
        return long_date(day)
    return str(value)


def _date(value: str) -> Any:
    try:
        return parse_date(value) if len(value) == 10 else None
    except ValueError:
        return None
