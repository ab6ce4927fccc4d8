"""`kg check`: validate overlays, queries and the project file without building anything."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from kg.errors import InputError, KgError, Problem

EPILOG = """examples:
  kg check                                  # kg.toml (or --config FILE) and all it names
  kg check mine.jsonl triggers.toml         # a gazetteer and a lexicon overlay
  kg check newsroom/queries/ extra.rq       # named queries: a folder, or files

Each error is one line, FILE:LINE: FIELD: REASON; any error gives exit code 2.
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check",
        help="validate overlays, named queries and kg.toml without building",
        description="Check your overlays (.jsonl gazetteer, .toml lexicon), named queries (.rq files or "
        "folders of them) and project file (kg.toml) together, as kg build and kg query would read them.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("files", nargs="*", metavar="FILE",
                   help=".jsonl / .toml overlays, .rq queries, query folders, or a kg.toml (default: the project)")
    from kg.commands.build import add_config_option

    add_config_option(p)
    p.set_defaults(func=run)


def _query_problems(path: Path) -> list[Problem]:
    """A named query's header and SPARQL, with the line of what is wrong."""
    from kg.errors import QueryError
    from kg.named_queries import load_file
    from kg.query import check_syntax

    try:
        named = load_file(path)
    except QueryError as exc:
        text = str(exc).removeprefix(f"{path}: ")
        found = re.search(r"parameter '([^']+)'", text)
        line = _line_of(path, rf"^\s*#\s*params?\s*:.*\b{re.escape(found.group(1))}\b") if found else None
        return [Problem(str(path), line, "param", text)]
    try:
        check_syntax(named.text)
    except QueryError as exc:
        found = re.search(r"at line (\d+), column \d+", str(exc))
        return [Problem(str(path), int(found.group(1)) if found else None, "query", str(exc))]
    return []


def _line_of(path: Path, pattern: str) -> int | None:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return next((n for n, line in enumerate(lines, 1) if re.match(pattern, line)), None)


def _is_project(path: Path) -> bool:
    """A kg.toml, or a .toml whose keys are a project file's (a lexicon overlay has tables)."""
    import tomllib

    from kg.project import LISTS

    if path.name == "kg.toml":
        return True
    try:
        keys = set(tomllib.loads(path.read_text(encoding="utf-8-sig")))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False  # read as a lexicon overlay, which reports why
    return bool(keys) and keys <= {*LISTS, "defaults"}


def _sort(files: list[str]) -> tuple[list[str], list[str], list[str], list[Path], list[str]]:
    gazetteers, lexicons, projects, queries, folders = [], [], [], [], []  # type: ignore[var-annotated]
    for name in files:
        path = Path(name)
        if path.is_dir():
            folders.append(name)
        elif path.suffix == ".toml" and _is_project(path):
            projects.append(name)
        elif path.suffix == ".jsonl":
            gazetteers.append(name)
        elif path.suffix == ".toml":
            lexicons.append(name)
        elif path.suffix == ".rq":
            queries.append(path)
        else:
            raise InputError(f"{name}: not something kg check reads (.jsonl, .toml, .rq, a folder of .rq, kg.toml)")
    return gazetteers, lexicons, projects, queries, folders


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def run(args: argparse.Namespace) -> int:
    from kg import overlays, project
    from kg.named_queries import catalogue

    problems: list[Problem] = []
    config = getattr(args, "config", None)
    gazetteers, lexicons, projects, queries, folders = _sort(args.files)
    if config or not args.files:  # the project file, read as a project whatever its name
        if config is None and not Path(project.FILE_NAME).is_file():
            raise InputError("nothing to check: give files, or run where a kg.toml is (or --config FILE)")
        if config is not None and not Path(config).is_file():
            raise InputError(f"{config}: no such project file")
        projects.append(config or project.FILE_NAME)
    for name in projects:  # a project file brings what it names
        proj, found = project.problems_of(Path(name))
        problems += found
        gazetteers += proj.gazetteer
        lexicons += proj.lexicon
        folders += proj.queries
    layers = []
    for kind, names in (("gazetteer", gazetteers), ("lexicon", lexicons)):
        for name in names:
            try:
                layers.append(overlays.read_overlay(name, kind))
            except KgError as exc:
                problems += getattr(exc, "problems", None) or [Problem(name, None, None, str(exc).removeprefix(f"{name}: "))]
    problems += overlays.check(tuple(layers)).problems
    try:
        known, shadows = catalogue(folders)
        problems += [Problem(w.split(": ")[0], None, None, w.split(": ", 1)[1], warning=True) for w in shadows]
        mine = [Path(q.origin) for q in known if q.origin != "bundled"]
    except KgError as exc:
        problems.append(Problem(str(exc).split(": ")[0], None, None, str(exc).split(": ", 1)[-1]))
        mine = []
    for path in [*mine, *queries]:
        problems += _query_problems(path)
    problems.sort(key=lambda p: (p.path, p.line or 0))
    for p in problems:
        print(f"kg check: {'warning' if p.warning else 'error'}: {p}", file=sys.stderr)
    errors = sum(not p.warning for p in problems)
    checked = len(layers) + len(mine) + len(queries) + len(projects)
    if errors:
        print(f"kg check: {_n(errors, 'error')} in {_n(checked, 'file')}; nothing was built", file=sys.stderr)
        return 2
    print(f"kg check: {_n(checked, 'file')} OK" + (f" ({_n(len(problems), 'warning')})" if problems else ""))
    return 0
