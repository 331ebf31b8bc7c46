"""Fuzzing every reader with mutated documents (bounded for CI; bench/fuzz.py runs long).

Whatever the bytes, the importer either reads a plan or raises its own DocumentError; never
another exception, and never for long."""

from __future__ import annotations

import random
import resource
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from avance.core.documents import DocumentError
from avance.core.documents.importer import import_file
from avance.core.documents.tests import fuzzing

SLOWEST_SECONDS = 5.0


def fuzzed(examples: int):  # type: ignore[no-untyped-def]
    """A test run with `examples` seeds, the same ones every run (CI stays reproducible)."""

    def decorate(test):  # type: ignore[no-untyped-def]
        return settings(
            max_examples=examples,
            deadline=None,
            derandomize=True,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        )(given(st.integers(min_value=0, max_value=2**32))(test))

    return decorate


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    return fuzzing.seeds(tmp_path_factory.mktemp("seeds"))


@fuzzed(examples=250)
def test_mutated_documents_fail_only_with_the_importers_own_error(seeds, tmp_path, seed):
    extension, content = fuzzing.case(seeds, random.Random(seed))
    path = tmp_path / f"caso{extension}"
    path.write_bytes(content)
    started = time.perf_counter()
    try:
        document, _warnings = import_file(path)
    except DocumentError as exc:
        assert str(path) in str(exc)  # says which file
    else:
        assert document["schema"] == "avance.plan/1"
    assert time.perf_counter() - started < SLOWEST_SECONDS


@pytest.fixture(scope="module")
def real_seeds(tmp_path_factory):
    import os

    from avance.conftest import SHARED

    corpus = sorted((SHARED / "corpus").rglob("*.*"))
    if not corpus:
        message = f"no corpus at {SHARED / 'corpus'}"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    return fuzzing.seeds(tmp_path_factory.mktemp("real"), corpus)


@fuzzed(examples=40)
def test_mutated_real_documents_fail_only_with_the_importers_own_error(real_seeds, tmp_path, seed):
    """The same on the real PDFs and workbooks of the corpus, whose deeper paths (tables,
    columns, positions) small seeds do not reach."""
    extension, content = fuzzing.case(real_seeds, random.Random(seed))
    path = tmp_path / f"real{extension}"
    path.write_bytes(content)
    started = time.perf_counter()
    try:
        import_file(path)
    except DocumentError as exc:
        assert str(path) in str(exc)
    assert time.perf_counter() - started < SLOWEST_SECONDS


def test_the_fuzzing_left_memory_bounded():
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert peak_mb < 1500
