"""The date vocabulary: data/lexicon/dates.toml read, validated and normalised into a Lexicon."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from kg.dates.records import DOCUMENT, FUTURE, PAST, PREVIOUS
from kg.errors import ResourceError
from kg.resources import DATA_DIR

LEXICON_FILE = DATA_DIR / "lexicon" / "dates.toml"


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
