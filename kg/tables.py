"""Query results as plain tables (`Table`) and their text formats: an aligned table, CSV,
TSV, SPARQL JSON results and Markdown; IRIs shown compact under the project's prefixes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import QueryError
from kg.vocab import DG_IRI, DGR, WD

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
