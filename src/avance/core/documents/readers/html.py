"""HTML documents and HTML fragments (as left inside text extracted from Word and PDF)."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from avance.core.documents import Block, DocumentError
from avance.core.documents.readers.text import NUMBERED, clean

INLINE_BULLET = re.compile(r"\s*[•▪●◦‣]\s*")
# A sentence that continues the previous one rather than starting a new item.
CONTINUATION = re.compile(
    r"^(?:para|lo|con|así|asi|de|del|en|por|mediante|esto|ello|a fin|y|o|e|que|cuyo|cuya)\b", re.I
)


def read(data: bytes, source: str) -> list[Block]:
    try:
        root = lxml.html.document_fromstring(data)
    except (etree.ParserError, ValueError) as exc:
        raise DocumentError(f"{source}: not readable as HTML ({exc})") from None
    body = root.find("body")
    blocks: list[Block] = []
    _walk(body if body is not None else root, blocks, 0, 1)
    return blocks


def fragment_blocks(markup: str, line: int) -> list[Block]:
    try:
        parts = lxml.html.fragments_fromstring(markup)
    except (etree.ParserError, ValueError):
        return [Block("para", clean(re.sub(r"<[^>]+>", " ", markup)), line)]
    blocks: list[Block] = []
    for part in parts:
        if isinstance(part, str):
            if part.strip():
                blocks.append(Block("para", clean(part), line))
        else:
            _walk(part, blocks, 0, line)
            if part.tail and part.tail.strip():
                blocks.append(Block("para", clean(part.tail), line))
    return blocks


def _text(element: etree._Element) -> str:
    return clean(" ".join(element.itertext()))


def _walk(element: etree._Element, blocks: list[Block], depth: int, line: int) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    tag = tag.lower()
    here = element.sourceline or line
    if tag in {"script", "style", "head", "title", "nav", "footer"}:
        return
    if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
        blocks.append(Block("heading", _text(element), here, level=int(tag[1]), bold=True))
        return
    if tag == "p" or tag == "pre":
        text = _text(element)
        if text:
            blocks.extend(_paragraph(text, here))
        return
    if tag in {"ul", "ol"}:
        _list(element, blocks, depth, here, ordered=tag == "ol")
        return
    if tag == "table":
        table = Block("table", line=here)
        for row in element.iter("tr"):
            cells = []
            for cell in row:
                if isinstance(cell.tag, str) and cell.tag.lower() in {"td", "th"}:
                    inner: list[Block] = []
                    _children(cell, inner, 0, here)
                    cells.append(inner)
            table.rows.append(cells)
        blocks.append(table)
        return
    _children(element, blocks, depth, here)


def _children(element: etree._Element, blocks: list[Block], depth: int, line: int) -> None:
    if element.text and element.text.strip():
        blocks.extend(_paragraph(clean(element.text), line))
    for child in element:
        _walk(child, blocks, depth, line)
        if child.tail and child.tail.strip():
            blocks.extend(_paragraph(clean(child.tail), line))


def _paragraph(text: str, line: int) -> list[Block]:
    if m := NUMBERED.match(text):
        return [Block("item", clean(m.group("rest")), line, marker=m.group("num"))]
    return [Block("para", text, line)]


def _list(
    element: etree._Element, blocks: list[Block], depth: int, line: int, ordered: bool
) -> None:
    items = [child for child in element if isinstance(child.tag, str) and child.tag.lower() == "li"]
    if not items:
        _loose_list(element, blocks, depth, line, ordered)
        return
    for i, item in enumerate(items):
        own = clean(
            " ".join(
                [item.text or ""]
                + [
                    " ".join(child.itertext()) + (child.tail or "")
                    for child in item
                    if not (isinstance(child.tag, str) and child.tag.lower() in {"ul", "ol"})
                ]
            )
        )
        if own:
            blocks.append(
                Block(
                    "item",
                    own,
                    item.sourceline or line,
                    level=depth,
                    marker=f"{i + 1}." if ordered else "•",
                )
            )
        for child in item:
            if isinstance(child.tag, str) and child.tag.lower() in {"ul", "ol"}:
                _list(child, blocks, depth + 1, line, ordered=child.tag.lower() == "ol")


def _loose_list(
    element: etree._Element, blocks: list[Block], depth: int, line: int, ordered: bool
) -> None:
    """A list whose items lost their tags in extraction: "<ul> • one • two <p>Title:</p> <ul> ..."."""

    def flush(text: str) -> None:
        for part in split_items(clean(text)):
            number = sum(1 for b in blocks if b.kind == "item" and b.level == depth) + 1
            blocks.append(
                Block("item", part, line, level=depth, marker=f"{number}." if ordered else "•")
            )

    flush(element.text or "")
    for child in element:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag in {"ul", "ol"}:
            _list(child, blocks, depth + 1, line, ordered=tag == "ol")
        elif tag == "p":
            text = _text(child)
            if text:
                blocks.append(Block("para", text, line, level=depth))
        else:
            flush(" ".join(child.itertext()))
        flush(child.tail or "")


SMALL_WORDS = {
    "de",
    "del",
    "la",
    "las",
    "el",
    "los",
    "y",
    "e",
    "o",
    "u",
    "en",
    "a",
    "al",
    "por",
    "para",
    "con",
    "sin",
    "sobre",
    "entre",
    "su",
    "sus",
    "un",
    "una",
    "que",
}


def _split_on_capitals(text: str) -> list[str]:
    """Items run together without any punctuation: a new one starts at a capitalised word that
    follows a lower-case word which is not a preposition or article."""
    words = text.split()
    items: list[list[str]] = [[]]
    for i, word in enumerate(words):
        previous = words[i - 1] if i else ""
        if (
            i
            and word[:1].isupper()
            and previous[:1].islower()
            and previous.lower() not in SMALL_WORDS
            and not word.isupper()
        ):
            items.append([])
        items[-1].append(word)
    return [" ".join(item) for item in items if item]


def split_items(text: str) -> list[str]:
    """Items of a list whose markers were lost: split on bullets, else on sentences (a sentence
    that continues the previous one, "Para facilitar...", stays with it)."""
    if INLINE_BULLET.search(text):
        return [clean(part) for part in INLINE_BULLET.split(text) if clean(part)]
    sentences = re.split(r"(?<=[.;?!])\s+(?=[A-ZÁÉÍÓÚÑ¿])|\s+(?=¿)", text)
    if len(sentences) == 1 and not re.search(r"[.;:]", text.rstrip(".")):
        sentences = _split_on_capitals(text)
    items: list[str] = []
    for sentence in sentences:
        sentence = sentence.strip()
        if not sentence:
            continue
        if items and CONTINUATION.match(sentence):
            items[-1] = f"{items[-1]} {sentence}"
        else:
            items.append(sentence)
    return items
