"""Every network URL of the workspace × method × network role: the coordinator, the liaisons of
A and B, A's and B's reviewers, A's planner (no part in the network), an outsider officer and an
anonymous visitor. A member cannot edit another member's figures or see its drafts; the
coordinator cannot edit a member's figures, only return them. Refusals never show figures."""

from __future__ import annotations

import pytest

from avance.networks import actions
from avance.workspace.tests.test_permissions import CASES as WORKSPACE_CASES

WHO = ["coordinador", "enlace.a", "enlace.b", "revision", "revision.b", "planeacion", "externo"]
EVERYONE = [*WHO, None]
SECRET = "4321"  # B's figure: never in a refusal
B_FIGURES = {"REC": SECRET, "ATE": "4000", "CAP.mujeres": "1", "CAP.hombres": "2"}


@pytest.fixture
def world(red):
    """B's figures submitted, A's in draft, an agreement for A, a network agenda of lines."""
    from avance.conftest import small_document
    from avance.plans.actions import do_load_plan, do_publish_plan

    network = red["network"]
    document = small_document(organization={"name": network.name, "acronym": network.acronym})
    do_publish_plan("test", do_load_plan("test", document))
    period, a, b = red["period"], red["members"]["A"], red["members"]["B"]
    submitted = actions.do_save_figures("test", period, b, B_FIGURES, submit=True)
    draft = actions.do_save_figures("test", period, a, {"REC": "77"})
    session = actions.do_record_session(
        "test",
        network,
        kind="ordinary",
        title="Primera sesión",
        date=period.end,
        present=[a, b],
        agreements=[{"ref": "A-1", "text": "Publicar datos", "responsible": [a]}],
    )
    from avance.plans.models import Node

    line = Node.objects.filter(plan__owner=network, children__isnull=True).first()
    return {
        **red,
        "submitted": submitted,
        "draft": draft,
        "agreement": session.agreements.get(),
        "line": line,
    }


def matrix(allowed: dict[str, int], part: int = 403) -> dict[str | None, int]:
    """`allowed` as given; the others with a part in the network get `part`; A's planner and the
    outsider (no part) 404; anonymous a sign-in redirect."""
    out: dict[str | None, int] = {
        w: part for w in ["coordinador", "enlace.a", "enlace.b", "revision", "revision.b"]
    }
    out.update({"planeacion": 404, "externo": 404, None: 302})
    out.update(allowed)
    return out


def post_only() -> dict[str | None, int]:
    return {**{w: 405 for w in WHO}, None: 302}


def net(tail: str):
    return lambda w: f"/trabajo/redes/{w['network'].slug}/{tail}"


FILL = "estadisticas/solicitudes/2025-s1/"
NETWORK_CASES = {
    ("workspace-network", "GET"): (net(""), matrix({}, part=200), {}),
    ("workspace-network", "POST"): (net(""), post_only(), {}),
    ("workspace-stats-open", "GET"): (net("periodos/abrir/"), post_only(), {}),
    ("workspace-stats-open", "POST"): (
        net("periodos/abrir/"),
        matrix({"coordinador": 302}),
        {
            "form": "solicitudes",
            "key": "2025-s2",
            "label": "S2",
            "start": "2025-07-01",
            "end": "2025-12-31",
            "due": "2026-01-31",
        },
    ),
    ("workspace-session", "GET"): (net("sesiones/nueva/"), matrix({"coordinador": 200}), {}),
    ("workspace-session", "POST"): (
        net("sesiones/nueva/"),
        matrix({"coordinador": 302}),
        {
            "title": "Segunda sesión",
            "kind": "ordinary",
            "date": "2025-09-01",
            "text-0": "Publicar el calendario.",
            "resp-0": lambda w: str(w["members"]["A"].pk),
        },
    ),
    ("workspace-stats-forms", "GET"): (net("formularios/"), matrix({"coordinador": 200}), {}),
    ("workspace-stats-forms", "POST"): (
        net("formularios/"),
        matrix({"coordinador": 200}),  # no workbook chosen: the page says so
        {"form": "solicitudes"},
    ),
    ("workspace-stats-definition", "GET"): (
        net("formularios/solicitudes/definicion.xlsx"),
        matrix({"coordinador": 200}),
        {},
    ),
    ("workspace-stats-definition", "POST"): (
        net("formularios/solicitudes/definicion.xlsx"),
        post_only(),
        {},
    ),
    ("workspace-stats-template", "GET"): (
        net("estadisticas/solicitudes/plantilla.xlsx"),
        matrix({}, part=200),
        {},
    ),
    ("workspace-stats-template", "POST"): (
        net("estadisticas/solicitudes/plantilla.xlsx"),
        post_only(),
        {},
    ),
    ("workspace-stats-fill", "GET"): (net(FILL + "ip/"), matrix({"enlace.a": 200}), {}),
    ("workspace-stats-fill", "POST"): (
        net(FILL + "ip/"),
        matrix({"enlace.a": 302}),
        {"REC": "10", "guardar": "1"},
    ),
    # B's submitted figures: nobody but B's liaison edits them, the coordinator included
    ("workspace-stats-fill", "POST another member's"): (
        net(FILL + "ogb/"),
        matrix({"enlace.b": 200}),
        {"REC": "1", "guardar": "1"},
    ),
    ("workspace-agenda", "GET"): (net("agenda/ip/"), matrix({"enlace.a": 200}), {}),
    ("workspace-agenda", "POST"): (
        net("agenda/ip/"),
        matrix({"enlace.a": 302}),
        {"line": lambda w: w["line"].code.hex, "decision": "adoptar"},
    ),
    ("workspace-submission", "GET"): (
        lambda w: f"/trabajo/cifras/{w['submitted'].code.hex}/",
        matrix({"coordinador": 200, "enlace.b": 200, "revision.b": 200}, part=404),
        {},
    ),
    # a draft stays with its member: the coordinator does not see it
    ("workspace-submission", "GET draft"): (
        lambda w: f"/trabajo/cifras/{w['draft'].code.hex}/",
        matrix({"enlace.a": 200, "revision": 200}, part=404),
        {},
    ),
    ("workspace-submission", "POST"): (
        lambda w: f"/trabajo/cifras/{w['submitted'].code.hex}/",
        post_only(),
        {},
    ),
    ("workspace-submission-decision", "GET"): (
        lambda w: f"/trabajo/cifras/{w['submitted'].code.hex}/aprobar/",
        post_only(),
        {},
    ),
    ("workspace-submission-decision", "POST"): (
        lambda w: f"/trabajo/cifras/{w['submitted'].code.hex}/aprobar/",
        {**matrix({"revision.b": 302}, part=404), "coordinador": 403, "enlace.b": 403},
        {},
    ),
    ("workspace-submission-decision", "POST return"): (
        lambda w: f"/trabajo/cifras/{w['submitted'].code.hex}/devolver/",
        {**matrix({"revision.b": 302, "coordinador": 302}, part=404), "enlace.b": 403},
        {"comment": "Revisen el total."},
    ),
    ("workspace-agreement", "GET"): (
        lambda w: f"/trabajo/acuerdos/{w['agreement'].code.hex}/seguimiento/",
        post_only(),
        {},
    ),
    ("workspace-agreement", "POST"): (
        lambda w: f"/trabajo/acuerdos/{w['agreement'].code.hex}/seguimiento/",
        matrix({"enlace.a": 302}),
        {"status": "in_progress", "note": "En curso"},
    ),
}


def _order(expected: dict[str | None, int]) -> list[str | None]:
    return sorted(EVERYONE, key=lambda who: expected[who] in (200, 302) and who is not None)


@pytest.mark.parametrize("case", list(NETWORK_CASES), ids=[f"{n} {m}" for n, m in NETWORK_CASES])
def test_the_network_permission_matrix(case, world, client):
    from django.contrib.auth.models import User

    url_of, expected, data = NETWORK_CASES[case]
    url = url_of(world)
    data = {k: v(world) if callable(v) else v for k, v in data.items()}
    for who in _order(expected):
        client.logout()
        if who:
            client.force_login(User.objects.get(username=who))
        response = client.post(url, data) if case[1].startswith("POST") else client.get(url)
        assert response.status_code == expected[who], (case, who, response.status_code)
        if expected[who] in (403, 404, 405):
            assert SECRET not in response.content.decode(errors="ignore")


def test_the_coordinator_never_changed_b_figures(world, client):
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="coordinador"))
    client.post(f"/trabajo/redes/{world['network'].slug}/{FILL}ogb/", {"REC": "1", "enviar": "1"})
    world["submitted"].refresh_from_db()
    assert world["submitted"].values["REC"] == int(SECRET)


def test_every_network_url_has_a_case():
    names = {name for name, _method in NETWORK_CASES}
    from avance.workspace import urls

    network_urls = {
        p.name
        for p in urls.urlpatterns
        if p.name and p.name not in {n for n, _m in WORKSPACE_CASES}
    } - {"login", "logout"}
    covered = {(n, m.split()[0]) for n, m in NETWORK_CASES}
    assert [
        (n, m) for n in sorted(network_urls) for m in ("GET", "POST") if (n, m) not in covered
    ] == []
    assert names <= network_urls
