"""Workspace fixtures. The cast (a planner, an officer, a reviewer, a reader and an administrator
in institution A; an outsider in B) is built inline by the `cast` fixture of src/avance/conftest.py."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def login(client):
    def as_(username: str | None):
        client.logout()
        if username:
            client.force_login(User.objects.get(username=username))
        return client

    return as_


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
