"""The persistent store: incremental puts, shared events, kills mid-write, export."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF

from kg.errors import QueryError, StoreError
from kg.rdfio import load_dataset, union_graph
from kg.store import (
    document_graph_iri,
    document_ids,
    export_store,
    open_store,
    put_document,
    query_store,
    should_skip,
    store_graph,
    stored_hash,
)
from kg.vocab import DG, DGR

SHARED_EVENT = DGR["event/shared-talks"]


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def doc_graph(doc_id: str, text: str) -> Graph:
    """What the pipeline would derive: the document, one own event, one shared event."""
    g = Graph()
    d = DGR[f"doc/{doc_id}"]
    g.add((d, RDF.type, DG.Document))
    g.add((d, DCTERMS.identifier, Literal(doc_id)))
    own = DGR[f"event/{doc_id}-{sha(text)[:8]}"]
    g.add((own, RDF.type, DG.Demand))
    g.add((own, DG.evidence, Literal(text, lang="ru")))
    g.add((own, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), d))
    g.add((SHARED_EVENT, RDF.type, DG.HeldTalks))
    g.add((SHARED_EVENT, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), d))
    return g


def graph_of(store, doc_id: str) -> set:
    import pyoxigraph as ox

    name = ox.NamedNode(document_graph_iri(doc_id))
    return {
        (q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, name)
    }


def test_graph_iri_is_stable_and_encodes_reserved_characters():
    iri = document_graph_iri("a/b c?#ä")
    assert iri == document_graph_iri("a/b c?#ä")
    assert iri.startswith(str(DGR) + "doc/") and iri.endswith("/graph")
    middle = iri[len(str(DGR) + "doc/") : -len("/graph")]
    assert not set(middle) & set("/ ?#")
    assert document_graph_iri("a") != document_graph_iri("b")
    with pytest.raises(StoreError):
        document_graph_iri("")


def test_incremental_puts(tmp_path):
    store = open_store(tmp_path / "s")
    put_document(store, "A", sha("text A"), doc_graph("A", "text A"))
    put_document(store, "B", sha("text B"), doc_graph("B", "text B"))
    assert stored_hash(store, "A") == sha("text A")
    assert stored_hash(store, "C") is None
    assert should_skip(store, "A", sha("text A"))
    assert not should_skip(store, "A", sha("text A, edited"))
    assert not should_skip(store, "C", sha("anything"))
    assert sorted(document_ids(store)) == ["A", "B"]
    before_b = graph_of(store, "B")
    before_a = graph_of(store, "A")

    # A changes: only A's graph is replaced, B untouched, the shared event survives.
    put_document(store, "A", sha("text A, edited"), doc_graph("A", "text A, edited"))
    assert graph_of(store, "B") == before_b
    after_a = graph_of(store, "A")
    assert after_a != before_a
    assert stored_hash(store, "A") == sha("text A, edited")
    evidence = query_store(store, "SELECT ?t WHERE { ?e dg:evidence ?t } ORDER BY ?t")
    assert [str(row[0]) for row in evidence] == ["text A, edited", "text B"]
    sources = query_store(
        store,
        "SELECT DISTINCT ?e ?d WHERE { ?e prov:wasDerivedFrom ?d } ORDER BY ?d",
        {"e": SHARED_EVENT},
    )
    assert sources == [(SHARED_EVENT, DGR["doc/A"]), (SHARED_EVENT, DGR["doc/B"])]
    assert len(after_a) == len(before_a)  # replaced, not added to


def test_merged_graph_holds_each_triple_once(tmp_path):
    store = open_store(tmp_path / "s")
    for d in ("A", "B", "C"):
        put_document(store, d, sha(d), doc_graph(d, d))
    query = "SELECT ?e ?t WHERE { ?e a ?t }"
    rows = query_store(store, query, {"e": SHARED_EVENT})
    assert rows == [(SHARED_EVENT, DG.HeldTalks)]  # in three document graphs, merged once
    put_document(store, "A", sha("A2"), doc_graph("A", "A2"))  # re-put: still once
    assert query_store(store, query, {"e": SHARED_EVENT}) == rows


def test_shared_event_survives_while_any_document_reports_it(tmp_path):
    from kg.store import remove_document

    store = open_store(tmp_path / "s")
    put_document(store, "A", sha("a"), doc_graph("A", "a"))
    put_document(store, "B", sha("b"), doc_graph("B", "b"))
    remove_document(store, "A")
    ask = "ASK { ?e a dg:HeldTalks }"
    assert query_store(store, ask, {"e": SHARED_EVENT}) is True
    remove_document(store, "B")
    assert query_store(store, ask) is False


def test_tricky_literals_round_trip(tmp_path):
    store = open_store(tmp_path / "s")
    g = Graph()
    text = 'кавычки " и \\ обратная черта\nновая строка\tтаб \u2028 } GRAPH <x> {'
    g.add((DGR["doc/x"], DG.evidence, Literal(text, lang="ru")))
    g.add((DGR["doc/x"], DG.confidence, Literal(0.5)))
    put_document(store, "x", sha(text), g)
    rows = query_store(store, "SELECT ?t ?c WHERE { ?d dg:evidence ?t ; dg:confidence ?c }")
    assert rows == [(Literal(text, lang="ru"), Literal(0.5))]


def test_batch_put_is_one_transaction(tmp_path):
    from kg.store import put_documents

    store = open_store(tmp_path / "s")
    batch = [(d, sha(d), doc_graph(d, d)) for d in ("A", "B", "C")]
    put_documents(store, batch)
    assert sorted(document_ids(store)) == ["A", "B", "C"]
    bad = Graph()
    bad.add((DGR["x"], DG.evidence, Literal("ok")))
    bad.add((DGR["x"], URIRef("relative"), Literal("x")))  # no base IRI: SPARQL rejects it
    with pytest.raises(StoreError):
        put_documents(store, [("D", sha("D"), doc_graph("D", "D")), ("E", sha("E"), bad)])
    assert sorted(document_ids(store)) == ["A", "B", "C"]  # D did not go in either
    with pytest.raises(StoreError, match="twice"):
        put_documents(store, [batch[0], batch[0]])


def test_store_graph_gives_rdflib_access(tmp_path):
    store = open_store(tmp_path / "s")
    put_document(store, "A", sha("a"), doc_graph("A", "a"))
    put_document(store, "B", sha("b"), doc_graph("B", "b"))
    ds = store_graph(store)
    types = {o for _, _, o in ds.triples((SHARED_EVENT, RDF.type, None))}
    assert types == {DG.HeldTalks}
    rows = list(ds.query("SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a dg:Document }"))
    assert int(rows[0][0]) == 2


def test_open_errors_are_one_line(tmp_path):
    a_file = tmp_path / "file"
    a_file.write_text("x")
    with pytest.raises(StoreError, match="is a file"):
        open_store(a_file)
    with pytest.raises(StoreError, match="no store"):
        open_store(tmp_path / "missing", read_only=True)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="not an Oxigraph store"):
        open_store(busy)
    assert sorted(p.name for p in busy.iterdir()) == ["notes.txt"]


def test_second_writer_gets_a_lock_error(tmp_path):
    store = open_store(tmp_path / "s")
    put_document(store, "A", sha("a"), doc_graph("A", "a"))
    code = f"from kg.store import open_store; open_store({str(tmp_path / 's')!r})"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0
    assert "locked" in proc.stderr
    del store


def test_malformed_query_is_a_query_error(tmp_path):
    store = open_store(tmp_path / "s")
    with pytest.raises(QueryError, match="malformed"):
        query_store(store, "SELECT WHERE {")


@pytest.mark.parametrize("suffix", [".nq", ".trig", ".ttl", ".nt", ".jsonld", ".rdf"])
def test_export_round_trips(tmp_path, suffix):
    store = open_store(tmp_path / "s")
    graphs = {d: doc_graph(d, f"text {d}") for d in ("A", "B", "C")}
    for d, g in graphs.items():
        put_document(store, d, sha(f"text {d}"), g)
    out = tmp_path / f"out{suffix}"
    out.write_text("old")
    export_store(store, out)
    back = union_graph(load_dataset([out]))
    expected = Graph()
    for d, g in graphs.items():
        expected += g
        if suffix in (".nq", ".trig"):  # the hashes live in the document graphs only
            gi = URIRef(document_graph_iri(d))
            expected.add((gi, DG.contentHash, Literal(sha(f"text {d}"))))
    assert isomorphic(back, expected)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    if suffix == ".nq":  # named graphs kept: one per document
        ds = load_dataset([out])
        names = {str(g.identifier) for g in ds.graphs() if len(g)}
        assert {document_graph_iri(d) for d in graphs} <= names


def test_export_failure_leaves_old_file(tmp_path):
    from kg.errors import OutputError

    store = open_store(tmp_path / "s")
    with pytest.raises(OutputError):
        export_store(store, tmp_path / "missing-folder" / "out.nq")
    with pytest.raises(Exception, match="unknown RDF format"):
        export_store(store, tmp_path / "out.xyz")


WRITER = textwrap.dedent(
    """
    import hashlib, sys
    from rdflib import Graph, Literal
    from kg.store import open_store, put_document, should_skip
    from kg.vocab import DG, DGR

    path, n, per_doc = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    store = open_store(path)
    for i in range(n):
        doc_id = f"doc-{i:05d}"
        text = f"text of {doc_id}"
        h = hashlib.sha256(text.encode()).hexdigest()
        if should_skip(store, doc_id, h):
            continue
        g = Graph()
        for k in range(per_doc):
            g.add((DGR[f"event/{doc_id}-{k}"], DG.evidence, Literal(f"{text} {k}")))
        g.add((DGR["event/shared"], DG.sourceCount, Literal(1)))
        put_document(store, doc_id, h, g)
        print(i, flush=True)
    print("done", flush=True)
    """
)


def run_writer(path: Path, n: int, per_doc: int, kill_after: int | None) -> int:
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(n), str(per_doc)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stdout is not None
    deadline = time.monotonic() + 120
    for written, line in enumerate(proc.stdout, start=1):
        if line.strip() == "done":
            break
        if kill_after is not None and written >= kill_after:
            proc.send_signal(signal.SIGKILL)
            break
        assert time.monotonic() < deadline
    proc.wait(timeout=60)
    return proc.returncode


def test_writer_killed_mid_way_leaves_only_complete_documents(tmp_path):
    path = tmp_path / "s"
    n, per_doc = 800, 20
    code = run_writer(path, n, per_doc, kill_after=40)
    assert code == -signal.SIGKILL  # really killed mid-way, not finished

    store = open_store(path)
    ids = list(document_ids(store))
    assert 40 <= len(ids) < n
    for doc_id in ids:  # every document is complete: its facts, the shared one, its hash
        assert len(graph_of(store, doc_id)) == per_doc + 2, doc_id
    del store

    # A rerun completes without duplicates (documents already in are skipped).
    code = run_writer(path, n, per_doc, kill_after=None)
    assert code == 0
    store = open_store(path)
    assert len(list(document_ids(store))) == n
    for doc_id in ("doc-00000", f"doc-{n - 1:05d}"):
        assert len(graph_of(store, doc_id)) == per_doc + 2
    # the merged default graph: every document's facts once, the shared triple once
    assert len(store) == n * (per_doc + 2) + n * per_doc + 1
    rows = query_store(store, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e dg:evidence ?t }")
    assert int(rows[0][0]) == n * per_doc
