"""`kg graph` and `kg viz` on a store or an endpoint draw what they draw on the files: the
network and the picture's model built from one-pattern SELECT rows (kg.drawing) equal the
ones built from the files with rdflib — same nodes, edges and attributes — with and without
filters; and the time limit and the other ways a source fails are one-line errors."""

from __future__ import annotations

import http.server
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kg import drawing, network_rows
from kg.cli import main
from kg.errors import QueryError, QueryTimeoutError
from kg.network import to_networkx
from kg.network_measures import centrality
from kg.rdfio import load_dataset, union_graph
from kg.serve import make_server
from kg.serve_pool import Limits
from kg.sources import EndpointSource, FileSource, StoreSource, within
from kg.store import writer_of
from kg.viz import select
from tests.test_query_sources import kg_server, store_dir, store_of  # noqa: F401  (the fixtures)

FIXTURES = Path(__file__).parent / "fixtures"
FILES = ("mini.trig", "viz_sample.trig")


@pytest.fixture(scope="module", params=FILES)
def built(request, tmp_path_factory):
    path = FIXTURES / request.param
    return union_graph(load_dataset([path])), store_of(path, tmp_path_factory.mktemp("drawing") / "g.db")


FILTERS = [
    drawing.Filters(types=("Demand", "ScheduledTalks")),
    drawing.Filters(since="2022"),
    drawing.Filters(until="2021-12"),
    drawing.Filters(since="2021-12-01", until="2022-01", types=("Warning", "HeldTalks", "Demand")),
]


def _network(G) -> tuple[dict, dict]:  # type: ignore[no-untyped-def]
    return dict(G.nodes(data=True)), {(u, v, k): d for u, v, k, d in G.edges(keys=True, data=True)}


def test_the_network_from_rows_equals_the_files(built):
    graph, folder = built
    on_file = _network(to_networkx(graph))
    assert len(on_file[1]) > 5, "the fixture must have facts"
    assert _network(to_networkx(drawing.fetch(StoreSource(folder)))) == on_file


def test_the_measures_need_no_details(built):
    graph, folder = built
    lean = to_networkx(drawing.fetch(StoreSource(folder), details=False, dates=False))
    assert _rounded(centrality(lean, 0)) == _rounded(centrality(to_networkx(graph), 0))


def _in_order(G) -> tuple:  # type: ignore[no-untyped-def]
    """Nodes and edges with their attributes, in the order they were added (the sampled
    betweenness and PageRank's sums follow it)."""
    return list(G.nodes(data=True)), list(G.edges(keys=True, data=True))


@pytest.mark.parametrize("filters", [drawing.Filters(), *FILTERS], ids=str)
def test_the_measures_network_from_strings_equals_the_fetched_one(built, filters):
    graph, folder = built
    for source in (StoreSource(folder), FileSource(graph)):
        lean = to_networkx(drawing.fetch(source, filters, details=False, dates=False))
        assert lean.number_of_edges() > 0 or filters.until, "the fixture must have facts"
        assert _in_order(network_rows.network(source, filters)) == _in_order(lean)


def test_the_measures_network_keeps_a_bare_direct_edge(tmp_path):
    """A direct edge no fact stands behind is drawn, once (its mirror of a symmetric one not again)."""
    folder = store_of(FIXTURES / "mini.trig", tmp_path / "g.db")
    from kg.store import open_store

    store = open_store(folder)
    store.update("PREFIX dg: <https://w3id.org/diplograph/ontology#> INSERT DATA { "
                 "<urn:x:a> dg:warned <urn:x:b> . <urn:x:a> dg:heldTalksWith <urn:x:b> . "
                 "<urn:x:b> dg:heldTalksWith <urn:x:a> . <urn:x:b> a dg:State }")
    store.flush()
    del store
    G = network_rows.network(StoreSource(folder))
    bare = {(frozenset((u, v)) if d["mutual"] else (u, v), d["fact"]) for u, v, d in G.edges(data=True) if "urn:x" in u}
    assert bare == {(("urn:x:a", "urn:x:b"), "warned"), (frozenset(("urn:x:a", "urn:x:b")), "heldTalks")}
    assert G.number_of_edges("urn:x:a", "urn:x:b") + G.number_of_edges("urn:x:b", "urn:x:a") == 2
    assert _in_order(G) == _in_order(to_networkx(drawing.fetch(StoreSource(folder), details=False, dates=False)))


def _rounded(rows: list[dict]) -> list[dict]:
    """Sums in another edge order differ in the last bits."""
    return [{k: round(v, 12) if isinstance(v, float) else v for k, v in r.items()} for r in rows]


def test_the_viz_model_from_rows_equals_the_files(built):
    graph, folder = built
    source = StoreSource(folder)
    every = select(graph)
    assert drawing.viz_model(source, drawing.Filters(), None, 1, 0) == every
    for n in range(1, len(every.nodes) + 2):  # --top N: picked from who-with-whom, then read whole
        assert drawing.viz_model(source, drawing.Filters(), None, 1, n) == select(graph, top_n=n), n
    actor = max(every.nodes, key=lambda nd: every.degree()[nd.id]).label
    for radius, n in ((1, 0), (2, 0), (1, 3)):
        assert drawing.viz_model(source, drawing.Filters(), actor, radius, n) == select(graph, actor, radius, n)




@pytest.mark.parametrize("filters", FILTERS, ids=str)
def test_filters_give_the_same_on_files_and_store(built, filters):
    graph, folder = built
    files, store = FileSource(graph), StoreSource(folder)
    assert _network(to_networkx(drawing.fetch(store, filters))) == _network(to_networkx(drawing.fetch(files, filters)))
    for n in (0, 3):
        assert drawing.viz_model(store, filters, None, 1, n) == drawing.viz_model(files, filters, None, 1, n)


def test_filters_choose_facts(built):
    _, folder = built
    source = StoreSource(folder)
    every = to_networkx(drawing.fetch(source))
    talks = to_networkx(drawing.fetch(source, drawing.Filters(types=("ScheduledTalks", "HeldTalks"))))
    assert 0 < talks.number_of_edges() < every.number_of_edges()
    assert {d["fact"] for *_, d in talks.edges(data=True)} <= {
        "scheduledTalks", "heldTalks", "scheduledTalksIn", "heldTalksIn"}
    dated = sorted({d["date"] for *_, d in every.edges(data=True) if d.get("date") and d["date"][:1] != "-"})
    cut = dated[len(dated) // 2]
    later = to_networkx(drawing.fetch(source, drawing.Filters(since=cut)))
    assert 0 < later.number_of_edges() < every.number_of_edges()
    assert all(d["date"] >= cut for *_, d in later.edges(data=True) if d.get("date") and d["date"][:1] != "-")
    assert to_networkx(drawing.fetch(source, drawing.Filters(until="1900"))).number_of_edges() == 0


def test_the_commands_filter_a_store(store_dir, capsys, tmp_path):  # noqa: F811
    assert main(["graph", "--store", str(store_dir), "summary", "--types", "Demand"]) == 0
    out = capsys.readouterr().out
    assert "demanded" in out and "warned" not in out
    assert main(["graph", "--store", str(store_dir), "neighbours", "США"]) == 0
    assert "facts with" in capsys.readouterr().out
    out_html = tmp_path / "g.html"
    assert main(["viz", "--store", str(store_dir), "--top", "3", "--since", "2021", "-o", str(out_html)]) == 0
    assert out_html.stat().st_size > 1000


@pytest.mark.server
def test_an_endpoint_draws_the_same(store_dir, kg_server):  # noqa: F811
    from tests.test_query import FIXTURE

    graph = union_graph(load_dataset([FIXTURE]))
    source = EndpointSource(kg_server)
    assert _network(to_networkx(drawing.fetch(source))) == _network(to_networkx(graph))
    assert drawing.viz_model(source, drawing.Filters(), None, 1, 4) == select(graph, top_n=4)
    lean = to_networkx(drawing.fetch(source, details=False, dates=False))
    assert _in_order(network_rows.network(source)) == _in_order(lean)


# --- time limits and failing sources -----------------------------------------------------------


def test_within_gives_up_and_passes_errors_on():
    with pytest.raises(QueryTimeoutError, match="0.05 s"):
        within(0.05, lambda: time.sleep(2))
    with pytest.raises(QueryError, match="inner"):
        within(5, lambda: (_ for _ in ()).throw(QueryError("inner")))
    assert within(None, lambda: 7) == 7


def _one_line_error(capsys, argv: list[str], message: str) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err, err


# ~4M solutions on the fixture's 321 triples: far beyond 50 ms, done in about a second.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g a ?h }"


def test_a_slow_store_query_is_given_up(store_dir, capsys):  # noqa: F811
    _one_line_error(capsys, ["query", "--store", str(store_dir), "--timeout", "0.05", "-e", SLOW], "--timeout")
    # every reading command takes the limit (a microsecond: no query is that quick)
    _one_line_error(capsys, ["graph", "--store", str(store_dir), "central", "--timeout", "0.000001"], "--timeout")
    _one_line_error(capsys, ["stats", "--store", str(store_dir), "--timeout", "0.000001"], "--timeout")
    _one_line_error(capsys, ["query", "--store", str(store_dir), "--timeout", "-1", "-e", SLOW], "--timeout must be")


def test_a_silent_endpoint_is_given_up(capsys):
    with socket.socket() as server:  # accepts the connection (backlog) and never answers
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        url = f"http://127.0.0.1:{server.getsockname()[1]}/sparql"
        _one_line_error(capsys, ["stats", "--endpoint", url, "--timeout", "0.2"], "no answer within 0.2 s")


class _Failing(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        self.send_response(500)
        self.end_headers()
        self.wfile.write(b"boom: the store is down\n")

    def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
        pass


@pytest.mark.server
def test_a_failing_or_unreachable_endpoint_is_one_line(capsys, tmp_path):
    srv = http.server.HTTPServer(("127.0.0.1", 0), _Failing)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{srv.server_address[1]}/sparql"
        _one_line_error(capsys, ["graph", "--endpoint", url, "central"], "answered 500: boom")
        _one_line_error(capsys, ["viz", "--endpoint", url, "-o", str(tmp_path / "x.html")], "answered 500")
    finally:
        srv.shutdown()
        srv.server_close()
    for argv in (["graph", "--endpoint", "http://127.0.0.1:9/sparql", "central"],
                 ["stats", "--endpoint", "http://127.0.0.1:9/sparql"]):
        _one_line_error(capsys, argv, "endpoint unreachable")
    assert not (tmp_path / "x.html").exists()


@pytest.mark.parametrize("argv", [["graph", "--store", "M", "central"], ["viz", "--store", "M", "-o", "x.html"],
                                  ["stats", "--store", "M"]])
def test_a_missing_store_folder_is_one_line(argv, capsys, tmp_path):
    _one_line_error(capsys, [str(tmp_path / "none.db") if a == "M" else a for a in argv], "no such store folder")


@pytest.mark.server
def test_an_answer_cut_at_the_row_limit_is_an_error(store_dir, capsys):  # noqa: F811
    srv = make_server(store_dir, "127.0.0.1", 0, Limits(timeout=10.0, rows=5, workers=1, threads=2))
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{srv.server_address[1]}/sparql"
        _one_line_error(capsys, ["graph", "--endpoint", url, "central"], "row limit")
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(10)


def _writing(folder: Path) -> subprocess.Popen:
    """A process holding the store open for writing, as `kg build --store` does while it runs."""
    code = ("import sys; from kg.store import open_store; s = open_store(sys.argv[1]); "
            "print('ready', flush=True); sys.stdin.read()")
    writer = subprocess.Popen([sys.executable, "-c", code, str(folder)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    return writer


def test_a_store_a_build_is_writing_is_refused_in_one_line(tmp_path, capsys):
    folder = store_of(FIXTURES / "mini.trig", tmp_path / "g.db")
    ask = ["query", "--store", str(folder), "-e", "ASK { ?s a dg:State }"]
    writer = _writing(folder)
    try:
        assert writer_of(folder) == writer.pid
        for argv in (ask, ["stats", "--store", str(folder)], ["graph", "--store", str(folder), "central"],
                     ["viz", "--store", str(folder), "-o", str(tmp_path / "g.html")],
                     ["export", "--store", str(folder), "-o", str(tmp_path / "g.nq")]):
            _one_line_error(capsys, argv, f"{folder}: the store is being written by process {writer.pid}")
        assert not (tmp_path / "g.html").exists() and not (tmp_path / "g.nq").exists()
    finally:
        writer.kill()  # a build that dies: the kernel drops its lock, nothing stale is left
        writer.wait(30)
    assert writer_of(folder) is None
    assert main(ask) == 0 and "yes" in capsys.readouterr().out.lower()


def test_a_build_started_after_the_store_was_opened_is_named(tmp_path, monkeypatch):
    folder = store_of(FIXTURES / "mini.trig", tmp_path / "g.db")
    source = StoreSource(folder)  # opened before the build began
    writer = _writing(folder)
    try:
        def removed(*args, **kwargs):  # type: ignore[no-untyped-def]
            raise QueryError("query failed: IO error: No such file or directory: 000042.sst")

        monkeypatch.setattr("kg.store.query_store", removed)
        with pytest.raises(QueryError, match=f"being written by process {writer.pid}"):
            source.run("ASK { ?s a dg:State }")
    finally:
        writer.communicate("", timeout=30)
    assert writer_of(folder) is None
