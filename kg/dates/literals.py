"""The XSD datatype of a resolved date's lexical value (for RDF literals)."""

from __future__ import annotations

import datetime as dt
import re

from rdflib import URIRef
from rdflib.namespace import XSD

from kg.errors import InputError

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
