"""Spanish public-planning vocabulary: level keywords, field labels and value parsers.

Plain Python. Nothing here names a particular document; everything is the general language of
Mexican and Latin-American plans (POA, PAT, planes de acción, MIR).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from avance.core.interchange import pluralize


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


# Level keywords, most specific first, with the label a plan uses for them and a rank (a lower
# rank contains a higher one when both are labelled).
LEVELS: list[tuple[str, str, int]] = [
    # «Objetivo Estratégico General I:», «Objetivos estratégicos institucionales»
    (
        r"objetivos? estrat[eé]gicos?(?: general(?:es)?| institucional(?:es)?| prioritarios?)?",
        "Objetivo estratégico",
        20,
    ),
    (r"objetivos? espec[ií]ficos?", "Objetivo específico", 30),
    (r"objetivos? general(?:es)?", "Objetivo general", 15),
    (r"l[ií]neas? de acci[oó]n", "Línea de acción", 60),
    (r"ejes?(?: estrat[eé]gicos?| tem[aá]ticos?| rectores?)?", "Eje", 10),
    (r"compromisos?", "Compromiso", 50),
    (r"componentes?", "Componente", 40),
    (r"actividad(?:es)?", "Actividad", 70),
    (r"acci[oó]n(?:es)?", "Acción", 80),
    (r"estrategias?", "Estrategia", 35),
    (r"programas?", "Programa", 25),
    (r"objetivos?", "Objetivo", 20),
    (r"metas?", "Meta", 90),
]
RANK = {label: rank for _pattern, label, rank in LEVELS}
_LEVEL_ALTERNATION = "|".join(f"(?:{pattern})" for pattern, _label, _rank in LEVELS)
REF = r"(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6}|[A-Z])"
# "Eje 1", "EJE 1. Título", "Compromiso 1.1.", "ACTIVIDAD 1:", "OBJETIVO ESTRATÉGICO:", "Acciones"
LEVEL_LINE = re.compile(
    rf"^(?P<key>{_LEVEL_ALTERNATION})(?:\s+(?P<ref>{REF})\b)?\s*(?P<punct>[:.\-–)]*)\s*(?P<rest>.*)$",
    re.I,
)


def level_of(keyword: str) -> tuple[str, bool]:
    """The level label a keyword means and whether it was written in the plural:
    "ACCIONES" → ("Acción", True), "Compromiso" → ("Compromiso", False)."""
    for pattern, label, _rank in LEVELS:
        if re.fullmatch(pattern, keyword.strip(), re.I):
            written = fold(keyword).split()[0]
            own = fold(label).split()[0]
            return label, written.endswith("s") and not own.endswith("s")
    return keyword.strip().capitalize(), False


# Field labels -----------------------------------------------------------------------------------

FIELDS: list[tuple[str, str]] = [
    (r"evaluaci[oó]n por parte de[l]?(?: [\w ]+)?", "evaluation"),
    (
        r"temporalidad(?: de (?:la )?evaluaci[oó]n)?|periodicidad(?: de (?:la )?evaluaci[oó]n)?|frecuencia de (?:la )?evaluaci[oó]n",
        "evaluation_frequency",
    ),
    (r"periodo(?: de tiempo)?|per[ií]odo(?: de ejecuci[oó]n)?|vigencia|plazo", "period"),
    (r"inversi[oó]n|presupuesto(?: asignado| autorizado)?|monto|costo", "budget"),
    (r"beneficiad[oa]s|beneficiari[oa]s|poblaci[oó]n (?:beneficiaria|objetivo)", "beneficiaries"),
    (r"metas?", "goal"),
    (r"resultados?(?:/impacto)?|impacto", "results"),
    (
        r"eje del (?:pmd|ped|pnd|plan municipal de desarrollo|plan estatal de desarrollo)|alineaci[oó]n(?: al (?:pmd|ped|pnd))?",
        "alignment",
    ),
    (r"misi[oó]n", "mission"),
    (r"visi[oó]n(?: \d+ a[nñ]os)?", "vision"),
    (r"objetivo/fin|fin|objetivo general|objetivo", "objective"),
    (r"programa(?: presupuestario)?", "program"),
    (r"estrategia(?:/objetivo estrat[eé]gico)?", "strategy"),
    (
        r"direcci[oó]n/jefatura|unidad responsable|[aá]rea responsable|dependencia|unidad administrativa",
        "unit",
    ),
    (r"fecha(?: de elaboraci[oó]n)?", "issued"),
    (r"evidencias?", "evidence"),
    (r"nota aclaratoria|notas?", "note"),
    (r"avance", "progress"),
    (r"responsables?(?: nombre y firma)?", "responsible"),
]
FIELD_LINE = re.compile(
    r"^(?P<label>" + "|".join(f"(?:{p})" for p, _k in FIELDS) + r")\s*(?::|\s-\s)\s*(?P<value>.*)$",
    re.I,
)
# Labels that may stand alone on a line, value below (no colon).
BARE_FIELD = re.compile(
    r"^(?P<label>misi[oó]n|visi[oó]n(?: \d+ a[nñ]os)?|objetivo(?: general)?|objetivo/fin|fin|programa|estrategia|metas?)\s*:?\s*$",
    re.I,
)


def field_key(label: str) -> str | None:
    for pattern, key in FIELDS:
        if re.fullmatch(pattern, label.strip(), re.I):
            return key
    return None


# Values -------------------------------------------------------------------------------------------

PERCENT = re.compile(r"^(?P<value>\d{1,3}(?:[.,]\d+)?)\s*%\s*(?P<mark>\**)$")
STAGE = re.compile(
    r"^(?:EN (?:ETAPA|PROCESO|FASE)|SIN (?:INICIAR|AVANCE)|NO INICIAD|CONCLUID|CANCELAD|PENDIENTE)",
    re.I,
)
URL = re.compile(r"https?://[^\s<>()\"']+")
MONEY = re.compile(r"\$?\s*(?P<amount>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)")

MONTHS = {
    "enero": 1,
    "febrero": 2,
    "marzo": 3,
    "abril": 4,
    "mayo": 5,
    "junio": 6,
    "julio": 7,
    "agosto": 8,
    "septiembre": 9,
    "setiembre": 9,
    "octubre": 10,
    "noviembre": 11,
    "diciembre": 12,
    "ene": 1,
    "feb": 2,
    "mar": 3,
    "abr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "ago": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dic": 12,
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
SPANISH_DATE = re.compile(
    rf"(?P<day>\d{{1,2}})\s*(?:ero|ro|°|º|o)?\s+de\s+(?P<month>{_MONTH})\.?(?:\s+(?:de|del)?\s*(?P<year>\d{{4}}))?",
    re.I,
)
NUMERIC_DATE = re.compile(r"\b(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})\b")
MONTH_RANGE = re.compile(
    rf"\b(?P<m1>{_MONTH})\s*[-–a]+\s*(?P<m2>{_MONTH})\s+(?:de\s+)?(?P<year>\d{{4}})\b", re.I
)
YEAR_RANGE = re.compile(r"\b(?P<y1>20\d\d|19\d\d)\s*[-–/]\s*(?P<y2>20\d\d|19\d\d)\b")
YEAR = re.compile(r"\b(?P<year>20\d\d|19\d\d)\b")


def percent(text: str) -> tuple[float, str] | None:
    m = PERCENT.match(text.strip())
    if not m:
        return None
    return float(m.group("value").replace(",", ".")), m.group("mark")


def money(text: str) -> float | None:
    m = MONEY.search(text.replace("\\$", "$"))
    if not m:
        return None
    return float(m.group("amount").replace(",", ""))


def number_or_words(text: str) -> int | str | None:
    text = text.strip().strip(".").strip()
    if not text:
        return None
    m = re.fullmatch(
        r"(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s*(?:personas?|habitantes|beneficiari[oa]s)?", text, re.I
    )
    if m:
        return int(m.group("n").replace(",", ""))
    return text


def beneficiaries(text: str) -> dict[str, Any] | None:
    text = re.sub(r"^(?:beneficiad[oa]s|beneficiari[oa]s)\s*:?\s*", "", text.strip(), flags=re.I)
    m = re.search(
        r"directos?\s*:?\s*(?P<direct>.*?)\s*(?:indirectos?\s*:?\s*(?P<indirect>.*))?$", text, re.I
    )
    if m and re.match(r"\s*directos?\b", text, re.I):
        return {
            "direct": number_or_words(m.group("direct")),
            "indirect": number_or_words(m.group("indirect") or ""),
        }
    if text:
        return {"direct": number_or_words(text), "indirect": None}
    return None


def spanish_dates(text: str) -> list[dt.date]:
    """Dates written in Spanish ("1ero de enero de 2024", "03/11/2023"); a date without a year
    takes the next date's year ("1 de enero al 31 de diciembre de 2024")."""
    found: list[tuple[int, int, int | None]] = []
    for m in SPANISH_DATE.finditer(text):
        year = int(m.group("year")) if m.group("year") else None
        found.append((int(m.group("day")), MONTHS[m.group("month").lower()], year))
    for m in NUMERIC_DATE.finditer(text):
        found.append((int(m.group("day")), int(m.group("month")), int(m.group("year"))))
    dates: list[dt.date] = []
    for i, (day, month, year) in enumerate(found):
        if year is None:
            year = next((y for _d, _m, y in found[i + 1 :] if y), None)
        if year is None:
            continue
        try:
            dates.append(dt.date(year, month, day))
        except ValueError:
            continue
    return dates


def iso_dates(text: str) -> list[dt.date]:
    """Dates written as ISO (2019-02-15), as exports and spreadsheets give them."""
    out = []
    for m in re.finditer(r"\b(\d{4})-(\d{2})-(\d{2})\b", text):
        try:
            out.append(dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
        except ValueError:
            continue
    return out


def month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def period(text: str) -> tuple[dt.date, dt.date] | None:
    dates = spanish_dates(text)
    if len(dates) >= 2:
        return dates[0], dates[1]
    if m := MONTH_RANGE.search(text):
        year = int(m.group("year"))
        return dt.date(year, MONTHS[m.group("m1").lower()], 1), month_end(
            year, MONTHS[m.group("m2").lower()]
        )
    if m := YEAR_RANGE.search(text):
        return dt.date(int(m.group("y1")), 1, 1), dt.date(int(m.group("y2")), 12, 31)
    return None


def plural(label: str) -> str:
    return pluralize(label)


ORDINALS = {
    "1": "Primer",
    "2": "Segundo",
    "3": "Tercer",
    "4": "Cuarto",
    "5": "Quinto",
    "6": "Sexto",
}

MEXICAN_STATES = [
    "Aguascalientes",
    "Baja California Sur",
    "Baja California",
    "Campeche",
    "Chiapas",
    "Chihuahua",
    "Ciudad de México",
    "Coahuila",
    "Colima",
    "Durango",
    "Estado de México",
    "Guanajuato",
    "Guerrero",
    "Hidalgo",
    "Jalisco",
    "Michoacán",
    "Morelos",
    "Nayarit",
    "Nuevo León",
    "Oaxaca",
    "Puebla",
    "Querétaro",
    "Quintana Roo",
    "San Luis Potosí",
    "Sinaloa",
    "Sonora",
    "Tabasco",
    "Tamaulipas",
    "Tlaxcala",
    "Veracruz",
    "Yucatán",
    "Zacatecas",
]

ORGANIZATION_WORDS = re.compile(
    r"\b(secretariado|secretar[ií]a|procuradur[ií]a|comisi[oó]n|instituto|gobierno|municipio|"
    r"ayuntamiento|coordinaci[oó]n|organismo|[oó]rgano|consejo|direcci[oó]n|tribunal|congreso|"
    r"universidad|ogl|sistema|fiscal[ií]a|defensor[ií]a|alcald[ií]a)\b",
    re.I,
)
PERSON_TITLE = re.compile(
    r"^(?:mtr[oa]|lic|lcda|lcdo|dr|dra|ing|arq|c|prof|profa|mgda|mgdo|dip|sen|ma|mc)\.\s", re.I
)
