"""Plan-level sections and fields: the header, context before the items, labelled fields."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from avance.core.documents import vocabulary as v
from avance.core.documents.recognition.stream import section_of

if TYPE_CHECKING:
    from avance.core.documents.recognition.reader import Reader
    from avance.core.documents.recognition.stream import Entry

PLAN_WORDS = re.compile(r"^(?:plan|programa|poa\b|pat\b|proyecto de plan)", re.I)
FRAMEWORKS = re.compile(r"\b(PROTAI|PROTAL|PND|PED|PMD|ODS|PNT|PDI)\b")


# -- the header: title, institution, dates, report session -----------------------------------------


def read_header(reader: Reader) -> None:
    lines = [e for e in reader.entries[:60] if e.kind == "para"]
    texts = [e.full for e in lines]
    plan = reader.plan
    for i, text in enumerate(texts):
        if PLAN_WORDS.match(text) and len(text) <= 140 and "title" not in plan:
            plan["title"] = text.strip()
            plan["title_line"] = lines[i].line
    for i, entry in enumerate(lines[:25]):
        text = entry.full
        if (
            plan.get("organization") is None
            and v.ORGANIZATION_WORDS.search(text)
            and not PLAN_WORDS.match(text)
            and len(text) <= 160
            and not v.PERSON_TITLE.match(text)
        ):
            name = _join_following(lines, i)
            name = re.sub(r"^(?:para (?:la|el)|presentado por)\s+", "", name, flags=re.I)
            name = v.YEAR_RANGE.sub("", name).strip(" -–,")
            name = re.sub(r"\s+\d{4}$", "", name).strip()
            plan["organization"] = {"name": smart_case(name), "acronym": None}
    # A session that presents a report: "Cuarta Sesión Ordinaria 2023", "04 de diciembre", "11:00 horas"
    for i, text in enumerate(texts[:20]):
        if re.search(r"\bsesi[oó]n\b", text, re.I) and "session" not in reader.report:
            reader.report["session"] = text.strip()
            year = v.YEAR.search(text)
            for other in texts[i + 1 : i + 6]:
                dates = v.SPANISH_DATE.search(other)
                if dates and year:
                    day, month = int(dates.group("day")), v.MONTHS[dates.group("month").lower()]
                    reader.report["date"] = f"{year.group('year')}-{month:02d}-{day:02d}"
                    reader.report["day_text"] = f"{day} de {dates.group('month').lower()}"
                hour = re.search(r"(\d{1,2}:\d{2})\s*horas", other, re.I)
                if hour:
                    reader.report["hour"] = hour.group(1)
        m = re.match(r"^(?P<n>\d)\s*[°º]?\s*informe\s+(?P<kind>\w+)", text, re.I) or re.match(
            r"^(?P<word>primer|segundo|tercer|cuarto|quinto)\s+informe\s+(?P<kind>\w+)", text, re.I
        )
        if m and "title" not in reader.report:
            ordinal = (
                v.ORDINALS.get(m.groupdict().get("n") or "", None)
                or (m.groupdict().get("word") or "").capitalize()
            )
            reader.report["title"] = f"{ordinal} Informe {m.group('kind').capitalize()}"
        if "report_period" not in reader.report and (m := v.MONTH_RANGE.search(text)):
            found = v.period(m.group(0))
            if found:
                reader.report["report_period"] = found


def _join_following(lines: list[Entry], i: int) -> str:
    parts = [lines[i].full.strip()]
    j = i + 1
    while (
        j < len(lines)
        and lines[j].gap == 0
        and lines[j].line == lines[j - 1].line + 1
        and len(parts) < 4
    ):
        nxt = lines[j].full.strip()
        if (
            not nxt
            or PLAN_WORDS.match(nxt)
            or v.PERSON_TITLE.match(nxt)
            or re.match(r"^presentad", nxt, re.I)
        ):
            break
        parts.append(nxt)
        j += 1
    return " ".join(parts)


def smart_case(text: str) -> str:
    if text.upper() != text:
        return text
    small = {"de", "del", "la", "las", "los", "el", "y", "e", "en", "para", "por", "a"}
    words = []
    for i, word in enumerate(text.lower().split()):
        words.append(word if i and word in small else word[:1].upper() + word[1:])
    return " ".join(words)


# -- context before the plan items: objectives served, strategy, author, region -----------------------


def context_para(reader: Reader, entry: Entry) -> None:
    text = entry.full.strip()
    plan = reader.plan
    if m := re.match(r"^presentad[oa] por\s+(?P<name>[^,]+),?\s*(?P<rest>.*)$", text, re.I):
        rest = m.group("rest") or _next_para(reader, entry)
        position, organization = _position_and_org(rest)
        plan["author"] = {
            "name": m.group("name").strip(),
            "position": position,
            "organization": organization,
        }
        return
    if v.PERSON_TITLE.match(text) and "author" not in plan and len(text.split()) <= 8:
        position = None
        index = entry.index
        for other in reader.entries[index + 1 : index + 4]:
            candidate = other.full.strip()
            if (
                candidate
                and not v.YEAR.fullmatch(candidate)
                and not re.match(rf"^(?:{'|'.join(v.MONTHS)})\b", candidate, re.I)
            ):
                position = candidate
                break
        plan["author"] = {"name": text, "position": position, "organization": None}
        return
    if text in v.MEXICAN_STATES:
        plan.setdefault("region", []).append(text)
        return
    states = [s for s in v.MEXICAN_STATES if re.search(rf"\b{re.escape(s)}\b", text)]
    if len(states) >= 3 and not plan.get("region"):
        plan["region_sentence"] = sorted(states, key=lambda s: text.index(s))
    folded = v.fold(text)
    if reader.pending_context:
        kind, collected = reader.pending_context
        if kind == "strategy" and not re.search(r"\b(ejes?|l[ií]neas de acci[oó]n)\b", folded):
            collected.append(text)
            return
    if FRAMEWORKS.search(text) and re.search(r"objetivos?", folded):
        reader.pending_context = ("alignment:" + FRAMEWORKS.search(text).group(1), [])  # type: ignore[union-attr]
    elif re.search(r"\bestrategia\b", folded) and text.endswith(":"):
        reader.pending_context = ("strategy", [])
    elif text.endswith(":") and reader.pending_context and reader.pending_context[0] == "strategy":
        reader.pending_context[1].append(text)


def _next_para(reader: Reader, entry: Entry) -> str:
    index = entry.index
    following = reader.entries[index + 1] if index + 1 < len(reader.entries) else None
    if following is not None and following.kind == "para":
        reader.used.add(index + 1)
        return following.full
    return ""


def _position_and_org(text: str) -> tuple[str | None, str | None]:
    text = text.strip().rstrip(".")
    m = re.match(r"^(?P<position>.+?)\s+del?\s+(?:la\s+)?(?P<org>[A-ZÁÉÍÓÚÑ]{3,}[\w-]*)$", text)
    if m:
        return m.group("position"), m.group("org")
    return (text or None), None


def context_item(reader: Reader, entry: Entry) -> None:
    if reader.pending_context:
        kind, collected = reader.pending_context
        marker = (
            f"{entry.marker} " if entry.marker and entry.marker[0].isdigit() and collected else ""
        )
        collected.append(f"{marker}{entry.text}")
        if kind.startswith("alignment:"):
            reader.plan.setdefault("alignment", []).append(
                {"framework": kind.split(":", 1)[1], "ref": None, "title": entry.text}
            )


# -- fields ------------------------------------------------------------------------------------------

LABEL_ANYWHERE = re.compile(
    r"(?:^|(?<=\s))(?P<label>temporalidad de (?:la )?evaluaci[oó]n|periodo de tiempo|inversi[oó]n|"
    r"beneficiad[oa]s|beneficiari[oa]s|metas?)\s*:",
    re.I,
)


def split_fields(text: str) -> tuple[str, list[tuple[str, str]]] | None:
    """A paragraph's labelled fields: ("text before any label", [(key, value)...])."""
    m = v.FIELD_LINE.match(text)
    beneficiaries = re.match(
        r"^(beneficiad[oa]s|beneficiari[oa]s)\s+(directos?\s*:.*)$", text, re.I
    )
    if beneficiaries:
        return "", [("beneficiaries", beneficiaries.group(2))]
    if not m:
        inner = list(LABEL_ANYWHERE.finditer(text))
        if not inner or inner[0].start() == 0:
            return None
        lead = text[: inner[0].start()].strip()
        return lead, _pieces(text, inner)
    key = v.field_key(m.group("label"))
    if key is None:
        return None
    value = m.group("value").strip()
    inner = [x for x in LABEL_ANYWHERE.finditer(value) if x.start() > 0]
    if inner and key not in {"evaluation", "beneficiaries"}:
        first = value[: inner[0].start()].strip()
        return "", [(key, first), *_pieces(value, inner)]
    return "", [(key, value)]


def _pieces(text: str, matches: list[re.Match[str]]) -> list[tuple[str, str]]:
    out = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        key = v.field_key(m.group("label")) or (
            "evaluation_frequency" if "temporalidad" in m.group("label").lower() else "period"
        )
        out.append((key, text[m.end() : end].strip()))
    return out


def apply_field(reader: Reader, node_fields: dict[str, Any] | None, key: str, value: str) -> None:
    plan = reader.plan
    target = node_fields if node_fields is not None else plan
    value = value.strip()
    if key == "goal":
        target["goal"] = value
    elif key == "budget":
        amount = v.money(value)
        if amount is not None:
            target["budget"] = amount
    elif key == "beneficiaries":
        target["beneficiaries"] = v.beneficiaries(value)
    elif key == "period":
        found = v.period(value)
        if found:
            target["start"], target["end"] = found[0].isoformat(), found[1].isoformat()
    elif key == "evaluation_frequency":
        if node_fields is not None:
            node_fields["evaluation_frequency"] = value.lower()
        else:
            plan.setdefault("evaluation", {})["frequency"] = value.lower()
    elif key == "alignment":
        framework = re.search(r"\b(PMD|PED|PND|ODS)\b", value) or re.search(
            r"\b(PMD|PED|PND|ODS)\b", "PMD"
        )
        entry = {
            "framework": framework.group(1) if framework else "PMD",
            "ref": None,
            "title": value.rstrip("."),
        }
        target.setdefault("alignment", [])
        if entry not in target["alignment"]:
            target["alignment"].append(entry)
    elif key in {"mission", "vision", "objective", "program", "strategy"}:
        plan.setdefault(key, value)
    elif key == "unit":
        plan.setdefault("unit", value)
    elif key == "issued":
        dates = v.spanish_dates(value)
        if dates:
            plan["issued"] = dates[0].isoformat()
    elif key == "evaluation":
        m = re.search(r"\(?\s*mediante la f[oó]rmula\s*:?\s*(?P<method>[^)]*)\)?", value, re.I)
        evaluation = plan.setdefault("evaluation", {})
        if m:
            evaluation["method"] = m.group("method").strip()
            value = value[: m.start()].strip()
        evaluation["evaluator"] = smart_case(value)
    elif key == "note" and node_fields is not None:
        node_fields["note"] = value
    elif key == "evidence":
        target.setdefault("evidence", []).extend(v.URL.findall(value))


def section_field(reader: Reader, entry: Entry) -> None:
    header = entry.key.split(":", 1)[1]
    key = section_of(header)
    if key in {"mission", "vision"}:
        reader.plan.setdefault(key, entry.text.split("\n")[0])
    elif key:
        items = [e.text for e in reader.entries if e.kind == "item" and e.key == entry.key]
        reader.plan.setdefault("swot", {}).setdefault(key, items)
        for i, e in enumerate(reader.entries):
            if e.kind == "item" and e.key == entry.key:
                reader.used.add(i)
