"""The generic entailment rules as SPARQL updates, and their semi-naive run to a fixpoint
over a pyoxigraph Store (for ontologies the precomputed plan of kg.reason_plan cannot cover)."""

from __future__ import annotations

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
