"""Date expressions in Russian news: find them in a sentence, resolve them to XSD values.

`find_dates` tokenises a sentence and tries a short ordered list of matchers at each token
(numeric date, «с … по …» range, dash range, part of a period, day/month/year, relative
phrase, «N дней назад», weekday); the first that matches wins and the scan jumps past it.
The words come from data/lexicon/dates.toml, loaded once and validated.

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
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, cached_property
from pathlib import Path
from typing import Any, NamedTuple

from rdflib import URIRef
from rdflib.namespace import XSD

from kg.errors import InputError, ResourceError
from kg.resources import DATA_DIR

LEXICON_FILE = DATA_DIR / "lexicon" / "dates.toml"

PAST = "past"
FUTURE = "future"
DOCUMENT = "document"
PREVIOUS = "previous"

# Years a four-digit number may name (keeps «1000 человек» and «5000 км» out only together
# with the year word; this bound keeps «9 января 5000» out).
_MIN_YEAR, _MAX_YEAR = 1000, 2999
# Farther than this from the document date, a year-less date keeps its year open.
_NEAREST_LIMIT_DAYS = 184


# --- records ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DateExpr:
    """What the text says, unresolved; `text == sentence[start:end]`."""

    start: int
    end: int
    text: str
    year: int | None = None  # explicit parts; for a range these are the first day's
    month: int | None = None
    day: int | None = None
    end_year: int | None = None  # range end («9-10 января», «с 9 по 10 января»)
    end_month: int | None = None
    end_day: int | None = None
    offset_days: int | None = None  # вчера -1, завтра +1, «на следующий день» +1 ...
    relative_to: str | None = None  # "document" or "previous" (the last date before)
    weekday: int | None = None  # «в среду» = 2 (Monday = 0)
    year_offset: int | None = None  # «в прошлом году» -1; in a range, the end's year
    month_offset: int | None = None  # «в прошлом месяце» -1
    direction: str | None = None  # "past"/"future" when words fix it («в прошлую среду»)
    fallback_to_document: bool = False  # «накануне» with no previous date: the document's


@dataclass(frozen=True)
class ResolvedDate:
    """Lexical XSD values: "2022-01-09", "2022-01", "2022", "--01-09" or "--01"."""

    start: str
    end: str | None = None


# --- the lexicon ------------------------------------------------------------------------

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class RelativeDay:
    offset: int
    relative_to: str  # DOCUMENT or PREVIOUS
    fallback_to_document: bool = False


@dataclass(frozen=True, eq=False)
class Lexicon:
    """The validated contents of dates.toml; every word normalised (lower case, ё → е)."""

    months: dict[str, int]
    weekdays: dict[str, int]
    weekday_prepositions: frozenset[str]
    weekday_modifiers: dict[str, str | None]
    year_words: frozenset[str]
    ordinal_suffixes: frozenset[str]
    range_from: frozenset[str]
    range_to: frozenset[str]
    dashes: frozenset[str]
    period_parts: dict[Phrase, bool]
    relative_days: dict[Phrase, RelativeDay]
    day_words: frozenset[str]
    ago: dict[Phrase, bool]
    numbers: dict[str, int]
    relative_years: dict[Phrase, int]
    relative_months: dict[Phrase, int]

    @cached_property
    def start_words(self) -> frozenset[str]:
        """Every word an expression can begin with (the scan skips all other words)."""
        phrases = (
            self.period_parts,
            self.relative_days,
            self.relative_years,
            self.relative_months,
        )
        return frozenset(
            {p[0] for table in phrases for p in table}
            | set(self.months)
            | set(self.numbers)
            | self.weekday_prepositions
            | self.range_from
        )

    @cached_property
    def key_words(self) -> frozenset[str] | None:
        """Words of which every expression without a digit has one: a month, a weekday, a
        word of each relative phrase, a word for days («два дня назад»). None when some
        phrase has no all-letter word to stand for it (then every sentence is scanned)."""
        words = set(self.months) | set(self.weekdays)
        for table in (self.relative_days, self.relative_years, self.relative_months):
            for phrase in table:
                letters = [w for w in phrase if _WORD_RE.fullmatch(w)]
                if not letters:
                    return None
                words.add(letters[-1])
        if not all(_WORD_RE.fullmatch(w) for w in words | self.day_words):
            return None
        return frozenset(words | self.day_words)


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


def _norm(word: str) -> str:
    return word.lower().replace("ё", "е")


class _Reader:
    """Typed access to the parsed TOML; every failure names the file and the key."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, message: str) -> ResourceError:
        return ResourceError(f"{self.path}: {key}: {message}")

    def table(self, data: dict[str, Any], key: str) -> dict[str, Any]:
        value = data.get(key.rsplit(".", 1)[-1])
        if not isinstance(value, dict):
            raise self.fail(key, "missing table" if value is None else "expected a table")
        return value

    def words(self, value: Any, key: str) -> list[str]:
        if not isinstance(value, list) or not value:
            raise self.fail(key, "expected a non-empty list of strings")
        out = []
        for item in value:
            if not isinstance(item, str) or not item.strip():
                raise self.fail(key, f"expected a non-empty string, got {item!r}")
            out.append(_norm(item.strip()))
        return out

    def word(self, item: str, key: str) -> str:
        """A single token: letters only, or one punctuation character (dashes)."""
        if not _WORD_RE.fullmatch(item) and not (len(item) == 1 and _PUNCT_RE.fullmatch(item)):
            raise self.fail(key, f"{item!r} is not a single word")
        return item

    def phrase(self, item: str, key: str) -> Phrase:
        words = tuple(_norm(w) for w in item.split())
        for w in words:
            if not _WORD_RE.fullmatch(w):
                raise self.fail(key, f"{item!r}: {w!r} is not a word")
        if not 0 < len(words) <= _MAX_PHRASE:
            raise self.fail(key, f"{item!r}: a phrase has 1..{_MAX_PHRASE} words")
        return words

    def integer(self, value: Any, key: str, low: int, high: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(key, f"expected an integer in {low}..{high}, got {value!r}")
        return value

    def numbered(self, data: dict[str, Any], key: str, low: int, high: int) -> dict[str, int]:
        """{"1": [forms], ...} with every number in low..high present → {form: number}."""
        table = self.table(data, key)
        out: dict[str, int] = {}
        for name, forms in table.items():
            try:
                number = int(name)
            except ValueError:
                raise self.fail(f"{key}.{name}", "key must be a number") from None
            self.integer(number, f"{key}.{name}", low, high)
            for form in self.words(forms, f"{key}.{name}"):
                self.word(form, f"{key}.{name}")
                if form in out and out[form] != number:
                    raise self.fail(f"{key}.{name}", f"{form!r} is also listed under {out[form]}")
                out[form] = number
        missing = set(range(low, high + 1)) - set(out.values())
        if missing:
            raise self.fail(key, f"no forms for {sorted(missing)}")
        return out

    def word_set(self, data: dict[str, Any], key: str) -> frozenset[str]:
        name = key.rsplit(".", 1)[-1]
        return frozenset(self.word(w, key) for w in self.words(data.get(name), key))

    def phrase_set(self, data: dict[str, Any], key: str) -> dict[Phrase, bool]:
        name = key.rsplit(".", 1)[-1]
        return {self.phrase(p, key): True for p in self.words(data.get(name), key)}

    def offsets(self, data: dict[str, Any], key: str, limit: int) -> dict[Phrase, int]:
        return {
            self.phrase(p, f"{key}.{p}"): self.integer(v, f"{key}.{p}", -limit, limit)
            for p, v in self.table(data, key).items()
        }


_WORD_RE = re.compile(r"[^\W\d_]+")
_MAX_PHRASE = 6
_PUNCT_RE = re.compile(r"[^\w\s]")
_SIDES = {"past": PAST, "future": FUTURE, "any": None}


def load_lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    """Read and validate a dates lexicon; ResourceError names the file and the bad key."""
    reader = _Reader(path)
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise ResourceError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ResourceError(f"{path}: not valid TOML: {exc}") from None

    weekday = reader.table(data, "weekday")
    modifiers = {}
    for word, side in reader.table(weekday, "weekday.modifiers").items():
        key = f"weekday.modifiers.{word}"
        if side not in _SIDES:
            raise reader.fail(key, f"expected one of {sorted(_SIDES)}, got {side!r}")
        modifiers[reader.word(_norm(word), key)] = _SIDES[side]

    markers = reader.table(data, "markers")

    relative_days = {}
    for phrase, spec in reader.table(data, "relative_days").items():
        key = f"relative_days.{phrase}"
        if not isinstance(spec, dict) or set(spec) - {"offset", "from", "fallback"}:
            raise reader.fail(key, "expected { offset = N, from = ..., fallback = ... }")
        if spec.get("from") not in (DOCUMENT, PREVIOUS):
            raise reader.fail(key, f"'from' must be {DOCUMENT!r} or {PREVIOUS!r}")
        if spec.get("fallback") not in (None, DOCUMENT):
            raise reader.fail(key, f"'fallback' can only be {DOCUMENT!r}")
        relative_days[reader.phrase(phrase, key)] = RelativeDay(
            reader.integer(spec.get("offset"), f"{key}.offset", -31, 31),
            spec["from"],
            spec.get("fallback") == DOCUMENT,
        )

    days_ago = reader.table(data, "days_ago")
    numbers = {
        reader.word(_norm(w), f"days_ago.numbers.{w}"): reader.integer(
            n, f"days_ago.numbers.{w}", 1, 31
        )
        for w, n in reader.table(days_ago, "days_ago.numbers").items()
    }

    return Lexicon(
        months=reader.numbered(data, "months", 1, 12),
        weekdays=reader.numbered(data, "weekdays", 0, 6),
        weekday_prepositions=reader.word_set(weekday, "weekday.prepositions"),
        weekday_modifiers=modifiers,
        year_words=reader.word_set(markers, "markers.year_words"),
        ordinal_suffixes=reader.word_set(markers, "markers.ordinal_suffixes"),
        range_from=reader.word_set(markers, "markers.range_from"),
        range_to=reader.word_set(markers, "markers.range_to"),
        dashes=reader.word_set(markers, "markers.dashes"),
        period_parts=reader.phrase_set(markers, "markers.period_parts"),
        relative_days=relative_days,
        day_words=reader.word_set(days_ago, "days_ago.day_words"),
        ago=reader.phrase_set(days_ago, "days_ago.ago"),
        numbers=numbers,
        relative_years=reader.offsets(data, "relative_years", 100),
        relative_months=reader.offsets(data, "relative_months", 120),
    )


@cache
def default_lexicon() -> Lexicon:
    """The bundled lexicon, read on first use."""
    return load_lexicon(LEXICON_FILE)


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


# --- literals ---------------------------------------------------------------------------

_LEXICAL_FORMS = (
    (re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII), XSD.date),
    (re.compile(r"\d{4}-\d{2}", re.ASCII), XSD.gYearMonth),
    (re.compile(r"\d{4}", re.ASCII), XSD.gYear),
    (re.compile(r"--\d{2}-\d{2}", re.ASCII), XSD.gMonthDay),
    (re.compile(r"--\d{2}", re.ASCII), XSD.gMonth),
)


def datatype_of(value: str) -> URIRef:
    """The XSD datatype of a lexical value of ResolvedDate; InputError if it is none."""
    for pattern, datatype in _LEXICAL_FORMS:
        if pattern.fullmatch(value):
            if not _lexical_ok(value):
                break
            return datatype
    raise InputError(
        f"not a date value: {value!r} (expected YYYY-MM-DD, YYYY-MM, YYYY, --MM-DD or --MM)"
    )


def _lexical_ok(value: str) -> bool:
    parts = value.lstrip("-").split("-")
    try:
        if value.startswith("--"):
            month, day = int(parts[0]), int(parts[1]) if len(parts) > 1 else 1
            dt.date(2000, month, day)
        else:
            year = int(parts[0])
            month = int(parts[1]) if len(parts) > 1 else 1
            day = int(parts[2]) if len(parts) > 2 else 1
            dt.date(year, month, day)
    except ValueError:
        return False
    return True
