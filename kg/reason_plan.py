"""The precomputed plan: the ontology's closures worked out once, in Python, so the sparql
engine derives everything in one pass of INSERTs, with no fixpoint loop."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import OWL, RDF, RDFS, XSD, Graph, URIRef

from kg.errors import KgError
from kg.reason_rules import _NEW, _P

# The generic rules (kg.reason_rules) join every data triple with the ontology's triples,
# round after round (178 s at 1M triples). Our ontology is small and fixed while a run
# lasts, so its closures are computed here instead: for each property, every (property,
# direction) a triple of it entails through subPropertyOf, equivalentProperty, inverseOf
# and SymmetricProperty; for each class, its superclasses. Each rule family then becomes
# one INSERT whose VALUES block lists (data predicate, entailed term) pairs, reading the
# input triples only: derived triples never need another pass, because their consequences
# are already in the closures. One pass, no fixpoint loop, no FILTER NOT EXISTS per row.

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


# The built-in vocabularies; kg.reason's keep_informative reads these two as well.
_BUILTIN = (str(RDF), str(RDFS), str(OWL), str(XSD))


def _skolem(term: object) -> bool:
    return isinstance(term, URIRef) and "/.well-known/genid/" in term


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
