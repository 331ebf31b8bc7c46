"""Writes of the API app: personal tokens are created, used and revoked here."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from avance.api.models import ApiToken
from avance.audit import log
from avance.core.errors import ActionError

TOKEN_PREFIX = "avk_"  # says what it is when found in a log or a repository


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def do_create_api_token(actor: log.Actor, user: Any, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`; the token itself is returned once and never stored."""
    name = name.strip()
    if not name:
        raise ActionError("give the token a name", code="token_name")
    if not user.is_active:
        raise ActionError(f"{user.get_username()} is not an active user", code="token_user")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    stored = ApiToken.objects.create(
        user=user, name=name[:100], prefix=token[:10], digest=digest(token)
    )
    log.record(actor, "api.token_create", stored, after={"user": user.get_username(), "name": name})
    return stored, token


@transaction.atomic
def do_revoke_api_token(actor: log.Actor, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        log.record(actor, "api.token_revoke", token, after={"user": token.user.get_username()})
    return token


def do_note_token_use(token: ApiToken) -> None:
    """The token's last-used date, written at most once a day per token (not audited: it is
    bookkeeping of the token itself, and every write it makes is audited on its own)."""
    today = timezone.localdate()
    if token.last_used_on != today:
        ApiToken.objects.filter(pk=token.pk).update(last_used_on=today)
        token.last_used_on = today
