"""A read-only SPARQL 1.1 Protocol endpoint over a store, with a query page.

Safety, in layers:
- the query text is scanned (comments, strings and IRIs removed first) and refused when it
  holds SPARQL Update, SERVICE, or FROM / FROM NAMED outside our own `dgr:` graphs; the
  protocol's `update=` and `application/sparql-update` are refused too;
- queries run in a small pool of worker processes that open the store read-only; a query
  past its time limit has its worker killed (Oxigraph queries cannot be interrupted) and
  replaced, and the client gets 503;
- results are cut at a row limit (header `X-Result-Truncated: true`), request bodies
  over a size limit get 413, the HTTP threads are bounded, and the server binds 127.0.0.1
  and refuses foreign Host headers there (DNS rebinding).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import multiprocessing
import queue
import re
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from kg.errors import QueryError, StoreError
from kg.vocab import DGR

ASSETS_DIR = Path(__file__).resolve().parent / "serve_assets"
ASSETS = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/style.css": ("style.css", "text/css; charset=utf-8"),
}
LOCAL_GRAPH_PREFIX = str(DGR)


class Refused(QueryError):
    """A query or request the endpoint will not run (HTTP 403)."""


@dataclass(frozen=True)
class Limits:
    timeout: float = 30.0  # seconds per query
    rows: int = 10_000  # solutions or triples per answer
    body: int = 1_000_000  # bytes per request body
    workers: int = 2  # query processes
    threads: int = 16  # HTTP handler threads


# --- the query scan -----------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    |(?P<comment>\#[^\n\r]*)
    |(?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
    |(?P<pname>(?:[^\W\d_][\w.-]*)?:(?:[\w:%.-]|\\.)*)
    |(?P<word>[A-Za-z_]\w*)
    |(?P<other>\S)
    """,
    re.VERBOSE | re.DOTALL,
)
UPDATE_WORDS = {
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "CREATE",
    "DROP",
    "COPY",
    "MOVE",
    "ADD",
    "WITH",
}


def _tokens(text: str) -> list[tuple[str, str]]:
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind != "comment":
            out.append((kind, m.group()))
    return out


def _resolve(kind: str, value: str, prefixes: dict[str, str], base: str | None) -> str | None:
    if kind == "iri":
        iri = value[1:-1]
        if urllib.parse.urlsplit(iri).scheme:
            return iri
        return urllib.parse.urljoin(base, iri) if base else None
    if kind == "pname":
        prefix, _, local = value.partition(":")
        return prefixes[prefix] + local if prefix in prefixes else None
    return None


def check_query(text: str) -> bool:
    """Refuse anything that writes, or that could fetch data from elsewhere.

    Returns whether the query names its own dataset (FROM / FROM NAMED).
    """
    from kg.store import PREFIXES

    tokens = _tokens(text)
    prefixes = dict(PREFIXES)  # predeclared for every query
    base: str | None = None
    has_dataset = False
    for i, (kind, value) in enumerate(tokens):
        if kind != "word":
            continue
        word = value.upper()
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ("", "")
        if word == "SERVICE":
            raise Refused("SERVICE is refused: this endpoint makes no outbound requests")
        if word in UPDATE_WORDS:
            raise Refused(f"SPARQL Update ({word}) is refused: this endpoint is read-only")
        if word == "PREFIX" and nxt[0] == "pname" and i + 2 < len(tokens):
            iri = _resolve(*tokens[i + 2], prefixes, base)
            if iri:
                prefixes[nxt[1].rstrip(":")] = iri
        elif word == "BASE" and nxt[0] == "iri":
            base = _resolve(*nxt, prefixes, base)
        elif word == "FROM":
            has_dataset = True
            j = i + 2 if nxt[1].upper() == "NAMED" else i + 1
            graph = _resolve(*tokens[j], prefixes, base) if j < len(tokens) else None
            check_graph(graph or (tokens[j][1] if j < len(tokens) else ""))
    return has_dataset


def check_graph(iri: str) -> None:
    """A dataset graph must be one of ours: the store never loads anything from elsewhere."""
    if not iri.startswith(LOCAL_GRAPH_PREFIX):
        raise Refused(f"graph {iri} is refused: only graphs of this store ({LOCAL_GRAPH_PREFIX}…)")


# --- result formats -------------------------------------------------------------------------

SOLUTION_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}
GRAPH_TYPES = {
    "turtle": "text/turtle; charset=utf-8",
    "nt": "application/n-triples",
    "xml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}
_MEDIA = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "jsonld",
}


def choose_format(accept: str, offers: dict[str, str], default: str) -> str | None:
    """The offered format the Accept header likes best (None: nothing acceptable)."""
    if not accept.strip():
        return default
    best, best_q = None, 0.0
    for i, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        media = media.lower()
        fmt = default if media in ("*/*", "application/*", "text/*") else _MEDIA.get(media)
        q -= i * 1e-6  # earlier wins a tie
        if fmt in offers and q > best_q:
            best, best_q = fmt, q
    return best


def _json_term(term: Any) -> dict[str, str]:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "literal", "value": str(term)}  # a quoted triple, shown as text


def _xml_term(term: Any) -> str:
    t = _json_term(term)
    value = xml_escape(t["value"])
    if t["type"] == "uri":
        return f"<uri>{value}</uri>"
    if t["type"] == "bnode":
        return f"<bnode>{value}</bnode>"
    attrs = ""
    if "xml:lang" in t:
        attrs = f" xml:lang={quoteattr(t['xml:lang'])}"
    elif "datatype" in t:
        attrs = f" datatype={quoteattr(t['datatype'])}"
    return f"<literal{attrs}>{value}</literal>"


def serialize_solutions(variables: list[str], rows: list[tuple], fmt: str) -> bytes:
    if fmt == "json":
        bindings = [
            {v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}
            for row in rows
        ]
        doc = {"head": {"vars": variables}, "results": {"bindings": bindings}}
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
        out.append("<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in variables))
        out.append("</head>\n<results>")
        for row in rows:
            cells = "".join(
                f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(variables, row, strict=True)
                if t is not None
            )
            out.append(f"<result>{cells}</result>")
        out.append("</results>\n</sparql>\n")
        return "\n".join(out).encode("utf-8")
    buffer = io.StringIO()
    if fmt == "csv":
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow(["" if t is None else _json_term(t)["value"] for t in row])
    else:  # tsv: terms in their SPARQL/Turtle form
        buffer.write("\t".join("?" + v for v in variables) + "\n")
        for row in rows:
            buffer.write("\t".join("" if t is None else str(t) for t in row) + "\n")
    return buffer.getvalue().encode("utf-8")


def serialize_boolean(value: bool, fmt: str) -> bytes:
    if fmt == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n"
        ).encode()
    return json.dumps({"head": {}, "boolean": value}).encode()


# --- the worker processes -------------------------------------------------------------------


@dataclass(frozen=True)
class QueryRequest:
    query: str
    accept: str = ""
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    has_dataset: bool = False  # FROM / FROM NAMED in the query text


@dataclass
class Answer:
    status: int
    content_type: str = "text/plain; charset=utf-8"
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def text(cls, status: int, message: str) -> Answer:
        return cls(status, body=(message + "\n").encode("utf-8"))


def execute(store: Any, request: QueryRequest, row_limit: int) -> Answer:
    """Run one query on an open store and serialise at most `row_limit` rows."""
    import pyoxigraph as ox

    from kg.store import OX_FORMATS, PREFIXES

    options: dict[str, Any] = {"prefixes": PREFIXES}
    if request.default_graphs:  # else the store's default graph: the merged graph
        options["default_graph"] = [ox.NamedNode(g) for g in request.default_graphs]
    if request.named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in request.named_graphs]
    try:
        result = store.query(request.query, **options)
    except SyntaxError as exc:
        return Answer.text(400, f"malformed SPARQL query: {str(exc).strip().splitlines()[0]}")
    except (OSError, RuntimeError, ValueError) as exc:
        return Answer.text(400, f"query failed: {str(exc).strip().splitlines()[0]}")
    if isinstance(result, ox.QueryBoolean):
        fmt = choose_format(request.accept, {"json": 1, "xml": 1}, "json")
        if fmt is None:
            return Answer.text(406, "ASK answers come as SPARQL JSON or XML")
        return Answer(200, SOLUTION_TYPES[fmt], serialize_boolean(bool(result), fmt))
    rows: list = []
    truncated = False
    try:
        for item in result:
            if len(rows) >= row_limit:
                truncated = True
                break
            rows.append(item)
    except (OSError, RuntimeError, ValueError) as exc:
        return Answer.text(400, f"query failed: {str(exc).strip().splitlines()[0]}")
    headers = {"X-Result-Truncated": "true"} if truncated else {}
    if isinstance(result, ox.QuerySolutions):
        fmt = choose_format(request.accept, SOLUTION_TYPES, "json")
        if fmt is None:
            return Answer.text(406, "SELECT answers come as SPARQL JSON, XML, CSV or TSV")
        variables = [v.value for v in result.variables]
        body = serialize_solutions(variables, [tuple(r) for r in rows], fmt)
        return Answer(200, SOLUTION_TYPES[fmt], body, headers)
    fmt = choose_format(request.accept, GRAPH_TYPES, "turtle")
    if fmt is None:
        return Answer.text(
            406, "CONSTRUCT/DESCRIBE answers come as Turtle, N-Triples, RDF/XML, JSON-LD"
        )
    ox_format = OX_FORMATS["json-ld" if fmt == "jsonld" else fmt]
    prefixes = PREFIXES if fmt in ("turtle", "xml") else None
    return Answer(
        200, GRAPH_TYPES[fmt], ox.serialize(rows, None, ox_format, prefixes=prefixes), headers
    )


def _worker_main(store_path: str, conn: Any, row_limit: int) -> None:
    from kg.store import open_store

    try:
        store = open_store(store_path, read_only=True)
    except StoreError as exc:
        conn.send(("error", str(exc)))
        return
    conn.send(("ready", ""))
    while True:
        try:
            request = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if request is None:
            return
        try:
            conn.send(execute(store, request, row_limit))
        except Exception as exc:  # keep the worker alive; the client gets a 500
            conn.send(Answer.text(500, f"query failed: {type(exc).__name__}: {exc}"))


class _Worker:
    def __init__(self, store_path: str, row_limit: int) -> None:
        ctx = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker_main, args=(store_path, child, row_limit), daemon=True
        )
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float) -> None:
        try:
            ready = self.conn.poll(timeout)
            status, message = self.conn.recv() if ready else ("error", "did not start")
        except (EOFError, OSError):
            status, message = "error", "query worker died while starting"
        if status != "ready":
            self.kill()
            raise StoreError(message)

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryPool:
    """A fixed number of worker processes; a query past its deadline costs its worker."""

    def __init__(self, store_path: str | Path, limits: Limits) -> None:
        self.store_path = str(store_path)
        self.limits = limits
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()

    def start(self) -> None:
        workers = [self._new_worker() for _ in range(self.limits.workers)]
        for worker in workers:
            worker.wait_ready(120)
            self._idle.put(worker)

    def _new_worker(self) -> _Worker:
        worker = _Worker(self.store_path, self.limits.rows)
        with self._lock:
            self._all.add(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
        if not self._closed:
            threading.Thread(target=self._replace, daemon=True).start()

    def _replace(self) -> None:
        try:
            worker = self._new_worker()
            worker.wait_ready(120)
        except Exception:  # the store went away or the pool is closing: run one short
            return
        if self._closed:
            worker.kill()
            return
        self._idle.put(worker)

    def run(self, request: QueryRequest) -> Answer:
        timeout = self.limits.timeout
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            return Answer.text(503, "all query workers are busy; try again")
        try:
            worker.conn.send(request)
            if worker.conn.poll(timeout):
                answer = worker.conn.recv()
                self._idle.put(worker)
                return answer
        except (EOFError, OSError):
            self._retire(worker)
            return Answer.text(500, "query worker died")
        self._retire(worker)
        return Answer.text(503, f"query stopped: it ran past the time limit of {timeout:g} s")

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
            worker.kill()


# --- HTTP ---------------------------------------------------------------------------------


def named_queries(folder: Path) -> list[dict[str, str]]:
    """The named queries as examples: name, the comment header, the text."""
    out = []
    for path in sorted(folder.glob("*.rq")) if folder.is_dir() else []:
        text = path.read_text(encoding="utf-8")
        header = [
            line.lstrip("#").strip()
            for line in text.splitlines()
            if line.startswith("#") and line.lstrip("#").strip()
        ]
        out.append({"name": path.stem, "description": " ".join(header[:3]), "query": text})
    return out


LOOPBACK_NAMES = {"127.0.0.1", "localhost", "[::1]", "::1"}


class Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    timeout = 10  # seconds for a client to send its request: no slow-loris threads
    server_version = "diplograph-sparql"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        if self.server.verbose:
            super().log_message(format, *args)

    def _send(self, answer: Answer) -> None:
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.body)

    def _host_ok(self) -> bool:
        if not self.server.loopback_only:
            return True
        host = (self.headers.get("Host") or "").strip()
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return name in LOOPBACK_NAMES

    def do_GET(self) -> None:  # noqa: N802
        self._handle()

    def do_HEAD(self) -> None:  # noqa: N802
        self._handle()

    def do_POST(self) -> None:  # noqa: N802
        self._handle()

    def _handle(self) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError, TimeoutError):
            self._send(self._route())

    def _route(self) -> Answer:
        if not self._host_ok():
            return Answer.text(403, "unexpected Host header (this server answers only on loopback)")
        url = urllib.parse.urlsplit(self.path)
        if url.path in ASSETS and self.command in ("GET", "HEAD"):
            name, content_type = ASSETS[url.path]
            answer = Answer(200, content_type, (ASSETS_DIR / name).read_bytes())
            answer.headers["Content-Security-Policy"] = "default-src 'self'; frame-ancestors 'none'"
            return answer
        if url.path == "/queries.json" and self.command in ("GET", "HEAD"):
            body = json.dumps(self.server.examples, ensure_ascii=False).encode("utf-8")
            return Answer(200, "application/json", body)
        if url.path in ("/sparql", "/query"):
            try:
                request = self._sparql_request(url.query)
            except Refused as exc:
                return Answer.text(403, str(exc))
            except QueryError as exc:
                return Answer.text(getattr(exc, "status", 400), str(exc))
            return self.server.pool.run(request)
        return Answer.text(404, "not found: try / for the query page or /sparql?query=…")

    def _sparql_request(self, query_string: str) -> QueryRequest:
        params = urllib.parse.parse_qs(query_string, keep_blank_values=True)
        body_query = None
        if self.command == "POST":
            content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if content_type == "application/sparql-update":
                raise Refused("SPARQL Update is refused: this endpoint is read-only")
            body = self._read_body()
            if content_type == "application/x-www-form-urlencoded":
                text = body.decode("utf-8", "replace")
                for key, values in urllib.parse.parse_qs(text, keep_blank_values=True).items():
                    params.setdefault(key, []).extend(values)
            elif content_type == "application/sparql-query":
                body_query = body.decode("utf-8", "replace")
            else:
                raise _status(415, f"unsupported Content-Type {content_type or '(none)'}")
        elif self.command != "GET":
            raise _status(405, "use GET or POST")
        if "update" in params:
            raise Refused("SPARQL Update is refused: this endpoint is read-only")
        queries = ([body_query] if body_query is not None else []) + params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            raise _status(400, "give exactly one query (GET ?query=… or POST)")
        has_dataset = check_query(queries[0])
        default_graphs = tuple(params.get("default-graph-uri", []))
        named_graphs = tuple(params.get("named-graph-uri", []))
        for graph in default_graphs + named_graphs:
            check_graph(graph)
        accept = self.headers.get("Accept") or ""
        fmt = params.get("format", [""])[0].lower()
        if fmt:  # ?format=csv etc., for links and browsers that cannot set Accept
            accept = next((m for m, f in _MEDIA.items() if f == fmt), accept)
        return QueryRequest(queries[0], accept, default_graphs, named_graphs, has_dataset)

    def _read_body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            raise _status(411, "send a Content-Length (chunked bodies are not accepted)")
        try:
            length = int(self.headers.get("Content-Length") or "")
        except ValueError:
            raise _status(411, "a POST needs a Content-Length") from None
        if length < 0:
            raise _status(400, "bad Content-Length")
        if length > self.server.limits.body:
            self.close_connection = True
            raise _status(413, f"request body over the limit of {self.server.limits.body} bytes")
        return self.rfile.read(length)


def _status(status: int, message: str) -> QueryError:
    error = QueryError(message)
    error.status = status  # type: ignore[attr-defined]
    return error


class SparqlServer(HTTPServer):
    """HTTPServer with a fixed pool of handler threads and a cap on waiting connections."""

    request_queue_size = 256
    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        pool: QueryPool,
        limits: Limits,
        examples: list[dict[str, str]],
        *,
        verbose: bool = False,
    ) -> None:
        super().__init__(address, Handler)
        self.pool = pool
        self.limits = limits
        self.examples = examples
        self.verbose = verbose
        self.loopback_only = address[0] in LOOPBACK_NAMES
        self._threads = ThreadPoolExecutor(limits.threads, thread_name_prefix="kg-serve")
        self._slots = threading.BoundedSemaphore(max(512, limits.threads * 32))

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):  # too many waiting: shed load at once
            with contextlib.suppress(OSError):
                request.sendall(b"HTTP/1.0 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n")
            self.shutdown_request(request)
            return
        self._threads.submit(self._work, request, client_address)

    def _work(self, request: Any, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)
            self._slots.release()

    def server_close(self) -> None:
        super().server_close()
        self._threads.shutdown(wait=False, cancel_futures=True)
        self.pool.close()


def make_server(
    store_path: str | Path,
    host: str = "127.0.0.1",
    port: int = 7878,
    limits: Limits | None = None,
    *,
    queries_folder: Path | None = None,
    verbose: bool = False,
) -> SparqlServer:
    """Open the store in the worker processes and bind; call serve_forever() on the result."""
    from kg.resources import queries_dir
    from kg.store import open_store

    limits = limits or Limits()
    open_store(store_path, read_only=True)  # a clear error before any process starts
    pool = QueryPool(store_path, limits)
    pool.start()
    try:
        return SparqlServer(
            (host, port),
            pool,
            limits,
            named_queries(queries_folder or queries_dir()),
            verbose=verbose,
        )
    except OSError as exc:
        pool.close()
        raise StoreError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None


def wait_until_up(host: str, port: int, deadline: float = 30.0) -> None:
    """For scripts and tests: block until the port accepts connections."""
    import socket

    end = time.monotonic() + deadline
    while True:
        try:
            with socket.create_connection((host, port), timeout=1):
                return
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.05)
