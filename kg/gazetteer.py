"""Known actors and places: the gazetteer files under kg/data/gazetteer, loaded once.

Aliases are matched word by word on pymorphy2 normal forms, so any case form of a
nominative alias matches («Российской Федерации» ~ «Российская Федерация»).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import importlib.metadata
import json
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import ResourceError
from kg.resources import DATA_DIR

GAZETTEER_DIR = DATA_DIR / "gazetteer"
ACTOR_CLASSES = {"Person", "State", "InternationalOrganization", "GovernmentBody", "Organization", "Bloc"}
PLACE_CLASSES = {"City", "Place"}
STATE_ALIAS_HEADS = {"правительство", "власти", "руководство", "кабинет"}
QID = re.compile(r"^Q[1-9][0-9]*$")  # a Wikidata item id


@dataclass(frozen=True)
class Entry:
    key: str
    label: str
    cls: str
    aliases: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    capital: str | None = None  # a state's capital; an organisation's seat
    part_of: str | None = None
    state: str | None = None
    gender: str | None = None
    priority: int = 0  # curated files 2, derived tables 1
    leader: str | None = None  # a state led by its head of government: that office («канцлер»)
    building: bool = False  # a body named after its seat («в Кремле», «в Белом доме»): also a place

    @property
    def qid(self) -> str | None:
        return self.key if QID.match(self.key) else None


@dataclass(frozen=True)
class Office:
    role: str
    org: str
    person: str
    start: dt.date
    end: dt.date | None


@dataclass
class Gazetteer:
    entries: dict[str, Entry] = field(default_factory=dict)
    # normal form of an alias's first word -> [(normal-form sets of every word, raw words, key)]
    index: dict[str, list[tuple[tuple[frozenset[str], ...], tuple[str, ...], str]]] = field(default_factory=dict)
    adjectives: dict[str, str] = field(default_factory=dict)  # adjective lemma -> state key
    place_adjectives: dict[str, str] = field(default_factory=dict)  # «лондонский» -> city or region key
    capitals: dict[str, str] = field(default_factory=dict)  # city key -> the state (or organisation) seated there
    offices: list[Office] = field(default_factory=list)

    def holder(self, role: str, org: str, on: dt.date | None) -> str | None:
        """The person who held `role` in `org` on a date (None when unknown or ambiguous)."""
        if on is None:
            return None
        found = {
            o.person
            for o in self.offices
            if o.role == role and o.org == org and o.start <= on and (o.end is None or on <= o.end)
        }
        return found.pop() if len(found) == 1 else None

    def roles_of(self, person: str, on: dt.date | None) -> list[Office]:
        return [
            o
            for o in self.offices
            if o.person == person and (on is None or (o.start <= on and (o.end is None or on <= o.end)))
        ]


def _date(value: str | None, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    text = str(value)
    parts = text.split("-")
    try:
        if len(parts) == 1:
            return dt.date(int(parts[0]), 1, 1)
        if len(parts) == 2:
            return dt.date(int(parts[0]), int(parts[1]), 1)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ResourceError(f"{where}: bad date {text!r}") from None


def _json_lines(path: Path) -> Iterable[tuple[str, object]]:
    """(file:line, value) of each JSON line; blank lines and «#» comments skipped."""
    if not path.exists():
        return
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{path.name}:{n}"
        try:
            yield where, json.loads(line)
        except json.JSONDecodeError as exc:
            raise ResourceError(f"{where}: malformed JSON ({exc.msg})") from None


def _records(path: Path) -> Iterable[tuple[str, dict]]:
    for where, obj in _json_lines(path):
        if not isinstance(obj, dict) or not obj.get("id") or not obj.get("label"):
            raise ResourceError(f"{where}: a record needs \"id\" and \"label\"")
        yield where, obj


def _strs(obj: dict, key: str, where: str) -> tuple[str, ...]:
    value = obj.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ResourceError(f"{where}: \"{key}\" must be a list of strings")
    return tuple(v for v in value if v.strip())


def load(
    folder: Path = GAZETTEER_DIR,
    *,
    words: Callable[[str], list[str]],
    forms: Callable[[str], frozenset[str]],
    extend: Callable[[Gazetteer], None] | None = None,
) -> Gazetteer:
    """Read every gazetteer file; `words` tokenises an alias, `forms` gives a word's normal forms.
    `extend` changes the entries and offices read before they are indexed (kg.overlays)."""
    gaz = read(folder)
    if extend is not None:
        extend(gaz)
    return index(gaz, words=words, forms=forms)


def read(folder: Path = GAZETTEER_DIR) -> Gazetteer:
    """The entries and office terms of every file, not indexed: no tokeniser or morphology needed."""
    gaz = Gazetteer()
    files = (
        ("states.jsonl", "State", 2),
        ("organizations.jsonl", None, 2),
        ("persons.jsonl", "Person", 2),
        ("cities.jsonl", "City", 2),
        ("regions.jsonl", "Place", 2),
        ("nerel_links.jsonl", None, 1),
    )
    nerel_class = {"PERSON": "Person", "COUNTRY": "State", "ORGANIZATION": "Organization", "CITY": "City",
                   "STATE_OR_PROVINCE": "Place"}
    for name, cls, priority in files:
        for where, obj in _records(folder / name):
            key = str(obj["id"])
            if key in gaz.entries and gaz.entries[key].priority >= priority:
                if priority == 1:
                    continue  # a curated record of the same id wins over the derived table
                raise ResourceError(f"{where}: duplicate id {key}")
            if priority == 1 and set(str(obj["label"]).lower().split()) & STATE_ALIAS_HEADS:
                continue  # «Правительство США», «Британское правительство» are the state by our contract
            klass = cls or obj.get("class")
            if klass is None and "types" in obj:
                types = obj.get("types") or []
                klass = nerel_class.get(types[0]) if types else None
            if klass not in ACTOR_CLASSES | PLACE_CLASSES:
                raise ResourceError(f"{where}: unknown class {klass!r}")
            entry = Entry(
                key=key,
                label=str(obj["label"]),
                cls=klass,
                aliases=(str(obj["label"]), *_strs(obj, "aliases", where)),
                adjectives=_strs(obj, "adjectives", where),
                capital=obj.get("capital") or obj.get("seat"),
                part_of=obj.get("part_of"),
                state=obj.get("state") or obj.get("country") if klass == "Person" else obj.get("part_of"),
                gender=obj.get("gender"),
                priority=priority,
                leader=obj.get("leader"),
                building=obj.get("building") is True,
            )
            gaz.entries[key] = entry
    for where, obj in _json_lines(folder / "offices.jsonl"):
        try:
            if not isinstance(obj, dict):
                raise TypeError
            start = _date(obj["start"], where)
            gaz.offices.append(Office(obj["role"], obj["org"], obj["person"], start or dt.date.min,
                                      _date(obj.get("end"), where)))
        except (KeyError, TypeError):
            raise ResourceError(f"{where}: an office needs role, org, person, start") from None
    return gaz


def index(
    gaz: Gazetteer,
    *,
    words: Callable[[str], list[str]],
    forms: Callable[[str], frozenset[str]],
) -> Gazetteer:
    """Fill the alias index and the adjective and capital tables from the entries."""

    def order(e: Entry) -> tuple[int, int, str]:
        # Lower Wikidata numbers are the older, better-known items (Russia Q159 before USSR Q15180).
        return (0, int(e.key[1:]), "") if e.qid else (1, 0, e.key)

    # An organisation's seat («capital») stands for it rather than for the host state when it
    # acts: «требования Брюсселя» are the EU's, not Belgium's.
    seats: dict[str, str] = {}
    for entry in sorted(gaz.entries.values(), key=order):
        for alias in entry.aliases:
            full = words(alias)
            # «"Большая двадцатка"»: the matcher starts at words, so a quoted name is also read bare.
            bare = full[1:-1] if len(full) > 2 and not full[0][:1].isalnum() and not full[-1][:1].isalnum() else []
            for ws in (full, bare):
                if not ws:
                    continue
                sets = tuple(forms(w) for w in ws)
                for first in sets[0]:
                    gaz.index.setdefault(first, []).append((sets, tuple(ws), entry.key))
        if entry.cls == "State":
            for adj in entry.adjectives:
                gaz.adjectives.setdefault(adj.lower().replace("ё", "е"), entry.key)
            if entry.capital:
                gaz.capitals.setdefault(entry.capital, entry.key)
        elif entry.cls not in PLACE_CLASSES and entry.capital:
            seats[entry.capital] = entry.key
        elif entry.cls in PLACE_CLASSES:
            for adj in entry.adjectives:
                gaz.place_adjectives.setdefault(adj.lower().replace("ё", "е"), entry.key)
    gaz.capitals.update(seats)
    return gaz


@functools.cache
def default() -> Gazetteer:
    from kg import nlp

    return cached_load(GAZETTEER_DIR, words=nlp.words, forms=nlp.normal_forms)


# --- the loaded gazetteer kept between runs --------------------------------------------
# Loading tokenises and morphologically parses every alias (~0.4 s, in every process and
# every worker); unpickling the result takes a few milliseconds.

CACHE_ENV = "DIPLOGRAPH_CACHE"  # a folder, or "off"


def cache_dir() -> Path | None:
    value = os.environ.get(CACHE_ENV, "")
    if value == "off":
        return None
    if value:
        return Path(value)
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "diplograph"
    try:
        return Path.home() / ".cache" / "diplograph"
    except RuntimeError:  # no home directory to be found: keep nothing
        return None


def _fingerprint(folder: Path) -> str:
    """Everything the loaded index depends on: the data files, the code that reads them and
    makes normal forms, the tokenizer's and morphology's versions, Python's (pickle)."""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for module in ("gazetteer.py", "nlp.py"):  # this module and kg.nlp, beside it
        h.update(Path(__file__).with_name(module).read_bytes())
    for dist in ("pymorphy2", "pymorphy2-dicts-ru", "razdel", "natasha"):
        try:
            h.update(f"{dist}={importlib.metadata.version(dist)}".encode())
        except importlib.metadata.PackageNotFoundError:
            h.update(dist.encode())
    h.update(sys.version.encode())
    return h.hexdigest()[:32]


def cached_load(
    folder: Path,
    *,
    words: Callable[[str], list[str]],
    forms: Callable[[str], frozenset[str]],
    extend: Callable[[Gazetteer], None] | None = None,
    key: str = "",
) -> Gazetteer:
    """load(), kept as a pickle in cache_dir() keyed by _fingerprint(folder). A missing,
    stale or unreadable cache only means loading again; a cache that cannot be written
    (read-only home) is skipped. `extend` (see load) needs a `key` naming what it adds;
    such a gazetteer is kept under a prefix of its own, so that builds with and without
    overlays do not evict each other's cache."""
    cache = cache_dir()
    more = {"extend": extend} if extend is not None else {}
    if cache is None:
        return load(folder, words=words, forms=forms, **more)
    prefix, digest = "gazetteer", _fingerprint(folder)
    if extend is not None:
        prefix, digest = "overlaid", hashlib.sha256(f"{digest}\0{key}".encode()).hexdigest()[:32]
    path = cache / f"{prefix}-{digest}.pickle"
    try:
        with path.open("rb") as fh:
            cached = pickle.load(fh)
        if isinstance(cached, Gazetteer):
            return cached
    except Exception:  # noqa: BLE001 — missing or damaged (any unpickling error): load again
        pass
    gaz = load(folder, words=words, forms=forms, **more)
    try:
        cache.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache, prefix=".gazetteer-", suffix=".tmp")
    except OSError:
        return gaz
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(gaz, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: a concurrent worker reads no half-written file
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        return gaz
    for old in cache.glob(f"{prefix}-*.pickle"):  # earlier data, code or overlay versions
        if old != path:
            with contextlib.suppress(OSError):
                old.unlink()
    return gaz
