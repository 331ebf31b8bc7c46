"""Fixtures shared by every app's tests."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"


@pytest.fixture
def shared() -> Path:
    """The project's shared material (seeds, gold, scorer, corpus). In CI its absence is a
    failure that says so; on a developer's machine without it, the test is skipped."""
    if not (SHARED / "gold").is_dir():
        message = f"../shared is not beside the checkout (looked for {SHARED / 'gold'})"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return SHARED


@pytest.fixture
def gold(shared: Path) -> dict[str, dict[str, Any]]:
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted((shared / "gold").glob("*.json"))
    }


def small_document(**overrides: Any) -> dict[str, Any]:
    """A three-level plan written for tests: 2 axes, 3 commitments, 5 actions, one report."""
    document: dict[str, Any] = {
        "schema": "avance.plan/1",
        "title": "Plan de prueba 2025",
        "kind": "plan_accion_estado_abierto",
        "organization": {"name": "Instituto de Pruebas", "acronym": "IP"},
        "start": "2025-01-01",
        "end": "2025-12-31",
        "report": {
            "title": "Primer informe",
            "start": "2025-01-01",
            "end": "2025-06-30",
            "progress": 50,
            "counts": {"Eje": 2, "Compromiso": 3, "Acción": 6},
        },
        "levels": ["Eje", "Compromiso", "Acción"],
        "nodes": [
            {
                "level": "Eje",
                "ref": "1",
                "title": "Eje uno",
                "progress": 40,
                "children": [
                    {
                        "level": "Compromiso",
                        "ref": "1.1",
                        "title": "Compromiso uno",
                        "children": [
                            {"level": "Acción", "ref": "1", "title": "Acción A", "progress": 20},
                            {
                                "level": "Acción",
                                "ref": "2",
                                "title": "Acción B",
                                "progress": 60,
                                "evidence": ["https://example.org/b"],
                                "note": "*Nota",
                            },
                        ],
                    },
                    {
                        "level": "Compromiso",
                        "ref": "1.2",
                        "title": "Compromiso dos",
                        "children": [
                            {
                                "level": "Acción",
                                "ref": "1",
                                "title": "Acción C",
                                "progress": 0,
                                "status": "EN ETAPA DE DISEÑO",
                            },
                        ],
                    },
                ],
            },
            {
                "level": "Eje",
                "ref": "2",
                "title": "Eje dos",
                "children": [
                    {
                        "level": "Compromiso",
                        "ref": "2.1",
                        "title": "Compromiso tres",
                        "children": [
                            {"level": "Acción", "ref": "1", "title": "Acción D", "progress": 100},
                            {"level": "Acción", "ref": "2", "title": "Acción E"},
                        ],
                    },
                ],
            },
        ],
    }
    document.update(overrides)
    return document


@pytest.fixture
def document() -> dict[str, Any]:
    return small_document()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser():
    """Debian's Chromium driven by Playwright; never a browser downloaded at run time."""
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is missing; .ci/run installs it")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    # Playwright's sync API runs an event loop; the test's own ORM calls are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def publish_check_in(node: Any, period: Any, **reported: Any) -> Any:
    """A check-in through the whole review: submitted by the officer, approved, published."""
    from avance.progress.actions import do_approve_update, do_publish_update, do_record_progress

    update = do_record_progress("enlace", node, period, submit=True, **reported)
    return do_publish_update("planeacion", do_approve_update("revision", update))


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    """Tests create many users; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def site_language(settings: Any) -> Any:
    """Every test starts in the site's language: a request in English leaves English active in
    the thread, as it would until the next request."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def api_rates(settings: Any) -> Any:
    """Tests make hundreds of API requests from one address within a minute; the rate-limit
    tests set their own limits. The counts live in the cache, emptied around each test."""
    from django.core.cache import cache

    settings.API_ANONYMOUS_PER_MINUTE = 1_000_000
    settings.API_TOKEN_PER_MINUTE = 1_000_000
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def own_media(settings: Any, tmp_path: Path) -> None:
    """Stored files (evidence, the demo's logos) go to the test's own directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def own_report_cache(settings: Any, tmp_path: Path) -> None:
    """Each test renders its own reports (test databases reuse ids, so versions repeat)."""
    settings.REPORT_CACHE_DIR = tmp_path / "report-cache"


@pytest.fixture(autouse=True)
def forget_recent_views() -> None:
    """Test databases reuse ids and audit versions after each rollback; the public pages' view
    cache (progress.published._RECENT) must not carry a plan from one test into the next."""
    from avance.progress import published

    published._RECENT.views.clear()


@pytest.fixture(autouse=True)
def own_public_dir(settings: Any, tmp_path: Path) -> None:
    """Rendered public files (portal.site) go to the test's own directory."""
    settings.PUBLIC_DIR = tmp_path / "public"


CAST = {  # username: (role, institution); the outsider reports for institution B
    "planeacion": ("planner", "A"),
    "enlace": ("officer", "A"),
    "revision": ("reviewer", "A"),
    "consulta": ("reader", "A"),
    "admin": ("admin", "A"),
    "externo": ("officer", "B"),
}


@pytest.fixture
def cast(db) -> dict[str, Any]:
    """The cast, built inline: a planner, a responsible officer, a reviewer, a read-only user and
    an administrator in institution A, and an outsider in institution B; A's published plan
    (small_document) with its document period and an open period, the officer assigned to
    «Compromiso uno» (Acción A and B)."""
    from django.contrib.auth.models import User

    from avance.accounts.actions import do_add_membership, do_assign
    from avance.organizations.actions import do_create_organization
    from avance.plans.actions import do_load_plan, do_publish_plan
    from avance.plans.models import Node
    from avance.progress.actions import do_open_period

    plan = do_publish_plan("test", do_load_plan("test", small_document()))
    other = do_create_organization("test", name="Órgano Garante B", acronym="OGB")
    institutions = {"A": plan.owner, "B": other}
    for username, (role, which) in CAST.items():
        user = User.objects.create_user(username, f"{username}@avance.invalid", "avance-prueba")
        do_add_membership("test", user, institutions[which], role)
    assigned = Node.objects.get(plan=plan, title="Compromiso uno")
    do_assign("test", assigned, User.objects.get(username="enlace"))
    period = do_open_period(
        "test",
        plan,
        key="segundo",
        label="Segundo informe",
        start=dt.date(2025, 7, 1),
        end=dt.date(2025, 12, 31),
    )
    leaf = Node.objects.get(plan=plan, title="Acción A")
    return {"plan": plan, "period": period, "assigned": assigned, "leaf": leaf, "other": other}


@pytest.fixture
def indicator(cast: dict[str, Any]) -> Any:
    """An indicator on the cast's «Acción A»: (ATENDIDAS / RECIBIDAS) * 100, ascending."""
    from django.contrib.auth.models import User

    from avance.indicators import actions

    return actions.do_create_indicator(
        User.objects.get(username="planeacion"),
        cast["leaf"],
        key="C1.A1",
        name="Porcentaje de solicitudes atendidas",
        expression="(ATENDIDAS / RECIBIDAS) * 100",
        variables=[
            {"name": "ATENDIDAS", "description": "Solicitudes atendidas", "source": "SISAI"},
            {"name": "RECIBIDAS", "description": "Solicitudes recibidas", "aggregation": "sum"},
        ],
        unit="Porcentaje",
        frequency="Semestral",
        mir_level="actividad",
        sentido="ascending",
        profile="ascending",
    )
