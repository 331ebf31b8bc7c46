"""The API's own refusal, turned into the one error shape by avance.api.api."""

from __future__ import annotations


class ApiError(Exception):
    """A refusal with its status, code, message (already in the request's language) and field."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field
