"""Generated plans of any size, for benchmarks and scale tests. Plain Python, no Django.

Breadth first: 10 axes, then 8 children per node until the size is reached, so a million
items make a tree six levels deep. Leaves get a reproducible pseudo-random progress.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

LEVELS = [
    "Eje",
    "Objetivo",
    "Estrategia",
    "Línea de acción",
    "Actividad",
    "Acción",
    "Tarea",
    "Subtarea",
]
ROOTS = 10
FAN_OUT = 8
VERBS = [
    "Fortalecer",
    "Publicar",
    "Capacitar",
    "Diseñar",
    "Evaluar",
    "Coordinar",
    "Difundir",
    "Implementar",
]
THEMES = [
    "la transparencia proactiva",
    "los datos abiertos",
    "la participación ciudadana",
    "la rendición de cuentas",
    "la igualdad sustantiva",
    "la gestión documental",
    "la atención a víctimas",
    "la contraloría social",
]

# (index, parent index or None, depth, ref, title, progress or None for inner nodes)
Row = tuple[int, int | None, int, str, str, float | None]


def rows(size: int, seed: int = 2025) -> Iterator[Row]:
    """`size` nodes in breadth-first order; a node's parent always comes before it."""
    rng = random.Random(seed)
    refs: list[str] = []
    depths: list[int] = []
    leaf_from = _first_leaf(size)
    for index in range(size):
        if index < ROOTS:
            parent, depth, ref = None, 0, str(index + 1)
        else:
            parent = (index - ROOTS) // FAN_OUT
            depth = depths[parent] + 1
            ref = f"{refs[parent]}.{(index - ROOTS) % FAN_OUT + 1}"
        refs.append(ref)
        depths.append(depth)
        title = f"{rng.choice(VERBS)} {rng.choice(THEMES)} ({ref})"
        progress = float(rng.choice(range(0, 101, 5))) if index >= leaf_from else None
        yield index, parent, depth, ref, title, progress


def _first_leaf(size: int) -> int:
    """Index of the first node with no children: the parent of the last node, plus one."""
    if size <= ROOTS:
        return 0
    return (size - 1 - ROOTS) // FAN_OUT + 1


def document(size: int, seed: int = 2025) -> dict[str, Any]:
    nodes: list[dict[str, Any]] = []
    made: list[dict[str, Any]] = []
    for _index, parent, depth, ref, title, progress in rows(size, seed):
        node: dict[str, Any] = {
            "level": LEVELS[min(depth, len(LEVELS) - 1)],
            "ref": ref,
            "title": title,
        }
        if progress is not None:
            node["progress"] = progress
        (nodes if parent is None else made[parent].setdefault("children", [])).append(node)
        made.append(node)
    return {
        "schema": "avance.plan/1",
        "title": f"Plan generado de {size} elementos",
        "kind": "otro",
        "organization": {"name": "Institución de pruebas de escala", "acronym": "IPE"},
        "start": "2025-01-01",
        "end": "2025-12-31",
        "report": {"title": "Corte generado", "start": "2025-01-01", "end": "2025-06-30"},
        "levels": LEVELS,
        "nodes": nodes,
    }
