"""`kg build` end to end (issue 2's acceptance): formats, determinism, Russia as one node,
SHACL, OWL-RL, and the CLI's inputs and options. In-process through `kg.cli.main`, so the
natasha models load once for the whole module."""

from __future__ import annotations

import importlib.util
import io
import json
import re
import sys
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, XSD

from kg.cli import COMMANDS, main
from kg.rdfio import load_dataset, union_graph
from kg.resources import ontology_file
from kg.vocab import DG, WD

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds" / "seeds.jsonl"
SEED_IDS = ("000_62c2cfc2efeb0b71", "002_719ecf773bc4dd64")
FORMATS = ("ttl", "nt", "nq", "trig", "jsonld")

needs_seeds = pytest.mark.skipif(
    not SEEDS.exists(),
    reason=f"seed articles not found at {SEEDS} (../shared beside the repository)",
)

TEXT_A = (
    "Министр иностранных дел Франции заявил, что Париж требует от Ирана вернуться к переговорам. "
    "Переговоры Франции и Ирана пройдут в Вене 3 марта."
)
TEXT_B = "Президент России Владимир Путин провёл телефонный разговор с президентом Франции."


def kg(*argv: str) -> int:
    return main([str(a) for a in argv])


def triples(path: Path) -> set[tuple]:
    return set(union_graph(load_dataset([path])))


def doc_node(g: Graph, doc_id: str) -> URIRef:
    nodes = list(g.subjects(DCTERMS.identifier, Literal(doc_id)))
    assert len(nodes) == 1, f"document {doc_id!r}: {len(nodes)} nodes"
    return nodes[0]


def jsonl(*docs: dict) -> str:
    return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs)


# ------------------------------------------------------------------ the seeds, every format


@pytest.fixture(scope="module")
def seed_builds(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """Each format built twice from the seeds, into two folders."""
    if not SEEDS.exists():
        pytest.skip(f"seed articles not found at {SEEDS}")
    first, second = tmp_path_factory.mktemp("run1"), tmp_path_factory.mktemp("run2")
    out = {}
    for fmt in FORMATS:
        for folder in (first, second):
            assert kg("build", SEEDS, "-o", folder / f"out.{fmt}", "-q") == 0
        out[fmt] = (first / f"out.{fmt}", second / f"out.{fmt}")
    return out


@pytest.fixture(scope="module")
def seed_graph(seed_builds) -> Graph:
    return union_graph(load_dataset([seed_builds["trig"][0]]))


@needs_seeds
@pytest.mark.slow
def test_every_format_parses_and_holds_the_same_triples(seed_builds):
    graphs = {fmt: triples(paths[0]) for fmt, paths in seed_builds.items()}
    reference = graphs["ttl"]
    assert len(reference) > 100
    for fmt, g in graphs.items():
        diff = sorted(g ^ reference)
        assert not diff, f".{fmt}: {len(diff)} triples differ from .ttl, e.g. {diff[0]}"


@needs_seeds
@pytest.mark.slow
def test_no_blank_nodes(seed_builds):
    # Blank nodes would make the set comparison above meaningless (and IRIs unstable).
    for fmt, (path, _) in seed_builds.items():
        blank = [t for t in triples(path) if any(isinstance(x, BNode) for x in t)]
        assert not blank, f".{fmt}: {len(blank)} triples with blank nodes, e.g. {blank[0]}"


@needs_seeds
@pytest.mark.slow
def test_two_runs_are_byte_identical(seed_builds):
    for fmt, (one, two) in seed_builds.items():
        assert one.read_bytes() == two.read_bytes(), f".{fmt} differs between two runs"


@needs_seeds
@pytest.mark.slow
def test_quad_formats_keep_one_named_graph_per_document(seed_builds):
    ds = load_dataset([seed_builds["nq"][0]])
    named = {
        c.identifier for c in ds.graphs() if len(c) and c.identifier != ds.default_graph.identifier
    }
    assert len(named) >= len(SEED_IDS)


@needs_seeds
@pytest.mark.slow
def test_russia_is_one_node(seed_graph):
    russia = [s for s in seed_graph.subjects(RDFS.label, Literal("Россия", lang="ru"))]
    assert len(russia) == 1, russia
    node = russia[0]
    assert (node, OWL.sameAs, WD.Q159) in seed_graph
    assert list(seed_graph.subjects(OWL.sameAs, WD.Q159)) == [node]
    assert (node, RDF.type, DG.State) in seed_graph
    mentioned = set(seed_graph.objects(node, DG.mentionedIn))
    assert {doc_node(seed_graph, d) for d in SEED_IDS} <= mentioned
    # «России», «РФ», … are other forms of the same node, not nodes of their own.
    for form in seed_graph.objects(node, URIRef("http://www.w3.org/2004/02/skos/core#altLabel")):
        assert not list(seed_graph.subjects(RDFS.label, form)), f"{form} is also a node's label"


@needs_seeds
@pytest.mark.slow
def test_seeds_graph_conforms_to_the_shapes(seed_graph):
    pytest.importorskip("pyshacl")
    from kg.validate import validate

    conforms, text = validate(seed_graph)
    assert conforms, text[:3000]


@needs_seeds
@pytest.mark.slow
def test_owlrl_closure_types_every_person_as_actor(seed_graph):
    import owlrl

    g = Graph()
    for t in seed_graph:
        g.add(t)
    persons = set(g.subjects(RDF.type, DG.Person))
    assert persons, "the seeds graph has no dg:Person"
    untyped = {p for p in persons if (p, RDF.type, DG.Actor) not in g}
    g.parse(ontology_file(), format="turtle")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, improved_datatypes=False).expand(g)
    persons = set(g.subjects(RDF.type, DG.Person))
    assert persons and all((p, RDF.type, DG.Actor) in g for p in persons)
    # The closure did the typing (if the build already asserted it, this checks nothing new).
    assert all((p, RDF.type, DG.Actor) in g for p in untyped)
    states = set(g.subjects(RDF.type, DG.State))
    assert states and all((s, RDF.type, DG.Actor) in g for s in states)


# ------------------------------------------------------------------ options and inputs


@pytest.mark.slow
def test_format_option_overrides_the_extension(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(TEXT_B, encoding="utf-8")
    out = tmp_path / "graph.data"
    assert kg("build", src, "-o", out, "--format", "nt", "-q") == 0
    g = Graph().parse(out, format="nt")
    assert len(g) > 0
    assert kg("build", src, "-o", tmp_path / "g.ttl", "-q") == 0
    assert set(g) == triples(tmp_path / "g.ttl")


def test_unknown_extension_without_format_is_an_error(tmp_path, capsys):
    src = tmp_path / "a.txt"
    src.write_text(TEXT_B, encoding="utf-8")
    assert kg("build", src, "-o", tmp_path / "graph.data") != 0
    err = capsys.readouterr().err
    assert "graph.data" in err and "Traceback" not in err
    assert not (tmp_path / "graph.data").exists()


@pytest.mark.slow
def test_dash_reads_json_lines_from_stdin(tmp_path, monkeypatch):
    data = jsonl(
        {"id": "stdin-1", "text": TEXT_A, "date": "2024-02-01"}, {"id": "stdin-2", "text": TEXT_B}
    )
    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode("utf-8")), encoding="utf-8")
    )
    out = tmp_path / "g.ttl"
    assert kg("build", "-", "-o", out, "-q") == 0
    g = Graph().parse(out)
    for doc_id in ("stdin-1", "stdin-2"):
        assert (doc_node(g, doc_id), RDF.type, DG.Document) in g


@pytest.mark.slow
def test_date_option_dates_only_documents_without_one(tmp_path):
    src = tmp_path / "news.jsonl"
    src.write_text(
        jsonl(
            {"id": "dated", "text": TEXT_A, "date": "2024-02-01"}, {"id": "undated", "text": TEXT_B}
        ),
        encoding="utf-8",
    )
    out = tmp_path / "g.ttl"
    assert kg("build", src, "-o", out, "--date", "2022-01-15", "-q") == 0
    g = Graph().parse(out)
    assert list(g.objects(doc_node(g, "undated"), DCTERMS.date)) == [
        Literal("2022-01-15", datatype=XSD.date)
    ]
    assert list(g.objects(doc_node(g, "dated"), DCTERMS.date)) == [
        Literal("2024-02-01", datatype=XSD.date)
    ]
    # Without --date an undated document gets no date at all.
    assert kg("build", src, "-o", out, "-q") == 0
    g = Graph().parse(out)
    assert not list(g.objects(doc_node(g, "undated"), DCTERMS.date))


@pytest.mark.slow
def test_folder_input_recurses_and_txt_ids_are_file_stems(tmp_path):
    deep = tmp_path / "news" / "2024" / "march"
    deep.mkdir(parents=True)
    (tmp_path / "news" / "paris.talks.txt").write_text(TEXT_A, encoding="utf-8")
    (deep / "kremlin_call.txt").write_text(TEXT_B, encoding="utf-8")
    (deep / "more.jsonl").write_text(jsonl({"id": "line-1", "text": TEXT_B}), encoding="utf-8")
    (deep / "notes.md").write_text("не статья", encoding="utf-8")
    out = tmp_path / "g.ttl"
    assert kg("build", tmp_path / "news", "-o", out, "-q") == 0
    g = Graph().parse(out)
    ids = {
        str(i) for d in g.subjects(RDF.type, DG.Document) for i in g.objects(d, DCTERMS.identifier)
    }
    assert ids == {"paris.talks", "kremlin_call", "line-1"}


@pytest.mark.slow
def test_summary_line_unless_quiet(tmp_path, capsys):
    src = tmp_path / "news.jsonl"
    src.write_text(
        jsonl({"id": "a", "text": TEXT_A}, {"id": "b", "text": TEXT_B}), encoding="utf-8"
    )
    out = tmp_path / "g.ttl"
    assert kg("build", src, "-o", out) == 0
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert len(lines) == 1, captured.err  # stderr is no terminal in tests: no progress bar
    match = re.match(
        r"kg build: (\d+) documents, (\d+) entities, (\d+) facts in [\d.]+ s → (.+)$", lines[0]
    )
    assert match, lines[0]
    assert int(match[1]) == 2 and int(match[2]) > 0 and match[4].strip() == str(out)
    assert captured.out == ""
    assert kg("build", src, "-o", out, "-q") == 0
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""


# ------------------------------------------------------------------ bad input: one line, no output


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("missing.txt", None, "missing.txt"),
        ("empty.txt", b"", "empty"),
        ("blank.jsonl", b"\n  \n", "empty"),
        ("binary.txt", bytes(range(256)) * 4, "binary"),
        (
            "bad.jsonl",
            b'{"id": "a", "text": "\xd0\x9c\xd0\xb8\xd1\x80"}\n{"id": "b", "text": \n',
            "bad.jsonl:2",
        ),
        ("dup.jsonl", b'{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n', "duplicate"),
        ("noid.jsonl", b'{"text": "x"}\n', "id"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(tmp_path, capsys, name, content, expected):
    src = tmp_path / name
    if content is not None:
        src.write_bytes(content)
    out = tmp_path / "out.ttl"
    out.write_text("previous", encoding="utf-8")
    code = kg("build", src, "-o", out)
    err = capsys.readouterr().err
    assert code != 0
    assert len(err.strip().splitlines()) == 1, err
    assert expected in err and "Traceback" not in err
    assert out.read_text(encoding="utf-8") == "previous"
    left = {p.name for p in tmp_path.iterdir()}
    assert left == ({"out.ttl"} if content is None else {name, "out.ttl"}), (
        left
    )  # no temporary files


# ------------------------------------------------------------------ help


def test_kg_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exc:
        kg("--help")
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for name in COMMANDS:
        if importlib.util.find_spec(f"kg.commands.{name}") is not None:
            assert re.search(rf"^\s+{name}\s", out, re.M), f"`kg --help` does not list {name}"


def test_build_help_lists_its_options(capsys):
    with pytest.raises(SystemExit) as exc:
        kg("build", "--help")
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for option in ("INPUT", "-o", "--output", "--format", "--date", "-q", "--quiet"):
        assert option in out, f"`kg build --help` does not mention {option}"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_help_has_an_example(capsys, name):
    if importlib.util.find_spec(f"kg.commands.{name}") is None:
        pytest.skip(f"kg.commands.{name} is not in this build")
    with pytest.raises(SystemExit) as exc:
        kg(name, "--help")
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert re.search(r"^examples?:", out, re.M | re.I), (
        f"`kg {name} --help` has no examples section"
    )
    assert re.search(rf"^\s+(\S+ \| )?kg {name}\b", out, re.M), (
        f"`kg {name} --help` shows no `kg {name} ...` line"
    )
