"""A user's gazetteer overlay (`kg build --gazetteer FILE.jsonl`): entities and office terms
laid over the bundled gazetteer.

One JSON object a line. An entity: `label`, `class`, optional `id` (a Wikidata id or a slug
such as `person:ivan-petrov`), `aliases`, `adjectives`, `part_of` (or `partOf`), `state`,
`capital` (or `seat`: an organisation's city), `gender`. An office term: `role` (or
`office`), `org` (or `organisation`), `person`, `start`, optional `end`. References (`org`,
`person`, `part_of`, …) are ids or labels of known entities, bundled or the overlay's own.

An entity adds or replaces, never merges: one with the id of a bundled entry, or without an
id but with the label of exactly one bundled entry, replaces that entry whole (its aliases
are not kept). The office terms an overlay gives for one office (role at an organisation)
take the office over from the earliest of them on: bundled terms of that office that began
before are cut to end the day before, later ones are dropped. So a new minister is one line,
and the bundled history before him stays.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg import gazetteer as kgaz
from kg.errors import Problem, ResourceError
from kg.gazetteer import ACTOR_CLASSES, PLACE_CLASSES, QID, Entry, Gazetteer, Office

ENTITY_FIELDS = frozenset({"id", "label", "class", "aliases", "adjectives", "part_of", "state", "capital", "gender"})
OFFICE_FIELDS = frozenset({"role", "org", "person", "start", "end"})
SYNONYMS = {"partOf": "part_of", "seat": "capital", "office": "role", "organisation": "org", "organization": "org"}
CLASSES = ACTOR_CLASSES | PLACE_CLASSES
KIND_OF_CLASS = {"Person": "person", "State": "state", "City": "city", "Place": "region", "Bloc": "bloc"}
_SLUG = re.compile(r"^[a-z][a-z-]*:\S+$")


@dataclass(frozen=True)
class Record:
    path: str
    line: int
    obj: dict

    def problem(self, fieldname: str | None, reason: str, *, warning: bool = False) -> Problem:
        return Problem(self.path, self.line, fieldname, reason, warning)

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class Plan:
    """What the gazetteer overlays change, validated; `apply` makes the change."""

    entries: dict[str, Entry] = field(default_factory=dict)  # key -> the overlay's entry
    offices: list[Office] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def apply(self, gaz: Gazetteer) -> None:
        gaz.entries.update(self.entries)  # replaced keys keep their place, new ones come last
        starts: dict[tuple[str, str], dt.date] = {}
        for o in self.offices:
            starts[(o.role, o.org)] = min(o.start, starts.get((o.role, o.org), o.start))
        kept = []
        for o in gaz.offices:
            begin = starts.get((o.role, o.org))
            if begin is None or (o.end is not None and o.end < begin):
                kept.append(o)
            elif o.start < begin:
                kept.append(Office(o.role, o.org, o.person, o.start, begin - dt.timedelta(days=1)))
        gaz.offices[:] = [*kept, *self.offices]


def norm(text: str) -> str:
    return " ".join(text.replace("ё", "е").replace("Ё", "Е").casefold().split())


def records(path: str, text: str, problems: list[Problem]) -> list[Record]:
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem(path, n, None, f"malformed JSON ({exc.msg}, column {exc.colno})"))
            continue
        rec = Record(path, n, obj)
        if not isinstance(obj, dict):
            problems.append(rec.problem(None, "a line must be a JSON object"))
            continue
        for alias, name in SYNONYMS.items():
            if alias in obj:
                if name in obj:
                    problems.append(rec.problem(alias, f"give {name!r} or {alias!r}, not both"))
                obj[name] = obj.pop(alias)
        out.append(rec)
    return out


def _date(rec: Record, key: str) -> dt.date | None:
    value = rec.obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        raise ValueError(f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
    try:
        return kgaz._date(value, rec.where)
    except ResourceError:
        raise ValueError(f"not a real date: {value!r}") from None


class Names:
    """Keys and labels of the entries a reference may name: the bundled ones (less those
    replaced) and the overlays' own."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries: dict[str, Entry] = {}
        self.by_label: dict[str, list[str]] = {}
        for e in entries:
            self.add(e)

    def add(self, e: Entry) -> None:
        old = self.entries.get(e.key)
        if old is not None:
            self.by_label[norm(old.label)].remove(e.key)
        self.entries[e.key] = e
        self.by_label.setdefault(norm(e.label), []).append(e.key)

    def find(self, value: object) -> str:
        """The key a reference names; ValueError with the reason when none or several."""
        if not isinstance(value, str) or not value.strip():
            raise ValueError("must be an id or a label (a non-empty string)")
        if value in self.entries:
            return value
        keys = self.by_label.get(norm(value), [])
        if len(keys) == 1:
            return keys[0]
        if keys:
            raise ValueError(f"{value!r} is the label of {len(keys)} entries ({', '.join(sorted(keys)[:4])}); "
                             "give the id")
        raise ValueError(f"no known entity has the id or label {value!r}")


def _strings(rec: Record, key: str) -> tuple[str, ...]:
    value = rec.obj.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("must be a list of strings")
    return tuple(v for v in value if v.strip())


def _entity_key(rec: Record, base: dict[str, Entry], base_labels: dict[str, list[str]]) -> str:
    obj = rec.obj
    if "id" in obj:
        key = obj["id"]
        if not isinstance(key, str) or not (QID.match(key) or _SLUG.match(key)):
            raise ValueError("id", "must be a Wikidata id (Q…) or a slug such as person:ivan-petrov")
        return key
    keys = base_labels.get(norm(obj["label"]), [])
    if len(keys) > 1:
        raise ValueError("label", f"{obj['label']!r} is the label of {len(keys)} bundled entries "
                         f"({', '.join(sorted(keys)[:4])}); give the \"id\" of the one to replace")
    if keys:
        return keys[0]
    return f"{KIND_OF_CLASS.get(obj['class'], 'org')}:{'-'.join(norm(obj['label']).split())}"


def plan(overlays: Iterable[tuple[str, str]], base: dict[str, Entry], offices: frozenset[str]) -> Plan:
    """Check (path, text) overlays against the bundled entries `base`; `offices` are the
    office names post phrases look up (a term of another office is never read: a warning)."""
    out = Plan()
    recs = [r for path, text in overlays for r in records(path, text, out.problems)]
    base_labels: dict[str, list[str]] = {}
    for e in base.values():
        base_labels.setdefault(norm(e.label), []).append(e.key)
    entity_recs, office_recs = [], []
    for rec in recs:
        is_office = "person" in rec.obj or "role" in rec.obj
        allowed = OFFICE_FIELDS if is_office else ENTITY_FIELDS
        unknown = sorted(set(rec.obj) - allowed)
        if unknown:
            what = "an office term" if is_office else "an entity"
            out.problems.append(rec.problem(unknown[0], f"unknown field for {what}; use {', '.join(sorted(allowed))}"))
            continue
        (office_recs if is_office else entity_recs).append(rec)
    keyed = _keys(entity_recs, base, base_labels, out.problems)
    names = Names(base.values())
    for rec, key in keyed:  # first the keys and labels, so that entities may name each other
        names.add(Entry(key, rec.obj["label"], rec.obj["class"]))
    for rec, key in keyed:
        try:
            out.entries[key] = _entry(rec, key, names)
        except ValueError as exc:
            out.problems.append(rec.problem(*exc.args))
    _alias_warnings(keyed, base, out)
    _offices(office_recs, names, offices, out)
    return out


def _keys(recs: list[Record], base: dict[str, Entry], base_labels: dict[str, list[str]],
          problems: list[Problem]) -> list[tuple[Record, str]]:
    keyed: list[tuple[Record, str]] = []
    seen: dict[str, Record] = {}
    for rec in recs:
        obj = rec.obj
        label = obj.get("label")
        if not isinstance(label, str) or not label.strip():
            problems.append(rec.problem("label", "an entity needs a non-empty \"label\""))
            continue
        if obj.get("class") not in CLASSES:
            problems.append(rec.problem("class", f"must be one of {', '.join(sorted(CLASSES))}"
                                        + (f", not {obj['class']!r}" if "class" in obj else "")))
            continue
        try:
            key = _entity_key(rec, base, base_labels)
        except ValueError as exc:
            problems.append(rec.problem(*exc.args))
            continue
        if key in seen:
            problems.append(rec.problem("id" if "id" in obj else "label",
                                        f"{key} is given twice (also at {seen[key].where})"))
            continue
        seen[key] = rec
        keyed.append((rec, key))
    return keyed


def _entry(rec: Record, key: str, names: Names) -> Entry:
    obj, cls = rec.obj, rec.obj["class"]
    values: dict[str, str | None] = {}
    for ref, wanted in (("part_of", None), ("state", "State"), ("capital", "City")):
        if obj.get(ref) is None:
            values[ref] = None
            continue
        try:
            values[ref] = names.find(obj[ref])
        except ValueError as exc:
            raise ValueError(ref, str(exc)) from None
        if wanted and names.entries[values[ref]].cls != wanted:  # type: ignore[index]
            raise ValueError(ref, f"{obj[ref]!r} is a {names.entries[values[ref]].cls}, not a {wanted}")  # type: ignore[index]
    for listed in ("aliases", "adjectives"):
        try:
            _strings(rec, listed)
        except ValueError as exc:
            raise ValueError(listed, str(exc)) from None
    if obj.get("gender") not in (None, "m", "f"):
        raise ValueError("gender", "must be \"m\" or \"f\"")
    return Entry(
        key=key,
        label=obj["label"].strip(),
        cls=cls,
        aliases=(obj["label"].strip(), *_strings(rec, "aliases")),
        adjectives=_strings(rec, "adjectives"),
        capital=values["capital"],
        part_of=values["part_of"],
        # As kgaz.load: a person's state is its "state", anything else's is what it is part of.
        state=values["state"] if cls == "Person" else values["part_of"],
        gender=obj.get("gender"),
        priority=3,
    )


def _alias_warnings(keyed: list[tuple[Record, str]], base: dict[str, Entry], out: Plan) -> None:
    """An alias another entry has too: the text will name either; say so (not an error: the
    bundled data shares some aliases on purpose)."""
    owners: dict[str, set[str]] = {}
    entries = {**base, **out.entries}
    for e in entries.values():
        for alias in e.aliases:
            owners.setdefault(norm(alias), set()).add(e.key)
    for rec, key in keyed:
        if key not in out.entries:
            continue
        for alias in out.entries[key].aliases:
            others = sorted(owners.get(norm(alias), set()) - {key})
            if others:
                who = ", ".join(f"{k} ({entries[k].label})" for k in others[:3])
                out.problems.append(rec.problem("aliases", f"{alias!r} also names {who}", warning=True))


def _offices(recs: list[Record], names: Names, offices: frozenset[str], out: Plan) -> None:
    terms: dict[tuple[str, str], list[tuple[Record, Office]]] = {}
    for rec in recs:
        obj = rec.obj
        missing = [k for k in ("role", "org", "person", "start") if k not in obj]
        if missing:
            out.problems.append(rec.problem(missing[0], "an office term needs role, org, person and start"))
            continue
        if not isinstance(obj["role"], str) or not obj["role"].strip():
            out.problems.append(rec.problem("role", "must be a non-empty string"))
            continue
        try:
            keys = {}
            for ref in ("org", "person"):
                try:
                    keys[ref] = names.find(obj[ref])
                except ValueError as exc:
                    raise ValueError(ref, str(exc)) from None
            if names.entries[keys["person"]].cls != "Person":
                raise ValueError("person", f"{obj['person']!r} is a {names.entries[keys['person']].cls}, not a Person")
            if names.entries[keys["org"]].cls == "Person":
                raise ValueError("org", f"{obj['org']!r} is a Person, not an organisation")
            dates = {}
            for key in ("start", "end"):
                try:
                    dates[key] = _date(rec, key)
                except ValueError as exc:
                    raise ValueError(key, str(exc)) from None
        except ValueError as exc:
            out.problems.append(rec.problem(*exc.args))
            continue
        start, end = dates["start"], dates["end"]
        if start is None:
            out.problems.append(rec.problem("start", "an office term needs a start date"))
            continue
        if end is not None and end < start:
            out.problems.append(rec.problem("end", f"ends before it starts ({obj['start']})"))
            continue
        office = Office(obj["role"].strip(), keys["org"], keys["person"], start, end)
        same = terms.setdefault((office.role, office.org), [])
        clash = next((r for r, o in same if o.start <= (end or dt.date.max) and start <= (o.end or dt.date.max)), None)
        if clash is not None:
            out.problems.append(rec.problem("start", f"overlaps the term of the same office at {clash.where}"))
            continue
        same.append((rec, office))
        out.offices.append(office)
        if office.role not in offices:
            out.problems.append(rec.problem("role", f"no post phrase looks up the office {office.role!r} "
                                            "(the \"office\" of a [[role]] in roles.toml or a --lexicon overlay)",
                                            warning=True))
