"""A member's figures go draft → submitted → approved by its own reviewer (or returned), checked
against the form; the public read model shows only approved figures, missing members as
«sin reporte»."""

from __future__ import annotations

import datetime as dt

import pytest

from avance.audit.models import AuditEntry
from avance.core.errors import ActionError
from avance.networks import actions, figures
from avance.networks.models import Submission

GOOD = {"REC": "120", "ATE": "100", "CAP.mujeres": "12", "CAP.hombres": "8", "POR": "sí"}


def test_it_refuses_a_rule_breaking_submission_and_keeps_nothing(red):
    period, member = red["period"], red["members"]["A"]
    with pytest.raises(actions.FiguresRefused) as refused:
        actions.do_save_figures("test", period, member, {**GOOD, "ATE": "130"}, submit=True)
    assert refused.value.checked.problems == {
        "ATE": [
            (
                "stats.rule",
                {
                    "left": "Solicitudes atendidas",
                    "op": "≤",
                    "right": "Solicitudes recibidas",
                    "left_value": "130",
                    "right_value": "120",
                },
            )
        ]
    }
    assert not Submission.objects.exists()


def test_a_draft_needs_readable_values_only(red):
    period, member = red["period"], red["members"]["A"]
    draft = actions.do_save_figures("test", period, member, {"ATE": "130"})
    assert (draft.state, draft.values) == ("draft", {"ATE": 130})
    with pytest.raises(actions.FiguresRefused) as unreadable:
        actions.do_save_figures("test", period, member, {"REC": "muchas"})
    assert unreadable.value.checked.problems == {
        "REC": [("stats.not_integer", {"value": "muchas"})]
    }
    assert Submission.objects.get().values == {"ATE": 130}


def test_it_adds_up_categories_and_flags_a_partial_breakdown(red):
    period, member = red["period"], red["members"]["A"]
    with pytest.raises(actions.FiguresRefused) as partial:
        actions.do_save_figures("test", period, member, {**GOOD, "CAP.hombres": ""}, submit=True)
    assert partial.value.checked.problems == {"CAP.hombres": [("stats.partial", {})]}
    submission = actions.do_save_figures("test", period, member, GOOD, submit=True)
    assert submission.values == {
        "REC": 120,
        "ATE": 100,
        "CAP.mujeres": 12,
        "CAP.hombres": 8,
        "CAP": 20,
        "POR": True,
    }
    assert submission.state == "submitted" and not submission.late


def test_returned_figures_come_back_to_the_liaison_and_approval_makes_them_public(red):
    period, a, b = red["period"], red["members"]["A"], red["members"]["B"]
    first = actions.do_save_figures("test", period, a, GOOD, submit=True)
    with pytest.raises(ActionError) as no_comment:
        actions.do_return_figures("test", first, "  ")
    assert no_comment.value.code == "comment_required"
    actions.do_return_figures("test", first, "Revise las atendidas.")
    with pytest.raises(ActionError) as not_submitted:
        actions.do_approve_figures("test", first)
    assert not_submitted.value.code == "transition"
    again = actions.do_save_figures("test", period, a, {**GOOD, "ATE": "90"}, submit=True)
    actions.do_approve_figures("test", again)
    actions.do_save_figures("test", period, b, {**GOOD, "REC": "40", "ATE": "40"}, submit=True)
    table = figures.FormFigures(red["form"]).comparison("ATE")
    cells = {row["member"].organization.acronym: row["cells"][0] for row in table["rows"]}
    assert (cells["OGB"].value, cells["OGB"].status) == (None, "sin reporte")  # only submitted
    assert (cells["IC"].value, cells["IC"].status) == (None, "sin reporte")
    assert (cells["IP"].value, cells["IP"].status, cells["IP"].rate) == (90, "publicado", 0.045)
    aggregate = table["columns"][0].aggregate
    assert (aggregate.total, aggregate.median, aggregate.missing) == (90, 90, ("ic", "ogb"))
    with pytest.raises(ActionError) as taken:
        actions.do_save_figures("test", period, a, GOOD)
    assert taken.value.code == "stats_taken"
    assert list(
        AuditEntry.objects.filter(action__startswith="stats.")
        .order_by("id")
        .values_list("action", flat=True)
    ) == [
        "stats.form",
        "stats.open",
        "stats.submit",
        "stats.return",
        "stats.submit",
        "stats.approve",
        "stats.submit",
    ]


def test_tidy_rows_mark_missing_members_and_never_write_zero(red):
    period, a = red["period"], red["members"]["A"]
    actions.do_approve_figures(
        "test", actions.do_save_figures("test", period, a, GOOD, submit=True)
    )
    rows = figures.tidy_rows(red["network"])
    assert [r for r in rows if r["member"] == "ogb" and r["variable"] == "REC"] == [
        {
            "network": red["network"].slug,
            "member": "ogb",
            "period": "2025-s1",
            "variable": "REC",
            "disaggregation": "",
            "value": "",
            "status": "sin reporte",
        }
    ]
    mine = [
        (r["variable"], r["disaggregation"], r["value"])
        for r in rows
        if r["member"] == a.organization.slug
    ]
    assert mine == [
        ("REC", "", 120),
        ("ATE", "", 100),
        ("CAP", "", 20),
        ("POR", "", "sí"),
        ("CAP", "SEXO=mujeres", 12),
        ("CAP", "SEXO=hombres", 8),
    ]


def test_a_published_form_changes_into_a_new_version_and_keeps_unchanged_variables_comparable(red):
    form, period, a = red["form"], red["period"], red["members"]["A"]
    actions.do_approve_figures(
        "test", actions.do_save_figures("test", period, a, GOOD, submit=True)
    )
    from avance.networks.tests.conftest import DEFINITION

    changed = {
        **DEFINITION,
        "variables": [
            {**v, "definition": "Solo las de la plataforma"} if v["code"] == "REC" else v
            for v in DEFINITION["variables"]
        ],
    }
    version = actions.do_revise_form("test", form, changed)
    assert version.number == 2 and not version.published
    second = actions.do_open_stats_period(
        "test",
        form,
        "2025-s2",
        "Segundo semestre 2025",
        start=dt.date(2025, 7, 1),
        end=dt.date(2025, 12, 31),
        due=dt.date(2099, 1, 31),
    )
    assert second.version == version and period.version.number == 1
    figures_ = figures.FormFigures(form)
    assert [c.comparable for c in figures_.columns("ATE")] == [True, True]
    assert [c.comparable for c in figures_.columns("REC")] == [False, True]
