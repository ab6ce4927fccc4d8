"""Static pictures (SVG, PNG) of the actor network with matplotlib.

Only actors that take part in a fact are drawn. The canvas takes the shape of the layout, so
the drawing fills it; a title, a legend and a key of numbered nodes sit in bands of their own.
Labels are placed by kg.viz.labels in display pixels, best connected first, and never
overlap: a node whose name finds no room gets a small number keyed in the side list, or
nothing when the list is full. For that the axes get a fixed place on the figure (no
constrained layout), so pixels computed before drawing stay true when the file is written.

matplotlib bundles DejaVu Sans, which has Cyrillic, so labels read the same on any machine.
SVG keeps text as text (svg.fonttype = none). The figure is built without pyplot.
"""

from __future__ import annotations

import io
import math
from typing import Any

from kg.viz.i18n import ui
from kg.viz.labels import ALIGN, Taken, place, text_size
from kg.viz.layout import EDGE_LENGTH, layout
from kg.viz.model import ACTOR_CLASS, ACTOR_CLASSES, FACT_TYPE, FACT_TYPES, VizGraph, drawn_nodes

MAX_PIXELS = 8e6  # of a PNG
MAX_ARROWS = 600  # past this, straight lines without heads: one arrow patch costs ~4 ms
RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "diplograph",  # stable ids in the SVG
    "font.family": "DejaVu Sans",
    "font.size": 9,
}
# Inches: page margin, the side column (legends and key), the title band.
MARGIN, SIDE, TITLE_H = 0.25, 3.3, 0.75
POINTS_PER_UNIT = 0.55  # layout pixels → points: an edge of 120 px is about an inch
MAX_W, MAX_H, MIN_W = 24.0, 18.0, 7.0
LABEL_SIZE, NUMBER_SIZE, KEY_SIZE = 9.0, 7.0, 7.5
KEY_CHARS = 44  # longer names are cut in the key so that it stays in its column


def _geometry(pos: dict[str, tuple[float, float]]) -> tuple[float, float, float, float, float]:
    """Centre (x, y) of the layout, the axes' width and height in inches, and points per unit."""
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    pad = EDGE_LENGTH * 0.5
    w, h = max(xs) - min(xs) + 2 * pad, max(ys) - min(ys) + 2 * pad
    k = POINTS_PER_UNIT
    k = min(k, MAX_W * 72 / w, MAX_H * 72 / h)  # too big: shrink
    k = max(k, min(2 * POINTS_PER_UNIT, MIN_W * 72 / w))  # tiny: grow a little
    k = min(k, MAX_W * 72 / w, MAX_H * 72 / h)
    return (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2, w * k / 72, h * k / 72, k


def network_figure(model: VizGraph, title: str = "") -> Any:
    """The matplotlib Figure of the network (the tests read its label boxes)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    lang = model.lang
    nodes = drawn_nodes(model, factless=False)
    ids = {n.id for n in nodes}
    edges = [e for e in model.edges if e.source in ids and e.target in ids]
    # Layout y grows downwards, the axes' upwards: flip, so the biggest part is at the top.
    pos = {n: (x, -y) for n, (x, y) in layout(ids, ((e.source, e.target) for e in edges)).items()}
    degree = model.degree()
    cx, cy, ax_w, ax_h, k = _geometry(pos)
    ax_h = max(ax_h, 5.0)  # room for the legends beside it; the limits keep the scale
    fig_w, fig_h = MARGIN + ax_w + SIDE + MARGIN, TITLE_H + ax_h + MARGIN

    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(fig_w, fig_h))
        FigureCanvasAgg(fig)
        ax = fig.add_axes((MARGIN / fig_w, MARGIN / fig_h, ax_w / fig_w, ax_h / fig_h))
        ax.set_axis_off()
        half_w, half_h = ax_w * 72 / k / 2, ax_h * 72 / k / 2
        ax.set_xlim(cx - half_w, cx + half_w)
        ax.set_ylim(cy - half_h, cy + half_h)
        size = {n.id: min(700.0, 60.0 + 40.0 * degree.get(n.id, 0) ** 0.8) for n in nodes}
        if len(edges) > MAX_ARROWS:
            _draw_lines(ax, edges, pos)
        else:
            _draw_arrows(ax, edges, pos, size)
        if nodes:
            xs, ys = zip(*(pos[n.id] for n in nodes), strict=True)
            ax.scatter(
                xs,
                ys,
                s=[size[n.id] for n in nodes],
                c=[ACTOR_CLASS[n.kind].color for n in nodes],
                edgecolors="#444",
                linewidths=0.6,
                zorder=2,
            )
        else:
            ax.text(
                0.5, 0.5, ui(lang, "no_facts"), ha="center", va="center", transform=ax.transAxes
            )
        key_top = _legends(fig, model, edges, nodes, fig_w, fig_h)
        labelled, numbered = _labels(fig, ax, nodes, pos, size, degree, key_top)
        _key(fig, numbered, key_top, fig_w)
        facts = len({f for e in edges for f in e.facts})
        sub = ui(lang, "counts", n=len(nodes), m=facts)
        hidden = len(nodes) - labelled - len(numbered)
        if hidden:
            sub += " · " + ui(lang, "not_labelled", n=hidden)
        fig.text(
            MARGIN / fig_w, 1 - 0.3 / fig_h, title or ui(lang, "title"), fontsize=14, va="center"
        )
        fig.text(MARGIN / fig_w, 1 - 0.58 / fig_h, sub, fontsize=8.5, color="#555", va="center")
    return fig


def render_network(model: VizGraph, fmt: str, title: str = "") -> bytes:
    """The network as SVG or PNG bytes: nodes coloured by class and sized by degree,
    edges coloured by fact type, a legend for both."""
    import matplotlib

    fig = network_figure(model, title)
    with matplotlib.rc_context(RC):
        return save(fig, fmt)


def _labels(fig, ax, nodes, pos, size, degree, key_top):  # type: ignore[no-untyped-def]
    """Names where they fit, best connected first; numbers for the next ones while the key
    has room. Returns how many names, and the numbered nodes in key order."""
    renderer = fig.canvas.get_renderer()
    px = fig.dpi / 72
    frame = tuple(ax.get_window_extent(renderer).extents)
    taken = Taken()
    centre = {n.id: tuple(ax.transData.transform(pos[n.id])) for n in nodes}
    radius = {n.id: math.sqrt(size[n.id]) / 2 * px for n in nodes}
    for n in nodes:  # the discs are obstacles too
        (x, y), r = centre[n.id], radius[n.id]
        taken.add((x - r, y - r, x + r, y + r))
    line = KEY_SIZE * 1.45 * px
    room = max(0, int((key_top - MARGIN * fig.dpi) // line) - 1)
    named, numbered = 0, []
    for n in sorted(nodes, key=lambda n: (-degree.get(n.id, 0), n.label)):
        (x, y), r = centre[n.id], radius[n.id]
        spot = place(x, y, r, text_size(renderer, n.label, LABEL_SIZE), taken, frame)
        text, fontsize = n.label, LABEL_SIZE
        if spot is None and len(numbered) < room:
            text, fontsize = str(len(numbered) + 1), NUMBER_SIZE
            spot = place(x, y, r, text_size(renderer, text, fontsize), taken, frame, margin=1.0)
            if spot is None:
                continue
            numbered.append(n)
        elif spot is None:
            continue
        else:
            named += 1
        ha, va = ALIGN[spot.spot]
        ax.annotate(
            text,
            pos[n.id],
            xytext=(spot.dx / px, spot.dy / px),
            textcoords="offset points",
            ha=ha,
            va=va,
            fontsize=fontsize,
            zorder=3,
            color="#111" if fontsize == LABEL_SIZE else "#333",
            # A half-clear box, not a stroke path effect: that would turn SVG text to paths.
            bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.75},
        )
    return named, numbered


def _legends(fig, model, edges, nodes, fig_w, fig_h) -> float:  # type: ignore[no-untyped-def]
    """The two legends in the side column; returns the pixel height where the key may start."""
    from matplotlib.lines import Line2D

    lang = model.lang
    used_types, used_kinds = {e.type for e in edges}, {n.kind for n in nodes}
    groups = [
        (
            ui(lang, "facts"),
            [
                Line2D(
                    [],
                    [],
                    color=t.color,
                    linewidth=2,
                    linestyle="--" if t.key == "scheduledTalks" else "-",
                    label=t.label(lang),
                )
                for t in FACT_TYPES
                if t.key in used_types
            ],
        ),
        (
            ui(lang, "actors"),
            [
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="",
                    markersize=8,
                    markerfacecolor=c.color,
                    markeredgecolor="#444",
                    label=c.label(lang),
                )
                for c in ACTOR_CLASSES
                if c.key in used_kinds
            ],
        ),
    ]
    renderer = fig.canvas.get_renderer()
    x = 1 - (SIDE + MARGIN / 2) / fig_w
    top = fig.dpi * (fig_h - TITLE_H)
    for name, handles in groups:
        if not handles:
            continue
        leg = fig.legend(
            handles=handles,
            title=name,
            loc="upper left",
            frameon=False,
            alignment="left",
            bbox_to_anchor=(x, top / (fig.dpi * fig_h)),
        )
        top = leg.get_window_extent(renderer).y0 - 4
    return top


def _key(fig, numbered, key_top, fig_w) -> None:  # type: ignore[no-untyped-def]
    if not numbered:
        return
    x = 1 - (SIDE + MARGIN / 2) / fig_w + 0.1 / fig_w
    line = KEY_SIZE * 1.45 * fig.dpi / 72
    fig_h_px = fig.get_figheight() * fig.dpi
    for i, n in enumerate(numbered, 1):
        name = n.label if len(n.label) <= KEY_CHARS else n.label[: KEY_CHARS - 1] + "…"
        fig.text(
            x,
            (key_top - i * line) / fig_h_px,
            f"{i}  {name}",
            fontsize=KEY_SIZE,
            va="bottom",
            color="#333",
        )


def _draw_arrows(ax, edges, pos, size) -> None:  # type: ignore[no-untyped-def]
    from matplotlib.patches import FancyArrowPatch

    pair_count: dict[frozenset[str], int] = {}
    for e in edges:
        pair = frozenset((e.source, e.target))
        n = pair_count[pair] = pair_count.get(pair, 0) + 1
        ftype = FACT_TYPE[e.type]
        # Parallel edges bend apart; the sign is per pair, not per direction.
        side = 1 if e.source < e.target else -1
        rad = 0.05 * side if n == 1 else 0.15 * ((n + 1) // 2) * (1 if n % 2 else -1) * side
        ax.add_patch(
            FancyArrowPatch(
                pos[e.source],
                pos[e.target],
                arrowstyle="-|>" if ftype.directed else "-",
                mutation_scale=11,
                connectionstyle=f"arc3,rad={rad}",
                color=ftype.color,
                linewidth=0.8 + 0.7 * math.log2(len(e.facts)),
                linestyle="--" if e.type == "scheduledTalks" else "-",
                shrinkA=math.sqrt(size[e.source]) / 2,
                shrinkB=math.sqrt(size[e.target]) / 2 + 1,
                alpha=0.85,
                zorder=1,
            )
        )


def _draw_lines(ax, edges, pos) -> None:  # type: ignore[no-untyped-def]
    from matplotlib.collections import LineCollection

    ax.add_collection(
        LineCollection(
            [(pos[e.source], pos[e.target]) for e in edges],
            colors=[FACT_TYPE[e.type].color for e in edges],
            linewidths=[0.5 + 0.5 * math.log2(len(e.facts)) for e in edges],
            alpha=0.5,
            zorder=1,
        )
    )


def save(fig: object, fmt: str) -> bytes:
    """Figure → bytes; no creation date in the file, so the same graph gives the same file."""
    buf = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": "diplograph"}
    # 150 dpi, but no more than MAX_PIXELS: a 28-inch network would take seconds to encode.
    w, h = fig.get_size_inches()  # type: ignore[attr-defined]
    dpi = min(150.0, math.sqrt(MAX_PIXELS / (w * h)))
    fig.savefig(buf, format=fmt, dpi=dpi, metadata=metadata, facecolor="white")  # type: ignore[attr-defined]
    return buf.getvalue()
