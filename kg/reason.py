"""Materialise the ontology's entailments: owlrl (reference) or SPARQL rules (scalable).

Both engines read the data graph plus the ontology and return the data graph plus the
new triples about the data (triples about ontology terms and trivial ones such as
`?x a rdfs:Resource` or `?x owl:sameAs ?x` are left out).

The `sparql` engine applies the rules our ontology needs, as SPARQL INSERT updates over an
in-memory pyoxigraph Store, until nothing new appears:

    rdfs9   ?x a ?c . ?c rdfs:subClassOf ?d           → ?x a ?d
    rdfs7   ?x ?p ?y . ?p rdfs:subPropertyOf ?q       → ?x ?q ?y
    rdfs2   ?x ?p ?y . ?p rdfs:domain ?c              → ?x a ?c
    rdfs3   ?x ?p ?y . ?p rdfs:range ?c (?y not a literal) → ?y a ?c
    (owl-rl profile only)
    prp-inv ?x ?p ?y . ?p owl:inverseOf ?q (either way) → ?y ?q ?x
    prp-symp ?x ?p ?y . ?p a owl:SymmetricProperty   → ?y ?p ?x
    prp-trp ?x ?p ?y . ?y ?p ?z . ?p a owl:TransitiveProperty → ?x ?p ?z
    cax-eqc, prp-eqp: owl:equivalentClass / owl:equivalentProperty both ways
    scm-sco, scm-spo: subClassOf / subPropertyOf are transitive

`owl:sameAs` links to Wikidata are set aside while reasoning with owlrl: under OWL RL
they would copy every statement about an actor onto its Wikidata IRI, which nobody
wants in the output. The sparql engine has no sameAs rules for the same reason.

This module is the entry; the generic rules and their fixpoint run live in kg.reason_rules,
the precomputed plan in kg.reason_plan, big inputs (files, kg stores) in kg.reason_store.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import OWL, RDF, BNode, Graph, Literal, URIRef

from kg.errors import InputError, KgError
from kg.reason_plan import _BUILTIN, _skolem, materialise, plan_rules, schema_graph, schema_terms
from kg.reason_rules import _ADDED, _NEW, run_rules
from kg.vocab import WD

PROFILES = ("rdfs", "owl-rl")
ENGINES = ("auto", "owlrl", "sparql")
# Above this many triples (data + ontology) `auto` picks the sparql engine.
SPARQL_THRESHOLD = 20_000


@dataclass
class Inference:
    graph: Graph  # data + new triples
    added: int  # new triples (after leaving out trivial ones)
    engine: str
    profile: str
    seconds: float
    rounds: int = 0  # sparql engine: rounds until the fixpoint


def load_ontology(path: str | Path | None = None) -> Graph:
    from kg.resources import ontology_file

    path = Path(path) if path else ontology_file()
    if not path.exists():
        raise InputError(f"{path}: ontology file not found")
    g = Graph()
    try:
        g.parse(path, format="turtle")
    except Exception as exc:  # rdflib parser errors have no common base
        raise InputError(f"{path}: not valid Turtle: {str(exc).strip().splitlines()[0]}") from None
    return g


def choose_engine(n_triples: int, engine: str = "auto") -> str:
    if engine == "auto":
        return "sparql" if n_triples > SPARQL_THRESHOLD else "owlrl"
    if engine not in ENGINES:
        raise KgError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    return engine


def infer(data: Graph, ontology: Graph, profile: str = "owl-rl", engine: str = "auto") -> Inference:
    """Data plus the entailments of `ontology` for it."""
    if profile not in PROFILES:
        raise KgError(f"unknown profile {profile!r}; use one of {', '.join(PROFILES)}")
    engine = choose_engine(len(data) + len(ontology), engine)
    start = time.perf_counter()
    if engine == "owlrl":
        closure = closure_owlrl(data, ontology, profile)
        candidates, rounds = (t for t in closure if t not in data), 0
    else:
        candidates, rounds = new_triples_sparql(data, ontology, profile)
    new = keep_informative(candidates, data, ontology)
    out = Graph()
    for prefix, ns in data.namespaces():
        out.bind(prefix, ns, override=True)
    for triple in data:
        out.add(triple)
    for triple in new:
        out.add(triple)
    return Inference(out, len(new), engine, profile, time.perf_counter() - start, rounds)


def closure_owlrl(data: Graph, ontology: Graph, profile: str) -> Graph:
    import owlrl  # slow import, only when this engine runs

    g = Graph()
    for triple in ontology:
        g.add(triple)
    for s, p, o in data:
        if p == OWL.sameAs and _is_wikidata(o):
            continue
        g.add((s, p, o))
    semantics = owlrl.RDFS_Semantics if profile == "rdfs" else owlrl.OWLRL_Semantics
    owlrl.DeductiveClosure(
        semantics, axiomatic_triples=False, datatype_axioms=False, improved_datatypes=False
    ).expand(g)  # improved_datatypes re-registers a broken xsd:gMonthDay parser process-wide
    return g


def new_triples_sparql(
    data: Graph, ontology: Graph, profile: str, max_rounds: int = 100
) -> tuple[Graph, int]:
    """Apply the rules over a pyoxigraph Store; the triples they added, and the rounds.

    With an ontology the precomputed plan covers (ours), one pass of `materialise`;
    otherwise the generic rules run to a fixpoint. Blank nodes are skolemised on the way in
    (the store renames them) and back on the way out. A triple counts as added when the
    store did not hold it (in its canonical form: the store writes "0.90" as "0.9"), so
    nothing is compared outside the store.
    """
    import pyoxigraph as ox

    store = ox.Store()
    plan = plan_rules(schema_graph(ontology, data.triples((None, None, None))), profile)
    if plan.unsupported:
        store.load(
            _ntriples(ontology.skolemize()) + _ntriples(data.skolemize()),
            format=ox.RdfFormat.N_TRIPLES,
        )
        rounds, graph = run_rules(store, profile, max_rounds), _ADDED
    else:
        store.load(_ntriples(data.skolemize()), format=ox.RdfFormat.N_TRIPLES)
        materialise(store, plan, schema_terms(ontology))
        rounds, graph = 1, _NEW
    added = [q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))]
    out = Graph()
    if added:
        out.parse(data=ox.serialize(added, format=ox.RdfFormat.N_TRIPLES), format="nt")
    return out.de_skolemize(), rounds


def _ntriples(graph: Graph) -> bytes:
    data = graph.serialize(format="nt", encoding="utf-8")
    return data if isinstance(data, bytes) else data.encode("utf-8")


def _is_wikidata(term: object) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(str(WD))


def _anonymous(term: object) -> bool:
    return isinstance(term, BNode) or _skolem(term)


def keep_informative(candidates: Iterable[tuple], data: Graph, ontology: Graph) -> set[tuple]:
    """The new triples that say something about the data.

    Left out: triples already in the data or the ontology; triples about ontology terms;
    typing with built-in classes (`rdfs:Resource`, `owl:Thing`...) or with anonymous class
    expressions of the ontology (they mean nothing outside it); `?x owl:sameAs ?x`; other
    rdf:/rdfs:/owl: predicates."""
    schema_terms = set(ontology.subjects())
    out = set()
    for s, p, o in candidates:
        if (s, p, o) in data or (s, p, o) in ontology:
            continue
        if isinstance(s, Literal) or s in schema_terms or _skolem(s):
            continue
        if p == RDF.type and (str(o).startswith(_BUILTIN) or _anonymous(o)):
            continue
        if p == OWL.sameAs and s == o:
            continue
        if p != RDF.type and p != OWL.sameAs and str(p).startswith(_BUILTIN):
            continue
        out.add((s, p, o))
    return out
