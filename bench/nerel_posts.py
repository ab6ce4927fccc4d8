#!/usr/bin/env python3
"""NEREL posts → affiliation gold (recall only) and docs.jsonl for `kg build`.

    .venv/bin/python bench/nerel_posts.py --dir ../shared/corpora/nerel/dev \\
        --gold /tmp/nerelp/gold.jsonl --docs /tmp/nerelp/docs.jsonl

Reads the brat standoff files of one NEREL split (`<name>.txt` + `<name>.ann`; use the dev
split: the train split overlaps the project's evaluation set) and writes
- DOCS: one `{"id": "nerel-dev-<name>", "text": …}` per document (the id follows the name of
  the folder, `nerel-<folder>-<name>`, as ../shared/eval/el_score.py expects);
- GOLD: affiliation facts in the gold format of ../shared/docs/schema.md (section 4), one line
  per document with at least one fact, every line `"partial": true` (NEREL does not mark every
  post the contract would record, so it scores recall only).

Mapping (NEREL has no HEADS_* relations; WORKS_AS links PERSON → PROFESSION, WORKPLACE links
PERSON|PROFESSION → a place or organisation, MEMBER_OF PERSON|PROFESSION → ORGANIZATION):
- PERSON WORKS_AS PROFESSION + PROFESSION WORKPLACE X → affiliation(person → X), X an
  ORGANIZATION, COUNTRY or STATE_OR_PROVINCE; a CITY only when its span lies inside the
  PROFESSION span (the post phrase names it: «архиепископ Ньюарка», «мэр Бостона»; not
  «генконсул Японии в Марселе», where the city is where the post is held).
- PERSON WORKPLACE X directly (verbs: «возглавил», «работал в», «входил в», and the same post
  phrases) → affiliation(person → X), X an ORGANIZATION, COUNTRY or STATE_OR_PROVINCE.
- PERSON WORKS_AS PROFESSION + PROFESSION MEMBER_OF ORGANIZATION → affiliation («член Совета
  Федерации», «членом Совфеда»); PERSON MEMBER_OF ORGANIZATION directly (mostly party
  membership, «вступил в партию», «выдвигается от партии») → optional.
- A COUNTRY named by an adjective («британский премьер», «российский политик») counts only
  with a post of a state (президент, премьер, лидер, министр, король, посол…); otherwise the
  adjective is nationality and the fact is optional.
- An ORGANIZATION, COUNTRY or STATE_OR_PROVINCE nested inside the organisation's span
  («комитет Совета Федерации по …» ⊃ «Совета Федерации») gives an optional fact: the contract
  wants the most specific organisation, the body it belongs to is an optional alternative. So
  does a second WORKPLACE of the same PERSON|PROFESSION whose target lies inside the first one's
  («премьер Государственного совета Китая» → Госсовет required, Китай optional).
- An ORGANIZATION «правительство X» («власти X», «руководство X») is the state or region X it
  names, as the contract wants; without X («работу правительства») the fact is optional.
- Not mapped: WORKPLACE to FAMILY, EVENT, LOCATION, DISTRICT, FACILITY, IDEOLOGY; a CITY that
  the post phrase does not name (a city of work or residence); PLACE_RESIDES_IN, nationality
  (NATIONALITY entities), a PROFESSION with no WORKPLACE (a post with no organisation), a
  PROFESSION that no PERSON WORKS_AS; SUBORDINATE_OF, OWNER_OF, FOUNDED_BY.

Entities: mentions of one entity are grouped by their Wikidata id (the `N… Reference` lines),
ALTERNATIVE_NAME/ABBREVIATION relations and, for mentions without an id, word-by-word stem
equality; a one-word person mention joins the only multi-word person whose surname it shares.
The key is the Wikidata label («Тиллерсон, Рекс» → «Рекс Тиллерсон») or else the longest
mention; the aliases are every surface form in the document, plus the Wikidata label and, for
persons, the surname of the key. `qid` is set when the mentions are linked.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ORG_TYPES = frozenset({"ORGANIZATION", "COUNTRY", "STATE_OR_PROVINCE"})
ENTITY_TYPES = frozenset({"PERSON", "ORGANIZATION", "COUNTRY", "STATE_OR_PROVINCE", "CITY"})
SAME_ENTITY = frozenset({"ALTERNATIVE_NAME", "ABBREVIATION"})
# Posts of a state: with these a country adjective names the state («британский премьер»).
STATE_POSTS = ("президент", "премьер", "лидер", "министр", "глав", "руководител", "король", "королев",
               "монарх", "император", "правител", "посол", "посл", "канцлер", "госсекретар", "генерал",
               "адмирал", "председател", "спикер", "депутат", "сенатор", "губернатор", "принц", "наследник",
               "дипломат", "консул", "представител", "пресс-секретар")
# «Правительство X», «власти X», «руководство X» are aliases of the state X (schema.md, section 2).
STATE_ALIASES = ("правительств", "власт", "руководств")
QUOTES = re.compile(r"[«»\"“”„'’]")
ROMAN = re.compile(r"[IVXLC]+\.?")
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


@dataclass
class Mention:
    id: str
    type: str
    start: int
    end: int
    text: str
    qid: str | None = None
    label: str | None = None  # the Wikidata label of the N… line


@dataclass
class Ann:
    mentions: dict[str, Mention] = field(default_factory=dict)
    relations: list[tuple[str, str, str, str]] = field(default_factory=list)  # (id, type, arg1, arg2)


def read_ann(path: Path) -> Ann:
    ann = Ann()
    refs: list[tuple[str, str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            kind, _, spans = parts[1].partition(" ")
            offsets = [int(x) for span in spans.split(";") for x in span.split()]
            text = parts[2] if len(parts) > 2 else ""
            ann.mentions[parts[0]] = Mention(parts[0], kind, min(offsets), max(offsets), text)
        elif parts[0].startswith("R"):
            kind, arg1, arg2 = parts[1].split()[:3]
            ann.relations.append((parts[0], kind, arg1.split(":", 1)[1], arg2.split(":", 1)[1]))
        elif parts[0].startswith("N"):
            _, target, ref = parts[1].split()[:3]
            refs.append((target, ref, parts[2].strip() if len(parts) > 2 else ""))
    for target, ref, label in refs:
        mention = ann.mentions.get(target)
        if mention is not None and ref.startswith("Wikidata:Q"):
            mention.qid = ref.split(":", 1)[1]
            mention.label = wikidata_label(label) or None
    return ann


def wikidata_label(label: str) -> str:
    """«Тиллерсон, Рекс» → «Рекс Тиллерсон»."""
    surname, comma, rest = label.partition(",")
    return f"{rest.strip()} {surname.strip()}" if comma and rest.strip() else label.strip()


def words(text: str) -> list[str]:
    return QUOTES.sub("", text.lower().replace("ё", "е")).split()


def same_word(a: str, b: str) -> bool:
    """Case forms of one word: «Обамы» ~ «Обама», «Вячеславом» ~ «Вячеслав»."""
    if a == b:
        return True
    k = max(3, min(len(a), len(b)) - 2)
    return len(a) >= 3 and len(b) >= 3 and a[:k] == b[:k]


def same_name(a: str, b: str) -> bool:
    wa, wb = words(a), words(b)
    return bool(wa) and len(wa) == len(wb) and all(map(same_word, wa, wb))


class UnionFind:
    def __init__(self, items: Iterable[str]) -> None:
        self.parent = {item: item for item in items}

    def find(self, item: str) -> str:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def group_entities(ann: Ann) -> dict[str, str]:
    """Mention id → id of its entity's representative mention."""
    ments = [m for m in ann.mentions.values() if m.type in ENTITY_TYPES]
    uf = UnionFind(m.id for m in ments)
    by_qid: dict[str, str] = {}
    for m in ments:
        if m.qid:
            if m.qid in by_qid:
                uf.union(m.id, by_qid[m.qid])
            by_qid.setdefault(m.qid, m.id)
    for _, kind, a, b in ann.relations:
        if kind in SAME_ENTITY and a in uf.parent and b in uf.parent:
            uf.union(a, b)
    persons = [m for m in ments if m.type == "PERSON"]
    others = [m for m in ments if m.type != "PERSON"]
    for group in (persons, others):
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if (not a.qid or not b.qid) and same_name(a.text, b.text):
                    uf.union(a.id, b.id)
    full = [m for m in persons if len(words(m.text)) > 1]
    for m in persons:
        w = words(m.text)
        if len(w) != 1:
            continue
        owners = {uf.find(f.id) for f in full if same_word(words(f.text)[-1], w[0])}
        if len(owners) == 1:
            uf.union(m.id, owners.pop())
    return {m.id: uf.find(m.id) for m in ments}


@dataclass
class Fact:
    person: str  # mention ids
    org: str
    optional: bool
    note: str
    role: str | None


def is_adjective(text: str) -> bool:
    """«британский», «Северокорейский»: a country named by an adjective."""
    w = words(text)
    if len(w) == 1 and text[:1].islower():
        return True
    return bool(w) and re.search(r"(ск|цк)(ий|ая|ое|ого|ой|ому|им|ую|ие|их)$", w[-1]) is not None


def state_post(profession: str) -> bool:
    return any(w.removeprefix("экс-").startswith(STATE_POSTS) or w.startswith(("вице-", "зам"))
               for w in words(profession))


def state_post_of(ms: dict[str, Mention], adjective: Mention, profession: Mention | None) -> bool:
    """Whether a country adjective qualifies a post of a state: the PROFESSION of the relation,
    or one that contains the adjective or follows it («британский премьер», «испанская королева»)."""
    near = [m for m in ms.values() if m.type == "PROFESSION"
            and (m.start <= adjective.start < m.end or 0 <= m.start - adjective.end <= 2)]
    return any(state_post(m.text) for m in [*([profession] if profession else []), *near])


def inside(inner: Mention, outer: Mention) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end and (inner.start, inner.end) != (outer.start, outer.end)


def extract(ann: Ann, counts: Counter[str]) -> list[Fact]:
    ms = ann.mentions
    works_as: dict[str, list[str]] = {}
    for _, kind, a, b in ann.relations:
        if kind == "WORKS_AS" and a in ms and ms[a].type == "PERSON":
            works_as.setdefault(b, []).append(a)
    rep = group_entities(ann)
    named = {rep[m.id] for m in ms.values() if m.type == "PERSON" and any(c.isupper() for c in m.text)}
    is_named = {m.id: rep[m.id] in named for m in ms.values() if m.type == "PERSON"}
    targets: dict[str, list[str]] = {}  # «премьер Госсовета Китая»: Китай is optional beside Госсовет
    for _, kind, a, b in ann.relations:
        if kind in ("WORKPLACE", "MEMBER_OF") and b in ms:
            targets.setdefault(a, []).append(b)
    facts: list[Fact] = []
    for rid, kind, a, b in ann.relations:
        if kind not in ("WORKPLACE", "MEMBER_OF") or a not in ms or b not in ms:
            continue
        arg1, arg2 = ms[a], ms[b]
        label = f"{kind} {arg1.type}>{arg2.type}"
        if arg1.type == "PROFESSION":
            persons, profession = works_as.get(a, []), arg1
        elif arg1.type == "PERSON":
            persons, profession = [a], None
        else:
            counts[f"skipped: {label}"] += 1
            continue
        if not persons:
            counts[f"skipped: {label} (no PERSON works as it)"] += 1
            continue
        if kind == "MEMBER_OF" and arg2.type != "ORGANIZATION":
            counts[f"skipped: {label}"] += 1
            continue
        if arg2.type == "CITY" and not (profession and inside(arg2, profession)):
            counts[f"skipped: {label} (city not named by the post phrase)"] += 1
            continue
        if arg2.type not in ORG_TYPES | {"CITY"}:
            counts[f"skipped: {label}"] += 1
            continue
        optional = kind == "MEMBER_OF" and profession is None or any(inside(arg2, ms[o]) for o in targets[a])
        if arg2.type == "ORGANIZATION" and words(arg2.text)[0].startswith(STATE_ALIASES):
            state = next((m for m in ms.values() if m.type in ("COUNTRY", "STATE_OR_PROVINCE") and inside(m, arg2)), None)
            if state is None:
                optional = True  # «курировать работу правительства»: whose government, the phrase does not say
            else:
                b, arg2 = state.id, state
        if arg2.type == "COUNTRY" and is_adjective(arg2.text) and not state_post_of(ms, arg2, profession):
            optional = True
        note = f"NEREL {rid} {kind}" + (f" via «{profession.text}»" if profession else "")
        role = profession.text if profession else None
        counts[f"{'optional' if optional else 'required'}: {label}"] += 1
        for person in persons:
            if not is_named.get(person, False):
                counts["skipped: person not named («наследника британской короны»)"] += 1
                continue
            facts.append(Fact(person, b, optional, note, role))
            for inner in ms.values():
                if inner.type in ORG_TYPES and inside(inner, arg2):
                    facts.append(Fact(person, inner.id, True, note + f", nested in «{arg2.text}»", role))
    return facts


class DocumentGold:
    def __init__(self, ann: Ann) -> None:
        self.ann = ann
        self.rep = group_entities(ann)
        self.entities: dict[str, dict[str, Any]] = {}
        self.keys: dict[str, str] = {}  # representative mention id → key

    def entity(self, mention_id: str) -> str:
        rep = self.rep[mention_id]
        if rep in self.keys:
            return self.keys[rep]
        members = [m for m in self.ann.mentions.values() if self.rep.get(m.id) == rep]
        qids = Counter(m.qid for m in members if m.qid)
        texts = list(dict.fromkeys(" ".join(m.text.split()) for m in sorted(members, key=lambda m: m.start)))
        longest = max(texts, key=lambda t: (CYRILLIC.search(t) is not None, t[:1].isupper(), len(t.split()), len(t)))
        labels = [label for label in dict.fromkeys(m.label for m in members if m.label)
                  if len(longest.split()) == 1 or fits(label, longest)]
        key = next((label for label in labels if any(fits(label, t) for t in texts)), longest)
        aliases = [key, *texts, *labels]
        if members[0].type == "PERSON":
            aliases += person_aliases(key, texts)
        record = self.entities.setdefault(key, {"aliases": []})
        record["aliases"] += [a for a in dict.fromkeys(aliases) if a not in record["aliases"]]
        if qids and "qid" not in record:
            record["qid"] = qids.most_common(1)[0][0]
        self.keys[rep] = key
        return key

    def facts(self, facts: list[Fact]) -> list[dict[str, Any]]:
        out: dict[tuple[str, str], dict[str, Any]] = {}
        for fact in facts:
            person, org = self.entity(fact.person), self.entity(fact.org)
            if person == org:
                continue
            known = out.get((person, org))
            if known is None or (known["optional"] and not fact.optional):
                out[(person, org)] = {"type": "affiliation", "person": person, "organization": org,
                                      "role": fact.role, "optional": fact.optional, "note": fact.note}
        return list(out.values())


def fits(label: str, mention: str) -> bool:
    """A Wikidata label that names what the mention says (NEREL has a few wrong labels: the
    party «Национальная конвенция за солидарность Африки» labelled «Африка»)."""
    lw, mw = words(label), words(mention)
    return sum(any(same_word(a, b) for a in lw) for b in mw) * 2 >= len(mw)


def person_aliases(key: str, texts: list[str]) -> list[str]:
    """The surname of the key (the word that ends some mention, else the last one unless it is
    a patronymic or a numeral) and «Имя Фамилия» («Ерохин Дмитрий Юрьевич» → «Ерохин»,
    «Дмитрий Ерохин»)."""
    kw = key.split()
    if len(kw) < 2:
        return []
    ends = [t.split()[-1].lower() for t in texts if len(t.split()) > 1]
    surname = next((w for w in kw if any(same_word(w.lower(), e) for e in ends)), kw[-1])
    if len(surname) < 3 or ROMAN.fullmatch(surname) or surname.endswith(("вич", "вна")):
        return []
    given = next((w for w in kw if w != surname and not w.endswith(("вич", "вна"))), None)
    return [surname, *([f"{given} {surname}"] if given else [])]


def doc_id(directory: Path, name: str) -> str:
    return f"nerel-{directory.resolve().name}-{name}"


def convert(directory: Path) -> tuple[list[dict[str, Any]], list[dict[str, str]], Counter[str]]:
    gold, docs = [], []
    counts: Counter[str] = Counter()
    for ann_path in sorted(directory.glob("*.ann")):
        txt_path = ann_path.with_suffix(".txt")
        if not txt_path.exists():
            continue
        ident = doc_id(directory, ann_path.stem)
        docs.append({"id": ident, "text": txt_path.read_text(encoding="utf-8")})
        ann = read_ann(ann_path)
        document = DocumentGold(ann)
        facts = document.facts(extract(ann, counts))
        counts["facts required"] += sum(not f["optional"] for f in facts)
        counts["facts optional"] += sum(f["optional"] for f in facts)
        if facts:
            entities = {k: v for k, v in document.entities.items()
                        if any(k in (f["person"], f["organization"]) for f in facts)}
            gold.append({"doc": ident, "partial": True, "entities": entities, "facts": facts})
    counts["documents"] = len(docs)
    counts["documents with facts"] = len(gold)
    return gold, docs, counts


def write_jsonl(path: Path, lines: list[dict[str, Any]] | list[dict[str, str]]) -> None:
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", type=Path, required=True, help="a NEREL split folder (.txt + .ann)")
    parser.add_argument("--gold", type=Path, required=True, help="gold JSON Lines to write")
    parser.add_argument("--docs", type=Path, required=True, help="docs JSON Lines to write")
    args = parser.parse_args(argv)
    if not any(args.dir.glob("*.ann")):
        print(f"nerel_posts.py: error: no .ann files in {args.dir}", file=sys.stderr)
        return 2
    gold, docs, counts = convert(args.dir)
    write_jsonl(args.gold, gold)
    write_jsonl(args.docs, docs)
    for name, count in sorted(counts.items()):
        print(f"{name}: {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
