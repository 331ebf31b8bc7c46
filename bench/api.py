"""Benchmark the API on a generated plan: server time, on SQLite, through Django's test client.

    .venv/bin/python bench/api.py [--nodes 10000] [--runs 15]

Targets (issue 13): the tree of a 10,000-item plan (every item with its figure and explanation)
in <= 150 ms median. Also printed: the flat item list (one page of 100), the plan list, and the
throughput of a cached answer (If-None-Match → 304, decided before any view runs).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _time(client, url: str, runs: int, **headers: str) -> tuple[list[float], object]:
    started = time.perf_counter()
    client.get(url, **headers)
    print(f"  (first request of {url}: {(time.perf_counter() - started) * 1000:.0f} ms)")
    times = []
    response = None
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url, **headers)
        times.append(time.perf_counter() - started)
    return times, response


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--seconds", type=float, default=5.0, help="duration of the 304 run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update(
            AVANCE_DATA_DIR=tmp,
            DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3",
            DJANGO_SETTINGS_MODULE="avance.settings",
            AVANCE_ALLOWED_HOSTS="testserver",
            AVANCE_API_ANONYMOUS_PER_MINUTE="100000000",
        )
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import Client

        from avance.demo import load_generated

        call_command("migrate", interactive=False, verbosity=0)
        plan = load_generated("bench", args.nodes)
        client = Client()
        count = plan.nodes.count()
        print(f"API on a {count:,}-item plan; target: tree <= 150 ms median")
        urls = {
            "tree": f"/api/v1/plans/{plan.slug}/tree",
            "nodes (page)": f"/api/v1/plans/{plan.slug}/nodes",
            "plan": f"/api/v1/plans/{plan.slug}",
            "plan list": "/api/v1/plans?kind=plan_anual_trabajo",
        }
        for name, url in urls.items():
            times, response = _time(client, url, args.runs)
            assert response.status_code == 200, (url, response.status_code)
            print(
                f"  {name:13} median {statistics.median(times) * 1000:6.1f} ms  "
                f"p90 {sorted(times)[int(len(times) * 0.9)] * 1000:6.1f} ms  "
                f"({len(response.content):,} bytes)"
            )
        tree = client.get(urls["tree"])
        etag = tree["ETag"]
        done, started = 0, time.perf_counter()
        while time.perf_counter() - started < args.seconds:
            response = client.get(urls["tree"], HTTP_IF_NONE_MATCH=etag)
            assert response.status_code == 304
            done += 1
        elapsed = time.perf_counter() - started
        print(
            f"  304 (If-None-Match on the tree): {done / elapsed:,.0f} requests/s in one "
            f"process, {elapsed / done * 1000:.2f} ms each"
        )


if __name__ == "__main__":
    main()
