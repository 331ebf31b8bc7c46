"""A country-sized installation on PostgreSQL, and the figures that matter on it.

    .venv/bin/python bench/national.py [--scale 1.0] [--reuse] [--site-sample 100]

Builds (or, with --reuse, keeps) the database `avance_national` on the PostgreSQL server named by
TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres): 2,500 institutions,
32 networks with their members, 25,000 published plans with 1,000,000 items (one of 50,000, the
rest about 38 each; shapes from the demo generator, avance.demo.generate), 8 published periods
per plan and about 4,000,000 published progress updates, and every plan's current roll-up. Rows
are written with COPY, as a restore would: a benchmark fixture, not a way data enters Avance
(that is the actions' job). --scale 0.1 builds a tenth of it.

Then it measures, through the whole Django stack in this process (median of --runs):
the home page, an institution's page, a plan's dashboard and table (a typical plan and the
largest), a filtered table, the API's plan list with filters; the full roll-up of the largest
plan; the incremental roll-up of one publication on it (and the whole publishing action); the
render of one plan's site files; and `avance publish-site` over --site-sample plans, with the
files per second and the time that rate gives for the whole country.

Targets (issue 15): pages and the API list <= 150 ms median, full roll-up <= 5 s, incremental
publication <= 10 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from rollup import bulk_rows  # noqa: E402  (bench/rollup.py: COPY on PostgreSQL)

NAME = "avance_national"
INSTITUTIONS = 2_500
NETWORKS = 32
PLANS = 25_000
ITEMS = 1_000_000
LARGEST = 50_000
PERIODS = 8
UPDATES = 4_000_000
START = dt.datetime(2025, 1, 1, 12, 0, tzinfo=dt.UTC)


def server_url() -> str:
    return os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def prepare_database(reuse: bool, scale: float) -> str:
    # A smaller build gets a database of its own, so trying one never drops the country.
    name = NAME if scale == 1 else f"{NAME}_{str(scale).replace('.', '_')}"
    import psycopg

    base = server_url()
    with psycopg.connect(base, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reuse:
            return base.rsplit("/", 1)[0] + "/" + name
        if exists:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return base.rsplit("/", 1)[0] + "/" + name


def timed(label: str, started: float) -> float:
    now = time.perf_counter()
    print(f"  {label}: {now - started:.1f} s", flush=True)
    return now


def build(scale: float) -> None:
    """Write the installation with COPY, then the current roll-ups."""
    from django.db import connection

    from avance.core import rollup as core
    from avance.demo import generate

    institutions = max(2, int(INSTITUTIONS * scale))
    plans = max(2, int(PLANS * scale))
    largest = max(100, int(LARGEST * scale))
    per_plan = max(11, round((ITEMS * scale - largest) / (plans - 1)))
    rng = random.Random(2026)
    print(
        f"building: {institutions:,} institutions, {NETWORKS} networks, {plans:,} plans, "
        f"about {largest + per_plan * (plans - 1):,} items, {PERIODS} periods each",
        flush=True,
    )
    started = time.perf_counter()

    def copy(table: str, columns: str, rows: Iterable[tuple[Any, ...]], *tail: Any) -> None:
        """COPY rows into `table`; `tail` is the same last values for every row."""
        names = columns.split()
        rows = ((*row, *tail) for row in rows) if tail else rows
        bulk_rows(table, names, rows, connection.ops.quote_name, True)

    org_rows, member_rows = [], []
    for i in range(institutions):
        org_rows.append(
            (i + 1, f"Institución {i + 1:04d}", f"I{i + 1:04d}", f"inst-{i + 1:04d}", "institution")
        )
    for n in range(NETWORKS):
        oid = institutions + n + 1
        org_rows.append((oid, f"Red {n + 1:02d}", f"R{n + 1:02d}", f"red-{n + 1:02d}", "network"))
        for i in range(n, institutions, NETWORKS):
            member_rows.append((len(member_rows) + 1, dt.date(2024, 1, 1), oid, i + 1))
    copy(
        "organizations_organization",
        "id name acronym slug kind website address color description email logo phone",
        org_rows,
        *[""] * 7,
    )
    copy("networks_member", "id joined network_id organization_id", member_rows)
    started = timed("institutions and networks", started)

    plan_rows, level_rows, period_rows = [], [], []
    sizes = [largest] + [per_plan] * (plans - 1)
    for p in range(plans):
        pid = p + 1
        owner = p % institutions + 1
        year = 2025 if p % 5 else 2024
        plan_rows.append(
            (
                pid,
                uuid.uuid4(),
                f"plan-{pid:05d}",
                f"Programa de trabajo {pid:05d} de la Institución {owner:04d}",
                "programa_anual" if p % 3 else "plan_accion_estado_abierto",
                dt.date(year, 1, 1),
                dt.date(year, 12, 31),
                owner,
            )
        )
        for position, level in enumerate(generate.LEVELS):
            level_rows.append((p * len(generate.LEVELS) + position + 1, position, level, "", pid))
        for k in range(PERIODS):
            period_rows.append(
                (
                    p * PERIODS + k + 1,
                    f"{year}-b{k + 1}",
                    f"Informe {k + 1} de {year}",
                    dt.date(year, 1, 1) + dt.timedelta(days=45 * k),
                    dt.date(year, 1, 1) + dt.timedelta(days=45 * k + 44),
                    pid,
                    START + dt.timedelta(days=45 * k + 50),
                )
            )
    # (columns, the value every plan has)
    same = {
        "published_at": START,
        "created_at": START,
        "updated_at": START,
        "region": "{}",
        "alignment": "[]",
        "rollup_method": "mean",
        "rollup_missing": "skip",
        "state": "published",
    }
    blank = [
        "author_name",
        "author_position",
        "author_organization",
        "mission",
        "vision",
        "objective",
        "program",
        "strategy",
        "goal",
        "evaluation_frequency",
        "evaluation_evaluator",
        "evaluation_method",
        "indicator_progress",
    ]
    copy(
        "plans_plan",
        "id code slug title kind start end owner_id " + " ".join([*same, *blank]),
        plan_rows,
        *same.values(),
        *[""] * len(blank),
    )
    copy("plans_level", "id position name plural plan_id", level_rows)
    copy(
        "progress_reportingperiod",
        "id key label start end plan_id published_at state presented_at",
        period_rows,
        "published",
        "",
    )
    started = timed("plans, levels and periods", started)

    # per plan: (node, parent, the leaf's [(period index, percent)] or None for inner nodes)
    tree_rows: dict[int, list[tuple[int, int | None, list[tuple[int, float]] | None]]] = {}
    node_rows: list[tuple[Any, ...]] = []
    updates: list[tuple[Any, ...]] = []
    for p, size in enumerate(sizes):
        pid = p + 1
        ids: list[int] = []
        rows = []
        for index, parent, depth, ref, title, progress in generate.rows(size, seed=pid):
            node_id = len(node_rows) + 1
            ids.append(node_id)
            parent_id = ids[parent] if parent is not None else None
            level = p * len(generate.LEVELS) + min(depth, len(generate.LEVELS) - 1) + 1
            node_rows.append((node_id, uuid.uuid4(), ref, title, index, level, parent_id, pid))
            timeline = None
            if progress is not None:
                timeline = _updates(updates, rng, node_id, p, progress)
            rows.append((node_id, parent_id, timeline))
        tree_rows[pid] = rows
    copy(
        "plans_node",
        "id code ref title position level_id parent_id plan_id description weight goal "
        "evaluation_frequency alignment",
        node_rows,
        "",
        1.0,
        "",
        "",
        "[]",
    )
    started = timed(f"{len(node_rows):,} items", started)
    copy(
        "progress_progressupdate",
        "id code node_id period_id percent state is_current created_at published_at "
        "status_text narrative note author_label review_comment",
        ((i + 1, uuid.uuid4(), *row) for i, row in enumerate(updates)),
        "",
        "",
        "",
        "nacional",
        "",
    )
    started = timed(f"{len(updates):,} progress updates", started)

    # Every plan's roll-up at current values and at each published period, as publication
    # stores them; the items' rows go through a file, since one connection copies one table.
    settings = core.Settings(method="mean", missing="skip")
    rollup_rows = []
    with tempfile.TemporaryFile("w+") as spool:
        for pid, tree in tree_rows.items():
            for k in [None, *range(PERIODS)]:
                rows = [
                    (nid, parent, 1.0, _value_at(timeline, k), None)
                    for nid, parent, timeline in tree
                ]
                result = core.rollup(rows, settings)
                rid = pid if k is None else plans + (pid - 1) * PERIODS + k + 1
                period_id = None if k is None else (pid - 1) * PERIODS + k + 1
                total = result.total
                at = START + dt.timedelta(days=400 if k is None else 45 * k + 50)
                rollup_rows.append(
                    (rid, total.percent, total.inputs, len(rows), at, period_id, pid)
                )
                for node, percent, inputs, lsum, lcount, _excluded in result.items():
                    shown = "\\N" if percent is None else repr(percent)
                    spool.write(f"{rid}\t{node}\t{shown}\t{inputs}\t{lsum!r}\t{lcount}\t\\N\n")
        spool.seek(0)
        copy(
            "progress_rollup",
            "id percent inputs node_count computed_at period_id plan_id method missing "
            "excluded_statuses excluded",
            rollup_rows,
            "mean",
            "skip",
            "[]",
            "[]",
        )
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(
                "COPY progress_noderollup (rollup_id, node_id, percent, inputs, leaf_sum, "
                "leaf_count, excluded) FROM STDIN"
            ) as stream,
        ):
            while chunk := spool.read(1 << 20):
                stream.write(chunk)
    started = timed(f"{len(rollup_rows):,} roll-ups (current and per period)", started)
    with connection.cursor() as cursor:
        for table in (
            "organizations_organization",
            "networks_member",
            "plans_plan",
            "plans_level",
            "plans_node",
            "progress_reportingperiod",
            "progress_progressupdate",
            "progress_rollup",
        ):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        cursor.execute("ANALYZE")
    timed("sequences and ANALYZE", started)


def _updates(
    out: list[tuple[Any, ...]], rng: random.Random, node_id: int, plan_index: int, final: float
) -> list[tuple[int, float]]:
    """A leaf's published updates: rising towards `final` over the periods it reported in
    (about 4.5 of 8, so that the country has about 4,000,000). Returns (period, percent)."""
    chosen = [k for k in range(PERIODS) if rng.random() < 0.56] or [PERIODS - 1]
    last = chosen[-1]
    timeline = []
    for k in chosen:
        percent = round(final * (k + 1) / PERIODS, 1)
        at = START + dt.timedelta(days=45 * k + 50)
        out.append((node_id, plan_index * PERIODS + k + 1, percent, "published", k == last, at, at))
        timeline.append((k, percent))
    return timeline


def _value_at(timeline: list[tuple[int, float]] | None, k: int | None) -> float | None:
    """The leaf's published value at period k (None: current values)."""
    if not timeline:
        return None
    if k is None:
        return timeline[-1][1]
    value = None
    for period, percent in timeline:
        if period > k:
            break
        value = percent
    return value


def median_ms(client: Any, url: str, runs: int) -> tuple[float, int]:
    client.get(url)
    times = []
    status = 0
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        status = response.status_code
    return statistics.median(times), status


def measure(runs: int, site_sample: int) -> None:
    from django.conf import settings
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import override_settings

    from avance.plans.models import Node, Plan
    from avance.portal.site import render
    from avance.progress import published, rollups
    from avance.progress.actions import (
        do_approve_update,
        do_open_period,
        do_publish_update,
        do_recompute_rollup,
        do_record_progress,
    )

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM organizations_organization), "
            "(SELECT count(*) FROM plans_plan), (SELECT count(*) FROM plans_node), "
            "(SELECT count(*) FROM progress_progressupdate)"
        )
        orgs, plans, items, updates = cursor.fetchone()
    print(
        f"database: {orgs:,} organisations, {plans:,} plans, {items:,} items, "
        f"{updates:,} progress updates (PostgreSQL {connection.pg_version // 10000})"
    )
    largest = Plan.objects.get(id=1)
    typical = Plan.objects.get(id=2)
    client = Client()
    print(f"pages, median of {runs} (server time, whole Django stack):")
    pages = {
        "home": "/",
        "institution": f"/instituciones/{typical.owner.slug}/",
        "dashboard (typical plan)": f"/planes/{typical.slug}/",
        "table (typical plan)": f"/planes/{typical.slug}/tabla/",
        f"dashboard (largest, {largest.nodes.count():,} items)": f"/planes/{largest.slug}/",
        "table (largest)": f"/planes/{largest.slug}/tabla/",
        "table filtered (largest)": f"/planes/{largest.slug}/tabla/?q=datos&min=50",
        "API plan list, filtered": f"/api/v1/plans?institution={typical.owner.slug}&year=2025",
        "API plan list, page 100": "/api/v1/plans?page=100",
    }
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        for name, url in pages.items():
            published._RECENT.views.clear()  # the first read of each plan, not the cached one
            ms, status = median_ms(client, url, runs)
            print(f"  {name:34} {ms:8.1f} ms  ({status})")

    started = time.perf_counter()
    do_recompute_rollup("bench", largest)
    print(f"full roll-up of the largest plan: {time.perf_counter() - started:.2f} s")

    period = do_open_period(
        "bench",
        largest,
        key=f"medicion-{int(time.time())}",  # a new one per run (--reuse)
        label="Medición",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
    )
    leaves = list(Node.objects.filter(plan=largest, children__isnull=True).order_by("?")[:20])
    refresh_times, action_times = [], []
    for i, leaf in enumerate(leaves):
        # As bench/rollup.py: the action in its transaction, then the path refresh alone.
        with transaction.atomic():
            update = do_record_progress("bench", leaf, period, percent=(i * 7) % 101, submit=True)
            update = do_approve_update("bench", update)
            started = time.perf_counter()
            do_publish_update("bench", update)
            action_times.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        with transaction.atomic():
            rollups.refresh_path(largest, leaf.id)
        refresh_times.append((time.perf_counter() - started) * 1000)
    print(
        f"incremental roll-up on publication (largest plan, {len(rollups.ancestors(leaves[0].id))}"
        f" levels): {statistics.median(refresh_times):.1f} ms; the whole publishing action "
        f"{statistics.median(action_times):.1f} ms (medians of {len(leaves)})"
    )

    with tempfile.TemporaryDirectory() as public, override_settings(PUBLIC_DIR=Path(public)):
        started = time.perf_counter()
        one = render.render_plan(typical)
        seconds = time.perf_counter() - started
        print(f"render of one plan's site files: {one.files} files in {seconds:.2f} s")
        if not site_sample:
            return
        sample = list(Plan.objects.filter(id__gt=2).order_by("id")[:site_sample])
        jobs = os.cpu_count() or 1
        started = time.perf_counter()
        done = render.render_site(sample, jobs=jobs, site_pages=False)
        seconds = time.perf_counter() - started
        rate = done.files / seconds
        started = time.perf_counter()
        site = render.render_site_pages()
        site_seconds = time.perf_counter() - started
        total = (one.files * plans) / rate + site_seconds
        print(
            f"publish-site --jobs {jobs}: {len(sample)} plans, {done.files:,} files in "
            f"{seconds:.0f} s ({rate:.0f} files/s); the site pages (home, directory, catalogue, "
            f"{site.files:,} files with every institution's) in {site_seconds:.0f} s; so the whole "
            f"country ({plans:,} plans, about {one.files * plans + site.files:,} files) takes "
            f"about {total / 3600:.1f} h on this machine"
        )
    del settings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--reuse", action="store_true", help="keep an existing database")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--site-sample", type=int, default=100)
    args = parser.parse_args()
    url = prepare_database(args.reuse, args.scale)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update(
            AVANCE_DATA_DIR=tmp, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="avance.settings"
        )
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", interactive=False, verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM plans_plan")
            empty = cursor.fetchone()[0] == 0
        if empty:
            started = time.perf_counter()
            build(args.scale)
            print(f"built in {time.perf_counter() - started:.0f} s", flush=True)
        print(f"machine: {os.cpu_count()} cores; {sys.version.split()[0]}")
        measure(args.runs, args.site_sample)


if __name__ == "__main__":
    main()
