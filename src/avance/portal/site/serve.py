"""`avance serve` answers rendered public files before Django runs, as nginx does in front of
the application in production (deploy/nginx.conf): same files, same validators."""

from __future__ import annotations

import mimetypes
import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.http import http_date, parse_http_date_safe

from avance.portal.site import files

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

TYPES = {".html": "text/html; charset=utf-8", ".csv": "text/csv; charset=utf-8"}
# The headers the application puts on every answer (security middleware, CSP), copied once.
COPIED = (
    "Content-Security-Policy",
    "Cross-Origin-Opener-Policy",
    "Referrer-Policy",
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "X-Frame-Options",
)


class PublishedFiles:
    def __init__(self, application: WSGIApp, root: Path) -> None:
        self.application = application
        self.root = Path(root)
        self.common: list[tuple[str, str]] | None = None

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "")
        if method in ("GET", "HEAD"):
            found = files.file_for(
                self.root, environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", "")
            )
            if found is not None:
                try:
                    status = os.stat(found)
                except OSError:
                    status = None
                if status is not None and stat.S_ISREG(status.st_mode):
                    return self._send(environ, start_response, found, status, method)
        return self.application(environ, start_response)

    def _send(
        self,
        environ: dict[str, Any],
        start_response: StartResponse,
        found: Path,
        status: os.stat_result,
        method: str,
    ) -> Iterable[bytes]:
        if self.common is None:
            self.common = self._common_headers()
        etag = f'"{status.st_mtime_ns:x}-{status.st_size:x}"'
        path = environ.get("PATH_INFO", "")
        language = next(
            (code for code, _n in settings.LANGUAGES if path.startswith(f"/{code}/")),
            settings.LANGUAGE_CODE,
        )
        headers = [
            ("ETag", etag),
            ("Last-Modified", http_date(int(status.st_mtime))),
            ("Cache-Control", "public, no-cache"),
            ("Content-Language", language),
            *self.common,
        ]
        asked = environ.get("HTTP_IF_NONE_MATCH")
        since = parse_http_date_safe(environ.get("HTTP_IF_MODIFIED_SINCE", ""))
        if (asked and etag in [t.strip().removeprefix("W/") for t in asked.split(",")]) or (
            not asked and since is not None and int(status.st_mtime) <= since
        ):
            start_response("304 Not Modified", headers)
            return []
        kind = TYPES.get(found.suffix) or mimetypes.guess_type(found.name)[0]
        headers += [
            ("Content-Type", kind or "application/octet-stream"),
            ("Content-Length", str(status.st_size)),
        ]
        start_response("200 OK", headers)
        if method == "HEAD":
            return []
        handle = open(found, "rb")  # noqa: SIM115 - closed by the server through the wrapper
        wrapper = environ.get("wsgi.file_wrapper")
        if wrapper is not None:
            return wrapper(handle, 65536)
        return _chunks(handle)

    def _common_headers(self) -> list[tuple[str, str]]:
        """Ask the application for /health once and keep the headers it puts everywhere."""
        from avance.portal.site.render import answer

        _status, headers, _body = answer(self.application, "/health")
        return [(name, value) for name, value in headers if name in COPIED]


def _chunks(handle: Any) -> Iterable[bytes]:
    with handle:
        while chunk := handle.read(65536):
            yield chunk
