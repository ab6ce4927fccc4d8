"""`kg build --dask`: extraction on a Dask LocalCluster gives what a local build gives."""

from __future__ import annotations

import json
from itertools import islice
from pathlib import Path

import pytest

from kg.errors import OutputError

distributed = pytest.importorskip("dask.distributed")

from kg import inputs  # noqa: E402
from kg.cli import main  # noqa: E402
from kg.commands.build_store import build_into_nquads, build_into_store  # noqa: E402
from kg.dask_build import build_on_dask, ordered_map, shard_path  # noqa: E402
from kg.store import open_store  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds" / "seeds.jsonl"
DEV = SHARED / "eval" / "dev" / "docs.jsonl"
needs_corpus = pytest.mark.skipif(not (SEEDS.exists() and DEV.exists()), reason=f"{SHARED} not found")


@pytest.fixture(scope="module")
def cluster():
    # Threads in this process: quick to start; the models load once for the module.
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as c:
        yield c


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Five documents: the two seeds and three dev articles."""
    lines = SEEDS.read_text(encoding="utf-8").splitlines()
    with DEV.open(encoding="utf-8") as fh:
        lines += [line.rstrip("\n") for line in islice(fh, 3)]
    path = tmp_path_factory.mktemp("corpus") / "docs.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert len(lines) == 5 and all(json.loads(line)["id"] for line in lines)
    return path


def quads(store) -> set:
    return {(q.subject, q.predicate, q.object, q.graph_name) for q in store}


def test_shard_names():
    assert shard_path("out/graph.nq", 0) == Path("out/graph-00000.nq")
    assert shard_path("graph.nq", 12) == Path("graph-00012.nq")


def test_triple_formats_are_refused_before_any_work(tmp_path):
    with pytest.raises(OutputError, match="sharded N-Quads"):
        build_on_dask("tcp://127.0.0.1:1", [], output=tmp_path / "graph.ttl")


def test_ordered_map_keeps_order_with_a_bounded_window(cluster):
    with distributed.Client(cluster) as client:
        for window in (1, 2, 5):
            assert list(ordered_map(client, lambda x: x * x, range(7), window)) == [x * x for x in range(7)]


@needs_corpus
@pytest.mark.slow
def test_shards_hold_the_local_nquads(cluster, corpus, tmp_path):
    docs = list(inputs.read_documents([str(corpus)]))
    local = tmp_path / "local.nq"
    expected = build_into_nquads(local, docs, workers=1, quiet=True)
    stale = tmp_path / "graph-00042.nq"
    stale.write_text("left from an older run\n")

    stats = build_on_dask(cluster.scheduler_address, docs, output=tmp_path / "graph.nq", chunk=2, quiet=True)
    shards = sorted(tmp_path.glob("graph-*.nq"))
    # three chunks of documents and the merged confidences
    assert [p.name for p in shards] == [f"graph-{k:05d}.nq" for k in range(4)]
    assert b"".join(p.read_bytes() for p in shards) == local.read_bytes()
    assert {k: stats[k] for k in expected} == expected
    assert stats["documents"] == 5 and stats["facts"] > 0


@needs_corpus
@pytest.mark.slow
def test_store_on_the_cluster_equals_a_local_store(cluster, corpus, tmp_path):
    docs = list(inputs.read_documents([str(corpus)]))
    local = build_into_store(tmp_path / "local", docs, workers=1, quiet=True)
    remote = build_on_dask(cluster.scheduler_address, docs, store_dir=tmp_path / "dask", chunk=2, quiet=True)
    assert remote == local
    assert quads(open_store(tmp_path / "dask")) == quads(open_store(tmp_path / "local"))
    again = build_on_dask(cluster.scheduler_address, docs, store_dir=tmp_path / "dask", quiet=True)
    assert (again["documents"], again["skipped"]) == (0, 5)


@needs_corpus
@pytest.mark.slow
def test_cli_dask_option(cluster, corpus, tmp_path):
    out = tmp_path / "cli.nq"
    assert main(["build", str(corpus), "-o", str(out), "--dask", cluster.scheduler_address, "-q"]) == 0
    shards = sorted(tmp_path.glob("cli-*.nq"))
    assert len(shards) == 2  # one chunk of five documents, then the merged confidences
    assert b"prov#wasDerivedFrom" in shards[0].read_bytes()


@pytest.mark.slow
def test_the_overlays_travel_with_the_chunks(cluster, tmp_path):
    from kg.overlays import read_overlay
    from kg.records import Document

    (tmp_path / "mine.toml").write_text('[[frame]]\nid = "mine.warned.chide"\ntype = "warned"\npos = "VERB"\n'
                                        'lemmas = ["пожурить"]\nagent = ["subject"]\ntarget = ["obj"]\n',
                                        encoding="utf-8")
    layers = (read_overlay(tmp_path / "mine.toml", "lexicon"),)
    docs = [Document(id="a", text="Россия пожурила Норвегию за учения.")]
    build_into_nquads(tmp_path / "local.nq", docs, workers=1, quiet=True, layers=layers)
    build_on_dask(cluster.scheduler_address, docs, output=tmp_path / "graph.nq", quiet=True, layers=layers)
    shards = b"".join(p.read_bytes() for p in sorted(tmp_path.glob("graph-*.nq")))
    assert shards == (tmp_path / "local.nq").read_bytes()
    assert b'"mine.warned.chide"' in shards and b"/overlay/" in shards
