"""Benchmark the progress report: a generated 500-node plan rendered as PDF.

    .venv/bin/python bench/reports.py [--nodes 500]

Target (issue 6): <= 5 s on this machine, data reading, HTML and PDF included. Runs on a
scratch SQLite database.
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
    parser.add_argument("--nodes", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["AVANCE_DATA_DIR"] = tmp
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "avance.settings")
        import django

        django.setup()
        from django.core.management import call_command

        from avance.demo import load_generated
        from avance.reports.formats import render

        call_command("migrate", interactive=False, verbosity=0)
        plan = load_generated("bench", args.nodes)
        render(plan, "pdf")  # warm-up: fonts, templates
        for fmt in ("html", "pdf", "xlsx"):
            times, size = [], 0
            for _ in range(3):
                started = time.perf_counter()
                size = len(render(plan, fmt))
                times.append(time.perf_counter() - started)
            print(
                f"{fmt:5} report of {plan.nodes.count()} items: median {statistics.median(times):.2f} s "
                f"({size:,} bytes){'  target <= 5 s' if fmt == 'pdf' else ''}"
            )


if __name__ == "__main__":
    main()
