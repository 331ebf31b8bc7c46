"""Standardised statistics of a network: a form's definition, the checking of one member's
figures against it, and the regional aggregates. Plain Python, no Django.

A form is a list of variables (code, name, definition, unit, kind), the disaggregations some of
them are broken down by (sex, age group, channel…) and validation rules between variables. A
disaggregated variable is entered per category; its total is their sum. Values are keyed by the
field they came from: «SOL» for a plain variable, «SOL.mujeres» for one category of it.

Aggregates never count a member without a figure as zero: a missing member is left out of the
total, the median and the rate, and listed as missing.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from avance.core.errors import ActionError

KINDS = ("integer", "decimal", "percentage", "yes_no", "text")
NUMERIC = ("integer", "decimal", "percentage")
OPERATORS = {
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
    "=": lambda a, b: a == b,
}
SIGNS = {"<=": "≤", "<": "<", ">=": "≥", ">": ">", "=": "="}
YES = {"sí", "si", "yes", "true", "1", "s", "y"}
NO = {"no", "false", "0", "n"}
CODE_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


@dataclass(frozen=True)
class Disaggregation:
    code: str
    name: str
    categories: tuple[tuple[str, str], ...]  # (code, label)


@dataclass(frozen=True)
class Variable:
    code: str
    name: str
    kind: str = "integer"
    definition: str = ""
    unit: str = ""
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    disaggregation: str = ""  # a Disaggregation's code, or "" for a plain variable

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC


@dataclass(frozen=True)
class Rule:
    """`left op right`, where right is a variable's code or a number: «ATE <= REC»."""

    left: str
    op: str
    right: str

    def __str__(self) -> str:
        return f"{self.left} {self.op} {self.right}"


@dataclass(frozen=True)
class Form:
    variables: tuple[Variable, ...]
    disaggregations: tuple[Disaggregation, ...] = ()
    rules: tuple[Rule, ...] = ()

    def variable(self, code: str) -> Variable:
        for variable in self.variables:
            if variable.code == code:
                return variable
        raise KeyError(code)

    def breakdown(self, variable: Variable) -> Disaggregation | None:
        for disaggregation in self.disaggregations:
            if disaggregation.code == variable.disaggregation:
                return disaggregation
        return None

    def fields(self) -> list[tuple[str, Variable, str]]:
        """Every field a member fills: (key, variable, category code or "")."""
        rows = []
        for variable in self.variables:
            breakdown = self.breakdown(variable)
            if breakdown is None:
                rows.append((variable.code, variable, ""))
            else:
                rows.extend(
                    (f"{variable.code}.{code}", variable, code) for code, _l in breakdown.categories
                )
        return rows

    def fingerprint(self, code: str) -> tuple[Any, ...]:
        """What must stay the same for a variable's figures to compare across versions."""
        variable = self.variable(code)
        breakdown = self.breakdown(variable)
        return (
            variable.kind,
            variable.unit,
            variable.definition,
            breakdown.categories if breakdown else (),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "variables": [
                {
                    "code": v.code,
                    "name": v.name,
                    "kind": v.kind,
                    "definition": v.definition,
                    "unit": v.unit,
                    "required": v.required,
                    "minimum": v.minimum,
                    "maximum": v.maximum,
                    "disaggregation": v.disaggregation,
                }
                for v in self.variables
            ],
            "disaggregations": [
                {"code": d.code, "name": d.name, "categories": [list(c) for c in d.categories]}
                for d in self.disaggregations
            ],
            "rules": [{"left": r.left, "op": r.op, "right": r.right} for r in self.rules],
        }


def read_form(data: Mapping[str, Any]) -> Form:
    """A form from its stored definition, checked: ActionError names the first fault."""
    disaggregations = []
    for index, item in enumerate(data.get("disaggregations") or []):
        code = _code(item.get("code"), f"disaggregations[{index}]")
        categories = tuple((_slug(c[0], code), str(c[1])) for c in item.get("categories") or [])
        if len(categories) < 2 or len({c for c, _l in categories}) != len(categories):
            raise _definition(f"disaggregation {code} needs two or more distinct categories")
        disaggregations.append(Disaggregation(code, str(item.get("name") or code), categories))
    known = {d.code for d in disaggregations}
    variables = []
    for index, item in enumerate(data.get("variables") or []):
        code = _code(item.get("code"), f"variables[{index}]")
        kind = item.get("kind") or "integer"
        if kind not in KINDS:
            raise _definition(f"variable {code}: kind {kind!r} is not one of {', '.join(KINDS)}")
        breakdown = item.get("disaggregation") or ""
        if breakdown and breakdown not in known:
            raise _definition(f"variable {code}: no disaggregation {breakdown!r}")
        if breakdown and kind not in NUMERIC:
            raise _definition(f"variable {code}: only numbers can be disaggregated")
        variables.append(
            Variable(
                code=code,
                name=str(item.get("name") or code),
                kind=kind,
                definition=str(item.get("definition") or ""),
                unit=str(item.get("unit") or ""),
                required=bool(item.get("required")),
                minimum=_bound(item.get("minimum"), code),
                maximum=_bound(item.get("maximum"), code),
                disaggregation=breakdown,
            )
        )
    codes = [v.code for v in variables]
    if not variables:
        raise _definition("a statistics form needs at least one variable")
    if len(set(codes)) != len(codes):
        raise _definition("two variables share a code")
    rules = []
    for item in data.get("rules") or []:
        rule = Rule(str(item.get("left")), str(item.get("op")), str(item.get("right")))
        if rule.op not in OPERATORS:
            raise _definition(f"rule {rule}: operator must be one of {' '.join(OPERATORS)}")
        kinds = {v.code: v.kind for v in variables}
        for side, may_be_number in ((rule.left, False), (rule.right, True)):
            if side in kinds:
                if kinds[side] not in NUMERIC:
                    raise _definition(f"rule {rule}: {side} is not a number")
            elif not may_be_number or _number(side) is None:
                raise _definition(f"rule {rule}: no variable {side}")
        rules.append(rule)
    return Form(tuple(variables), tuple(disaggregations), tuple(rules))


@dataclass
class Checked:
    """One member's figures after checking: values by field key (totals of disaggregated
    variables added), and the problems by field key, each a (code, params) for the interface
    to say in the user's language."""

    values: dict[str, Any] = field(default_factory=dict)
    problems: dict[str, list[tuple[str, dict[str, str]]]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, key: str, code: str, **params: object) -> None:
        self.problems.setdefault(key, []).append(
            (code, {name: str(value) for name, value in params.items()})
        )


def check(form: Form, raw: Mapping[str, Any], *, complete: bool) -> Checked:
    """Read the typed text of each field and check it. `complete` is for a submission: required
    fields must be filled and the rules must hold; a draft only needs readable values."""
    checked = Checked()
    known = {key for key, _v, _c in form.fields()}
    for key, text in raw.items():
        if key not in known and str(text or "").strip():
            checked.add(key, "stats.unknown", field=key)
    for key, variable, _category in form.fields():
        text = raw.get(key)
        text = "" if text is None else str(text).strip()
        if text == "":
            continue
        value = _parse(variable, text)
        if value is None:
            checked.add(key, f"stats.not_{variable.kind}", value=text)
            continue
        if variable.numeric:
            if variable.kind == "percentage" and not 0 <= value <= 100:
                checked.add(key, "stats.percentage", value=text)
                continue
            if variable.minimum is not None and value < variable.minimum:
                checked.add(key, "stats.below", value=text, minimum=_plain(variable.minimum))
                continue
            if variable.maximum is not None and value > variable.maximum:
                checked.add(key, "stats.above", value=text, maximum=_plain(variable.maximum))
                continue
        checked.values[key] = value
    for variable in form.variables:
        breakdown = form.breakdown(variable)
        if breakdown is not None:
            parts = [checked.values.get(f"{variable.code}.{c}") for c, _l in breakdown.categories]
            if all(part is not None for part in parts):
                checked.values[variable.code] = sum(parts)
            elif any(part is not None for part in parts) and complete:
                for (code, _label), part in zip(breakdown.categories, parts, strict=True):
                    if part is None:
                        checked.add(f"{variable.code}.{code}", "stats.partial")
        if complete and variable.required and variable.code not in checked.values:
            first = next(key for key, v, _c in form.fields() if v.code == variable.code)
            if first not in checked.problems:
                checked.add(first, "stats.required")
    if complete:
        for rule in form.rules:
            left, right = _side(rule.left, checked.values), _side(rule.right, checked.values)
            if left is None or right is None or OPERATORS[rule.op](left, right):
                continue
            key = next(k for k, v, _c in form.fields() if v.code == rule.left)
            names = {v.code: v.name for v in form.variables}
            checked.add(
                key,
                "stats.rule",
                left=names[rule.left],
                op=SIGNS[rule.op],
                right=names.get(rule.right, rule.right),
                left_value=_plain(left),
                right_value=_plain(right),
            )
    return checked


def from_rows(rows: list[list[str]], source: str) -> dict[str, str]:
    """The typed values of a filled-in template: the first row names the columns; «campo» is the
    field's key and «valor» its value. ActionError says which column is missing."""
    header = [cell.strip().lower() for cell in rows[0]] if rows else []
    if "campo" not in header or "valor" not in header:
        raise ActionError(
            f"{source}: the first row must name the columns «campo» and «valor»",
            code="stats.template",
            params={"name": source},
        )
    key, value = header.index("campo"), header.index("valor")
    raw = {}
    for row in rows[1:]:
        cells = row + [""] * (len(header) - len(row))
        if cells[key].strip():
            raw[cells[key].strip()] = cells[value].strip()
    return raw


def shown(value: Any) -> str:
    """A stored value as the form shows it back («1250», «12.5», «sí»/«no»)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "sí" if value else "no"
    return _plain(value) if isinstance(value, int | float) else str(value)


# --- aggregates -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Aggregate:
    """A variable across the members of one period, explained: who counted, who did not."""

    total: float | None
    median: float | None
    rate: float | None  # per 1,000 inhabitants of the members that reported and have one
    reporting: tuple[str, ...]
    missing: tuple[str, ...]


def aggregate(
    values: Mapping[str, float | None], populations: Mapping[str, int | None] | None = None
) -> Aggregate:
    """Total, median and rate per 1,000 over the members with a figure. `values` maps every
    member expected to report to its figure, or None when it did not report."""
    populations = populations or {}
    reported = {m: float(v) for m, v in values.items() if v is not None}
    missing = tuple(m for m, v in values.items() if v is None)
    if not reported:
        return Aggregate(None, None, None, (), missing)
    total = sum(reported.values())
    rated = {m: population for m in reported if (population := populations.get(m))}
    rate = sum(reported[m] for m in rated) * 1000 / sum(rated.values()) if rated else None
    return Aggregate(total, statistics.median(reported.values()), rate, tuple(reported), missing)


def per_thousand(value: float | None, population: int | None) -> float | None:
    if value is None or not population:
        return None
    return float(value) * 1000 / population


# --- helpers --------------------------------------------------------------------------------


def _parse(variable: Variable, text: str) -> Any:
    if variable.kind == "text":
        return text[:2000]
    if variable.kind == "yes_no":
        lowered = text.lower()
        return True if lowered in YES else False if lowered in NO else None
    number = _number(text.rstrip("%").strip() if variable.kind == "percentage" else text)
    if number is None:
        return None
    if variable.kind == "integer":
        return int(number) if number == int(number) else None
    return number


def _number(text: str) -> float | None:
    """«1,250», «1250», «12.5» → a number; «12,5» (a decimal comma) too when it cannot be a
    thousands separator."""
    cleaned = text.replace(" ", "").replace("\u00a0", "")
    if "," in cleaned and "." not in cleaned and len(cleaned.split(",")[-1]) != 3:
        cleaned = cleaned.replace(",", ".")
    cleaned = cleaned.replace(",", "")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not number.is_finite() or abs(number) > Decimal("1e15"):
        return None
    return int(number) if number == number.to_integral_value() else float(number)


def _side(side: str, values: Mapping[str, Any]) -> float | None:
    """A rule's side: the variable's value (None when not filled) or the number written."""
    if side in values:
        return values[side]
    return _number(side) if side[:1].isdigit() or side[:1] in "-." else None


def _plain(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:g}"


def _code(value: Any, where: str) -> str:
    code = str(value or "").strip().upper()
    if not code or not set(code) <= CODE_CHARS or len(code) > 30:
        raise _definition(f"{where}: a code is 1-30 letters A-Z, digits or _ ({value!r})")
    return code


def _slug(value: Any, where: str) -> str:
    code = str(value or "").strip().lower()
    if not code or not all(ch.isalnum() or ch in "_-" for ch in code) or len(code) > 30:
        raise _definition(f"{where}: a category code is 1-30 letters, digits, - or _ ({value!r})")
    return code


def _bound(value: Any, code: str) -> float | None:
    if value in (None, ""):
        return None
    number = _number(str(value))
    if number is None:
        raise _definition(f"variable {code}: bound {value!r} is not a number")
    return number


def _definition(message: str) -> ActionError:
    return ActionError(
        f"statistics form: {message}", code="stats.definition", params={"reason": message}
    )


# --- a form's definition as a workbook (what a coordinator edits in a spreadsheet) -----------

DEFINITION_SHEETS = {
    "variables": [
        "codigo",
        "nombre",
        "tipo",
        "unidad",
        "definicion",
        "obligatorio",
        "minimo",
        "maximo",
        "desagregacion",
    ],
    "desagregaciones": ["codigo", "nombre", "categoria", "etiqueta"],
    "reglas": ["izquierda", "operador", "derecha"],
}
KIND_WORDS = {  # the workbook's Spanish kinds, and the codes themselves
    "entero": "integer",
    "decimal": "decimal",
    "porcentaje": "percentage",
    "si/no": "yes_no",
    "sí/no": "yes_no",
    "texto": "text",
    **{kind: kind for kind in KINDS},
}


def definition_sheets(form: Form) -> dict[str, list[list[Any]]]:
    """The definition as three sheets, in the columns `definition_from_sheets` reads."""
    words = {"integer": "entero", "decimal": "decimal", "percentage": "porcentaje"}
    words.update({"yes_no": "sí/no", "text": "texto"})
    return {
        "variables": [DEFINITION_SHEETS["variables"]]
        + [
            [
                v.code,
                v.name,
                words[v.kind],
                v.unit,
                v.definition,
                "sí" if v.required else "",
                "" if v.minimum is None else v.minimum,
                "" if v.maximum is None else v.maximum,
                v.disaggregation,
            ]
            for v in form.variables
        ],
        "desagregaciones": [DEFINITION_SHEETS["desagregaciones"]]
        + [
            [d.code, d.name, code, label]
            for d in form.disaggregations
            for code, label in d.categories
        ],
        "reglas": [DEFINITION_SHEETS["reglas"]] + [[r.left, r.op, r.right] for r in form.rules],
    }


def definition_from_sheets(sheets: Mapping[str, list[list[str]]], source: str) -> dict[str, Any]:
    """A definition from the workbook's sheets (the first row of each names its columns);
    ActionError says which sheet, row and column is wrong. `read_form` checks the rest."""
    tables: dict[str, list[dict[str, str]]] = {}
    for name, columns in DEFINITION_SHEETS.items():
        rows = sheets.get(name)
        if rows is None and name != "variables":
            tables[name] = []
            continue
        if not rows:
            raise _definition(f"{source}: no sheet «{name}»")
        header = [cell.strip().lower() for cell in rows[0]]
        missing = [c for c in columns if c not in header]
        if missing:
            raise _definition(f"{source}, sheet «{name}»: no column «{missing[0]}»")
        tables[name] = [
            {
                c: (row[header.index(c)] if header.index(c) < len(row) else "").strip()
                for c in columns
            }
            for row in rows[1:]
        ]
    disaggregations: dict[str, dict[str, Any]] = {}
    for row in tables["desagregaciones"]:
        entry = disaggregations.setdefault(
            row["codigo"], {"code": row["codigo"], "name": row["nombre"], "categories": []}
        )
        entry["categories"].append([row["categoria"], row["etiqueta"] or row["categoria"]])
    variables = []
    for number, row in enumerate(tables["variables"], start=2):
        kind = KIND_WORDS.get((row["tipo"] or "entero").lower())
        if kind is None:
            raise _definition(
                f"{source}, sheet «variables», row {number}: kind «{row['tipo']}» is not one of "
                "entero, decimal, porcentaje, sí/no, texto"
            )
        variables.append(
            {
                "code": row["codigo"],
                "name": row["nombre"],
                "kind": kind,
                "unit": row["unidad"],
                "definition": row["definicion"],
                "required": row["obligatorio"].lower() in YES,
                "minimum": row["minimo"] or None,
                "maximum": row["maximo"] or None,
                "disaggregation": row["desagregacion"].upper(),
            }
        )
    rules = [
        {"left": r["izquierda"].upper(), "op": r["operador"], "right": r["derecha"].upper()}
        for r in tables["reglas"]
    ]
    return {
        "disaggregations": list(disaggregations.values()),
        "variables": variables,
        "rules": rules,
    }
