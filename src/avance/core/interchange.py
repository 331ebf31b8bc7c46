"""The plan interchange format ``avance.plan/1``: validation and vocabulary helpers. No Django.

The schema file beside this module is a copy of the project contract; ``validate`` adds the
checks a JSON Schema cannot state (level names, dates that exist, start before end).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from avance.core import links

SCHEMA_ID = "avance.plan/1"
SCHEMA_PATH = Path(__file__).with_name("plan.schema.json")

NODE_REPORT_FIELDS = ("progress", "status", "note")


class InvalidDocument(ValueError):
    """A document that is not valid avance.plan/1; ``errors`` are (JSON path, problem) pairs."""

    def __init__(self, source: str, errors: list[tuple[str, str]]):
        self.source = source
        self.errors = errors
        lines = [f"{source}: {path}: {problem}" for path, problem in errors[:20]]
        if len(errors) > 20:
            lines.append(f"{source}: ... and {len(errors) - 20} more problems")
        super().__init__("\n".join(lines))


@cache
def schema() -> dict[str, Any]:
    with SCHEMA_PATH.open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded


# The document's fields, defined once (by the packaged schema) and derived everywhere else.
PLAN_FIELDS: tuple[str, ...] = tuple(k for k in schema()["properties"] if k != "nodes")
NODE_FIELDS: tuple[str, ...] = tuple(
    k for k in schema()["$defs"]["node"]["properties"] if k != "children"
)
# The plan's free-text sections: the same names in the document, the Plan model, the recogniser,
# the admin and the exports.
PLAN_SECTIONS: tuple[str, ...] = ("mission", "vision", "objective", "program", "strategy", "goal")
# What an item states beyond its place in the tree and its progress: the same names in the
# document and on the Node model.
NODE_DETAILS: tuple[str, ...] = (
    "description",
    "goal",
    "budget",
    "beneficiaries",
    "start",
    "end",
    "evaluation_frequency",
    "alignment",
)
assert set(PLAN_SECTIONS) <= set(PLAN_FIELDS) and set(NODE_DETAILS) <= set(NODE_FIELDS)
# Fields Avance's own exports add (ignored on load): what the read model computed, and the cut-off.
EXPORT_PLAN_FIELDS: tuple[str, ...] = (*PLAN_FIELDS, "rollup", "cutoff")


def read(path: str | Path) -> dict[str, Any]:
    """Parse and validate one file; raises InvalidDocument naming the file and the place."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidDocument(source, [("$", "file not found")]) from None
    except UnicodeDecodeError as exc:
        raise InvalidDocument(source, [("$", f"not UTF-8 text (byte {exc.start})")]) from None
    except OSError as exc:
        raise InvalidDocument(source, [("$", exc.strerror or str(exc))]) from None
    try:
        document = json.loads(text)
    except RecursionError:
        raise InvalidDocument(source, [("$", f"nests deeper than {MAX_DEPTH} levels")]) from None
    except ValueError as exc:
        if not isinstance(exc, json.JSONDecodeError):  # Python's cap on huge integer literals
            raise InvalidDocument(source, [("$", f"not usable JSON: {exc}")]) from None
        raise InvalidDocument(
            source, [("$", f"not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}")]
        ) from None
    validate(document, source)
    return document


MAX_DEPTH = 100  # JSON nesting: about 30 levels of plan items, far more than any real plan


def validate(document: Any, source: str = "<document>") -> None:
    shape = list(_shape_errors(document))
    if shape:  # the schema validator recurses: check depth and characters first
        raise InvalidDocument(source, shape)
    errors: list[tuple[str, str]] = []
    validator = jsonschema.Draft202012Validator(schema())
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
        errors.append((error.json_path, _problem(error)))
    if not errors:
        errors.extend(_semantic_errors(document))
    if errors:
        raise InvalidDocument(source, errors)


def _shape_errors(document: Any) -> Iterator[tuple[str, str]]:
    """Nesting too deep for anyone to read, and text no database can store (NUL characters,
    unpaired surrogates), with the JSON path of each; walked without recursion."""
    stack: list[tuple[str, Any, int]] = [("$", document, 0)]
    while stack:
        path, value, depth = stack.pop()
        if depth > MAX_DEPTH:
            yield "$", f"nests deeper than {MAX_DEPTH} levels"
            return
        if isinstance(value, dict):
            stack.extend((f"{path}.{key}", item, depth + 1) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((f"{path}[{i}]", item, depth + 1) for i, item in enumerate(value))
        elif isinstance(value, str):
            if "\x00" in value:
                yield path, "contains a NUL character"
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                yield path, "contains an unpaired surrogate (not valid Unicode text)"
        elif isinstance(value, float) and not math.isfinite(value):
            yield path, f"{value} is not a finite number"


def _problem(error: jsonschema.ValidationError) -> str:
    if error.validator == "required":
        return error.message.replace("is a required property", "is required")
    if error.validator == "const":
        return f"must be {error.validator_value!r}, found {error.instance!r}"
    if error.validator == "pattern":
        return f"{error.instance!r} is not a date in YYYY-MM-DD form"
    if error.validator == "enum":
        options = error.validator_value if isinstance(error.validator_value, list) else []
        allowed = ", ".join(repr(v) for v in options if v is not None)
        return f"{error.instance!r} is not one of {allowed}"
    if error.validator == "type":
        value = error.validator_value
        expected = " or ".join(value) if isinstance(value, list) else str(value)
        return f"expected {expected}, found {type(error.instance).__name__} {error.instance!r:.60}"
    return error.message


def _semantic_errors(document: dict[str, Any]) -> Iterator[tuple[str, str]]:
    yield from _date_errors(document, "$")
    if isinstance(document.get("report"), dict):
        yield from _date_errors(document["report"], "$.report")
        for key in ("progress", "remaining"):
            value = document["report"].get(key)
            if value is not None and not 0 <= value <= 100:
                yield f"$.report.{key}", f"{value} is not a percentage between 0 and 100"
    rollup = document.get("rollup")
    if rollup is not None:
        # Avance's extension: the plan's roll-up settings.
        from avance.core.rollup import METHODS, MISSING_POLICIES

        if not isinstance(rollup, dict):
            yield "$.rollup", "expected an object with method and missing"
        else:
            if rollup.get("method", "mean") not in METHODS:
                yield (
                    "$.rollup.method",
                    f"{rollup.get('method')!r} is not one of {', '.join(METHODS)}",
                )
            if rollup.get("missing", "skip") not in MISSING_POLICIES:
                yield (
                    "$.rollup.missing",
                    f"{rollup.get('missing')!r} is not one of {', '.join(MISSING_POLICIES)}",
                )
    for path, node in walk(document.get("nodes") or []):
        yield from _date_errors(node, path)
        progress = node.get("progress")
        if progress is not None and not 0 <= progress <= 100:
            yield f"{path}.progress", f"{progress} is not a percentage between 0 and 100"
        if not str(node.get("title", "")).strip():
            yield f"{path}.title", "must not be empty"
        if not str(node.get("level", "")).strip():
            yield f"{path}.level", "must not be empty"
        for i, text in enumerate(node.get("evidence") or []):
            if problem := links.problem(text):
                yield f"{path}.evidence[{i}]", problem


def _date_errors(obj: dict[str, Any], path: str) -> Iterator[tuple[str, str]]:
    parsed: dict[str, dt.date] = {}
    for key in ("start", "end", "issued", "remaining_due"):
        value = obj.get(key)
        if isinstance(value, str):
            try:
                parsed[key] = dt.date.fromisoformat(value)
            except ValueError:
                yield f"{path}.{key}", f"{value!r} is not a real date"
    if "start" in parsed and "end" in parsed and parsed["start"] > parsed["end"]:
        yield f"{path}.end", f"ends ({parsed['end']}) before it starts ({parsed['start']})"


def walk(
    nodes: list[dict[str, Any]], path: str = "$.nodes"
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every node with its JSON path, depth first, parents before children."""
    for i, node in enumerate(nodes):
        here = f"{path}[{i}]"
        yield here, node
        yield from walk(node.get("children") or [], f"{here}.children")


def nodes_of(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every node of a tree, parents before children (walk without the paths)."""
    return [node for _path, node in walk(nodes)]


def date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


# Spanish vocabulary -------------------------------------------------------------------------

_PREPOSITIONS = {"de", "del", "para", "en", "con", "a", "y", "por"}


def pluralize(label: str) -> str:
    """Spanish plural of a level label: pluralize the words before the first preposition.

    "Eje" → "Ejes", "Acción" → "Acciones", "Línea de acción" → "Líneas de acción",
    "Objetivo estratégico" → "Objetivos estratégicos".
    """
    words = label.split()
    out = []
    plural = True
    for word in words:
        if word.lower() in _PREPOSITIONS:
            plural = False
        out.append(_plural_word(word) if plural else word)
    return " ".join(out)


def _plural_word(word: str) -> str:
    lower = word.lower()
    if not word or not word[-1].isalpha():
        return word
    if lower.endswith(("s", "x")) and len(word) > 3:
        return word
    if lower.endswith("z"):
        return word[:-1] + ("CES" if word.isupper() else "ces")
    if lower[-1] in "aeiouáéó":
        return word + ("S" if word.isupper() else "s")
    stem = word
    for accented, plain in (("ión", "ion"), ("ÓN", "ON"), ("án", "an"), ("én", "en"), ("ín", "in")):
        if stem.endswith(accented):
            stem = stem[: -len(accented)] + plain
            break
    return stem + ("ES" if word.isupper() else "es")


def fold(text: str) -> str:
    """Lower case without accents, for matching words."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


# The default status catalogue every new plan starts with: (key, label, colour, default %, counts).
DEFAULT_STATUSES: list[tuple[str, str, str, float | None, bool]] = [
    ("sin-iniciar", "Sin iniciar", "#9ca3af", 0.0, True),
    ("en-diseno", "En etapa de diseño", "#a78bfa", 0.0, True),
    ("en-proceso", "En proceso", "#f59e0b", None, True),
    ("concluido", "Concluido", "#16a34a", 100.0, True),
    ("cancelado", "Cancelado", "#6b7280", None, False),
]

_STATUS_WORDS = [
    ("cancelado", ("cancelad", "suspendid", "no aplica", "descartad")),
    ("concluido", ("conclui", "concluid", "complet", "terminad", "cumplid", "finalizad")),
    ("en-diseno", ("diseno", "planeacion", "planeación")),
    ("sin-iniciar", ("sin iniciar", "no iniciad", "pendiente", "por iniciar")),
    ("en-proceso", ("en proceso", "en curso", "en ejecucion", "en desarrollo", "en marcha")),
]


def status_key(text: str | None) -> str | None:
    """The default catalogue key a status written in a document means, if any."""
    if not text:
        return None
    folded = fold(text)
    for key, words in _STATUS_WORDS:
        if any(fold(word) in folded for word in words):
            return key
    return None


_ORG_KINDS = [
    ("human_rights", ("derechos humanos", "defensoria", "ombudsman")),
    (
        "transparency",
        ("transparencia", "acceso a la informacion", "proteccion de datos", "instituto de acceso"),
    ),
    ("network", ("secretariado", "coordinacion regional", "sistema nacional", "red ", "alianza")),
    ("municipality", ("municipio", "municipal", "ayuntamiento", "alcaldia")),
    ("legislature", ("congreso", "legislativo", "parlamento")),
    ("judiciary", ("tribunal", "poder judicial", "juzgado")),
    ("academia", ("universidad", "instituto tecnologico", "colegio de")),
    ("civil_society", ("a.c.", "asociacion civil", "fundacion", "observatorio", "colectivo")),
    ("government", ("gobierno", "secretaria", "poder ejecutivo")),
]


def organization_kind(name: str) -> str:
    folded = fold(name)
    for kind, words in _ORG_KINDS:
        if any(word in folded for word in words):
            return kind
    return "other"


def slug_words(text: str, limit: int = 80) -> str:
    """A URL slug cut at a word boundary."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    if len(slug) > limit:
        cut = slug[: limit + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut else cut[:limit]
    return slug.strip("-") or "plan"


_SLUG_STOPWORDS = {"de", "del", "la", "las", "los", "el", "y", "en", "para", "a"}


def plan_slug(title: str, owner: str, acronym: str | None, start: dt.date | None) -> str:
    """ "itaiva-plan-anual-de-trabajo-2025": the owner (its acronym, or its name's first
    significant words), the title, and the start year unless the title states it."""
    words = [w for w in re.findall(r"\w+", fold(owner)) if w not in _SLUG_STOPWORDS]
    prefix = acronym or " ".join(words[:3])
    year = str(start.year) if start and str(start.year) not in title else ""
    return f"{prefix} {title} {year}"
