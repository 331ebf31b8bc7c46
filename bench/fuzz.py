"""Fuzz the importer: mutated documents of every format, in-process.

    .venv/bin/python bench/fuzz.py [--cases 20000] [--seed 1] [--corpus ../shared/corpus]

Prints the cases per format, how many imported or were refused with the importer's own error,
every other exception (the target is none), the slowest case (target under 5 s) and the peak
memory of the process. A failing case is kept under var/fuzz/ to reproduce it.
"""

from __future__ import annotations

import argparse
import collections
import random
import resource
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from avance.core.documents import DocumentError  # noqa: E402
from avance.core.documents.importer import import_file  # noqa: E402
from avance.core.documents.tests import fuzzing  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--corpus",
        type=Path,
        help="also mutate the real documents in this folder (../shared/corpus)",
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    outcomes: collections.Counter[tuple[str, str]] = collections.Counter()
    failures: list[str] = []
    slowest = (0.0, "")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        extra = sorted(args.corpus.rglob("*.*")) if args.corpus else []
        seeds = fuzzing.seeds(Path(tmp) / "seeds", extra)
        for number in range(args.cases):
            extension, content = fuzzing.case(seeds, rng)
            path = Path(tmp) / f"case{extension}"
            path.write_bytes(content)
            begun = time.perf_counter()
            try:
                import_file(path)
                outcome = "imported"
            except DocumentError:
                outcome = "refused"
            except Exception as exc:  # what the fuzzing looks for
                outcome = exc.__class__.__name__
                kept = ROOT / "var" / "fuzz" / f"{number}{extension}"
                kept.parent.mkdir(parents=True, exist_ok=True)
                kept.write_bytes(content)
                failures.append(f"{kept}: {traceback.format_exc(limit=-3)}")
            elapsed = time.perf_counter() - begun
            if elapsed > slowest[0]:
                slowest = (elapsed, f"case {number} ({extension}, {len(content)} bytes)")
            outcomes[(extension, outcome)] += 1
    total = time.perf_counter() - started
    print(f"{args.cases} cases in {total:.0f} s (seed {args.seed}, {len(extra)} real documents)")
    for extension in fuzzing.FORMATS:
        counts = {o: n for (e, o), n in sorted(outcomes.items()) if e == extension}
        print(f"  {extension:6} " + ", ".join(f"{o}: {n}" for o, n in counts.items()))
    print(f"other exceptions: {len(failures)}")
    print(f"slowest case: {slowest[0]:.2f} s, {slowest[1]}")
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    for failure in failures[:5]:
        print(failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
