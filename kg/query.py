"""Named SPARQL queries (`queries/*.rq`), parameter binding and result formatting.

A named query is a `.rq` file whose comment header says what it answers:

    # name: demands
    # answers: who demanded what of whom, when, with the evidence sentence
    # params: agent:actor  only demands made by this actor (any name form or Wikidata id)
    # example: kg query graph.trig demands --param agent=Байден

Parameters are bound through rdflib's `initBindings`, never pasted into the text; a
parameter left out stays a free variable, so every parameter is optional. Kinds:
`actor` (resolved with kg.actors), `iri`, `date`, `literal` (a plain string, or
language-tagged `ru` string with kind `text`), `int`, `decimal`; a parameter the header
does not declare gets a kind guessed from its value.

Paging: SPARQL cannot bind a LIMIT, so the parameters `limit` and `offset` (kind `int`,
declared in the header) rewrite the query's one `LIMIT n` clause instead (`page_text`);
the values are checked integers, never text from the user.

`run_query` takes an rdflib Graph, so any source that yields one (files now, a store
later) can be queried the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from rdflib import XSD, Graph, Literal, URIRef, Variable
from rdflib.term import Node

from kg.errors import QueryError
from kg.named_queries import (  # noqa: F401  (re-exported: kg.query is the API)
    PARAM_KINDS,
    NamedQuery,
    Param,
    list_queries,
    load_file,
    load_query,
    parse_header,
)
from kg.tables import (  # noqa: F401  (re-exported: kg.query is the API)
    FORMATS,
    PREFIXES,
    Table,
    compact,
    format_csv,
    format_json,
    format_md,
    format_result,
    format_table,
    format_tsv,
)

if TYPE_CHECKING:
    from rdflib.query import Result

PAGE_PARAMS = ("limit", "offset")
_LIMIT_RE = re.compile(r"\bLIMIT\s+\d+", re.I)


# --- binding and running --------------------------------------------------------------------


def bind_value(value: str, kind: str | None, graph: Graph, index=None) -> Node:  # type: ignore[no-untyped-def]
    """The RDF term for a parameter value (`kind` None: guess from the value)."""
    text = value.strip()
    kind = kind or _guess_kind(text)
    if kind == "actor":
        from kg.actors import find_actor  # pymorphy2 only when an actor must be resolved

        return find_actor(graph, text, index)
    if kind == "iri":
        return _expand_iri(text)
    if kind == "date":
        try:
            return Literal(date.fromisoformat(text), datatype=XSD.date)
        except ValueError:
            raise QueryError(f"not a date (YYYY-MM-DD): {text!r}") from None
    if kind == "int":
        try:
            return Literal(int(text), datatype=XSD.integer)
        except ValueError:
            raise QueryError(f"not an integer: {text!r}") from None
    if kind == "decimal":
        try:
            return Literal(Decimal(text), datatype=XSD.decimal)
        except InvalidOperation:
            raise QueryError(f"not a decimal number: {text!r}") from None
    if kind == "text":
        return Literal(text, lang="ru")
    return Literal(text)


def _guess_kind(text: str) -> str:
    if re.match(r"^(wd:)?Q\d+$", text, re.I):
        return "actor"
    if re.match(r"^[a-z][a-z0-9+.-]*://\S+$", text, re.I) or re.match(r"^[a-z]+:[^\s/]", text):
        return "iri" if text.split(":", 1)[0] in PREFIXES or "://" in text else "literal"
    if re.match(r"^\d{4}-\d{2}-\d{2}$", text):
        return "date"
    return "literal"


def _expand_iri(text: str) -> URIRef:
    text = text.strip("<>")
    prefix, sep, rest = text.partition(":")
    if sep and prefix in PREFIXES and not rest.startswith("//"):
        return URIRef(PREFIXES[prefix] + rest)
    if re.match(r"^[a-z][a-z0-9+.-]*:\S+$", text, re.I):
        return URIRef(text)
    raise QueryError(f"not an IRI: {text!r}")


def parse_params(pairs: Sequence[str]) -> dict[str, str]:
    """`name=value` strings (CLI `--param`) as a dict."""
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"parameter must be name=value, got {pair!r}")
        out[name.strip().lstrip("?$")] = value
    return out


def bindings_for(
    query: NamedQuery, params: Mapping[str, str], graph: Graph | Callable[[], Graph]
) -> dict[str, Node]:
    """Parameters as RDF terms; `graph` (or a function giving it, called only when an actor
    name must be resolved) is where actor names are looked up."""
    declared = {p.name: p for p in query.params}
    if query.params:
        unknown = sorted(set(params) - set(declared))
        if unknown:
            names = ", ".join(declared)
            raise QueryError(
                f"query {query.name!r} has no parameter {unknown[0]!r}; its parameters: {names}"
            )
    index = None
    out: dict[str, Node] = {}
    for name, value in params.items():
        kind = declared[name].kind if name in declared else None
        if (kind or _guess_kind(value)) == "actor" and index is None:
            from kg.actors import build_index

            if callable(graph) and not isinstance(graph, Graph):
                graph = graph()
            index = build_index(graph)
        out[name] = bind_value(value, kind, graph, index)  # type: ignore[arg-type]
    return out


def page_text(text: str, limit: int | None = None, offset: int | None = None) -> str:
    """The query with its one `LIMIT n` set to `limit` and followed by `OFFSET offset`.

    The named queries pick their page in an inner sub-select (so only the page is joined
    with labels and documents); that LIMIT is the one to change. Comments are left alone.
    """
    if limit is None and offset is None:
        return text
    for name, value in (("limit", limit), ("offset", offset)):
        if value is not None and value < 0:
            raise QueryError(f"{name} must be 0 or more, got {value}")
    lines = text.splitlines(keepends=True)
    found = [
        (i, m)
        for i, line in enumerate(lines)
        if not line.lstrip().startswith("#")
        for m in _LIMIT_RE.finditer(line)
    ]
    if len(found) != 1:
        raise QueryError("this query takes no limit or offset (it has no single LIMIT clause)")
    i, match = found[0]
    clause = f"LIMIT {limit}" if limit is not None else match.group(0)
    if offset:
        clause += f" OFFSET {offset}"
    lines[i] = lines[i][: match.start()] + clause + lines[i][match.end() :]
    return "".join(lines)


def split_page(text: str, bindings: Mapping[str, Node] | None) -> tuple[str, dict[str, Node]]:
    """Apply `limit`/`offset` bindings of a query whose header declares them."""
    rest = dict(bindings or {})
    if not any(k in rest for k in PAGE_PARAMS):
        return text, rest
    declared = {p.name for p in parse_header(text, "-").params}
    page: dict[str, int] = {}
    for name in PAGE_PARAMS:
        if name in rest and name in declared:
            term = rest.pop(name)
            try:
                page[name] = int(term)  # type: ignore[call-overload]
            except (TypeError, ValueError):
                raise QueryError(f"{name} must be an integer, got {term!r}") from None
    return page_text(text, page.get("limit"), page.get("offset")), rest


def run_query(graph: Graph, text: str, bindings: Mapping[str, Node] | None = None) -> Table:
    """Parse and run SPARQL over `graph`; QueryError with line and column when it is malformed.

    `limit` and `offset` bindings page a query whose header declares them (`page_text`)."""
    text, bindings = split_page(text, bindings)
    prepared = _prepare(text)
    try:
        result = graph.query(
            prepared, initBindings={Variable(k): v for k, v in (bindings or {}).items()}
        )
        return _to_table(result)
    except QueryError:
        raise
    except Exception as exc:  # rdflib's evaluation errors have no common base
        raise QueryError(f"query failed: {one_line(exc)}") from None


def run_named(graph: Graph, name: str, **params: str) -> list[dict[str, Node | None]]:
    """Run a named query with `name=value` parameters; rows as dicts of RDF terms."""
    query = load_query(name)
    table = run_query(graph, query.text, bindings_for(query, params, graph))
    return table.dicts()


def _prepare(text: str):  # type: ignore[no-untyped-def]
    # Imported here: rdflib's SPARQL parser costs 0.2 s to import, and a store parses its own.
    from rdflib.plugins.sparql import prepareQuery

    try:
        return prepareQuery(text, initNs=PREFIXES)
    except Exception as exc:
        line, col = getattr(exc, "lineno", None), getattr(exc, "col", None)
        if line is not None and col is not None:
            message = getattr(exc, "msg", None) or one_line(exc).split(" (at char")[0]
            lines = text.splitlines()
            near = lines[line - 1][col - 1 : col + 29].strip() if 0 < line <= len(lines) else ""
            where = f" near {near!r}" if near else " at the end"
            raise QueryError(
                f"malformed query at line {line}, column {col}{where}: {message}"
            ) from None
        raise QueryError(f"malformed query: {one_line(exc)}") from None


def check_syntax(text: str) -> str:
    """The query's form (SELECT, ASK, CONSTRUCT, DESCRIBE), or QueryError with line and column."""
    name = _prepare(text).algebra.name
    return {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
            "DescribeQuery": "DESCRIBE"}.get(name, "SELECT")


def one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _to_table(result: Result) -> Table:
    if result.type == "ASK":
        return Table(
            vars=["answer"],
            rows=[[Literal(bool(result.askAnswer))]],
            kind="ASK",
            answer=bool(result.askAnswer),
        )
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        g = result.graph
        rows = [[s, p, o] for s, p, o in sorted(g)]
        return Table(vars=["subject", "predicate", "object"], rows=rows, kind="CONSTRUCT", graph=g)
    names = [str(v) for v in result.vars or []]
    rows = [[row[i] for i in range(len(names))] for row in result]
    return Table(vars=names, rows=rows)
