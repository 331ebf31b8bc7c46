"""Benchmark the public pages on a generated plan: server time, uncached, on SQLite.

    .venv/bin/python bench/pages.py [--nodes 10000]

Targets: dashboard and table view median <= 150 ms (issue 4); with indicators on a tenth of
the items (issue 11, `--indicators 0.1`, the default), the indicators page and an item page with
indicators too. Requests go through Django's test client (the whole stack but the network), on
a scratch SQLite database.
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
    parser.add_argument(
        "--indicators", type=float, default=0.1, help="share of items with an indicator"
    )
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
        from avance.progress import published

        call_command("migrate", interactive=False, verbosity=0)
        plan = load_generated("bench", args.nodes)
        top = Node.objects.filter(plan=plan, parent=None).first()
        started = time.perf_counter()
        measured = _indicators(plan, args.indicators)
        print(
            f"{len(measured):,} indicators with a published measurement "
            f"(built in {time.perf_counter() - started:.0f} s)"
        )
        client = Client()
        pages = {
            "dashboard": f"/planes/{plan.slug}/",
            "table": f"/planes/{plan.slug}/tabla/",
            "table filtered": f"/planes/{plan.slug}/tabla/?min=50&orden=-avance&q=datos",
            "node": f"/planes/{plan.slug}/elementos/{top.code.hex}/",
            "home": "/",
            "indicators": f"/planes/{plan.slug}/indicadores/",
            "indicators red": f"/planes/{plan.slug}/indicadores/?semaforo=rojo",
            "node+indicator": f"/planes/{plan.slug}/elementos/{measured[0].node.code.hex}/",
        }
        print(
            f"public pages of a {plan.nodes.count():,}-item plan; target: dashboard and table <= 150 ms"
        )
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            for name, url in pages.items():
                client.get(url)  # first request: template compilation
                times = []
                for _ in range(args.runs):
                    published._RECENT.views.clear()  # uncached: no view kept from the last run
                    started = time.perf_counter()
                    response = client.get(url)
                    times.append(time.perf_counter() - started)
                    assert response.status_code == 200, (url, response.status_code)
                print(
                    f"  {name:15} median {statistics.median(times) * 1000:6.1f} ms  "
                    f"p90 {sorted(times)[int(len(times) * 0.9)] * 1000:6.1f} ms  ({len(response.content):,} bytes)"
                )


def _indicators(plan, share: float) -> list:
    """An indicator on every n-th item, with a goal and a published measurement (through the
    actions), so that a third of them are red, yellow and green."""
    import datetime as dt

    from avance.indicators import actions
    from avance.plans.models import Node
    from avance.progress.actions import do_open_period

    if share <= 0:
        return []
    period = do_open_period(
        "bench",
        plan,
        key="bench",
        label="Bench",
        start=dt.date(2025, 1, 1),
        end=dt.date(2025, 12, 31),
    )
    every = max(1, round(1 / share))
    made = []
    for i, node in enumerate(Node.objects.filter(plan=plan).order_by("id")[::every]):
        indicator = actions.do_create_indicator(
            "bench",
            node,
            name=f"Indicador {i}",
            expression="(A / B) * 100",
            mir_level=["componente", "actividad"][i % 2],
        )
        actions.do_set_goal("bench", indicator, period, 80)
        value = [85, 75, 50][i % 3]
        measurement = actions.do_record_measurement(
            "bench", indicator, period, {"A": value, "B": 100}, narrative="bench", submit=True
        )
        actions.do_change_measurement("bench", measurement, "approve")
        actions.do_change_measurement("bench", measurement, "publish")
        made.append(indicator)
    return made


if __name__ == "__main__":
    main()
