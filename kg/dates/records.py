"""The records of kg.dates: what the text says (DateExpr) and what it resolves to
(ResolvedDate), with the names of the tenses and anchors they use."""

from __future__ import annotations

from dataclasses import dataclass

PAST = "past"
FUTURE = "future"
DOCUMENT = "document"
PREVIOUS = "previous"


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
