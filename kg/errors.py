"""The library's errors. Only the CLI turns them into a message and an exit code."""

from __future__ import annotations

from collections import namedtuple


class KgError(Exception):
    """Base of every error the library raises on purpose; str() is a one-line message."""

    exit_code = 2


class InputError(KgError):
    """An input file, line or value that cannot be used (says which and where)."""


class OutputError(KgError):
    """An output that cannot be written."""


class ResourceError(KgError):
    """A bundled data file (lexicon, gazetteer, pattern) that breaks its format."""


class QueryError(KgError):
    """A SPARQL query that cannot be parsed or run, or an unknown named query."""


class QuerySyntaxError(QueryError):
    """A SPARQL query the store's parser refuses."""


class QueryTimeoutError(QueryError):
    """A query given up after its time limit (`--timeout`)."""


class UnknownActorError(KgError):
    """An actor name that matches no node in the graph."""


class StoreError(KgError):
    """A persistent store that cannot be opened or written."""


# A named tuple, not a dataclass: this module is imported by every `kg` command, and
# dataclasses (with inspect) would cost `kg --help` ~13 ms.
class Problem(namedtuple("Problem", "path line field reason warning", defaults=(False,))):
    """One thing wrong (or, with `warning`, doubtful) in a user's file: where and why, on one
    line. `path`: str; `line`: int or None; `field`: str or None; `reason`: str."""

    __slots__ = ()

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.reason}" if self.field else f"{where}: {self.reason}"


class OverlayError(InputError):
    """A user's overlay, query or project file that breaks its format; str() is the first error."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if not p.warning]
        more = f" (and {len(errors) - 1} more errors; see kg check)" if len(errors) > 1 else ""
        super().__init__(f"{errors[0]}{more}" if errors else "no errors")
