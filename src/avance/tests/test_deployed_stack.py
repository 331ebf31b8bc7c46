"""The deployment recipe cannot rot: PostgreSQL, gunicorn and nginx started from deploy/'s own
files serve the portal to a browser, published pages straight from AVANCE_PUBLIC_DIR.

Runs in the PostgreSQL pass of `make test` (it needs a PostgreSQL server, nginx and Debian's
chromium; .ci/run installs them)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.request
import uuid

import pytest
from django.conf import settings

from avance.portal.tests.test_browser import citizen_walk
from avance.tests.stack import deployed, nginx_binary

AVANCE = [sys.executable, "-m", "avance.cli"]


@pytest.fixture
def scratch_postgres():
    """A database of its own on the PostgreSQL server the tests use, dropped afterwards."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the PostgreSQL pass runs it (DATABASE_URL names PostgreSQL there)")
    import psycopg

    server = settings.DATABASES["default"]
    name = f"avance_stack_{uuid.uuid4().hex[:8]}"
    dsn = (
        f"host={server['HOST'] or '127.0.0.1'} port={server['PORT'] or 5432} "
        f"user={server['USER']} dbname=postgres"
    )
    if server.get("PASSWORD"):
        dsn += f" password={server['PASSWORD']}"
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = (
        f"postgres://{server['USER']}:{server.get('PASSWORD') or ''}@"
        f"{server['HOST'] or '127.0.0.1'}:{server['PORT'] or 5432}/{name}"
    )
    try:
        yield url, dsn.replace("dbname=postgres", f"dbname={name}")
    finally:
        with psycopg.connect(dsn, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_portal_works_through_nginx_and_gunicorn(scratch_postgres, browser, tmp_path):
    if nginx_binary() is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is missing; .ci/run installs it")
        pytest.skip("nginx is not installed (apt-get install nginx)")
    import psycopg

    url, dsn = scratch_postgres
    public = tmp_path / "public"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "AVANCE_DATA_DIR": str(tmp_path),
        "AVANCE_PUBLIC_DIR": str(public),
        "AVANCE_LOG_LEVEL": "ERROR",
    }
    subprocess.run([*AVANCE, "demo"], env=env, check=True, capture_output=True)
    subprocess.run([*AVANCE, "publish-site"], env=env, check=True, capture_output=True)
    with psycopg.connect(dsn) as db:
        slug, title = db.execute(
            "SELECT slug, title FROM plans_plan WHERE kind = 'plan_accion_estado_abierto'"
        ).fetchone()
    with deployed(tmp_path, env, public, workers=2) as port:
        base = f"http://127.0.0.1:{port}"
        # The published dashboard comes from the file (nginx's ETag: mtime-size in hex), a
        # filtered table from the application (its ETag: a digest), both with the same headers.
        served = urllib.request.urlopen(f"{base}/planes/{slug}/")
        assert served.read() == (public / f"vigente/planes/{slug}/index.html").read_bytes()
        assert re.fullmatch(r'"[0-9a-f]+-[0-9a-f]+"', served.headers["ETag"])
        live = urllib.request.urlopen(f"{base}/planes/{slug}/tabla/?q=consulta")
        assert re.fullmatch(r'"[0-9a-f]{32}"', live.headers["ETag"])
        for response in (served, live):
            assert response.headers["Cache-Control"] == "public, no-cache"
            assert response.headers["X-Frame-Options"] == "DENY"
            assert response.headers["Content-Language"] == "es-mx"
            assert response.headers.get("Set-Cookie") is None
        context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        citizen_walk(context.new_page(), base, title, slug)
        context.close()
