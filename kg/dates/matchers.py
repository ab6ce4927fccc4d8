"""Finding date expressions in a sentence: the matchers tried at each token, and find_dates.

`find_dates` tokenises a sentence and tries a short ordered list of matchers at each token
(numeric date, «с … по …» range, dash range, part of a period, day/month/year, relative
phrase, «N дней назад», weekday); the first that matches wins and the scan jumps past it.
The words come from data/lexicon/dates.toml, loaded once and validated.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.dates.lexicon import Lexicon, RelativeDay, default_lexicon
from kg.dates.records import DOCUMENT, DateExpr
from kg.dates.scan import _MAX_YEAR, _MIN_YEAR, _expr, _join, _may_hold_dates, _Scan, _valid_day

# --- matchers: each tries to read one expression at token i -----------------------------


def _numeric(s: _Scan, i: int) -> tuple[DateExpr, int] | None:
    """«09.01.2022» and «2022-01-09»."""
    toks = s.toks[i : i + 5]
    if len(toks) < 5 or [t.kind for t in toks] != ["num", "punct", "num", "punct", "num"]:
        return None
    if not all(s.glued(k) for k in range(i + 1, i + 5)):
        return None
    a, sep1, b, sep2, c = (t.text for t in toks)
    if sep1 != sep2 or (s.glued(i) and s.toks[i - 1].text[-1] in "0123456789.-/:"):
        return None
    if s.glued(i + 5) and s.glued(i + 6) and s.tok(i + 6) and s.toks[i + 6].kind == "num":
        return None  # «1.2.2022.5»: a version, not a date
    if sep1 == "." and len(a) <= 2 and len(b) <= 2 and len(c) == 4:
        year, month, day = int(c), int(b), int(a)
    elif sep1 == "-" and len(a) == 4 and len(b) == 2 and len(c) == 2:
        year, month, day = int(a), int(b), int(c)
    else:
        return None
    if not (_MIN_YEAR <= year <= _MAX_YEAR and 1 <= month <= 12 and _valid_day(year, month, day)):
        return None
    return _expr(year, month, day), i + 5


def _from_to(s: _Scan, i: int) -> tuple[DateExpr, int] | None:
    """«с 30 ноября по 1 декабря», «с 9 по 10 января», «с января по март»."""
    if not s.is_(i, s.lex.range_from):
        return None
    first = s.range_start(i + 1)
    if not first or not s.is_(first[1], s.lex.range_to):
        return None
    second = s.point(first[1] + 1)
    if not second:
        return None
    joined = _join(first[0], second[0])
    return (joined, second[1]) if joined else None


def _dash_range(s: _Scan, i: int) -> tuple[DateExpr, int] | None:
    """«9-10 января», «30 ноября – 1 декабря», «в январе-феврале», «2021–2022 годах»."""
    first = s.range_start(i)
    if not first or not s.is_(first[1], s.lex.dashes):
        return None
    second = s.point(first[1] + 1)
    if not second:
        return None
    joined = _join(first[0], second[0])
    return (joined, second[1]) if joined else None


def _period(s: _Scan, i: int) -> tuple[DateExpr, int] | None:
    """«в конце января», «в начале 2022 года», «до конца прошлого года»: the whole period."""
    part = s.phrase(i, s.lex.period_parts)
    if not part:
        return None
    j = part[1]
    found = s.point(j)
    if found:
        return found if found[0].day is None else None
    rel = _relative(s, j)
    if rel and (rel[0].year_offset is not None or rel[0].month_offset is not None):
        return rel
    return None


def _single(s: _Scan, i: int) -> tuple[DateExpr, int] | None:
    return s.point(i)


def _relative(s: _Scan, i: int) -> tuple[DateExpr, int] | None:
    """«вчера», «на следующий день», «в прошлом году», «в следующем месяце»."""
    day = s.phrase(i, s.lex.relative_days)
    if day:
        rel: RelativeDay = day[0]
        return _expr(
            offset_days=rel.offset,
            relative_to=rel.relative_to,
            fallback_to_document=rel.fallback_to_document,
        ), day[1]
    year = s.phrase(i, s.lex.relative_years)
    if year:
        return _expr(year_offset=year[0]), year[1]
    month = s.phrase(i, s.lex.relative_months)
    if month:
        return _expr(month_offset=month[0]), month[1]
    return None


def _days_ago(s: _Scan, i: int) -> tuple[DateExpr, int] | None:
    """«два дня назад», «3 дня тому назад»."""
    t = s.tok(i)
    if t is None:
        return None
    if t.kind == "num" and len(t.text) <= 2 and not s.in_number(i):
        count = int(t.text)
    elif t.norm in s.lex.numbers:
        count = s.lex.numbers[t.norm]
    else:
        return None
    if not s.is_(i + 1, s.lex.day_words):
        return None
    ago = s.phrase(i + 2, s.lex.ago)
    if not ago or count < 1:
        return None
    return _expr(offset_days=-count, relative_to=DOCUMENT), ago[1]


def _weekday(s: _Scan, i: int) -> tuple[DateExpr, int] | None:
    """«в среду», «во вторник», «в прошлую пятницу»."""
    if not s.is_(i, s.lex.weekday_prepositions):
        return None
    j = i + 1
    direction = None
    if s.is_(j, s.lex.weekday_modifiers):
        direction = s.lex.weekday_modifiers[s.norms[j]]
        j += 1
    if not s.is_(j, s.lex.weekdays):
        return None
    return _expr(weekday=s.lex.weekdays[s.norms[j]], direction=direction), j + 1


_MATCHERS = (_numeric, _from_to, _dash_range, _period, _single, _relative, _days_ago, _weekday)


_COMMA_GAP_RE = re.compile(r"[\s,]*")


def _merge_weekdays(text: str, found: list[DateExpr]) -> list[DateExpr]:
    """«в понедельник, 7 февраля» / «7 февраля, в понедельник» → one expression."""
    out: list[DateExpr] = []
    for expr in found:
        prev = out[-1] if out else None
        if prev is not None and _COMMA_GAP_RE.fullmatch(text, prev.end, expr.start):
            pair = (prev, expr) if prev.weekday is not None else (expr, prev)
            wd, date = pair
            if (
                wd.weekday is not None
                and wd.day is None
                and date.day is not None
                and date.end_month is None
                and date.weekday is None
            ):
                out[-1] = replace(
                    date,
                    start=prev.start,
                    end=expr.end,
                    text=text[prev.start : expr.end],
                    weekday=wd.weekday,
                )
                continue
        out.append(expr)
    return out


def find_dates(text: str, lexicon: Lexicon | None = None) -> list[DateExpr]:
    """Every date expression in `text`, left to right, unresolved."""
    lex = lexicon or default_lexicon()
    if not _may_hold_dates(text, lex):
        return []
    s = _Scan(text, lex)
    found: list[DateExpr] = []
    i = 0
    starts = s.lex.start_words
    while i < len(s.toks):
        if s.toks[i].kind != "num" and s.norms[i] not in starts:
            i += 1
            continue
        for matcher in _MATCHERS:
            hit = matcher(s, i)
            if hit:
                expr, j = hit
                start, end = s.toks[i].start, s.toks[j - 1].end
                found.append(replace(expr, start=start, end=end, text=text[start:end]))
                i = j
                break
        else:
            i += 1
    return _merge_weekdays(text, found)
