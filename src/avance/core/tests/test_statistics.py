"""A statistics form's definition is checked once; a member's figures are read by kind,
bounded, added up by category and checked against the rules; aggregates leave missing members
out. Plain Python."""

from __future__ import annotations

import statistics as stdlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from avance.core import statistics
from avance.core.errors import ActionError

FORM = statistics.read_form(
    {
        "disaggregations": [
            {"code": "SEXO", "name": "Sexo", "categories": [["m", "Mujeres"], ["h", "Hombres"]]}
        ],
        "variables": [
            {"code": "REC", "name": "Recibidas", "required": True},
            {"code": "ATE", "name": "Atendidas"},
            {"code": "CAP", "name": "Capacitadas", "disaggregation": "SEXO"},
            {"code": "CUM", "name": "Cumplimiento", "kind": "percentage"},
            {"code": "PRE", "name": "Presupuesto", "kind": "decimal", "minimum": 0, "maximum": 99},
            {"code": "POR", "name": "Portal", "kind": "yes_no"},
            {"code": "OBS", "name": "Observaciones", "kind": "text"},
        ],
        "rules": [
            {"left": "ATE", "op": "<=", "right": "REC"},
            {"left": "REC", "op": "<", "right": "1000"},
        ],
    }
)


@pytest.mark.parametrize(
    ("definition", "fault"),
    [
        ({"variables": []}, "at least one variable"),
        ({"variables": [{"code": "a b"}]}, "a code is 1-30 letters"),
        ({"variables": [{"code": "A"}, {"code": "A"}]}, "two variables share a code"),
        ({"variables": [{"code": "A", "kind": "money"}]}, "kind 'money' is not one of"),
        ({"variables": [{"code": "A", "disaggregation": "SEXO"}]}, "no disaggregation 'SEXO'"),
        (
            {"variables": [{"code": "A"}], "rules": [{"left": "A", "op": "<=", "right": "B"}]},
            "no variable B",
        ),
        (
            {"variables": [{"code": "A"}], "rules": [{"left": "A", "op": "!=", "right": "1"}]},
            "operator must be",
        ),
        (
            {
                "variables": [{"code": "T", "kind": "text"}],
                "rules": [{"left": "T", "op": "<", "right": "1"}],
            },
            "T is not a number",
        ),
        (
            {
                "disaggregations": [{"code": "S", "categories": [["x", "X"]]}],
                "variables": [{"code": "A"}],
            },
            "two or more distinct categories",
        ),
    ],
)
def test_it_refuses_a_faulty_definition_naming_the_fault(definition, fault):
    with pytest.raises(ActionError) as refused:
        statistics.read_form(definition)
    assert fault in str(refused.value) and refused.value.code == "stats.definition"


def test_it_reads_each_kind_and_adds_up_categories():
    checked = statistics.check(
        FORM,
        {
            "REC": "1,250",
            "ATE": "900",
            "CAP.m": "3",
            "CAP.h": "4",
            "CUM": "87.5%",
            "PRE": "12,5",
            "POR": "Sí",
            "OBS": "  sin novedad ",
        },
        complete=False,
    )
    assert checked.problems == {}
    assert checked.values == {
        "REC": 1250,
        "ATE": 900,
        "CAP.m": 3,
        "CAP.h": 4,
        "CUM": 87.5,
        "PRE": 12.5,
        "POR": True,
        "OBS": "sin novedad",
        "CAP": 7,
    }


def test_it_names_each_problem_with_its_field():
    checked = statistics.check(
        FORM,
        {"REC": "1.5", "CUM": "120", "PRE": "-1", "POR": "quizá", "CAP.m": "2", "XYZ": "4"},
        complete=True,
    )
    assert checked.problems == {
        "XYZ": [("stats.unknown", {"field": "XYZ"})],
        "REC": [("stats.not_integer", {"value": "1.5"})],
        "CUM": [("stats.percentage", {"value": "120"})],
        "PRE": [("stats.below", {"value": "-1", "minimum": "0"})],
        "POR": [("stats.not_yes_no", {"value": "quizá"})],
        "CAP.h": [("stats.partial", {})],
    }


def test_rules_and_required_fields_apply_only_to_a_submission():
    raw = {"ATE": "10", "REC": ""}
    assert statistics.check(FORM, raw, complete=False).ok
    assert statistics.check(FORM, raw, complete=True).problems == {"REC": [("stats.required", {})]}
    over = statistics.check(FORM, {"REC": "1000", "ATE": "5"}, complete=True)
    assert over.problems == {
        "REC": [
            (
                "stats.rule",
                {
                    "left": "Recibidas",
                    "op": "<",
                    "right": "1000",
                    "left_value": "1000",
                    "right_value": "1000",
                },
            )
        ]
    }


def test_a_fingerprint_changes_with_the_meaning_not_the_name():
    renamed = statistics.read_form(
        {
            **FORM.as_dict(),
            "variables": [
                {**v, "name": "Otra"} if v["code"] == "REC" else v
                for v in FORM.as_dict()["variables"]
            ],
        }
    )
    redefined = statistics.read_form(
        {
            **FORM.as_dict(),
            "variables": [
                {**v, "unit": "miles"} if v["code"] == "REC" else v
                for v in FORM.as_dict()["variables"]
            ],
        }
    )
    assert renamed.fingerprint("REC") == FORM.fingerprint("REC")
    assert redefined.fingerprint("REC") != FORM.fingerprint("REC")


def test_a_template_reads_back_by_field_key():
    rows = [["campo", "variable", "valor"], ["REC", "Recibidas", "12"], ["ATE", "x", ""]]
    assert statistics.from_rows(rows, "cifras.csv") == {"REC": "12", "ATE": ""}
    with pytest.raises(ActionError) as refused:
        statistics.from_rows([["clave", "dato"]], "cifras.csv")
    assert refused.value.params == {"name": "cifras.csv"}


members = st.dictionaries(
    st.from_regex(r"m[0-9]{2}", fullmatch=True),
    st.tuples(
        st.one_of(st.none(), st.integers(min_value=0, max_value=10**6)),
        st.one_of(st.none(), st.integers(min_value=1, max_value=10**7)),
    ),
    min_size=1,
    max_size=32,
)


@given(members)
def test_missing_members_never_count_as_zero(data):
    values = {m: v for m, (v, _p) in data.items()}
    populations = {m: p for m, (_v, p) in data.items()}
    result = statistics.aggregate(values, populations)
    reported = [v for v in values.values() if v is not None]
    assert set(result.missing) == {m for m, v in values.items() if v is None}
    if not reported:
        assert (result.total, result.median, result.rate) == (None, None, None)
        return
    assert result.total == sum(reported)
    assert result.median == stdlib.median(reported)
    rated = [m for m, v in values.items() if v is not None and populations[m]]
    if rated:
        expected = sum(values[m] for m in rated) * 1000 / sum(populations[m] for m in rated)
        assert result.rate == pytest.approx(expected)


def test_a_definition_round_trips_through_its_workbook_sheets():
    sheets = {
        name: [["" if cell is None else str(cell) for cell in row] for row in rows]
        for name, rows in statistics.definition_sheets(FORM).items()
    }
    assert sheets["variables"][4][:3] == ["CUM", "Cumplimiento", "porcentaje"]
    again = statistics.read_form(statistics.definition_from_sheets(sheets, "f.xlsx"))
    assert again == FORM
    del sheets["variables"][0][1]
    with pytest.raises(ActionError) as refused:
        statistics.definition_from_sheets(sheets, "f.xlsx")
    assert "f.xlsx, sheet «variables»: no column «nombre»" in str(refused.value)
