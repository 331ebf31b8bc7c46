"""Sign-in throttling by django-axes: every sign-in form, per username and address together,
progressive delays, the client address only from a trusted proxy."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

STRANGER = "203.0.113.9"
OWNER = "198.51.100.4"


@pytest.fixture
def limit(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.LOGIN_DELAY_MINUTES = 2


def _sign_in(client, password, address, url="/entrar/", username="enlace"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_it_pauses_the_public_sign_in_after_the_limit_in_spanish(cast, client, limit):
    assert [_sign_in(client, "mal", STRANGER).status_code for _ in range(3)] == [200, 200, 429]
    paused = _sign_in(client, "avance-prueba", STRANGER)
    assert paused.status_code == 429
    assert paused["Retry-After"] == "120"
    assert "Demasiados intentos fallidos para este usuario desde su dirección" in paused.text
    assert "Intente de nuevo en 2 min." in paused.text
    assert "_auth_user_id" not in client.session


def test_it_throttles_the_admin_sign_in_too(cast, client, limit):
    User.objects.create_superuser("raiz", "raiz@avance.invalid", "raiz-segura-1")
    for _ in range(30):
        _sign_in(client, "mal", STRANGER, url="/admin/login/", username="raiz")
    last = _sign_in(client, "raiz-segura-1", STRANGER, url="/admin/login/", username="raiz")
    assert last.status_code == 429
    assert "_auth_user_id" not in client.session


def test_it_never_locks_the_owner_out_from_another_address(cast, client, limit):
    for _ in range(10):
        _sign_in(client, "mal", STRANGER)
    allowed = _sign_in(client, "avance-prueba", OWNER)
    assert allowed.status_code == 302 and allowed["Location"] == "/trabajo/"


def test_it_doubles_the_delay_as_the_failures_go_on(cast, client, limit):
    delays = [_sign_in(client, "mal", STRANGER).get("Retry-After") for _ in range(10)]
    assert delays == [None, None, "120", "120", "120", "240", "240", "240", "480", "480"]


def test_it_ignores_forwarded_addresses_without_a_trusted_proxy(cast, client, limit):
    for n in range(6):  # a client rotating a forged header is still one address
        client.post(
            "/entrar/",
            {"username": "enlace", "password": "mal"},
            REMOTE_ADDR=STRANGER,
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )
    assert _sign_in(client, "avance-prueba", STRANGER).status_code == 429


def test_it_takes_the_address_the_trusted_proxy_saw(cast, client, limit, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "127.0.0.1"
    for _ in range(3):  # forged entries to the left of the proxy's own are ignored
        client.post(
            "/entrar/",
            {"username": "enlace", "password": "mal"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=f"1.2.3.4, {STRANGER}",
        )
    paused = client.post(
        "/entrar/",
        {"username": "enlace", "password": "avance-prueba"},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=STRANGER,
    )
    assert paused.status_code == 429
    owner = client.post(
        "/entrar/",
        {"username": "enlace", "password": "avance-prueba"},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=OWNER,
    )
    assert owner.status_code == 302
