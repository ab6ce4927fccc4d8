"""Loading RDF files into a triple store over the SPARQL 1.1 Graph Store HTTP Protocol.

The endpoint URL is the store's graph-store service:
- Oxigraph server:  http://HOST:7878/store
- Apache Jena Fuseki: http://HOST:3030/DATASET/data   (quads: http://HOST:3030/DATASET)
- GraphDB:  http://HOST:7200/repositories/REPO/rdf-graphs/service
            (quads: http://HOST:7200/repositories/REPO/statements)

A triple file goes to `URL?graph=IRI` (or `URL?default`); a quad file (.nq, .trig) goes to
`URL` itself and keeps its own graphs. POST adds; PUT (`--replace`) replaces the target.
Files are streamed from disk, never parsed or held in memory here; the store validates.
"""

from __future__ import annotations

import ipaddress
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError, StoreError
from kg.rdfio import format_for

CONTENT_TYPES = {
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "nquads": "application/n-quads",
    "trig": "application/trig",
    "json-ld": "application/ld+json",
    "xml": "application/rdf+xml",
    "n3": "text/n3",
}
QUAD_FORMATS = {"nquads", "trig"}


@dataclass(frozen=True)
class Pushed:
    path: Path
    url: str
    method: str
    size: int
    status: int


def target_url(endpoint: str, graph: str | None, quads: bool) -> str:
    """Where one file goes: `?graph=IRI`, `?default`, or the bare URL for quads."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"--endpoint {endpoint!r}: expected an http:// or https:// URL")
    if quads:
        return endpoint
    param = "graph=" + urllib.parse.quote(graph, safe="") if graph else "default"
    query = f"{parts.query}&{param}" if parts.query else param
    return urllib.parse.urlunsplit(parts._replace(query=query))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A redirected POST would silently become a GET without the body.
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        raise StoreError(f"{req.full_url}: endpoint redirects to {newurl}; pass that URL instead")


def _is_loopback(url: str) -> bool:
    host = urllib.parse.urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def opener_for(url: str) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = [_NoRedirect()]
    if _is_loopback(url):  # never send a local store's traffic through a proxy
        handlers.append(urllib.request.ProxyHandler({}))
    return urllib.request.build_opener(*handlers)


def _http_error_message(exc: urllib.error.HTTPError) -> str:
    try:
        body = exc.read(2000).decode("utf-8", "replace").strip()
    except OSError:
        body = ""
    first = body.splitlines()[0] if body else ""
    return f"HTTP {exc.code} {exc.reason}" + (f": {first}" if first else "")


def send_file(path: Path, url: str, method: str, content_type: str, timeout: float) -> int:
    """Stream one file to the URL; the HTTP status on success, StoreError otherwise."""
    size = path.stat().st_size
    with path.open("rb") as body:
        request = urllib.request.Request(
            url,
            data=body,
            method=method,
            headers={"Content-Type": content_type, "Content-Length": str(size)},
        )
        try:
            with opener_for(url).open(request, timeout=timeout) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as exc:
            raise StoreError(f"{path}: {method} {url} failed: {_http_error_message(exc)}") from None
        except urllib.error.URLError as exc:
            reason = getattr(exc.reason, "strerror", None) or str(exc.reason)
            raise StoreError(f"{path}: cannot reach {url} ({reason})") from None
        except TimeoutError:
            raise StoreError(f"{path}: {url} did not answer within {timeout:g} s") from None
        except OSError as exc:
            raise StoreError(f"{path}: {method} {url} failed ({exc.strerror or exc})") from None


def check_sources(sources: list[Path], graph: str | None) -> list[tuple[Path, str]]:
    """(path, rdflib format) for each source; every problem found before anything is sent."""
    checked = []
    for path in sources:
        if not path.is_file():
            raise InputError(
                f"{path}: no such file" if not path.exists() else f"{path}: not a file"
            )
        rdf_format = format_for(path)
        if rdf_format not in CONTENT_TYPES:
            raise InputError(f"{path}: cannot push {rdf_format}")
        if graph and rdf_format in QUAD_FORMATS:
            raise InputError(
                f"{path}: a quad file keeps its own graphs; drop --graph or use .ttl/.nt"
            )
        checked.append((path, rdf_format))
    if not checked:
        raise InputError("no files to push")
    return checked


def push(
    sources: list[Path],
    endpoint: str,
    *,
    graph: str | None = None,
    replace: bool = False,
    timeout: float = 300.0,
) -> list[Pushed]:
    """Send every source; with `replace`, the first file to each target replaces it (PUT)."""
    if graph is not None and not urllib.parse.urlsplit(graph).scheme:
        raise InputError(f"--graph {graph!r}: expected an absolute IRI")
    done: list[Pushed] = []
    replaced: set[str] = set()
    for path, rdf_format in check_sources(sources, graph):
        url = target_url(endpoint, graph, rdf_format in QUAD_FORMATS)
        method = "PUT" if replace and url not in replaced else "POST"
        replaced.add(url)
        status = send_file(path, url, method, CONTENT_TYPES[rdf_format], timeout)
        done.append(Pushed(path, url, method, path.stat().st_size, status))
    return done
