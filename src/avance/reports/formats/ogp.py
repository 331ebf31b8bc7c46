"""An open-government action plan in the layout the OGP's Independent Reporting Mechanism reads:
one row per milestone (or per commitment without milestones), with its commitment, lead
institution, supporting actors, dates, completion level and evidence links.

Commitments are the plan's items that have milestones under them (for a plan of axes →
commitments → milestones, the second level); the completion level is the IRM's scale, from the
computed figure: 0 → not started, under 50 → limited, under 100 → substantial, 100 → complete
(the IRM judges by evidence; these thresholds are Avance's reading of its figures, stated in the
data dictionary). A formatter over the published read model, at the same cut-off as the other
files.
"""

from __future__ import annotations

from avance.plans.models import Plan
from avance.progress.models import ReportingPeriod
from avance.progress.published import PublishedNode, PublishedPlan, as_at
from avance.reports.formats.workbook import Rows, _cell, write_csv

COLUMNS = [
    "commitment_ref",
    "commitment",
    "milestone_ref",
    "milestone",
    "lead_institution",
    "supporting_actors",
    "start",
    "end",
    "completion_percent",
    "completion_level",
    "evidence",
    "cutoff",
]


def completion_level(percent: float | None) -> str:
    if percent is None:
        return ""
    if percent <= 0:
        return "not started"
    if percent < 50:
        return "limited"
    if percent < 100:
        return "substantial"
    return "complete"


def _commitments(view: PublishedPlan) -> list[PublishedNode]:
    """The items whose children are leaves (milestones); a leaf at the top is its own
    commitment."""
    out = []
    for row in view.ordered():
        kids = view.kids(row.id)
        if (kids and all(view.is_leaf(kid.id) for kid in kids)) or (
            not kids and row.parent is None
        ):
            out.append(row)
    return out


def rows(view: PublishedPlan) -> Rows:
    table: Rows = [list(COLUMNS)]
    lead = view.plan.owner.name
    for commitment in _commitments(view):
        milestones = view.kids(commitment.id) or [commitment]
        for milestone in milestones:
            people = milestone.people or commitment.people
            leads = [p.organization or p.name for p in people if p.is_responsible]
            support = [p.organization or p.name for p in people if not p.is_responsible]
            details = milestone.details
            table.append(
                [
                    commitment.full_ref,
                    commitment.title,
                    milestone.full_ref if milestone is not commitment else "",
                    milestone.title if milestone is not commitment else "",
                    " | ".join(dict.fromkeys(leads)) or lead,
                    " | ".join(dict.fromkeys(support)),
                    details["start"].isoformat() if details.get("start") else "",
                    details["end"].isoformat() if details.get("end") else "",
                    _cell(milestone.percent),
                    completion_level(milestone.percent),
                    " | ".join(e.url for e in milestone.evidence if not e.is_file),
                    view.cutoff.label,
                ]
            )
    return table


def render_csv(plan: Plan, period: ReportingPeriod | None, kind: str, language: str) -> bytes:
    from django.utils import translation

    with translation.override(language):
        return write_csv(rows(as_at(plan, period, details=True)))
