"""Where a graph lives — files in memory, an Oxigraph store, a SPARQL 1.1 endpoint — behind one
`run(text, bindings) -> Table`, so `kg query` and `kg stats` read a graph where it is.

Parameters reach a store or an endpoint as `VALUES` blocks of RDF terms written by rdflib
(`Node.n3()`, IRIs checked), never as the user's text, and give the rows rdflib's
`initBindings` gives on files.
"""

from __future__ import annotations

import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg import query as q
from kg.errors import InputError, QueryError, QuerySyntaxError, QueryTimeoutError, StoreError
from kg.push import opener_for

# Only the names and types of actors: what resolving an `actor` parameter needs. The classes
# are named (a store or endpoint may lack the ontology's subClassOf). Without dg:mentionedIn:
# on the 1M-triple store it made an actor parameter cost 17 s instead of 2 s; an ambiguous
# name then loses only the "most mentioned" tie-break that files give it.
_NAMES = """CONSTRUCT { ?a a ?c . ?a ?p ?o }
WHERE { VALUES ?c { dg:Person dg:State dg:InternationalOrganization dg:GovernmentBody dg:Organization dg:Bloc }
        ?a a ?c .
        VALUES ?p { rdfs:label skos:prefLabel skos:altLabel owl:sameAs }
        ?a ?p ?o }"""


_WHERE = re.compile(r"\bWHERE\s*\{", re.I)
_BAD_IRI = re.compile(r'[\s<>"{}|^`\\]')


def _n3(term: Node) -> str:
    if isinstance(term, URIRef) and _BAD_IRI.search(str(term)):
        raise QueryError(f"not an IRI: {str(term)!r}")
    return term.n3()


def with_values(text: str, bindings: Mapping[str, Node]) -> str:
    """The query with its bindings as a VALUES block opening every WHERE group.

    Every group, not only the outer one: a sub-select sees only what it projects, and the
    named queries filter inside their sub-selects (where the page is picked). Terms are
    written by rdflib; lines that are comments are left alone."""
    if not bindings:
        return text
    block = "VALUES ({}) {{ ({}) }}".format(" ".join(f"?{k}" for k in bindings),
                                          " ".join(_n3(t) for t in bindings.values()))
    lines = text.splitlines(keepends=True)
    for n, line in enumerate(lines):
        if not line.lstrip().startswith("#"):
            lines[n] = _WHERE.sub(lambda m: m.group(0) + " " + block + " ", line)
    return "".join(lines)


T = TypeVar("T")


def within(seconds: float | None, work: Callable[[], T]) -> T:
    """`work()` given up after `seconds` (None: as long as it takes) with a one-line QueryError.

    Neither pyoxigraph (0.5) nor rdflib can stop a running query, so it runs in a daemon
    thread and the caller stops waiting: Oxigraph evaluates without the GIL, so the wait is
    kept (and Ctrl-C too, which a query on the main thread would hold up until it ended). A
    query given up runs on until it ends or the process exits — the command line exits at
    once."""
    box: dict[str, Any] = {}
    done = threading.Event()

    def target() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:  # handed to the waiting thread
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=target, name="kg-query", daemon=True).start()
    if not done.wait(seconds):
        raise QueryTimeoutError(f"the query took more than {seconds:g} s (--timeout) and was given up")
    if "error" in box:
        raise box["error"]
    return box["value"]


_PARSER = threading.Lock()


def _check_syntax(text: str) -> str:
    """q.check_syntax, one thread at a time: rdflib's SPARQL parser (pyparsing) is not
    thread-safe, and kg.drawing runs queries two at a time."""
    with _PARSER:
        return q.check_syntax(text)


def _prologue() -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in q.PREFIXES.items())


class FileSource:
    """RDF files merged in memory (rdflib)."""

    def __init__(self, graph: Graph, timeout: float | None = None) -> None:
        self.graph, self.timeout = graph, timeout

    def run(self, text: str, bindings: Mapping[str, Node] | None = None) -> q.Table:
        return within(self.timeout, lambda: q.run_query(self.graph, text, bindings))

    def strings(self, text: str) -> list[list[str | None]]:
        """A SELECT's rows as the terms' strings (`str()` of each, None when unbound)."""
        return [[None if t is None else str(t) for t in row] for row in self.run(text).rows]

    def names(self) -> Graph:
        return self.graph


class StoreSource:
    """An Oxigraph store made by `kg build --store`, opened read-only; its default graph is the merged one."""

    def __init__(self, path: str | Path, timeout: float | None = None) -> None:
        from kg.store import open_store

        p = Path(path)
        if not p.is_dir():
            raise InputError(f"{path}: no such store folder (make one with kg build … --store {path})")
        self.path, self.timeout = p, timeout
        self.store = open_store(p, read_only=True)
        self.terms: dict[Any, Node] = {}  # Oxigraph term → rdflib term, shared by all queries

    def _within(self, text: str, work: Callable[[], T]) -> T:
        from kg.store import writer_of

        try:
            return within(self.timeout, work)
        except QueryTimeoutError:
            raise
        except QuerySyntaxError:
            # Oxigraph parses the query itself; rdflib's parser (0.35 s to import and run on a
            # named query) only when it refuses one, to say where in the user's text.
            _check_syntax(text)
            raise
        except QueryError as exc:
            # A build that started after this store was opened can remove a file under the read.
            writer = writer_of(self.path)
            if writer is None:
                raise
            raise QueryError(f"{exc} (the store is being written by process {writer}, a running build?"
                             " try again when it has finished)") from None

    def run(self, text: str, bindings: Mapping[str, Node] | None = None) -> q.Table:
        from kg.store import query_store

        text, rest = q.split_page(text, bindings)
        names: list[str] = []
        result = self._within(text, lambda: query_store(self.store, with_values(text, rest), variables=names,
                                                  terms=self.terms))
        if isinstance(result, bool):
            return q.Table(vars=["answer"], rows=[[Literal(result)]], kind="ASK", answer=result)
        if isinstance(result, Graph):
            return q.Table(vars=["subject", "predicate", "object"], rows=[list(t) for t in sorted(result)],
                           kind="CONSTRUCT", graph=result)
        return q.Table(vars=names, rows=[list(row) for row in result])

    def strings(self, text: str) -> list[list[str | None]]:
        """A SELECT's rows as the terms' strings, no rdflib terms made: what `str()` of
        `run`'s terms gives, at a fraction of the cost (kg.network_rows)."""
        from kg.store import select_strings

        return self._within(text, lambda: select_strings(self.store, text))

    def names(self) -> Graph:
        return _names(self)


class EndpointSource:
    """A SPARQL 1.1 Protocol endpoint (`kg serve`, an Oxigraph server, Fuseki): POSTed queries."""

    def __init__(self, url: str, timeout: float | None = 60.0) -> None:
        if not url.startswith(("http://", "https://")):
            raise InputError(f"{url}: not an http(s) endpoint URL")
        self.url, self.timeout = url, timeout
        self.truncated = False  # the last answer was cut at the server's row limit (kg serve)

    def _post(self, text: str, accept: str) -> bytes:
        body = urllib.parse.urlencode({"query": text}).encode("utf-8")
        req = urllib.request.Request(self.url, data=body, headers={
            "Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
        try:
            with opener_for(self.url).open(req, timeout=self.timeout) as resp:
                self.truncated = resp.headers.get("X-Result-Truncated", "").lower() == "true"
                return resp.read()
        except StoreError as exc:  # a redirect: say where to instead of losing the body
            raise QueryError(str(exc)) from None
        except urllib.error.HTTPError as exc:
            detail = exc.read(300).decode("utf-8", "replace").strip().splitlines()
            raise QueryError(f"{self.url}: the endpoint answered {exc.code}"
                             + (f": {detail[0]}" if detail else "")) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError):  # the socket waited --timeout seconds for a byte
                raise QueryTimeoutError(f"{self.url}: no answer within {self.timeout:g} s (--timeout)") from None
            raise QueryError(f"{self.url}: endpoint unreachable ({reason})") from None

    def run(self, text: str, bindings: Mapping[str, Node] | None = None) -> q.Table:
        text, rest = q.split_page(text, bindings)
        kind = _check_syntax(text)
        full = _prologue() + with_values(text, rest)
        if kind in ("CONSTRUCT", "DESCRIBE"):
            g = Graph()
            try:
                g.parse(data=self._post(full, "application/n-triples"), format="nt")
            except Exception as exc:  # a server that ignores Accept: say so in one line
                raise QueryError(f"{self.url}: unreadable N-Triples answer ({q.one_line(exc)})") from None
            return q.Table(vars=["subject", "predicate", "object"], rows=[list(t) for t in sorted(g)],
                           kind="CONSTRUCT", graph=g)
        try:
            data = json.loads(self._post(full, "application/sparql-results+json"))
        except ValueError:
            raise QueryError(f"{self.url}: the answer is not SPARQL JSON results") from None
        if "boolean" in data:
            answer = bool(data["boolean"])
            return q.Table(vars=["answer"], rows=[[Literal(answer)]], kind="ASK", answer=answer)
        names = data.get("head", {}).get("vars", [])
        rows = [[_term(b.get(v)) for v in names] for b in data.get("results", {}).get("bindings", [])]
        return q.Table(vars=names, rows=rows)

    def strings(self, text: str) -> list[list[str | None]]:
        """A SELECT's rows as the terms' strings (each binding's value, None when unbound)."""
        _check_syntax(text)
        try:
            data = json.loads(self._post(_prologue() + text, "application/sparql-results+json"))
        except ValueError:
            raise QueryError(f"{self.url}: the answer is not SPARQL JSON results") from None
        names = data.get("head", {}).get("vars", [])
        return [[b[v]["value"] if v in b else None for v in names]
                for b in data.get("results", {}).get("bindings", [])]

    def names(self) -> Graph:
        return _names(self)


def _names(source: StoreSource | EndpointSource) -> Graph:
    """The actors' names and types, fetched (a store or endpoint is never loaded whole)."""
    table = source.run(_NAMES)
    assert table.graph is not None
    return table.graph


def _term(b: dict[str, Any] | None) -> Node | None:
    """A SPARQL JSON binding as the rdflib term an in-memory query would give."""
    if b is None:
        return None
    kind, value = b.get("type"), b.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if b.get("xml:lang"):
        return Literal(value, lang=b["xml:lang"])
    datatype = b.get("datatype")
    if datatype in (None, "http://www.w3.org/2001/XMLSchema#string"):
        return Literal(value)
    return Literal(value, datatype=URIRef(datatype))


Source = FileSource | StoreSource | EndpointSource


def open_source(files: list[str], store: str | None, endpoint: str | None,
                timeout: float | None = 60.0) -> Source:
    """The one source the command line names: files, `--store DIR` or `--endpoint URL`; each
    query given up after `timeout` seconds (0 or None: no limit)."""
    given = sum(bool(x) for x in (files, store, endpoint))
    if given != 1:
        raise InputError("give graph files, or --store DIR, or --endpoint URL (exactly one of them)")
    if timeout is not None and timeout < 0:
        raise InputError(f"--timeout must be 0 (no limit) or more, got {timeout:g}")
    timeout = timeout or None
    if store:
        return StoreSource(store, timeout)
    if endpoint:
        return EndpointSource(endpoint, timeout)
    from kg.rdfio import load_dataset, union_graph

    return FileSource(union_graph(load_dataset(files)), timeout)


EVENT_CLASSES = ("Demand", "Warning", "SanctionThreat", "SanctionImposition", "Rejection", "ScheduledTalks",
                 "HeldTalks", "Position")
