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

The scan is in kg.serve_scan, the result formats in kg.serve_formats, the worker processes
and limits in kg.serve_pool; this module is the HTTP side.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

from kg.errors import QueryError, StoreError
from kg.serve_formats import _MEDIA
from kg.serve_pool import Answer, Limits, QueryPool, QueryRequest
from kg.serve_scan import Refused, check_graph, check_query

ASSETS_DIR = Path(__file__).resolve().parent / "serve_assets"
ASSETS = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/style.css": ("style.css", "text/css; charset=utf-8"),
}


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
