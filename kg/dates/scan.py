"""One sentence's tokens read against the lexicon: the parts (day, month, year, point,
range end) the matchers build on, and the pre-check that skips sentences without dates."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Any, NamedTuple

from kg.dates.lexicon import _WORD_RE, Lexicon, Phrase
from kg.dates.records import DateExpr

# Years a four-digit number may name (keeps «1000 человек» and «5000 км» out only together
# with the year word; this bound keeps «9 января 5000» out).
_MIN_YEAR, _MAX_YEAR = 1000, 2999


# A year: a whole number token (as _TOKEN_RE reads them) of four digits in _MIN_YEAR.._MAX_YEAR.
_YEAR_RE = re.compile(r"(?<![0-9])[12][0-9]{3}(?![0-9])")


def _may_hold_dates(text: str, lex: Lexicon) -> bool:
    """False when `text` can hold no expression: every matcher reads either one of
    lex.key_words (a month, weekday, relative phrase, word for days) or a year, so a sentence
    with neither (most, numbers or not) is not scanned. Lowering the whole text turns no
    non-letter into a letter, so its words hold every word token's normal form."""
    if lex.key_words is None or _YEAR_RE.search(text):
        return True
    return not lex.key_words.isdisjoint(_WORD_RE.findall(text.lower().replace("ё", "е")))


# --- tokens -----------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"(?P<num>[0-9]+)|(?P<word>[^\W\d_]+)|(?P<punct>\S)")


class _Tok(NamedTuple):  # a tuple: built for every token of every sentence, cheaply
    start: int
    end: int
    text: str
    norm: str
    kind: str  # "num" | "word" | "punct"


def _tokens(text: str) -> list[_Tok]:
    return [
        _Tok(m.start(), m.end(), g := m.group(), g.lower().replace("ё", "е"), m.lastgroup or "punct")
        for m in _TOKEN_RE.finditer(text)
    ]


_LENGTHS: dict[int, tuple[dict, dict[str, tuple[int, ...]]]] = {}


def _phrase_lengths(table: dict[Phrase, Any]) -> dict[str, tuple[int, ...]]:
    """First word → the lengths of the table's phrases that begin with it, longest first
    (built once per table; the table is kept with its index so its id cannot be reused)."""
    hit = _LENGTHS.get(id(table))
    if hit is None or hit[0] is not table:
        index: dict[str, set[int]] = {}
        for p in table:
            index.setdefault(p[0], set()).add(len(p))
        hit = _LENGTHS[id(table)] = (table, {w: tuple(sorted(ns, reverse=True)) for w, ns in index.items()})
    return hit[1]


class _Scan:
    """One sentence's tokens and the lexicon; the parsers return (value, next index)."""

    def __init__(self, text: str, lex: Lexicon) -> None:
        self.text = text
        self.lex = lex
        self.toks = _tokens(text)
        self.norms = [t.norm for t in self.toks]

    def tok(self, i: int) -> _Tok | None:
        return self.toks[i] if 0 <= i < len(self.toks) else None

    def glued(self, i: int) -> bool:
        """Token i touches token i-1 (no space between)."""
        return 0 < i < len(self.toks) and self.toks[i - 1].end == self.toks[i].start

    def is_(self, i: int, words: frozenset[str] | dict[str, Any]) -> bool:
        return 0 <= i < len(self.toks) and self.norms[i] in words

    def phrase(self, i: int, table: dict[Phrase, Any]) -> tuple[Any, int] | None:
        """The longest phrase of `table` starting at token i."""
        if not 0 <= i < len(self.norms):
            return None
        # Only the lengths of the table's phrases that begin with this word: most words begin none.
        for n in _phrase_lengths(table).get(self.norms[i], ()):
            if i + n <= len(self.norms) and (key := tuple(self.norms[i : i + n])) in table:
                return table[key], i + n
        return None

    def in_number(self, i: int) -> bool:
        """Number token i is part of a longer one («3.5», «12:30», «1,5»)."""
        before = (
            i >= 2
            and self.glued(i)
            and self.toks[i - 1].text in ".,:/"
            and (self.toks[i - 2].kind == "num" and self.glued(i - 1))
        )
        after = (
            self.glued(i + 1)
            and self.toks[i + 1].text in ".,:/"
            and self.glued(i + 2)
            and self.toks[i + 2].kind == "num"
        )
        return before or after

    def ordinal(self, j: int) -> int:
        """Skip «-го», «-м» glued after a number."""
        glued = self.glued(j) and self.glued(j + 1)
        if glued and self.is_(j, self.lex.dashes) and self.is_(j + 1, self.lex.ordinal_suffixes):
            return j + 2
        return j

    # -- parts ---------------------------------------------------------------------------

    def day(self, i: int) -> tuple[int, int] | None:
        t = self.tok(i)
        if t is None or t.kind != "num" or len(t.text) > 2 or self.in_number(i):
            return None
        value = int(t.text)
        return (value, self.ordinal(i + 1)) if 1 <= value <= 31 else None

    def month(self, i: int, *, lower_only: bool) -> tuple[int, int] | None:
        t = self.tok(i)
        if t is None or t.norm not in self.lex.months:
            return None
        if lower_only and t.text != t.text.lower():
            return None  # «Марта», «Мая» as names
        return self.lex.months[t.norm], i + 1

    def year(self, i: int, *, need_word: bool) -> tuple[int, int] | None:
        t = self.tok(i)
        if t is None or t.kind != "num" or len(t.text) != 4 or self.in_number(i):
            return None
        value = int(t.text)
        if not _MIN_YEAR <= value <= _MAX_YEAR:
            return None
        j = self.ordinal(i + 1)
        if self.is_(j, self.lex.year_words):
            j += 1
            if self.norms[j - 1] in ("г", "гг") and self.glued(j) and self.norms[j] == ".":
                j += 1  # «2022 г.»
            return value, j
        if need_word:
            return None
        # a glued hyphen or letters after the number: «2022-летие», «2022x»
        return None if self.glued(j) and self.toks[j].kind != "punct" else (value, j)

    def year_tail(self, j: int) -> tuple[int | None, int | None, int]:
        """After a month: an explicit year or «прошлого года» → (year, year_offset, next)."""
        found = self.year(j, need_word=False)
        if found:
            return found[0], None, found[1]
        rel = self.phrase(j, self.lex.relative_years)
        if rel:
            return None, rel[0], rel[1]
        return None, None, j

    def point(self, i: int) -> tuple[DateExpr, int] | None:
        """«9 января [2022 года]», «января [2022 года]» (lower case), «2022 года»."""
        found_day = self.day(i)
        if found_day:
            found_month = self.month(found_day[1], lower_only=False)
            if found_month:
                year, year_offset, j = self.year_tail(found_month[1])
                if not _valid_day(year, found_month[0], found_day[0]):
                    return None
                return _expr(year, found_month[0], found_day[0], year_offset=year_offset), j
        found_month = self.month(i, lower_only=True)
        if found_month and not (i > 0 and self.toks[i - 1].kind == "num"):  # not «31 февраля»
            year, year_offset, j = self.year_tail(found_month[1])
            return _expr(year, found_month[0], year_offset=year_offset), j
        found_year = self.year(i, need_word=True)
        if found_year:
            return _expr(found_year[0]), found_year[1]
        return None

    def range_start(self, i: int) -> tuple[DateExpr, int] | None:
        """The first end of a range: a point, or a bare day («с 9 по…»), or a bare year."""
        found = self.point(i)
        if found:
            return found
        found_day = self.day(i)
        if found_day:
            return _expr(day=found_day[0]), found_day[1]
        found_year = self.year(i, need_word=False)
        if found_year:
            return _expr(found_year[0]), found_year[1]
        return None


def _expr(
    year: int | None = None,
    month: int | None = None,
    day: int | None = None,
    **more: Any,
) -> DateExpr:
    """A DateExpr with placeholder offsets (set by find_dates once the span is known)."""
    return DateExpr(0, 0, "", year, month, day, **more)


def _valid_day(year: int | None, month: int, day: int) -> bool:
    try:
        dt.date(2000 if year is None else year, month, day)  # 2000: leap, 29 Feb allowed
    except ValueError:
        return False
    return True


def _join(a: DateExpr, b: DateExpr) -> DateExpr | None:
    """Two ends → one range, or None when they do not make one («с 9 по 2022 год»)."""
    if a.year_offset is not None:
        return None  # year_offset belongs to the end; the scan falls back to single dates
    if a.month is None and a.day is None:  # years: «2021-2022 годах»
        if b.month is not None or b.year is None or b.year_offset is not None:
            return None
        if a.year is None or a.year >= b.year:
            return None
        return _expr(a.year, end_year=b.year)
    if b.month is None:
        return None
    if a.month is None:  # «с 9 по 10 января», «9-10 января»
        if b.day is None or a.day is None or a.day >= b.day:
            return None
        if not _valid_day(b.year, b.month, a.day):
            return None
        return replace(b, day=a.day, end_year=b.year, end_month=b.month, end_day=b.day, year=None)
    if (a.day is None) != (b.day is None) and a.day is not None:
        return None  # «с 9 января по март»
    joined = replace(a, end_year=b.year, end_month=b.month, end_day=b.day)
    return replace(joined, year_offset=b.year_offset)
