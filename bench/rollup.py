"""Benchmark the roll-up: full recompute of a generated plan and incremental path updates.

    .venv/bin/python bench/rollup.py [--nodes 1000000] [--db sqlite|postgresql|both]

Targets (issue 2, on the 2-core machine): full recompute <= 5 s including reading the rows,
incremental update of one leaf <= 10 ms, peak memory <= 1.5 GB. The plan's rows are written
straight with SQL (set-up only, not a product path: loading a million-node JSON document is
not what is measured). The recompute runs in a fresh process so its peak memory is its own.
PostgreSQL: TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the
server; a scratch database is created and dropped.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "avance.settings")
    import django

    django.setup()


def build(nodes: int) -> int:
    """Create a plan of `nodes` items with a published value on every leaf; return its id."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from avance.demo import generate
    from avance.plans.actions import do_load_plan
    from avance.plans.models import Level, Node
    from avance.progress.models import ProgressUpdate

    call_command("migrate", interactive=False, verbosity=0)
    document = generate.document(0)
    document["nodes"] = [{"level": "Eje", "title": "semilla"}]
    plan = do_load_plan("bench", document, source="bench")
    Node.objects.filter(plan=plan).delete()
    period = plan.periods.get() if plan.periods.exists() else None
    if period is None:
        from avance.progress.actions import do_open_period

        period = do_open_period("bench", plan, key="corte", label="Corte")
    levels = {level.position: level.id for level in Level.objects.filter(plan=plan)}
    quote = connection.ops.quote_name
    node_columns = [
        "id",
        "plan_id",
        "parent_id",
        "level_id",
        "code",
        "ref",
        "title",
        "description",
        "weight",
        "position",
        "goal",
        "evaluation_frequency",
        "alignment",
    ]
    update_columns = [
        "code",
        "node_id",
        "period_id",
        "percent",
        "status_text",
        "narrative",
        "note",
        "state",
        "is_current",
        "author_label",
        "review_comment",
        "created_at",
        "published_at",
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {Node._meta.db_table}")
        base = cursor.fetchone()[0] + 1
    now = time.strftime("%Y-%m-%d %H:%M:%S+00:00", time.gmtime())
    is_pg = connection.vendor == "postgresql"

    def node_rows():
        for index, parent, depth, ref, title, _progress in generate.rows(nodes):
            code = str(uuid.uuid4()) if is_pg else uuid.uuid4().hex
            yield (
                base + index,
                plan.id,
                None if parent is None else base + parent,
                levels[min(depth, len(levels) - 1)],
                code,
                ref,
                title,
                "",
                1.0,
                index,
                "",
                "",
                "[]",
            )

    def update_rows():
        for index, _parent, _depth, _ref, _title, progress in generate.rows(nodes):
            if progress is not None:
                code = str(uuid.uuid4()) if is_pg else uuid.uuid4().hex
                yield (
                    code,
                    base + index,
                    period.id,
                    progress,
                    "",
                    "",
                    "",
                    "published",
                    True,
                    "bench",
                    "",
                    now,
                    now,
                )

    with transaction.atomic():
        bulk_rows(Node._meta.db_table, node_columns, node_rows(), quote, is_pg)
        bulk_rows(ProgressUpdate._meta.db_table, update_columns, update_rows(), quote, is_pg)
        if is_pg:
            with connection.cursor() as cursor:
                for table in (Node._meta.db_table, ProgressUpdate._meta.db_table):
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT MAX(id) FROM {table}))"
                    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return plan.id


def bulk_rows(table, columns, rows, quote, is_pg) -> None:
    """Write rows straight into a table: COPY on PostgreSQL, batched INSERTs on SQLite. For
    building benchmark fixtures (bench/national.py uses it too), never for Avance's data."""
    from django.db import connection

    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if is_pg:
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) == 50_000:
                cursor.executemany(sql, batch)
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)


def measure_full(plan_id: int) -> dict[str, float]:
    """Runs in its own process: read + compute + write, each timed; peak RSS of the process."""
    from django.db import transaction

    from avance.core import rollup as core
    from avance.plans.models import Plan
    from avance.progress import rollups

    plan = Plan.objects.get(pk=plan_id)
    settings = rollups.settings_for(plan)
    figures = {}
    for attempt in range(2):
        started = time.perf_counter()
        with core.paused_gc():  # as rollups.compute() does
            rows = rollups.current_rows(plan.id)
            read = time.perf_counter()
            result = core.rollup(rows, settings)
            computed = time.perf_counter()
        with transaction.atomic():
            rollups.store(plan, None, result)
        written = time.perf_counter()
        figures[attempt] = {
            "read_s": read - started,
            "compute_s": computed - read,
            "write_s": written - computed,
            "read_and_compute_s": computed - started,
            "total_s": written - started,
        }
        del rows, result
    best = min(figures.values(), key=lambda f: f["total_s"])
    best["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    best["global_percent"] = plan.rollups.get(period=None).percent or 0.0
    return best


def measure_incremental(plan_id: int, samples: int = 30) -> dict[str, float]:
    from django.db import transaction

    from avance.plans.models import Node, Plan
    from avance.progress import rollups
    from avance.progress.actions import (
        do_approve_update,
        do_open_period,
        do_publish_update,
        do_record_progress,
    )
    from avance.progress.models import ReportingPeriod

    plan = Plan.objects.get(pk=plan_id)
    # A loaded document's report period is closed: check-ins go into an open one.
    period = plan.periods.filter(state=ReportingPeriod.State.OPEN).first() or do_open_period(
        "bench", plan, key="medicion", label="Medición"
    )
    leaves = (
        list(Node.objects.filter(plan=plan, children__isnull=True).order_by("?")[:samples])
        if samples < 100
        else []
    )
    path_times, action_times = [], []
    for i, leaf in enumerate(leaves):
        with transaction.atomic():
            update = do_record_progress("bench", leaf, period, percent=(i * 7) % 101, submit=True)
            update = do_approve_update("bench", update)
            started = time.perf_counter()
            do_publish_update("bench", update)
            action_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        with transaction.atomic():
            rollups.refresh_path(plan, leaf.id)
        path_times.append(time.perf_counter() - started)
    depth = len(rollups.ancestors(leaves[0].id)) if leaves else 0
    return {
        "path_refresh_median_ms": statistics.median(path_times) * 1000,
        "path_refresh_p90_ms": sorted(path_times)[int(len(path_times) * 0.9)] * 1000,
        "publish_action_median_ms": statistics.median(action_times) * 1000,
        "path_length": depth,
    }


def child(mode: str, plan_id: int) -> None:
    django_setup()
    result = measure_full(plan_id) if mode == "full" else measure_incremental(plan_id)
    print(json.dumps(result))


def run_on(db: str, nodes: int) -> dict[str, object]:
    env = dict(os.environ)
    scratch = None
    with tempfile.TemporaryDirectory() as tmp:
        env["AVANCE_DATA_DIR"] = tmp
        if db == "sqlite":
            env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        else:
            import psycopg

            server = os.environ.get(
                "TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
            )
            scratch = f"avance_bench_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(server, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{scratch}"')
            env["DATABASE_URL"] = server.rsplit("/", 1)[0] + "/" + scratch
        try:
            started = time.perf_counter()
            plan_id = int(_python(env, "build", str(nodes)).strip().splitlines()[-1])
            setup_s = time.perf_counter() - started
            full = json.loads(_python(env, "full", str(plan_id)).strip().splitlines()[-1])
            incremental = json.loads(
                _python(env, "incremental", str(plan_id)).strip().splitlines()[-1]
            )
        finally:
            if scratch:
                with psycopg.connect(server, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
    return {"db": db, "nodes": nodes, "setup_s": setup_s, **full, **incremental}


def _python(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, __file__, "--child", *args], env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"bench step {args} failed:\n{result.stderr}")
    return result.stdout


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--nodes", type=int, default=1_000_000)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, value = args.child
        if mode == "build":
            django_setup()
            print(build(int(value)))
        else:
            child(mode, int(value))
        return
    dbs = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    print(
        f"roll-up benchmark, {args.nodes:,} nodes; targets: full <= 5 s, incremental <= 10 ms, "
        f"peak <= 1500 MB"
    )
    for db in dbs:
        r = run_on(db, args.nodes)
        print(f"\n[{db}] set-up (bulk insert of nodes and leaf updates): {r['setup_s']:.1f} s")
        print(
            f"  full recompute: read {r['read_s']:.2f} s + compute {r['compute_s']:.2f} s "
            f"= {r['read_and_compute_s']:.2f} s; write of {args.nodes:,} results {r['write_s']:.2f} s; "
            f"total {r['total_s']:.2f} s"
        )
        print(f"  peak memory of the recompute process: {r['peak_rss_mb']:.0f} MB")
        print(
            f"  incremental (one leaf, path of {r['path_length']} nodes to the root): "
            f"median {r['path_refresh_median_ms']:.2f} ms, p90 {r['path_refresh_p90_ms']:.2f} ms; "
            f"whole publish action median {r['publish_action_median_ms']:.2f} ms"
        )
        print(f"  global progress {r['global_percent']:.2f} %")


if __name__ == "__main__":
    main()
