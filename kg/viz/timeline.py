"""Facts over time from dg:startDate: one row per fact type, or per actor pair.

HTML is a page with an inline SVG drawn here (no script at all) and a table of the facts;
PNG and SVG come from matplotlib. Facts without a year (gMonthDay, or no date) cannot be
placed and are counted below the picture.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, timedelta

from kg.viz.model import FACT_TYPE, FACT_TYPES, Fact, VizGraph, date_key
from kg.viz.static import RC, save

ROW_KEYS = ("type", "pair")
MAX_ROWS = 40  # actor pairs with the most facts; a big graph has thousands of pairs


@dataclass(frozen=True)
class Item:
    start: date
    end: date
    fact: Fact


@dataclass(frozen=True)
class Row:
    label: str
    items: tuple[Item, ...]


def _day(lexical: str | None) -> date | None:
    key = date_key(lexical)
    if key is None:
        return None
    try:
        return date.fromisoformat(key)
    except ValueError:
        return None


def _actor_names(model: VizGraph, fact: Fact) -> str:
    def name(i: str) -> str:
        node = model.node_by_id.get(i)
        return node.label if node else i

    if FACT_TYPE[fact.type].directed:
        src = ", ".join(name(s) for s in fact.sources) or "?"
        tgt = ", ".join(name(t) for t in fact.targets) or "?"
        return f"{src} → {tgt}"
    return " — ".join(sorted(name(p) for p in fact.participants)) or "?"


def rows(model: VizGraph, by: str = "type") -> tuple[list[Row], list[Fact]]:
    """Rows of dated facts, and the facts that have no placeable date."""
    if by not in ROW_KEYS:
        raise ValueError(f"rows by {by!r}; expected one of {ROW_KEYS}")
    groups: dict[str, list[Item]] = {}
    undated: list[Fact] = []
    for fact in model.facts:
        start = _day(fact.start)
        if start is None:
            undated.append(fact)
            continue
        end = _day(fact.end) or start
        key = FACT_TYPE[fact.type].label if by == "type" else _actor_names(model, fact)
        groups.setdefault(key, []).append(Item(start, max(start, end), fact))
    if by == "type":
        order = [t.label for t in FACT_TYPES if t.label in groups]
    else:
        order = sorted(groups, key=lambda k: (-len(groups[k]), k))
    return [Row(k, tuple(sorted(groups[k], key=lambda i: i.start))) for k in order], undated


def _span(all_rows: list[Row]) -> tuple[date, date]:
    starts = [i.start for r in all_rows for i in r.items]
    ends = [i.end for r in all_rows for i in r.items]
    lo, hi = min(starts), max(ends)
    pad = max(timedelta(days=1), (hi - lo) / 30)
    return lo - pad, hi + pad


def _ticks(lo: date, hi: date) -> list[date]:
    days = (hi - lo).days
    if days <= 45:
        step = max(1, -(-days // 8))  # at most about 8 labels: they are 10 characters wide
        return [lo + timedelta(days=d) for d in range(0, days + 1, step)]
    months = days / 30.4
    every = 1 if months <= 14 else 3 if months <= 40 else 12
    out, y, m = [], lo.year, lo.month
    while date(y, m, 1) <= hi:
        if date(y, m, 1) >= lo and (m - 1) % every == 0:
            out.append(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _fact_text(model: VizGraph, fact: Fact) -> str:
    when = fact.start or ""
    if fact.end and fact.end != fact.start:
        when += f" — {fact.end}"
    lines = [f"{when} · {FACT_TYPE[fact.type].label}: {_actor_names(model, fact)}"]
    lines += [f"«{s}»" for s in fact.evidence]
    if fact.documents:
        lines.append("документы: " + ", ".join(fact.documents))
    return "\n".join(lines)


def render_svg_markup(model: VizGraph, all_rows: list[Row]) -> str:
    """The timeline as an inline <svg> element; every text escaped."""
    esc = html.escape
    label_w, width, row_h, top = 260, 1100, 34, 30
    height = top + row_h * len(all_rows) + 30
    lo, hi = _span(all_rows)
    right = 60  # room for the last date label
    scale = (width - label_w - right) / max(1, (hi - lo).days)

    def x(d: date) -> float:
        return round(label_w + (d - lo).days * scale, 1)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">'
    ]
    for t in _ticks(lo, hi):
        out.append(
            f'<line x1="{x(t)}" y1="{top - 8}" x2="{x(t)}" y2="{height - 24}" stroke="#e3e3e3"/>'
            f'<text x="{x(t)}" y="{height - 8}" text-anchor="middle" fill="#555">{t.isoformat()}</text>'
        )
    for r, row in enumerate(all_rows):
        y = top + r * row_h + row_h / 2
        out.append(
            f'<text x="{label_w - 10}" y="{y + 4}" text-anchor="end">{esc(row.label)}</text>'
            f'<line x1="{label_w}" y1="{y}" x2="{width - right}" y2="{y}" stroke="#ccc"/>'
        )
        for item in row.items:
            color = FACT_TYPE[item.fact.type].color
            tip = f"<title>{esc(_fact_text(model, item.fact))}</title>"
            if item.end > item.start:
                out.append(
                    f'<g class="fact"><rect x="{x(item.start)}" y="{y - 6}" height="12" rx="6" '
                    f'width="{max(12.0, x(item.end) - x(item.start))}" fill="{color}" '
                    f'fill-opacity="0.8">{tip}</rect></g>'
                )
            else:
                out.append(
                    f'<g class="fact"><circle cx="{x(item.start)}" cy="{y}" r="6" fill="{color}" '
                    f'fill-opacity="0.8" stroke="#333" stroke-width="0.5">{tip}</circle></g>'
                )
    out.append("</svg>")
    return "".join(out)


def render_html(model: VizGraph, by: str = "type", title: str = "diplograph: хронология") -> str:
    """A self-contained page: the timeline picture, a legend and a table of every fact."""
    esc = html.escape
    all_rows, undated = rows(model, by)
    hidden = len(all_rows) - MAX_ROWS
    all_rows = all_rows[:MAX_ROWS]
    picture = render_svg_markup(model, all_rows) if all_rows else "<p>Нет фактов с датой.</p>"
    if hidden > 0:
        picture += f"<p>Ещё строк не показано: {hidden} (в таблице ниже есть все факты).</p>"
    legend = "".join(
        f'<span class="key"><span class="sw" style="background:{t.color}"></span>{esc(t.label)}</span>'
        for t in FACT_TYPES
        if any(f.type == t.key for f in model.facts)
    )

    def row_html(f: Fact) -> str:
        cells = [
            f.start or "—",
            FACT_TYPE[f.type].label,
            _actor_names(model, f),
            " ".join(f"«{s}»" for s in f.evidence),
            ", ".join(f.documents),
        ]
        return "<tr>" + "".join(f"<td>{esc(c)}</td>" for c in cells) + "</tr>"

    facts = sorted(model.facts, key=lambda f: (date_key(f.start) or "9999", f.type, f.id))
    note = f"<p>Без даты с годом (не на шкале): {len(undated)}.</p>" if undated else ""
    return (
        '<!DOCTYPE html>\n<html lang="ru"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">"
        f"<title>{esc(title)}</title><style>"
        "body{font:14px/1.4 'DejaVu Sans',Arial,sans-serif;margin:16px;color:#222}"
        ".key{margin-right:14px;white-space:nowrap}.sw{display:inline-block;width:11px;height:11px;"
        "border-radius:50%;margin-right:5px}table{border-collapse:collapse;margin-top:14px}"
        "td,th{border-bottom:1px solid #e5e5e5;padding:3px 8px;vertical-align:top;text-align:left}"
        "svg .fact:hover{opacity:.6}</style></head><body>"
        f"<h1>{esc(title)}</h1><div>{legend}</div>{picture}{note}"
        "<table><thead><tr><th>Дата</th><th>Тип</th><th>Акторы</th><th>Свидетельство</th>"
        "<th>Документы</th></tr></thead><tbody>"
        + "".join(row_html(f) for f in facts)
        + "</tbody></table></body></html>\n"
    )


def render_picture(model: VizGraph, fmt: str, by: str = "type", title: str = "") -> bytes:
    """The timeline as PNG or SVG bytes (matplotlib)."""
    import matplotlib
    import matplotlib.dates as mdates
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    all_rows, undated = rows(model, by)
    hidden = len(all_rows) - MAX_ROWS
    all_rows = all_rows[:MAX_ROWS]
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(12, 1.6 + 0.45 * max(1, len(all_rows))), layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        for r, row in enumerate(all_rows):
            y = len(all_rows) - 1 - r
            for item in row.items:
                color = FACT_TYPE[item.fact.type].color
                if item.end > item.start:
                    ax.plot(
                        [item.start, item.end],
                        [y, y],
                        color=color,
                        linewidth=6,
                        solid_capstyle="round",
                        alpha=0.8,
                    )
                else:
                    ax.plot(
                        [item.start],
                        [y],
                        "o",
                        color=color,
                        markersize=8,
                        markeredgecolor="#333",
                        alpha=0.8,
                    )
        ax.set_yticks(range(len(all_rows)), [r.label for r in reversed(all_rows)])
        ax.set_ylim(-0.7, max(len(all_rows), 1) - 0.3)
        if all_rows:
            lo, hi = _span(all_rows)
            ax.set_xlim(lo, hi)
        locator = mdates.AutoDateLocator()
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.grid(axis="x", color="#e5e5e5")
        ax.spines[["top", "right"]].set_visible(False)
        if hidden > 0:
            title = f"{title} (строк не показано: {hidden})".strip()
        if title:
            ax.set_title(title)
        handles = [
            Line2D([], [], marker="o", linestyle="", color=t.color, label=t.label)
            for t in FACT_TYPES
            if any(i.fact.type == t.key for r in all_rows for i in r.items)
        ]
        if handles and by == "pair":
            ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
        if undated:
            ax.set_xlabel(f"без даты с годом (не на шкале): {len(undated)}")
        if not all_rows:
            ax.text(
                0.5, 0.5, "нет фактов с датой", ha="center", va="center", transform=ax.transAxes
            )
        return save(fig, fmt)
