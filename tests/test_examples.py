"""The bundled example articles: they build, each yields facts, and the extractor keeps its
score on the gold facts their author wrote down (tests/data/examples_gold.jsonl, the format
of ../shared/docs/schema.md §4), measured with ../shared/eval/score.py.

The gold lives under tests/ rather than in examples/: `kg build examples/` reads every
.jsonl file in that folder as articles."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, Graph
from rdflib.namespace import DCTERMS, PROV

from kg.cli import main
from kg.rdfio import load_dataset, union_graph
from kg.resources import examples_dir
from kg.vocab import DG

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "examples_gold.jsonl"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
FACT_CLASSES = (
    DG.Demand,
    DG.Warning,
    DG.SanctionThreat,
    DG.SanctionImposition,
    DG.Rejection,
    DG.ScheduledTalks,
    DG.HeldTalks,
    DG.Position,
)

# Measured on 2025-11-25: strict F1 0.764 at 401e7b2, 0.711 at 9e91b16, 0.725 at 70263d7
# (P 0.892, R 0.611); state-level F1 0.833. The floors sit a little below, so a regression
# fails while small wobbles do not.
STRICT_F1_FLOOR = 0.68
STATE_F1_FLOOR = 0.80


def article_ids() -> set[str]:
    ids = {p.stem for p in examples_dir().glob("*.txt")}
    for line in (examples_dir() / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            ids.add(json.loads(line)["id"])
    return ids


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("examples") / "examples.trig"
    assert main(["build", str(examples_dir()), "-o", str(out), "-q"]) == 0
    return out


@pytest.fixture(scope="module")
def graph(built) -> Graph:
    return union_graph(load_dataset([built]))


def test_examples_are_six_to_eight_articles_of_news_length():
    ids = article_ids()
    assert 6 <= len(ids) <= 8, sorted(ids)
    texts = [p.read_text(encoding="utf-8") for p in examples_dir().glob("*.txt")]
    for line in (examples_dir() / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        assert {"id", "date", "title", "text"} <= record.keys(), record.get("id")
        texts.append(record["text"])
    for text in texts:
        assert 150 <= len(text.split()) <= 350, text[:60]


def test_gold_covers_exactly_the_examples():
    gold_ids = {
        json.loads(line)["doc"]
        for line in GOLD.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    assert gold_ids == article_ids()


@pytest.mark.slow
def test_every_article_is_a_document_with_facts(graph):
    docs = {
        str(graph.value(d, DCTERMS.identifier)): d for d in graph.subjects(RDF.type, DG.Document)
    }
    assert set(docs) == article_ids()
    for doc_id, node in sorted(docs.items()):
        facts = {
            e
            for cls in FACT_CLASSES
            for e in graph.subjects(RDF.type, cls)
            if (e, PROV.wasDerivedFrom, node) in graph
        }
        assert facts, f"{doc_id}: no fact extracted"
    # A .jsonl line's date reaches the document; a .txt file has none.
    dated = docs["ex-2024-02-26-eu-iran-drones"]
    assert [str(d) for d in graph.objects(dated, DCTERMS.date)] == ["2024-02-26"]
    assert not list(graph.objects(docs["barents_fisheries"], DCTERMS.date))


@pytest.mark.slow
@pytest.mark.skipif(
    not SCORER.exists(),
    reason=f"the shared scorer is not at {SCORER} (../shared beside the repository)",
)
def test_extraction_score_on_the_examples_does_not_regress(built, tmp_path):
    report = tmp_path / "report.json"
    run = subprocess.run(
        [
            sys.executable,
            str(SCORER),
            "--gold",
            str(GOLD),
            "--graph",
            str(built),
            "--json",
            str(report),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    views = json.loads(report.read_text(encoding="utf-8"))["views"]
    strict, state = views["strict"]["scores"]["overall"], views["state"]["scores"]["overall"]
    assert strict["gold"] > 40  # the gold file was read in full
    assert strict["f1"] >= STRICT_F1_FLOOR, f"strict {strict}\n{run.stdout}"
    assert state["f1"] >= STATE_F1_FLOOR, f"state {state}\n{run.stdout}"
