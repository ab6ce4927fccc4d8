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

from kg.errors import InputError, KgError, StoreError
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


# --- the precomputed plan: the ontology's closures worked out once, in Python ---------------
#
# The generic rules above join every data triple with the ontology's triples, round after
# round (178 s at 1M triples). Our ontology is small and fixed while a run lasts, so its
# closures are computed here instead: for each property, every (property, direction) a
# triple of it entails through subPropertyOf, equivalentProperty, inverseOf and
# SymmetricProperty; for each class, its superclasses. Each rule family then becomes one
# INSERT whose VALUES block lists (data predicate, entailed term) pairs, reading the input
# triples only: derived triples never need another pass, because their consequences are
# already in the closures. One pass, no fixpoint loop, no FILTER NOT EXISTS per row.

_SCHEMA_PREDICATES = (
    RDFS.subClassOf,
    RDFS.subPropertyOf,
    RDFS.domain,
    RDFS.range,
    OWL.inverseOf,
    OWL.equivalentClass,
    OWL.equivalentProperty,
)
_PROPERTY_CLASSES = (OWL.SymmetricProperty, OWL.TransitiveProperty)
# Predicates a rule must never derive for the plan to be complete: they would change the
# schema (or sameAs semantics) in the middle of the pass.
_RESERVED = frozenset((RDF.type, OWL.sameAs, *_SCHEMA_PREDICATES))
# The graph the plan's INSERTs write into, before it is merged or read out.
_NEW_IRI = _NEW


@dataclass(frozen=True)
class RulePlan:
    """The data rules with the schema joined in advance, as (IRI, IRI) pairs in N3 form.

    `unsupported` says why the plan cannot stand for the rules (e.g. a transitive
    property, whose closure depends on the data); empty when it can."""

    edges: tuple[tuple[str, str], ...] = ()  # ?x p ?y -> ?x q ?y
    mirrored: tuple[tuple[str, str], ...] = ()  # ?x p ?y, ?y not literal -> ?y q ?x
    subject_types: tuple[tuple[str, str], ...] = ()  # ?x p ?y -> ?x a c
    mirrored_subject_types: tuple[tuple[str, str], ...] = ()  # same, only if ?y not literal
    object_types: tuple[tuple[str, str], ...] = ()  # ?x p ?y, ?y not literal -> ?y a c
    class_types: tuple[tuple[str, str], ...] = ()  # ?x a c -> ?x a d
    unsupported: str = ""


def schema_graph(ontology: Graph, data_triples: Iterable[tuple]) -> Graph:
    """The ontology plus the schema triples of the data (the rules read both)."""
    schema = Graph()
    for triple in ontology:
        schema.add(triple)
    for s, p, o in data_triples:
        if p in _SCHEMA_PREDICATES or (p == RDF.type and o in _PROPERTY_CLASSES):
            schema.add((s, p, o))
    return schema


def schema_terms(ontology: Graph) -> list[URIRef]:
    """Ontology terms: nothing derived about them is output (see `keep_informative`)."""
    return sorted({s for s in ontology.subjects() if isinstance(s, URIRef)})


def _reach(start: object, step) -> set:  # type: ignore[no-untyped-def]
    seen, todo = {start}, [start]
    while todo:
        for nxt in step(todo.pop()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _named(term: object) -> bool:
    """A term the output may hold as a derived class or predicate."""
    return isinstance(term, URIRef) and not str(term).startswith(_BUILTIN) and not _skolem(term)


def plan_rules(schema: Graph, profile: str) -> RulePlan:
    """Work out the rules' joins with the schema once (see the comment above)."""
    owl = profile == "owl-rl"
    supers: dict = {}
    subprops: dict = {}
    inverse: dict = {}
    for c, d in schema.subject_objects(RDFS.subClassOf):
        supers.setdefault(c, set()).add(d)
    for p, q in schema.subject_objects(RDFS.subPropertyOf):
        subprops.setdefault(p, set()).add(q)
    if owl:
        for c, d in schema.subject_objects(OWL.equivalentClass):
            supers.setdefault(c, set()).add(d)
            supers.setdefault(d, set()).add(c)
        for p, q in schema.subject_objects(OWL.equivalentProperty):
            subprops.setdefault(p, set()).add(q)
            subprops.setdefault(q, set()).add(p)
        for p, q in schema.subject_objects(OWL.inverseOf):
            inverse.setdefault(p, set()).add(q)
            inverse.setdefault(q, set()).add(p)
    symmetric = set(schema.subjects(RDF.type, OWL.SymmetricProperty)) if owl else set()
    domains: dict = {}
    ranges: dict = {}
    for p, c in schema.subject_objects(RDFS.domain):
        domains.setdefault(p, set()).add(c)
    for p, c in schema.subject_objects(RDFS.range):
        ranges.setdefault(p, set()).add(c)

    if owl and any(schema.subjects(RDF.type, OWL.TransitiveProperty)):
        return RulePlan(unsupported="a transitive property (its closure depends on the data)")
    properties = set(subprops) | set(inverse) | symmetric | set(domains) | set(ranges)
    properties |= {q for qs in list(subprops.values()) + list(inverse.values()) for q in qs}
    if RDF.type in properties:
        return RulePlan(unsupported="schema statements about rdf:type")

    def upward(c: object) -> set:
        return _reach(c, lambda k: supers.get(k, ()))

    def entailed(p: object) -> set[tuple[object, bool]]:
        # (q, True): ?x p ?y entails ?x q ?y; (q, False): it entails ?y q ?x.
        def step(state: tuple[object, bool]) -> list[tuple[object, bool]]:
            q, forward = state
            out = [(r, forward) for r in subprops.get(q, ())]
            out += [(r, not forward) for r in inverse.get(q, ())]
            if q in symmetric:
                out.append((q, not forward))
            return out

        return _reach((p, True), step)

    def n3(term: object) -> str:
        return term.n3()  # type: ignore[attr-defined]

    edges, mirrored, subj, mirrored_subj, obj = set(), set(), set(), set(), set()
    for p in sorted(p for p in properties if isinstance(p, URIRef)):
        for q, forward in entailed(p):
            if (q, forward) != (p, True) and q in _RESERVED:
                return RulePlan(unsupported=f"{p} entails {q} statements")
            if _named(q) and (q, forward) != (p, True):
                (edges if forward else mirrored).add((n3(p), n3(q)))
            for c in set().union(*(upward(c) for c in domains.get(q, ()))):
                if _named(c):
                    (subj if forward else obj).add((n3(p), n3(c)))
            for c in set().union(*(upward(c) for c in ranges.get(q, ()))):
                if _named(c):
                    (obj if forward else mirrored_subj).add((n3(p), n3(c)))
    classes = set()
    for c in supers:
        if isinstance(c, URIRef):
            classes |= {(n3(c), n3(d)) for d in upward(c) if d != c and _named(d)}
    derived_classes = {c for _, c in subj | mirrored_subj | obj | classes}
    if derived_classes & {n3(c) for c in _PROPERTY_CLASSES}:
        return RulePlan(unsupported="data nodes typed as symmetric or transitive properties")
    return RulePlan(
        edges=tuple(sorted(edges)),
        mirrored=tuple(sorted(mirrored)),
        subject_types=tuple(sorted(subj)),
        mirrored_subject_types=tuple(sorted(mirrored_subj - subj)),
        object_types=tuple(sorted(obj)),
        class_types=tuple(sorted(classes)),
    )


def plan_updates(plan: RulePlan, into: str = _NEW_IRI) -> list[tuple[str, str]]:
    """(family, SPARQL update) for each rule family with something to do; each reads the
    default graph and inserts into graph `into`."""
    families = (
        ("edges", plan.edges, "?x ?q ?y", "?x ?p ?y", ""),
        ("mirrored", plan.mirrored, "?y ?q ?x", "?x ?p ?y", "FILTER(!isLiteral(?y))"),
        # DISTINCT first: a node is the subject of many triples of one predicate.
        (
            "subject-types",
            plan.subject_types,
            "?x a ?q",
            "{ SELECT DISTINCT ?x ?p WHERE { VALUES ?p { %s } ?x ?p [] } }",
            "",
        ),
        (
            "mirrored-subject-types",
            plan.mirrored_subject_types,
            "?x a ?q",
            "{ SELECT DISTINCT ?x ?p WHERE { VALUES ?p { %s } ?x ?p ?y FILTER(!isLiteral(?y)) } }",
            "",
        ),
        (
            "object-types",
            plan.object_types,
            "?y a ?q",
            "{ SELECT DISTINCT ?y ?p WHERE { VALUES ?p { %s } ?x ?p ?y FILTER(!isLiteral(?y)) } }",
            "",
        ),
        ("class-types", plan.class_types, "?x a ?q", "?x a ?p", ""),
    )
    out = []
    for name, pairs, head, body, guard in families:
        if not pairs:
            continue
        if "%s" in body:
            body = body % " ".join(sorted({p for p, _ in pairs}))
        values = " ".join(f"({p} {q})" for p, q in pairs)
        out.append(
            (
                name,
                f"{_P}INSERT {{ GRAPH <{into}> {{ {head} }} }}\n"
                f"WHERE {{ VALUES (?p ?q) {{ {values} }} {body} {guard} }}",
            )
        )
    return out


def materialise(  # type: ignore[no-untyped-def]
    store, plan: RulePlan, terms: list[URIRef], into: str = _NEW_IRI, drop_known: bool = True
) -> dict[str, float]:
    """Derive into graph `into` of `store` what the rules entail from its default graph,
    keeping only triples about the data (what `keep_informative` keeps) and, with
    `drop_known`, only those the default graph lacks (the costliest step at 1M triples:
    skip it when the caller merges into the default graph anyway). Returns the seconds
    each step took."""
    if plan.unsupported:
        raise KgError(f"the ontology needs the generic rules: {plan.unsupported}")
    timings = {}
    steps = plan_updates(plan, into)
    if terms:
        values = " ".join(t.n3() for t in terms)
        steps.append(
            (
                "drop-schema-terms",
                f"DELETE {{ GRAPH <{into}> {{ ?s ?p ?o }} }} "
                f"WHERE {{ VALUES ?s {{ {values} }} GRAPH <{into}> {{ ?s ?p ?o }} }}",
            )
        )
    if drop_known:
        steps.append(
            (
                "drop-known",
                f"DELETE {{ GRAPH <{into}> {{ ?s ?p ?o }} }} "
                f"WHERE {{ GRAPH <{into}> {{ ?s ?p ?o }} ?s ?p ?o }}",
            )
        )
    for name, update in steps:
        start = time.perf_counter()
        store.update(update)
        timings[name] = time.perf_counter() - start
    return timings


# --- big inputs: Oxigraph from file to file, or inside a store, never through rdflib -------

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
