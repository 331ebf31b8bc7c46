"""Full references of plan items ("1.1.3") from the local numbers documents print. Plain Python.

Documents number items locally ("Acción 3" under "Compromiso 1.1") or in full ("1.1.3"). Out of its
tree (a table row, an audit entry, a PDF line) an item needs the full reference to be found again.
"""

from __future__ import annotations


def full_ref(parent_full: str, ref: str) -> str:
    """The item's full reference given its parent's. A ref that already starts with the parent's
    is kept as printed; an unnumbered item has none."""
    ref = ref.strip()
    if not ref:
        return ""
    parent_full = parent_full.strip()
    if not parent_full or ref == parent_full or ref.startswith(parent_full + "."):
        return ref
    return f"{parent_full}.{ref}"
