"""A citizen follows a plan: double opt-in, news when a period is published, one-click exit."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from avance.audit.models import AuditEntry
from avance.conftest import publish_check_in
from avance.progress.actions import do_change_period
from avance.subscriptions.models import Subscription

# The worker closes and reopens database connections as a long-running process must; a test
# that runs it needs real commits (on PostgreSQL a closed connection ends the test's transaction).
WORKER_DB = pytest.mark.django_db(transaction=True)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay")


def link(body: str, kind: str) -> str:
    match = re.search(rf"https?://\S+/suscripciones/[0-9a-f-]+/{kind}/", body)
    assert match, body
    return match.group(0).split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def follow(client, cast, email="ciudadana@example.org", language="es-mx"):
    prefix = "/en" if language == "en" else ""
    return client.post(f"{prefix}/planes/{cast['plan'].slug}/seguir/", {"email": email})


def publish_period(cast):
    publish_check_in(cast["leaf"], cast["period"], percent=80, narrative="avance")
    do_change_period("planeacion", cast["period"], "close")
    do_change_period("planeacion", cast["period"], "publish")


def test_the_plan_page_offers_to_follow_it(cast, client):
    page = client.get(f"/planes/{cast['plan'].slug}/").content.decode()
    assert "Recibir un correo cuando este plan publique su avance" in page
    assert f'action="/planes/{cast["plan"].slug}/seguir/"' in page


@WORKER_DB
def test_it_sends_nothing_but_a_confirmation_until_the_citizen_confirms(
    cast, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = follow(client, cast, email=" Ciudadana@Example.org ")
    assert response.status_code == 200
    assert "Abra el enlace que contiene antes de 7 días" in response.content.decode()
    run_worker()
    [confirmation] = mail.outbox
    assert confirmation.to == ["ciudadana@example.org"]
    assert confirmation.subject == "Confirme que quiere seguir «Plan de prueba 2025»"
    with django_capture_on_commit_callbacks(execute=True):
        publish_period(cast)
    run_worker()
    assert len(mail.outbox) == 1  # not confirmed: no news
    confirm = link(confirmation.body, "confirmar")
    page = client.get(confirm)
    assert page.status_code == 200 and "ciudadana@example.org recibirá un correo" in (
        page.content.decode()
    )
    assert Subscription.objects.get().state == "pending"  # opening the link is not confirming
    assert "Suscripción confirmada" in client.post(confirm).content.decode()
    assert Subscription.objects.get().state == "confirmed"


@WORKER_DB
def test_a_published_period_mails_confirmed_subscribers_in_their_language(
    cast, client, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://avance.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        follow(client, cast, email="reader@example.org", language="en")
    run_worker()
    client.post(link(mail.outbox[0].body, "confirmar"))
    with django_capture_on_commit_callbacks(execute=True):
        publish_period(cast)
    run_worker()
    news = mail.outbox[-1]
    assert news.subject == "Plan de prueba 2025: Segundo informe published"
    assert "Global progress: " in news.body
    # the English page of the plan: the language is in the address
    assert f"https://avance.example.org/en/planes/{cast['plan'].slug}/?periodo=segundo" in news.body
    token = Subscription.objects.get().token.hex
    leave = f"https://avance.example.org/en/suscripciones/{token}/baja/"
    assert leave in news.body
    assert news.extra_headers["List-Unsubscribe"] == f"<{leave}>"
    assert news.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_one_click_unsubscribes_without_a_session_and_forgets_the_address(cast, client):
    from avance.subscriptions.actions import do_confirm_subscription, do_subscribe

    do_subscribe("test", cast["plan"], "ciudadana@example.org", "es-mx")
    token = Subscription.objects.get().token.hex
    do_confirm_subscription("test", token)
    from django.test import Client

    mail_program = Client(enforce_csrf_checks=True)  # RFC 8058: a bare POST from the mail program
    response = mail_program.post(f"/suscripciones/{token}/baja/", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "Ya no sigue este plan" in response.content.decode()
    assert not Subscription.objects.exists()
    assert mail_program.get(f"/suscripciones/{token}/baja/").status_code == 404
    trail = list(
        AuditEntry.objects.filter(action__startswith="subscription.")
        .values_list("action", flat=True)
        .order_by("id")
    )
    assert trail == ["subscription.request", "subscription.confirm", "subscription.end"]
    assert not AuditEntry.objects.filter(after__icontains="ciudadana").exists()


@WORKER_DB
def test_repeated_requests_send_one_mail_and_say_the_same(
    cast, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = follow(client, cast).content.decode()
        again = follow(client, cast).content.decode()
    run_worker()
    assert len(mail.outbox) == 1
    # The answer does not tell whether the address already follows the plan.
    without_token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert without_token.sub("", first) == without_token.sub("", again)


@pytest.mark.parametrize(
    ("email", "message"),
    [("no es correo", "no es una dirección de correo"), ("", "no es una dirección de correo")],
)
def test_a_bad_address_is_refused_on_the_form(cast, client, email, message):
    response = follow(client, cast, email=email)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Subscription.objects.exists()


def test_expired_and_unknown_links_explain_themselves(cast, client):
    from avance.subscriptions.actions import do_purge_unconfirmed, do_subscribe

    do_subscribe("test", cast["plan"], "ciudadana@example.org", "es-mx")
    subscription = Subscription.objects.get()
    Subscription.objects.filter(pk=subscription.pk).update(
        requested_at=timezone.now() - dt.timedelta(days=8)
    )
    expired = client.post(f"/suscripciones/{subscription.token.hex}/confirmar/")
    assert expired.status_code == 410 and "El enlace de confirmación venció" in (
        expired.content.decode()
    )
    assert client.get("/suscripciones/no-es-un-token/confirmar/").status_code == 404
    assert do_purge_unconfirmed("test") == 1 and not Subscription.objects.exists()


def test_drafts_cannot_be_followed(cast, client):
    from avance.conftest import small_document
    from avance.plans.actions import do_load_plan

    draft = do_load_plan("test", small_document(title="Borrador"))
    response = client.post(f"/planes/{draft.slug}/seguir/", {"email": "a@example.org"})
    assert response.status_code == 404 and not Subscription.objects.exists()
