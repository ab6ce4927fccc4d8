"""`kg push` against a real Oxigraph server (PyPI package `oxigraph`) on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg.cli import main
from kg.errors import InputError, StoreError
from kg.push import push, target_url

TURTLE = """@prefix dg: <https://w3id.org/diplograph/ontology#> .
@prefix dgr: <https://w3id.org/diplograph/id/> .
dgr:event\\/1 a dg:Demand ; dg:agent dgr:Q159 ; dg:target dgr:Q30 ;
    dg:evidence "Россия потребовала от США гарантий"@ru .
"""
NQUADS = """<https://w3id.org/diplograph/id/e2> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/diplograph/ontology#Warning> <https://example.org/g/a> .
<https://w3id.org/diplograph/id/e3> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/diplograph/ontology#Rejection> <https://example.org/g/b> .
"""
GRAPH = "https://example.org/news/2022-01"


def oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def no_proxy_open(request, timeout=10):
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    return opener.open(request, timeout=timeout)


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server (pip install oxigraph, in the test extra) is missing")
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    proc = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with no_proxy_open(f"{base}/query?query=ASK%7B%7D", timeout=1):
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                err = proc.stderr.read().decode() if proc.stderr else ""
                pytest.fail(f"oxigraph server did not start: {err}")
            time.sleep(0.1)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def select(base: str, query: str) -> list[dict]:
    url = f"{base}/query?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with no_proxy_open(request) as response:
        return json.load(response)["results"]["bindings"]


@pytest.fixture
def files(tmp_path):
    ttl = tmp_path / "graph.ttl"
    ttl.write_text(TURTLE, encoding="utf-8")
    nq = tmp_path / "graph.nq"
    nq.write_text(NQUADS, encoding="utf-8")
    return ttl, nq


def test_target_url_conventions():
    assert target_url("http://h:7878/store", None, False) == "http://h:7878/store?default"
    assert (
        target_url("http://h:7878/store", "https://x.org/g?a=1", False)
        == "http://h:7878/store?graph=https%3A%2F%2Fx.org%2Fg%3Fa%3D1"
    )
    assert target_url("http://h/ds/data?x=1", None, False) == "http://h/ds/data?x=1&default"
    assert target_url("http://h:7878/store", None, True) == "http://h:7878/store"
    for bad in ("file:///etc/passwd", "ftp://h/x", "localhost:7878"):
        with pytest.raises(InputError):
            target_url(bad, None, False)


@pytest.mark.server
def test_push_into_named_graph_and_read_back(oxigraph_server, files):
    ttl, _ = files
    done = push([ttl], f"{oxigraph_server}/store", graph=GRAPH, replace=True)
    assert [d.method for d in done] == ["PUT"]
    rows = select(
        oxigraph_server,
        f"SELECT ?a ?t ?ev WHERE {{ GRAPH <{GRAPH}> {{ ?e ?p ?o ; "
        "<https://w3id.org/diplograph/ontology#agent> ?a ; "
        "<https://w3id.org/diplograph/ontology#target> ?t ; "
        "<https://w3id.org/diplograph/ontology#evidence> ?ev } } LIMIT 1",
    )
    assert rows[0]["a"]["value"] == "https://w3id.org/diplograph/id/Q159"
    assert rows[0]["t"]["value"] == "https://w3id.org/diplograph/id/Q30"
    assert rows[0]["ev"]["value"] == "Россия потребовала от США гарантий"
    assert rows[0]["ev"]["xml:lang"] == "ru"
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}"
    assert select(oxigraph_server, count)[0]["n"]["value"] == "4"

    # POST adds (the same triples again: still 4, a set), --replace (PUT) replaces.
    push([ttl], f"{oxigraph_server}/store", graph=GRAPH)
    assert select(oxigraph_server, count)[0]["n"]["value"] == "4"
    other = ttl.with_name("other.ttl")
    other.write_text("<https://x.org/s> <https://x.org/p> 1 .\n")
    push([other], f"{oxigraph_server}/store", graph=GRAPH, replace=True)
    assert select(oxigraph_server, count)[0]["n"]["value"] == "1"


@pytest.mark.server
def test_push_quads_keep_their_graphs_via_cli(oxigraph_server, files, capsys):
    _, nq = files
    code = main(["push", str(nq), "--endpoint", f"{oxigraph_server}/store"])
    assert code == 0
    rows = select(oxigraph_server, "SELECT ?g ?s WHERE { GRAPH ?g { ?s a ?c } } ORDER BY ?g")
    got = {(r["g"]["value"], r["s"]["value"]) for r in rows}
    assert ("https://example.org/g/a", "https://w3id.org/diplograph/id/e2") in got
    assert ("https://example.org/g/b", "https://w3id.org/diplograph/id/e3") in got
    assert "HTTP 20" in capsys.readouterr().err


@pytest.mark.server
def test_invalid_rdf_is_a_one_line_http_error(oxigraph_server, tmp_path, capsys):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <<<\n")
    with pytest.raises(StoreError, match="HTTP 400"):
        push([bad], f"{oxigraph_server}/store")
    code = main(["push", str(bad), "--endpoint", f"{oxigraph_server}/store"])
    err = capsys.readouterr().err
    assert code != 0
    assert err.count("\n") == 1 and "bad.ttl" in err and "Traceback" not in err


def test_connection_refused_is_one_line(files, capsys):
    ttl, _ = files
    port = free_port()  # nothing listens there
    code = main(["push", str(ttl), "--endpoint", f"http://127.0.0.1:{port}/store"])
    err = capsys.readouterr().err
    assert code != 0
    assert "cannot reach" in err and err.count("\n") == 1


def test_bad_sources_fail_before_sending(tmp_path, files):
    ttl, nq = files
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}/store"
    with pytest.raises(InputError, match="no such file"):
        push([ttl, tmp_path / "missing.ttl"], endpoint)
    with pytest.raises(InputError, match="quad file"):
        push([nq], endpoint, graph=GRAPH)
    with pytest.raises(InputError, match="absolute IRI"):
        push([ttl], endpoint, graph="not an iri")
