"""Where a published address is kept as a file (plain Python, no Django).

The rule is shared by the renderer, by `avance serve` and by nginx (deploy/nginx.conf), so it is
small enough to say in one sentence: the cut-off names a directory (`vigente` for current
values, `periodo-KEY` for `?periodo=KEY`), and under it the address is the path, with
`index.html` for an address that ends in `/`. Any other query string is not rendered.

    /planes/poa/                    -> vigente/planes/poa/index.html
    /en/planes/poa/?periodo=2025-t2 -> periodo-2025-t2/en/planes/poa/index.html
    /planes/poa/descargas/plan.csv  -> vigente/planes/poa/descargas/plan.csv
"""

from __future__ import annotations

import re
from pathlib import Path

CURRENT = "vigente"
PERIOD_PREFIX = "periodo-"
_KEY = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_SEGMENT = re.compile(r"^[A-Za-z0-9_.-]{1,200}$")


def cutoff_dir(query: str) -> str | None:
    """The directory of a query string's cut-off, or None when the query asks for more than a
    cut-off (filters, pages, searches are answered by the application)."""
    if not query:
        return CURRENT
    name, _, key = query.partition("=")
    if name == "periodo" and _KEY.match(key):
        return PERIOD_PREFIX + key
    return None


def relative_file(path: str, query: str = "") -> str | None:
    """The file of an address relative to the public directory, or None if it has none.

    Refuses anything that is not a plain absolute path of safe segments, so no address can
    name a file outside the directory or one of its hidden working directories."""
    cut = cutoff_dir(query)
    if cut is None or not path.startswith("/"):
        return None
    segments = path[1:].split("/")
    name = "index.html"
    if segments[-1]:
        name = segments[-1]
    segments = segments[:-1]
    for segment in [*segments, name]:
        if not _SEGMENT.match(segment) or segment.startswith("."):
            return None
    return "/".join([cut, *segments, name])


def file_for(root: Path, path: str, query: str = "") -> Path | None:
    relative = relative_file(path, query)
    return None if relative is None else root / relative


def address_of(relative: str) -> tuple[str, str]:
    """The (path, query) whose file this is: relative_file's inverse."""
    cut, _, rest = relative.partition("/")
    path = "/" + rest.removesuffix("index.html")
    query = "" if cut == CURRENT else "periodo=" + cut.removeprefix(PERIOD_PREFIX)
    return path, query
