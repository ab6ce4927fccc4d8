"""The ontology, the SHACL shapes and kg.validate: in step with kg.vocab, documented, usable.

The shapes are tested with a hand-written instance graph (fixtures/ontology_sample.ttl)
that must conform, and with broken copies of it, one breakage per case, each of which
must produce the expected violation (focus node, path, constraint component).
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import owlrl
import pytest
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH
from rdflib.term import Node

from kg.errors import KgError
from kg.resources import ontology_dir, ontology_file, shapes_file
from kg.validate import report, validate
from kg.vocab import DG, DG_IRI, DGR

FIXTURE = Path(__file__).parent / "fixtures" / "ontology_sample.ttl"
ONTOLOGY_IRI = URIRef("https://w3id.org/diplograph/ontology")
PROV = Namespace("http://www.w3.org/ns/prov#")
# A plain Namespace: pytest probes module attributes, and rdflib's closed XSD warns then.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
# owlrl records inconsistencies as resources of this type.
OWLRL_ERROR = URIRef("http://www.daml.org/2002/03/agents/agent-ont#ErrorMessage")

VOCAB_TERMS = sorted(DG.__annotations__)
DATATYPE_PROPERTIES = {
    "startDate", "endDate", "evidence", "confidence", "role", "rule", "modality",
    "condition", "sourceCount", "contentHash", "checksum",
}  # fmt: skip
ANNOTATION_PROPERTIES = {"cameoCode"}
SYMMETRIC_PROPERTIES = {"interactedWith", "scheduledTalksWith", "heldTalksWith"}
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)

# docs/schema.md section 2.
CAMEO = {
    "Demand": "10",
    "Warning": "13",
    "SanctionThreat": "1312",
    "SanctionImposition": "163",
    "Rejection": "12",
    "ScheduledTalks": "036",
    "HeldTalks": "04",
}
ACTOR_CLASSES = (
    "Person",
    "State",
    "InternationalOrganization",
    "GovernmentBody",
    "Organization",
    "Bloc",
)
INVERSES = {
    "demandedBy": "demanded",
    "warnedBy": "warned",
    "sanctionsThreatenedBy": "threatenedSanctions",
    "sanctionsImposedBy": "imposedSanctions",
    "rejectedBy": "rejected",
    "hasAffiliate": "affiliatedWith",
}


def expected_kind(name: str) -> URIRef:
    if name[0].isupper():
        return OWL.Class
    if name in DATATYPE_PROPERTIES:
        return OWL.DatatypeProperty
    if name in ANNOTATION_PROPERTIES:
        return OWL.AnnotationProperty
    return OWL.ObjectProperty


@cache
def _ontology() -> Graph:
    return Graph().parse(ontology_file(), format="turtle")


@pytest.fixture
def onto() -> Graph:
    return _ontology()


@pytest.fixture
def sample() -> Graph:
    return Graph().parse(FIXTURE, format="turtle")


def dg_terms_in(graph: Graph) -> set[URIRef]:
    """Every dg: IRI the graph mentions, in any position."""
    return {
        node
        for triple in graph
        for node in triple
        if isinstance(node, URIRef) and str(node).startswith(DG_IRI)
    }


def texts(graph: Graph, subject: Node, predicate: URIRef, lang: str) -> list[str]:
    return [
        str(o)
        for o in graph.objects(subject, predicate)
        if isinstance(o, Literal) and o.language == lang and str(o).strip()
    ]


# --- the ontology and kg.vocab ---------------------------------------------------------


@pytest.mark.parametrize("name", VOCAB_TERMS)
def test_vocab_term_is_declared_with_its_kind(onto: Graph, name: str) -> None:
    term = DG[name]
    kinds = {k for k in KINDS if (term, RDF.type, k) in onto}
    assert kinds == {expected_kind(name)}, f"dg:{name} declared as {kinds or 'nothing'}"
    symmetric = (term, RDF.type, OWL.SymmetricProperty) in onto
    assert symmetric == (name in SYMMETRIC_PROPERTIES), f"dg:{name} symmetric={symmetric}"


def test_ontology_uses_no_term_missing_from_vocab(onto: Graph) -> None:
    vocab = {DG[name] for name in VOCAB_TERMS}
    assert dg_terms_in(onto) - vocab == set()


def test_fixture_and_shapes_use_only_vocab_terms(sample: Graph) -> None:
    vocab = {DG[name] for name in VOCAB_TERMS}
    shapes = Graph().parse(shapes_file(), format="turtle")
    assert dg_terms_in(sample) - vocab == set()
    assert dg_terms_in(shapes) - vocab == set()


@pytest.mark.parametrize("name", VOCAB_TERMS)
def test_term_is_documented_in_russian_and_english(onto: Graph, name: str) -> None:
    term = DG[name]
    for predicate in (RDFS.label, RDFS.comment):
        for lang in ("ru", "en"):
            assert texts(onto, term, predicate, lang), f"dg:{name} lacks {predicate} @{lang}"
    # One label per language keeps display code simple.
    for lang in ("ru", "en"):
        assert len(texts(onto, term, RDFS.label, lang)) == 1


def test_ontology_header(onto: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    assert onto.value(ONTOLOGY_IRI, DCTERMS.license) is not None
    for predicate in (DCTERMS.title, DCTERMS.description):
        for lang in ("ru", "en"):
            assert texts(onto, ONTOLOGY_IRI, predicate, lang), f"header lacks {predicate} @{lang}"
    assert not list(onto.objects(None, OWL.imports)), "owl:imports would make tools fetch"


def test_fact_classes_carry_their_cameo_codes(onto: Graph) -> None:
    found = {str(s).removeprefix(DG_IRI): str(o) for s, o in onto.subject_objects(DG.cameoCode)}
    assert found == CAMEO


def test_class_hierarchy(onto: Graph) -> None:
    def superclasses(cls: URIRef) -> set[Node]:
        return set(onto.transitive_objects(cls, RDFS.subClassOf)) - {cls}

    for name in ACTOR_CLASSES:
        assert (DG[name], RDFS.subClassOf, DG.Actor) in onto
        if name != "Person":
            assert (DG.Person, OWL.disjointWith, DG[name]) in onto
    assert (DG.City, RDFS.subClassOf, DG.Place) in onto
    for name in [*CAMEO, "Talks"]:
        assert DG.Event in superclasses(DG[name]), name
    assert {DG.Talks, DG.Event} <= superclasses(DG.HeldTalks)
    assert {DG.Talks, DG.Event} <= superclasses(DG.ScheduledTalks)
    assert DG.Event not in superclasses(DG.Position)
    assert PROV.Entity in superclasses(DG.Event)


def test_direct_edges_and_inverses(onto: Graph) -> None:
    for name in ("demanded", "warned", "threatenedSanctions", "imposedSanctions", "rejected",
                 "scheduledTalksWith", "heldTalksWith", "affiliatedWith"):  # fmt: skip
        assert (DG[name], RDFS.subPropertyOf, DG.interactedWith) in onto, name
    for inverse, edge in INVERSES.items():
        assert (DG[inverse], OWL.inverseOf, DG[edge]) in onto, inverse
    assert onto.value(DG.affiliatedWith, RDFS.domain) == DG.Person


def test_domains_and_ranges_name_declared_classes(onto: Graph) -> None:
    allowed_datatypes = {RDFS.Literal, RDF.langString, XSD.string, XSD.decimal, XSD.integer}
    for predicate in (RDFS.domain, RDFS.range, RDFS.subClassOf, OWL.disjointWith):
        for subject, value in onto.subject_objects(predicate):
            if isinstance(value, BNode):
                members = list(onto.items(onto.value(value, OWL.unionOf)))
                assert members, f"{subject} {predicate}: blank node that is not a union"
            else:
                members = [value]
            for member in members:
                declared = (member, RDF.type, OWL.Class) in onto
                is_data = predicate == RDFS.range and member in allowed_datatypes
                assert declared or is_data, f"{subject} {predicate} {member}: not declared"


def test_readme_lists_every_term() -> None:
    readme = (ontology_dir() / "README.md").read_text(encoding="utf-8")
    missing = [name for name in VOCAB_TERMS if f"`dg:{name}`" not in readme]
    assert missing == []


# --- SHACL shapes and kg.validate ------------------------------------------------------


def test_shapes_are_valid_shacl() -> None:
    pyshacl = pytest.importorskip("pyshacl")
    shapes = Graph().parse(shapes_file(), format="turtle")
    conforms, _, text = pyshacl.validate(shapes, shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


def test_sample_conforms(sample: Graph) -> None:
    conforms, text = validate(sample)
    assert conforms, text


def test_sample_in_named_graphs_conforms(sample: Graph) -> None:
    # Events in one named graph, everything else in another: validated as one graph.
    ds = Dataset()
    events = ds.graph(URIRef("urn:test:events"))
    rest = ds.graph(URIRef("urn:test:rest"))
    for s, p, o in sample:
        (events if str(s).startswith(str(DGR["ev-"])) else rest).add((s, p, o))
    conforms, text = validate(ds)
    assert conforms, text


def test_missing_pyshacl_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, sample: Graph) -> None:
    monkeypatch.setitem(sys.modules, "pyshacl", None)  # makes `import pyshacl` fail
    with pytest.raises(KgError, match="pySHACL"):
        validate(sample)


PREFIXES = """
PREFIX dg: <https://w3id.org/diplograph/ontology#>
PREFIX dgr: <https://w3id.org/diplograph/id/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


def _replace(subject: str, predicate: str, new_object: str) -> str:
    return f"DELETE WHERE {{ {subject} {predicate} ?o }} ; INSERT DATA {{ {subject} {predicate} {new_object} }}"


# (id, SPARQL update that breaks the sample, focus node, result path or None, component)
BREAKAGES = [
    # events
    ("event-without-evidence", "DELETE WHERE { dgr:ev-demand-1 dg:evidence ?o }",
     "ev-demand-1", DG.evidence, "MinCount"),
    ("evidence-blank", _replace("dgr:ev-demand-1", "dg:evidence", '"  "@ru'),
     "ev-demand-1", DG.evidence, "Pattern"),
    ("evidence-without-language", _replace("dgr:ev-demand-1", "dg:evidence", '"Байден призвал."'),
     "ev-demand-1", DG.evidence, "Datatype"),
    ("event-without-source", "DELETE WHERE { dgr:ev-held-1 prov:wasDerivedFrom ?o }",
     "ev-held-1", PROV.wasDerivedFrom, "MinCount"),
    ("source-not-a-document", "INSERT DATA { dgr:ev-held-1 prov:wasDerivedFrom dgr:putin }",
     "ev-held-1", PROV.wasDerivedFrom, "Class"),
    ("confidence-above-one", _replace("dgr:ev-demand-1", "dg:confidence", "1.5"),
     "ev-demand-1", DG.confidence, "MaxInclusive"),
    ("confidence-negative", _replace("dgr:ev-demand-1", "dg:confidence", '"-0.1"^^xsd:decimal'),
     "ev-demand-1", DG.confidence, "MinInclusive"),
    ("confidence-as-double", _replace("dgr:ev-demand-1", "dg:confidence", '"0.8"^^xsd:double'),
     "ev-demand-1", DG.confidence, "Datatype"),
    ("two-confidences", "INSERT DATA { dgr:ev-demand-1 dg:confidence 0.3 }",
     "ev-demand-1", DG.confidence, "MaxCount"),
    ("demand-without-agent", "DELETE WHERE { dgr:ev-demand-1 dg:agent ?o }",
     "ev-demand-1", DG.agent, "MinCount"),
    ("agent-is-a-place", _replace("dgr:ev-threat-1", "dg:agent", "dgr:geneva"),
     "ev-threat-1", DG.agent, "Class"),
    ("target-is-a-document", _replace("dgr:ev-threat-1", "dg:target", "dgr:doc-017_psaki"),
     "ev-threat-1", DG.target, "Class"),
    ("talks-without-participant", "DELETE WHERE { dgr:ev-held-2 dg:participant ?o }",
     "ev-held-2", DG.participant, "MinCount"),
    ("participant-is-a-place", "INSERT DATA { dgr:ev-held-1 dg:participant dgr:geneva }",
     "ev-held-1", DG.participant, "Class"),
    ("location-is-a-person", _replace("dgr:ev-scheduled-1", "dg:location", "dgr:putin"),
     "ev-scheduled-1", DG.location, "Or"),
    ("date-as-string", _replace("dgr:ev-scheduled-1", "dg:startDate", '"2022-01-09"'),
     "ev-scheduled-1", DG.startDate, "Or"),
    ("end-date-as-datetime", _replace("dgr:ev-scheduled-1", "dg:endDate", '"2022-01-10T10:00:00"^^xsd:dateTime'),
     "ev-scheduled-1", DG.endDate, "Or"),
    ("two-start-dates", 'INSERT DATA { dgr:ev-held-1 dg:startDate "2021-06-16"^^xsd:date }',
     "ev-held-1", DG.startDate, "MaxCount"),
    ("source-count-zero", _replace("dgr:ev-threat-1", "dg:sourceCount", "0"),
     "ev-threat-1", DG.sourceCount, "MinInclusive"),
    ("modality-free-text", _replace("dgr:ev-threat-1", "dg:modality", '"if Russia invades"'),
     "ev-threat-1", DG.modality, "Pattern"),
    ("condition-without-language", _replace("dgr:ev-threat-1", "dg:condition", '"если"'),
     "ev-threat-1", DG.condition, "Datatype"),
    ("rule-empty", _replace("dgr:ev-held-1", "dg:rule", '""'),
     "ev-held-1", DG.rule, "MinLength"),
    # positions
    ("position-without-holder", "DELETE WHERE { dgr:pos-psaki-1 dg:holder ?o }",
     "pos-psaki-1", DG.holder, "MinCount"),
    ("position-with-two-holders", "INSERT DATA { dgr:pos-psaki-1 dg:holder dgr:biden }",
     "pos-psaki-1", DG.holder, "MaxCount"),
    ("holder-is-a-state", _replace("dgr:pos-putin-1", "dg:holder", "dgr:russia"),
     "pos-putin-1", DG.holder, "Class"),
    ("position-without-organization", "DELETE WHERE { dgr:pos-putin-1 dg:organization ?o }",
     "pos-putin-1", DG.organization, "MinCount"),
    ("role-without-language", _replace("dgr:pos-putin-1", "dg:role", '"президент"'),
     "pos-putin-1", DG.role, "Datatype"),
    ("position-without-source", "DELETE WHERE { dgr:pos-putin-1 prov:wasDerivedFrom ?o }",
     "pos-putin-1", PROV.wasDerivedFrom, "MinCount"),
    # documents
    ("document-without-identifier", "DELETE WHERE { dgr:doc-017_psaki dcterms:identifier ?o }",
     "doc-017_psaki", DCTERMS.identifier, "MinCount"),
    ("document-with-two-identifiers", 'INSERT DATA { dgr:doc-017_psaki dcterms:identifier "x" }',
     "doc-017_psaki", DCTERMS.identifier, "MaxCount"),
    ("document-date-as-string", _replace("dgr:doc-002_719ecf773bc4dd64", "dcterms:date", '"2021-12-31"'),
     "doc-002_719ecf773bc4dd64", DCTERMS.date, "Datatype"),
    ("content-hash-not-sha256", _replace("dgr:doc-002_719ecf773bc4dd64", "dg:contentHash", '"abc"'),
     "doc-002_719ecf773bc4dd64", DG.contentHash, "Pattern"),
    # entities
    ("entity-without-russian-label", _replace("dgr:nato", "rdfs:label", '"NATO"@en'),
     "nato", RDFS.label, "QualifiedMinCount"),
    ("two-russian-labels", 'INSERT DATA { dgr:usa rdfs:label "Соединённые Штаты"@ru }',
     "usa", RDFS.label, "UniqueLang"),
    ("label-without-language", 'INSERT DATA { dgr:geneva rdfs:label "Geneva" }',
     "geneva", RDFS.label, "Datatype"),
    ("same-as-not-wikidata", "INSERT DATA { dgr:russia owl:sameAs <http://dbpedia.org/resource/Russia> }",
     "russia", OWL.sameAs, "Pattern"),
    ("same-as-literal", 'INSERT DATA { dgr:russia owl:sameAs "Q159" }',
     "russia", OWL.sameAs, "NodeKind"),
    ("mentioned-in-not-a-document", "INSERT DATA { dgr:putin dg:mentionedIn dgr:russia }",
     "putin", DG.mentionedIn, "Class"),
    ("part-of-a-place", "INSERT DATA { dgr:white-house dg:partOf dgr:geneva }",
     "white-house", DG.partOf, "Class"),
    ("entity-as-blank-node", 'INSERT DATA { [] a dg:State ; rdfs:label "Атлантида"@ru }',
     None, None, "NodeKind"),
    # direct edges
    ("edge-to-a-document", "INSERT DATA { dgr:biden dg:warned dgr:doc-017_psaki }",
     "biden", DG.warned, "Class"),
    ("edge-from-a-place", "INSERT DATA { dgr:geneva dg:demanded dgr:russia }",
     "geneva", None, "Class"),
    ("talks-in-a-person", "INSERT DATA { dgr:usa dg:heldTalksIn dgr:biden }",
     "usa", DG.heldTalksIn, "Or"),
    ("affiliate-not-a-person", "INSERT DATA { dgr:usa dg:affiliatedWith dgr:nato }",
     "usa", None, "Class"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("update", "focus", "path", "component"),
    [pytest.param(*case[1:], id=case[0]) for case in BREAKAGES],
)
def test_broken_sample_does_not_conform(
    sample: Graph, update: str, focus: str | None, path: URIRef | None, component: str
) -> None:
    before = set(sample)
    sample.update(PREFIXES + update)
    assert set(sample) != before, "the breakage changed nothing"
    result = report(sample)
    assert not result.conforms
    wanted = SH[f"{component}ConstraintComponent"]
    found = []
    for node in result.results.subjects(RDF.type, SH.ValidationResult):
        got = (
            result.results.value(node, SH.focusNode),
            result.results.value(node, SH.resultPath),
            result.results.value(node, SH.sourceConstraintComponent),
        )
        found.append(got)
        focus_ok = focus is None or got[0] == DGR[focus]
        if focus_ok and got[1] == path and got[2] == wanted:
            return
    pytest.fail(f"no {component} violation on {focus} {path}; got {found}")


# --- OWL RL closure --------------------------------------------------------------------


@pytest.fixture
def closure(sample: Graph) -> Graph:
    g = Graph()
    for triple in _ontology():
        g.add(triple)
    for triple in sample:
        g.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, improved_datatypes=False).expand(g)
    return g


def test_closure_is_consistent(closure: Graph) -> None:
    errors = [str(closure.value(m, None)) for m in closure.subjects(RDF.type, OWLRL_ERROR)]
    assert errors == []


def test_closure_types(sample: Graph, closure: Graph) -> None:
    persons = set(sample.subjects(RDF.type, DG.Person))
    held = set(sample.subjects(RDF.type, DG.HeldTalks))
    assert persons and held
    for person in persons:
        assert (person, RDF.type, DG.Actor) in closure
    for talks in held:
        assert (talks, RDF.type, DG.Talks) in closure
        assert (talks, RDF.type, DG.Event) in closure
    for city in sample.subjects(RDF.type, DG.City):
        assert (city, RDF.type, DG.Place) in closure
    # Design choices: a position is not an event; a state as talks location stays a state.
    for position in sample.subjects(RDF.type, DG.Position):
        assert (position, RDF.type, DG.Event) not in closure
    assert (DGR.russia, DG.heldTalksIn, None) not in sample
    assert (DGR.nato, DG.heldTalksIn, DGR.russia) in sample
    assert (DGR.russia, RDF.type, DG.Place) not in closure


def test_closure_makes_talk_edges_symmetric(sample: Graph, closure: Graph) -> None:
    for prop in (DG.heldTalksWith, DG.scheduledTalksWith):
        pairs = list(sample.subject_objects(prop))
        assert any((b, prop, a) not in sample for a, b in pairs), "sample has nothing to infer"
        for a, b in pairs:
            assert (b, prop, a) in closure
            assert (a, DG.interactedWith, b) in closure
            assert (b, DG.interactedWith, a) in closure


def test_closure_materialises_inverses(sample: Graph, closure: Graph) -> None:
    checked = 0
    for inverse, edge in INVERSES.items():
        for a, b in sample.subject_objects(DG[edge]):
            assert (b, DG[inverse], a) not in sample
            assert (b, DG[inverse], a) in closure, f"{b} {inverse} {a}"
            checked += 1
    assert checked >= 3


def test_closure_reports_a_person_typed_as_a_state(sample: Graph) -> None:
    g = _ontology() + sample
    g.add((DGR.putin, RDF.type, DG.State))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, improved_datatypes=False).expand(g)
    assert list(g.subjects(RDF.type, OWLRL_ERROR)), "disjointness of dg:Person not enforced"
