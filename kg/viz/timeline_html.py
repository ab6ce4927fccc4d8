"""The timeline as one HTML page: an inline SVG drawn from timeline.plan (no script at all),
a legend, and a table of every fact. Hovering a fact shows its evidence (an SVG <title>).
Every text from the graph is escaped."""

from __future__ import annotations

import html

from kg.viz.i18n import ui
from kg.viz.labels import measurer
from kg.viz.model import FACT_TYPE, FACT_TYPES, Fact, VizGraph, when
from kg.viz.timeline import (
    LABEL_GAP,
    MAX_ROWS,
    RADIUS,
    Mark,
    Plan,
    actor_names,
    fact_label,
    fact_text,
    fit,
    plan,
    rows,
    ticks,
)

WIDTH, LANE_H, LABEL_PX, ROW_PX = 1200.0, 18.0, 11.0, 12.0
TOP, BOTTOM, GAP = 10.0, 30.0, 24.0


def _svg(model: VizGraph, p: Plan, left: float) -> str:
    esc = html.escape
    height = TOP + max(1, p.lanes) * LANE_H + BOTTOM
    undated_x = left + p.axis_w + GAP

    def y(lane: float) -> float:
        return round(TOP + lane * LANE_H, 1)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {WIDTH:.0f} {height:.0f}" font-family="DejaVu Sans, Arial, sans-serif" '
        f'font-size="{LABEL_PX:.0f}">'
    ]
    for d, text in ticks(p.lo, p.hi):
        x = round(left + p.x(d), 1)
        out.append(
            f'<line x1="{x}" y1="{TOP}" x2="{x}" y2="{y(p.lanes)}" stroke="#ececec"/>'
            f'<text x="{x}" y="{height - 10}" text-anchor="middle" fill="#555">{text}</text>'
        )
    if p.undated_w:
        out.append(
            f'<text x="{undated_x + p.undated_w / 2}" y="{height - 10}" text-anchor="middle" '
            f'fill="#555">{esc(ui(model.lang, "undated"))}</text>'
            f'<line x1="{undated_x}" y1="{TOP}" x2="{undated_x}" y2="{y(p.lanes)}" stroke="#999"/>'
        )
    row_w = measurer(ROW_PX)
    for label, first, n in p.rows:
        out.append(
            f'<line x1="0" y1="{y(first)}" x2="{WIDTH}" y2="{y(first)}" stroke="#ddd"/>'
            f'<text x="{left - 10}" y="{y(first + n / 2) + 4}" text-anchor="end" '
            f'font-size="{ROW_PX:.0f}">{esc(fit(label, left - 14, row_w))}</text>'
        )
    for m in p.marks:
        out.append(_mark(model, m, left if m.item.day is not None else undated_x, y(m.lane + 0.5)))
    out.append("</svg>")
    return "".join(out)


def _mark(model: VizGraph, m: Mark, x0: float, y: float) -> str:
    esc = html.escape
    color = FACT_TYPE[m.item.fact.type].color
    x, x_end = round(x0 + m.x, 1), round(x0 + m.x_end, 1)
    fill, stroke = (color, "#333") if m.item.own else ("#fff", color)
    width = "0.6" if m.item.own else "1.8"
    bar = ""
    if x_end > x:
        bar = (
            f'<line x1="{x}" y1="{y}" x2="{x_end}" y2="{y}" stroke="{color}" stroke-width="8" '
            'stroke-linecap="round" stroke-opacity="0.6"/>'
        )
    tx = x_end + RADIUS + LABEL_GAP if m.right else x - RADIUS - LABEL_GAP
    anchor = "start" if m.right else "end"
    return (
        f'<g class="fact"><title>{esc(fact_text(model, m.item.fact))}</title>{bar}'
        f'<circle cx="{x}" cy="{y}" r="{RADIUS}" fill="{fill}" stroke="{stroke}" '
        f'stroke-width="{width}"/><text x="{tx}" y="{y + 4}" text-anchor="{anchor}">'
        f"{esc(m.text)}</text></g>"
    )


def render(model: VizGraph, by: str = "type", title: str = "") -> str:
    """A self-contained page: the timeline picture, a legend and a table of every fact."""
    esc, lang = html.escape, model.lang
    title = title or ui(lang, "timeline")
    all_rows = rows(model, by)
    hidden = len(all_rows) - MAX_ROWS
    all_rows = all_rows[:MAX_ROWS]
    label_w, row_w = measurer(LABEL_PX), measurer(ROW_PX)
    left = min(max((row_w(r.label) for r in all_rows), default=0) + 16, 230)
    undated = [i for r in all_rows for i in r.items if i.day is None]
    undated_w = 0.0
    if undated:
        undated_w = min(max(label_w(fact_label(model, i.fact)) for i in undated) + 24, 300)
    axis_w = WIDTH - left - (undated_w + GAP if undated else 0) - 8
    p = plan(model, all_rows, axis_w, undated_w, label_w)
    picture = _svg(model, p, left) if p.marks else f"<p>{esc(ui(lang, 'no_facts'))}</p>"
    if hidden > 0:
        picture += f"<p>{esc(ui(lang, 'more_rows', n=hidden))}</p>"
    legend = (
        "".join(
            f'<span class="key"><span class="sw" style="background:{t.color}"></span>{esc(t.label(lang))}</span>'
            for t in FACT_TYPES
            if any(f.type == t.key for f in model.facts)
        )
        + f'<span class="key"><span class="sw hollow"></span>{esc(ui(lang, "undated_note"))}</span>'
    )

    def row_html(f: Fact) -> str:
        day, own = when(f)
        cells = [
            f.start if own else f"({f.doc_date or '—'})",
            FACT_TYPE[f.type].label(lang),
            fact_label(model, f) if f.location or f.role else actor_names(model, f),
            " ".join(f"«{s}»" for s in f.evidence),
            ", ".join(f.documents),
        ]
        return "<tr>" + "".join(f"<td>{esc(c or '')}</td>" for c in cells) + "</tr>"

    facts = sorted(model.facts, key=lambda f: (when(f)[0] or "9999", f.type, f.id))
    head = "".join(
        f"<th>{esc(ui(lang, k))}</th>" for k in ("date", "type", "actors", "evidence", "documents")
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">"
        f"<title>{esc(title)}</title><style>"
        "body{font:14px/1.4 'DejaVu Sans',Arial,sans-serif;margin:16px;color:#222}"
        ".key{margin-right:14px;white-space:nowrap}.sw{display:inline-block;width:10px;height:10px;"
        "border-radius:50%;margin-right:5px;border:1px solid #333}.sw.hollow{background:#fff}"
        "table{border-collapse:collapse;margin-top:14px}"
        "td,th{border-bottom:1px solid #e5e5e5;padding:3px 8px;vertical-align:top;text-align:left}"
        "svg .fact:hover{opacity:.6;cursor:help}</style></head><body>"
        f"<h1>{esc(title)}</h1><div>{legend}</div>{picture}"
        f"<table><thead><tr>{head}</tr></thead><tbody>"
        + "".join(row_html(f) for f in facts)
        + "</tbody></table></body></html>\n"
    )
