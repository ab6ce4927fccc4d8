"""Facts over time: rows per fact type, per actor or per actor pair, every fact labelled.

A fact sits at its own start date when that has a year; else at its document's date, drawn
hollow; a fact with neither goes to a «no date» column at the right, so every fact shows.
Within a row, facts that would collide (their mark and label) are stacked in lanes: labels
never overlap, whatever the number of facts; the row just grows.

The plan (where each mark, label and lane goes) is computed here in points, from text widths
measured with matplotlib's own font metrics; timeline_picture.py draws it with matplotlib and
timeline_html.py as an inline SVG.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from kg.viz.labels import lanes
from kg.viz.model import FACT_TYPE, FACT_TYPES, Fact, VizGraph, date_key, when

ROW_KEYS = ("type", "actor", "pair")
MAX_ROWS = 40  # actors or pairs with the most facts; a big graph has thousands
LANE = 15.0  # points per lane
RADIUS = 4.5  # of a mark, in points
LABEL_GAP = 3.0
LABEL_SHARE = 0.45  # a label takes at most this share of the time axis


@dataclass(frozen=True)
class Item:
    day: date | None  # None: no date at all
    end: date | None
    own: bool  # the fact's own date, not its document's
    fact: Fact


@dataclass(frozen=True)
class Row:
    label: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Mark:
    item: Item
    text: str  # the label, cut to fit
    x: float  # points from the left of its panel (the time axis, or the no-date column)
    x_end: float
    lane: int  # from the top of the whole picture
    right: bool  # label right of the mark, else left


@dataclass(frozen=True)
class Plan:
    rows: tuple[tuple[str, int, int], ...]  # label, first lane, lanes
    marks: tuple[Mark, ...]
    lo: date
    hi: date
    axis_w: float
    undated_w: float  # 0 when every fact has a date
    lanes: int

    def x(self, d: date) -> float:
        return (d - self.lo).days * self.axis_w / max(1, (self.hi - self.lo).days)


def _day(lexical: str | None) -> date | None:
    key = date_key(lexical)
    try:
        return date.fromisoformat(key) if key else None
    except ValueError:
        return None


def name(model: VizGraph, node_id: str) -> str:
    node = model.node_by_id.get(node_id)
    return node.label if node else node_id


def actor_names(model: VizGraph, fact: Fact) -> str:
    if FACT_TYPE[fact.type].directed:
        src = ", ".join(name(model, s) for s in fact.sources) or "?"
        tgt = ", ".join(name(model, t) for t in fact.targets) or "?"
        return f"{src} → {tgt}"
    return " — ".join(sorted(name(model, p) for p in fact.participants)) or "?"


def fact_label(model: VizGraph, fact: Fact) -> str:
    """Who (agent → target, or the participants), and where or in which post."""
    text = actor_names(model, fact)
    if fact.location:
        text += " · " + name(model, fact.location)
    if fact.role:
        text += f" ({fact.role})"
    return text


def fact_text(model: VizGraph, fact: Fact) -> str:
    """The hover text: date, type, who, the evidence and the documents."""
    day, own = when(fact)
    stamp = fact.start if own else f"({fact.doc_date or '—'})"
    if fact.end and fact.end != fact.start:
        stamp += f" — {fact.end}"
    lines = [f"{stamp} · {FACT_TYPE[fact.type].label(model.lang)}: {fact_label(model, fact)}"]
    lines += [f"«{s}»" for s in fact.evidence]
    if fact.documents:
        lines.append(", ".join(fact.documents))
    return "\n".join(lines)


def rows(model: VizGraph, by: str = "type") -> list[Row]:
    """Every fact in rows: one row per fact type, per actor (a fact in each of its actors'
    rows) or per pair; actors and pairs with the most facts first, at most MAX_ROWS."""
    if by not in ROW_KEYS:
        raise ValueError(f"rows by {by!r}; expected one of {ROW_KEYS}")
    groups: dict[str, list[Item]] = {}
    for fact in model.facts:
        day, own = when(fact)
        start = _day(day)
        end = (_day(fact.end) or start) if own else start
        item = Item(start, max(start, end) if start and end else start, own, fact)
        if by == "type":
            keys = [FACT_TYPE[fact.type].label(model.lang)]
        elif by == "actor":
            keys = [name(model, a) for a in fact.actors]
        else:
            keys = [actor_names(model, fact)]
        for key in keys:
            groups.setdefault(key, []).append(item)
    if by == "type":
        labels = [t.label(model.lang) for t in FACT_TYPES]
        order = [k for k in labels if k in groups]
    else:
        order = sorted(groups, key=lambda k: (-len(groups[k]), k))
    return [Row(k, tuple(sorted(groups[k], key=_item_key))) for k in order]


def _item_key(item: Item) -> tuple[date, str]:
    return (item.day or date.max, item.fact.id)


def fit(text: str, width: float, measure: Callable[[str], float]) -> str:
    """TEXT cut (with …) to WIDTH points."""
    if measure(text) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # the longest prefix that fits
        mid = (lo + hi + 1) // 2
        if measure(text[:mid] + "…") <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…"


def span(items: list[Item]) -> tuple[date, date]:
    starts = [i.day for i in items if i.day]
    ends = [i.end or i.day for i in items if i.day]
    if not starts:
        today = date(2000, 1, 1)
        return today, today + timedelta(days=1)
    lo, hi = min(starts), max(e for e in ends if e)
    pad = max(timedelta(days=1), (hi - lo) / 40)
    return lo - pad, hi + pad


def plan(
    model: VizGraph,
    all_rows: list[Row],
    axis_w: float,
    undated_w: float,
    measure: Callable[[str], float],
) -> Plan:
    """Where every mark and label goes (see the module's docstring)."""
    lo, hi = span([i for r in all_rows for i in r.items])
    out = Plan((), (), lo, hi, axis_w, undated_w, 0)
    marks: list[Mark] = []
    row_spans: list[tuple[str, int, int]] = []
    first = 0
    for row in all_rows:
        placed: list[tuple[tuple[float, float], Mark]] = []
        undated = [i for i in row.items if i.day is None]
        for item in (i for i in row.items if i.day is not None):
            x0 = out.x(item.day)  # type: ignore[arg-type]
            x1 = out.x(item.end) if item.end else x0
            text = fit(fact_label(model, item.fact), axis_w * LABEL_SHARE, measure)
            w = measure(text) + LABEL_GAP + RADIUS
            right = x1 + w <= axis_w
            extent = (x0 - RADIUS, x1 + w) if right else (x0 - w, x1 + RADIUS)
            placed.append((extent, Mark(item, text, x0, x1, 0, right)))
        placed.sort(key=lambda p: p[0])
        lane_of = lanes(p[0] for p in placed)
        for (_, m), lane in zip(placed, lane_of, strict=True):
            marks.append(Mark(m.item, m.text, m.x, m.x_end, first + lane, m.right))
        for k, item in enumerate(undated):
            text = fit(fact_label(model, item.fact), undated_w - 2 * RADIUS - 8, measure)
            marks.append(Mark(item, text, RADIUS + 2, RADIUS + 2, first + k, True))
        n = max(1, len(undated), max(lane_of, default=-1) + 1)
        row_spans.append((row.label, first, n))
        first += n
    return Plan(tuple(row_spans), tuple(marks), lo, hi, axis_w, undated_w, first)


def ticks(lo: date, hi: date) -> list[tuple[date, str]]:
    """Tick dates and their labels: days for a short span, else months, quarters or years."""
    days = (hi - lo).days
    if days <= 45:
        step = max(1, -(-days // 8))  # at most about 8 labels: they are 10 characters wide
        return [
            (d, d.isoformat()) for d in (lo + timedelta(days=k) for k in range(0, days + 1, step))
        ]
    months = days / 30.4
    every = 1 if months <= 14 else 3 if months <= 40 else 12 * max(1, round(months / 12 / 12))
    out, y, m = [], lo.year, lo.month
    while date(y, m, 1) <= hi:
        if date(y, m, 1) >= lo and (
            (m - 1) % every == 0 if every < 12 else m == 1 and y % (every // 12) == 0
        ):
            out.append((date(y, m, 1), str(y) if every >= 12 else f"{y}-{m:02d}"))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def render_html(model: VizGraph, by: str = "type", title: str = "") -> str:
    from kg.viz.timeline_html import render

    return render(model, by, title)


def render_picture(model: VizGraph, fmt: str, by: str = "type", title: str = "") -> bytes:
    from kg.viz.timeline_picture import render

    return render(model, fmt, by, title)
