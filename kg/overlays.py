"""Users' overlays: their own gazetteer entries and office terms (`--gazetteer FILE.jsonl`,
kg.overlay_gazetteer) and trigger frames and post phrases (`--lexicon FILE.toml`, the
`[[frame]]` and `[[role]]` tables of kg/data/lexicon), laid over the bundled data.

An overlay travels as its text (`Overlay`), not as a path: worker processes and Dask workers
get it with their work and need no shared files. `resources(overlays)` is the gazetteer and
lexicon a build uses, made once per process; without overlays they are the bundled ones,
untouched. Every problem names the file, the line and the field (kg.errors.Problem).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import InputError, OverlayError, Problem

if TYPE_CHECKING:  # kg.lexicon and kg.gazetteer are cheap, but `kg check --help` needs neither
    from kg.gazetteer import Gazetteer
    from kg.lexicon import Frame, Lexicon, RoleRule

KINDS = {".jsonl": "gazetteer", ".toml": "lexicon"}
SECTIONS = ("frame", "role")


@dataclass(frozen=True)
class Overlay:
    kind: str  # "gazetteer" or "lexicon"
    path: str  # as the user gave it (messages only)
    text: str
    checksum: str  # sha256 of the file's bytes

    @property
    def name(self) -> str:
        """What the graph records: the file name, not its folder, so that the same overlay
        gives the same bytes wherever it lies."""
        return Path(self.path).name


def read_overlay(path: str | Path, kind: str) -> Overlay:
    """An overlay file of `kind` (by the option that names it); InputError when unreadable."""
    p = Path(path)
    expected = next(ext for ext, k in KINDS.items() if k == kind)
    if p.suffix.lower() != expected:
        raise InputError(f"{p}: a {kind} overlay is a {expected} file")
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{p}: is a folder, expected a {expected} file") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise OverlayError([Problem(str(p), line, None, "not UTF-8 text")]) from None
    return Overlay(kind, str(p), text, hashlib.sha256(data).hexdigest())


def read_overlays(gazetteers: Iterable[str | Path] = (), lexicons: Iterable[str | Path] = ()) -> tuple[Overlay, ...]:
    return (*(read_overlay(p, "gazetteer") for p in gazetteers), *(read_overlay(p, "lexicon") for p in lexicons))


def stamps(overlays: Sequence[Overlay]) -> tuple[tuple[str, str], ...]:
    """(name, checksum) of each overlay: what the document graphs record (kg.rdf)."""
    return tuple((o.name, o.checksum) for o in overlays)


# --- lexicon overlays ------------------------------------------------------------------


def _headers(text: str, section: str) -> list[int]:
    """Line numbers of the `[[section]]` headers, in order."""
    pattern = re.compile(rf"^\s*\[\[\s*{section}\s*\]\]")
    return [n for n, line in enumerate(text.splitlines(), 1) if pattern.match(line)]


def _key_line(text: str, key: str, start: int = 1, end: int | None = None) -> int | None:
    """The line of `key = …` (or of a `[key]` header) between lines start and end."""
    pattern = re.compile(rf"^\s*(\[+\s*{re.escape(key)}\s*\]+|[\"']?{re.escape(key)}[\"']?\s*=)")
    lines = text.splitlines()
    for n in range(start, min(end or len(lines), len(lines)) + 1):
        if pattern.match(lines[n - 1]):
            return n
    return None


@dataclass(frozen=True)
class LexiconPlan:
    frames: tuple[tuple[str, int, Frame], ...] = ()  # (path, line, frame)
    roles: tuple[tuple[str, int, RoleRule], ...] = ()


def _lexicon_tables(ov: Overlay, problems: list[Problem]) -> dict[str, list[tuple[int, int | None, dict]]]:
    """Each section's tables with the lines they span; problems for what is no table."""
    try:
        data = tomllib.loads(ov.text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc)) or "malformed TOML"
        problems.append(Problem(ov.path, int(found.group(1)) if found else None, None,
                                f"malformed TOML: {reason}" + (f" (column {found.group(2)})" if found else "")))
        return {}
    out: dict[str, list[tuple[int, int | None, dict]]] = {}
    for key, value in data.items():
        line = _key_line(ov.text, key)
        if key not in SECTIONS:
            problems.append(Problem(ov.path, line, key, "unknown section; an overlay holds [[frame]] and [[role]] "
                                    "tables (as triggers.toml and roles.toml)"))
            continue
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            problems.append(Problem(ov.path, line, key, f"must be [[{key}]] tables"))
            continue
        heads = _headers(ov.text, key)
        if len(heads) != len(value):  # an inline array: every table at the key's line
            heads = [line or 0] * len(value)
        ends = sorted(_headers(ov.text, "frame") + _headers(ov.text, "role"))
        out[key] = [(h, next((e - 1 for e in ends if e > h), None), raw) for h, raw in zip(heads, value, strict=True)]
    return out


def lexicon_plan(overlays: Sequence[Overlay], problems: list[Problem]) -> LexiconPlan:
    from kg import lexicon as klex

    frames: list[tuple[str, int, Frame]] = []
    roles: list[tuple[str, int, RoleRule]] = []
    seen_frames: dict[str, str] = {}
    seen_roles: dict[tuple[str, frozenset[str]], str] = {}
    for ov in overlays:
        tables = _lexicon_tables(ov, problems)
        for head, end, raw in tables.get("frame", []):
            problem = klex.frame_problem(raw)
            if problem is None and not (isinstance(raw["id"], str) and raw["id"].strip()):
                problem = ("id", "'id' must be a non-empty string")
            if problem is None and not raw["lemmas"]:
                problem = ("lemmas", "needs at least one lemma")
            if problem is not None:
                line = _key_line(ov.text, problem[0], head, end) or head
                problems.append(Problem(ov.path, line, problem[0], problem[1]))
                continue
            (frame,) = {f for fs in klex.parse_frames({"frame": [raw]}, ov.name).values() for f in fs}
            where = f"{ov.path}:{head}"
            if frame.id in seen_frames:
                problems.append(Problem(ov.path, _key_line(ov.text, "id", head, end) or head, "id",
                                        f"frame {frame.id!r} is given twice (also at {seen_frames[frame.id]})"))
                continue
            seen_frames[frame.id] = where
            frames.append((ov.path, head, frame))
        for head, end, raw in tables.get("role", []):
            problem = klex.role_problem(raw)
            if problem is not None:
                line = _key_line(ov.text, problem[0], head, end) or head
                problems.append(Problem(ov.path, line, problem[0], problem[1]))
                continue
            ((rule,),) = klex.parse_roles({"role": [raw]}, ov.name).values()
            ident = (rule.head, rule.with_)
            if ident in seen_roles:
                problems.append(Problem(ov.path, head, "head", f"the post phrase {rule.head!r} with "
                                        f"{sorted(rule.with_)} is given twice (also at {seen_roles[ident]})"))
                continue
            seen_roles[ident] = f"{ov.path}:{head}"
            roles.append((ov.path, head, rule))
    return LexiconPlan(tuple(frames), tuple(roles))


def apply_lexicon(base: Lexicon, plan: LexiconPlan) -> Lexicon:
    """The bundled lexicon with the overlay's frames and post phrases: one with the id of a
    bundled frame (the head and `with` of a bundled post phrase) takes its place, in its
    order; the others come after the bundled ones of their lemma."""
    new = {f.id: f for _, _, f in plan.frames}
    frames: dict[str, list[Frame]] = {}
    for lemma, fs in base.frames.items():
        kept = [new.get(f.id, f) for f in fs]
        frames[lemma] = [f for f in kept if lemma in f.lemmas]
    for _, _, f in plan.frames:
        for lemma in sorted(f.lemmas):
            if f not in frames.setdefault(lemma, []):
                frames[lemma].append(f)
    rules = {(r.head, r.with_): r for _, _, r in plan.roles}
    roles: dict[str, list[RoleRule]] = {h: [rules.pop((r.head, r.with_), r) for r in rs] for h, rs in base.roles.items()}
    for rule in rules.values():
        roles.setdefault(rule.head, []).append(rule)
    return dataclasses.replace(
        base,
        frames={k: tuple(v) for k, v in frames.items() if v},
        roles={h: tuple(sorted(rs, key=lambda r: not r.with_)) for h, rs in roles.items()},
    )


# --- all overlays together -------------------------------------------------------------


@dataclass
class Plans:
    lexicon: LexiconPlan
    gazetteer: object  # kg.overlay_gazetteer.Plan
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]


@functools.cache
def _bundled_entries() -> dict:
    from kg import gazetteer as kgaz

    return kgaz.read().entries


def check(overlays: Sequence[Overlay]) -> Plans:
    """Every problem of the overlays, read together (an office term may name an overlay's
    person; a post phrase of a lexicon overlay may look up an overlay's office)."""
    from kg import lexicon as klex
    from kg import overlay_gazetteer as og

    problems: list[Problem] = []
    lex = lexicon_plan([o for o in overlays if o.kind == "lexicon"], problems)
    office_names = frozenset(
        {r.office for rs in klex.default().roles.values() for r in rs if r.office}
        | {r.office for _, _, r in lex.roles if r.office}
    )
    gaz = og.plan([(o.path, o.text) for o in overlays if o.kind == "gazetteer"], _bundled_entries(), office_names)
    problems += gaz.problems
    order = {o.path: n for n, o in enumerate(overlays)}  # as given, then by line: the first error first
    problems.sort(key=lambda p: (order.get(p.path, len(order)), p.line or 0))
    return Plans(lex, gaz, tuple(problems))


@functools.cache
def prepared(overlays: tuple[Overlay, ...]) -> Plans:
    """check(), raising OverlayError for the first error (warnings pass)."""
    plans = check(overlays)
    if plans.errors:
        raise OverlayError(list(plans.problems))
    return plans


def _code_key(overlays: Sequence[Overlay]) -> str:
    """What an overlaid gazetteer depends on beyond the bundled files: the overlays and the
    code that lays them over (a change of either makes a new cache entry)."""
    h = hashlib.sha256()
    for o in overlays:
        h.update(f"{o.kind}\0{o.checksum}\0".encode())
    for module in ("overlays.py", "overlay_gazetteer.py"):
        h.update(Path(__file__).with_name(module).read_bytes())
    return h.hexdigest()


@functools.cache
def resources(overlays: tuple[Overlay, ...] = ()) -> tuple[Gazetteer, Lexicon]:
    """The gazetteer and lexicon of a build with these overlays, once per process."""
    from kg import gazetteer as kgaz
    from kg import lexicon as klex

    gaz_overlays = tuple(o for o in overlays if o.kind == "gazetteer")
    if not overlays:
        return kgaz.default(), klex.default()
    plans = prepared(overlays)
    lex = apply_lexicon(klex.default(), plans.lexicon) if len(gaz_overlays) < len(overlays) else klex.default()
    if not gaz_overlays:
        return kgaz.default(), lex
    from kg import nlp

    gaz = kgaz.cached_load(kgaz.GAZETTEER_DIR, words=nlp.words, forms=nlp.normal_forms,
                           extend=plans.gazetteer.apply, key=_code_key(gaz_overlays))  # type: ignore[attr-defined]
    return gaz, lex
