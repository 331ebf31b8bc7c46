"""Spanish unless the person chose otherwise."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _


class ChosenLanguageMiddleware:
    """Activate the language the address names (/en/… is English), else LANGUAGE_CODE (es-mx).

    Unlike django.middleware.locale.LocaleMiddleware it reads no cookie and, for pages, ignores
    the browser's Accept-Language: an institution's portal is in Spanish for everyone by
    default, and a page's address alone decides its bytes, so published pages can be files.
    The API, read by programs, honours Accept-Language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith("/api/"):
            language = self._accepted(request) or settings.LANGUAGE_CODE
        else:
            language = translation.get_language_from_path(request.path_info) or ""
            if language not in self.supported:
                language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

    def _accepted(self, request: HttpRequest) -> str:
        """The first supported language of Accept-Language («en-US,en;q=0.9» → en)."""
        from django.utils.translation.trans_real import parse_accept_lang_header

        for code, _quality in parse_accept_lang_header(
            request.META.get("HTTP_ACCEPT_LANGUAGE", "")
        ):
            code = code.lower()
            for supported in (code, code.split("-")[0]):
                if supported in self.supported:
                    return supported
                if supported == "es":
                    return settings.LANGUAGE_CODE
        return ""


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body is over MAX_REQUEST_BYTES before anything reads it
    (Django's own limits apply only once the body is being parsed)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.MAX_REQUEST_BYTES
        if length > limit:
            message = _(
                "The request is %(size)s MB, over the %(limit)s MB limit for one submission. "
                "Send fewer or smaller files."
            ) % {"size": f"{length / 1_048_576:.1f}", "limit": limit // 1_048_576}
            return HttpResponse(
                message,
                status=413,
                content_type="text/plain; charset=utf-8",
                headers={"Connection": "close"},
            )
        return self.get_response(request)
