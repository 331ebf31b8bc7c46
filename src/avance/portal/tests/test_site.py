"""Published pages rendered into files (portal.site): the same bytes as the live views, taken
out of service by a publication until rendered again, never holding an unpublished figure."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from django.conf import settings

from avance.portal import tasks
from avance.portal.site import files, render
from avance.portal.site.serve import PublishedFiles
from avance.progress.actions import (
    do_approve_update,
    do_change_period,
    do_publish_update,
    do_record_progress,
)


def _served(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts)
    }


def _differences(client, root: Path) -> list[str]:
    """Every rendered file against what the live view answers for its address now."""
    out = []
    for relative, content in _served(root).items():
        path, query = files.address_of(relative)
        live = client.get(path, query_params=dict([query.split("=")]) if query else None)
        if live.status_code != 200 or live.content != content:
            out.append(f"{relative}: live {live.status_code}, {len(live.content)} bytes")
    return out


def _publish(cast, percent: float, node=None):
    update = do_record_progress(
        "test", node or cast["leaf"], cast["period"], percent=percent, submit=True
    )
    return do_publish_update("test", do_approve_update("test", update))


def test_it_renders_each_page_in_each_language_as_the_live_view_answers_it(client, cast):
    plan = cast["plan"]
    done = render.render_site()
    root = Path(settings.PUBLIC_DIR)
    served = _served(root)
    assert f"vigente/planes/{plan.slug}/index.html" in served
    assert f"vigente/en/planes/{plan.slug}/tabla/index.html" in served
    first = plan.periods.order_by("id").first()
    assert f"periodo-{first.key}/planes/{plan.slug}/descargas/plan.csv" in served
    assert f"vigente/planes/{plan.slug}/elementos/{cast['leaf'].code.hex}/index.html" in served
    assert {"vigente/index.html", "vigente/en/index.html", "vigente/datos/index.html"} <= set(
        served
    )
    assert done.files == len(served)
    assert b'lang="en"' in served[f"vigente/en/planes/{plan.slug}/index.html"]
    assert _differences(client, root) == []


# These tests commit for real (transactional_db): a publication takes files out of service when
# its transaction commits.
def test_a_publication_takes_the_plans_files_out_until_they_are_rendered_again(
    transactional_db, client, cast
):
    plan = cast["plan"]
    render.render_site()
    root = Path(settings.PUBLIC_DIR)
    page = root / f"vigente/planes/{plan.slug}/index.html"
    other = root / f"vigente/instituciones/{cast['other'].slug}/index.html"
    assert page.exists()
    _publish(cast, 80)
    assert not page.exists()  # the live view answers meanwhile
    assert not (root / "vigente/index.html").exists()
    task = tasks.render_published_plan
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.filter(task_path=task.module_path).order_by("-enqueued_at")
    written = task.call(*queued[0].args_kwargs["args"])
    assert written > 0 and page.exists()
    leaf = root / f"vigente/planes/{plan.slug}/elementos/{cast['leaf'].code.hex}/index.html"
    assert "80%" in leaf.read_text()
    assert _differences(client, root) == []
    assert not other.exists()  # B has no public plan: its page is not rendered


def test_a_render_superseded_by_a_later_publication_puts_nothing_back(transactional_db, cast):
    plan = cast["plan"]
    render.render_site()
    _publish(cast, 40)
    older = render.directory().generation(render.plan_generation_name(plan))
    _publish(cast, 60)
    assert tasks.render_published_plan.call(plan.id, older, 0) == 0
    assert not (Path(settings.PUBLIC_DIR) / f"vigente/planes/{plan.slug}/index.html").exists()


def test_an_unpublished_change_never_reaches_a_file(transactional_db, client, cast):
    render.render_site()
    root = Path(settings.PUBLIC_DIR)
    before = _served(root)
    update = do_record_progress("test", cast["leaf"], cast["period"], percent=37, submit=True)
    do_approve_update("test", update)
    assert _served(root) == before  # check-ins, reviews: nothing public changed
    render.render_site()
    for relative, content in _served(root).items():
        assert b"37%" not in content, relative
    assert _differences(client, root) == []


def test_a_published_period_gets_its_own_files(transactional_db, client, cast):
    plan, period = cast["plan"], cast["period"]
    _publish(cast, 90)
    do_change_period("test", period, "close")
    do_change_period("test", period, "publish")
    from django_tasks_db.models import DBTaskResult

    task = tasks.render_published_plan
    latest = DBTaskResult.objects.filter(task_path=task.module_path).order_by("-enqueued_at")[0]
    assert task.call(*latest.args_kwargs["args"]) > 0
    root = Path(settings.PUBLIC_DIR)
    served = _served(root)
    assert f"periodo-{period.key}/planes/{plan.slug}/index.html" in served
    assert f"periodo-{period.key}/en/planes/{plan.slug}/descargas/plan.json" in served
    assert _differences(client, root) == []


@pytest.mark.parametrize(
    ("path", "query", "relative"),
    [
        ("/planes/poa/", "", "vigente/planes/poa/index.html"),
        ("/en/planes/poa/", "periodo=2025-t2", "periodo-2025-t2/en/planes/poa/index.html"),
        ("/planes/poa/descargas/plan.csv", "", "vigente/planes/poa/descargas/plan.csv"),
        ("/planes/poa/tabla/", "nivel=2", None),  # a filter: the application answers
        ("/planes/poa/", "periodo=../x", None),
        ("/planes/../../etc/passwd", "", None),
        ("/.staging/x/", "", None),
        ("planes/poa/", "", None),
    ],
)
def test_it_maps_addresses_to_files_and_refuses_the_rest(path, query, relative):
    assert files.relative_file(path, query) == relative
    if relative is not None:
        assert files.address_of(relative) == (path, query)


def _call(app, path: str, query: str = "", method: str = "GET", **headers: str):
    answered: dict[str, object] = {}

    def start(status: str, header_list: list[tuple[str, str]], exc_info: object = None) -> None:
        answered["status"], answered["headers"] = status, dict(header_list)

    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        **headers,
    }
    body = b"".join(app(environ, start))
    return answered["status"], answered["headers"], body


def test_avance_serve_answers_rendered_files_with_validators_and_the_rest_live(cast):
    plan = cast["plan"]
    render.render_site()
    # The application as `avance serve` runs it, minus closing the test's database connection
    # after each request (as Django's test client does).
    with render._in_process() as application:
        _check_serving(PublishedFiles(application, settings.PUBLIC_DIR), plan)


def _check_serving(app: PublishedFiles, plan) -> None:
    status, headers, body = _call(app, f"/en/planes/{plan.slug}/")
    rendered = (
        Path(settings.PUBLIC_DIR) / f"vigente/en/planes/{plan.slug}/index.html"
    ).read_bytes()
    assert (status, body) == ("200 OK", rendered)
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Content-Language"] == "en"
    assert headers["Cache-Control"] == "public, no-cache"
    assert headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "Set-Cookie" not in headers and "Vary" not in headers
    again = _call(app, f"/en/planes/{plan.slug}/", HTTP_IF_NONE_MATCH=headers["ETag"])
    assert again[0] == "304 Not Modified" and again[2] == b""
    head = _call(app, f"/planes/{plan.slug}/", method="HEAD")
    assert head[0] == "200 OK" and head[2] == b""
    filtered = _call(app, f"/planes/{plan.slug}/tabla/", "q=uno")
    assert filtered[0] == "200 OK" and "ETag" in filtered[1]  # live, with the site's validators
    assert _call(app, "/planes/no-such-plan/")[0].startswith("404")


def test_public_pages_set_no_cookie_and_do_not_vary_on_it(client, cast):
    plan = cast["plan"]
    for url in ["/", "/en/", f"/planes/{plan.slug}/", f"/en/planes/{plan.slug}/tabla/", "/datos/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.cookies == {}, url
        assert "Cookie" not in response.headers.get("Vary", ""), url
        assert response.headers["Cache-Control"] == "public, no-cache", url
        assert "ETag" in response.headers and "Last-Modified" in response.headers
    page = client.get(f"/planes/{plan.slug}/", {"periodo": "primero"}).text
    english = f'href="/en/planes/{plan.slug}/?periodo=primero" hreflang="en" lang="en">English'
    assert english in page
    spanish = client.get(f"/en/planes/{plan.slug}/").text
    assert f'href="/planes/{plan.slug}/" hreflang="es-mx" lang="es-mx">Español' in spanish


def test_a_signed_in_visitor_gets_fresh_pages(client, cast):
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="planeacion"))
    response = client.get(f"/planes/{cast['plan'].slug}/")
    assert response.status_code == 200 and "ETag" not in response.headers


def test_publish_site_in_several_processes_writes_the_same_files(transactional_db, client, cast):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("forked processes need a database server (the PostgreSQL pass runs it)")
    one = render.render_site()
    root = Path(settings.PUBLIC_DIR)
    single = _served(root)
    import shutil

    shutil.rmtree(root)
    several = render.render_site(jobs=2)
    assert several.files == one.files and _served(root) == single
    assert _differences(client, root) == []
