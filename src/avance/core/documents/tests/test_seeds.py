"""The importer against the hand-checked gold readings of the seed documents."""

from __future__ import annotations

import importlib.util

from avance.core.documents.importer import import_file


def test_the_seed_documents_import_as_the_gold_files_read_them(shared):
    spec = importlib.util.spec_from_file_location(
        "score_import", shared / "eval" / "score_import.py"
    )
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    scores = {}
    for seed in sorted((shared / "seeds").glob("*.txt")):
        document, _warnings = import_file(seed)
        gold = scorer.load(shared / "gold" / f"{seed.stem}.json")
        scores[seed.stem] = scorer.score(gold, document)["combined"]
    assert min(scores.values()) >= 0.90, scores
    assert sum(scores.values()) / len(scores) >= 0.95, scores


def test_it_warns_about_what_a_person_should_check(shared):
    _document, warnings = import_file(next((shared / "seeds").glob("001_*.txt")))
    text = "\n".join(warnings)
    assert "Compromiso 1.5" in text and "declares 23% but the mean of its items is 36.25%" in text
    assert "declares 42% global progress" in text
    _document, warnings = import_file(next((shared / "seeds").glob("002_*.txt")))
    assert any("duplicate number Actividad 5" in w for w in warnings)
