"""The API's cast: the shared cast (institution A's planner, officer, reviewer; B's outsider),
the network of networks/tests (coordinator, liaisons of A and B), and tokens for them."""

from __future__ import annotations

from typing import Any

import pytest

from avance.networks.tests.conftest import red  # noqa: F401  (the network cast, reused)


@pytest.fixture
def tokens(cast: dict[str, Any]) -> dict[str, str]:
    """A token per member of the cast, by username."""
    from django.contrib.auth.models import User

    from avance.api.actions import do_create_api_token

    return {
        user.username: do_create_api_token("test", user, f"sistema de {user.username}")[1]
        for user in User.objects.all()
    }


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
