"""Benchmark the document importer.

    .venv/bin/python bench/import.py

Targets: each seed document imports in <= 100 ms; each real document of the development corpus
(../shared/corpus/docs: PDFs of six producers, XLSX) in <= 2 s, printed with its score against
the corpus gold; a generated 100-page PDF plan in <= 5 s. Times are the median of several runs,
reading and recognition included (what `avance import` spends per file), measured in this process
after one warm-up run.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from avance.core.documents.importer import import_file  # noqa: E402
from avance.core.documents.tests import fixtures  # noqa: E402


def timed(path: Path, runs: int) -> tuple[float, int]:
    import_file(path)  # warm-up: imports and caches
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        document, _warnings = import_file(path)
        times.append(time.perf_counter() - started)
    return statistics.median(times), _count(document["nodes"])


def _count(nodes: list[dict]) -> int:
    return sum(1 + _count(n.get("children") or []) for n in nodes)


def _scores(corpus: Path) -> dict[str, float]:
    """Each corpus document's combined score against its gold file (the shared scorer)."""
    import importlib.util
    import warnings

    spec = importlib.util.spec_from_file_location(
        "score_import", ROOT.parent / "shared" / "eval" / "score_import.py"
    )
    if spec is None or spec.loader is None or not (corpus / "gold").is_dir():
        return {}
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl on extensions it does not support
        for gold in sorted((corpus / "gold").glob("*.json")):
            doc = next((corpus / "docs").glob(f"{gold.stem}.*"))
            document, _warnings = import_file(doc)
            out[gold.stem] = scorer.score(json.loads(gold.read_text()), document)["combined"]
    return out


def main() -> None:
    seeds = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
    print("document import benchmark; targets: seed <= 100 ms, 100-page PDF <= 5 s")
    for seed in seeds:
        median, count = timed(seed, 20)
        print(f"  {seed.name:32} {median * 1000:7.1f} ms  ({count} items)")
    corpus = ROOT.parent / "shared" / "corpus"
    scores = _scores(corpus)
    for path in sorted((corpus / "docs").glob("*")):
        median, count = timed(path, 3)
        score = scores.get(path.stem)
        shown = f"score {score:.3f}" if score is not None else ""
        print(f"  {path.name:40} {median:6.2f} s  ({count} items) {shown}")
    if scores:
        print(f"  corpus mean combined score {statistics.mean(scores.values()):.3f}")
    with tempfile.TemporaryDirectory() as tmp:
        pdf = fixtures.write_pdf(Path(tmp) / "plan-100.pdf", content=fixtures.large_content(116))
        import pypdfium2

        pages = len(pypdfium2.PdfDocument(str(pdf)))
        median, count = timed(pdf, 3)
        print(f"  generated PDF, {pages} pages          {median:7.2f} s   ({count} items)")


if __name__ == "__main__":
    main()
