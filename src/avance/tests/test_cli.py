"""The CLI contract other tools rely on, run as a user runs it: a subprocess on a fresh database.

On SQLite always; on PostgreSQL too when TEST_POSTGRES_URL is set (a scratch database is created).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

AVANCE = [sys.executable, "-m", "avance.cli"]


def run(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([*AVANCE, *args], env=env, capture_output=True, text=True, timeout=300)
    if check and result.returncode != 0:
        raise AssertionError(f"avance {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def _postgres_url() -> str | None:
    return os.environ.get("TEST_POSTGRES_URL")


@pytest.fixture(params=["sqlite", "postgresql"])
def env(request, tmp_path: Path):
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    base["AVANCE_DATA_DIR"] = str(tmp_path / "data")
    base["AVANCE_LANGUAGE"] = "en"  # whatever the machine's locale; one test speaks Spanish
    if request.param == "sqlite":
        base["DATABASE_URL"] = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
        yield base
        return
    url = _postgres_url()
    if not url:
        pytest.skip("TEST_POSTGRES_URL is not set")
    import psycopg

    name = f"avance_cli_{uuid.uuid4().hex[:8]}"
    admin_url = url
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + name
    try:
        yield base
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_it_round_trips_the_gold_plans_through_the_cli(env, shared, tmp_path):
    run(env, "migrate")
    gold = sorted((shared / "gold").glob("*.json"))
    loaded = run(env, "load", *map(str, gold)).stdout.strip().splitlines()
    assert len(loaded) == len(gold)
    slugs = [line.split()[-1] for line in loaded]
    out = tmp_path / "out"
    out.mkdir()
    for path, slug in zip(gold, slugs, strict=True):
        run(env, "export", slug, "--period", "latest", "-o", str(out / path.name))
    score = subprocess.run(
        [
            sys.executable,
            str(shared / "eval" / "score_import.py"),
            "--gold-dir",
            str(shared / "gold"),
            "--pred-dir",
            str(out),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(score.stdout)["mean_combined"] == 1.0
    listing = run(env, "plans").stdout
    for slug in slugs:
        assert slug in listing
    check = run(env, "check", slugs[1]).stdout
    assert "Compromiso 1.5" in check and "declared 23, computed 36.25" in check
    assert "Avance global" in check and "declared 42" in check
    assert run(env, "check", slugs[1], "--strict", check=False).returncode == 1


def test_an_invalid_file_loads_nothing_and_says_where(env, tmp_path):
    run(env, "migrate")
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"schema": "avance.plan/1", "title": "Bueno", "nodes": []}))
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "schema": "avance.plan/1",
                "title": "Malo",
                "nodes": [{"level": "Eje", "title": "x", "progress": 140}],
            }
        )
    )
    result = run(env, "load", str(good), str(bad), check=False)
    assert result.returncode == 1
    assert "bad.json: $.nodes[0].progress: 140 is not a percentage" in result.stderr
    assert "No plans loaded" in run(env, "plans").stdout
    broken = tmp_path / "broken.json"
    broken.write_text("{ not json")
    result = run(env, "load", str(broken), check=False)
    assert result.returncode == 1 and "broken.json: $: not JSON" in result.stderr


HOSTILE_JSON = {
    # a thousand levels of nesting
    "deep.json": '{"schema": "avance.plan/1", "title": "x", "nodes": ['
    + '{"level": "a", "title": "t", "children": [' * 1000
    + "]}" * 1000
    + "]}",
    "digits.json": '{"schema": "avance.plan/1", "title": "x", "nodes": [], "budget": '
    + "9" * 4301
    + "}",
    "budget.json": '{"schema": "avance.plan/1", "title": "x", "nodes": [], "budget": '
    + "9" * 4300
    + "}",
    "surrogate.json": '{"schema": "avance.plan/1", "title": "x\\ud800", "nodes": []}',
    "nul.json": '{"schema": "avance.plan/1", "title": "x\\u0000", "nodes": []}',
}


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("deep.json", "deep.json: $: nests deeper than 100 levels"),
        ("digits.json", "digits.json: $: not usable JSON: Exceeds the limit (4300 digits)"),
        ("budget.json", "budget.json: $.budget: 1e+4300 is too large; amounts must be"),
        ("surrogate.json", "surrogate.json: $.title: contains an unpaired surrogate"),
        ("nul.json", "nul.json: $.title: contains a NUL character"),
    ],
)
def test_hostile_json_is_refused_without_a_traceback(env, tmp_path, name, message):
    run(env, "migrate")
    path = tmp_path / name
    path.write_text(HOSTILE_JSON[name])
    result = run(env, "load", str(path), check=False)
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr
    assert "No plans loaded" in run(env, "plans").stdout


def test_backup_and_restore_refuse_what_they_cannot_do(env, tmp_path):
    run(env, "demo")
    archive = tmp_path / "copia.zip"
    assert "Backed up" in run(env, "backup", "-o", str(archive)).stdout
    again = run(env, "backup", "-o", str(archive), check=False)
    assert again.returncode == 1 and "already exists; name a new file" in again.stderr
    refused = run(env, "restore", str(archive), check=False)
    assert refused.returncode == 1
    assert "nothing was restored: the database is not empty" in refused.stderr
    assert "Restored" in run(env, "restore", str(archive), "--replace").stdout
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip")
    bad = run(env, "restore", str(junk), check=False)
    assert bad.returncode == 1 and "junk.zip: not a backup archive" in bad.stderr


def test_it_fails_clearly_on_unknown_plans_and_unmigrated_databases(env):
    result = run(env, "plans", check=False)
    assert result.returncode == 2 and "run 'avance migrate'" in result.stderr
    run(env, "migrate")
    result = run(env, "export", "no-such-plan", check=False)
    assert result.returncode == 1 and "no plan with slug 'no-such-plan'" in result.stderr
    assert run(env, "check", "nope", check=False).returncode == 1


def test_worker_once_books_the_daily_reminders_and_stops(env):
    run(env, "migrate")
    first = run(env, "worker", "--once").stdout
    assert first.startswith("Next reminders: ") and first.count("\n") == 1
    assert run(env, "worker", "--once").stdout == first  # still the one booking


def test_it_speaks_spanish_in_a_spanish_locale(env, shared, tmp_path):
    env = {**env, "AVANCE_LANGUAGE": "", "LANGUAGE": "", "LC_ALL": "es_MX.UTF-8"}
    result = run(env, "plans", check=False)
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == (
            f"error: la base de datos ({tmp_path / 'cli.sqlite3'}) no está actualizada; "
            "ejecute primero 'avance migrate'"
        )
        or "la base de datos (postgresql" in result.stderr
    )
    run(env, "migrate")
    assert "Aún no hay planes cargados." in run(env, "plans").stdout
    seed = next((shared / "seeds").glob("002_*"))
    out = run(env, "import", str(seed), "--load").stdout
    assert "  aviso: " in out and "número repetido Actividad 5" in out
    assert out.strip().splitlines()[-1] == "1 importado, 0 rechazados"


def test_the_indicators_workbook_goes_out_and_back_in(env, tmp_path):
    run(env, "demo")
    slug = "municipio-san-andres-programa-operativo-anual-2025"
    workbook = tmp_path / "indicadores.xlsx"
    out = run(env, "report", slug, "--kind", "indicators", "--format", "xlsx", "-o", str(workbook))
    assert out.stdout.startswith(f"Wrote {workbook}")
    plan_json = tmp_path / "poa.json"
    run(env, "export", slug, "-o", str(plan_json))
    copy = run(env, "load", str(plan_json)).stdout.split()[-1]
    loaded = run(env, "load-indicators", copy, str(workbook))
    assert loaded.stdout.strip() == f"Loaded 6 indicators into {copy}"
    again = tmp_path / "again.csv"
    first = tmp_path / "first.csv"
    run(env, "report", copy, "--kind", "indicators", "--format", "csv", "-o", str(again))
    run(env, "report", slug, "--kind", "indicators", "--format", "csv", "-o", str(first))
    assert again.read_bytes() == first.read_bytes()
    bad = run(env, "load-indicators", copy, str(plan_json), check=False)
    assert bad.returncode == 1 and "poa.json: a damaged ZIP package" in bad.stderr


def test_it_refuses_a_bad_reminder_hour(tmp_path):
    env = dict(os.environ, AVANCE_REMINDER_HOUR="25", AVANCE_DATA_DIR=str(tmp_path))
    result = run(env, "plans", check=False)
    assert result.returncode == 2
    assert "AVANCE_REMINDER_HOUR='25' must be at most 23" in result.stderr


def test_it_refuses_a_bad_database_url(tmp_path):
    env = dict(os.environ, DATABASE_URL="mysql://x@y/z", AVANCE_DATA_DIR=str(tmp_path))
    result = run(env, "plans", check=False)
    assert result.returncode == 2
    assert "DATABASE_URL='mysql://x@y/z': unsupported scheme 'mysql'" in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        "migrate",
        "load",
        "import",
        "export",
        "report",
        "check",
        "plans",
        "serve",
        "demo",
        "backup",
        "restore",
        "remind",
        "worker",
        "load-indicators",
        "networks",
        "stats",
        "stats export",
        "stats template",
        "stats define",
    ],
)
def test_every_command_documents_itself(command):
    result = run(dict(os.environ), *command.split(), "--help")
    assert "Usage:" in result.stdout and "DATABASE_URL" in run(dict(os.environ), "--help").stdout


def test_demo_loads_the_region_once(env, tmp_path):
    first = run(env, "demo").stdout
    assert "itaiva-plan-anual-de-trabajo-2025" in first
    assert "already loaded" in run(env, "demo").stdout
    listing = run(env, "plans").stdout
    assert "programa_operativo_anual" in listing and "plan_accion_estado_abierto" in listing
    networks = run(env, "networks").stdout.strip().splitlines()
    assert networks == ["red-centro-valle  6 members  1 form  coordinator: ITAIVA"]
    tidy = tmp_path / "tidy.csv"
    run(
        env,
        "stats",
        "export",
        "red-centro-valle",
        "--period",
        "2025-t2",
        "--format",
        "csv",
        "-o",
        str(tidy),
    )
    lines = tidy.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "network,member,period,variable,disaggregation,value,status"
    assert "red-centro-valle,idata,2025-t2,SOL_REC,,,sin reporte" in lines
    assert "red-centro-valle,itaiva,2025-t2,SOL_REC,CANAL=plataforma,1890,publicado" in lines
    as_json = json.loads(run(env, "stats", "export", "red-centro-valle", "--format", "json").stdout)
    assert {row["period"] for row in as_json} == {"2025-t1", "2025-t2"}
    template = tmp_path / "plantilla.xlsx"
    run(
        env,
        "stats",
        "template",
        "red-centro-valle",
        "estadistica-trimestral",
        "--format",
        "xlsx",
        "-o",
        str(template),
    )
    assert template.read_bytes()[:2] == b"PK"
    wrong = run(env, "stats", "export", "no-such-network", check=False)
    assert wrong.returncode == 1 and "No network with slug no-such-network" in wrong.stderr


def test_serve_serves_the_site_on_the_database_url(tmp_path):
    import socket
    import time
    import urllib.request

    env = dict(
        os.environ, AVANCE_DATA_DIR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path}/s.sqlite3"
    )
    run(env, "demo")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [*AVANCE, "serve", "--no-worker", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/admin/login/", timeout=2
                ) as page:
                    body = page.read().decode()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("the server did not answer")
        assert "Iniciar sesión" in body or "Nombre de usuario" in body
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/static/admin/css/base.css", timeout=2
        ) as css:
            assert css.status == 200
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_import_writes_plans_loads_them_and_prints_warnings(env, shared, tmp_path):
    run(env, "migrate")
    seeds = sorted(str(p) for p in (shared / "seeds").glob("*.txt"))
    result = run(env, "import", *seeds, "--out", str(tmp_path / "out"), "--load")
    assert len(list((tmp_path / "out").glob("*.json"))) == len(seeds)
    assert "warning:" in result.stdout and "duplicate number Actividad 5" in result.stdout
    assert result.stdout.count("loaded as ") == len(seeds)
    assert len(run(env, "plans").stdout.strip().splitlines()) == len(seeds) + 1


def test_a_refused_file_does_not_stop_the_others(env, shared, tmp_path):
    run(env, "migrate")
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    seed = str(next((shared / "seeds").glob("000_*.txt")))
    result = run(env, "import", str(bad), seed, "--load", check=False)
    assert result.returncode == 1
    assert result.stderr.startswith(f"refused: {bad}: the PDF is damaged")
    assert "loaded as " in result.stdout and "(draft)" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "1 imported, 1 refused"
    assert "draft" in run(env, "plans").stdout
    assert run(env, "import", seed, check=False).returncode == 1  # neither --out nor --load


def test_report_writes_each_format_and_refuses_unknown_ones(env, shared, tmp_path):
    run(env, "migrate")
    slug = run(env, "load", str(next((shared / "gold").glob("002_*.json")))).stdout.split()[-1]
    for fmt in ("pdf", "html", "xlsx", "csv"):
        target = tmp_path / f"r.{fmt}"
        run(env, "report", slug, "--format", fmt, "-o", str(target), "--kind", "poa")
        assert target.stat().st_size > 500
    assert (
        run(
            env, "report", slug, "--format", "docx", "-o", str(tmp_path / "x"), check=False
        ).returncode
        == 1
    )
    result = run(
        env, "report", slug, "--period", "nope", "-o", str(tmp_path / "x.pdf"), check=False
    )
    assert result.returncode == 1 and "no published reporting period 'nope'" in result.stderr


def test_a_loaded_plan_is_a_draft_until_published(env, shared, tmp_path):
    run(env, "migrate")
    gold = str(next((shared / "gold").glob("001_*.json")))
    slug = run(env, "load", gold).stdout.split()[-1]
    assert f"{slug}" in run(env, "plans").stdout and "draft" in run(env, "plans").stdout
    assert run(env, "publish", slug).stdout.strip() == f"Published {slug}"
    again = run(env, "publish", slug, check=False)
    assert again.returncode == 1 and (
        "This plan is published, so it cannot be published; nothing was changed" in again.stderr
    )
    assert run(env, "archive", slug).stdout.strip() == f"Archived {slug}"
