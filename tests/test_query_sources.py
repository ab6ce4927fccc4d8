"""`kg query` where the graph lives: files, a store (`--store`), a SPARQL endpoint (`--endpoint`,
both `kg serve` and the Oxigraph server on 127.0.0.1) give the same rows for every named query."""

from __future__ import annotations

import csv
import io
import re
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from servers import serving

from kg import query as q
from kg.cli import main
from kg.errors import QueryError
from kg.rdfio import load_dataset, union_graph
from kg.serve import make_server
from kg.serve_pool import Limits
from kg.sources import with_values
from kg.store import open_store, put_document
from tests.test_push import oxigraph_server  # noqa: F401  (the fixture)
from tests.test_query import FIXTURE

_NUMBER = re.compile(r"-?\d+\.\d+")
_IDS = re.compile(r"[\w-]+( [\w-]+)+", re.ASCII)
# Each named query with parameters that make it select something of the fixture.
PARAMS = {
    "actor_profile": ["actor=США"],
    "demands": ["agent=Байден"],
    "warnings_threats": [],
    "sanctions_network": [],
    "talks_timeline": ["actor=Россия"],
    "positions": [],
    "facts_by_type": ["type=dg:Demand"],
    "top_actors": [],
    "actors": ["class=dg:State"],
    "event_evidence": [],
}


def store_of(path: Path, folder: Path) -> Path:
    """A store holding the document graphs of an RDF file, closed again (commands open it read-only)."""
    store = open_store(folder)
    for n, g in enumerate(load_dataset([path]).graphs()):
        if len(g):
            put_document(store, f"doc{n}", str(n), g)
    store.flush()
    del store
    return folder


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    return store_of(FIXTURE, tmp_path_factory.mktemp("sources") / "graph.db")


@pytest.fixture(scope="module")
def kg_server(store_dir):
    limits = Limits(timeout=10.0, rows=10_000, body=100_000, workers=1, threads=4)
    with serving(make_server(store_dir, "127.0.0.1", 0, limits)) as url:
        yield f"{url}/sparql"


def _rows(capsys, argv: list[str]) -> list[tuple[str, ...]]:
    assert main(argv) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    return sorted(tuple(_unordered(c) for c in row) for row in csv.reader(io.StringIO(out)))


def _unordered(cell: str) -> str:
    """SPARQL leaves GROUP_CONCAT's order to the engine: its lists compare as sets."""
    if _NUMBER.fullmatch(cell):  # «0.90» and «0.9»: engines write a decimal's value differently
        return str(float(cell))
    if _IDS.fullmatch(cell):  # «doc1 doc2»: document ids separated by spaces
        return " ".join(sorted(cell.split()))
    return "\n".join(sorted(re.split(r", | \| ", cell)))


def _query(source: list[str], name: str, params: list[str]) -> list[str]:
    return ["query", *source, name, "--format", "csv", "--param", "limit=1000",
            *[a for p in params for a in ("--param", p)]]


@pytest.mark.server
@pytest.mark.parametrize("name", sorted(PARAMS))
def test_named_query_same_rows_on_file_store_and_kg_serve(name, store_dir, kg_server, capsys):
    params = ["event=" + _some_event()] if name == "event_evidence" else PARAMS[name]
    on_file = _rows(capsys, _query([str(FIXTURE)], name, params))
    assert len(on_file) > 1, "the query must select something of the fixture"
    assert _rows(capsys, _query(["--store", str(store_dir)], name, params)) == on_file
    assert _rows(capsys, _query(["--endpoint", kg_server], name, params)) == on_file


@pytest.mark.server
def test_named_queries_on_the_oxigraph_server(oxigraph_server, capsys):  # noqa: F811
    # The Oxigraph server answers over its default graph: load the merged graph there.
    data = union_graph(load_dataset([FIXTURE])).serialize(format="nt").encode("utf-8")
    req = urllib.request.Request(f"{oxigraph_server}/store?default", data=data, method="PUT",
                                 headers={"Content-Type": "application/n-triples"})
    urllib.request.build_opener(urllib.request.ProxyHandler({})).open(req, timeout=10).close()
    for name in ("demands", "positions", "talks_timeline", "actor_profile"):
        on_file = _rows(capsys, _query([str(FIXTURE)], name, PARAMS[name]))
        assert _rows(capsys, _query(["--endpoint", f"{oxigraph_server}/query"], name, PARAMS[name])) == on_file


def _some_event() -> str:
    g = union_graph(load_dataset([FIXTURE]))
    return str(next(iter(sorted(g.subjects(URIRef("https://w3id.org/diplograph/ontology#evidence"), None)))))


def test_a_parameter_filters_inside_sub_selects(store_dir, capsys):
    everyone = _rows(capsys, _query(["--store", str(store_dir)], "actor_profile", []))
    usa = _rows(capsys, _query(["--store", str(store_dir)], "actor_profile", ["actor=США"]))
    assert 0 < len(usa) < len(everyone)


def test_ask_and_construct_on_a_store(store_dir, capsys):
    assert main(["query", "--store", str(store_dir), "-e", "ASK { ?s a dg:State }"]) == 0
    assert "yes" in capsys.readouterr().out.lower()
    assert main(["query", "--store", str(store_dir), "-e", "CONSTRUCT { ?s a dg:State } WHERE { ?s a dg:State }",
                 "--format", "csv"]) == 0
    assert "ontology#State" in capsys.readouterr().out


def test_a_malformed_query_on_a_store_names_line_and_column(store_dir, capsys):
    """The store parses the query itself; rdflib's parser says where, once the store refused it."""
    for text, where in (("SELECT ?s\nWHERE { ?s a dg:State .\n  FILTER(?s = ) }", "line 3, column 3"),
                        ("SELECT ?s WHERE { ?s a dg:State }\nLIMIT x", "line 2, column")):
        assert main(["query", "--store", str(store_dir), "-e", text]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and where in err and "Traceback" not in err


def test_values_are_terms_not_text():
    text = "SELECT ?x WHERE {\n  ?x ?p ?o .\n}\n# WHERE { in a comment\n"
    out = with_values(text, {"o": Literal('a" } DROP ALL { "')})
    assert out.count("VALUES") == 1 and '\\"' in out
    with pytest.raises(QueryError, match="not an IRI"):
        with_values(text, {"o": URIRef("http://x/> } DROP ALL { <y")})
    assert q.check_syntax(out) == "SELECT"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["query", "--store", "/nonexistent/graph.db", "demands"], "no such store folder"),
        (["query", "--endpoint", "http://127.0.0.1:9/sparql", "demands"], "endpoint unreachable"),
        (["query", "--endpoint", "ftp://x/sparql", "demands"], "not an http(s) endpoint"),
        (["query", "--store", "x", "--endpoint", "http://127.0.0.1:9/", "demands"], "exactly one"),
    ],
)
def test_bad_sources_are_one_line_errors(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_a_failing_endpoint_is_one_line(kg_server, capsys):
    # kg serve refuses updates with 4xx: the message says the endpoint answered so.
    assert main(["query", "--endpoint", kg_server, "-e", "SELECT ?s WHERE { SERVICE <http://x/> { ?s ?p ?o } }"]) == 2
    err = capsys.readouterr().err
    assert "the endpoint answered 4" in err and err.count("\n") == 1


def test_names_come_from_the_store(store_dir):
    from kg.sources import StoreSource

    g = StoreSource(store_dir).names()
    assert isinstance(g, Graph) and len(g) > 0


@pytest.mark.server
def test_stats_same_on_file_store_and_endpoint(store_dir, kg_server, capsys):
    import json

    outs = []
    for source in ([str(FIXTURE)], ["--store", str(store_dir)], ["--endpoint", kg_server]):
        assert main(["stats", *source, "--json", "--top", "3"]) == 0
        outs.append(json.loads(capsys.readouterr().out))
    assert outs[0] == outs[1] == outs[2]
    figures = outs[0]
    assert figures["documents"] == 3
    assert figures["facts"]["Demand"] > 0 and figures["entities"]["State"] > 0
    assert figures["dates"]["first"] <= figures["dates"]["last"]
    assert len(figures["top_actors"]) == 3


def test_stats_text_and_errors(store_dir, capsys):
    assert main(["stats", "--store", str(store_dir)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("documents  3") and "most connected actors" in out
    assert main(["stats"]) == 2
    assert "exactly one" in capsys.readouterr().err


# --- kg graph and kg viz on a store, with filters ---------------------------------------------


def test_graph_central_same_on_file_and_store(store_dir, capsys):
    assert main(["graph", str(FIXTURE), "central", "--top", "0"]) == 0
    on_file = capsys.readouterr().out
    assert main(["graph", "--store", str(store_dir), "central", "--top", "0"]) == 0
    assert capsys.readouterr().out == on_file and on_file.count("\n") > 3


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["graph", "--store", "S", "central", "--since", "2022-1"], "expected YYYY"),
        (["viz", "--store", "S", "--types", "Demand,Hug", "-o", "x.html"], "unknown fact type 'Hug'"),
        (["viz", "--store", "S", "--top", "-1", "-o", "x.html"], "--top must be 0 or more"),
    ],
)
def test_bad_filters_are_one_line_errors(argv, message, store_dir, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    argv = [str(store_dir) if a == "S" else a for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not (tmp_path / "x.html").exists()


def test_the_cli_names_the_fact_classes_the_library_knows():
    from kg.commands.options import FACT_CLASSES
    from kg.sources import EVENT_CLASSES

    assert FACT_CLASSES == EVENT_CLASSES
