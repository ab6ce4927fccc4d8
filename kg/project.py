"""The project file: `kg.toml` in the working folder (or `--config FILE`), so that a team
shares one set-up — its overlays, its query folders and its defaults.

```toml
gazetteer = ["overlays/ministers.jsonl"]   # kg build --gazetteer, before the command line's
lexicon = ["overlays/triggers.toml"]       # kg build --lexicon
queries = ["queries"]                      # kg query --queries

[defaults]
date = "2026-01-01"                        # kg build --date
workers = 2                                # kg build --workers
store = "out/graph.db"                     # kg build and kg query, when given no output or source
```

Paths are relative to the project file's folder. Options on the command line win over the
defaults; overlays and query folders of both are used, the file's first.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError, OverlayError, Problem

FILE_NAME = "kg.toml"
LISTS = ("gazetteer", "lexicon", "queries")
DEFAULTS = ("date", "workers", "store")


@dataclass(frozen=True)
class Project:
    path: Path | None = None
    gazetteer: tuple[str, ...] = ()
    lexicon: tuple[str, ...] = ()
    queries: tuple[str, ...] = ()
    date: dt.date | None = None
    workers: int | None = None
    store: str | None = None


def _line(text: str, key: str) -> int | None:
    pattern = re.compile(rf"^\s*(\[\s*{key}\s*\]|{key}\s*=)")
    return next((n for n, line in enumerate(text.splitlines(), 1) if pattern.match(line)), None)


def find(config: str | None = None, cwd: Path | None = None) -> Project:
    """The project `--config` names, else ./kg.toml, else an empty one."""
    if config is None:
        path = (cwd or Path.cwd()) / FILE_NAME
        if not path.is_file():
            return Project()
        # Relative to where we run, as the user would type it.
        return read(Path(FILE_NAME) if cwd is None else path)
    path = Path(config)
    if not path.is_file():
        raise InputError(f"{path}: no such project file" if not path.exists() else f"{path}: is not a file")
    return read(path)


def problems_of(path: Path) -> tuple[Project, list[Problem]]:
    """The project a file describes, and what is wrong with it."""
    import tomllib  # here: `kg query --list` without a kg.toml never pays for it

    where = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return Project(path), [Problem(where, None, None, f"cannot read ({getattr(exc, 'strerror', None) or exc})")]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        return Project(path), [Problem(where, int(found.group(1)) if found else None, None, f"malformed TOML: {reason}")]
    problems: list[Problem] = []
    base = path.parent
    values: dict = {}
    for key, value in data.items():
        line = _line(text, key)
        if key in LISTS:
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                problems.append(Problem(where, line, key, "must be a list of paths (strings)"))
                continue
            values[key] = tuple(str(base / v) for v in value)
        elif key == "defaults":
            if not isinstance(value, dict):
                problems.append(Problem(where, line, key, "must be a [defaults] table"))
                continue
            values.update(_defaults(value, text, where, base, problems))
        else:
            problems.append(Problem(where, line, key, f"unknown key; use {', '.join(LISTS)} and [defaults] "
                                    f"({', '.join(DEFAULTS)})"))
    return Project(path, **values), problems


def _defaults(table: dict, text: str, where: str, base: Path, problems: list[Problem]) -> dict:
    out: dict = {}
    for key, value in table.items():
        line = _line(text, key)
        if key == "date":
            text_value = value.isoformat() if isinstance(value, dt.date) else value
            try:
                out["date"] = dt.date.fromisoformat(text_value) if isinstance(text_value, str) else None
            except ValueError:
                out["date"] = None
            if out["date"] is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(text_value)):
                problems.append(Problem(where, line, "date", f"not a date (YYYY-MM-DD): {value!r}"))
        elif key == "workers":
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                problems.append(Problem(where, line, "workers", f"must be a whole number ≥ 1, not {value!r}"))
            else:
                out["workers"] = value
        elif key == "store":
            if not isinstance(value, str) or not value.strip():
                problems.append(Problem(where, line, "store", "must be a folder path (a string)"))
            else:
                out["store"] = str(base / value)
        else:
            problems.append(Problem(where, line, key, f"unknown default; use {', '.join(DEFAULTS)}"))
    return out


def read(path: Path) -> Project:
    project, problems = problems_of(path)
    if problems:
        raise OverlayError(problems)
    return project
