"""Every protected URL × every role of institution A and an outsider from B: allowed, or
refused with 403/404 — never data."""

from __future__ import annotations

import pytest

from avance.progress.actions import do_record_progress
from avance.workspace.tests.conftest import PDF

ALLOWED = 200


def expected(matrix: dict[str, int], who: str | None) -> int:
    return matrix.get(who or "anonymous", 404)


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


CASES = {
    # name: (method, url builder, {role: status}); unspecified roles → 404 (outsider), anonymous → 302
    "my work": (
        "get",
        lambda r, u: "/trabajo/",
        {r: ALLOWED for r in ["planeacion", "enlace", "revision", "consulta", "admin", "externo"]},
    ),
    "check-in": (
        "get",
        lambda r, u: f"/trabajo/planes/{r['plan'].slug}/elementos/{r['leaf'].code.hex}/reportar/",
        {"enlace": 200, "admin": 200, "planeacion": 403, "revision": 403, "consulta": 403},
    ),
    "update": (
        "get",
        lambda r, u: f"/trabajo/reportes/{u.code.hex}/",
        {"enlace": 200, "admin": 200, "planeacion": 200, "revision": 200, "consulta": 200},
    ),
    "approve": (
        "post",
        lambda r, u: f"/trabajo/reportes/{u.code.hex}/aprobar/",
        {"revision": 302, "admin": 302, "planeacion": 403, "enlace": 403, "consulta": 403},
    ),
    "publish": (
        "post",
        lambda r, u: f"/trabajo/reportes/{u.code.hex}/publicar/",
        {"planeacion": 302, "admin": 302, "revision": 403, "enlace": 403, "consulta": 403},
    ),
    "periods": (
        "get",
        lambda r, u: f"/trabajo/planes/{r['plan'].slug}/periodos/",
        {"planeacion": 200, "admin": 200, "revision": 403, "enlace": 403, "consulta": 403},
    ),
    "period state": (
        "post",
        lambda r, u: f"/trabajo/planes/{r['plan'].slug}/periodos/{r['period'].key}/closed/",
        {"planeacion": 302, "admin": 302, "revision": 403, "enlace": 403, "consulta": 403},
    ),
    "audit": (
        "get",
        lambda r, u: f"/trabajo/planes/{r['plan'].slug}/bitacora/",
        {"enlace": 200, "admin": 200, "planeacion": 200, "revision": 200, "consulta": 200},
    ),
    "structure": (
        "get",
        lambda r, u: f"/trabajo/planes/{r['plan'].slug}/estructura/",
        {"planeacion": 200, "admin": 200, "revision": 403, "enlace": 403, "consulta": 403},
    ),
    "settings": (
        "get",
        lambda r, u: f"/trabajo/planes/{r['plan'].slug}/ajustes/",
        {"planeacion": 200, "admin": 200, "revision": 403, "enlace": 403, "consulta": 403},
    ),
    "edit item": (
        "get",
        lambda r, u: f"/trabajo/planes/{r['plan'].slug}/estructura/{r['leaf'].code.hex}/",
        {"planeacion": 200, "admin": 200, "revision": 403, "enlace": 403, "consulta": 403},
    ),
    "delete item": (
        "get",
        lambda r, u: f"/trabajo/planes/{r['plan'].slug}/estructura/{r['leaf'].code.hex}/borrar/",
        {"planeacion": 200, "admin": 200, "revision": 403, "enlace": 403, "consulta": 403},
    ),
    "new plan": (
        "get",
        lambda r, u: "/trabajo/planes/nuevo/",
        {
            "planeacion": 200,
            "admin": 200,
            "revision": 403,
            "enlace": 403,
            "consulta": 403,
            "externo": 403,
        },
    ),
    "unpublished evidence": (
        "get",
        lambda r, u: f"/evidencias/{u.evidence.get().code.hex}/",
        {
            "enlace": 200,
            "admin": 200,
            "planeacion": 200,
            "revision": 200,
            "consulta": 200,
            "anonymous": 404,
        },
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_permission_matrix(case, cast, submitted, login):
    method, url_of, matrix = CASES[case]
    url = url_of(cast, submitted)
    # Forbidden roles first: an allowed POST changes state for the ones after it.
    for who in sorted(
        ["planeacion", "enlace", "revision", "consulta", "admin", "externo", None],
        key=lambda w: expected(matrix, w) == ALLOWED or expected(matrix, w) == 302,
    ):
        client = login(who)
        response = getattr(client, method)(url)
        if who is None and "anonymous" not in matrix:
            assert response.status_code == 302 and "/entrar/" in response["Location"], (case, who)
            continue
        want = expected(matrix, who)
        assert response.status_code == want, (case, who, response.status_code)
        if want in (403, 404):
            body = response.content.decode(errors="ignore")
            assert cast["plan"].title not in body and "40%" not in body  # never data


def test_an_outsider_sees_none_of_another_institutions_work(cast, submitted, login):
    page = login("externo").get("/trabajo/").content.decode()
    assert cast["plan"].title not in page
