"""Visits: where a person goes (talks held there next take place there), and a trip whose goal
is a meeting named in the neighbouring sentence: «Лидеры ездят в Москву, чтобы встретиться с
Путиным. Вчера в Москву приехал X, а скоро Москву посетит Y.» → held {X, Путин} @ Москва (the
trip is past), scheduled {Y, Путин} @ Москва (ahead). Same-sentence goals are the talks rule's."""

from __future__ import annotations

from kg.facts.actors import actors_at, subject
from kg.facts.context import DocContext, class_of, public_actor, uniq
from kg.facts.frames import role_arg
from kg.facts.talks import FRAME_GEN, talks_frame
from kg.facts.where_when import event_places
from kg.records import Fact
from kg.tree import Tree

PLACES = ("State", "City", "Place")
RULE = "talks.visit_goal"


def track_visits(ctx: DocContext, tree: Tree) -> list[Fact]:
    """Record the visits of a sentence («Обама прибыл в Ирландию») and its trips' goals; the
    talks a goal in the neighbouring sentence gives a visit to the same place."""
    sid = tree.sent.i
    seen_here: set[str] = set()
    for t in tree.sent.tokens:
        g = ctx.lex.grammar
        if t.lemma not in g.visit_verbs and t.lemma not in g.trip_nouns or tree.prep(t.i) in g.outside_preps:
            continue
        place = None
        for k in tree.children(t.i, "obj", "obl", "nmod"):
            m = ctx.dm.at(sid, k)
            if m and class_of(ctx, m.entity) in PLACES and (
                    tree.prep(k) in ("в", "во", "на") or tree.tok(k).rel == "obj"):
                place = m.entity
        if place is None:
            continue
        who = subject(ctx, tree, t.i) if t.pos == "VERB" else role_arg(ctx, tree, t.i, "gen", FRAME_GEN)
        if not who and t.pos != "VERB" and t.rel in ("obj", "obl") and t.head >= 0:
            who = subject(ctx, tree, t.head)  # «совершит визит во Францию»: the one who makes the trip
        persons = tuple(p for p in who if class_of(ctx, p) == "Person")
        for p in persons:
            if p not in seen_here:
                ctx.visits[p] = (place, sid, t.i)
                seen_here.add(p)  # the first visit of a sentence is where its talks happen
        if persons and t.pos == "VERB":
            ctx.trips.append(("visit", sid, place, persons, t.i))
    ctx.trips += _goals(ctx, tree)
    event_places(ctx, tree)
    return _goal_talks(ctx, sid)


def _goals(ctx: DocContext, tree: Tree) -> list[tuple[str, int, str, tuple[str, ...], int]]:
    """«ездят в Москву, чтобы встретиться с Путиным»: a talks verb as the purpose of a trip to a
    place («в Москву», also on the trip's noun: «совершают поездки в Москву»), with its partners."""
    sid, out = tree.sent.i, []
    for t in tree.sent.tokens:
        if not (t.rel == "advcl" and t.head >= 0 and any(tree.tok(k).lemma == "чтобы" for k in tree.children(t.i, "mark"))
                and talks_frame(ctx, tree, t)):
            continue
        trip = [t.head, *tree.children(t.head, "obj")]
        places = [m.entity for h in trip for k in tree.children(h, "obl", "nmod")
                  if tree.prep(k) in ("в", "во", "на") and tree.tok(k).feat("Case") == "Acc"
                  and (m := ctx.dm.at(sid, k)) is not None and class_of(ctx, m.entity) in PLACES]
        partners = tuple(uniq([a for k in tree.children(t.i, "obl") if tree.prep(k) == "с"
                               for a in actors_at(ctx, tree, k, conj=False)]))
        if places and partners:
            out.append(("goal", sid, places[0], partners, t.i))
    return out


def _goal_talks(ctx: DocContext, sid: int) -> list[Fact]:
    """Visits of this sentence met with goals of the one before, and the other way round."""
    near = [x for x in ctx.trips if x[1] in (sid - 1, sid)]
    out, seen = [], set()
    for kind, vsid, place, persons, i in near:
        if kind != "visit":
            continue
        # «приехал X, а скоро посетит Y»: a person makes one trip a sentence; a second visit the
        # parser gives the same subject has lost its own.
        persons = tuple(p for p in persons if (vsid, p) not in seen)
        seen |= {(vsid, p) for p in persons}
        for gkind, gsid, gplace, partners, _ in near:
            if gkind != "goal" or gplace != place or gsid == vsid or sid not in (gsid, vsid):
                continue
            tense = ctx.tree(vsid).tok(i).feat("Tense")
            if tense not in ("Past", "Fut"):
                continue
            tree = ctx.tree(vsid)
            for p in persons:
                parts = tuple(sorted(uniq([p, *partners])))
                if len(parts) < 2 or not all(public_actor(ctx, a) for a in parts):
                    continue  # a private person's trip, or nobody else to meet
                out.append(Fact("scheduledTalks" if tense == "Fut" else "heldTalks", ctx.parsed.doc.id, vsid,
                                tree.sent.text, RULE, participants=parts, location=place,
                                modality="future" if tense == "Fut" else "asserted", confidence=0.6))
    return out
