"""Overlays through the real models and `kg build`: a new entity linked and labelled, a new
office holder on the dates of his term only, a new trigger with its rule id, the overlays in
each document graph's provenance, worker processes and the store — and the same bytes on
every run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS

from kg.vocab import DG, DGR, WD

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
PETROV = DGR["person/ivan-petrov"]
LAVROV = DGR.Q80504
BODY = "Q4115189"  # an id nothing bundled uses (Wikidata's sandbox item)
PEOPLE = [
    {"id": "person:ivan-petrov", "label": "Иван Петров", "class": "Person", "aliases": ["Петров"], "state": "Q159"},
    {"office": "министр иностранных дел", "org": "Россия", "person": "Иван Петров", "start": "2026-01-16"},
    {"id": BODY, "label": "Полярная комиссия", "class": "GovernmentBody", "partOf": "Q159",
     "aliases": ["Полярная комиссия России"]},
]
TRIGGERS = """\
[[frame]]
id = "newsroom.warned.chide"
type = "warned"
pos = "VERB"
lemmas = ["пожурить", "журить"]
agent = ["subject"]
target = ["obj"]
"""
SENTENCE = "Министр иностранных дел России пожурил Норвегию за учения."
DOCS = [
    {"id": "inside", "date": "2026-02-01", "text": SENTENCE},
    {"id": "before", "date": "2025-06-01", "text": SENTENCE},
    {"id": "body", "date": "2026-02-01", "text": "Полярная комиссия потребовала от Норвегии прекратить учения."},
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("overlays")
    (path / "people.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in PEOPLE),
                                       encoding="utf-8")
    (path / "triggers.toml").write_text(TRIGGERS, encoding="utf-8")
    (path / "docs.jsonl").write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in DOCS),
                                     encoding="utf-8")
    return path


def kg(folder: Path, *args: str, overlays: bool = True) -> subprocess.CompletedProcess:
    more = ["--gazetteer", "people.jsonl", "--lexicon", "triggers.toml"] if overlays else []
    proc = subprocess.run([sys.executable, "-m", "kg", *args, *more], capture_output=True, text=True, cwd=folder,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture(scope="module")
def built(folder: Path) -> Dataset:
    kg(folder, "build", "docs.jsonl", "-o", "out.trig", "-q")
    return Dataset(default_union=True).parse(folder / "out.trig", format="trig")


def facts(ds: Dataset, doc: str) -> set[tuple]:
    """(class, agent, target, rule) of each event of one document."""
    return {(cls, ds.value(e, DG.agent), ds.value(e, DG.target), str(ds.value(e, DG.rule)))
            for e in ds.subjects(PROV.wasDerivedFrom, DGR[f"doc/{doc}"]) for cls in ds.objects(e, RDF.type)}


def test_an_office_term_names_the_new_holder_inside_it_only(built):
    assert facts(built, "inside") == {(DG.Warning, PETROV, DGR.Q20, "newsroom.warned.chide")}
    assert facts(built, "before") == {(DG.Warning, LAVROV, DGR.Q20, "newsroom.warned.chide")}


def test_an_entity_with_a_wikidata_id_is_linked_and_labelled(built):
    node = DGR[BODY]
    assert (node, OWL.sameAs, WD[BODY]) in built
    assert (node, RDFS.label, Literal("Полярная комиссия", lang="ru")) in built
    assert (node, DG.partOf, DGR.Q159) in built
    assert (DG.Demand, node, DGR.Q20, "demand.verb") in facts(built, "body")


def test_each_document_graph_records_the_overlays(folder, built):
    import hashlib

    for doc in DOCS:
        g = built.graph(URIRef(f"{DGR}doc/{doc['id']}/graph"))
        made = {(str(g.value(o, DCTERMS.identifier)), str(g.value(o, DG.checksum)))
                for o in g.objects(DGR[f"doc/{doc['id']}"], DG.builtWith)}
        assert made == {(name, hashlib.sha256((folder / name).read_bytes()).hexdigest())
                        for name in ("people.jsonl", "triggers.toml")}


def test_same_overlays_same_bytes_with_one_worker_or_two(folder, built):
    first = (folder / "out.trig").read_bytes()
    kg(folder, "build", "docs.jsonl", "-o", "again.trig", "-q")
    assert (folder / "again.trig").read_bytes() == first
    kg(folder, "build", "docs.jsonl", "-o", "one.nq", "-q", "--workers", "1")
    kg(folder, "build", "docs.jsonl", "-o", "two.nq", "-q", "--workers", "2")  # forked workers get the overlays
    one = (folder / "one.nq").read_bytes()
    assert one == (folder / "two.nq").read_bytes()
    assert b"newsroom.warned.chide" in one and b"person/ivan-petrov" in one


def test_a_store_rebuilds_documents_when_the_overlays_change(folder):
    plain = kg(folder, "build", "docs.jsonl", "--store", "g.db", overlays=False)
    assert "3 documents" in plain.stderr
    with_overlays = kg(folder, "build", "docs.jsonl", "--store", "g.db")
    assert "3 documents" in with_overlays.stderr and "skipped" not in with_overlays.stderr
    again = kg(folder, "build", "docs.jsonl", "--store", "g.db")
    assert "3 unchanged documents skipped" in again.stderr
    rows = kg(folder, "query", "--store", "g.db", "-e",
              f"SELECT ?r WHERE {{ ?e dg:rule ?r ; dg:agent <{PETROV}> }}", "-f", "tsv",
              overlays=False).stdout
    assert rows.split() == ["?r", '"newsroom.warned.chide"']


def test_the_project_file_gives_overlays_date_and_store(folder):
    project = folder / "team"
    project.mkdir()
    (project / "kg.toml").write_text('gazetteer = ["../people.jsonl"]\nlexicon = ["../triggers.toml"]\n\n'
                                     '[defaults]\ndate = "2026-02-01"\nworkers = 1\nstore = "team.db"\n',
                                     encoding="utf-8")
    (project / "undated.jsonl").write_text(json.dumps({"id": "u", "text": SENTENCE}, ensure_ascii=False) + "\n",
                                           encoding="utf-8")
    kg(project, "build", "undated.jsonl", "-q", overlays=False)
    rows = kg(project, "query", "-e", "SELECT ?a WHERE { ?e dg:rule 'newsroom.warned.chide' ; dg:agent ?a }",
              "-f", "tsv", overlays=False).stdout  # the project's store, as no file names another
    assert rows.split() == ["?a", f"<{PETROV}>"]


def test_the_python_api_takes_overlays(folder):
    from kg.pipeline import build_graph
    from kg.rdfio import union_graph

    g = union_graph(build_graph([SENTENCE], date="2026-02-01", gazetteer=[str(folder / "people.jsonl")],
                                lexicon=[str(folder / "triggers.toml")]))
    assert {(str(r), a) for _, _, r in g.triples((None, DG.rule, None)) for a in g.objects(None, DG.agent)} == {
        ("newsroom.warned.chide", PETROV)}
