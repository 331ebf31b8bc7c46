"""The REST API at /api/v1/: one NinjaAPI, its routers, and one JSON shape for every error,
`{"error": {"code", "message", "field"}}`, with the message in the request's language.

Reads are public and show published data only, through the same read models as the portal
(`progress.published`, `indicators.published`, `networks.figures`). Writes need a personal
token and go through the same actions and permissions as the web; none publishes by itself.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from avance.api import directory, plans, writes
from avance.api.errors import ApiError
from avance.api.throttling import PerAddress, PerToken
from avance.core.errors import ActionError
from avance.formatting import error_text

api = NinjaAPI(
    title="Avance API",
    version="1",
    description=(
        "Published plans, progress, indicators and network statistics (read, public), and "
        "check-ins, measurements, statistics and plan uploads (write, with a personal token)."
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    throttle=[PerAddress(), PerToken()],
)


def error(
    request: HttpRequest, status: int, code: str, message: str, field: str | None = None
) -> HttpResponse:
    return api.create_response(
        request, {"error": {"code": code, "message": message, "field": field}}, status=status
    )


MESSAGES = {
    "missing": lambda e: _("This field is required."),
    "int_parsing": lambda e: _("Enter a whole number."),
    "int_from_float": lambda e: _("Enter a whole number."),
    "float_parsing": lambda e: _("Enter a number."),
    "bool_parsing": lambda e: _("Enter true or false."),
    "string_type": lambda e: _("Enter a text."),
    "greater_than_equal": lambda e: (
        _("Enter a value of at least %(limit)s.") % {"limit": e["ctx"]["ge"]}
    ),
    "less_than_equal": lambda e: (
        _("Enter a value of at most %(limit)s.") % {"limit": e["ctx"]["le"]}
    ),
    "json_invalid": lambda e: _("The body is not valid JSON."),
    "literal_error": lambda e: _("Use one of: %(values)s.") % {"values": e["ctx"]["expected"]},
}


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    location = [str(part) for part in first.get("loc", ())]
    if location[:1] == ["body"] and len(location) > 2:  # ("body", parameter name, field, …)
        location = location[2:]
    elif location[:1] in (["query"], ["path"], ["body"]):
        location = location[1:]
    field = ".".join(location) or None
    explain = MESSAGES.get(first.get("type", ""))
    message = explain(first) if explain else _("This value is not valid.")
    return error(request, 422, "invalid", message, field)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = error(
        request,
        401,
        "unauthenticated",
        _("Send a valid, unrevoked API token (Authorization: Bearer …)."),
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    return error(request, 429, "rate_limited", _("Too many requests; wait and try again."))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error(request, 404, "not_found", _("Nothing published here."))


@api.exception_handler(ApiError)
def _refused(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return error(request, exc.status, exc.code, exc.message, exc.field)


@api.exception_handler(ActionError)
def _action_refused(request: HttpRequest, exc: ActionError) -> HttpResponse:
    return error(request, 422, exc.code or "refused", error_text(exc))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:  # ninja's «Cannot parse request body»
        return error(request, 400, "bad_request", _("The body is not valid JSON."))
    return error(request, exc.status_code, "http_error", str(exc))


api.add_router("", plans.router)
api.add_router("", directory.router)
api.add_router("", writes.router)
