"""`kg viz`: the graph as an interactive page, a static picture or a timeline.

model.py reads the RDF into nodes/facts/edges; layout.py places nodes; html.py,
static.py and timeline.py draw. matplotlib is imported only when a picture is drawn.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.errors import OutputError
from kg.viz.model import VizGraph, ego, extract, find_actor, top

OUTPUT_FORMATS = {".html": "html", ".htm": "html", ".svg": "svg", ".png": "png"}


def output_format(path: str | Path) -> str:
    """html, svg or png from the output file's extension."""
    suffix = Path(path).suffix.lower()
    if suffix not in OUTPUT_FORMATS:
        known = ", ".join(sorted(OUTPUT_FORMATS))
        raise OutputError(f"{path}: cannot draw {suffix or '(no extension)'!r}; use {known}")
    return OUTPUT_FORMATS[suffix]


def select(
    graph: Graph, actor: str | None = None, radius: int = 1, top_n: int = 0, lang: str = "ru"
) -> VizGraph:
    """The model of GRAPH, or of the ego network of ACTOR (UnknownActorError if no match),
    cut to its TOP_N most connected nodes when TOP_N > 0; labels and words in LANG."""
    model = extract(graph, lang)
    if actor:
        model = ego(model, find_actor(model, actor).id, radius)
    if top_n > 0:
        model = top(model, top_n)
    return model


def render(
    model: VizGraph, fmt: str, *, timeline: bool = False, by: str = "type", title: str = ""
) -> bytes:
    """The bytes of the picture or page in FMT (html, svg, png)."""
    if timeline:
        from kg.viz import timeline as tl

        if fmt == "html":
            return tl.render_html(model, by, title).encode("utf-8")
        return tl.render_picture(model, fmt, by, title)
    if fmt == "html":
        from kg.viz import html

        return html.render(model, title).encode("utf-8")
    from kg.viz import static

    return static.render_network(model, fmt, title)
