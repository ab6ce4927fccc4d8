"""Review the curated gazetteer tables against NEREL v1.1 *train* links (dev is never read).

For every Wikidata id in tools/gazetteer_src/*.txt, list the Wikidata labels the annotators
copied («N… Reference T… Wikidata:Q…<TAB>label») and the mention texts linked to it, and
flag ids whose train names share no word with the table's label and aliases (likely a
wrong id). For every slug, show train ids whose Wikidata label or mention text equals the
slug's label or an alias (an id to adopt after review). Also lists aliases shared by two
curated entries and one-word aliases that are ordinary dictionary words.

Usage:  .venv/bin/python tools/gazetteer_check.py [--nerel DIR] [--lookup NAME ...]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parent / "gazetteer_src"
BUILT = Path(__file__).resolve().parent.parent / "kg" / "data" / "gazetteer"
ALIAS_EXCEPTIONS = BUILT / "alias_exceptions.txt"
DEFAULT_NEREL = Path("/work/shared/corpora/nerel/train")
QID = re.compile(r"^Q\d+$")
# table -> (id column, label column, alias columns)
TABLES = {
    "states.txt": (1, 2, [6]),
    "cities.txt": (0, 1, [4]),
    "regions.txt": (0, 1, [4]),
    "organizations.txt": (0, 1, [5]),
    "persons.txt": (0, 1, [4]),
}
PROPER_TAGS = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr", "UNKN"}


def fold(text: str) -> str:
    return " ".join(re.sub(r"[«»\"“”„]", "", text.lower().replace("ё", "е")).split())


def stem_words(text: str) -> set[str]:
    return {w[:4] for w in re.findall(r"\w+", fold(text)) if len(w) > 2}


def read_nerel(folder: Path) -> tuple[dict[str, Counter], dict[str, Counter], dict[str, set[str]]]:
    """qid -> Counter(Wikidata label), qid -> Counter(mention text), folded name -> qids."""
    notes: dict[str, Counter] = defaultdict(Counter)
    texts: dict[str, Counter] = defaultdict(Counter)
    names: dict[str, set[str]] = defaultdict(set)
    for ann in sorted(folder.glob("*.ann")):
        spans = {}
        lines = ann.read_text(encoding="utf-8").splitlines()
        for line in lines:
            if line.startswith("T"):
                parts = line.split("\t")
                if len(parts) >= 3:
                    spans[parts[0]] = parts[2]
        for line in lines:
            if not line.startswith("N"):
                continue
            parts = line.split("\t")
            m = re.match(r"Reference (T\d+) Wikidata:(Q\d+)", parts[1]) if len(parts) > 1 else None
            if not m:
                continue
            qid, text = m.group(2), spans.get(m.group(1), "")
            note = parts[2] if len(parts) > 2 else ""
            notes[qid][note] += 1
            texts[qid][text] += 1
            names[fold(note)].add(qid)
            names[fold(text)].add(qid)
    return notes, texts, names


def table_rows() -> list[tuple[str, int, str, str, list[str]]]:
    out = []
    for name, (id_col, label_col, alias_cols) in TABLES.items():
        for n, line in enumerate((SRC / name).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            cells = [c.strip() for c in line.split("|")]
            aliases = [a.strip() for col in alias_cols for a in cells[col].split(";") if a.strip() and a.strip() != "-"]
            out.append((name, n, cells[id_col], cells[label_col], aliases))
            if name == "states.txt" and cells[4] not in ("", "-") and cells[5]:
                out.append((name, n, cells[4], cells[5], []))
    return out


def dictionary_word(word: str, morph) -> bool:
    """True when the best pymorphy2 parses of a capitalised word are common (not proper) words."""
    parses = morph.parse(word.lower())
    known = [p for p in parses if p.is_known]
    if not known:
        return False
    score = sum(p.score for p in known if not (set(p.tag.grammemes) & PROPER_TAGS))
    return score >= 0.5


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nerel", type=Path, default=DEFAULT_NEREL)
    ap.add_argument("--lookup", nargs="*", help="print train ids whose names contain these words")
    args = ap.parse_args()
    notes, texts, names = read_nerel(args.nerel)

    if args.lookup:
        for query in args.lookup:
            q = fold(query)
            hits = sorted({qid for name, qids in names.items() if q in name for qid in qids}, key=lambda x: int(x[1:]))
            for qid in hits[:15]:
                print(f"{query}\t{qid}\t{dict(notes[qid].most_common(3))}\t{dict(texts[qid].most_common(4))}")
            if not hits:
                print(f"{query}\t-")
        return 0

    rows = table_rows()
    print("== ids whose train names share no word with the table's names")
    for name, n, rid, label, aliases in rows:
        if not QID.match(rid) or rid not in notes:
            continue
        ours = set().union(*(stem_words(x) for x in [label, *aliases]))
        theirs = set().union(*(stem_words(x) for x in [*notes[rid], *texts[rid]]))
        if not ours & theirs:
            print(f"{name}:{n}\t{rid}\t{label}\t{dict(notes[rid].most_common(3))}\t{dict(texts[rid].most_common(3))}")
    print("== ids in no train link (from memory)")
    memory = [(name, rid, label) for name, _, rid, label, _ in rows if QID.match(rid) and rid not in notes]
    print(len(memory), "ids;", ", ".join(f"{rid} {label}" for _, rid, label in memory))
    print("== slugs whose names train links to an id")
    for name, n, rid, label, aliases in rows:
        if QID.match(rid):
            continue
        found = {q for x in [label, *aliases] for q in names.get(fold(x), ())}
        for qid in sorted(found):
            print(f"{name}:{n}\t{rid}\t{label}\t{qid}\t{dict(notes[qid].most_common(3))}")
    print("== aliases of two built entries (generated surnames included), not in alias_exceptions.txt")
    listed = {
        fold(line.split("#")[0])
        for line in ALIAS_EXCEPTIONS.read_text(encoding="utf-8").splitlines()
        if line.split("#")[0].strip()
    }
    owners: dict[str, set[str]] = defaultdict(set)
    for table in ("states", "organizations", "persons", "cities", "regions"):
        for line in (BUILT / f"{table}.jsonl").read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            for x in [rec["label"], *rec["aliases"]]:
                owners[fold(x)].add(rec["id"])
    for alias, ids in sorted(owners.items()):
        if len(ids) > 1 and alias not in listed:
            print(f"{alias}\t{sorted(ids)}")
    print("== one-word aliases that are dictionary words")
    import inspect

    if not hasattr(inspect, "getargspec"):  # pymorphy2 0.9 on Python 3.11
        inspect.getargspec = lambda f: inspect.getfullargspec(f)[:4]
    import pymorphy2

    morph = pymorphy2.MorphAnalyzer()
    for name, n, rid, label, aliases in rows:
        for x in [label, *aliases]:
            if " " not in x and re.fullmatch(r"[А-ЯЁа-яё-]+", x) and dictionary_word(x, morph):
                print(f"{name}:{n}\t{rid}\t{x}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
