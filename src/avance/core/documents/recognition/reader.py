"""The recognition pass: one walk over the entries, opening items and filling their fields."""

from __future__ import annotations

import re
from typing import Any

from avance.core.documents import Document
from avance.core.documents import vocabulary as v
from avance.core.documents.recognition import assemble, people, plan
from avance.core.documents.recognition.stream import Entry, entries_of
from avance.core.documents.recognition.tree import (
    Node,
    rank,
    ref_of,
    set_value,
    similar,
    title_case,
    walk,
)
from avance.core.errors import Notice

CONNECTOR = re.compile(
    r"^(?:lo |la |el |los |las |esto|ello|por lo|as[ií]|de esta|con |en |para |que )", re.I
)


class Reader:
    def __init__(self, document: Document):
        self.source = document.source
        self.entries = entries_of(document.blocks)
        self.root = Node("", "")
        self.warnings: list[str] = []
        self.plan: dict[str, Any] = {}
        self.started = False  # plan items begin at the first header or labelled line
        self.child_level: str | None = None  # level named by the last plural header
        self.section_levels: list[str] = []
        self.labelled: Node | None = None  # the open labelled item
        self.list_parent: Node | None = None  # where list items go
        self.implicit: Node | None = None  # an item made of "short paragraph + list"
        self.implicit_depth = 0  # list items at this depth or deeper belong to it
        self.loose: Entry | None = None  # the last paragraph nobody used yet
        self.pending_title: Node | None = None
        self.title_before: Entry | None = None
        self.pending_field: str | None = None
        self.aggregate: str | None = None  # "Avance del Eje" seen, waiting for its figure
        self.report: dict[str, Any] = {}
        self.used: set[int] = set()
        self.pending_context: tuple[str, list[str]] | None = None  # alignment or strategy lists

    # -- the pass ---------------------------------------------------------------------------------

    def run(self) -> tuple[dict[str, Any], list[str]]:
        plan.read_header(self)
        for index, entry in enumerate(self.entries):
            if index in self.used:
                continue
            self.step(index, entry)
        self.close(self.labelled)
        document = assemble.finish(self)
        return document, self.warnings

    def step(self, index: int, entry: Entry) -> None:
        text = entry.full.strip()
        if not text:
            return
        if entry.kind == "field":
            plan.section_field(self, entry)
            return
        if self.pending_title is not None:
            node, self.pending_title = self.pending_title, None
            if entry.kind == "para" and not self._structural(text):
                node.title = self._continued(index, entry)
                return
            if self.title_before is not None:
                node.title = title_case(self.title_before.text)
                for other in walk(self.root):
                    if self.title_before.text in other.description:
                        other.description.remove(self.title_before.text)
            self.title_before = None
        if self.aggregate_step(entry, text):
            return
        if self.field_step(entry, text):
            return
        if self.value_step(entry, text):
            return
        if self.level_step(index, entry, text):
            return
        if entry.kind == "item":
            self.item_step(index, entry)
            return
        if entry.kind == "para" and entry.marker and self.started and self.section_levels:
            self.numbered_heading(entry)
            return
        self.para_step(index, entry, text)

    def _continued(self, index: int, entry: Entry) -> str:
        """A title wrapped over several lines of the same style ("TRANSPARENCIA" / "INCLUYENTE")."""
        parts = [entry.text.strip()]
        j = index + 1
        while j < len(self.entries):
            other = self.entries[j]
            if other.kind != "para" or other.gap or other.marker or self._structural(other.full):
                break
            if not (other.text.isupper() and parts[-1].isupper()):
                break
            parts.append(other.text.strip())
            self.used.add(j)
            j += 1
        return " ".join(parts)

    def _column_title(self, text: str) -> bool:
        """A word standing alone as a column title: "Evidencias", "Avance", "Metas"."""
        bare = text.strip().rstrip(":")
        return len(bare.split()) <= 3 and v.field_key(bare) in {
            "evidence",
            "progress",
            "results",
            "note",
            "goal",
        }

    def _structural(self, text: str) -> bool:
        return bool(
            v.FIELD_LINE.match(text)
            or v.percent(text)
            or v.STAGE.match(text)
            or (self._level_match(text) is not None)
        )

    # -- labelled lines and headers ------------------------------------------------------------

    def _level_match(self, text: str) -> tuple[str, bool, str | None, str, str] | None:
        m = v.LEVEL_LINE.match(text)
        if not m:
            return None
        key, ref, punct, rest = (
            m.group("key"),
            m.group("ref"),
            m.group("punct"),
            m.group("rest").strip(),
        )
        after = text[m.end("key") : m.end("key") + 1]
        if after and after.isalpha():
            return None
        label, is_plural = v.level_of(key)
        return label, is_plural, ref, punct, rest

    def level_step(self, index: int, entry: Entry, text: str) -> bool:
        found = self._level_match(text)
        if found is None or entry.kind == "item":
            return False
        label, is_plural, ref, punct, rest = found
        if is_plural:
            keywords = []
            for part in re.split(r"\s+y\s+|,|/|\|", text):
                if (m := v.LEVEL_LINE.match(part.strip())) is not None:
                    keywords.append(v.level_of(m.group("key"))[0])
            if not rest or re.fullmatch(r"[\d\s|/\-–]*|\W*\w+\W*", rest) or len(keywords) > 1:
                if "/" in text and len(keywords) > 1:
                    keywords = keywords[-1:]
                if len(keywords) > 1:
                    self.section_levels = list(dict.fromkeys(keywords))
                    self.child_level = self.section_levels[0]
                else:
                    self.child_level = keywords[0] if keywords else label
                self.started = True
                self.implicit = None
                if self.labelled is None:
                    self.list_parent = self.root
                return True
            return False
        if not ref and ":" not in punct:
            return False
        if rest and len(rest.split()) > 40:
            return False
        self.open_labelled(label, ref, rest, entry)
        return True

    def open_labelled(self, label: str, ref: str | None, title: str, entry: Entry) -> None:
        self.started = True
        ref = ref.rstrip(".") if ref else None
        existing = self._find(label, ref)
        if existing is not None and (not title or similar(existing.title, title)):
            self.close(self.labelled)
            self.labelled = existing
            self.list_parent = existing
            self.implicit = None
            self.child_level = None
            return
        parent = self._parent_for(label, ref)
        self.close(
            self.labelled
            if self.labelled is not None and rank(self.labelled.level) >= rank(label)
            else None
        )
        node = parent.add(Node(label, title_case(title), ref, labelled=True, line=entry.line))
        if not title:
            loose = self.loose
            usable = (
                loose is not None
                and loose.line < entry.line
                and not loose.marker
                and len(loose.text.split()) > 1
            )
            self.title_before = loose if usable else None
            self.loose = None
            self.pending_title = node
        self.labelled = node
        self.list_parent = node
        self.implicit = None
        self.child_level = None

    def _find(self, label: str, ref: str | None) -> Node | None:
        if ref is None:
            return None
        for node in walk(self.root):
            if node.level == label and node.ref == ref:
                return node
        return None

    def _parent_for(self, label: str, ref: str | None) -> Node:
        if ref and "." in ref:
            prefix = ref.rsplit(".", 1)[0]
            for node in reversed(list(walk(self.root))):
                if node.ref == prefix and node.level != label and node.labelled:
                    return node
        current: Node | None = self.labelled
        while current is not None and current is not self.root:
            if current.labelled and rank(current.level) < rank(label):
                return current
            current = current.parent
        return self.root

    def numbered_heading(self, entry: Entry) -> None:
        """ "1 Promoción, difusión..." under a header that named the levels."""
        label = self.section_levels[0]
        self.close(self.labelled)
        node = self.root.add(Node(label, entry.text, entry.marker, labelled=True, line=entry.line))
        self.labelled = node
        self.list_parent = node
        self.implicit = None
        self.child_level = self.section_levels[1] if len(self.section_levels) > 1 else None

    def _opens_list(self, entry: Entry) -> bool:
        found = self._level_match(entry.full) if entry.kind == "para" else None
        return found is not None and found[1]

    def unlabelled_sibling(self, entry: Entry) -> bool:
        """A title followed by "Acciones" where a labelled item is expected but its label is
        missing: the same level as the labelled siblings, numbered after them."""
        parent = self.labelled
        assert parent is not None
        template = next(
            (
                n
                for n in reversed(list(walk(self.root)))
                if n.labelled
                and n.parent is not None
                and n.parent.level == parent.level
                and n.parent is not parent
            ),
            None,
        )
        if template is None:
            siblings = [c for c in parent.children if c.labelled]
            if not siblings or parent.parent is None:
                return False
            template, parent = siblings[-1], parent
        count = sum(1 for c in parent.children if c.labelled and c.level == template.level)
        ref = f"{parent.ref}.{count + 1}" if parent.ref else None
        self.close(self.labelled)
        node = parent.add(Node(template.level, entry.text, ref, labelled=True, line=entry.line))
        self.warnings.append(
            Notice(
                "unlabelled",
                f"{self.source}:{entry.line}",
                "«{text}» has no «{level}» label; read as {level} {ref}",
                text=entry.text[:50],
                level=template.level,
                ref=ref or "",
            )
        )
        self.labelled = node
        self.list_parent = node
        self.implicit = None
        self.child_level = None
        return True

    # -- list items -----------------------------------------------------------------------------

    def item_step(self, index: int, entry: Entry) -> None:
        if not self.started:
            self.loose = None
            plan.context_item(self, entry)
            return
        ref = ref_of(entry.marker)
        parent: Node | None = None
        if ref and "." in ref:
            prefix = ref.rsplit(".", 1)[0]
            parent = next(
                (n for n in reversed(list(walk(self.root))) if n.ref == prefix and n.labelled),
                None,
            )
        if parent is None:
            while self.implicit is not None and entry.level < self.implicit_depth:
                # Back out of a nested list.
                outer = self.implicit.parent
                self.implicit = (
                    outer
                    if outer is not None
                    and outer is not self.list_parent
                    and outer is not self.root
                    else None
                )
                self.implicit_depth = max(self.implicit_depth - 1, 0)
            parent = self.implicit or self.list_parent or self.root
        following = self.entries[index + 1] if index + 1 < len(self.entries) else None
        level = self._child_label(parent)
        node = parent.add(Node(level, entry.text, ref, line=entry.line))
        # An item introducing a nested list ("Poner en marcha los programas:" then bullets).
        if following is not None and following.kind == "item" and following.level > entry.level:
            self.implicit = node
            self.implicit_depth = entry.level + 1

    def _child_label(self, parent: Node) -> str:
        if self.child_level and (parent is self.list_parent or parent is self.root):
            return self.child_level
        if parent.children:
            return parent.children[-1].level
        if self.section_levels and parent.level in self.section_levels:
            position = self.section_levels.index(parent.level)
            if position + 1 < len(self.section_levels):
                return self.section_levels[position + 1]
        return "Acción"

    # -- paragraphs -------------------------------------------------------------------------------

    def para_step(self, index: int, entry: Entry, text: str) -> None:
        following = self.entries[index + 1] if index + 1 < len(self.entries) else None
        if self._column_title(text):
            return
        if (
            self.started
            and following is not None
            and self._opens_list(following)
            and self.labelled is not None
            and len(text.split()) > 2
            and not CONNECTOR.match(text)
        ) and self.unlabelled_sibling(entry):
            return
        if not self.started:
            self.loose = entry
            plan.context_para(self, entry)
            return
        if people.person_step(self, index, entry):
            return
        if v.URL.search(text) and self.labelled is not None:
            target = self.value_owner()
            target.fields.setdefault("evidence", []).extend(v.URL.findall(text))
            return
        if (
            re.search(r"beneficiari", text, re.I)
            and self.labelled is not None
            and not v.FIELD_LINE.match(text)
        ):
            self.value_owner().fields["beneficiaries"] = {"direct": text, "indirect": None}
            return
        if re.match(r"^\*+\s*\w", text):
            self.value_owner().fields["note"] = text
            return
        short = len(text.split()) <= 14 and not CONNECTOR.match(text)
        if (
            following is not None
            and following.kind == "item"
            and following.level >= entry.level
            and short
        ):
            parent = self.list_parent or self.root
            label = (
                self.child_level
                if parent is self.root and self.child_level
                else self._child_label(parent)
            )
            node = parent.add(Node(label, text.rstrip(":").strip(), None, line=entry.line))
            self.implicit = node
            self.implicit_depth = entry.level
            return
        if (
            self.implicit is not None
            and entry.column == 0
            and text.endswith(".")
            and short
            and self.labelled is None
        ):
            self.implicit.add(Node(self._child_label(self.implicit), text, None, line=entry.line))
            return
        if self.labelled is not None and self.labelled.children == [] and len(text.split()) > 8:
            self.labelled.description.append(text)
        self.loose = entry

    # -- fields -------------------------------------------------------------------------------------

    def field_step(self, entry: Entry, text: str) -> bool:
        bare = v.BARE_FIELD.match(text)
        signature = len(text) < 40 and v.field_key(text.rstrip(": ")) == "responsible"
        if (bare or signature) and entry.kind == "para":
            key = v.field_key(bare.group("label")) if bare else "responsible"
            if key == "responsible":
                people.signature(self, entry)
            elif key:
                self.pending_field = key
            return True
        parts = plan.split_fields(text)
        if not parts:
            if self.pending_field and entry.kind == "para":
                key, self.pending_field = self.pending_field, None
                self.apply(key, text)
                return True
            return False
        lead, fields = parts
        if lead and self.pending_field:
            key, self.pending_field = self.pending_field, None
            self.apply(key, lead)
        for key, value in fields:
            if key == "responsible":
                people.signature(self, entry)
            elif value:
                self.apply(key, value)
            else:
                self.pending_field = (
                    key if key not in {"results", "progress", "evidence", "responsible"} else None
                )
                if key == "responsible":
                    people.signature(self, entry)
        return True

    def apply(self, key: str, value: str) -> None:
        target = self.labelled.fields if self.labelled is not None else None
        plan.apply_field(self, target, key, value)

    # -- report values ------------------------------------------------------------------------------

    def value_owner(self) -> Node:
        node = self.labelled or self.root
        return node

    def value_step(self, entry: Entry, text: str) -> bool:
        if self.labelled is None:
            return False
        found = v.percent(text)
        stage = v.STAGE.match(text) and text.upper() == text
        if not found and not stage:
            return False
        owner = self.value_owner()
        if found:
            owner.values.append((owner.items(), found[0], "", found[1]))
        else:
            owner.values.append((owner.items(), 0.0, text, ""))
        return True

    def aggregate_step(self, entry: Entry, text: str) -> bool:
        folded = v.fold(text)
        if folded == "avance" and entry.kind == "para":
            following = self._next_text(entry)
            if following and re.match(r"^(del? |global)", v.fold(following)):
                self.aggregate = v.fold(following)
                self._skip_next(entry)
                return True
            return True  # a column title
        if self.aggregate is not None:
            found = v.percent(text)
            if found:
                scope, self.aggregate = self.aggregate, None
                if scope.startswith("global"):
                    self.report["progress"] = found[0]
                else:
                    label = re.sub(r"^del?\s+", "", scope).strip()
                    target = self._open_of_level(label)
                    if target is not None:
                        target.fields["progress"] = found[0]
                return True
        return assemble.report_line(self, entry, text)

    def _open_of_level(self, folded_label: str) -> Node | None:
        node = self.labelled
        while node is not None and node is not self.root:
            if v.fold(node.level) == folded_label:
                return node
            node = node.parent
        for node in reversed(list(walk(self.root))):
            if v.fold(node.level) == folded_label:
                return node
        return None

    def _next_text(self, entry: Entry) -> str | None:
        index = entry.index
        return self.entries[index + 1].full if index + 1 < len(self.entries) else None

    def _skip_next(self, entry: Entry) -> None:
        self.used.add(entry.index + 1)

    def close(self, node: Node | None) -> None:
        """Give an item's collected report values to it and its listed children."""
        if node is None or not node.values:
            return
        values, node.values = node.values, []
        items = [c for c in node.children if not c.labelled]
        own: tuple[int, float, str, str] | None = None
        if len(values) == len(items) + 1:
            own = values.pop(0) if values[0][0] == 0 else values.pop()
        elif not items and len(values) == 1:
            own = values.pop()
        if own is None and len(items) == 1 and len(values) == 1:
            own = values[0]
        if own is not None and "progress" not in node.fields:
            set_value(node, own)
        if len(values) == len(items):
            for item, value in zip(items, values, strict=True):
                set_value(item, value)
        elif values:
            self.warnings.append(
                Notice(
                    "unmatched_figures",
                    f"{self.source}:{node.line}",
                    "{figures} progress figures for the {items} items of {level} {ref} «{title}» "
                    "could not be matched one to one",
                    figures=len(values),
                    items=len(items),
                    level=node.level,
                    ref=node.ref or "",
                    title=node.title[:50],
                )
            )
