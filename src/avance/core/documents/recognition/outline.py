"""A plan's tree from its numbering alone: «I.-» ejes, «1.1.-» objetivos, «1.1.1.-» estrategias,
«1.1.1.1.-» líneas de acción. Plain Python.

Development plans number every item in full, so the numbers give the tree even when layout
breaks everything else (two-column tables read line by line, page furniture between the lines).
The labelled reading (reader.py) is the default; the importer takes this outline instead when
it finds far more consistently numbered items than the labelled reading did.
"""

from __future__ import annotations

import re
from typing import Any

from avance.core.documents import Block
from avance.core.interchange import fold

ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
ITEM = re.compile(
    r"^\s*(?:(?P<label>[A-Za-zÁÉÍÓÚÑáéíóúñ]{4,})\s*[.:]?\s*[-–]?\s*)?"
    r"(?P<ref>[IVXL]{1,5}|\d{1,2}(?:\s?\.\s?\d{1,2})+|\d{1,2})"
    r"\s*(?P<sep>\.?\s*[-–]+\s*\.?|\.(?=\s)|\.(?=[A-ZÁÉÍÓÚÑ]))\s*(?P<title>\S.*)$"
)
EMBEDDED = re.compile(r"(?<=\s)\d{1,2}(?:\.\d{1,2}){2,}\s*\.?\s*[-–]+")
SECTION_TITLE = re.compile(r"^(?P<name>[A-ZÁÉÍÓÚÑ0-9 ,;/()]+?)\s*[.\-–]+\s+(?P<rest>\S.+)$")


def roman(text: str) -> int | None:
    total, previous = 0, 0
    for char in reversed(text.lower()):
        value = ROMAN.get(char)
        if value is None:
            return None
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total or None


def _key(ref: str) -> tuple[int, ...] | None:
    ref = re.sub(r"\s", "", ref)
    if re.fullmatch(r"[IVXL]+", ref):
        value = roman(ref)
        return (value,) if value else None
    return tuple(int(part) for part in ref.split(".") if part)


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(1 for c in letters if c.isupper()) >= 0.7 * len(letters)


def read(blocks: list[Block]) -> tuple[list[dict[str, Any]], list[str]]:
    """The tree the numbers give (nodes, level names); empty when too few items are numbered."""
    nodes: dict[tuple[int, ...], dict[str, Any]] = {}
    order: list[tuple[int, ...]] = []
    labels: dict[int, str] = {}
    column_names: list[str] = []
    column_base = 0  # the depth of the first item under a row of column titles
    current: dict[str, Any] | None = None
    pending = [" ".join(b.text.split()) for b in blocks if b.kind != "table"]
    pending.reverse()
    while pending:
        text = pending.pop()
        if not text:
            continue
        # Two cells of a table read as one line: «1.1.2.- Acrecentar el abasto de 1.1.2.1.- …»
        inner = EMBEDDED.search(text, 1)
        if inner is not None and ITEM.match(text):
            pending.append(text[inner.start() :].strip())
            text = text[: inner.start()].strip()
        m = ITEM.match(text)
        key = _key(m.group("ref")) if m else None
        if m is None or key is None or not _acceptable(m, key):
            if _is_column_titles(text):
                column_names, column_base = _level_words(text), 0
            elif current is not None and _continues(current["title"], text):
                current["title"] = f"{current['title']} {text}"
            else:
                current = None
            continue
        node = _node(m, key)
        depth = len(key)
        if m.group("label"):
            labels.setdefault(depth, _label(m.group("label")))
        elif column_names:
            column_base = column_base or depth
            if 0 <= depth - column_base < len(column_names):
                labels.setdefault(depth, column_names[depth - column_base])
        if key in nodes:  # a row repeated across a page break: the fuller text stands
            if len(node["title"]) > len(nodes[key]["title"]):
                nodes[key].update(node)
            current = nodes[key]
            continue
        nodes[key] = node
        order.append(key)
        current = node
    if not _enough(order):
        return [], []
    depth_of_roots = min(len(k) for k in order)
    roots: list[dict[str, Any]] = []
    for key in order:
        node = nodes[key]
        node["level"] = labels.get(len(key)) or DEFAULT_LEVELS.get(len(key), f"Nivel {len(key)}")
        parent = next(
            (nodes[key[:i]] for i in range(len(key) - 1, 0, -1) if key[:i] in nodes), None
        )
        if parent is None or len(key) == depth_of_roots:
            roots.append(node)
        else:
            parent.setdefault("children", []).append(node)
    levels = []
    for key in order:
        if nodes[key]["level"] not in levels:
            levels.append(nodes[key]["level"])
    return roots, levels


DEFAULT_LEVELS = {1: "Eje", 2: "Objetivo", 3: "Estrategia", 4: "Línea de acción"}
LEVEL_WORDS = ("eje", "objetivo", "estrategia", "linea de accion", "accion", "programa", "proyecto",
               "meta", "actividad", "componente", "subprograma", "compromiso")  # fmt: skip


def _level_words(text: str) -> list[str]:
    folded = fold(text)
    found: list[tuple[int, str]] = []
    for word in sorted(LEVEL_WORDS, key=len, reverse=True):
        at = folded.find(word)
        if at >= 0 and not any(
            at <= f[0] < at + len(word) or f[0] <= at < f[0] + len(f[1]) for f in found
        ):
            found.append((at, word))
    return [_label(word) for _at, word in sorted(found)]


def _is_column_titles(text: str) -> bool:
    """A row of column titles naming levels: «ESTRATEGIA LINEA DE ACCION»."""
    words = _level_words(text)
    rest = fold(text)
    for word in LEVEL_WORDS:
        rest = rest.replace(word, "")
    return len(words) >= 2 and not rest.strip(" :.-")


def _label(word: str) -> str:
    word = fold(word)
    named = {"linea de accion": "Línea de acción", "accion": "Acción"}
    return named.get(word, word[:1].upper() + word[1:])


def _acceptable(m: re.Match[str], key: tuple[int, ...]) -> bool:
    title = m.group("title")
    if len(title) < 3 or title[0].isdigit():
        return False
    if len(key) == 1:
        # A single number or numeral opens a top item only when written as a heading
        # («I.- DESARROLLO SOCIAL»), not in a numbered paragraph of a preamble.
        return "-" in m.group("sep") and _mostly_upper(title[:60])
    return True


def _node(m: re.Match[str], key: tuple[int, ...]) -> dict[str, Any]:
    ref = re.sub(r"\s", "", m.group("ref"))
    title = m.group("title").strip(" .-–")
    node: dict[str, Any] = {"ref": ref, "title": title}
    section = SECTION_TITLE.match(m.group("title"))
    if section and _mostly_upper(section.group("name")) and len(section.group("name")) <= 80:
        # «SALUD. - Agilizar y mejorar los servicios…»: a short name, then what it means.
        node["title"] = section.group("name").strip(" .-–")
        node["description"] = section.group("rest").strip()
    return node


def _continues(title: str, text: str) -> bool:
    """A wrapped line of the item's title: the title is unfinished and the line starts low."""
    return not title.rstrip().endswith((".", ":")) and text[:1].islower() and len(text) < 200


def _enough(order: list[tuple[int, ...]]) -> bool:
    """Enough items whose numbers nest: at least ten, most under a numbered parent."""
    if len(order) < 10:
        return False
    known = set(order)
    nested = sum(1 for key in order if len(key) > 1 and key[:-1] in known)
    return nested >= 0.6 * len(order)


LIST_ITEM = re.compile(r"^\s*(?P<n>\d{1,3})\s*[.)-]\s+(?P<title>\S.*)$")


def sequence(blocks: list[Block]) -> tuple[list[dict[str, Any]], list[str]]:
    """The longest list numbered 1…N (N ≥ 5) whose numbering runs on across the headings that
    group it: an action plan's list of commitments («Compromisos del ejecutivo (nacionales)»,
    1–5; «Compromisos territoriales», 6–12…). Group headings are the short lines right before an
    item that open with the same word as the first one. Empty when there is no such list."""
    lines = [
        (b.marker + " " + b.text if b.kind == "item" and b.marker[:1].isdigit() else b.text)
        for b in blocks
        if b.kind != "table"
    ]
    lines = [" ".join(line.split()) for line in lines]
    best: list[int] = []
    for start, line in enumerate(lines):
        m = LIST_ITEM.match(line)
        if not m or m.group("n") != "1":
            continue
        run, expected, index = [start], 2, start + 1
        while index < len(lines) and index - run[-1] <= 6:
            found = LIST_ITEM.match(lines[index])
            if found and int(found.group("n")) == expected:
                run.append(index)
                expected += 1
            index += 1
        if len(run) > len(best):
            best = run
    if len(best) < 5:
        return [], []
    heading = _heading_before(lines, best[0])
    if heading is None:
        return [], []
    first_word = heading.split()[0].lower()
    plural = _label(first_word)
    item_level = plural[:-1] if plural.endswith("s") else plural
    group_level = f"Grupo de {plural.lower()}"
    roots: list[dict[str, Any]] = []
    group: dict[str, Any] | None = None
    for position, index in enumerate(best):
        previous = best[position - 1] if position else max(0, index - 3)
        for candidate in lines[previous + 1 if position else previous : index]:
            if candidate.split()[:1] and candidate.split()[0].lower() == first_word:
                group = {"level": group_level, "title": candidate.rstrip(" .")}
                roots.append(group)
        m = LIST_ITEM.match(lines[index])
        assert m is not None
        item = {"level": item_level, "ref": m.group("n"), "title": m.group("title")}
        (group.setdefault("children", []) if group else roots).append(item)
    levels = (
        [group_level, item_level] if any(r["level"] == group_level for r in roots) else [item_level]
    )
    items = [
        n
        for root in roots
        for n in ([root] if root["level"] == item_level else root.get("children", []))
    ]
    fill_from_forms(items, [b for b in blocks if b.kind != "table"], best[-1] + 1)
    return roots, levels


def _heading_before(lines: list[str], index: int) -> str | None:
    """The short heading line right before the list's first item (a group's name)."""
    for line in reversed(lines[max(0, index - 3) : index]):
        if 3 <= len(line) <= 90 and line[:1].isupper() and not LIST_ITEM.match(line):
            return line
    return None


# Headings of the form each listed item gets in the body, by the field they fill.
FORM_FIELDS = [
    ("responsible", re.compile(r"qui[eé]n ejecuta|responsables?\b|instituci[oó]n(es)? responsable|entidad(es)? responsable", re.I)),
    ("goal", re.compile(r"resultados? esperados?|^metas?\b", re.I)),
]  # fmt: skip
HEADING_LINE = re.compile(r"^[¿¡]?[A-ZÁÉÍÓÚÑ][^.]{2,45}[?:]?$")


def fill_from_forms(items: list[dict[str, Any]], blocks: list[Block], after: int) -> None:
    """Fill listed items from the form each one gets further on: headings repeated once per item
    («¿Quién ejecuta?», «Resultados esperados») in the same order as the list."""
    lines = [(" ".join(b.text.split()), b) for b in blocks[after:] if b.kind != "table"]
    counts: dict[str, int] = {}
    for text, _block in lines:
        if HEADING_LINE.match(text):
            counts[text.lower()] = counts.get(text.lower(), 0) + 1
    headings = {text for text, count in counts.items() if count == len(items)}
    if len(headings) < 2:
        return
    occurrence: dict[str, int] = {}
    field: str | None = None
    target: dict[str, Any] | None = None
    collected: list[str] = []

    def store() -> None:
        if field and target is not None and collected:
            text = " ".join(collected).strip()
            if field == "responsible":
                text = re.split(r"\s*Otros actores", text)[0].strip()
                target["responsible"] = [{"organization": text}]
            else:
                target[field] = text

    for text, _block in lines:
        key = text.lower()
        if key in headings:
            store()
            collected = []
            index = occurrence.get(key, 0)
            occurrence[key] = index + 1
            target = items[index] if index < len(items) else None
            field = next((name for name, pattern in FORM_FIELDS if pattern.search(text)), None)
            continue
        if field is not None:
            collected.append(text.lstrip("•·-– "))
    store()


# «1.-», «1.», «a)», and OCR's «l.-» (a lower-case L read for the digit one).
ITEM_MARK = re.compile(
    r"^\s*(?P<ref>\d{1,3}|[lI](?=\s*\.-)|[a-z])\s*(?:\.-|\.|\))\s+(?P<title>\S.*)$"
)
HEADING_LEVELS = ["Eje", "Objetivo", "Línea de acción"]


def headings(blocks: list[Block], skip: set[str]) -> tuple[list[dict[str, Any]], list[str]]:
    """The tree the headings' levels give (Markdown «##»/«###», Word heading styles), with the
    list items under the deepest heading as its children: plans whose headings carry no level
    keyword. Headings already read as the plan's title or institution (`skip`) are left out.
    Empty unless at least two headings have items under them."""
    stack: list[tuple[int, dict[str, Any]]] = []
    roots: list[dict[str, Any]] = []
    depths: set[int] = set()
    with_items = 0
    for block in blocks:
        text = " ".join(block.text.split())
        if not text:
            continue
        if block.kind == "heading":
            if fold(text) in skip:
                continue
            node: dict[str, Any] = {"title": text.strip(" :"), "level_depth": block.level}
            while stack and stack[-1][0] >= block.level:
                stack.pop()
            (stack[-1][1].setdefault("children", []) if stack else roots).append(node)
            stack.append((block.level, node))
            depths.add(block.level)
            continue
        m = ITEM_MARK.match(f"{block.marker} {text}" if block.marker else text)
        if stack and (block.kind == "item" or m):
            owner = stack[-1][1]
            item: dict[str, Any] = {
                "title": (m.group("title") if m else text).strip(),
                "level_depth": 99,
            }
            if m:
                ref = m.group("ref")
                item["ref"] = "1" if ref in {"l", "I"} else ref
            if not owner.get("children"):
                with_items += 1
            owner.setdefault("children", []).append(item)
    if with_items < 2:
        return [], []
    ordered = sorted(depths)
    names = {
        depth: HEADING_LEVELS[min(i, len(HEADING_LEVELS) - 1)] for i, depth in enumerate(ordered)
    }
    names[99] = "Acción"
    levels: list[str] = []

    def finish(nodes: list[dict[str, Any]]) -> None:
        for node in nodes:
            node["level"] = names[node.pop("level_depth")]
            if node["level"] not in levels:
                levels.append(node["level"])
            finish(node.get("children") or [])

    finish(roots)
    return roots, levels
