"""The query scan: refuse SPARQL Update, SERVICE and datasets outside our own `dgr:`
graphs before a query reaches the store (comments, strings and IRIs removed first)."""

from __future__ import annotations

import re
import urllib.parse

from kg.errors import QueryError
from kg.vocab import DGR

LOCAL_GRAPH_PREFIX = str(DGR)


class Refused(QueryError):
    """A query or request the endpoint will not run (HTTP 403)."""


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
