"""Bearer-token authentication for the API's writes."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from avance.api import actions
from avance.api.models import ApiToken


class TokenAuth(HttpBearer):
    """`Authorization: Bearer avk_…`: the token's user becomes the request's user."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = (
            ApiToken.objects.select_related("user")
            .filter(digest=actions.digest(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        actions.do_note_token_use(found)
        request.user = found.user
        return found
