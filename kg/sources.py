"""Where a graph lives — files in memory, an Oxigraph store, a SPARQL 1.1 endpoint — behind one
`run(text, bindings) -> Table`, so `kg query` and `kg stats` read a graph where it is.

Parameters reach a store or an endpoint as `VALUES` blocks of RDF terms written by rdflib
(`Node.n3()`, IRIs checked), never as the user's text, and give the rows rdflib's
`initBindings` gives on files.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg import query as q
from kg.errors import InputError, QueryError, StoreError
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


def _prologue() -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in q.PREFIXES.items())


class FileSource:
    """RDF files merged in memory (rdflib)."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def run(self, text: str, bindings: Mapping[str, Node] | None = None) -> q.Table:
        return q.run_query(self.graph, text, bindings)

    def names(self) -> Graph:
        return self.graph


class StoreSource:
    """An Oxigraph store made by `kg build --store`, opened read-only; its default graph is the merged one."""

    def __init__(self, path: str | Path) -> None:
        from kg.store import open_store

        p = Path(path)
        if not p.is_dir():
            raise InputError(f"{path}: no such store folder (make one with kg build … --store {path})")
        self.store = open_store(p, read_only=True)

    def run(self, text: str, bindings: Mapping[str, Node] | None = None) -> q.Table:
        from kg.store import query_store

        text, rest = q.split_page(text, bindings)
        q.check_syntax(text)
        names: list[str] = []
        result = query_store(self.store, with_values(text, rest), variables=names)
        if isinstance(result, bool):
            return q.Table(vars=["answer"], rows=[[Literal(result)]], kind="ASK", answer=result)
        if isinstance(result, Graph):
            return q.Table(vars=["subject", "predicate", "object"], rows=[list(t) for t in sorted(result)],
                           kind="CONSTRUCT", graph=result)
        return q.Table(vars=names, rows=[list(row) for row in result])

    def names(self) -> Graph:
        return _names(self)


class EndpointSource:
    """A SPARQL 1.1 Protocol endpoint (`kg serve`, an Oxigraph server, Fuseki): POSTed queries."""

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        if not url.startswith(("http://", "https://")):
            raise InputError(f"{url}: not an http(s) endpoint URL")
        self.url, self.timeout = url, timeout

    def _post(self, text: str, accept: str) -> bytes:
        body = urllib.parse.urlencode({"query": text}).encode("utf-8")
        req = urllib.request.Request(self.url, data=body, headers={
            "Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
        try:
            with opener_for(self.url).open(req, timeout=self.timeout) as resp:
                return resp.read()
        except StoreError as exc:  # a redirect: say where to instead of losing the body
            raise QueryError(str(exc)) from None
        except urllib.error.HTTPError as exc:
            detail = exc.read(300).decode("utf-8", "replace").strip().splitlines()
            raise QueryError(f"{self.url}: the endpoint answered {exc.code}"
                             + (f": {detail[0]}" if detail else "")) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise QueryError(f"{self.url}: endpoint unreachable ({reason})") from None

    def run(self, text: str, bindings: Mapping[str, Node] | None = None) -> q.Table:
        text, rest = q.split_page(text, bindings)
        kind = q.check_syntax(text)
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


def open_source(files: list[str], store: str | None, endpoint: str | None, timeout: float = 30.0) -> Source:
    """The one source the command line names: files, `--store DIR` or `--endpoint URL`."""
    given = sum(bool(x) for x in (files, store, endpoint))
    if given != 1:
        raise InputError("give graph files, or --store DIR, or --endpoint URL (exactly one of them)")
    if store:
        return StoreSource(store)
    if endpoint:
        return EndpointSource(endpoint, timeout)
    from kg.rdfio import load_dataset, union_graph

    return FileSource(union_graph(load_dataset(files)))


# --- what a picture or a network needs ---------------------------------------------------------


_DATE_PREFIX = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def graph_from_args(files: list[str], args: Any) -> Graph:
    """The graph a drawing or network command works on: the files as they are, or only what it
    draws (`drawing_graph`) from a store, an endpoint, or files with filters."""
    for name in ("since", "until"):
        value = getattr(args, name, None)
        if value and not _DATE_PREFIX.fullmatch(value):
            raise InputError(f"--{name} {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
    types = tuple(t.strip() for t in (getattr(args, "types", None) or "").split(",") if t.strip())
    since, until = getattr(args, "since", None), getattr(args, "until", None)
    source = open_source(files, args.store, args.endpoint, args.timeout)
    if isinstance(source, FileSource) and not (since or until or types):
        return source.graph
    return drawing_graph(source, since=since, until=until, types=types)


EVENT_CLASSES = ("Demand", "Warning", "SanctionThreat", "SanctionImposition", "Rejection", "ScheduledTalks",
                 "HeldTalks", "Position")
_NODE_CLASSES = ("Person", "State", "InternationalOrganization", "GovernmentBody", "Organization", "Bloc",
                 "Place", "City")
_EVENT_PROPS = ("dg:agent dg:target dg:participant dg:location dg:holder dg:organization dg:startDate "
                "dg:endDate dg:evidence dg:confidence dg:role prov:wasDerivedFrom")
_DIRECT = ("dg:demanded dg:warned dg:threatenedSanctions dg:imposedSanctions dg:rejected dg:scheduledTalksWith "
           "dg:heldTalksWith dg:scheduledTalksIn dg:heldTalksIn dg:affiliatedWith")
# A fact's date is its own start, else (none, or no year: «--01-09») its document's: undated
# facts are kept by --since/--until when their report falls inside.
_EVENTS = """CONSTRUCT {{ ?e a ?t . ?e ?p ?o }}
WHERE {{
  {{ SELECT DISTINCT ?e ?t WHERE {{
      VALUES ?t {{ {types} }}
      ?e a ?t .
      OPTIONAL {{ ?e dg:startDate ?sd }}
      OPTIONAL {{ ?e prov:wasDerivedFrom ?doc . ?doc dcterms:date ?dd }}
      BIND(IF(BOUND(?sd) && !STRSTARTS(STR(?sd), "--"), STR(?sd), STR(?dd)) AS ?when)
      FILTER(!BOUND(?since) || (BOUND(?when) && SUBSTR(?when, 1, STRLEN(STR(?since))) >= STR(?since)))
      FILTER(!BOUND(?until) || (BOUND(?when) && SUBSTR(?when, 1, STRLEN(STR(?until))) <= STR(?until)))
  }} }}
  VALUES ?p {{ {props} }}
  ?e ?p ?o .
}}"""
_NODES = """CONSTRUCT { ?x a ?c ; rdfs:label ?l ; skos:altLabel ?al ; owl:sameAs ?q }
WHERE { VALUES ?c { %s } ?x a ?c .
        OPTIONAL { ?x rdfs:label ?l } OPTIONAL { ?x owl:sameAs ?q } OPTIONAL { ?x skos:altLabel ?al } }"""
_DOCS = "CONSTRUCT { ?d dcterms:identifier ?id } WHERE { ?d a dg:Document ; dcterms:identifier ?id }"
_DIRECT_EDGES = "CONSTRUCT { ?a ?p ?b } WHERE { VALUES ?p { %s } ?a ?p ?b }"


def drawing_graph(source: Source, *, since: str | None = None, until: str | None = None,
                  types: tuple[str, ...] = ()) -> Graph:
    """Only what `kg graph` and `kg viz` draw — the chosen facts with their roles, dates and
    evidence, the actors' names and classes, the documents' ids — fetched with CONSTRUCT
    queries. `since`/`until` are ISO dates or their prefixes (2022, 2022-01); `types` event
    class names (Demand, HeldTalks, …; default all)."""
    bad = [t for t in types if t not in EVENT_CLASSES]
    if bad:
        raise InputError(f"unknown fact type {bad[0]!r}; use any of {', '.join(EVENT_CLASSES)}")
    bindings = {k: Literal(v) for k, v in (("since", since), ("until", until)) if v}
    out = Graph()
    for prefix, iri in q.PREFIXES.items():
        out.bind(prefix, iri)
    chosen = " ".join(f"dg:{t}" for t in (types or EVENT_CLASSES))
    for text, binds in (
        (_EVENTS.format(types=chosen, props=_EVENT_PROPS), bindings),
        (_NODES % " ".join(f"dg:{c}" for c in _NODE_CLASSES), {}),
        (_DOCS, {}),
        *([] if bindings or types else [(_DIRECT_EDGES % _DIRECT, {})]),  # bare edges carry no date or fact
    ):
        table = source.run(text, binds)
        if table.graph is not None:
            out += table.graph
    return out
