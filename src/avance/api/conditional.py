"""ETag and Last-Modified on the API's public reads, so that clients poll cheaply.

Everything public changes only through actions, and every action writes the audit trail, so
the latest audit entry (its id and time) is a version of all published data: a response's ETag
is that version with the URL and the language, and a client that sends it back gets 304 Not
Modified after one indexed query, before any view runs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from avance.audit.models import AuditEntry

PREFIX = "/api/v1/"
UNCACHED = ("/api/v1/docs",)


def site_version() -> tuple[str, int]:
    """(version, Unix time of the last change)."""
    latest = AuditEntry.objects.order_by("-id").values_list("id", "at").first()
    if latest is None:
        return "0", 0
    at = latest[1].timestamp()
    return f"{latest[0]}.{int(at * 1000)}", int(at)


def _matches(header: str, etag: str) -> bool:
    tags = [part.strip().removeprefix("W/") for part in header.split(",")]
    return "*" in tags or etag in tags


class ConditionalApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        if (
            request.method not in ("GET", "HEAD")
            or not path.startswith(PREFIX)
            or path.startswith(UNCACHED)
            or "HTTP_AUTHORIZATION" in request.META
        ):
            return self.get_response(request)
        version, modified = site_version()
        language = getattr(request, "LANGUAGE_CODE", "")
        digest = hashlib.sha256(
            f"{version}|{language}|{request.get_full_path()}".encode()
        ).hexdigest()[:32]
        etag = quote_etag(digest)
        asked = request.META.get("HTTP_IF_NONE_MATCH")
        since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
        if (asked and _matches(asked, etag)) or (
            not asked and since is not None and modified <= since
        ):
            response: HttpResponse = HttpResponseNotModified()
        else:
            response = self.get_response(request)
            if response.status_code != 200:
                return response
        response["ETag"] = etag
        response["Last-Modified"] = http_date(modified)
        response["Cache-Control"] = "public, no-cache"
        response["Vary"] = "Accept-Language"
        return response
