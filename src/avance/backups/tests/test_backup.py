"""Backup and restore: everything comes back, byte for byte, or nothing does."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from avance.audit.models import AuditEntry
from avance.backups.actions import BackupError, do_backup, do_restore
from avance.conftest import publish_check_in
from avance.plans.models import Node, Plan
from avance.progress.actions import do_record_progress, do_return_update
from avance.progress.models import EvidenceLink, ProgressUpdate

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def history(cast, media):
    """The cast's plan with a published check-in carrying a file, and a returned one."""
    publish_check_in(
        cast["leaf"], cast["period"], percent=60, narrative="Avance", files=[("acta.pdf", PDF)]
    )
    returned = do_record_progress(
        "enlace", cast["assigned"].children.last(), cast["period"], percent=10, submit=True
    )
    do_return_update("revision", returned, "Falta evidencia")
    from avance.indicators import actions as indicators
    from avance.subscriptions.actions import do_subscribe

    indicator = indicators.do_create_indicator(
        "planeacion", cast["leaf"], name="Solicitudes atendidas", expression="(A / B) * 100"
    )
    indicators.do_set_goal("planeacion", indicator, cast["period"], 80)
    measured = indicators.do_record_measurement(
        "enlace", indicator, cast["period"], {"A": 45, "B": 50}, submit=True
    )
    indicators.do_change_measurement("revision", measured, "approve")
    indicators.do_change_measurement("planeacion", measured, "publish")
    do_subscribe("test", cast["plan"], "ciudadana@example.org", "es-mx")
    return cast


def _main(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_it_restores_everything_it_backed_up(transactional_db, history, media, tmp_path, client):
    plan = history["plan"]
    url = f"/planes/{plan.slug}/elementos/{history['leaf'].code.hex}/"
    page = _main(client.get(url).text)
    stored = EvidenceLink.objects.exclude(file="").get()
    first = tmp_path / "primera.zip"
    manifest = do_backup("cli", first)
    assert manifest["models"]["plans.node"] == 10 and manifest["models"]["auth.user"] == 6
    assert manifest["models"]["indicators.reading"] == 1
    assert manifest["models"]["subscriptions.subscription"] == 1

    shutil.rmtree(media)
    do_restore("cli", first, replace=True)
    second = tmp_path / "segunda.zip"
    do_backup("cli", second)

    before, after = _members(first), _members(second)
    assert before["data.jsonl"] == after["data.jsonl"]
    assert {k: v for k, v in before.items() if k != "manifest.json"} == {
        k: v for k, v in after.items() if k != "manifest.json"
    }
    assert (media / stored.file.name).read_bytes() == PDF
    assert _main(client.get(url).text) == page  # the same public URL, the same page
    assert ProgressUpdate.objects.get(state="returned").review_comment == "Falta evidencia"
    assert User.objects.get(username="enlace").check_password("avance-prueba")
    assert AuditEntry.objects.count() == manifest["models"]["audit.auditentry"]


def test_new_rows_after_a_restore_get_fresh_keys(transactional_db, history, tmp_path):
    archive = tmp_path / "copia.zip"
    do_backup("cli", archive)
    do_restore("cli", archive, replace=True)
    update = do_record_progress("enlace", history["leaf"], history["period"], percent=70)
    assert update.pk > ProgressUpdate.objects.exclude(pk=update.pk).order_by("-pk")[0].pk


def test_it_refuses_a_database_that_holds_anything(history, tmp_path):
    archive = tmp_path / "copia.zip"
    do_backup("cli", archive)
    with pytest.raises(BackupError, match=r"the database is not empty \(6 × auth.user"):
        do_restore("cli", archive)
    assert Plan.objects.count() == 1


def _tamper(path: Path, change) -> Path:
    members = _members(path)
    change(members)
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return path


def test_it_refuses_a_damaged_archive_before_touching_anything(history, tmp_path):
    archive = tmp_path / "copia.zip"
    do_backup("cli", archive)

    def flip(members):
        members["data.jsonl"] = members["data.jsonl"].replace(b"Acci\xc3\xb3n A", b"Accion Z")

    _tamper(archive, flip)
    with pytest.raises(BackupError, match=r"data\.jsonl does not match its checksum"):
        do_restore("cli", archive, replace=True)
    assert Node.objects.filter(title="Acción A").exists()


def test_a_restore_that_fails_half_way_writes_nothing(transactional_db, history, tmp_path):
    archive = tmp_path / "copia.zip"
    do_backup("cli", archive)
    do_restore("cli", archive, replace=True)  # a database with data, to be replaced

    def break_last_row(members):
        lines = members["data.jsonl"].splitlines(keepends=True)
        lines[-1] = json.dumps({"model": "plans.node", "pk": 1, "fields": {"no": 1}}).encode()
        members["data.jsonl"] = b"".join(lines) + b"\n"
        manifest = json.loads(members["manifest.json"])
        manifest["files"]["data.jsonl"] = hashlib.sha256(members["data.jsonl"]).hexdigest()
        members["manifest.json"] = json.dumps(manifest).encode()

    _tamper(archive, break_last_row)
    with pytest.raises(BackupError, match=r"data.jsonl line \d+: "):
        do_restore("cli", archive, replace=True)
    assert Plan.objects.count() == 1 and Node.objects.filter(title="Acción A").exists()


def test_it_refuses_files_that_point_outside_the_media_folder(db, media, tmp_path):
    archive = tmp_path / "copia.zip"
    do_backup("cli", archive)

    def escape(members):
        members["media/../../fuera.txt"] = b"x"
        manifest = json.loads(members["manifest.json"])
        manifest["files"]["media/../../fuera.txt"] = hashlib.sha256(b"x").hexdigest()
        members["manifest.json"] = json.dumps(manifest).encode()

    _tamper(archive, escape)
    with pytest.raises(BackupError, match="points outside the media folder"):
        do_restore("cli", archive)
    assert not (tmp_path / "fuera.txt").exists()


@pytest.mark.slow
def test_a_demo_backup_on_sqlite_restores_on_postgresql_identically(tmp_path):
    """The acceptance round trip, with the real command: SQLite → PostgreSQL → backup again."""
    postgres = os.environ.get("DATABASE_URL", "")
    if not postgres.startswith("postgres"):
        pytest.skip("runs in the PostgreSQL pass (DATABASE_URL names the server)")
    import psycopg

    avance = Path(sys.executable).with_name("avance")
    name = f"avance_roundtrip_{uuid.uuid4().hex[:8]}"
    server = postgres.rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        lite = {**os.environ, "AVANCE_DATA_DIR": str(tmp_path / "lite")}
        lite.pop("DATABASE_URL")
        pg = {
            **os.environ,
            "AVANCE_DATA_DIR": str(tmp_path / "pg"),
            "DATABASE_URL": f"{server}/{name}",
        }

        def run(env: dict[str, str], *args: str) -> str:
            return subprocess.run(
                [avance, *args], env=env, check=True, capture_output=True, text=True
            ).stdout

        run(lite, "demo")
        subprocess.run(  # an evidence file, through the action, so the archive carries one
            [sys.executable, "-c", ADD_EVIDENCE], env=lite, check=True, capture_output=True
        )
        run(lite, "backup", "-o", str(tmp_path / "lite.zip"))
        run(pg, "migrate")
        assert "Restored" in run(pg, "restore", str(tmp_path / "lite.zip"))
        run(pg, "backup", "-o", str(tmp_path / "pg.zip"))
        lite_zip, pg_zip = _members(tmp_path / "lite.zip"), _members(tmp_path / "pg.zip")
        assert lite_zip["data.jsonl"] == pg_zip["data.jsonl"]
        files = [k for k in lite_zip if k.startswith("media/")]
        assert len(files) == 1 and lite_zip[files[0]] == pg_zip[files[0]] == PDF
        manifest = json.loads(io.BytesIO(pg_zip["manifest.json"]).read())
        assert manifest["database"] == "postgresql"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


ADD_EVIDENCE = f"""
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "avance.settings")
django.setup()
from avance.progress.actions import do_record_progress
from avance.progress.models import ReportingPeriod
period = ReportingPeriod.objects.filter(state="open").first()
node = period.plan.nodes.filter(children__isnull=True).first()
do_record_progress("cli", node, period, percent=5, files=[("acta.pdf", {PDF!r})], submit=True)
"""
