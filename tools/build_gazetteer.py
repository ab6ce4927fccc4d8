"""Regenerate kg/data/gazetteer/*.jsonl from the curated tables in tools/gazetteer_src/.

Inputs: the pipe-separated tables (hand-curated), CLDR Russian territory names via babel,
and kg/data/gazetteer/nerel_links.jsonl (run tools/nerel_links.py first) for the cities
NEREL train links. Output is sorted by id, one JSON object a line, so reruns diff cleanly.

Usage:  .venv/bin/python tools/build_gazetteer.py
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = Path(__file__).resolve().parent / "gazetteer_src"
OUT = ROOT / "kg" / "data" / "gazetteer"
NEREL_CITY_MIN_DOCS = 2


def fold(text: str) -> str:
    return " ".join(re.sub(r"[«»\"“”„]", "", text.lower().replace("ё", "е")).split())


def rows(name: str, width: int) -> list[list[str]]:
    out = []
    for n, line in enumerate((SRC / name).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("|")]
        if len(cells) != width:
            sys.exit(f"{name}:{n}: expected {width} fields, got {len(cells)}")
        out.append(cells)
    return out


def split(cell: str, sep: str = ";") -> list[str]:
    return [x.strip() for x in cell.split(sep) if x.strip()]


def dedup(label: str, names: list[str]) -> list[str]:
    """Drop repeats and the label itself; a name differing only in ё/е counts as a repeat."""
    seen, out = {fold(label)}, []
    for name in names:
        name = name.replace(" - ", "-").replace("о-ва", "острова").replace("о-в", "остров")
        if fold(name) not in seen:
            seen.add(fold(name))
            out.append(name)
    return out


def id_key(record: dict) -> tuple:
    rid = record["id"]
    return (0, int(rid[1:]), "") if re.fullmatch(r"Q\d+", rid) else (1, 0, rid)


def cldr_names(iso: str) -> list[str]:
    from babel import Locale

    locale = Locale("ru")
    names = [locale.territories.get(iso, "")]
    # CLDR keeps short/variant forms under "<code>-alt-…" in some babel versions.
    names += [v for k, v in locale._data["territories"].items() if k.startswith(iso + "-alt")]
    return [re.sub(r"\s*\(.*\)$", "", n) for n in names if n]


def build_states() -> tuple[list[dict], list[dict]]:
    states, capitals = [], []
    for iso, qid, label, adjs, cap, cap_label, extra in rows("states.txt", 7):
        names = (cldr_names(iso) if iso != "-" else []) + split(extra)
        capital = None if cap == "-" else cap
        states.append(
            {
                "id": qid,
                "label": label,
                "iso": None if iso == "-" else iso,
                "aliases": dedup(label, names),
                "adjectives": split(adjs, ","),
                "capital": capital,
            }
        )
        if capital and cap_label:
            capitals.append({"id": capital, "label": cap_label, "aliases": [], "adjectives": [], "country": qid})
    return states, capitals


ADJECTIVE = re.compile(r"[а-яё]+(?:-[а-яё]+)*(?:ий|ый|ой)")


def adjectives(cell: str, where: str) -> list[str]:
    """Relational adjectives of a place, masculine nominative lemmas («лондонский»)."""
    out = split(cell, ",")
    for adj in out:
        if not ADJECTIVE.fullmatch(adj):
            sys.exit(f"{where}: {adj!r} is not a lower-case masculine nominative adjective")
    return list(dict.fromkeys(out))


def build_places(name: str, kind: str | None = None) -> list[dict]:
    out = []
    for rid, label, country, adjs, aliases in rows(name, 5):
        rec = {
            "id": rid,
            "label": label,
            "aliases": dedup(label, split(aliases)),
            "adjectives": adjectives(adjs, f"{name}: {rid}"),
            "country": country or None,
        }
        if kind:
            rec["kind"] = kind
        out.append(rec)
    return out


def nerel_cities(known: dict[str, dict], curated: set[str]) -> list[dict]:
    """Cities NEREL train links in ≥ 2 documents, unless the id is curated in any table."""
    path = OUT / "nerel_links.jsonl"
    taken = {fold(n) for r in known.values() for n in [r["label"], *r["aliases"]]}
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        label = rec["label"]
        if (
            rec["types"][0] != "CITY"
            or rec["docs"] < NEREL_CITY_MIN_DOCS
            or rec["id"] in known
            or rec["id"] in curated
            or not re.fullmatch(r"[А-ЯЁ][а-яё]+(?:[- ][А-ЯЁа-яё][а-яё]+)*", label)
            or fold(label) in taken
        ):
            continue
        taken.add(fold(label))
        out.append({"id": rec["id"], "label": label, "aliases": [], "adjectives": [], "country": None})
    return out


def build_cities(capitals: list[dict], curated: set[str]) -> list[dict]:
    by_id: dict[str, dict] = {}
    for rec in capitals:
        if rec["id"] in by_id:  # a capital shared by a historic state: keep the first
            continue
        by_id[rec["id"]] = rec
    for rec in build_places("cities.txt"):
        capital = by_id.get(rec["id"])
        if capital is None:
            by_id[rec["id"]] = rec
            continue
        # A capital's row in cities.txt only adds adjectives and aliases to it.
        if fold(rec["label"]) != fold(capital["label"]) or rec["country"] not in (None, capital["country"]):
            sys.exit(f"cities.txt: {rec['id']} is the capital {capital['label']} of {capital['country']}")
        capital["adjectives"] = list(dict.fromkeys(capital["adjectives"] + rec["adjectives"]))
        capital["aliases"] = dedup(capital["label"], capital["aliases"] + rec["aliases"])
    for rec in nerel_cities(by_id, curated):
        by_id[rec["id"]] = rec
    return list(by_id.values())


def build_orgs() -> list[dict]:
    return [
        {
            "id": rid,
            "label": label,
            "class": cls,
            "aliases": dedup(label, split(aliases)),
            "part_of": part_of or None,
            "adjectives": split(adjs, ","),
        }
        for rid, label, cls, part_of, adjs, aliases in rows("organizations.txt", 6)
    ]


ROMAN = re.compile(r"^[IVX]+$")


def person_aliases(label: str, extra: list[str]) -> list[str]:
    """Extra aliases plus the surname and «И. Фамилия»; an extra alias "-" leaves those out
    (a relative whose surname alone means the better-known person: Иванка Трамп)."""
    words = label.split()
    names = [e for e in extra if e != "-"]
    if len(words) >= 2 and not ROMAN.match(words[-1]) and "-" not in extra:
        first, surname = words[0], words[-1]
        if " ".join(words[1:]) != surname and words[1][0].islower():  # «фон дер Ляйен»
            surname = " ".join(words[1:])
        names += [surname, f"{first[0]}. {surname}"]
    return names


def build_persons() -> list[dict]:
    return [
        {
            "id": rid,
            "label": label,
            "aliases": dedup(label, person_aliases(label, split(aliases))),
            "gender": gender,
            "state": state or None,
        }
        for rid, label, gender, state, aliases in rows("persons.txt", 5)
    ]


def build_offices() -> list[dict]:
    return [
        {"role": role, "org": org, "person": person, "start": start, "end": end or None}
        for role, org, person, start, end in rows("offices.txt", 5)
    ]


def write(name: str, records: list[dict], key=id_key) -> None:
    records = sorted(records, key=key)
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    (OUT / name).write_text(text, encoding="utf-8")
    print(f"{name}: {len(records)}")


def with_nerel_names(records: list[dict], owners: dict[str, set[str]]) -> list[dict]:
    """Add the multi-word names NEREL train links to a curated id («Ленинградская область»
    style variants); the loader ignores a derived record whose id is curated, so they would
    be lost. One-word names stay out: as curated aliases they would skip the NER check; so
    does a name curated for another id («Джордж Буш» is not Bush senior)."""
    path = OUT / "nerel_links.jsonl"
    nerel = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        nerel[rec["id"]] = [rec["label"], *rec["aliases"]]
    for rec in records:
        names = [
            n
            for n in nerel.get(rec["id"], [])
            if " " in n.strip() and owners.get(fold(n), {rec["id"]}) <= {rec["id"]}
        ]
        rec["aliases"] = dedup(rec["label"], rec["aliases"] + names)
    return records


def check_adjectives(states: list[dict], places: list[dict]) -> None:
    """A place adjective must name one place and no state («московский» is Moscow only)."""
    owner = {adj: rec["id"] for rec in states for adj in rec["adjectives"]}
    for rec in places:
        for adj in rec["adjectives"]:
            if adj in owner:
                sys.exit(f"adjective {adj!r} of {rec['id']} is already {owner[adj]}'s")
            owner[adj] = rec["id"]


def main() -> int:
    states, capitals = build_states()
    regions = build_places("regions.txt", kind="region")
    orgs, persons = build_orgs(), build_persons()
    cities = build_cities(capitals, {r["id"] for r in regions + orgs + persons})
    check_adjectives(states, cities + regions)
    tables = (states, cities, regions, orgs, persons)
    owners: dict[str, set[str]] = {}
    for rec in (r for table in tables for r in table):
        for name in [rec["label"], *rec["aliases"]]:
            owners.setdefault(fold(name), set()).add(rec["id"])
    seen: set[str] = set()
    for rec in (r for table in tables for r in table):
        if rec["id"] in seen and rec["id"] not in {c["id"] for c in capitals}:
            sys.exit(f"{rec['id']} ({rec['label']}) is in two tables")
        seen.add(rec["id"])
    write("states.jsonl", with_nerel_names(states, owners))
    write("cities.jsonl", with_nerel_names(cities, owners))
    write("regions.jsonl", with_nerel_names(regions, owners))
    write("organizations.jsonl", with_nerel_names(orgs, owners))
    write("persons.jsonl", with_nerel_names(persons, owners))
    write(
        "offices.jsonl",
        build_offices(),
        key=lambda r: (r["org"], r["role"], r["start"], r["person"]),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
