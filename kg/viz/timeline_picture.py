"""The timeline as a PNG or SVG picture (matplotlib), drawn from timeline.plan.

The figure is laid out in points, by hand (no constrained layout): the plan's lanes and
label widths are in points, so the axes take exactly the size the plan was made for.
"""

from __future__ import annotations

import math
from typing import Any

from kg.viz.i18n import ui
from kg.viz.labels import measurer
from kg.viz.model import FACT_TYPE, FACT_TYPES
from kg.viz.static import RC, save
from kg.viz.timeline import (
    LABEL_GAP,
    MAX_ROWS,
    RADIUS,
    VizGraph,
    fact_label,
    fit,
    plan,
    rows,
    ticks,
)

FIG_W = 15 * 72.0
MARGIN, PANEL_GAP = 14.0, 20.0
ROW_LABEL_MAX, UNDATED_MAX = 220.0, 270.0
LANE_H = 16.0  # points per lane on the picture
LABEL_SIZE, ROW_SIZE = 7.5, 9.0
BOTTOM = 46.0  # tick labels and the note


def timeline_figure(model: VizGraph, by: str = "type", title: str = "") -> Any:
    """The matplotlib Figure of the timeline (the tests read its label boxes)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    lang = model.lang
    all_rows = rows(model, by)
    hidden = max(0, len(all_rows) - MAX_ROWS)
    all_rows = all_rows[:MAX_ROWS]
    label_w, row_w = measurer(LABEL_SIZE), measurer(ROW_SIZE)
    left = min(max((row_w(r.label) for r in all_rows), default=0) + 14, ROW_LABEL_MAX)
    undated = [i for r in all_rows for i in r.items if i.day is None]
    undated_w = 0.0
    if undated:
        widest = max(label_w(fact_label(model, i.fact)) for i in undated)
        undated_w = min(widest + 2 * RADIUS + 12, UNDATED_MAX)
    axis_w = FIG_W - 2 * MARGIN - left - (undated_w + PANEL_GAP if undated else 0) - 6
    p = plan(model, all_rows, axis_w, undated_w, label_w)

    types = [t for t in FACT_TYPES if any(i.fact.type == t.key for r in all_rows for i in r.items)]
    entries = [t.label(lang) for t in types] + [ui(lang, "undated_note")]
    ncol = max(1, min(len(entries), int((FIG_W - 2 * MARGIN) // (max(map(row_w, entries)) + 34))))
    top = 34 + 16 * math.ceil(len(entries) / ncol) + 8
    rows_h = max(1, p.lanes) * LANE_H
    fig_h = top + rows_h + BOTTOM
    W, H = FIG_W, fig_h  # noqa: N806 - the figure's size, as in the formulas

    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(W / 72, H / 72))
        FigureCanvasAgg(fig)
        ax = fig.add_axes(((MARGIN + left) / W, BOTTOM / H, axis_w / W, rows_h / H))
        panels = [ax]
        if undated:
            ax2 = fig.add_axes(
                ((W - MARGIN - undated_w) / W, BOTTOM / H, undated_w / W, rows_h / H)
            )
            ax2.set_xlim(0, undated_w)
            ax2.set_xticks([undated_w / 2], [ui(lang, "undated")])
            ax2.set_yticks([])
            panels.append(ax2)
        for a in panels:
            a.set_ylim(max(1, p.lanes), 0)
            a.spines[["top", "right"]].set_visible(False)
            for _, first, _ in p.rows[1:]:
                a.axhline(first, color="#d5d5d5", linewidth=0.6)
        ax.set_xlim(0, axis_w)
        marks = ticks(p.lo, p.hi)
        ax.set_xticks([p.x(d) for d, _ in marks], [s for _, s in marks])
        ax.grid(axis="x", color="#ececec")
        ax.set_yticks(
            [first + n / 2 for _, first, n in p.rows],
            [fit(label, left - 14, row_w) for label, _, _ in p.rows],
            fontsize=ROW_SIZE,
        )
        for m in p.marks:
            a = ax if m.item.day is not None else panels[-1]
            _mark(a, m)
        if not p.marks:
            ax.text(
                0.5, 0.5, ui(lang, "no_facts"), ha="center", va="center", transform=ax.transAxes
            )

        handles = [
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                color=t.color,
                markeredgecolor="#333",
                label=t.label(lang),
            )
            for t in types
        ]
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markerfacecolor="white",
                markeredgecolor="#555",
                label=ui(lang, "undated_note"),
            )
        )
        fig.legend(
            handles=handles,
            loc="upper left",
            ncol=ncol,
            frameon=False,
            bbox_to_anchor=(MARGIN / W, 1 - 30 / H),
            fontsize=ROW_SIZE,
            borderaxespad=0,
            borderpad=0,
            handletextpad=0.3,
            columnspacing=1.2,
        )
        if hidden:
            title = f"{title or ui(lang, 'timeline')} — {ui(lang, 'more_rows_short', n=hidden)}"
        fig.text(MARGIN / W, 1 - 16 / H, title or ui(lang, "timeline"), fontsize=13, va="center")
    return fig


def _mark(ax: Any, m: Any) -> None:
    f = m.item.fact
    color = FACT_TYPE[f.type].color
    y = m.lane + 0.5
    if m.x_end > m.x:
        ax.plot([m.x, m.x_end], [y, y], color=color, linewidth=5, solid_capstyle="round", alpha=0.6)
    hollow = not m.item.own
    ax.plot(
        [m.x],
        [y],
        "o",
        markersize=2 * RADIUS,
        color=color,
        markerfacecolor="white" if hollow else color,
        markeredgecolor=color if hollow else "#333",
        markeredgewidth=1.6 if hollow else 0.6,
    )
    offset = RADIUS + LABEL_GAP
    ax.annotate(
        m.text,
        (m.x_end if m.right else m.x, y),
        xytext=(offset if m.right else -offset, 0),
        textcoords="offset points",
        ha="left" if m.right else "right",
        va="center",
        fontsize=LABEL_SIZE,
        color="#222",
    )


def render(model: VizGraph, fmt: str, by: str = "type", title: str = "") -> bytes:
    import matplotlib

    fig = timeline_figure(model, by, title)
    with matplotlib.rc_context(RC):
        return save(fig, fmt)
