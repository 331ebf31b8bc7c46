"""Report lines (counts, what remains) and the assembled avance.plan/1 document with warnings."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from avance.core.documents import vocabulary as v
from avance.core.documents.recognition.tree import walk
from avance.core.errors import Notice
from avance.core.interchange import NODE_DETAILS, PLAN_SECTIONS

if TYPE_CHECKING:
    from avance.core.documents.recognition.reader import Reader
    from avance.core.documents.recognition.stream import Entry
    from avance.core.documents.recognition.tree import Node


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
    index = entry.index
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
        # «Secretaría Ejecutiva del Sistema Estatal Anticorrupción (SESEA)»: name and acronym.
        named = re.match(
            r"^(?P<name>.+?)\s*\((?P<acronym>[A-Za-zÁÉÍÓÚÑáéíóúñ]{2,10})\)\s*$",
            organization["name"],
        )
        if named:
            organization["name"] = named.group("name")
            organization["acronym"] = named.group("acronym").upper()
        else:
            organization["acronym"] = _acronym(organization["name"], reader)
        document["organization"] = organization
    for key in (
        "unit",
        "author",
        "issued",
        *PLAN_SECTIONS,
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
        # The title's years first («Programa de Trabajo para 2022»), then a range near the top
        # (the first pages also cite other plans' periods, «PDI 2019-2024»).
        found = v.YEAR_RANGE.search(title)
        year = v.YEAR.search(title)
        if found is None and year is None:
            found = v.YEAR_RANGE.search(
                " ".join(e.full for e in reader.entries[:30] if e.kind == "para")
            )
        if found:
            start, end = f"{found.group('y1')}-01-01", f"{found.group('y2')}-12-31"
        elif year is not None:
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
    fields = [k for k in NODE_DETAILS if k != "description"]  # the description is joined above
    for key in ("progress", "status", "note", "evidence", "responsible", *fields):
        if node.fields.get(key) not in (None, "", []):
            data[key] = node.fields[key]
    if node.children:
        data["children"] = [_node_document(child) for child in node.children]
    return data


def _levels(root: Node) -> list[str]:
    depth: dict[str, int] = {}
    order: list[str] = []

    def visit(node: Node, d: int) -> None:
        for child in node.children:
            if child.level not in depth:
                depth[child.level] = d
                order.append(child.level)
            visit(child, d + 1)

    visit(root, 0)
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
    # «Programa de Trabajo 2022», «Plan de Trabajo 2019»: a work plan for one year.
    if re.search(r"(plan|programa) (institucional )?de trabajo", folded) and (
        "plan de trabajo" in folded or v.YEAR.search(title)
    ):
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
    counts = (document.get("report") or {}).get("counts") or {}
    found: dict[str, int] = {}
    for node in walk(reader.root):
        found[node.level] = found.get(node.level, 0) + 1
    for level, declared in counts.items():
        if found.get(level, 0) != declared:
            reader.warnings.append(
                Notice(
                    "count_mismatch",
                    reader.source,
                    "the document declares {declared} «{level}» but {found} were found",
                    declared=declared,
                    level=level,
                    found=found.get(level, 0),
                )
            )
    seen: dict[tuple[int, str, str], Node] = {}
    for node in walk(reader.root):
        if node.ref:
            key = (id(node.parent), node.level, node.ref)
            if key in seen:
                reader.warnings.append(
                    Notice(
                        "duplicate_number",
                        f"{reader.source}:{node.line}",
                        "duplicate number {level} {ref}: «{first}» and «{second}»",
                        level=node.level,
                        ref=node.ref,
                        first=seen[key].title[:40],
                        second=node.title[:40],
                    )
                )
            seen[key] = node
