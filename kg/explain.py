"""`kg build --explain`: per document, the entities found and, per sentence, the rules that fired."""

from __future__ import annotations

from typing import TextIO

from kg.pipeline import DocResult


def _name(r: DocResult, key: str | None) -> str:
    if not key:
        return "—"
    e = r.entities.get(key)
    return f"{e.label} [{key}]" if e else key


def explain(r: DocResult, out: TextIO) -> None:
    print(f"== {r.doc.id} ({r.doc.date or 'no date'})", file=out)
    for key, e in sorted(r.entities.items(), key=lambda kv: kv[1].label):
        forms = ", ".join(sorted(r.forms.get(key, ())))
        print(f"  entity {e.label} [{key}] {e.cls}: {forms}", file=out)
    for c in r.resolutions:  # kg.coref: what each anaphor was taken to mean, and why
        to = ", ".join(_name(r, k) for k in c.entities) if c.entities else "unresolved"
        print(f"  coref sentence {c.sent} «{c.text}» ({c.kind}) → {to}: {c.why}", file=out)
    last = None
    for f in sorted(r.facts, key=lambda f: f.sent):
        if f.sent != last:
            print(f"  sentence {f.sent}: {f.evidence.strip()[:200]}", file=out)
            last = f.sent
        if f.type == "affiliation":
            roles = f"person={_name(r, f.agents[0])} org={_name(r, f.targets[0])} role={f.role}"
        elif f.participants:
            parts = ", ".join(_name(r, p) for p in f.participants)
            roles = f"participants={parts} location={_name(r, f.location)} dates={f.start or '—'}..{f.end or '—'}"
        else:
            roles = f"agent={_name(r, f.agents[0] if f.agents else None)} target={_name(r, f.targets[0] if f.targets else None)}"
        extra = f" modality={f.modality}" + (f" condition=«{f.condition}»" if f.condition else "")
        print(f"    {f.type:<20} rule={f.rule} {roles}{extra}", file=out)
