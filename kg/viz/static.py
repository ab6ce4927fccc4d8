"""Static pictures (SVG, PNG) of the actor network with matplotlib.

matplotlib bundles DejaVu Sans, which has Cyrillic, so labels read the same on any
machine. SVG keeps text as text (svg.fonttype = none): labels stay searchable and
selectable. The figure is built without pyplot, so no global state and no display.
"""

from __future__ import annotations

import io
import math

from kg.viz.layout import layout
from kg.viz.model import ACTOR_CLASS, ACTOR_CLASSES, FACT_TYPE, FACT_TYPES, VizGraph, drawn_nodes

MAX_LABELS = 80  # past this, only the best connected nodes are labelled
MAX_ARROWS = 600  # past this, straight lines without heads: one arrow patch costs ~4 ms
RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "diplograph",  # stable ids in the SVG
    "font.family": "DejaVu Sans",
    "font.size": 9,
}


def _figure_size(n: int) -> tuple[float, float]:
    side = min(22.0, 7.0 + math.sqrt(n) * 0.9)
    return side * 1.25, side


def render_network(model: VizGraph, fmt: str, title: str = "") -> bytes:
    """The network as SVG or PNG bytes: nodes coloured by class and sized by degree,
    directed edges coloured by fact type, a legend for both."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    nodes = drawn_nodes(model)
    ids = {n.id for n in nodes}
    edges = [e for e in model.edges if e.source in ids and e.target in ids]
    pos = layout(ids, ((e.source, e.target) for e in edges))
    degree = model.degree()

    with matplotlib.rc_context(RC):
        fig = Figure(figsize=_figure_size(len(nodes)), layout="constrained")
        FigureCanvasAgg(fig)
        # A narrow axes of its own for the legends, so that they are never cut off.
        ax, key_ax = fig.subplots(1, 2, width_ratios=[3, 1])
        key_ax.set_axis_off()
        ax.set_axis_off()
        ax.set_aspect("equal")
        if title:
            ax.set_title(title, fontsize=13)
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
            pad = 80.0
            ax.set_xlim(min(xs) - pad, max(xs) + pad)
            ax.set_ylim(min(ys) - pad, max(ys) + pad)
        labelled = sorted(nodes, key=lambda n: (-degree.get(n.id, 0), n.label))[:MAX_LABELS]
        for n in labelled:
            x, y = pos[n.id]
            ax.annotate(
                n.label,
                (x, y),
                xytext=(0, math.sqrt(size[n.id]) / 2 + 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=9,
                zorder=3,
                # A half-clear box, not a stroke path effect: that would turn SVG text to paths.
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.7},
            )

        used_types = {e.type for e in edges}
        used_kinds = {n.kind for n in nodes}
        type_handles = [
            Line2D(
                [],
                [],
                color=t.color,
                linewidth=2,
                linestyle="--" if t.key == "scheduledTalks" else "-",
                label=t.label,
            )
            for t in FACT_TYPES
            if t.key in used_types
        ]
        kind_handles = [
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=8,
                markerfacecolor=c.color,
                markeredgecolor="#444",
                label=c.label,
            )
            for c in ACTOR_CLASSES
            if c.key in used_kinds
        ]
        if type_handles:
            first = key_ax.legend(
                handles=type_handles,
                title="Факты",
                loc="upper left",
                frameon=False,
                alignment="left",
            )
            key_ax.add_artist(first)
        if kind_handles:
            key_ax.legend(
                handles=kind_handles,
                title="Акторы",
                loc="lower left",
                frameon=False,
                alignment="left",
            )
        return save(fig, fmt)


def _draw_arrows(ax, edges, pos, size) -> None:  # type: ignore[no-untyped-def]
    from matplotlib.patches import FancyArrowPatch

    pair_count: dict[frozenset[str], int] = {}
    for e in edges:
        pair = frozenset((e.source, e.target))
        k = pair_count[pair] = pair_count.get(pair, 0) + 1
        ftype = FACT_TYPE[e.type]
        # Parallel edges bend apart; the sign is per pair, not per direction.
        side = 1 if e.source < e.target else -1
        rad = 0.05 * side if k == 1 else 0.15 * ((k + 1) // 2) * (1 if k % 2 else -1) * side
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
    fig.savefig(buf, format=fmt, dpi=150, metadata=metadata, facecolor="white")  # type: ignore[attr-defined]
    return buf.getvalue()
