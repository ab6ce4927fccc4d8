"""Streaming outputs of `kg build`: the persistent store (`--store DIR`) and N-Quads files.

Documents stream in and per-document graphs stream out: neither the corpus nor the graph
is held in memory, so memory stays flat however large the input.

Merged confidence. The in-memory outputs (.ttl, .trig, .jsonld) replace the per-document
`dg:confidence` of an event reported by several documents with one merged value
1 - ∏(1 - cᵢ) and a `dg:sourceCount` (kg.rdf.merge_confidence); that needs every document
at once. The streaming outputs keep each document's own confidence in its named graph
(so replacing one document stays correct); the merged value is computed when the graph
is read: `merged_confidences(store)` below.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from itertools import chain
from pathlib import Path
from typing import IO, Any

from kg.records import Document

# Per-document confidences of every event/post reported by several documents.
_SHARED_CONFIDENCES = """\
PREFIX dg: <https://w3id.org/diplograph/ontology#>
SELECT ?node ?g ?c WHERE {
  { SELECT ?node WHERE { GRAPH ?h { ?node dg:confidence ?x } }
    GROUP BY ?node HAVING (COUNT(DISTINCT ?h) > 1) }
  GRAPH ?g { ?node dg:confidence ?c }
}
"""


def merged_confidences(store: Any) -> dict[str, tuple[int, Decimal]]:
    """What kg.rdf.merge_confidence writes for in-memory outputs, computed from a store:
    node IRI -> (source count, 1 - ∏(1 - cᵢ)) for every node reported by several documents."""
    miss: dict[str, Decimal] = {}
    sources: dict[str, int] = {}
    for row in store.query(_SHARED_CONFIDENCES):
        node = row["node"].value
        miss[node] = miss.get(node, Decimal(1)) * (Decimal(1) - Decimal(row["c"].value))
        sources[node] = sources.get(node, 0) + 1
    return {
        node: (sources[node], (Decimal(1) - m).quantize(Decimal("0.01")))
        for node, m in sorted(miss.items())
    }


class Tally:
    """Summary counts of a streamed build (entity keys kept as a set: bounded by the world's
    actors, not by the corpus)."""

    def __init__(self) -> None:
        self.documents = 0
        self.skipped = 0
        self.facts = 0
        self.entity_keys: set[str] = set()

    def add(self, entities: Iterable[str], facts: int) -> None:
        self.documents += 1
        self.entity_keys.update(entities)
        self.facts += facts

    def as_dict(self) -> dict[str, int]:
        return {
            "documents": self.documents,
            "entities": len(self.entity_keys),
            "facts": self.facts,
            "skipped": self.skipped,
        }


def progress_bar(quiet: bool, total: int | None) -> Any:
    """A tqdm bar on stderr, or None when quiet or stderr is not a terminal."""
    if quiet or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", file=sys.stderr, desc="kg build")


def _total(docs: Iterable[Document]) -> int | None:
    return len(docs) if hasattr(docs, "__len__") else None  # type: ignore[arg-type]


def pending_documents(
    docs: Iterable[Document], skip: Callable[[Document], bool]
) -> Iterator[Document] | None:
    """The documents `skip` does not drop, or None when it drops them all.

    Looks ahead to the first document that needs work, so that a build with nothing to do
    never starts worker processes (each would load the natasha models for nothing).
    """
    it = iter(docs)
    for doc in it:
        if not skip(doc):
            return chain([doc], (d for d in it if not skip(d)))
    return None


def build_into_store(store_dir: str | Path, docs: Iterable[Document], *, workers: int,
                     quiet: bool) -> dict[str, int]:
    """Build into the Oxigraph store at `store_dir`, one named graph per document.

    A document already stored with the same content hash is skipped before parsing; a
    changed one has its graph replaced (atomically, per document).
    """
    from kg.pipeline import content_hash, iter_results
    from kg.store import open_store, put_document, should_skip

    store = open_store(store_dir)
    tally = Tally()
    bar = progress_bar(quiet, _total(docs))

    def unchanged(doc: Document) -> bool:
        # Called from the pool's feeder thread when workers > 1: only reads the store.
        if should_skip(store, doc.id, content_hash(doc)):
            tally.skipped += 1
            if bar is not None:
                bar.update(1)
            return True
        return False

    try:
        todo = pending_documents(docs, unchanged)
        if todo is not None:
            for r in iter_results(todo, workers=workers):
                put_document(store, r.doc.id, r.content_hash, r.graph())
                tally.add(r.entities, len(r.facts))
                if bar is not None:
                    bar.update(1)
        store.flush()
    finally:
        if bar is not None:
            bar.close()
    return tally.as_dict()


def nquads(graph_iri: str, graph: Any) -> bytes:
    """One document's graph as N-Quads lines in its named graph (rdflib's N-Triples escaping)."""
    data = graph.serialize(format="nt", encoding="utf-8")
    suffix = f"<{graph_iri}> .\n".encode()
    # Each N-Triples line ends with " .\n": put the graph name before the final dot.
    return b"".join(line[:-2] + suffix for line in data.splitlines(keepends=True) if line.strip())


def result_nquads(result: Any) -> bytes:
    from kg.iris import document_graph_iri

    return nquads(str(document_graph_iri(result.doc.id)), result.graph())


def write_results(fh: IO[bytes], results: Iterable[Any], tally: Tally, bar: Any = None) -> None:
    for r in results:
        fh.write(result_nquads(r))
        tally.add(r.entities, len(r.facts))
        if bar is not None:
            bar.update(1)


def build_into_nquads(path: str | Path, docs: Iterable[Document], *, workers: int,
                      quiet: bool) -> dict[str, int]:
    """Stream N-Quads to `path` (temp file, renamed when complete): one graph per document,
    per-document confidence (see the module docstring)."""
    from kg.pipeline import iter_results
    from kg.store import _atomic_file

    tally = Tally()
    bar = progress_bar(quiet, _total(docs))
    try:
        with _atomic_file(Path(path)) as fh:
            write_results(fh, iter_results(docs, workers=workers), tally, bar)
    finally:
        if bar is not None:
            bar.close()
    return tally.as_dict()
