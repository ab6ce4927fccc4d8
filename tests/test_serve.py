"""`kg serve`: a read-only SPARQL endpoint on 127.0.0.1, its limits and its refusals."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS
from servers import serving

from kg.cli import main
from kg.errors import QueryError
from kg.serve import make_server
from kg.serve_formats import choose_format
from kg.serve_pool import Limits
from kg.serve_scan import Refused, check_query
from kg.store import document_graph_iri, open_store, put_document
from kg.vocab import DG, DGR

STATES = ["Россия", "США", "Украина", "Франция", "Германия", "Китай", "Турция", "Польша"]
DOCS = 30  # each with one Demand; enough triples for a slow cross product


def build_store(path) -> None:
    store = open_store(path)
    for i in range(DOCS):
        g = Graph()
        for k, name in enumerate(STATES):
            g.add((DGR[f"state/{k}"], RDF.type, DG.State))
            g.add((DGR[f"state/{k}"], RDFS.label, Literal(name, lang="ru")))
        event = DGR[f"event/{i}"]
        g.add((event, RDF.type, DG.Demand))
        g.add((event, DG.agent, DGR[f"state/{i % len(STATES)}"]))
        g.add((event, DG.evidence, Literal(f"Требование номер {i}", lang="ru")))
        put_document(store, f"doc{i}", hashlib.sha256(str(i).encode()).hexdigest(), g)
    store.flush()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve")
    build_store(folder / "store")
    queries = folder / "queries"
    queries.mkdir()
    (queries / "states.rq").write_text(
        "# States and their labels.\nSELECT ?s ?l WHERE { ?s a dg:State ; rdfs:label ?l }\n"
    )
    limits = Limits(timeout=2.0, rows=50, body=10_000, workers=2, threads=8)
    with serving(make_server(folder / "store", "127.0.0.1", 0, limits, queries_folder=queries)) as url:
        yield url


def fetch(url, data=None, headers=None, method=None, timeout=30):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def get_query(base, query, accept="application/sparql-results+json", **params):
    qs = urllib.parse.urlencode({"query": query, **params})
    return fetch(f"{base}/sparql?{qs}", headers={"Accept": accept})


COUNT_DEMANDS = "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a dg:Demand }"


@pytest.mark.server
def test_select_over_http_gives_sparql_json(server):
    status, headers, body = get_query(
        server,
        "SELECT ?e ?ev WHERE { ?e dg:agent dgr:state\\/1 ; dg:evidence ?ev } ORDER BY ?ev",
    )
    assert status == 200
    assert headers["Content-Type"] == "application/sparql-results+json"
    data = json.loads(body)
    assert data["head"]["vars"] == ["e", "ev"]
    got = [
        (b["e"]["value"], b["ev"]["value"], b["ev"]["xml:lang"])
        for b in data["results"]["bindings"]
    ]
    expected = sorted(
        (str(DGR[f"event/{i}"]), f"Требование номер {i}", "ru") for i in range(DOCS) if i % 8 == 1
    )
    assert sorted(got) == expected


@pytest.mark.server
def test_post_forms_and_formats(server):
    form = urllib.parse.urlencode({"query": COUNT_DEMANDS}).encode()
    status, _, body = fetch(
        f"{server}/sparql",
        form,
        {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/csv"},
    )
    assert status == 200
    assert list(csv.reader(io.StringIO(body.decode()))) == [["n"], [str(DOCS)]]

    status, headers, body = fetch(
        f"{server}/sparql",
        COUNT_DEMANDS.encode(),
        {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+xml"},
    )
    assert status == 200 and "xml" in headers["Content-Type"]
    assert f">{DOCS}</literal>".encode() in body

    status, _, body = get_query(server, COUNT_DEMANDS, accept="text/tab-separated-values")
    assert body.decode().splitlines()[0] == "?n"

    status, _, body = get_query(server, "ASK { ?e a dg:Demand }")
    assert json.loads(body)["boolean"] is True

    construct = "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a dg:State ; rdfs:label ?l }"
    status, headers, body = get_query(server, construct, accept="text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    g = Graph().parse(data=body, format="turtle")
    assert {str(o) for o in g.objects(None, RDFS.label)} == set(STATES)

    status, headers, _ = get_query(server, construct, accept="application/n-triples")
    assert headers["Content-Type"] == "application/n-triples"
    status, _, _ = get_query(server, COUNT_DEMANDS, accept="image/png")
    assert status == 406


@pytest.mark.server
def test_updates_are_refused_and_change_nothing(server):
    insert = "INSERT DATA { <https://x.org/a> <https://x.org/b> <https://x.org/c> }"
    status, _, body = fetch(
        f"{server}/sparql", insert.encode(), {"Content-Type": "application/sparql-update"}
    )
    assert status == 403 and b"read-only" in body
    status, _, _ = fetch(f"{server}/sparql?" + urllib.parse.urlencode({"update": insert}))
    assert status == 403
    form = urllib.parse.urlencode({"update": insert}).encode()
    status, _, _ = fetch(
        f"{server}/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 403
    for text in (insert, "DELETE WHERE { ?s ?p ?o }", "DROP ALL", "LOAD <http://example.org/x>"):
        status, _, _ = get_query(server, text)
        assert status == 403, text
    status, _, body = get_query(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert status == 200
    status, _, body = get_query(server, "ASK { <https://x.org/a> ?p ?o }")
    assert json.loads(body)["boolean"] is False


@pytest.mark.server
def test_service_and_remote_graphs_are_refused(server):
    service = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    status, _, body = get_query(server, service)
    assert status == 403 and b"SERVICE" in body
    status, _, _ = get_query(
        server, "SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }"
    )
    assert status == 403
    status, _, _ = get_query(
        server,
        "PREFIX ex: <http://example.org/> SELECT * FROM NAMED ex:g WHERE { GRAPH ?g { ?s ?p ?o } }",
    )
    assert status == 403
    status, _, _ = get_query(
        server, COUNT_DEMANDS, **{"default-graph-uri": "http://example.org/remote"}
    )
    assert status == 403
    # A graph of this store is fine, by FROM or by protocol parameter.
    local = document_graph_iri("doc3")
    status, _, body = get_query(server, f"SELECT ?e FROM <{local}> WHERE {{ ?e a dg:Demand }}")
    assert status == 200
    assert [b["e"]["value"] for b in json.loads(body)["results"]["bindings"]] == [
        str(DGR["event/3"])
    ]
    status, _, body = get_query(
        server, "SELECT ?e WHERE { ?e a dg:Demand }", **{"default-graph-uri": local}
    )
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 1


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { service <http://e/s> { ?s ?p ?o } }",
        "SELECT * WHERE {\n  # comment\n  SERVICE SILENT ?endpoint { ?s ?p ?o } }",
        "PREFIX x: <http://example.org/> SELECT * FROM x:data WHERE { ?s ?p ?o }",
        "BASE <http://example.org/> SELECT * FROM <data> WHERE { ?s ?p ?o }",
        "SELECT * FROM <relative> WHERE { ?s ?p ?o }",
        "PREFIX dgr: <http://evil.example/> SELECT * FROM dgr:g WHERE { ?s ?p ?o }",
        'SELECT * WHERE { ?s ?p "x" } ; INSERT DATA { <a:b> <a:c> <a:d> }',
        "WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "SELECT * WHERE{?s ?p ?o FILTER(1<2)SERVICE<http://e/s>{?a ?b ?c}}",
    ],
)
def test_check_query_refuses(query):
    with pytest.raises(Refused):
        check_query(query)


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?service WHERE { ?service rdfs:label "SERVICE <http://e/> { } INSERT" }',
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://e/s> and LOAD in a comment",
        "PREFIX service: <http://e/> SELECT * WHERE { ?s service:load ?o }",
        "SELECT * WHERE { ?s <http://e/x#SERVICE> ?o FILTER(?o < 3 && ?s > 2) }",
        "SELECT (STR(?x) AS ?delete) WHERE { ?x ?p '''multi\nline SERVICE''' }",
        f"SELECT * FROM <{DGR}doc/a/graph> WHERE {{ ?s ?p ?o }}",
        "PREFIX d: <https://w3id.org/diplograph/id/> SELECT * FROM NAMED d:g WHERE { ?s ?p ?o }",
        "SELECT * FROM dgr:g WHERE { ?s ?p ?o }",
    ],
)
def test_check_query_allows(query):
    check_query(query)


def test_accept_negotiation():
    offers = {"json": 1, "xml": 1, "csv": 1, "tsv": 1}
    assert choose_format("", offers, "json") == "json"
    assert choose_format("*/*", offers, "json") == "json"
    assert choose_format("text/csv;q=0.5, application/sparql-results+xml", offers, "json") == "xml"
    assert choose_format("text/turtle", offers, "json") is None
    assert choose_format("text/html, */*;q=0.1", offers, "json") == "json"


@pytest.mark.server
def test_row_limit_cuts_and_says_so(server):
    status, headers, body = get_query(server, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == 50
    assert headers.get("X-Result-Truncated") == "true"
    status, headers, _ = get_query(server, COUNT_DEMANDS)
    assert "X-Result-Truncated" not in headers


@pytest.mark.server
def test_oversize_body_gets_413(server):
    host, port = urllib.parse.urlsplit(server).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/sparql-query\r\nContent-Length: 50000000\r\n\r\n"
            + b"SELECT "
            * 100
        )
        reply = sock.recv(4096)
    assert reply.startswith(b"HTTP/1.0 413")
    big = ("SELECT * WHERE { ?s ?p ?o } #" + "x" * 20_000).encode()
    status, _, _ = fetch(f"{server}/sparql", big, {"Content-Type": "application/sparql-query"})
    assert status == 413


@pytest.mark.server
def test_bad_requests_are_clear(server):
    status, _, body = get_query(server, "SELECT WHERE {")
    assert status == 400 and b"malformed" in body
    status, _, _ = fetch(f"{server}/sparql")
    assert status == 400
    status, _, _ = fetch(f"{server}/sparql", b"x", {"Content-Type": "text/plain"})
    assert status == 415
    status, _, _ = fetch(f"{server}/nothing-here")
    assert status == 404
    status, _, _ = fetch(f"{server}/../../etc/passwd")
    assert status == 404
    status, _, _ = fetch(f"{server}/sparql?query=ASK%7B%7D", headers={"Host": "evil.example"})
    assert status == 403


@pytest.mark.server
def test_slow_query_is_stopped_and_the_server_recovers(server):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
    started = time.monotonic()
    status, _, body = get_query(server, slow)
    elapsed = time.monotonic() - started
    assert status == 503 and b"time limit" in body
    assert elapsed < 10
    for _ in range(3):  # the pool still answers (the killed worker gets replaced)
        status, _, body = get_query(server, COUNT_DEMANDS)
        assert status == 200
        assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == str(DOCS)


@pytest.mark.server
def test_page_and_examples(server):
    status, headers, body = fetch(f"{server}/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert b"<textarea" in body and b"/app.js" in body
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    for asset in ("/app.js", "/style.css"):
        assert fetch(server + asset)[0] == 200
    status, _, body = fetch(f"{server}/queries.json")
    examples = json.loads(body)
    assert [e["name"] for e in examples] == ["states"]
    assert examples[0]["description"] == "States and their labels."
    status, _, body = get_query(server, examples[0]["query"])
    assert len(json.loads(body)["results"]["bindings"]) == len(STATES)


@pytest.mark.server
def test_200_concurrent_requests_all_answered(server):
    def one(i):
        query = COUNT_DEMANDS if i % 2 else f"ASK {{ dgr:event\\/{i % DOCS} a dg:Demand }}"
        return get_query(server, query, timeout=60)

    barrier_start = time.monotonic()
    with ThreadPoolExecutor(max_workers=200) as pool:
        results = list(pool.map(one, range(200)))
    elapsed = time.monotonic() - barrier_start
    statuses = [r[0] for r in results]
    assert statuses.count(200) == 200, {s: statuses.count(s) for s in set(statuses)}
    for i, (_, _, body) in enumerate(results):
        data = json.loads(body)
        if i % 2:
            assert data["results"]["bindings"][0]["n"]["value"] == str(DOCS)
        else:
            assert data["boolean"] is True
    assert elapsed < 60
    assert get_query(server, COUNT_DEMANDS)[0] == 200  # still up afterwards


def test_cli_serve_without_a_store_is_one_line(tmp_path, capsys):
    code = main(["serve", "--store", str(tmp_path / "nothing"), "--port", "0"])
    err = capsys.readouterr().err
    assert code != 0 and "no store" in err and err.count("\n") == 1


def test_refused_is_a_query_error():
    assert issubclass(Refused, QueryError)
