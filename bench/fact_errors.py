"""Error browser: per missed or spurious fact, the sentence, its parse, what fired and what nearly did.

    .venv/bin/python bench/fact_errors.py --gold ../shared/eval/dev2/gold.jsonl \\
        --docs ../shared/eval/dev2/docs.jsonl --half odd --types demanded,rejected > /tmp/errors.txt

Builds the documents with kg's own pipeline, scores them with ../shared/eval/score.py
(strict view) and prints, for every document with errors:
- each missed fact with the sentences that name its actors (by the gold aliases), each
  sentence's dependency parse (index, word, lemma, part of speech, relation, head), the
  actor mentions kg found there and the trigger or post words of the lexicon it contains;
- each spurious fact with its evidence sentence and the rule that made it.
`--half odd|even` keeps the odd or even lines of DOCS (study one half, check on the other).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCORER = ROOT.parent / "shared" / "eval" / "score.py"


def _fact_str(f: dict) -> str:
    if f["type"] == "affiliation":
        return f"affiliation({f['person']} → {f['organization']})"
    if "participants" in f:
        return f"{f['type']}{{{', '.join(f['participants'])}}} @ {f.get('location') or '*'}"
    return f"{f['type']}({f.get('source')} → {f.get('target') or '*'})"


def _actors(f: dict) -> list[str]:
    if f["type"] == "affiliation":
        return [f["person"], f["organization"]]
    if "participants" in f:
        return [*f["participants"], *([f["location"]] if f.get("location") else [])]
    return [x for x in (f.get("source"), f.get("target")) if x]


def _aliases(gold_doc: dict, name: str) -> set[str]:
    ent = gold_doc["entities"].get(name, {})
    out = {name, *ent.get("aliases", [])}
    # A stem of each alias finds its other case forms («Россией» for «Россия»).
    return {a[: max(4, len(a) - 2)].lower() if len(a) > 5 else a.lower() for a in out}


def _parse_lines(dm, sent, lex) -> list[str]:
    dm_at = {(m.sent, k): m for m in dm.mentions for k in range(m.first, m.last)}
    out = []
    for t in sent.tokens:
        m = dm_at.get((sent.i, t.i))
        tags = []
        if m is not None:
            tags.append(f"@{m.entity}:{m.kind}")
        if t.lemma in lex.frames:
            tags.append("TRIGGER:" + ",".join(f.id for f in lex.frames[t.lemma]))
        if t.lemma in lex.roles:
            tags.append("POST")
        out.append(f"      {t.i:>3} {t.text:<18} {t.lemma:<16} {t.pos:<6} {t.rel:<12} {t.head:>3} {' '.join(tags)}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", required=True, type=Path)
    ap.add_argument("--docs", required=True, type=Path)
    ap.add_argument("--half", choices=("odd", "even", "all"), default="all")
    ap.add_argument("--types", default="", help="comma-separated fact types to show (default all)")
    ap.add_argument("--scorer", type=Path, default=SCORER)
    ap.add_argument("--no-parse", action="store_true", help="sentences only, no parse")
    args = ap.parse_args(argv)

    from kg import gazetteer, lexicon, nlp
    from kg.inputs import read_jsonl
    from kg.mentions import detect
    from kg.pipeline import analyse, build_dataset

    lines = args.docs.read_text(encoding="utf-8").splitlines()
    keep = [ln for n, ln in enumerate(lines, 1) if args.half == "all" or (n % 2 == 1) == (args.half == "odd")]
    docs = list(read_jsonl("\n".join(keep).encode("utf-8"), str(args.docs), None))
    parsed = {p.doc.id: p for p in nlp.parse_documents(docs)}
    results = [analyse(p) for p in parsed.values()]
    ds = build_dataset(results)
    ids = set(parsed)
    gold_lines = [ln for ln in args.gold.read_text(encoding="utf-8").splitlines() if ln.strip()]
    gold = {g["doc"]: g for g in map(json.loads, gold_lines) if g["doc"] in ids}
    with tempfile.TemporaryDirectory() as tmp:
        graph, report, half = Path(tmp) / "g.trig", Path(tmp) / "r.json", Path(tmp) / "gold.jsonl"
        ds.serialize(graph, format="trig")
        half.write_text("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in gold.values()), encoding="utf-8")
        done = subprocess.run([sys.executable, str(args.scorer), "--gold", str(half), "--graph", str(graph),
                               "--view", "strict", "--json", str(report)], capture_output=True, text=True)
        if done.returncode:
            print(done.stderr.strip(), file=sys.stderr)
            return 2
        print("\n".join(ln for ln in done.stdout.splitlines()[:16] if ln.strip()))
        scored = json.loads(report.read_text(encoding="utf-8"))["views"]["strict"]["documents"]
    types = set(filter(None, args.types.split(",")))
    lex, gaz = lexicon.default(), gazetteer.default()
    by_id = {r.doc.id: r for r in results}
    for doc_id, errs in scored.items():
        missed = [f for f in errs["missed"] if not types or f["type"] in types]
        spurious = [f for f in errs["spurious"] if not types or f["type"] in types]
        if doc_id not in by_id or not (missed or spurious):
            continue
        r, p = by_id[doc_id], parsed[doc_id]
        dm = detect(p, gaz, nlp.normal_forms, lex.bodies, nlp.inflect, lex.grammar, lex.demonyms, lex.combining)
        print(f"\n==== {doc_id}")
        for f in missed:
            print(f"  MISSED {_fact_str(f)}" + (f"   [gold note: {f['note'][:160]}]" if f.get("note") else ""))
            names = [_aliases(gold[doc_id], a) for a in _actors(f)]
            scored_sents = sorted(((sum(any(a in s.text.lower() for a in al) for al in names), s) for s in p.sentences),
                                  key=lambda x: -x[0])
            for hits, s in scored_sents[:2]:
                if hits == 0:
                    break
                print(f"    sentence {s.i} ({hits}/{len(names)} actors): {s.text.strip()[:400]}")
                for fact in r.facts:
                    if fact.sent == s.i:
                        print(f"      fired {fact.type} rule={fact.rule} agents={fact.agents} targets={fact.targets}"
                              f" participants={fact.participants}")
                if not args.no_parse:
                    print("\n".join(_parse_lines(dm, s, lex)))
        for f in spurious:
            print(f"  SPURIOUS {_fact_str(f)}")
            names = {n.lstrip("~").lower() for n in _actors(f)}
            for fact in r.facts:
                labels = {r.entities[k].label.lower() for k in (*fact.agents, *fact.targets, *fact.participants)
                          if k in r.entities}
                if fact.type == f["type"] and any(n in lb or lb in n for n in names for lb in labels):
                    print(f"    rule={fact.rule} sentence {fact.sent}: {fact.evidence.strip()[:300]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
