"""The one domain error every app raises and catches. Plain Python, no Django.

Actions raise it when they cannot do what was asked; its message says why, and nothing was
written. It lives here, not in an app's actions module, so that apps do not import each other's
internals to catch it.
"""

from __future__ import annotations


class ActionError(ValueError):
    """The action cannot be done as asked; the message says why. Nothing was changed."""
