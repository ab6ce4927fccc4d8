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

import csv
import io
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from rdflib import XSD, BNode, Graph, Literal, URIRef, Variable
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
from kg.vocab import DG_IRI, DGR, WD

if TYPE_CHECKING:
    from rdflib.query import Result

FORMATS = ("table", "csv", "tsv", "json", "md")
PREFIXES = {
    "dg": DG_IRI,
    "dgr": str(DGR),
    "wd": str(WD),
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": str(XSD),
}
PAGE_PARAMS = ("limit", "offset")
_LIMIT_RE = re.compile(r"\bLIMIT\s+\d+", re.I)


@dataclass
class Table:
    """A result as plain data: variable names and rows of terms (None = unbound)."""

    vars: list[str]
    rows: list[list[Node | None]]
    kind: str = "SELECT"  # SELECT, ASK, CONSTRUCT
    answer: bool | None = None
    graph: Graph | None = None

    def dicts(self) -> list[dict[str, Node | None]]:
        return [dict(zip(self.vars, row, strict=True)) for row in self.rows]


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


# --- formatting -------------------------------------------------------------------------------


def compact(term: Node | None, prefixes: Mapping[str, str] = PREFIXES) -> str:
    """A term as a person reads it: prefixed IRIs, bare literal values."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, ns in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
            if text.startswith(ns) and len(text) > len(ns):
                return f"{prefix}:{text[len(ns) :]}"
        return text
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _nt(term: Node | None) -> str:
    """SPARQL TSV term syntax (N-Triples); numbers and booleans bare as the spec allows."""
    if term is None:
        return ""
    if isinstance(term, Literal) and term.datatype in (
        XSD.integer,
        XSD.decimal,
        XSD.double,
        XSD.boolean,
    ):
        return str(term)
    return term.n3()


def format_table(table: Table, max_width: int = 80) -> str:
    """Aligned columns for a terminal; long cells are cut at `max_width` (0: never)."""
    if table.kind == "ASK":
        return "yes" if table.answer else "no"

    def cell(term: Node | None) -> str:
        text = " ".join(compact(term).split())
        return text if not max_width or len(text) <= max_width else text[: max_width - 1] + "…"

    cells = [[cell(t) for t in row] for row in table.rows]
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(table.vars)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(table.vars, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines)


def format_md(table: Table) -> str:
    def cell(term: Node | None) -> str:
        return " ".join(compact(term).split()).replace("|", "\\|")

    lines = ["| " + " | ".join(table.vars) + " |", "|" + "|".join("---" for _ in table.vars) + "|"]
    lines += ["| " + " | ".join(cell(t) for t in row) + " |" for row in table.rows]
    return "\n".join(lines)


def format_csv(table: Table) -> str:
    """SPARQL 1.1 CSV results: full IRIs, literal values without type or language."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.vars)
    for row in table.rows:
        writer.writerow(
            ["" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(t)) for t in row]
        )
    return out.getvalue()


def format_tsv(table: Table) -> str:
    """SPARQL 1.1 TSV results: `?var` header, terms in N-Triples syntax."""
    lines = ["\t".join(f"?{v}" for v in table.vars)]
    lines += ["\t".join(_nt(t) for t in row) for row in table.rows]
    return "\n".join(lines) + "\n"


def format_json(table: Table) -> str:
    """SPARQL 1.1 Query Results JSON (ASK: `boolean`)."""
    if table.kind == "ASK":
        return json.dumps({"head": {}, "boolean": bool(table.answer)}, ensure_ascii=False, indent=1)
    bindings = []
    for row in table.rows:
        item = {}
        for var, term in zip(table.vars, row, strict=True):
            if term is None:
                continue
            if isinstance(term, URIRef):
                item[var] = {"type": "uri", "value": str(term)}
            elif isinstance(term, BNode):
                item[var] = {"type": "bnode", "value": str(term)}
            else:
                value: dict[str, str] = {"type": "literal", "value": str(term)}
                if term.language:
                    value["xml:lang"] = term.language
                elif term.datatype:
                    value["datatype"] = str(term.datatype)
                item[var] = value
        bindings.append(item)
    doc = {"head": {"vars": table.vars}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=1)


def format_result(table: Table, fmt: str, max_width: int = 80) -> str:
    if table.kind == "CONSTRUCT" and table.graph is not None and fmt == "table":
        out = table.graph.serialize(format="turtle")
        return out if isinstance(out, str) else out.decode("utf-8")
    if fmt == "table":
        return format_table(table, max_width)
    if fmt == "md":
        return format_md(table)
    if fmt == "csv":
        return format_csv(table)
    if fmt == "tsv":
        return format_tsv(table)
    if fmt == "json":
        return format_json(table)
    raise QueryError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
