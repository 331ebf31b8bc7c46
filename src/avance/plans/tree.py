"""Walking a plan's tree: the few traversals pages, reports, checks and actions share."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class TreeNode(Protocol):
    id: int
    parent_id: int | None


def children_by_parent[N: TreeNode](nodes: Iterable[N]) -> dict[int | None, list[N]]:
    """Children of each node (None: the roots), in the order given."""
    children: dict[int | None, list[N]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    return children


def reading_order[N: TreeNode](
    nodes: Iterable[N], roots: Iterable[N] | None = None
) -> list[tuple[N, int]]:
    """(node, depth) in reading order: each parent before its children, siblings in the order
    given (callers pass nodes ordered by position). `roots` limits it to those subtrees."""
    children = children_by_parent(nodes)
    out: list[tuple[N, int]] = []
    stack = [
        (node, 0) for node in reversed(list(roots if roots is not None else children.get(None, [])))
    ]
    while stack:
        node, depth = stack.pop()
        out.append((node, depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(node.id, [])))
    return out


def subtree_ids(node_id: int) -> list[int]:
    """The node and everything below it (one query per level)."""
    from avance.plans.models import Node

    ids, frontier = [node_id], [node_id]
    while frontier:
        frontier = list(Node.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids.extend(frontier)
    return ids


def full_reference(node_id: int) -> str:
    """A node's full reference ("1.1.3"), from its ancestors' printed numbers (one query)."""
    from avance.core.refs import full_ref
    from avance.plans.models import Node
    from avance.progress.rollups import ancestors

    path = ancestors(node_id)  # nearest first
    refs = dict(Node.objects.filter(pk__in=path).values_list("pk", "ref"))
    out = ""
    for pk in reversed(path):
        out = full_ref(out, refs[pk]) or out
    return out if refs.get(node_id) else ""
