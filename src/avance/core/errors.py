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


class Notice(str):
    """A warning to show a person: the English sentence (for logs, the CLI and tests that compare
    text) that also carries a `code` and its `params`, so the interface can say it in the user's
    language (avance.formatting.notice_text). `where` is the place it refers to («plan.xlsx: row
    7»), kept apart so that a caller can rename the file.

    It pickles (the importer runs in a child process) and compares as the plain text."""

    code: str
    where: str
    template: str
    params: dict[str, str]

    def __new__(cls, code: str, where: str, template: str, **params: object) -> Notice:
        shown = {key: str(value) for key, value in params.items()}
        text = f"{where}: {template.format(**shown)}" if where else template.format(**shown)
        notice = super().__new__(cls, text)
        notice.code, notice.where, notice.params, notice.template = code, where, shown, template
        return notice

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return (_notice, (self.code, self.where, self.template, self.params))

    def moved(self, old: str, new: str) -> Notice:
        """The same notice with `old` replaced by `new` in its place (a temporary file's path by
        the name the user uploaded)."""
        return Notice(self.code, self.where.replace(old, new), self.template, **self.params)


def _notice(code: str, where: str, template: str, params: dict[str, str]) -> Notice:
    return Notice(code, where, template, **params)
