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
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal, URIRef

from kg.errors import InputError, KgError
from kg.vocab import WD

PROFILES = ("rdfs", "owl-rl")
ENGINES = ("auto", "owlrl", "sparql")
# Above this many triples (data + ontology) `auto` picks the sparql engine.
SPARQL_THRESHOLD = 20_000
_BUILTIN = (str(RDF), str(RDFS), str(OWL), str(XSD))

_P = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""
# (rule id, SPARQL update). Each inserts only what is missing, so a round in which the
# store does not grow ends the loop.
RDFS_RULES: tuple[tuple[str, str], ...] = (
    (
        "scm-sco",
        """
        INSERT { ?c rdfs:subClassOf ?e }
        WHERE { ?c rdfs:subClassOf ?d . ?d rdfs:subClassOf ?e .
                FILTER NOT EXISTS { ?c rdfs:subClassOf ?e } }""",
    ),
    (
        "scm-spo",
        """
        INSERT { ?p rdfs:subPropertyOf ?r }
        WHERE { ?p rdfs:subPropertyOf ?q . ?q rdfs:subPropertyOf ?r .
                FILTER NOT EXISTS { ?p rdfs:subPropertyOf ?r } }""",
    ),
    (
        "rdfs7",
        """
        INSERT { ?x ?q ?y }
        WHERE { ?p rdfs:subPropertyOf ?q . FILTER(?p != ?q) ?x ?p ?y .
                FILTER NOT EXISTS { ?x ?q ?y } }""",
    ),
    (
        "rdfs2",
        """
        INSERT { ?x a ?c }
        WHERE { ?p rdfs:domain ?c . ?x ?p ?y . FILTER NOT EXISTS { ?x a ?c } }""",
    ),
    (
        "rdfs3",
        """
        INSERT { ?y a ?c }
        WHERE { ?p rdfs:range ?c . ?x ?p ?y . FILTER(!isLiteral(?y))
                FILTER NOT EXISTS { ?y a ?c } }""",
    ),
    (
        "rdfs9",
        """
        INSERT { ?x a ?d }
        WHERE { ?c rdfs:subClassOf ?d . FILTER(?c != ?d) ?x a ?c .
                FILTER NOT EXISTS { ?x a ?d } }""",
    ),
)
OWL_RULES: tuple[tuple[str, str], ...] = (
    (
        "cax-eqc",
        """
        INSERT { ?c rdfs:subClassOf ?d . ?d rdfs:subClassOf ?c }
        WHERE { ?c owl:equivalentClass ?d .
                FILTER NOT EXISTS { ?c rdfs:subClassOf ?d . ?d rdfs:subClassOf ?c } }""",
    ),
    (
        "prp-eqp",
        """
        INSERT { ?p rdfs:subPropertyOf ?q . ?q rdfs:subPropertyOf ?p }
        WHERE { ?p owl:equivalentProperty ?q .
                FILTER NOT EXISTS { ?p rdfs:subPropertyOf ?q . ?q rdfs:subPropertyOf ?p } }""",
    ),
    (
        "prp-inv1",
        """
        INSERT { ?y ?q ?x }
        WHERE { ?p owl:inverseOf ?q . ?x ?p ?y . FILTER(!isLiteral(?y))
                FILTER NOT EXISTS { ?y ?q ?x } }""",
    ),
    (
        "prp-inv2",
        """
        INSERT { ?y ?p ?x }
        WHERE { ?p owl:inverseOf ?q . ?x ?q ?y . FILTER(!isLiteral(?y))
                FILTER NOT EXISTS { ?y ?p ?x } }""",
    ),
    (
        "prp-symp",
        """
        INSERT { ?y ?p ?x }
        WHERE { ?p a owl:SymmetricProperty . ?x ?p ?y . FILTER(!isLiteral(?y))
                FILTER NOT EXISTS { ?y ?p ?x } }""",
    ),
    (
        "prp-trp",
        """
        INSERT { ?x ?p ?z }
        WHERE { ?p a owl:TransitiveProperty . ?x ?p ?y . ?y ?p ?z .
                FILTER NOT EXISTS { ?x ?p ?z } }""",
    ),
)


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


# Semi-naive evaluation: after the first round each rule reads its data atom only from the
# triples the previous round added (graph DELTA), joined with everything (the default graph).
# A rule run in full each round re-derives every old triple and costs a scan of the whole
# graph per rule and round; this way later rounds cost what they add.
_DELTA = "urn:x-diplograph:reason:delta"
_NEW = "urn:x-diplograph:reason:new"
_ADDED = "urn:x-diplograph:reason:added"
# Rules whose body is schema only: run to their own fixpoint before the data rules.
_SCHEMA_RULES = ("scm-sco", "scm-spo", "cax-eqc", "prp-eqp")
# Triples that change what the data rules do; if a round derives one, the next round runs
# every rule in full again.
_SCHEMA_CHANGE = """ASK { GRAPH <%s> {
  { ?a rdfs:subClassOf ?b } UNION { ?a rdfs:subPropertyOf ?b } UNION { ?a rdfs:domain ?b }
  UNION { ?a rdfs:range ?b } UNION { ?a owl:inverseOf ?b } UNION { ?a owl:equivalentClass ?b }
  UNION { ?a owl:equivalentProperty ?b }
  UNION { ?a a ?b FILTER(?b IN (owl:SymmetricProperty, owl:TransitiveProperty)) } } }"""
# (rule id, data atoms, schema part, head, guard) for the rules that read data; `{0}`, `{1}`
# in the atoms stand for the graph each data atom is read from.
_DATA_RULES: tuple[tuple[str, tuple[str, ...], str, str, str], ...] = (
    ("rdfs7", ("?x ?p ?y",), "?p rdfs:subPropertyOf ?q . FILTER(?p != ?q)", "?x ?q ?y", ""),
    ("rdfs2", ("?x ?p ?y",), "?p rdfs:domain ?c .", "?x a ?c", ""),
    ("rdfs3", ("?x ?p ?y",), "?p rdfs:range ?c .", "?y a ?c", "FILTER(!isLiteral(?y))"),
    ("rdfs9", ("?x a ?c",), "?c rdfs:subClassOf ?d . FILTER(?c != ?d)", "?x a ?d", ""),
)
_OWL_DATA_RULES: tuple[tuple[str, tuple[str, ...], str, str, str], ...] = (
    ("prp-inv1", ("?x ?p ?y",), "?p owl:inverseOf ?q .", "?y ?q ?x", "FILTER(!isLiteral(?y))"),
    ("prp-inv2", ("?x ?q ?y",), "?p owl:inverseOf ?q .", "?y ?p ?x", "FILTER(!isLiteral(?y))"),
    (
        "prp-symp",
        ("?x ?p ?y",),
        "?p a owl:SymmetricProperty .",
        "?y ?p ?x",
        "FILTER(!isLiteral(?y))",
    ),
    ("prp-trp", ("?x ?p ?y", "?y ?p ?z"), "?p a owl:TransitiveProperty .", "?x ?p ?z", ""),
)


def _data_updates(profile: str, delta: bool) -> list[str]:
    """The data rules as INSERTs into graph NEW; with `delta`, one variant per data atom
    reads that atom from DELTA (the rest from the whole graph)."""
    rules = _DATA_RULES + (_OWL_DATA_RULES if profile == "owl-rl" else ())
    out = []
    for _, atoms, schema, head, guard in rules:
        variants = range(len(atoms)) if delta else [None]
        for pick in variants:
            body = " ".join(
                f"GRAPH <{_DELTA}> {{ {atom} }}" if i == pick else f"{atom} ."
                for i, atom in enumerate(atoms)
            )
            out.append(
                f"{_P}INSERT {{ GRAPH <{_NEW}> {{ {head} }} }}\n"
                f"WHERE {{ {schema} {body} {guard} FILTER NOT EXISTS {{ {head} }} }}"
            )
    return out


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


def run_rules(store, profile: str, max_rounds: int = 100) -> int:  # type: ignore[no-untyped-def]
    """Run the rules on the default graph of `store` to a fixpoint, semi-naively; the new
    triples go into the default graph and are also collected in graph ADDED. Returns the
    number of rounds."""
    import pyoxigraph as ox

    schema = [u for name, u in RDFS_RULES + OWL_RULES if name in _SCHEMA_RULES]
    if profile != "owl-rl":
        schema = [u for name, u in RDFS_RULES if name in _SCHEMA_RULES]
    new = ox.NamedNode(_NEW)
    full, rounds = True, 0
    while rounds < max_rounds:
        rounds += 1
        if full:  # the schema rules touch schema triples only: cheap to run to a fixpoint
            size = -1
            while size != len(store):
                size = len(store)
                for update in schema:
                    # Straight into the default graph: triples about ontology terms are
                    # never output (keep_informative), so ADDED need not hold them.
                    store.update(_P + update)
        for update in _data_updates(profile, delta=not full):
            store.update(update)
        if next(iter(store.quads_for_pattern(None, None, None, new)), None) is None:
            break
        full = bool(store.query(_P + _SCHEMA_CHANGE % _NEW))
        store.update(
            f"ADD <{_NEW}> TO <{_ADDED}> ; ADD <{_NEW}> TO DEFAULT ; "
            f"DROP SILENT GRAPH <{_DELTA}> ; MOVE <{_NEW}> TO <{_DELTA}>"
        )
    return rounds


def _ntriples(graph: Graph) -> bytes:
    data = graph.serialize(format="nt", encoding="utf-8")
    return data if isinstance(data, bytes) else data.encode("utf-8")


def _is_wikidata(term: object) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(str(WD))


def _skolem(term: object) -> bool:
    return isinstance(term, URIRef) and "/.well-known/genid/" in term


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
