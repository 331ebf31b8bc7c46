"""The API's rate limits, read from the settings at each request (so a deployment's, or a
test's, value holds without a restart of the import)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import AnonRateThrottle, AuthRateThrottle

from avance.accounts.throttle import client_address


class PerAddress(AnonRateThrottle):
    """Anonymous requests, per client address (behind trusted proxies, the forwarded one)."""

    def __init__(self) -> None:
        super().__init__("1/min")

    def allow_request(self, request: HttpRequest) -> bool:
        self.num_requests, self.duration = settings.API_ANONYMOUS_PER_MINUTE, 60
        return super().allow_request(request)

    def get_ident(self, request: HttpRequest) -> str | None:
        return client_address(request)


class PerToken(AuthRateThrottle):
    """Requests with a token, per token (anonymous ones are PerAddress's)."""

    def __init__(self) -> None:
        super().__init__("1/min")

    def allow_request(self, request: HttpRequest) -> bool:
        self.num_requests, self.duration = settings.API_TOKEN_PER_MINUTE, 60
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:  # type: ignore[override]
        token = getattr(request, "auth", None)
        if token is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": f"token-{token.pk}"}
