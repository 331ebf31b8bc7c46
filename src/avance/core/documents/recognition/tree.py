"""The items a recognised plan is made of, and small helpers on them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from avance.core.documents import vocabulary as v


@dataclass(eq=False)  # identity: items are compared with `is`, never by content
class Node:
    level: str
    title: str
    ref: str | None = None
    labelled: bool = False
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)
    description: list[str] = field(default_factory=list)
    values: list[tuple[int, float, str, str]] = field(
        default_factory=list
    )  # (items before, %, status, mark)
    line: int = 0

    def add(self, child: Node) -> Node:
        child.parent = self
        self.children.append(child)
        return child

    def items(self) -> int:
        return sum(1 for c in self.children if not c.labelled)


def set_value(node: Node, value: tuple[int, float, str, str]) -> None:
    _before, percent, status, mark = value
    node.fields["progress"] = percent
    if status:
        node.fields["status"] = status
    if mark:
        node.fields["note"] = mark


def rank(label: str) -> int:
    return v.RANK.get(label, 100)


def ref_of(marker: str) -> str | None:
    marker = marker.strip().rstrip(".-)").strip()
    if not marker or not re.match(r"^[\dA-Za-z]", marker) or marker in {"•", "-", "*"}:
        return None
    return marker


def similar(a: str, b: str) -> bool:
    a, b = v.fold(a), v.fold(b)
    return a == b or SequenceMatcher(None, a, b).ratio() >= 0.85


def title_case(text: str) -> str:
    return text.strip()


def walk(node: Node) -> Iterator[Node]:
    for child in node.children:
        yield child
        yield from walk(child)
