"""Check a graph against the bundled SHACL shapes (ontology/shapes.ttl).

pySHACL is an optional dependency (the `test` extra), so it is imported only when a
validation actually runs. The ontology is mixed into the data graph (pySHACL's
`ont_graph`) so that `sh:class dg:Actor` accepts a `dg:Person`; no RDFS/OWL inference is
run, because inferred ranges would make every `sh:class` check pass vacuously.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.graph import ConjunctiveGraph

from kg.errors import KgError, ResourceError
from kg.rdfio import union_graph
from kg.resources import ontology_file, shapes_file


@dataclass(frozen=True)
class Report:
    """The outcome of a validation: the verdict, pySHACL's results graph and its text."""

    conforms: bool
    results: Graph
    text: str


def _parse_bundled(path: Path) -> Graph:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ResourceError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        return Graph().parse(data=data, format="turtle", publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib raises many types; the message is what matters
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ResourceError(f"{path}: not valid Turtle: {message}") from None


@lru_cache(maxsize=4)
def _bundled(shapes: Path, ontology: Path) -> tuple[Graph, Graph]:
    # Parsed once per process; pySHACL reads but never modifies these two graphs.
    return _parse_bundled(shapes), _parse_bundled(ontology)


def _pyshacl_validate():  # type: ignore[no-untyped-def]
    try:
        from pyshacl import validate as shacl_validate
    except ImportError:
        raise KgError(
            "SHACL validation needs pySHACL, which is not installed; "
            "install it with: pip install 'diplograph[test]' (or pip install pyshacl)"
        ) from None
    return shacl_validate


def report(graph: Graph | Dataset | ConjunctiveGraph) -> Report:
    """Validate `graph` (all named graphs of a Dataset together) with the bundled shapes."""
    shacl_validate = _pyshacl_validate()
    shapes, ontology = _bundled(shapes_file(), ontology_file())
    conforms, results, text = shacl_validate(
        union_graph(graph),
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        abort_on_first=False,
        allow_warnings=False,
        meta_shacl=False,
        advanced=False,
        do_owl_imports=False,
    )
    return Report(conforms=bool(conforms), results=results, text=str(text))


def validate(graph: Graph | Dataset | ConjunctiveGraph) -> tuple[bool, str]:
    """(conforms, pySHACL's human-readable report) for `graph` against ontology/shapes.ttl."""
    result = report(graph)
    return result.conforms, result.text
