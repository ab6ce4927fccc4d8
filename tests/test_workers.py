"""`kg build --workers N`: worker processes give byte-for-byte the output of one process."""

from __future__ import annotations

import json
from itertools import islice
from pathlib import Path

import pytest

from kg import inputs, pipeline
from kg.cli import main
from kg.pipeline import build_dataset, iter_results
from kg.rdfio import serialize

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds" / "seeds.jsonl"
DEV = SHARED / "eval" / "dev" / "docs.jsonl"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (SEEDS.exists() and DEV.exists()), reason=f"{SHARED} not found"),
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The seeds and four dev articles, as one JSON Lines file."""
    lines = SEEDS.read_text(encoding="utf-8").splitlines()
    with DEV.open(encoding="utf-8") as fh:
        lines += [line.rstrip("\n") for line in islice(fh, 4)]
    path = tmp_path_factory.mktemp("corpus") / "docs.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert len(lines) == 6 and all(json.loads(line)["text"] for line in lines)
    return path


@pytest.mark.parametrize("forked", [True, False], ids=["forked", "fresh"])
def test_two_workers_in_small_chunks_give_identical_turtle(corpus, monkeypatch, forked):
    # Forked from this process (models loaded once, here) or fresh interpreters loading their own.
    monkeypatch.setattr(pipeline, "_fork_ready", lambda: forked)
    docs = list(inputs.read_documents([str(corpus)]))
    # chunks of two documents: every worker gets work, results come back interleaved
    one = serialize(build_dataset(iter_results(docs, workers=1, chunk=2)), "turtle")
    two = serialize(build_dataset(iter_results(docs, workers=2, chunk=2)), "turtle")
    assert b"dg:confidence" in one and one.count(b"\n") > 200
    assert one == two


@pytest.mark.parametrize("suffix", ["ttl", "nq"])
def test_cli_workers_give_identical_files(tmp_path, corpus, suffix):
    outs = []
    for workers in (1, 2):
        out = tmp_path / f"w{workers}.{suffix}"
        assert main(["build", str(corpus), "-o", str(out), "--workers", str(workers), "-q"]) == 0
        outs.append(out.read_bytes())
    assert len(outs[0]) > 10_000
    assert outs[0] == outs[1]


def test_results_keep_input_order_with_workers(corpus):
    docs = list(inputs.read_documents([str(corpus)]))
    got = [r.doc.id for r in iter_results(docs, workers=2, chunk=1)]
    assert got == [d.id for d in docs]


def test_workers_fork_only_where_blas_is_single_threaded(monkeypatch):
    import numpy  # noqa: F401 — loaded: OpenBLAS has read its thread count

    monkeypatch.setattr(pipeline.sys, "platform", "linux")
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "1")
    assert pipeline._fork_ready()
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "4")
    assert not pipeline._fork_ready()  # forked workers would each run 4 BLAS threads
    monkeypatch.setattr(pipeline.sys, "platform", "darwin")
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "1")
    assert not pipeline._fork_ready()
