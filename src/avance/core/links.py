"""Which evidence texts are links, and which links may be followed. Plain Python.

Evidence is «URLs or documents»: «Acta de la sesión: 3 de marzo» is a document named in words,
«https://…» a link. Anything written as a link must be http, https or mailto; javascript:, data:,
vbscript:, file: and the rest are refused wherever evidence enters (forms, imports, loads), and
never rendered as links (the `href` filter) should one be stored by older code.
"""

from __future__ import annotations

import re

SAFE_SCHEMES = ("http", "https", "mailto")
# Browsers drop tabs and line breaks inside URLs and leading spaces and control characters, so
# "java\tscript:" is javascript: to them; a scheme is letters then ":" with no space after it.
_IGNORED = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^[\x00-\x20]*([a-z][a-z0-9+.\-]*):(?=\S)", re.I)


def scheme(text: str) -> str | None:
    """The URL scheme the text starts with as a browser would read it (lower case), or None
    for plain words."""
    match = _SCHEME.match(_IGNORED.sub("", text))
    return match.group(1).lower() if match else None


def is_safe_link(text: str) -> bool:
    return scheme(text) in SAFE_SCHEMES and bool(
        re.match(r"^(https?://[^\s/]+|mailto:\S+@\S+)", text.strip(), re.I)
    )


def problem(text: str) -> str | None:
    """Why this evidence text cannot be accepted, or None."""
    found = scheme(text)
    if found is None or found in SAFE_SCHEMES:
        return None
    return (
        f"{text.strip()[:60]!r} is a {found}: link; only http, https and mailto links are "
        "accepted as evidence"
    )


def href(text: str) -> str:
    """The text as a link target when it is a safe link, else ""."""
    return text.strip() if is_safe_link(text) else ""
