"""`kg infer`: owlrl and the SPARQL-rule engine, on a tiny ontology and on the real one.

What the engine comparison checks: the *whole* output of `kg.reason.infer` (input triples
plus the kept new ones) is the same set of triples for both engines. The new triples kept
are those about the data (see `kg.reason.keep_informative`): rdf:type to named classes
(dg:, prov:), statements with non-builtin predicates (dg:demandedBy, the mirror of
dg:heldTalksWith, dg:interactedWith, ...) and owl:sameAs between different nodes; left out
on both sides are typing with rdf/rdfs/owl/xsd classes or anonymous class expressions,
reflexive sameAs, other builtin predicates and triples about ontology terms.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg import reason, reason_plan, reason_rules, reason_store
from kg.cli import main
from kg.errors import InputError, KgError
from kg.rdfio import load_dataset, union_graph
from kg.resources import ontology_file, shapes_file
from kg.vocab import DG, DGR, WD

FIXTURE = Path(__file__).parent / "fixtures" / "mini.trig"
EX = "http://example.org/"

TINY_ONTOLOGY = """
@prefix ex: <http://example.org/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:Person rdfs:subClassOf ex:Actor .
ex:Actor rdfs:subClassOf ex:Agent .
ex:Human owl:equivalentClass ex:Person .
ex:warned rdfs:subPropertyOf ex:interactedWith ; rdfs:domain ex:Actor ; rdfs:range ex:Actor .
ex:warnedBy owl:inverseOf ex:warned .
ex:metWith a owl:SymmetricProperty .
ex:partOf a owl:TransitiveProperty .
ex:label rdfs:range rdfs:Literal .
"""
TINY_DATA = """
@prefix ex: <http://example.org/> .
ex:putin a ex:Human ; ex:warned ex:usa ; ex:label "Путин" .
ex:biden ex:metWith ex:putin .
ex:merkel a ex:Human .
ex:kremlin ex:partOf ex:moscow . ex:moscow ex:partOf ex:russia .
ex:anon ex:warned [ ex:label "someone" ] .
"""


def ex(name: str) -> URIRef:
    return URIRef(EX + name)


@pytest.fixture(scope="module")
def tiny():
    return Graph().parse(data=TINY_DATA, format="turtle"), Graph().parse(
        data=TINY_ONTOLOGY, format="turtle"
    )


@pytest.mark.parametrize("engine", ["owlrl", "sparql"])
def test_tiny_ontology_entailments(tiny, engine):
    data, onto = tiny
    out = reason.infer(data, onto, "owl-rl", engine).graph
    expected = [
        (ex("putin"), RDF.type, ex("Person")),  # equivalentClass
        (ex("merkel"), RDF.type, ex("Agent")),  # equivalentClass, then subClassOf twice
        (ex("putin"), RDF.type, ex("Actor")),  # subClassOf
        (ex("putin"), RDF.type, ex("Agent")),  # subClassOf, transitively
        (ex("usa"), RDF.type, ex("Agent")),  # range, then subClassOf
        (ex("putin"), ex("interactedWith"), ex("usa")),  # subPropertyOf
        (ex("usa"), ex("warnedBy"), ex("putin")),  # inverseOf
        (ex("putin"), ex("metWith"), ex("biden")),  # symmetric
        (ex("kremlin"), ex("partOf"), ex("russia")),  # transitive
    ]
    for triple in expected:
        assert triple in out, triple
    assert (ex("putin"), OWL.sameAs, ex("putin")) not in out
    assert not list(out.triples((Literal("Путин"), None, None)))
    assert not list(
        out.triples(
            (ex("putin"), RDF.type, URIRef("http://www.w3.org/2000/01/rdf-schema#Resource"))
        )
    )


@pytest.mark.parametrize("profile", reason.PROFILES)
def test_tiny_engines_agree(tiny, profile):
    data, onto = tiny
    a = reason.infer(data, onto, profile, "owlrl")
    b = reason.infer(data, onto, profile, "sparql")
    assert a.added == b.added > 0
    assert set(a.graph) == set(b.graph)
    # a blank node of the data keeps its id and gets its entailments
    anon = data.value(ex("anon"), ex("warned"))
    assert isinstance(anon, BNode) and (anon, RDF.type, ex("Agent")) in b.graph


def test_rdfs_profile_has_no_owl_rules(tiny):
    data, onto = tiny
    out = reason.infer(data, onto, "rdfs", "sparql").graph
    assert (ex("merkel"), RDF.type, ex("Person")) not in out  # needs equivalentClass (OWL)
    assert (ex("usa"), ex("warnedBy"), ex("putin")) not in out
    assert (ex("putin"), ex("interactedWith"), ex("usa")) in out
    assert (ex("usa"), RDF.type, ex("Agent")) in out


def test_choose_engine():
    assert reason.choose_engine(100) == "owlrl"
    assert reason.choose_engine(reason.SPARQL_THRESHOLD + 1) == "sparql"
    assert reason.choose_engine(10**7, "owlrl") == "owlrl"
    with pytest.raises(KgError):
        reason.choose_engine(1, "magic")
    with pytest.raises(KgError):
        reason.infer(Graph(), Graph(), "owl-full")


# --- the real ontology on the fixture ---------------------------------------------------------

needs_ontology = pytest.mark.skipif(
    not ontology_file().exists(), reason="ontology/diplograph.ttl not written yet"
)


@pytest.fixture(scope="module")
def fixture_graph():
    return union_graph(load_dataset([FIXTURE]))


@pytest.fixture(scope="module")
def inferred(fixture_graph):
    onto = reason.load_ontology()
    return {
        (profile, engine): reason.infer(fixture_graph, onto, profile, engine)
        for profile in reason.PROFILES
        for engine in ("owlrl", "sparql")
    }


@needs_ontology
@pytest.mark.parametrize("profile", reason.PROFILES)
def test_engines_agree_on_fixture(inferred, fixture_graph, profile):
    a, b = inferred[(profile, "owlrl")], inferred[(profile, "sparql")]
    assert a.added == b.added > 50
    assert set(a.graph) == set(b.graph)
    assert len(a.graph) == len(fixture_graph) + a.added


@needs_ontology
def test_fixture_entailments(inferred, fixture_graph):
    out = inferred[("owl-rl", "sparql")].graph
    for cls in (DG.Person, DG.State, DG.InternationalOrganization, DG.GovernmentBody, DG.Bloc):
        members = set(fixture_graph.subjects(RDF.type, cls))
        assert members and all((m, RDF.type, DG.Actor) in out for m in members)
    assert (DGR.Q159, DG.demandedBy, DGR.Q6279) in out  # inverse
    assert (DGR.Q6279, DG.heldTalksWith, DGR.Q7747) in out  # symmetric
    assert (DGR.Q6279, DG.interactedWith, DGR.Q159) in out  # subproperty
    assert (URIRef(str(DGR) + "event/a1b2c3d4e5f60010"), RDF.type, DG.Talks) in out  # subclass
    assert (URIRef(str(DGR) + "event/a1b2c3d4e5f60010"), RDF.type, DG.Event) in out
    # Wikidata links are kept but not used to copy facts onto wd: IRIs.
    assert (DGR.Q159, OWL.sameAs, WD.Q159) in out
    assert not list(out.triples((WD.Q159, None, None)))
    # literals stay as written (pyoxigraph would write "0.9" for "0.90")
    event = URIRef(str(DGR) + "event/a1b2c3d4e5f60001")
    assert [str(c) for c in out.objects(event, DG.confidence)] == ["0.90"]
    # nothing about ontology terms
    assert not list(out.triples((DG.Person, None, None)))


@needs_ontology
def test_rdfs_profile_adds_less(inferred):
    rdfs, owl = inferred[("rdfs", "sparql")], inferred[("owl-rl", "sparql")]
    assert 0 < rdfs.added < owl.added
    assert (DGR.Q159, DG.demandedBy, DGR.Q6279) not in rdfs.graph


@needs_ontology
@pytest.mark.skipif(not shapes_file().exists(), reason="ontology/shapes.ttl not written yet")
def test_inferred_fixture_conforms_to_shapes(inferred):
    from pyshacl import validate

    shapes = Graph().parse(shapes_file(), format="turtle")
    conforms, _, report = validate(
        inferred[("owl-rl", "owlrl")].graph, shacl_graph=shapes, inference="none"
    )
    assert conforms, report


@needs_ontology
def test_cli_infer(tmp_path, capsys, fixture_graph):
    out = tmp_path / "inferred.ttl"
    assert main(["infer", str(FIXTURE), "-o", str(out), "--engine", "sparql"]) == 0
    err = capsys.readouterr().err
    written = Graph().parse(out)
    added = len(written) - len(fixture_graph)
    assert added > 50 and f"+ {added} inferred" in err and "sparql" in err
    assert (DGR.Q7747, RDF.type, DG.Actor) in written
    assert (
        main(
            [
                "infer",
                str(FIXTURE),
                "-o",
                str(tmp_path / "r.nt"),
                "--profile",
                "rdfs",
                "--engine",
                "owlrl",
            ]
        )
        == 0
    )
    assert "rdfs, owlrl engine" in capsys.readouterr().err


def test_cli_infer_errors(tmp_path, capsys):
    assert main(["infer", str(tmp_path / "missing.trig"), "-o", str(tmp_path / "x.ttl")]) == 2
    assert "no such file" in capsys.readouterr().err
    bad = tmp_path / "onto.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(InputError):
        reason.load_ontology(bad)
    assert not (tmp_path / "x.ttl").exists()


SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "seeds.jsonl"


@pytest.mark.slow
@needs_ontology
@pytest.mark.skipif(not SEEDS.exists(), reason="shared/seeds not beside the repository")
def test_engines_agree_on_the_seeds_graph(tmp_path, capsys):
    built = tmp_path / "seeds.trig"
    assert main(["build", str(SEEDS), "-o", str(built)]) == 0
    capsys.readouterr()
    data = union_graph(load_dataset([built]))
    onto = reason.load_ontology()
    for profile in reason.PROFILES:
        a = reason.infer(data, onto, profile, "owlrl")
        b = reason.infer(data, onto, profile, "sparql")
        assert a.added == b.added > 0, profile
        assert set(a.graph) == set(b.graph), profile
        # the Oxigraph path, file to file, never through rdflib
        c = reason_store.infer_files([built], tmp_path / "seeds-inferred.nt", onto, profile)
        assert c.added == a.added, profile
        written = Graph().parse(tmp_path / "seeds-inferred.nt", format="nt")
        assert set(written) == set(_canonical(a.graph)), profile
    out = b.graph
    for cls in (DG.Person, DG.State):
        members = set(data.subjects(RDF.type, cls))
        assert members and all((m, RDF.type, DG.Actor) in out for m in members)


# --- the precomputed plan and the Oxigraph paths (file to file, inside a store) -------------


def _canonical(graph: Graph) -> Graph:
    """`graph` with literals in Oxigraph's canonical form ("0.90" -> "0.9"), as the
    Oxigraph path writes them."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return Graph().parse(data=data, format="nt")


def test_plan_covers_our_ontology_and_refuses_transitivity(tiny):
    _, onto = tiny
    assert "transitive" in reason_plan.plan_rules(onto, "owl-rl").unsupported
    plan = reason_plan.plan_rules(onto, "rdfs")  # rdfs: no owl:TransitiveProperty semantics
    assert not plan.unsupported
    warned, agent = f"<{EX}warned>", f"<{EX}Agent>"
    assert (warned, f"<{EX}interactedWith>") in plan.edges
    assert (warned, agent) in plan.subject_types and (warned, agent) in plan.object_types
    assert not plan.mirrored  # inverseOf is OWL
    if ontology_file().exists():
        real = reason_plan.plan_rules(reason.load_ontology(), "owl-rl")
        assert not real.unsupported
        assert (DG.demanded.n3(), DG.demandedBy.n3()) in real.mirrored
        assert (DG.heldTalksWith.n3(), DG.heldTalksWith.n3()) in real.mirrored  # symmetric
        assert (DG.Person.n3(), DG.Actor.n3()) in real.class_types


@needs_ontology
@pytest.mark.parametrize("profile", reason.PROFILES)
def test_plan_reaches_the_generic_fixpoint(fixture_graph, profile):
    """One pass of the plan derives what the generic rules derive in rounds."""
    import pyoxigraph as ox

    onto = reason.load_ontology()
    nt = fixture_graph.serialize(format="nt", encoding="utf-8")
    store = ox.Store()
    store.load(nt, ox.RdfFormat.N_TRIPLES)
    plan = reason_plan.plan_rules(reason_plan.schema_graph(onto, fixture_graph), profile)
    timings = reason_plan.materialise(store, plan, reason_plan.schema_terms(onto))
    assert {"edges", "subject-types", "class-types", "drop-known"} <= set(timings)
    store.update(f"ADD <{reason_rules._NEW}> TO DEFAULT ; DROP GRAPH <{reason_rules._NEW}>")
    before = len(store)
    store.load(onto.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    with_onto = len(store)
    reason_rules.run_rules(store, profile)
    # whatever the generic rules still add is about ontology terms or builtin classes
    leftover = [
        q.triple
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode(reason_rules._ADDED))
    ]
    kept = reason.keep_informative(
        (
            (reason_term(t.subject), reason_term(t.predicate), reason_term(t.object))
            for t in leftover
        ),
        fixture_graph,
        onto,
    )
    assert with_onto > before > len(fixture_graph)
    assert not kept


def reason_term(term):
    from kg.store import to_rdflib

    return to_rdflib(term)


@needs_ontology
@pytest.mark.parametrize("profile", reason.PROFILES)
def test_file_path_equals_owlrl(inferred, tmp_path, profile):
    """Oxigraph from file to file gives owlrl's result (literals in canonical form)."""
    out = tmp_path / "inferred.nt"
    result = reason_store.infer_files([FIXTURE], out, reason.load_ontology(), profile)
    reference = inferred[(profile, "owlrl")]
    written = Graph().parse(out, format="nt")
    assert result.added == reference.added > 50
    assert set(written) == set(_canonical(reference.graph))
    assert {"load", "edges", "write"} <= set(result.timings)


def test_file_path_tiny_and_rdfs(tiny, tmp_path):
    """Blank nodes, two files, turtle in and out; the rdfs profile through the plan."""
    data, onto = tiny
    a, b = tmp_path / "a.ttl", tmp_path / "b.nt"
    a.write_text(TINY_DATA, encoding="utf-8")
    b.write_text(f"<{EX}merkel> <{EX}warned> <{EX}putin> .\n", encoding="utf-8")
    out = tmp_path / "out.ttl"
    reason_store.infer_files([a, b], out, onto, "rdfs")
    merged = data + Graph().parse(b, format="nt")
    expected = reason.infer(merged, onto, "rdfs", "owlrl").graph
    assert isomorphic(Graph().parse(out, format="turtle"), expected)
    assert (ex("merkel"), ex("interactedWith"), ex("putin")) in expected


def test_file_path_falls_back_for_transitivity(tiny, tmp_path):
    data, onto = tiny
    src = tmp_path / "tiny.ttl"
    src.write_text(TINY_DATA, encoding="utf-8")
    result = reason_store.infer_files([src], tmp_path / "out.nt", onto, "owl-rl")
    written = Graph().parse(tmp_path / "out.nt", format="nt")
    assert (ex("kremlin"), ex("partOf"), ex("russia")) in written
    assert result.added == reason.infer(data, onto, "owl-rl", "owlrl").added


def test_file_path_errors(tmp_path):
    onto = Graph()
    bad = tmp_path / "bad.nt"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(InputError, match="bad.nt: not valid nt"):
        reason_store.infer_files([bad], tmp_path / "o.nt", onto)
    with pytest.raises(InputError, match="no such file"):
        reason_store.infer_files([tmp_path / "none.ttl"], tmp_path / "o.nt", onto)
    assert not (tmp_path / "o.nt").exists()


def _fixture_store(path):
    """The fixture's documents put into a store the way `kg build --store` does."""
    from kg import store as kgstore

    store = kgstore.open_store(path)
    for graph in load_dataset([FIXTURE]).graphs():
        doc_id = str(graph.identifier).rpartition("/")[2]
        if len(graph) and str(graph.identifier).startswith(str(DGR) + "doc/"):
            kgstore.put_document(store, doc_id, "hash-" + doc_id, graph)
    return store


@needs_ontology
def test_infer_into_store(tmp_path, capsys, inferred):
    from kg import store as kgstore

    folder = tmp_path / "store"
    store = _fixture_store(folder)
    size = len(store)
    onto = reason.load_ontology()
    first = reason_store.infer_store(store, onto)
    assert first.added == inferred[("owl-rl", "owlrl")].added
    ask = "ASK { dgr:Q159 dg:demandedBy dgr:Q6279 . dgr:Q7747 a dg:Actor }"
    assert kgstore.query_store(store, ask) is True  # queries read the default graph
    graph = reason_store.INFERRED_GRAPH
    in_graph = [q for q in store.quads_for_pattern(None, None, None, reason_ox(graph))]
    assert len(in_graph) == first.added and len(store) == size + 2 * first.added
    # again: the same result, not twice as much
    assert (
        reason_store.infer_store(store, onto).added == first.added
        and len(store) == size + 2 * first.added
    )
    # a document leaves: its entailments go with it on the next run
    from_doc = (
        "ASK { dgr:Q159 dg:sanctionsImposedBy dgr:Q458 . "
        "<https://w3id.org/diplograph/id/event/a1b2c3d4e5f60017> a dg:Event }"
    )
    assert kgstore.query_store(store, from_doc) is True
    kgstore.remove_document(store, "003_fixture_sanctions")
    assert kgstore.query_store(store, from_doc) is True  # until inferred again
    reason_store.infer_store(store, onto)
    assert kgstore.query_store(store, "ASK { dgr:Q159 dg:sanctionsImposedBy ?x }") is False
    assert (
        kgstore.query_store(
            store, from_doc.replace(" dgr:Q159 dg:sanctionsImposedBy dgr:Q458 .", "")
        )
        is False
    )
    assert kgstore.query_store(store, ask) is True
    del store
    # the CLI
    assert main(["infer", "--store", str(folder)]) == 0
    assert "inferred (owl-rl, sparql engine" in capsys.readouterr().err
    assert main(["infer", "--store", str(tmp_path / "nowhere")]) != 0
    assert "no store there" in capsys.readouterr().err
    assert not (tmp_path / "nowhere").exists()
    assert main(["infer", str(FIXTURE), "--store", str(folder)]) != 0


def reason_ox(iri):
    import pyoxigraph as ox

    return ox.NamedNode(iri)


@needs_ontology
def test_cli_auto_picks_the_oxigraph_path_for_big_files(tmp_path, capsys, monkeypatch):
    from kg.commands import infer as infer_command

    monkeypatch.setattr(infer_command, "SMALL_INPUT_BYTES", 1)
    out = tmp_path / "out.ttl"
    assert main(["infer", str(FIXTURE), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "sparql engine" in err
    written = Graph().parse(out)
    assert (DGR.Q7747, RDF.type, DG.Actor) in written
    event = URIRef(str(DGR) + "event/a1b2c3d4e5f60001")
    assert [str(c) for c in written.objects(event, DG.confidence)] == ["0.9"]  # canonical
