"""Benchmark the public pages on a generated plan: server time, uncached, on SQLite.

    .venv/bin/python bench/pages.py [--nodes 10000]

Target (issue 4): dashboard and table view median <= 150 ms. Requests go through Django's
test client (the whole stack but the network), on a scratch SQLite database.
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
    parser.add_argument("--nodes", type=int, default=10_000)
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
        from django.test import Client
        from django.test.utils import override_settings

        from avance.demo import load_generated
        from avance.plans.models import Node

        call_command("migrate", interactive=False, verbosity=0)
        plan = load_generated("bench", args.nodes)
        top = Node.objects.filter(plan=plan, parent=None).first()
        client = Client()
        pages = {
            "dashboard": f"/planes/{plan.slug}/",
            "table": f"/planes/{plan.slug}/tabla/",
            "table filtered": f"/planes/{plan.slug}/tabla/?min=50&orden=-avance&q=datos",
            "node": f"/planes/{plan.slug}/elementos/{top.code.hex}/",
            "home": "/",
        }
        print(
            f"public pages of a {plan.nodes.count():,}-item plan; target: dashboard and table <= 150 ms"
        )
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            for name, url in pages.items():
                client.get(url)  # first request: template compilation
                times = []
                for _ in range(args.runs):
                    started = time.perf_counter()
                    response = client.get(url)
                    times.append(time.perf_counter() - started)
                    assert response.status_code == 200, (url, response.status_code)
                print(
                    f"  {name:15} median {statistics.median(times) * 1000:6.1f} ms  "
                    f"p90 {sorted(times)[int(len(times) * 0.9)] * 1000:6.1f} ms  ({len(response.content):,} bytes)"
                )


if __name__ == "__main__":
    main()
