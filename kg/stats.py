"""`kg stats`: what a graph holds — documents, entities per class, facts per type, the date
range, the most connected actors — asked of any source (files, a store, an endpoint) with a
few aggregate queries, never by loading the graph."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.resources import queries_dir

CLASSES = ("Person", "State", "InternationalOrganization", "GovernmentBody", "Organization", "Bloc",
           "City", "Place")

_DOCUMENTS = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a dg:Document }"
_PER_CLASS = """SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE {{ VALUES ?c {{ {classes} }} ?x a ?c }} GROUP BY ?c"""
_DATES = """SELECT (MIN(?d) AS ?first) (MAX(?d) AS ?last) WHERE {
  { ?doc a dg:Document ; dcterms:date ?d } UNION { ?e dg:startDate ?d }
  FILTER(DATATYPE(?d) = xsd:date) }"""


@dataclass
class Stats:
    documents: int = 0
    entities: dict[str, int] = field(default_factory=dict)
    facts: dict[str, int] = field(default_factory=dict)
    first: str | None = None
    last: str | None = None
    top: list[tuple[str, int]] = field(default_factory=list)


def _count_by(source, template: str, names: tuple[str, ...]) -> dict[str, int]:  # type: ignore[no-untyped-def]
    table = source.run(template.format(classes=" ".join(f"dg:{n}" for n in names)))
    found = {str(row[0]).rsplit("#", 1)[-1]: int(row[1]) for row in table.rows if row[0] is not None}
    return {n: found.get(n, 0) for n in names}


def collect(source, top: int = 10) -> Stats:  # type: ignore[no-untyped-def]
    """The figures of one source (kg.sources: anything with `run(text, bindings)`)."""
    from rdflib import Literal

    from kg.query import load_query
    from kg.sources import EVENT_CLASSES

    out = Stats()
    rows = source.run(_DOCUMENTS).rows
    out.documents = int(rows[0][0]) if rows and rows[0][0] is not None else 0
    out.entities = _count_by(source, _PER_CLASS, CLASSES)
    out.facts = _count_by(source, _PER_CLASS, EVENT_CLASSES)
    rows = source.run(_DATES).rows
    if rows and rows[0][0] is not None:
        out.first, out.last = str(rows[0][0]), str(rows[0][1])
    named = load_query("top_actors", queries_dir())
    table = source.run(named.text, {"limit": Literal(top)})
    out.top = [(str(r["actor"]), int(r["total"])) for r in table.dicts() if r["actor"] is not None]
    return out


def render(s: Stats) -> str:
    lines = [f"documents  {s.documents}"]
    lines.append("entities   " + (", ".join(f"{k} {v}" for k, v in s.entities.items() if v) or "none"))
    lines.append("facts      " + (", ".join(f"{k} {v}" for k, v in s.facts.items() if v) or "none"))
    lines.append(f"dates      {s.first} … {s.last}" if s.first else "dates      none")
    if s.top:
        width = max(len(name) for name, _ in s.top)
        lines.append("most connected actors (facts):")
        lines += [f"  {name:<{width}}  {n}" for name, n in s.top]
    return "\n".join(lines) + "\n"


def as_json(s: Stats) -> dict:
    return {"documents": s.documents, "entities": s.entities, "facts": s.facts,
            "dates": {"first": s.first, "last": s.last},
            "top_actors": [{"actor": a, "facts": n} for a, n in s.top]}
