"""The one domain error every app raises and catches. Plain Python, no Django.

Actions raise it when they cannot do what was asked; its message says why, and nothing was
written. It lives here, not in an app's actions module, so that apps do not import each other's
internals to catch it.
"""

from __future__ import annotations


class ActionError(ValueError):
    """The action cannot be done as asked; the message says why. Nothing was changed.

    `code` and `params`, when given, let the interface say the same in the user's language
    (avance.formatting.error_text); the message itself is English, for logs and the CLI."""

    def __init__(self, message: str, *, code: str = "", params: dict[str, str] | None = None):
        super().__init__(message)
        self.code = code
        self.params = params or {}
