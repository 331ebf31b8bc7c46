"""Writes with tokens: the same actions, permissions and audit as the web; nothing published by
itself; 401 without a valid token, 404 where the user may not look, 403 where the user may
look but not write; rate limits with Retry-After."""

from __future__ import annotations

import json
from typing import Any

import pytest

from avance.api.tests.conftest import bearer
from avance.audit.models import AuditEntry
from avance.conftest import small_document
from avance.plans.models import Plan
from avance.progress.models import ProgressUpdate


def _check_in(
    client: Any, cast: dict[str, Any], token: str | None, node: Any = None, **body: Any
) -> Any:
    node = node or cast["leaf"]
    headers = bearer(token) if token else {}
    return client.post(
        f"/api/v1/plans/{cast['plan'].slug}/nodes/{node.code}/check-ins",
        json.dumps({"period": "segundo", "percent": 45, **body}),
        content_type="application/json",
        **headers,
    )


def test_an_officer_reports_through_the_api_and_nothing_is_published(client, cast, tokens):
    response = _check_in(client, cast, tokens["enlace"], narrative="Avance del semestre")
    assert response.status_code == 201
    update = ProgressUpdate.objects.get(code=response.json()["code"])
    assert response.json()["state"] == "submitted"
    assert (update.percent, update.state, update.author.username) == (45, "submitted", "enlace")
    entry = AuditEntry.objects.filter(action="progress.record").latest("id")
    assert entry.actor_label == "enlace"
    tree = client.get(f"/api/v1/plans/{cast['plan'].slug}/nodes/{cast['leaf'].code}").json()
    assert tree["reported"] != 45


def test_an_officer_cannot_write_outside_its_items_or_institution(client, cast, tokens):
    from avance.plans.models import Node

    unassigned = Node.objects.get(plan=cast["plan"], title="Compromiso dos")
    refused = _check_in(client, cast, tokens["enlace"], node=unassigned)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "forbidden"
    outsider = _check_in(client, cast, tokens["externo"])
    assert outsider.status_code == 404  # B's officer is not told A's plan exists
    assert ProgressUpdate.objects.filter(period=cast["period"]).count() == 0


def test_no_token_or_a_revoked_one_gets_401(client, cast, tokens):
    from avance.api.actions import do_revoke_api_token
    from avance.api.models import ApiToken

    assert _check_in(client, cast, None).status_code == 401
    assert _check_in(client, cast, "avk_inventado").status_code == 401
    token = ApiToken.objects.get(user__username="enlace")
    do_revoke_api_token("test", token)
    revoked = _check_in(client, cast, tokens["enlace"])
    assert revoked.status_code == 401
    assert revoked["WWW-Authenticate"] == "Bearer"
    assert revoked.json()["error"]["code"] == "unauthenticated"


def test_a_token_records_its_last_use(client, cast, tokens):
    from avance.api.models import ApiToken

    _check_in(client, cast, tokens["enlace"])
    assert ApiToken.objects.get(user__username="enlace").last_used_on is not None
    assert ApiToken.objects.get(user__username="revision").last_used_on is None


def test_a_refused_check_in_says_why_and_stores_nothing(client, cast, tokens):
    out_of_range = _check_in(client, cast, tokens["enlace"], percent=140)
    assert out_of_range.status_code == 422
    assert out_of_range.json()["error"]["field"] == "percent"
    closed = _check_in(client, cast, tokens["enlace"], period="primer-informe")
    assert closed.status_code == 422
    assert closed.json()["error"]["code"] == "period_not_open"
    assert ProgressUpdate.objects.filter(author__username="enlace").count() == 0


def test_a_measurement_goes_through_the_indicator_action(client, cast, indicator, tokens):
    url = f"/api/v1/indicators/{indicator.code}/measurements"
    body = {"period": "segundo", "values": {"ATENDIDAS": 90, "RECIBIDAS": 100}}
    ok = client.post(
        url, json.dumps(body), content_type="application/json", **bearer(tokens["enlace"])
    )
    assert ok.status_code == 201, ok.content
    assert ok.json()["state"] == "submitted"
    refused = client.post(
        url, json.dumps(body), content_type="application/json", **bearer(tokens["externo"])
    )
    assert refused.status_code == 404


def test_a_liaison_sends_its_own_members_figures_only(client, red):
    from avance.api.actions import do_create_api_token
    from avance.networks.models import Submission

    _s, token_a = do_create_api_token("test", red["users"]["enlace.a"], "sistema")
    _s, coordinator = do_create_api_token("test", red["users"]["coordinador"], "sistema")
    slug = red["network"].slug
    a = red["members"]["A"].organization.slug
    b = red["members"]["B"].organization.slug
    url = f"/api/v1/networks/{slug}/statistics/solicitudes/2025-s1/"
    body = json.dumps({"values": {"REC": 10, "ATE": 12}})
    broken = client.post(url + a, body, content_type="application/json", **bearer(token_a))
    assert broken.status_code == 422
    assert broken.json()["error"]["code"] == "figures_refused"
    assert broken.json()["error"]["field"] == "ATE"
    assert Submission.objects.count() == 0
    body = json.dumps({"values": {"REC": 10, "ATE": 8}})
    ok = client.post(url + a, body, content_type="application/json", **bearer(token_a))
    assert ok.status_code == 201
    assert ok.json()["state"] == "submitted"
    other = client.post(url + b, body, content_type="application/json", **bearer(token_a))
    assert other.status_code == 403
    assert (
        client.post(
            url + b, body, content_type="application/json", **bearer(coordinator)
        ).status_code
        == 403
    )


def test_a_planner_uploads_a_plan_as_a_draft(client, cast, tokens):
    owner = cast["plan"].owner.slug
    document = small_document(title="Plan subido por API")
    response = client.post(
        f"/api/v1/plans?institution={owner}",
        json.dumps(document),
        content_type="application/json",
        **bearer(tokens["planeacion"]),
    )
    assert response.status_code == 201, response.content
    plan = Plan.objects.get(slug=response.json()["code"])
    assert (plan.state, plan.title, plan.owner.slug) == ("draft", "Plan subido por API", owner)
    assert client.get(f"/api/v1/plans/{plan.slug}").status_code == 404
    officer = client.post(
        f"/api/v1/plans?institution={owner}",
        json.dumps(document),
        content_type="application/json",
        **bearer(tokens["enlace"]),
    )
    assert officer.status_code == 403
    invalid = client.post(
        f"/api/v1/plans?institution={owner}",
        json.dumps({"schema": "avance.plan/1", "title": "x", "nodes": [{"title": 3}]}),
        content_type="application/json",
        **bearer(tokens["planeacion"]),
    )
    assert invalid.status_code == 422
    assert invalid.json()["error"]["code"] == "invalid_document"
    assert Plan.objects.count() == 2


def test_anonymous_reads_are_limited_per_address(client, cast, settings):
    settings.API_ANONYMOUS_PER_MINUTE = 3
    codes = [client.get("/api/v1/institutions").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = client.get("/api/v1/institutions")
    assert int(limited["Retry-After"]) > 0
    assert limited.json()["error"]["code"] == "rate_limited"
    elsewhere = client.get("/api/v1/institutions", REMOTE_ADDR="10.0.0.9")
    assert elsewhere.status_code == 200


def test_writes_are_limited_per_token(client, cast, tokens, settings):
    settings.API_TOKEN_PER_MINUTE = 2
    codes = [_check_in(client, cast, tokens["enlace"]).status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    assert _check_in(client, cast, tokens["planeacion"]).status_code in (201, 403)


@pytest.mark.parametrize("who", ["enlace", "externo"])
def test_the_workspace_lists_and_revokes_ones_own_tokens(client, cast, tokens, who):
    from django.contrib.auth.models import User

    from avance.api.models import ApiToken

    client.force_login(User.objects.get(username=who))
    page = client.get("/trabajo/api/")
    assert page.status_code == 200
    assert f"sistema de {who}" in page.content.decode()
    created = client.post("/trabajo/api/", {"name": "Tablero estatal"})
    token = created.context["created"]
    assert token.startswith("avk_") and token in created.content.decode()
    other = ApiToken.objects.exclude(user__username=who).first()
    assert client.post(f"/trabajo/api/{other.code}/revocar/").status_code == 404
    mine = ApiToken.objects.get(user__username=who, name="Tablero estatal")
    assert client.post(f"/trabajo/api/{mine.code}/revocar/").status_code == 302
    mine.refresh_from_db()
    assert mine.revoked_at is not None


def test_the_token_page_needs_a_sign_in(client, cast):
    response = client.get("/trabajo/api/")
    assert response.status_code == 302
    assert "/entrar/" in response["Location"] or "login" in response["Location"]
