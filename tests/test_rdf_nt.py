"""kg.rdf writes N-Triples itself (streamed N-Quads) and builds rdflib graphs (everything else)
from one triple description: both writings must be what rdflib itself would write."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import BNode, Dataset, Literal, URIRef, namespace
from rdflib.plugins.serializers.nt import _nt_row

from kg.commands.build_store import document_quads, nquads
from kg.dates import datatype_of
from kg.iris import document_graph_iri
from kg.rdf import Lit, _decimal, document_graph, document_triple_list, nt_row, nt_term, to_rdflib
from kg.records import Document, Entity, Fact
from kg.vocab import DG, DGR

S, P = DGR["event/x"], DG.evidence
# Not XSD itself at module level: pytest's collection probes module attributes, and rdflib's
# namespace classes warn about every name they do not define.
DATE, DECIMAL, ANYURI = namespace.XSD.date, namespace.XSD.decimal, namespace.XSD.anyURI

HARD_TEXTS = [
    "",
    'Он сказал: "нет"',
    '"',
    "\\",
    "конец\\",
    'a\\"b',
    "\\n is not a line break, \n is",
    "tab\there",
    "cr\rand crlf\r\n",
    "«Кремль» — ёлка, 😀, ✓",
    "controls \x00\x01\x07\x08\x0b\x0c\x1b\x1f\x7f",
    "other breaks \x85 \u2028 \u2029 \x1c\x1d\x1e",
    "  leading and trailing spaces  ",
    "<not an IRI> {} | ^ `",
]

LITERALS = [
    *[Lit(text) for text in HARD_TEXTS],
    *[Lit(text, "ru") for text in HARD_TEXTS],
    Lit("Moscow", "en-GB"),
    *[Lit(v, datatype=datatype_of(v)) for v in ("2022-01-09", "2022-01", "2022", "--01-09", "--02-29", "--01")],
    Lit(dt.date(2021, 12, 31).isoformat(), datatype=DATE),
    Lit("0999-01-01", datatype=DATE),
    *[_decimal(c) for c in (0, 0.0, 0.5, 0.7, 0.705, 0.855, 0.99, 0.999, 1, 1.0)],
    Lit("https://ria.ru/20220109/переговоры.html?a=1&b=\"2\"", datatype=ANYURI),
    Lit("https://example.org/a b\\c\nd", datatype=ANYURI),
]


def rdflib_row(triple: tuple) -> str:
    """rdflib's N-Triples line, less the final " .\\n" (nt_row's form)."""
    row = _nt_row(triple)
    assert row.endswith(" .\n")
    return row[:-3]


@pytest.mark.parametrize("lit", LITERALS, ids=repr)
def test_a_light_literal_is_written_as_rdflib_writes_its_literal(lit):
    literal = lit.to_rdflib()
    assert str(literal) == lit.lexical  # already rdflib's normal form: no re-normalisation
    assert nt_row((S, P, lit)) == rdflib_row((S, P, literal))
    assert nt_row((S, P, literal)) == rdflib_row((S, P, literal))  # rdflib's own terms too
    assert "\n" not in nt_row((S, P, lit)) and "\r" not in nt_row((S, P, lit))


@pytest.mark.parametrize(
    "literal",
    [
        Literal(2),
        Literal(Decimal("0.70"), datatype=DECIMAL),
        Literal(Decimal("0.7")),
        Literal(True),
        Literal(1.5),
        Literal(dt.date(2022, 1, 9)),
        Literal("x", datatype=URIRef("http://example.org/type")),
    ],
    ids=repr,
)
def test_rdflib_literals_made_from_values_are_written_as_rdflib_writes_them(literal):
    assert nt_term(literal) == rdflib_row((S, P, literal)).removeprefix(f"<{S}> <{P}> ")


@given(st.text())
def test_any_text_is_written_as_rdflib_writes_it(text):
    for lit in (Lit(text), Lit(text, "ru"), Lit(text, datatype=ANYURI)):
        assert nt_row((S, P, lit)) == rdflib_row((S, P, lit.to_rdflib()))


@given(st.floats(min_value=0, max_value=1))
def test_confidences_are_the_decimal_literals_rdflib_made(c):
    before = Literal(Decimal(str(round(c, 2))), datatype=DECIMAL)  # what kg.rdf made before
    assert _decimal(c).to_rdflib() == before
    assert nt_row((S, P, _decimal(c))) == rdflib_row((S, P, before))


def test_iris_and_blank_nodes_are_written_as_rdflib_writes_them():
    for o in (DGR["Q159"], URIRef("http://www.wikidata.org/entity/Q159"), URIRef("urn:x:%D0%B0#frag")):
        assert nt_row((S, P, o)) == rdflib_row((S, P, o))
    b = BNode("b1")
    assert nt_row((b, P, b)) == rdflib_row((b, P, b))


@pytest.mark.parametrize("bad", ["http://x/a b", "http://x/<a>", 'http://x/"', "http://x/a\nb", "http://x/\x00"])
def test_an_iri_n_triples_cannot_hold_is_refused(bad):
    with pytest.raises(ValueError, match="not an IRI"):
        nt_row((URIRef(bad), P, S))


# --- one document, both writings ----------------------------------------------------------

DOC = Document(
    id="doc/1 «тест»",
    text="…",
    date=dt.date(2022, 1, 9),
    url='https://ria.ru/a?b="c"',
    title='Заголовок с "кавычками"\nи переводом строки',
)
ENTITIES = {
    "Q159": Entity("Q159", "Россия", "State", qid="Q159"),
    "Q30": Entity("Q30", "США", "State", qid="Q30"),
    "Q2305208": Entity("Q2305208", "Кремль", "GovernmentBody", qid="Q2305208", part_of="Q159"),
    "Q7747": Entity("Q7747", "Владимир Путин", "Person", qid="Q7747", part_of="Q159"),
    "person:ivan-ivanov": Entity("person:ivan-ivanov", 'Иван "Ваня" Иванов\\', "Person"),
    "Q1741": Entity("Q1741", "Вена", "City", qid="Q1741"),
}
FORMS = {
    "Q159": {"Россия", "России", "российский"},
    "Q30": {"США", "Штаты"},
    "Q2305208": {"Кремль"},
    "person:ivan-ivanov": {"Иванов", "Ване\tИванову"},
}
FACTS = [
    Fact("demanded", DOC.id, 0, '  Кремль потребовал "гарантий"\\ от США.\n', "demand.subj_verb",
         agents=("Q2305208",), targets=("Q30",), start="2022-01-09", condition="если\rНАТО",
         modality="conditional", confidence=0.855),
    Fact("heldTalks", DOC.id, 1, "Россия и США провели переговоры в Вене", "talks.held",
         participants=("Q159", "Q30"), location="Q1741", start="--01-10", end="--01-12", confidence=0.7),
    Fact("affiliation", DOC.id, 2, "Иван Иванов, глава МИД России", "post.appos",
         agents=("person:ivan-ivanov",), targets=("Q159",), role="глава «МИД»", confidence=1.0),
    # The same event twice in one document: two confidences for one node.
    Fact("demanded", DOC.id, 3, "Кремль потребовал от США", "demand.subj_verb",
         agents=("Q2305208",), targets=("Q30",), start="2022-01-09", confidence=0.6),
]


def test_the_streamed_text_and_the_graph_come_from_the_same_triples():
    triples = document_triple_list(DOC, ENTITIES, FORMS, FACTS, "abc123", frozenset(FORMS))
    graph = document_graph(DOC, ENTITIES, FORMS, FACTS, "abc123", frozenset(FORMS))
    assert {to_rdflib(t) for t in triples} == set(graph)
    assert any(isinstance(o, Lit) and "\n" in o.lexical for _, _, o in triples)

    name = str(document_graph_iri(DOC.id))
    # Byte for byte what rdflib's own writer gives for the graph.
    expected = sorted((_nt_row(t)[:-2] + f"<{name}> .\n").encode() for t in graph)
    assert nquads(name, set(triples)) == b"".join(expected)

    light, rdflib_terms = document_quads(DOC.id, triples), document_quads(DOC.id, graph)
    assert light == rdflib_terms
    assert sorted(value for _, value, _ in light.confidences) == ["0.6", "0.7", "0.85", "1.0"]

    ds = Dataset()
    ds.parse(data=light.quads + b"".join(line for *_, line in light.confidences), format="nquads")
    assert {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))} == set(graph)
