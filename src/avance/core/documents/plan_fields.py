"""Plan-level sections and fields, people, report lines, and the assembled document. Plain Python."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from avance.core.documents import vocabulary as v

if TYPE_CHECKING:
    from avance.core.documents.recognize import Entry, Node, Reader

SECTIONS = [
    (r"misi[oó]n", "mission"),
    (r"visi[oó]n", "vision"),
    (r"fortalezas", "strengths"),
    (r"debilidades", "weaknesses"),
    (r"oportunidades", "opportunities"),
    (r"amenazas", "threats"),
]
PLAN_WORDS = re.compile(r"^(?:plan|programa|poa\b|pat\b|proyecto de plan)", re.I)
FRAMEWORKS = re.compile(r"\b(PROTAI|PROTAL|PND|PED|PMD|ODS|PNT|PDI)\b")


def section_of(text: str) -> str | None:
    folded = v.fold(text)
    for pattern, key in SECTIONS:
        if re.match(pattern, folded):
            return key
    return None


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
            plan["organization"] = {"name": _smart_case(name), "acronym": None}
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


def _smart_case(text: str) -> str:
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
        index = reader.entries.index(entry)
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
    index = reader.entries.index(entry)
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
        evaluation["evaluator"] = _smart_case(value)
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


def signature(reader: Reader, entry: Entry) -> None:
    """ "RESPONSABLE NOMBRE Y FIRMA" followed by a name: the plan's author."""
    index = reader.entries.index(entry)
    for other in reader.entries[index + 1 : index + 4]:
        text = other.full.strip()
        if (
            text
            and re.fullmatch(r"[A-ZÁÉÍÓÚÑ. ]{6,}", text)
            and len(text.split()) >= 2
            and not re.match(r"^SELLO", text)
        ):
            reader.plan["author"] = {"name": text, "position": "Responsable", "organization": None}
            reader.used.add(reader.entries.index(other))
            return


# -- people named under an item ---------------------------------------------------------------------


def person_step(reader: Reader, index: int, entry: Entry) -> bool:
    text = entry.full.strip()
    if not (v.PERSON_TITLE.match(text) and text.upper() == text and len(text.split()) <= 9):
        return False
    lines: list[str] = []
    j = index + 1
    while j < len(reader.entries) and len(lines) < 4:
        other = reader.entries[j]
        candidate = other.full.strip()
        if (
            other.kind != "para"
            or not candidate
            or v.URL.search(candidate)
            or candidate.startswith("*")
            or v.PERSON_TITLE.match(candidate)
            or reader._level_match(candidate)
            or other.gap > 2
        ):
            break
        if (
            lines
            and other.gap == 0
            and (
                re.search(r"\b(?:del?|la|las|los|y|e|el|en)$", lines[-1], re.I)
                or not POSITION_OR_ORG.match(candidate)
            )
        ):
            lines[-1] = f"{lines[-1]} {candidate}"
        else:
            lines.append(candidate)
        reader.used.add(j)
        j += 1
    organization = position = None
    for line in lines:
        m = re.match(
            r"^representante (?:titular|suplente)\s+(?:del?|de la|de los)\s+(?P<org>.+)$",
            line,
            re.I,
        )
        if m:
            organization = m.group("org").strip()
        elif position is None and POSITION_START.match(line):
            position = line
        elif organization is None and v.ORGANIZATION_WORDS.search(line):
            organization = line
        elif position is None:
            position = line
    owner = reader.value_owner()
    owner.fields.setdefault("responsible", []).append(
        {"name": text, "position": position, "organization": organization}
    )
    return True


POSITION_START = re.compile(
    r"^(?:director|directora|subdirector|jef[ea]|titular|president[ea]|secretari[oa]|secretaría|"
    r"coordinador|coordinadora|comisionad[oa]|encargad[oa]|responsable|enlace|consejer[oa]|magistrad[oa]|"
    r"diputad[oa]|regidor|síndic[oa]|rector|tesorer[oa]|visitador|asesor|contralor)",
    re.I,
)
POSITION_OR_ORG = re.compile(
    POSITION_START.pattern + r"|^representante|^(?:instituto|universidad|poder|tribunal|secretar)",
    re.I,
)


# -- report lines: counts, what remains --------------------------------------------------------------


def report_line(reader: Reader, entry: Entry, text: str) -> bool:
    counts = re.findall(r"(\d{1,4})\s+([A-Za-zÁÉÍÓÚÑáéíóúñ ]+?)\s*(?:\||$)", text)
    if len(counts) >= 2 and "|" in text:
        parsed = {}
        for number, word in counts:
            label, _plural = v.level_of(word.strip())
            if label in v.RANK:
                parsed[label] = int(number)
        if parsed:
            reader.report["counts"] = parsed
            return True
    joined = _joined_text(reader, entry)
    m = re.match(
        rf"^(?P<p>\d{{1,3}})\s*%\s*meta\s+por\s+alcanzar\s*(?P<month>{'|'.join(v.MONTHS)})?\s*(?P<year>\d{{4}})?",
        joined,
        re.I,
    )
    if m:
        reader.report["remaining"] = float(m.group("p"))
        if m.group("month") and m.group("year"):
            reader.report["remaining_due"] = v.month_end(
                int(m.group("year")), v.MONTHS[m.group("month").lower()]
            ).isoformat()
        return True
    return False


def _joined_text(reader: Reader, entry: Entry) -> str:
    index = reader.entries.index(entry)
    parts = [entry.full.strip()]
    for other in reader.entries[index + 1 : index + 4]:
        if other.gap or other.kind != "para":
            break
        parts.append(other.full.strip())
    return " ".join(parts)


# -- the document ------------------------------------------------------------------------------------


def finish(reader: Reader) -> dict[str, Any]:

    plan = reader.plan
    if (
        reader.pending_context
        and reader.pending_context[0] == "strategy"
        and reader.pending_context[1]
    ):
        plan.setdefault("strategy", " ".join(reader.pending_context[1]))
    title = plan.get("title") or "Plan sin título"
    document: dict[str, Any] = {"schema": "avance.plan/1", "title": title}
    document["kind"] = _kind(title, plan, reader)
    organization = plan.get("organization")
    if organization:
        organization["acronym"] = _acronym(organization["name"], reader)
        document["organization"] = organization
    for key in (
        "unit",
        "author",
        "issued",
        "mission",
        "vision",
        "objective",
        "program",
        "strategy",
        "goal",
        "budget",
        "beneficiaries",
        "alignment",
        "swot",
    ):
        if plan.get(key) not in (None, "", [], {}):
            document[key] = plan[key]
    region = plan.get("region") or plan.get("region_sentence")
    if region and len(region) >= 2:
        document["region"] = region
    start, end = plan.get("start"), plan.get("end")
    if not start:
        found = v.YEAR_RANGE.search(title) or v.YEAR_RANGE.search(
            " ".join(e.full for e in reader.entries[:30] if e.kind == "para")
        )
        if found:
            start, end = f"{found.group('y1')}-01-01", f"{found.group('y2')}-12-31"
        elif (year := v.YEAR.search(title)) is not None:
            start, end = f"{year.group('year')}-01-01", f"{year.group('year')}-12-31"
    if start:
        document["start"], document["end"] = start, end
    if plan.get("evaluation"):
        document["evaluation"] = plan["evaluation"]
    report = _report(reader, document)
    if report:
        document["report"] = report
        if "issued" not in document and reader.report.get("date"):
            document["issued"] = reader.report["date"]
    nodes = [_node_document(node) for node in reader.root.children]
    document["levels"] = _levels(reader.root)
    document["nodes"] = nodes
    _warnings(reader, document)
    return document


def _node_document(node: Node) -> dict[str, Any]:
    data: dict[str, Any] = {"level": node.level, "ref": node.ref, "title": node.title}
    if node.description:
        data["description"] = " ".join(node.description)
    for key in (
        "progress",
        "status",
        "note",
        "evidence",
        "responsible",
        "goal",
        "budget",
        "beneficiaries",
        "start",
        "end",
        "evaluation_frequency",
        "alignment",
    ):
        if node.fields.get(key) not in (None, "", []):
            data[key] = node.fields[key]
    if node.children:
        data["children"] = [_node_document(child) for child in node.children]
    return data


def _levels(root: Node) -> list[str]:
    from avance.core.documents.recognize import _walk

    depth: dict[str, int] = {}
    order: list[str] = []

    def visit(node: Node, d: int) -> None:
        for child in node.children:
            if child.level not in depth:
                depth[child.level] = d
                order.append(child.level)
            visit(child, d + 1)

    visit(root, 0)
    del _walk
    return sorted(order, key=lambda label: (depth[label], order.index(label)))


def _kind(title: str, plan: dict[str, Any], reader: Reader) -> str:
    folded = v.fold(title)
    head = v.fold(" ".join(e.full for e in reader.entries[:30] if e.kind == "para"))
    if re.search(r"\bpoa\b|programa operativo anual", folded):
        return "programa_operativo_anual"
    if re.search(r"plan anual de trabajo|programa anual de trabajo|\bpat\b", folded):
        return "plan_anual_trabajo"
    if (
        re.search(r"(estado|gobierno|parlamento|justicia) abierto", folded + " " + head)
        and "accion" in folded
    ):
        return "plan_accion_estado_abierto"
    if re.search(
        r"\bregi[oó]n|regional|\bogl\b", v.fold(str(plan.get("organization", ""))) + " " + head
    ):
        return "plan_trabajo_regional"
    if "plan de trabajo" in folded:
        return "plan_anual_trabajo"
    return "otro"


def _acronym(name: str, reader: Reader) -> str | None:
    candidates: dict[str, int] = {}
    for entry in reader.entries:
        for token in re.findall(r"\b[A-ZÁÉÍÓÚÑ]{3,8}\b", entry.full):
            candidates[token] = candidates.get(token, 0) + 1
    letters = v.fold(name).replace(" ", "")
    words = [w for w in re.findall(r"\w+", v.fold(name))]
    for token, count in sorted(candidates.items(), key=lambda kv: -kv[1]):
        if count < 2 or v.fold(token) in {w for w in words}:
            continue
        folded = v.fold(token)
        if folded[0] != words[0][0] if words else True:
            continue
        position = 0
        ok = True
        for letter in folded:
            position = letters.find(letter, position)
            if position < 0:
                ok = False
                break
            position += 1
        initials = sum(1 for w in words if w[0] in folded)
        if ok and initials >= min(3, len(folded) - 1):
            return token
    return None


def _report(reader: Reader, document: dict[str, Any]) -> dict[str, Any] | None:
    data = reader.report
    if not any(k in data for k in ("title", "progress", "counts", "remaining")):
        return None
    report: dict[str, Any] = {"title": data.get("title")}
    if data.get("report_period"):
        start, end = data["report_period"]
        report["start"], report["end"] = start.isoformat(), end.isoformat()
    if data.get("session"):
        organization = (document.get("organization") or {}).get("name")
        where = data["session"]
        if organization and organization.lower() not in where.lower():
            where = f"{where} del {organization}"
        when = data.get("day_text")
        if when:
            where = f"{where}, {when}" + (f" ({data['hour']} horas)" if data.get("hour") else "")
        report["presented_at"] = where
    for key in ("progress", "remaining", "remaining_due", "counts"):
        if data.get(key) is not None:
            report[key] = data[key]
    return report


def _warnings(reader: Reader, document: dict[str, Any]) -> None:
    from avance.core.documents.recognize import _walk

    counts = (document.get("report") or {}).get("counts") or {}
    found: dict[str, int] = {}
    for node in _walk(reader.root):
        found[node.level] = found.get(node.level, 0) + 1
    for level, declared in counts.items():
        if found.get(level, 0) != declared:
            reader.warnings.append(
                f"{reader.source}: the document declares {declared} «{level}» but {found.get(level, 0)} were found"
            )
    seen: dict[tuple[int, str, str], Node] = {}
    for node in _walk(reader.root):
        if node.ref:
            key = (id(node.parent), node.level, node.ref)
            if key in seen:
                reader.warnings.append(
                    f"{reader.source}:{node.line}: duplicate number {node.level} {node.ref}: "
                    f"«{seen[key].title[:40]}» and «{node.title[:40]}»"
                )
            seen[key] = node
