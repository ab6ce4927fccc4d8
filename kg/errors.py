"""The library's errors. Only the CLI turns them into a message and an exit code."""


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


class QueryTimeoutError(QueryError):
    """A query given up after its time limit (`--timeout`)."""


class UnknownActorError(KgError):
    """An actor name that matches no node in the graph."""


class StoreError(KgError):
    """A persistent store that cannot be opened or written."""
