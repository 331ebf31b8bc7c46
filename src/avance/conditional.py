"""ETag, Last-Modified and Cache-Control on everything the public reads: portal pages,
downloads and the API, so that browsers, proxies and programs poll cheaply.

Everything public changes only through actions, and every action writes the audit trail, so
the latest audit entry (its id and time) is a version of all published data: a response's ETag
is that version with the address, the language and the day (pages say how far a plan is from
its end date, which moves with the calendar), and a client that sends it back gets 304 Not
Modified after one indexed query, before any view runs.

Only anonymous requests are treated so: a signed-in person (a session cookie) or a program with
a token always gets a fresh answer, and nothing of theirs is marked cacheable.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from avance.audit.models import AuditEntry
from avance.progress import published

API = "/api/v1/"
UNCACHED = ("/api/v1/docs",)
# The public portal's addresses, in either language (the workspace, the admin, sign-in and the
# subscription pages, which carry forms or personal links, are not among them).
PUBLIC = re.compile(r"^(/en)?/(|buscar/.*|datos/.*|instituciones/.*|planes/.*)$")
CACHE_CONTROL = "public, no-cache"


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


def is_public_read(request: HttpRequest) -> bool:
    """An anonymous GET or HEAD of a public page, download or API document."""
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
        return False
    path = request.path_info
    if path.startswith(API):
        return not path.startswith(UNCACHED)
    return PUBLIC.match(path) is not None and "/seguir/" not in path


class ConditionalPublicMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_public_read(request):
            return self.get_response(request)
        version, modified = site_version()
        language = getattr(request, "LANGUAGE_CODE", "")
        today = timezone.localdate().isoformat()
        digest = hashlib.sha256(
            f"{version}|{today}|{language}|{request.get_full_path()}".encode()
        ).hexdigest()[:32]
        etag = quote_etag(digest)
        asked = request.META.get("HTTP_IF_NONE_MATCH")
        since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
        if (asked and _matches(asked, etag)) or (
            not asked and since is not None and modified <= since
        ):
            response: HttpResponse = HttpResponseNotModified()
        else:
            token = published.SITE_VERSION.set(version)
            try:
                response = self.get_response(request)
            finally:
                published.SITE_VERSION.reset(token)
            if response.status_code != 200:
                return response
        response["ETag"] = etag
        response["Last-Modified"] = http_date(modified)
        response["Cache-Control"] = CACHE_CONTROL
        if request.path_info.startswith(API):
            response["Vary"] = "Accept-Language"  # pages say their language in the address
        return response
