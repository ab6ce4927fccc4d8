"""One self-contained HTML page: vis-network, our script and the graph data, all inlined.

The page makes no network request. Data goes into a `<script type="application/json">`
element with `<`, `>` and `&` written as \\u escapes, so no text from the graph (an
evidence sentence holding `</script>`, say) can close the element or start markup; the
script reads it with JSON.parse and puts text on the page only through textContent.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from importlib import resources
from typing import Any

from kg.viz.i18n import PAGE, ui
from kg.viz.layout import layout
from kg.viz.model import ACTOR_CLASSES, FACT_TYPES, VizGraph, drawn_nodes, when
from kg.viz.timeline import fact_label

LARGE_GRAPH = 1500  # edges; past this the page draws straight edges and hides them on drag


@cache
def asset(name: str) -> str:
    return resources.files("kg.viz").joinpath("assets", name).read_text(encoding="utf-8")


def script_json(data: Any) -> str:
    """JSON that is safe inside a <script> element (no `</script>`, no `<!--`)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page_data(model: VizGraph, title: str) -> dict[str, Any]:
    """What the page script needs: compact lists indexed by position."""
    lang = model.lang
    nodes = drawn_nodes(model)
    index = {n.id: i for i, n in enumerate(nodes)}
    edges = [e for e in model.edges if e.source in index and e.target in index]
    pos = layout(index, ((e.source, e.target) for e in edges))
    degree = model.degree()
    fact_index = {f.id: i for i, f in enumerate(model.facts)}
    involved = {a for f in model.facts for a in f.actors}

    def name(node_id: str | None) -> str | None:
        node = model.node_by_id.get(node_id) if node_id else None
        return node.label if node else node_id

    def at(ids: tuple[str, ...]) -> list[int]:
        return [index[i] for i in ids if i in index]

    facts = []
    for f in model.facts:
        day, own = when(f)
        facts.append(
            {
                "type": f.type,
                "start": f.start,
                "end": f.end,
                "day": day,
                "own": own,
                "docDate": f.doc_date,
                "text": fact_label(model, f),
                "src": at(f.sources),
                "tgt": at(f.targets),
                "part": at(f.participants),
                "evidence": list(f.evidence),
                "docs": list(f.documents),
                "location": name(f.location),
                "role": f.role,
                "confidence": f.confidence,
            }
        )
    return {
        "title": title,
        "lang": lang,
        "ui": PAGE[lang],
        "types": [
            {"key": t.key, "label": t.label(lang), "color": t.color, "directed": t.directed}
            for t in FACT_TYPES
        ],
        "classes": [
            {"key": c.key, "label": c.label(lang), "color": c.color} for c in ACTOR_CLASSES
        ],
        "nodes": [
            {
                "label": n.label,
                "kind": n.kind,
                "alt": list(n.alt_labels),
                "deg": degree.get(n.id, 0),
                "x": pos[n.id][0],
                "y": pos[n.id][1],
                "iri": n.id,
                "wd": n.wikidata,
                "factless": n.id not in involved,
            }
            for n in nodes
        ],
        "edges": [
            {
                "from": index[e.source],
                "to": index[e.target],
                "type": e.type,
                "facts": [fact_index[f] for f in e.facts],
            }
            for e in edges
        ],
        "facts": facts,
        "large": len(edges) > LARGE_GRAPH,
    }


def render(model: VizGraph, title: str = "") -> str:
    """The whole page as a string."""
    title = title or ui(model.lang, "title")
    parts = {
        "LANG": model.lang,
        "TITLE": html.escape(title),
        "CSS": asset("graph.css"),
        "VIS_JS": asset("vis-network.min.js"),
        "APP_JS": asset("graph.js") + asset("panel.js"),
        "DATA": script_json(page_data(model, title)),
    }
    # One pass, so that nothing inserted is searched for placeholders again.
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: parts[m.group(1)], asset("graph.html"))
