"""Every URL of the workspace × every method it accepts × every role of institution A, an
outsider from B and an anonymous visitor: allowed, or refused with 403/404/405 or a sign-in
redirect — never data. A meta-test fails when a URL or a method has no case here."""

from __future__ import annotations

import pytest

from avance.progress.actions import do_record_progress
from avance.workspace.tests.conftest import PDF

A_ROLES = ["planeacion", "enlace", "revision", "consulta", "admin"]
EVERYONE = [*A_ROLES, "externo", None]


@pytest.fixture
def submitted(cast):
    from django.contrib.auth.models import User

    return do_record_progress(
        User.objects.get(username="enlace"),
        cast["leaf"],
        cast["period"],
        percent=40,
        narrative="avance",
        files=[("informe.pdf", PDF)],
        submit=True,
    )


def measured(c):
    """The cast's indicator on «Acción A» (created once per test): a goal for the open period,
    a submitted measurement and a pending goal-change request."""
    from avance.indicators import actions
    from avance.indicators.models import Indicator

    existing = Indicator.objects.filter(node=c["leaf"]).first()
    if existing is not None:
        return existing
    indicator = actions.do_create_indicator(
        "test", c["leaf"], name="Porcentaje atendido", expression="(A / B) * 100"
    )
    actions.do_set_goal("test", indicator, c["period"], 50)
    actions.do_record_measurement("test", indicator, c["period"], {"A": 30, "B": 50}, submit=True)
    actions.do_request_goal_change("test", indicator, c["period"], 40, "Recorte.")
    return indicator


def indicator_url(tail: str):
    return lambda c, u: f"/trabajo/indicadores/{measured(c).code.hex}/{tail}"


def measurement_url(decision: str):
    return lambda c, u: f"/trabajo/mediciones/{measured(c).measurements.get().code.hex}/{decision}/"


def change_url(decision: str):
    return lambda c, u: f"/trabajo/cambios-de-meta/{measured(c).changes.get().code.hex}/{decision}/"


def plan_url(tail: str):
    return lambda c, u: f"/trabajo/planes/{c['plan'].slug}/{tail}"


def node_url(tail: str):
    return lambda c, u: f"/trabajo/planes/{c['plan'].slug}/estructura/{c['leaf'].code.hex}/{tail}"


def allow(roles: list[str], status: int, outsider: int = 404) -> dict[str | None, int]:
    """Who gets `status`; A's other roles get 403, the outsider `outsider`, anonymous a sign-in
    redirect (None → 302)."""
    matrix: dict[str | None, int] = {role: 403 for role in A_ROLES}
    matrix.update({role: status for role in roles})
    matrix["externo"] = outsider
    matrix[None] = 302
    return matrix


def only_get() -> dict[str | None, int]:
    """A POST to a page that only shows something: 405 for whoever is signed in."""
    return {**{role: 405 for role in [*A_ROLES, "externo"]}, None: 302}


def _token_url() -> str:
    """The revocation address of the officer's token (made once per test)."""
    from django.contrib.auth.models import User

    from avance.api.actions import do_create_api_token
    from avance.api.models import ApiToken

    token = ApiToken.objects.filter(user__username="enlace").first()
    if token is None:
        token = do_create_api_token("test", User.objects.get(username="enlace"), "sistema")[0]
    return f"/trabajo/api/{token.code}/revocar/"


PLANNERS = ["planeacion", "admin"]
STAFF = A_ROLES
CASES: dict[tuple[str, str], tuple[object, dict[str | None, int], dict[str, str]]] = {
    # (url name, method): (url builder, expected statuses, POST data)
    ("workspace", "GET"): (lambda c, u: "/trabajo/", {**{r: 200 for r in EVERYONE}, None: 302}, {}),
    ("workspace", "POST"): (lambda c, u: "/trabajo/", only_get(), {}),
    # API tokens: everyone signed in has their own; a token is revoked by its owner only.
    ("workspace-api-tokens", "GET"): (
        lambda c, u: "/trabajo/api/",
        {**{r: 200 for r in EVERYONE}, None: 302},
        {},
    ),
    ("workspace-api-tokens", "POST"): (
        lambda c, u: "/trabajo/api/",
        {**{r: 200 for r in EVERYONE}, None: 302},
        {"name": "Sistema de presupuesto"},
    ),
    ("workspace-api-token-revoke", "GET"): (lambda c, u: _token_url(), only_get(), {}),
    ("workspace-api-token-revoke", "POST"): (
        lambda c, u: _token_url(),
        {**{r: 404 for r in [*A_ROLES, "externo"]}, "enlace": 302, None: 302},
        {},
    ),
    # An institution's profile: its planners and administrators; to anyone else it does not
    # exist (404), A's other roles included.
    ("workspace-institution", "GET"): (
        lambda c, u: f"/trabajo/instituciones/{c['plan'].owner.slug}/",
        {**{r: 404 for r in [*A_ROLES, "externo"]}, "planeacion": 200, "admin": 200, None: 302},
        {},
    ),
    ("workspace-institution", "POST"): (
        lambda c, u: f"/trabajo/instituciones/{c['plan'].owner.slug}/",
        {**{r: 404 for r in [*A_ROLES, "externo"]}, "planeacion": 302, "admin": 302, None: 302},
        {"description": "Órgano garante", "color": "#123456"},
    ),
    ("workspace-new-plan", "GET"): (
        lambda c, u: "/trabajo/planes/nuevo/",
        allow(PLANNERS, 200, outsider=403),
        {},
    ),
    ("workspace-new-plan", "POST"): (
        lambda c, u: "/trabajo/planes/nuevo/",
        allow(PLANNERS, 200, outsider=403),  # no institution chosen: the form comes back
        {"title": "Nuevo"},
    ),
    ("workspace-import-preview", "GET"): (
        lambda c, u: "/trabajo/planes/nuevo/vista-previa/",
        allow(PLANNERS, 302, outsider=403),  # nothing to preview: back to the new-plan form
        {},
    ),
    ("workspace-import-preview", "POST"): (
        lambda c, u: "/trabajo/planes/nuevo/vista-previa/",
        allow(PLANNERS, 302, outsider=403),
        {},
    ),
    ("workspace-settings", "GET"): (plan_url("ajustes/"), allow(PLANNERS, 200), {}),
    ("workspace-settings", "POST"): (plan_url("ajustes/"), allow(PLANNERS, 200), {}),
    ("workspace-plan-state", "GET"): (plan_url("ciclo/archive/"), only_get(), {}),
    ("workspace-plan-state", "POST"): (plan_url("ciclo/publish/"), allow(PLANNERS, 302), {}),
    ("workspace-plan-delete", "GET"): (plan_url("eliminar/"), allow(PLANNERS, 302), {}),
    ("workspace-plan-delete", "POST"): (
        plan_url("eliminar/"),
        allow(PLANNERS, 302),  # a published plan is never deleted: back to its settings
        {"confirm": "yes"},
    ),
    ("workspace-structure", "GET"): (plan_url("estructura/"), allow(PLANNERS, 200), {}),
    ("workspace-structure", "POST"): (plan_url("estructura/"), only_get(), {}),
    ("workspace-node-add", "GET"): (plan_url("estructura/nuevo/"), allow(PLANNERS, 200), {}),
    ("workspace-node-add", "POST"): (plan_url("estructura/nuevo/"), allow(PLANNERS, 200), {}),
    ("workspace-node-edit", "GET"): (node_url(""), allow(PLANNERS, 200), {}),
    ("workspace-node-edit", "POST"): (node_url(""), allow(PLANNERS, 200), {}),
    ("workspace-node-delete", "GET"): (node_url("borrar/"), allow(PLANNERS, 200), {}),
    ("workspace-node-delete", "POST"): (
        node_url("borrar/"),
        allow(PLANNERS, 200),  # it has reported progress: the confirmation comes back
        {},
    ),
    ("workspace-check-in", "GET"): (
        lambda c, u: f"/trabajo/planes/{c['plan'].slug}/elementos/{c['leaf'].code.hex}/reportar/",
        allow(["enlace", "admin"], 200),
        {},
    ),
    ("workspace-check-in", "POST"): (
        lambda c, u: f"/trabajo/planes/{c['plan'].slug}/elementos/{c['leaf'].code.hex}/reportar/",
        allow(["enlace", "admin"], 200),  # an empty check-in: the form says what is missing
        {},
    ),
    ("workspace-periods", "GET"): (plan_url("periodos/"), allow(PLANNERS, 200), {}),
    ("workspace-periods", "POST"): (plan_url("periodos/"), allow(PLANNERS, 200), {}),
    ("workspace-period-state", "GET"): (plan_url("periodos/segundo/closed/"), only_get(), {}),
    ("workspace-period-state", "POST"): (
        plan_url("periodos/segundo/closed/"),
        allow(PLANNERS, 302),
        {},
    ),
    ("workspace-audit", "GET"): (plan_url("bitacora/"), allow(STAFF, 200), {}),
    ("workspace-audit", "POST"): (plan_url("bitacora/"), only_get(), {}),
    ("workspace-update", "GET"): (
        lambda c, u: f"/trabajo/reportes/{u.code.hex}/",
        allow(STAFF, 200),
        {},
    ),
    ("workspace-update", "POST"): (lambda c, u: f"/trabajo/reportes/{u.code.hex}/", only_get(), {}),
    ("workspace-correct", "GET"): (
        lambda c, u: f"/trabajo/reportes/{u.code.hex}/corregir/",
        allow(["enlace"], 200),  # its author only
        {},
    ),
    ("workspace-correct", "POST"): (
        lambda c, u: f"/trabajo/reportes/{u.code.hex}/corregir/",
        allow(["enlace"], 200),
        {"percent": "45"},
    ),
    ("workspace-review", "GET"): (
        lambda c, u: f"/trabajo/reportes/{u.code.hex}/aprobar/",
        only_get(),
        {},
    ),
    ("workspace-review", "POST"): (
        lambda c, u: f"/trabajo/reportes/{u.code.hex}/aprobar/",
        allow(["revision", "admin"], 302),
        {},
    ),
    ("workspace-review", "POST return"): (
        lambda c, u: f"/trabajo/reportes/{u.code.hex}/devolver/",
        allow(["revision", "admin"], 302),
        {"comment": "falta evidencia"},
    ),
    ("workspace-review", "POST publish"): (
        lambda c, u: f"/trabajo/reportes/{u.code.hex}/publicar/",
        allow(PLANNERS, 302),
        {},
    ),
    ("workspace-indicators", "GET"): (plan_url("indicadores/"), allow(STAFF, 200), {}),
    ("workspace-indicators", "POST"): (plan_url("indicadores/"), only_get(), {}),
    ("workspace-indicator-new", "GET"): (
        plan_url("indicadores/nuevo/"),
        allow(PLANNERS, 200),
        {},
    ),
    ("workspace-indicator-new", "POST"): (
        plan_url("indicadores/nuevo/"),
        allow(PLANNERS, 200),  # no item chosen: the form comes back
        {"name": "Nuevo", "expression": "A"},
    ),
    ("workspace-indicator", "GET"): (indicator_url(""), allow(STAFF, 200), {}),
    ("workspace-indicator", "POST"): (indicator_url(""), only_get(), {}),
    ("workspace-indicator-edit", "GET"): (indicator_url("editar/"), allow(PLANNERS, 200), {}),
    ("workspace-indicator-edit", "POST"): (
        indicator_url("editar/"),
        allow(PLANNERS, 302),
        {
            "name": "Porcentaje atendido",
            "expression": "(A / B) * 100",
            "variables": "A | Atendidas\nB | Recibidas",
            "formula_type": "porcentaje",
            "sentido": "ascending",
            "profile": "ascending",
        },
    ),
    ("workspace-measure", "GET"): (indicator_url("medir/"), allow(["enlace", "admin"], 200), {}),
    ("workspace-measure", "POST"): (
        indicator_url("medir/"),
        allow(["enlace", "admin"], 200),  # «compute»: the form comes back with the result
        {"var_A": "30", "var_B": "50", "calcular": "1"},
    ),
    ("workspace-goal-set", "GET"): (indicator_url("metas/segundo/"), only_get(), {}),
    ("workspace-goal-set", "POST"): (
        indicator_url("metas/segundo/"),
        allow(PLANNERS, 302),
        {"goal": "60"},
    ),
    ("workspace-goal-change", "GET"): (indicator_url("metas/segundo/cambio/"), only_get(), {}),
    ("workspace-goal-change", "POST"): (
        indicator_url("metas/segundo/cambio/"),
        allow(["enlace", "admin", "planeacion"], 302),
        {"requested": "45", "justification": "Ajuste."},
    ),
    ("workspace-measurement-decision", "GET"): (measurement_url("aprobar"), only_get(), {}),
    ("workspace-measurement-decision", "POST"): (
        measurement_url("aprobar"),
        allow(["revision", "admin"], 302),
        {},
    ),
    ("workspace-measurement-decision", "POST publish"): (
        measurement_url("publicar"),
        allow(PLANNERS, 302),
        {},
    ),
    ("workspace-goal-change-decision", "GET"): (change_url("autorizar"), only_get(), {}),
    ("workspace-goal-change-decision", "POST"): (
        change_url("autorizar"),
        allow(PLANNERS, 302),
        {},
    ),
    ("evidence-file", "GET"): (
        lambda c, u: f"/evidencias/{u.evidence.get().code.hex}/",
        {**{r: 200 for r in STAFF}, "externo": 404, None: 404},
        {},
    ),
    ("evidence-file", "POST"): (
        lambda c, u: f"/evidencias/{u.evidence.get().code.hex}/",
        {**{r: 405 for r in [*STAFF, "externo"]}, None: 405},
        {},
    ),
}


def _order(matrix: dict[str | None, int]):
    # Refused identities first: an allowed POST may change what the next one sees.
    return sorted(EVERYONE, key=lambda who: matrix[who] in (200, 302) and who is not None)


@pytest.mark.parametrize("case", list(CASES), ids=[f"{n} {m}" for n, m in CASES])
def test_the_permission_matrix(case, cast, submitted, login):
    url_of, matrix, data = CASES[case]
    url = url_of(cast, submitted)
    method = case[1].split()[0].lower()
    for who in _order(matrix):
        client = login(who)
        response = client.post(url, data) if method == "post" else client.get(url)
        want = matrix[who]
        assert response.status_code == want, (case, who, response.status_code)
        if who is None and want == 302:
            assert "/entrar/" in response["Location"], (case, who)
        if want in (403, 404, 405):
            body = response.content.decode(errors="ignore")
            assert cast["plan"].title not in body and "40%" not in body  # never data


def test_every_workspace_url_and_method_has_a_case():
    from avance.networks.tests.test_permissions import NETWORK_CASES
    from avance.workspace import urls

    workspace = {p.name for p in urls.urlpatterns} - {"login", "logout"}
    # the network URLs have their own matrix, with the network roles
    covered = {(name, method.split()[0]) for name, method in [*CASES, *NETWORK_CASES]}
    missing = [(n, m) for n in sorted(workspace) for m in ("GET", "POST") if (n, m) not in covered]
    assert missing == []


def test_an_outsider_sees_none_of_another_institutions_work(cast, submitted, login):
    page = login("externo").get("/trabajo/").content.decode()
    assert cast["plan"].title not in page
