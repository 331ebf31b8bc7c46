"""How django-axes identifies and delays a sign-in attempt (settings name these functions).

Failures count per username *and* client address together: a stranger's wrong passwords delay
only the stranger. Each lockout of the same pair doubles the wait, from LOGIN_DELAY_MINUTES up to
a day, instead of locking the account until someone unlocks it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

MAX_DELAY = dt.timedelta(days=1)


def username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """The username as typed, trimmed and case-folded so «Enlace » and «enlace» count together."""
    raw = (credentials or {}).get("username")
    if raw is None and request is not None:
        raw = request.POST.get("username")
    return str(raw or "").strip().lower()[:150]


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, or behind N trusted proxies the address the outermost one saw.

    nginx appends the address it saw to X-Forwarded-For, so the N-th entry from the right was
    written by our first proxy; anything further left came from the client and is not trusted.
    """
    remote = str(request.META.get("REMOTE_ADDR") or "")
    count = settings.TRUSTED_PROXY_COUNT
    if not count:
        return remote
    forwarded = [
        part.strip()
        for part in str(request.META.get("HTTP_X_FORWARDED_FOR") or "").split(",")
        if part.strip()
    ]
    return forwarded[-count] if len(forwarded) >= count else remote


def cool_off(request: HttpRequest | None) -> dt.timedelta:
    """LOGIN_DELAY_MINUTES after the first lockout of this username and address, doubled for each
    further lockout of the pair, at most a day."""
    base = dt.timedelta(minutes=settings.LOGIN_DELAY_MINUTES)
    if request is None:
        return base
    from axes.models import AccessAttempt

    failures = (
        AccessAttempt.objects.filter(
            username=username(request, None), ip_address=client_address(request)
        )
        .values_list("failures_since_start", flat=True)
        .first()
        or 0
    )
    lockouts = max(failures // settings.AXES_FAILURE_LIMIT, 1)
    return min(base * 2 ** min(lockouts - 1, 20), MAX_DELAY)


def locked_out(
    request: HttpRequest, response: HttpResponse | None, credentials: dict[str, Any] | None
) -> HttpResponse:
    """The page a paused sign-in gets: 429 with how long to wait, in the visitor's language."""
    delay = cool_off(request)
    minutes = max(round(delay.total_seconds() / 60), 1)
    page = render(request, "accounts/locked.html", {"minutes": minutes}, status=429)
    page["Retry-After"] = str(int(delay.total_seconds()))
    return page
