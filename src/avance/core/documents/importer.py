"""One file in, one avance.plan/1 document and its warnings out. Plain Python."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from avance.core import interchange, tabular
from avance.core.consistency import differs
from avance.core.documents import DocumentError, readers
from avance.core.documents.recognition import recognize
from avance.core.rollup import Settings, rollup

TABULAR = {".csv", ".xlsx", ".tsv"}


def import_file(
    path: str | Path, mapping: dict[str, Any] | None = None
) -> tuple[dict[str, Any], list[str]]:
    path = Path(path)
    if not path.is_file():
        raise DocumentError(f"{path}: file not found")
    size = path.stat().st_size
    if size > readers.MAX_BYTES:
        raise DocumentError(
            f"{path}: {size / 1_048_576:.0f} MB is over the {readers.MAX_BYTES // 1_048_576} MB limit"
        )
    if path.suffix.lower() in TABULAR:
        header, records = tabular.read_table(path)
        document, warnings = tabular.to_document(header, records, str(path), mapping)
        if path.suffix.lower() == ".xlsx" and mapping is None:
            extra = tabular.read_plan_sheet(path)  # a workbook Avance wrote carries the plan too
            document.update({k: v for k, v in extra.items() if k not in {"schema", "nodes"}})
    else:
        document, warnings = recognize(readers.read(path))
    if not document["nodes"]:
        raise DocumentError(
            f"{path}: no plan items were recognised (no numbered or labelled items, no lists)"
        )
    try:
        interchange.validate(document, str(path))
    except interchange.InvalidDocument as exc:  # a recogniser bug, not the user's: say so
        raise DocumentError(
            f"{path}: the imported plan is not valid avance.plan/1:\n{exc}"
        ) from None
    warnings.extend(declared_differences(document, str(path)))
    return document, warnings


def declared_differences(document: dict[str, Any], source: str) -> list[str]:
    """Inner items whose declared progress differs from the mean of their items by more than the tolerance."""
    rows = []
    declared: dict[int, tuple[float, dict[str, Any]]] = {}
    counter = 0

    def walk(nodes: list[dict[str, Any]], parent: int | None) -> None:
        nonlocal counter
        for node in nodes:
            counter += 1
            me = counter
            children = node.get("children") or []
            rows.append((me, parent, 1.0, None if children else node.get("progress"), None))
            if children and node.get("progress") is not None:
                declared[me] = (node["progress"], node)
            walk(children, me)

    walk(document["nodes"], None)
    result = rollup(rows, Settings())
    out = []
    for node_id, (value, node) in declared.items():
        computed = result.percent(node_id)
        if computed is not None and differs(value, computed):
            out.append(
                f"{source}: {node['level']} {node.get('ref') or ''} «{node['title'][:50]}» declares "
                f"{value:g}% but the mean of its items is {computed:.2f}%"
            )
    total = (document.get("report") or {}).get("progress")
    if (
        total is not None
        and result.total.percent is not None
        and differs(total, result.total.percent)
    ):
        out.append(
            f"{source}: the document declares {total:g}% global progress; the mean of its items is "
            f"{result.total.percent:.2f}%"
        )
    return out
