"""Benchmark a large network's public pages: server time, uncached, on SQLite.

    .venv/bin/python bench/networks.py [--members 32 --variables 50 --periods 8]

Target (issue 12): the network pages of 32 members × 50 variables × 8 periods render with a
median ≤ 150 ms. The network is generated through the actions (avance.demo.network.generate);
requests go through Django's test client (the whole stack but the network).
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=32)
    parser.add_argument("--variables", type=int, default=50)
    parser.add_argument("--periods", type=int, default=8)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update(
            AVANCE_DATA_DIR=tmp,
            DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3",
            DJANGO_SETTINGS_MODULE="avance.settings",
        )
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import override_settings

        from avance.demo.network import generate
        from avance.networks.models import Submission

        call_command("migrate", interactive=False, verbosity=0)
        started = time.perf_counter()
        network = generate(
            "bench", members=args.members, variables=args.variables, periods=args.periods
        )
        print(
            f"network of {args.members} members × {args.variables} variables × {args.periods} "
            f"periods: {Submission.objects.count():,} approved submissions "
            f"(built in {time.perf_counter() - started:.0f} s)"
        )
        base = f"/instituciones/{network.slug}"
        pages = {
            "network page": f"{base}/",
            "statistics": f"{base}/estadisticas/",
            "variable comparison": f"{base}/estadisticas/formulario/V10/",
            "member drill-down": f"{base}/estadisticas/formulario/miembros/m07/",
            "agenda matrix": f"{base}/agenda/",
            "tidy CSV (all periods)": f"{base}/estadisticas/datos.csv",
        }
        client = Client()
        override_settings(ALLOWED_HOSTS=["testserver"]).enable()
        worst = 0.0
        for name, url in pages.items():
            times = []
            queries: list[str] = []
            # Django clears connection.queries when a request starts: count with a wrapper.
            with connection.execute_wrapper(_counter(queries)):
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            size = len(response.content)
            for _ in range(args.runs):
                t0 = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - t0) * 1000)
            median = statistics.median(times)
            worst = max(worst, median) if "CSV" not in name else worst
            print(
                f"{name:24} median {median:7.1f} ms  p90 {sorted(times)[int(len(times) * 0.9)]:7.1f}"
                f" ms  {len(queries):3} queries  {size / 1024:6.0f} KB"
            )
        verdict = "PASS" if worst <= 150 else "FAIL"
        print(f"slowest page median {worst:.1f} ms (target ≤ 150 ms): {verdict}")


def _counter(queries: list[str]):  # type: ignore[no-untyped-def]
    def count(run, sql, *rest):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return run(sql, *rest)

    return count


if __name__ == "__main__":
    main()
