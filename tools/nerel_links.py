"""Derive an alias -> Wikidata table from NEREL v1.1 *train* (never dev: it is held out).

Reads the brat files (`T…` entity lines, `N… Reference T… Wikidata:Q…` links), normalises
every linked surface form to the nominative with natasha (syntax-aware, like
`DocSpan.normalize`), and writes kg/data/gazetteer/nerel_links.jsonl:

    {"id": "Q…", "types": [...], "label": "...", "aliases": [...], "docs": N}

An alias (compared case- and ё-insensitively) that is linked to two QIDs in train is
kept only for the QID with ≥ 90 % of its uses. An alias is also dropped when most of
its occurrences in the train texts (matched the way kg/mentions/ matches: any case
form, capitals and abbreviations as written) are not inside a mention linked to that
QID: this removes first names («Александр»), common nouns («Министерство»), and names
NEREL mostly links to something else («Владимир» the city). `--stats FILE` also writes
per-QID counts (types, forms, docs) for tools/build_gazetteer.py.

Usage:  .venv/bin/python tools/nerel_links.py [--nerel DIR] [--out FILE] [--stats FILE]
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_NEREL = Path("/work/shared/corpora/nerel/train")
DEFAULT_OUT = ROOT / "kg" / "data" / "gazetteer" / "nerel_links.jsonl"
EXCLUDE = Path(__file__).resolve().parent / "gazetteer_src" / "nerel_exclude.txt"
TYPES = ("PERSON", "COUNTRY", "ORGANIZATION", "CITY", "STATE_OR_PROVINCE")
DOMINANT_SHARE = 0.9
MIN_LINK_SHARE = 0.5  # of an alias's occurrences in train, inside a mention linked to its QID
QID = re.compile(r"Wikidata:(Q\d+)")
QUOTES = "«»\"“”„"


@dataclass(frozen=True)
class Link:
    doc: str
    qid: str
    type: str
    start: int
    stop: int
    text: str
    note: str  # the annotator's copy of the Wikidata label, usually Russian nominative


def fold(text: str) -> str:
    """The key aliases are compared on: lower case, ё→е, single spaces, no quotes."""
    text = text.lower().replace("ё", "е")
    text = re.sub(r"[«»\"“”„]", "", text)
    return " ".join(text.split())


def parse_ann(doc: str, ann: str) -> list[Link]:
    """Linked entity mentions of the wanted types in one .ann file (contiguous spans only)."""
    spans: dict[str, tuple[str, int, int, str]] = {}
    links: list[Link] = []
    refs: list[tuple[str, str, str]] = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 3:
            kind, _, offsets = parts[1].partition(" ")
            if ";" in offsets:  # discontinuous: no clean surface form
                continue
            start, stop = (int(x) for x in offsets.split())
            spans[parts[0]] = (kind, start, stop, parts[2])
        elif line.startswith("N") and len(parts) >= 2:
            fields = parts[1].split()
            match = QID.search(parts[1])
            if len(fields) >= 3 and match:
                refs.append((fields[1], match.group(1), parts[2] if len(parts) > 2 else ""))
    for tid, qid, note in refs:
        if tid in spans and spans[tid][0] in TYPES:
            kind, start, stop, text = spans[tid]
            links.append(Link(doc, qid, kind, start, stop, text, note.strip()))
    return links


def normaliser():
    """Build natasha once; returns (text, [(start, stop, type)]) -> [nominative or None].

    A lone adjective («американский») becomes its masculine lemma, a person's name is
    inflected word by word, other names by syntax (the head and its agreeing adjectives)."""
    from natasha import Doc, MorphVocab, NewsEmbedding, NewsMorphTagger, NewsSyntaxParser, Segmenter
    from natasha.norm import normalize, syntax_normalize

    segmenter, emb = Segmenter(), NewsEmbedding()
    tagger, parser, vocab = NewsMorphTagger(emb), NewsSyntaxParser(emb), MorphVocab()

    def run(text: str, spans: list[tuple[int, int]]) -> list[str]:
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_morph(tagger)
        doc.parse_syntax(parser)
        out = []
        for start, stop, kind in spans:
            tokens = [t for t in doc.tokens if t.start >= start and t.stop <= stop]
            if text[stop : stop + 1] == "-" or not tokens:
                out.append(None)  # «американо-…»: a fragment, not a name
            elif len(tokens) == 1 and tokens[0].pos == "ADJ":
                tokens[0].lemmatize(vocab)  # «польские» -> «польский»
                out.append(tokens[0].lemma)
            elif kind == "PERSON":  # names: every word on its own
                out.append(normalize(vocab, tokens))
            else:
                out.append(syntax_normalize(vocab, tokens))
        return out

    return run


def collect(nerel: Path) -> list[tuple[Link, str | None]]:
    """Every linked mention with its nominative form."""
    norm = normaliser()
    result = []
    for ann_path in sorted(nerel.glob("*.ann")):
        links = parse_ann(ann_path.stem, ann_path.read_text(encoding="utf-8"))
        if not links:
            continue
        text = ann_path.with_suffix(".txt").read_text(encoding="utf-8")
        forms = norm(text, [(lk.start, lk.stop, lk.type) for lk in links])
        result.extend(zip(links, forms, strict=True))
    return result


def excluded(path: Path = EXCLUDE) -> set[str]:
    """Folded aliases never taken from NEREL (generic body names such as «ГУ МВД», and names
    train links to a wrong id)."""
    if not path.exists():
        return set()
    lines = (line.split("#")[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return {fold(line) for line in lines if line}


def morph_forms() -> Callable[[str], frozenset[str]]:
    """A word's pymorphy2 normal forms plus itself, lower case, ё→е (as kg.nlp.normal_forms)."""
    from natasha import MorphVocab

    vocab = MorphVocab()

    @functools.cache
    def forms(word: str) -> frozenset[str]:
        low = word.lower().replace("ё", "е")
        return frozenset({low, *(p.normal.replace("ё", "е") for p in vocab.parse(word))})

    return forms


def word_ok(raw: str, raw_forms: frozenset[str], tok: str, tok_forms: frozenset[str]) -> bool:
    """Does token `tok` match alias word `raw`? The rule of kg.mentions: capitalised alias
    words need capitalised tokens, abbreviations upper case, punctuation itself."""
    if not raw[:1].isalnum():
        return raw == tok or (raw in QUOTES and tok in QUOTES)
    if len(raw) > 1 and raw.isupper():
        return tok[:2].isupper() and bool(raw_forms & tok_forms)
    if raw[:1].isupper() and not tok[:1].isupper():
        return False
    return bool(raw_forms & tok_forms)


def link_counts(
    nerel: Path, mentions: list[tuple[Link, str | None]], aliases: Iterable[str]
) -> tuple[Counter, Counter]:
    """How often each alias occurs in the train texts, and how often it overlaps a mention
    linked to a given QID: (occurrences[fold(alias)], inside[(fold(alias), qid)])."""
    from razdel import tokenize

    forms = morph_forms()
    index: dict[str, list[tuple[tuple[frozenset[str], ...], tuple[str, ...], str]]] = defaultdict(list)
    for alias in set(aliases):
        words = tuple(t.text for t in tokenize(alias))
        if words:
            sets = tuple(forms(w) for w in words)
            for first in sets[0]:
                index[first].append((sets, words, fold(alias)))
    by_doc: dict[str, list[Link]] = defaultdict(list)
    for link, _ in mentions:
        by_doc[link.doc].append(link)
    occurrences, inside = Counter(), Counter()
    for txt_path in sorted(nerel.glob("*.txt")):
        toks = list(tokenize(txt_path.read_text(encoding="utf-8")))
        links = by_doc.get(txt_path.stem, [])
        for i, tok in enumerate(toks):
            seen: set[str] = set()
            for nf in forms(tok.text):
                for sets, words, key in index.get(nf, ()):
                    n = len(words)
                    if key in seen or i + n > len(toks):
                        continue
                    if not all(word_ok(words[j], sets[j], toks[i + j].text, forms(toks[i + j].text))
                               for j in range(n)):
                        continue
                    seen.add(key)
                    occurrences[key] += 1
                    start, stop = tok.start, toks[i + n - 1].stop
                    # «штат Алабама» counts for the link on «Алабама», and the other way round
                    for qid in {lk.qid for lk in links if lk.start < stop and start < lk.stop}:
                        inside[(key, qid)] += 1
    return occurrences, inside


PROPER = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr", "UNKN"}


def first_parse() -> Callable[[str], tuple[str, frozenset[str]]]:
    """(part of speech, grammemes) of pymorphy2's best parse of a word."""
    from natasha import MorphVocab

    vocab = MorphVocab()

    @functools.cache
    def parse(word: str) -> tuple[str, frozenset[str]]:
        parses = vocab.parse(word)
        return (str(parses[0].tag.POS), frozenset(parses[0].tag.grammemes)) if parses else ("", frozenset())

    return parse


def risky_word(form: str, kind: str, docs: int, is_label: bool, parse) -> bool:
    """A one-word alias that would link too much: a first name for a person («Юрий» for
    Жирков; a one-name label seen in a single document, «Саша»), a dictionary noun seen in
    one document («Юность»), a place name for an organisation («Сибирь» the hockey club)."""
    if " " in form or not form.isalpha():
        return False
    pos, grams = parse(form)
    if kind == "PERSON" and grams & {"Name", "Patr"} and (not is_label or docs < 2):
        return True
    if pos == "NOUN" and not grams & PROPER and docs < 2:
        return True
    return kind == "ORGANIZATION" and "Geox" in grams


def tidy(form: str) -> str:
    form = " ".join(form.replace("\n", " ").split()).strip(" ,.;:«»\"'")
    # Natasha lower-cases words it inflects only when the source was lower case; keep
    # acronyms (РФ) and capitalised names as they were.
    return form


def is_adjective(form: str) -> bool:
    return " " not in form and form.islower() and form.endswith(("ий", "ый", "ой"))


def build(
    mentions: list[tuple[Link, str | None]],
    counts: tuple[Counter, Counter] | None = None,
    parse: Callable[[str], tuple[str, frozenset[str]]] | None = None,
) -> tuple[list[dict], dict]:
    """Records and stats; `counts` (from link_counts) drops aliases mostly used unlinked,
    `parse` (from first_parse) drops risky one-word aliases."""
    occurrences, inside = counts or (Counter(), Counter())
    stop = excluded()
    notes: dict[str, Counter] = defaultdict(Counter)
    forms: dict[str, Counter] = defaultdict(Counter)
    surface: dict[str, Counter] = defaultdict(Counter)
    types: dict[str, Counter] = defaultdict(Counter)
    docs: dict[str, set] = defaultdict(set)
    alias_use: dict[str, Counter] = defaultdict(Counter)
    for link, form in mentions:
        types[link.qid][link.type] += 1
        docs[link.qid].add(link.doc)
        surface[link.qid][tidy(link.text)] += 1
        if link.note:
            notes[link.qid][link.note] += 1
        form = tidy(form or "")
        if not form or len(form) > 80:
            continue
        forms[link.qid][form] += 1
        alias_use[fold(form)][link.qid] += 1

    def owner(key: str) -> str | None:
        counts = alias_use[key]
        qid, top = counts.most_common(1)[0]
        return qid if top / sum(counts.values()) >= DOMINANT_SHARE else None

    def linked(key: str, qid: str) -> bool:
        seen = occurrences[key]
        return not seen or inside[(key, qid)] / seen >= MIN_LINK_SHARE

    records = []
    for qid in sorted(forms, key=lambda q: int(q[1:])):  # numeric QID order
        kept = [
            f
            for f, _ in forms[qid].most_common()
            if owner(fold(f)) == qid and linked(fold(f), qid) and fold(f) not in stop
        ]
        if not kept:
            continue
        seen, aliases = set(), []
        for form in kept:
            if fold(form) not in seen:
                seen.add(fold(form))
                aliases.append(form)
        if parse is not None:
            kind, ndocs = types[qid].most_common(1)[0][0], len(docs[qid])
            first = next((a for a in aliases if not is_adjective(a)), None)
            aliases = [a for a in aliases if not risky_word(a, kind, ndocs, a == first, parse)]
            if not aliases:
                continue
        names = [a for a in aliases if not is_adjective(a)]
        if names:
            label = names[0]
        elif notes[qid]:
            label = notes[qid].most_common(1)[0][0]
        else:
            label = aliases[0]
        label = label[0].upper() + label[1:]
        if not label[0].isupper() or not linked(fold(label), qid):  # «2×2»: not a name to look up
            continue
        aliases = [a for a in aliases if fold(a) != fold(label)]
        records.append(
            {
                "id": qid,
                "types": sorted(types[qid], key=lambda t: (-types[qid][t], t)),
                "label": label,
                "aliases": sorted(aliases, key=fold),
                "docs": len(docs[qid]),
            }
        )
    stats = {
        qid: {
            "label": next((r["label"] for r in records if r["id"] == qid), None),
            "types": dict(types[qid]),
            "forms": dict(forms[qid]),
            "surface": dict(surface[qid]),
            "notes": dict(notes[qid]),
            "docs": len(docs[qid]),
        }
        for qid in forms
    }
    return records, stats


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--nerel", type=Path, default=DEFAULT_NEREL, help="NEREL train folder")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--stats", type=Path, help="also write per-QID counts as JSON")
    args = ap.parse_args(argv)
    if "dev" in args.nerel.parts:
        print("refusing to read NEREL dev: it is held out for measuring", file=sys.stderr)
        return 2
    mentions = collect(args.nerel)
    candidates = {tidy(f) for _, f in mentions if f} | {lk.note for lk, _ in mentions if lk.note}
    records, stats = build(mentions, link_counts(args.nerel, mentions, candidates), first_parse())
    args.out.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    if args.stats:
        args.stats.write_text(
            json.dumps(stats, ensure_ascii=False, sort_keys=True), encoding="utf-8"
        )
    print(f"{len(records)} linked entities -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
