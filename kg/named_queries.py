"""Named queries: `queries/*.rq` files and the `# key: value` header that says what each
answers and which parameters it takes. No rdflib here, so `kg query --list` starts fast;
binding and running are kg.query's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.errors import QueryError
from kg.resources import queries_dir

PARAM_KINDS = ("actor", "iri", "date", "literal", "text", "int", "decimal")
_HEADER_RE = re.compile(r"^#\s*(name|answers|params?|example)\s*:\s*(.*)$", re.I)


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    help: str = ""


@dataclass(frozen=True)
class NamedQuery:
    name: str
    text: str
    path: Path | None = None
    answers: str = ""
    params: tuple[Param, ...] = ()
    examples: tuple[str, ...] = field(default=())
    origin: str = "bundled"  # or the user's file it comes from (`kg query --queries DIR`)


def parse_header(text: str, name: str, path: Path | None = None) -> NamedQuery:
    """Read the `# key: value` comment lines at the top of a query."""
    fields: dict[str, list[str]] = {"name": [], "answers": [], "params": [], "example": []}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        match = _HEADER_RE.match(stripped)
        if match:
            key = match.group(1).lower()
            fields["params" if key.startswith("param") else key].append(match.group(2).strip())
        elif fields["answers"] and not any(fields[k] for k in ("params", "example")):
            fields["answers"][-1] += " " + stripped.lstrip("#").strip()
    params = []
    for spec in fields["params"]:
        if not spec or spec.lower() == "none":
            continue
        head, _, help_text = spec.partition(" ")
        pname, _, kind = head.partition(":")
        kind = kind or "literal"
        if kind not in PARAM_KINDS:
            where = path or name
            raise QueryError(
                f"{where}: parameter {pname!r} has unknown kind {kind!r}; use one of {', '.join(PARAM_KINDS)}"
            )
        params.append(Param(pname.lstrip("?$"), kind, help_text.strip()))
    declared = fields["name"][0] if fields["name"] else name
    return NamedQuery(
        name=declared,
        text=text,
        path=path,
        answers=" ".join(fields["answers"]),
        params=tuple(params),
        examples=tuple(fields["example"]),
    )


def list_queries(folder: Path | None = None) -> list[NamedQuery]:
    folder = folder or queries_dir()
    if not folder.is_dir():
        return []
    return [load_file(path) for path in sorted(folder.glob("*.rq"))]


def load_file(path: str | Path) -> NamedQuery:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise QueryError(f"{path}: cannot read ({exc.strerror})") from None
    return parse_header(text, path.stem, path)


def user_queries(folders: Sequence[str | Path]) -> list[NamedQuery]:
    """The queries of the users' folders, each marked with its file."""
    out = []
    for folder in map(Path, folders):
        if not folder.is_dir():
            raise QueryError(f"{folder}: no such query folder" if not folder.exists() else f"{folder}: not a folder")
        out += [replace(load_file(path), origin=str(path)) for path in sorted(folder.glob("*.rq"))]
    return out


def catalogue(folders: Sequence[str | Path] = (), bundled: Path | None = None) -> tuple[list[NamedQuery], list[str]]:
    """Bundled and user queries by name, and a warning for each bundled one a user's shadows.
    Two user queries of one name are an error: which one is meant would depend on the order."""
    mine: dict[str, NamedQuery] = {}
    for query in user_queries(folders):
        if query.name in mine:
            raise QueryError(f"{query.origin}: query {query.name!r} is also defined in {mine[query.name].origin}")
        mine[query.name] = query
    warnings = []
    known = []
    for query in list_queries(bundled):
        if query.name in mine:
            warnings.append(f"{mine[query.name].origin}: shadows the bundled query {query.name!r}")
        else:
            known.append(query)
    return known + list(mine.values()), warnings


def load_query(name: str, folder: Path | None = None, extra: Sequence[str | Path] = ()) -> NamedQuery:
    """A named query by name (file stem), or a `.rq` file by path; the users' folders
    `extra` first (a query there shadows a bundled one of the same name)."""
    if name.endswith(".rq") or "/" in name:
        return load_file(name)
    known = catalogue(extra, folder)[0] if extra else list_queries(folder)
    known.sort(key=lambda q: q.origin == "bundled")  # the users' first
    for query in known:
        if name in (query.name, query.path.stem if query.path else None):
            return query
    names = ", ".join(q.name for q in known) or "(none)"
    raise QueryError(f"unknown query {name!r}; known queries: {names}")
