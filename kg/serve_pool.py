"""The query pool and its limits: worker processes that open the store read-only and
each run one query at a time; a query past its time limit costs its worker."""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import StoreError
from kg.serve_formats import (
    GRAPH_TYPES,
    SOLUTION_TYPES,
    choose_format,
    serialize_boolean,
    serialize_solutions,
)


@dataclass(frozen=True)
class Limits:
    timeout: float = 30.0  # seconds per query
    rows: int = 10_000  # solutions or triples per answer
    body: int = 1_000_000  # bytes per request body
    workers: int = 2  # query processes
    threads: int = 16  # HTTP handler threads


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
