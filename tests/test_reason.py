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

from kg import reason
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
    out = b.graph
    for cls in (DG.Person, DG.State):
        members = set(data.subjects(RDF.type, cls))
        assert members and all((m, RDF.type, DG.Actor) in out for m in members)
