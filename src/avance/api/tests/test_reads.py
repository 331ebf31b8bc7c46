"""Public reads: published data only, filters, pagination, the cut-off, one error shape in the
request's language, ETag and Last-Modified."""

from __future__ import annotations

import json
from typing import Any

from avance.conftest import publish_check_in, small_document
from avance.plans.actions import do_load_plan
from avance.progress.actions import do_record_progress


def _walk(client: Any, slug: str, query: dict[str, str] | None = None) -> str:
    """Every public API response about the plan, concatenated."""
    out = []
    base = f"/api/v1/plans/{slug}"
    tree = client.get(f"{base}/tree", query).json()
    for path in ("", "/tree", "/nodes", "/periods", "/indicators"):
        response = client.get(base + path, query)
        assert response.status_code == 200, (path, response.content)
        out.append(response.content.decode())
    for node in tree["nodes"]:
        out.append(client.get(f"{base}/nodes/{node['code']}", query).content.decode())
    out.append(client.get("/api/v1/plans").content.decode())
    return "\n".join(out)


def test_it_lists_published_plans_only_in_a_stable_order(client, cast):
    do_load_plan("test", small_document(title="Borrador interno"), slug="borrador")
    data = client.get("/api/v1/plans").json()
    assert data["count"] == 1
    assert [p["slug"] for p in data["items"]] == [cast["plan"].slug]
    assert client.get("/api/v1/plans/borrador").status_code == 404


def test_a_submitted_update_never_appears_in_any_response(client, cast):
    publish_check_in(cast["leaf"], cast["period"], percent=30)
    do_record_progress("enlace", cast["leaf"], cast["period"], percent=87.5, submit=True)
    text = _walk(client, cast["plan"].slug)
    assert "87.5" not in text
    tree = client.get(f"/api/v1/plans/{cast['plan'].slug}/tree").json()
    leaf = next(
        n
        for axis in tree["nodes"]
        for c in axis["children"]
        for n in c["children"]
        if n["title"] == "Acción A"
    )
    assert leaf["percent"] == 30
    assert leaf["reported"] == 30
    assert leaf["update_period"] == "segundo"


def test_a_published_cut_off_keeps_its_figures(client, cast):
    plan = cast["plan"]
    first = client.get(f"/api/v1/plans/{plan.slug}/periods").json()
    assert [p["key"] for p in first] == ["primer-informe"]
    before = client.get(f"/api/v1/plans/{plan.slug}/tree", {"period": "primer-informe"}).json()
    publish_check_in(cast["leaf"], cast["period"], percent=100)
    after = client.get(f"/api/v1/plans/{plan.slug}/tree", {"period": "primer-informe"}).json()
    assert after == before
    assert after["cutoff"]["period"] == "primer-informe"
    current = client.get(f"/api/v1/plans/{plan.slug}/tree").json()
    assert current["percent"] != before["percent"]


def test_it_explains_each_figure(client, cast):
    tree = client.get(f"/api/v1/plans/{cast['plan'].slug}/tree").json()
    assert tree["method"] == "mean"
    axis = tree["nodes"][0]
    assert axis["ref"] == "1"
    assert axis["level"] == "Eje"
    assert axis["inputs"] == 2
    assert [c["ref"] for c in axis["children"]] == ["1.1", "1.2"]


def test_filters_and_pages(client, cast):
    slug = cast["plan"].slug
    owner = cast["plan"].owner.slug
    assert client.get("/api/v1/plans", {"institution": owner}).json()["count"] == 1
    assert client.get("/api/v1/plans", {"institution": "ogb"}).json()["count"] == 0
    assert client.get("/api/v1/plans", {"year": 2025}).json()["count"] == 1
    assert client.get("/api/v1/plans", {"year": 2030}).json()["count"] == 0
    assert client.get("/api/v1/plans", {"kind": "plan_accion_estado_abierto"}).json()["count"] == 1
    assert client.get("/api/v1/plans", {"state": "archived"}).json()["count"] == 0
    first = client.get(f"/api/v1/plans/{slug}/nodes", {"page_size": 4}).json()
    second = client.get(f"/api/v1/plans/{slug}/nodes", {"page_size": 4, "page": 2}).json()
    every = client.get(f"/api/v1/plans/{slug}/nodes").json()
    assert first["count"] == every["count"] == len(every["items"])
    assert first["items"] + second["items"] == every["items"][:8]


def test_errors_have_one_shape_in_the_requests_language(client, cast):
    slug = cast["plan"].slug
    spanish = client.get(f"/api/v1/plans/{slug}", {"period": "nada"})
    assert spanish.status_code == 404
    assert spanish.json() == {
        "error": {
            "code": "no_such_period",
            "message": f"{slug} no tiene un periodo publicado nada.",
            "field": "period",
        }
    }
    english = client.get(f"/api/v1/plans/{slug}", {"period": "nada"}, HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["error"]["message"] == f"{slug} has no published period nada."
    invalid = client.get("/api/v1/plans", {"page": "cero"}, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.8")
    assert invalid.status_code == 422
    assert invalid.json() == {
        "error": {"code": "invalid", "message": "Enter a whole number.", "field": "page"}
    }
    kind = client.get("/api/v1/plans", {"kind": "otro-no"}).json()["error"]
    assert (kind["code"], kind["field"]) == ("invalid", "kind")
    assert kind["message"].startswith("Use uno de: 'plan_anual_trabajo', ")
    missing = client.get("/api/v1/plans/no-existe")
    assert missing.json()["error"]["code"] == "not_found"
    assert missing.json()["error"]["message"] == "Aquí no hay nada publicado."


def test_an_unchanged_answer_is_304_and_a_publication_changes_it(client, cast):
    url = f"/api/v1/plans/{cast['plan'].slug}/tree"
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert first["Cache-Control"] == "public, no-cache"
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH=etag, HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    publish_check_in(cast["leaf"], cast["period"], percent=10)
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_a_read_writes_nothing(client, cast, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        _walk(client, cast["plan"].slug)
        client.get("/api/v1/institutions")
        client.get("/api/v1/networks")
    writes = [
        q["sql"] for q in queries if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE")
    ]
    assert writes == []


def test_the_openapi_document_describes_every_endpoint(client, cast):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    assert set(schema["paths"]) >= {
        "/api/v1/plans",
        "/api/v1/plans/{slug}/tree",
        "/api/v1/plans/{slug}/nodes/{code}",
        "/api/v1/plans/{slug}/indicators",
        "/api/v1/institutions",
        "/api/v1/networks/{slug}/statistics",
        "/api/v1/networks/{slug}/agreements",
        "/api/v1/plans/{slug}/nodes/{code}/check-ins",
        "/api/v1/indicators/{code}/measurements",
    }
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert "Content-Security-Policy" in docs
    assert "cdn" not in docs.content.decode().lower()


def test_network_statistics_are_the_tidy_rows(client, red):
    from avance.networks.actions import do_approve_figures, do_save_figures

    a = red["members"]["A"]
    submission = do_save_figures(
        red["users"]["enlace.a"], red["period"], a, {"REC": "10", "ATE": "8"}, submit=True
    )
    do_approve_figures(red["users"]["revision"], submission)
    rows = client.get(
        f"/api/v1/networks/{red['network'].slug}/statistics", {"variable": "REC"}
    ).json()
    by_member = {r["member"]: (r["value"], r["status"]) for r in rows["items"]}
    assert by_member[a.organization.slug] == (10, "publicado")
    assert by_member[red["members"]["B"].organization.slug] == (None, "sin reporte")
    network = client.get(f"/api/v1/networks/{red['network'].slug}").json()
    assert network["coordinator"]["acronym"] == "IC"
    assert network["forms"] == ["solicitudes"]
    assert json.dumps(rows).count('"value": 0') == 0
