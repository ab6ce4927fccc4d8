"""Resolving date expressions against the document date: resolve and resolve_in_order.

`resolve` turns what the text says into lexical XSD values, inferring a missing year from
the document's date and the tense of the clause:

- future: the first occurrence that has not ended before the document date;
- past: the last occurrence that had started by the document date;
- no tense: the nearest occurrence, if it lies within about six months (else no year).

"Occurrence" is the day, the whole month («в январе»), or the whole range: «9-10 января»
in a future clause on 10 January is still this year's. A range whose end comes before its
start in the calendar crosses the year («с 30 декабря по 2 января»). A year written on one
end only gives the other end its year by the same order. Without a document date the year
stays open: "--01-09" (gMonthDay) or "--01" (gMonth).

Day offsets count from the document date («вчера») or from the previous date the caller
passes («на следующий день»: from its last day; «накануне»: from its first). With no usable
previous date, only phrases marked `fallback = "document"` in the lexicon («накануне») count
from the document date; the others resolve to None.

Weekdays («в среду») count from the document date and include it (a Tuesday report saying
«во вторник» means that day): past → the last such day on or before it, future → the next on
or after, no tense → the nearer of the two. Words that fix the side («в прошлую среду»,
«в следующий вторник») exclude the document's own day. An explicit date next to a weekday
(«в понедельник, 7 февраля») wins over the weekday.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from kg.dates.records import FUTURE, PAST, PREVIOUS, DateExpr, ResolvedDate

# Farther than this from the document date, a year-less date keeps its year open.
_NEAREST_LIMIT_DAYS = 184


# --- resolution -------------------------------------------------------------------------


def _side(tense: str | None) -> str | None:
    """Our tense names, and natasha/UD's ("Past", "Fut"); anything else is no tense."""
    if not tense:
        return None
    t = tense.lower()
    if t.startswith("past") or t.startswith("прош"):
        return PAST
    if t.startswith("fut") or t.startswith("буд"):
        return FUTURE
    return None


def resolve(
    expr: DateExpr,
    doc_date: dt.date | None,
    *,
    tense: str | None = None,
    previous: ResolvedDate | None = None,
) -> ResolvedDate | None:
    """Lexical XSD values for `expr`, or None when nothing can be known.

    tense: "past" or "future" (also "Past"/"Fut"); None when the clause does not say.
    previous: the last date resolved before this one (for «на следующий день»).
    """
    if isinstance(doc_date, dt.datetime):
        doc_date = doc_date.date()
    try:
        return _resolve(expr, doc_date, _side(tense), previous)
    except (ValueError, OverflowError):  # parts or offsets outside the calendar
        return None


def resolve_in_order(
    exprs: Sequence[DateExpr],
    doc_date: dt.date | None,
    tenses: Sequence[str | None] | str | None = None,
    previous: ResolvedDate | None = None,
) -> list[ResolvedDate | None]:
    """Resolve a text's expressions in order; each day-precise result is the next `previous`."""
    out: list[ResolvedDate | None] = []
    for k, expr in enumerate(exprs):
        tense = tenses if tenses is None or isinstance(tenses, str) else tenses[k]
        value = resolve(expr, doc_date, tense=tense, previous=previous)
        out.append(value)
        if value is not None and _day_of(value.end or value.start) is not None:
            previous = value
    return out


def _resolve(
    expr: DateExpr, doc: dt.date | None, side: str | None, previous: ResolvedDate | None
) -> ResolvedDate | None:
    if expr.month is not None or expr.year is not None:
        return _resolve_explicit(expr, doc, side)
    if expr.month_offset is not None:
        if doc is None:
            return None
        year, month0 = divmod(doc.year * 12 + doc.month - 1 + expr.month_offset, 12)
        return ResolvedDate(_format(year, month0 + 1, None))
    if expr.year_offset is not None:
        return None if doc is None else ResolvedDate(_format(doc.year + expr.year_offset))
    if expr.offset_days is not None:
        return _resolve_offset(expr, doc, previous)
    if expr.weekday is not None:
        return _resolve_weekday(expr, doc, side)
    return None


def _format(year: int | None, month: int | None = None, day: int | None = None) -> str:
    """The lexical form for what is known; raises ValueError on a date that does not exist."""
    if year is not None and not 1 <= year <= 9999:
        raise ValueError(f"year {year}")  # xsd lexical forms here have four digits
    if month is None:
        if year is None:
            raise ValueError("nothing to format")
        return f"{year:04d}"
    if not 1 <= month <= 12:
        raise ValueError(f"month {month}")
    if day is not None:
        dt.date(2000 if year is None else year, month, day)
    if year is None:
        return f"--{month:02d}" if day is None else f"--{month:02d}-{day:02d}"
    return f"{year:04d}-{month:02d}" if day is None else f"{year:04d}-{month:02d}-{day:02d}"


def _order(month: int | None, day: int | None) -> tuple[int, int]:
    return (month or 0, day or 0)


def _resolve_explicit(expr: DateExpr, doc: dt.date | None, side: str | None) -> ResolvedDate:
    is_range = expr.end_month is not None or expr.end_year is not None
    year, end_year = expr.year, expr.end_year
    if expr.year_offset is not None and doc is not None:
        if is_range and end_year is None:
            end_year = doc.year + expr.year_offset
        elif year is None:
            year = doc.year + expr.year_offset
    if not is_range:
        if year is None and doc is not None:
            year = _infer_year(doc, side, expr.month, expr.day, expr.month, expr.day, False)
        return ResolvedDate(_format(year, expr.month, expr.day))

    wraps = _order(expr.end_month, expr.end_day) < _order(expr.month, expr.day)
    if year is None and end_year is not None:
        year = end_year - 1 if wraps and expr.month is not None else end_year
    elif end_year is None and year is not None and expr.end_month is not None:
        end_year = year + 1 if wraps else year
    elif year is None and end_year is None and doc is not None:
        year = _infer_year(doc, side, expr.month, expr.day, expr.end_month, expr.end_day, wraps)
        if year is not None:
            end_year = year + 1 if wraps else year
    start = _format(year, expr.month, expr.day)
    end = _format(end_year, expr.end_month, expr.end_day)
    return ResolvedDate(start, end)


def _span(year: int, month: int | None, day: int | None) -> tuple[dt.date, dt.date]:
    """First and last day of a day, a month (or a year)."""
    if month is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if day is not None:
        one = dt.date(year, month, day)
        return one, one
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return dt.date(year, month, 1), nxt - dt.timedelta(days=1)


def _infer_year(
    doc: dt.date,
    side: str | None,
    month: int | None,
    day: int | None,
    end_month: int | None,
    end_day: int | None,
    wraps: bool,
) -> int | None:
    """The start year of a year-less date or range, by the rules in the module docstring."""
    candidates = []
    for year in range(doc.year - 4, doc.year + 5):
        try:
            first = _span(year, month, day)[0]
            last = _span(year + wraps, end_month, end_day)[1]
        except ValueError:  # 29 February in a common year
            continue
        candidates.append((year, first, last))
    if side == FUTURE:
        later = [year for year, _, last in candidates if last >= doc]
        return min(later) if later else None
    if side == PAST:
        earlier = [year for year, first, _ in candidates if first <= doc]
        return max(earlier) if earlier else None

    def distance(first: dt.date, last: dt.date) -> int:
        return 0 if first <= doc <= last else min(abs((first - doc).days), abs((last - doc).days))

    best = min(candidates, key=lambda c: (distance(c[1], c[2]), c[0]), default=None)
    if best is None or distance(best[1], best[2]) > _NEAREST_LIMIT_DAYS:
        return None
    return best[0]


_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_MONTH_DAY_RE = re.compile(r"--(\d{2})-(\d{2})", re.ASCII)


def _day_of(value: str) -> tuple[dt.date, bool] | None:
    """A day-precise lexical value → (date, has_year); the year-less ones in leap 2000."""
    m = _DATE_RE.fullmatch(value)
    if m:
        return dt.date(*map(int, m.groups())), True
    m = _MONTH_DAY_RE.fullmatch(value)
    if m:
        return dt.date(2000, *map(int, m.groups())), False
    return None


def _resolve_offset(
    expr: DateExpr, doc: dt.date | None, previous: ResolvedDate | None
) -> ResolvedDate | None:
    offset = expr.offset_days or 0
    anchor: tuple[dt.date, bool] | None = None
    if expr.relative_to == PREVIOUS:
        if previous is not None:
            # after a range, «на следующий день» counts from its last day, «накануне» from its first
            lexical = previous.end if offset > 0 and previous.end else previous.start
            anchor = _day_of(lexical)
        if anchor is None and expr.fallback_to_document and doc is not None:
            anchor = (doc, True)
    elif doc is not None:
        anchor = (doc, True)
    if anchor is None:
        return None
    day = anchor[0] + dt.timedelta(days=offset)
    if anchor[1]:
        return ResolvedDate(day.isoformat())
    return ResolvedDate(f"--{day.month:02d}-{day.day:02d}")


def _resolve_weekday(expr: DateExpr, doc: dt.date | None, side: str | None) -> ResolvedDate | None:
    if doc is None or expr.weekday is None or not 0 <= expr.weekday <= 6:
        return None
    back = (doc.weekday() - expr.weekday) % 7
    ahead = (expr.weekday - doc.weekday()) % 7
    if expr.direction in (PAST, FUTURE):  # «в прошлую среду»: never the document's own day
        side = expr.direction
        back, ahead = back or 7, ahead or 7
    if side == PAST or (side is None and back <= ahead):
        day = doc - dt.timedelta(days=back)
    else:
        day = doc + dt.timedelta(days=ahead)
    return ResolvedDate(day.isoformat())
