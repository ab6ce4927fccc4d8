"""Date expressions in Russian news: find them in a sentence, resolve them to XSD values.

The modules, each importing only those before it: records (DateExpr, ResolvedDate) → lexicon
(dates.toml) → scan (tokens, parts) → matchers (find_dates); resolution (resolve) stands on
records alone, literals (datatype_of) on no other. The public names are re-exported here.
"""

from kg.dates.lexicon import (
    LEXICON_FILE,
    Lexicon,
    Phrase,
    RelativeDay,
    default_lexicon,
    load_lexicon,
)
from kg.dates.literals import datatype_of
from kg.dates.matchers import find_dates
from kg.dates.records import DOCUMENT, FUTURE, PAST, PREVIOUS, DateExpr, ResolvedDate
from kg.dates.resolution import resolve, resolve_in_order

__all__ = [
    "DOCUMENT",
    "FUTURE",
    "LEXICON_FILE",
    "PAST",
    "PREVIOUS",
    "DateExpr",
    "Lexicon",
    "Phrase",
    "RelativeDay",
    "ResolvedDate",
    "datatype_of",
    "default_lexicon",
    "find_dates",
    "load_lexicon",
    "resolve",
    "resolve_in_order",
]
