"""Institutions named by a common noun when they act: «прокуратура требовала наказания»,
«следователь попросил суд арестовать X», «суд отклонил ходатайство». Requests between
institutions are demands and refusals (eval/dev2/README.md), though no NER names them.

Each kind (bodies.toml [institutions]: «прокурор» → «прокуратура») is one document-local
GovernmentBody, labelled by the place the text ties it to («суд Милана») when it does; a bare
«суд» later in the document is the same court."""

from __future__ import annotations

from kg.facts.context import DocContext, class_of
from kg.lexicon import Frame
from kg.mentions import entity_of, slug
from kg.records import Entity
from kg.tree import Tree, governor, plural

PLACE_CLASSES = ("City", "Place", "State")
ROLE_RELS = {"subject": ("nsubj",), "obj": ("obj",), "iobj": ("iobj",), "dat": ("iobj", "obj", "obl"),
             "owner": ("obj", "obl", "nsubj:pass")}


def institution_args(ctx: DocContext, tree: Tree, i: int, specs: tuple[str, ...], frame: Frame) -> list[str]:
    """The institution filling one of the frame's roles, for demands and refusals only."""
    if frame.type not in ("demanded", "rejected"):
        return []
    for spec in specs:
        head = i
        if spec == "subject" and frame.pos == "NOUN":
            g = governor(tree, i)
            if g is None:
                continue
            head = g
        rels = ROLE_RELS.get(spec, ("obl", "nmod") if spec.startswith("obl:") else ())
        if not rels:
            continue  # a role institutions do not fill («offerer», «complement»)
        for k in tree.children(head, *rels):
            if spec.startswith("obl:") and tree.prep(k) != spec[4:]:
                continue  # «обратился в суд», «потребовал от прокуратуры»
            if spec == "dat" and (tree.tok(k).feat("Case") != "Dat" or tree.prep(k) is not None):
                continue
            if spec == "owner":  # «отклонил ходатайство следствия»: the author of what is refused
                if tree.tok(k).lemma not in ctx.lex.grammar.request_nouns:
                    continue
                k = next((c for c in tree.children(k, "nmod") if tree.prep(c) is None), -1)
                if k < 0:
                    continue
            found = institution_at(ctx, tree, k)
            if found:
                return [found]
    return []


def institution_at(ctx: DocContext, tree: Tree, k: int) -> str | None:
    tok = tree.tok(k)
    label = (ctx.lex.institutions or {}).get(tok.lemma)
    if label is None or tok.pos != "NOUN" or plural(tok) or ctx.dm.at(tree.sent.i, k) is not None:
        return None  # «суды» in general are no one in particular
    sid = tree.sent.i
    where = _place(ctx, tree, k, label)
    known = ctx.institutions.get(label) or _named(ctx, label, sid)
    if where is None and known is not None:
        return known  # the court the document named before
    name, place = where or (label, None)
    key = f"body:{slug(name)}"
    part_of = None
    if place is not None:
        part_of = place if class_of(ctx, place) == "State" else ctx.state_of(place)
    ctx.dm.entities.setdefault(key, Entity(key, name, "GovernmentBody", part_of=part_of))
    ctx.dm.forms.setdefault(key, set()).add(tok.text)
    if place is not None or known is None:
        ctx.institutions[label] = key
    return key


def _place(ctx: DocContext, tree: Tree, k: int, label: str) -> tuple[str, str] | None:
    """«суд Милана», «миланский суд»: the place the institution serves names it (name, place key)."""
    for c in tree.children(k, "nmod", "amod"):
        c_tok = tree.tok(c)
        if c_tok.rel == "amod":
            key = ctx.gaz.place_adjectives.get(c_tok.lemma) or ctx.gaz.adjectives.get(c_tok.lemma)
            if key is not None and key in ctx.gaz.entries:
                ctx.dm.entities.setdefault(key, entity_of(ctx.gaz.entries[key]))
                return f"{_agree(c_tok.lemma, label)} {label}", key
        elif tree.prep(c) is None and (m := ctx.dm.at(tree.sent.i, c)) is not None \
                and class_of(ctx, m.entity) in PLACE_CLASSES:
            return f"{label} {m.text}", m.entity
    return None


def _agree(adjective: str, noun: str) -> str:
    """«российский» + «прокуратура» → «российская»: the adjective in the label's gender."""
    if adjective[-2:] not in ("ий", "ый", "ой"):
        return adjective
    stem, soft = adjective[:-2], adjective.endswith("ий") and adjective[-3:-2] not in "кгхжшчщ"
    if noun[-1:] in ("а", "я"):
        return stem + ("яя" if soft else "ая")
    if noun[-1:] in ("о", "е"):
        return stem + ("ее" if soft else "ое")
    return adjective


def _named(ctx: DocContext, label: str, upto: int) -> str | None:
    """The institution NER named in the document («Чертановский суд»), for a bare «суд» later."""
    for m in ctx.dm.mentions:
        if m.sent <= upto and m.kind == "name" and class_of(ctx, m.entity) in ("Organization", "GovernmentBody"):
            toks = ctx.parsed.sentences[m.sent].tokens
            if (ctx.lex.institutions or {}).get(toks[m.last - 1].lemma) == label or (
                    (ctx.lex.institutions or {}).get(toks[m.first].lemma) == label):
                ctx.institutions[label] = m.entity
                return m.entity
    return None


def court_addressee(ctx: DocContext, tree: Tree, i: int, agents: list[str]) -> list[str]:
    """«Прокуратура требовала для X наказания»: a penalty is asked of the court the document names."""
    if not any(a in ctx.institutions.values() for a in agents):
        return []
    court = ctx.institutions.get("суд") or _named_court(ctx)
    if court is None:
        return []
    if not any(tree.tok(k).lemma in ctx.lex.grammar.penalty_nouns for k in tree.children(i, "obj", "obl", "xcomp")):
        return []
    return [court] if court not in agents else []


def _named_court(ctx: DocContext) -> str | None:
    """The first court the document names, by NER («Суд Милана приговорил…») or by its place."""
    for sent in ctx.parsed.sentences:
        found = _named(ctx, "суд", sent.i)
        if found is not None:
            return found
        for t in sent.tokens:
            if (ctx.lex.institutions or {}).get(t.lemma) == "суд" and ctx.dm.at(sent.i, t.i) is None \
                    and institution_at(ctx, ctx.tree(sent.i), t.i) is not None:
                return ctx.institutions.get("суд")
    return None


def private_plea(ctx: DocContext, agent: str, target: str) -> bool:
    """«Сорокин обратился в суд с просьбой»: a private person's plea to an institution, or an
    institution's answer to one, is no relation between actors; an official's is («министр
    отверг обвинения прокуратуры»)."""
    made = set(ctx.institutions.values())
    if agent not in made and target not in made:
        return False
    other = target if agent in made else agent
    if class_of(ctx, other) != "Person" or ctx.state_of(other) is not None:
        return False
    return not any(f.type == "affiliation" and other in f.agents for f in ctx.facts)  # no post named
