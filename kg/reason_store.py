"""`kg infer` for big inputs: Oxigraph from file to file, or inside a kg store, never
through rdflib."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, Graph

from kg.errors import InputError, KgError, StoreError
from kg.reason import PROFILES, infer
from kg.reason_plan import (
    _NEW_IRI,
    _PROPERTY_CLASSES,
    _SCHEMA_PREDICATES,
    materialise,
    plan_rules,
    schema_graph,
    schema_terms,
)

# The named graph of a store that holds what `kg infer --store` derived. The store's
# default graph (what queries read) gets the same triples, so it stays the union of the
# named graphs as kg.store keeps it; a later run retracts them first (they may be stale
# after documents changed) and derives them again.
INFERRED_GRAPH = "https://w3id.org/diplograph/id/inferred"


@dataclass
class StoreInference:
    triples: int  # input triples (the default graph before)
    added: int
    profile: str
    seconds: float
    timings: dict[str, float]  # seconds per step (load, each rule family, write)


def load_files(store, paths: Iterable[str | Path]) -> None:  # type: ignore[no-untyped-def]
    """Parse RDF files straight into the default graph of `store` (named graphs merged),
    format from the extension; one-line InputError naming the file."""
    import pyoxigraph as ox

    from kg.rdfio import QUAD_FORMATS, format_for, rdf_path
    from kg.store import OX_FORMATS

    any_path = False
    for path in paths:
        any_path = True
        p = rdf_path(path)
        rdf_format = format_for(p)
        if rdf_format not in OX_FORMATS:
            raise InputError(f"{p}: cannot read {rdf_format} without rdflib")
        fmt, base = OX_FORMATS[rdf_format], p.resolve().as_uri()
        try:
            if rdf_format in QUAD_FORMATS:
                triples = ox.parse(path=p, format=fmt, base_iri=base)
                store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in triples)
            else:
                store.bulk_load(path=p, format=fmt, base_iri=base)
        except SyntaxError as exc:
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else "syntax error"
            raise InputError(f"{p}: not valid {rdf_format}: {message}") from None
        except OSError as exc:
            raise InputError(f"{p}: cannot read ({exc.strerror or exc})") from None
    if not any_path:
        raise InputError("no graph files given")


def _store_schema(store, ontology: Graph) -> Graph:  # type: ignore[no-untyped-def]
    import pyoxigraph as ox

    from kg.store import to_rdflib

    def data_schema():  # type: ignore[no-untyped-def]
        for p in _SCHEMA_PREDICATES:
            for q in store.quads_for_pattern(None, ox.NamedNode(str(p)), None, ox.DefaultGraph()):
                yield to_rdflib(q.subject), p, to_rdflib(q.object)
        for c in _PROPERTY_CLASSES:
            rdf_type, cls = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(c))
            for q in store.quads_for_pattern(None, rdf_type, cls, ox.DefaultGraph()):
                yield to_rdflib(q.subject), RDF.type, c

    return schema_graph(ontology, data_schema())


def _count(store, graph: str | None = None) -> int:  # type: ignore[no-untyped-def]
    where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    return int(next(iter(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")))[0].value)


def infer_files(
    sources: Iterable[str | Path], output: str | Path, ontology: Graph, profile: str = "owl-rl"
) -> StoreInference:
    """`kg infer` for big inputs: parse with Oxigraph into an in-memory store, derive there,
    dump the input plus the new triples to `output` (atomically). Literals come out in
    Oxigraph's canonical form ("0.90"^^xsd:decimal as "0.9")."""
    import pyoxigraph as ox

    from kg.store import export_store

    if profile not in PROFILES:
        raise KgError(f"unknown profile {profile!r}; use one of {', '.join(PROFILES)}")
    start = time.perf_counter()
    store = ox.Store()
    load_files(store, sources)
    timings = {"load": time.perf_counter() - start}
    triples = len(store)
    plan = plan_rules(_store_schema(store, ontology), profile)
    if plan.unsupported:  # rare ontologies: the generic engine, through rdflib
        from kg.rdfio import write_graph

        data = Graph().parse(
            data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()),
            format="nt",
        )
        result = infer(data, ontology, profile, "sparql")
        write_graph(result.graph, output)
        return StoreInference(triples, result.added, profile, time.perf_counter() - start, timings)
    timings.update(materialise(store, plan, schema_terms(ontology), drop_known=False))
    store.update(f"ADD <{_NEW_IRI}> TO DEFAULT ; DROP GRAPH <{_NEW_IRI}>")
    added = len(store) - triples  # the store holds the default graph only
    step = time.perf_counter()
    export_store(store, output)
    timings["write"] = time.perf_counter() - step
    return StoreInference(triples, added, profile, time.perf_counter() - start, timings)


def infer_store(store, ontology: Graph, profile: str = "owl-rl") -> StoreInference:  # type: ignore[no-untyped-def]
    """Materialise into a kg store: the new triples go into graph INFERRED_GRAPH and into
    the merged default graph that queries read. The previous run's inferences are retracted
    first, so the result reflects the documents the store holds now.

    The rules run on an in-memory copy of the default graph (on disk every INSERT is a
    RocksDB transaction: 89 s instead of 25 s at 1M triples); the result is bulk-written
    back, first into the inferred graph, then into the default graph. A run that dies
    between the two leaves triples in the inferred graph only, which the next run's
    retraction removes, so the default graph never holds an inference it cannot retract.
    """
    import pyoxigraph as ox

    if profile not in PROFILES:
        raise KgError(f"unknown profile {profile!r}; use one of {', '.join(PROFILES)}")
    start = time.perf_counter()
    inferred = ox.NamedNode(INFERRED_GRAPH)
    # Retract: triples of the inferred graph that no other graph holds leave the default
    # graph (one transaction, so the store stays consistent if the process dies later).
    store.update(
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }}\n"
        f"  FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{INFERRED_GRAPH}>) }} }} ;\n"
        f"DROP SILENT GRAPH <{INFERRED_GRAPH}>"
    )
    timings = {"retract": time.perf_counter() - start}
    step = time.perf_counter()
    memory = ox.Store()
    memory.bulk_extend(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    triples = len(memory)
    timings["copy"] = time.perf_counter() - step
    plan = plan_rules(_store_schema(memory, ontology), profile)
    timings.update(materialise(memory, plan, schema_terms(ontology)))
    step = time.perf_counter()
    new = list(memory.quads_for_pattern(None, None, None, ox.NamedNode(_NEW_IRI)))
    del memory
    try:
        for graph in (inferred, ox.DefaultGraph()):
            store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, graph) for q in new)
    except OSError as exc:
        raise StoreError(f"cannot write store ({exc})") from None
    timings["publish"] = time.perf_counter() - step
    step = time.perf_counter()
    # Bulk writes leave many small files behind: queries ran 2x slower until compacted.
    store.optimize()
    timings["optimize"] = time.perf_counter() - step
    return StoreInference(triples, len(new), profile, time.perf_counter() - start, timings)
