"""Facts from the parse: trigger frames, their roles in the dependency tree, modality, dates.

One pass per sentence: find triggers (kg/data/lexicon/triggers.toml), read the roles the
frame names from the tree, resolve them to actors (mentions, post phrases, pronouns,
«российская сторона»), then decide modality (negated → dropped; conditional and future
recorded), tense (scheduled vs held talks, threatened vs imposed sanctions), place and date.

The modules, bottom up (over `kg.tree`, the dependency tree, which kg.coref reads too):
`context` (DocContext, what the
document remembers) → `posts` (post phrases) and `where_when` (places and dates) → `actors`
(mention → actor, subjects) → `modality` → `speech` (speakers, quotes) → `frames` (trigger
frames and their roles) → the fact families `office_holders` (affiliations, appointments),
`demands` (with rejections), `sanctions` → `sanction_acts`, `talks` → `visits`, `sentence` (one sentence's facts) →
`merging` (one fact per event); `extract` below runs them over a document.
"""

from __future__ import annotations

from kg.facts.context import DocContext, class_of
from kg.facts.demands import fill_rejected_targets
from kg.facts.merging import merge
from kg.facts.office_holders import affiliations, appointments, subject_by_post
from kg.facts.sentence import sentence_facts
from kg.facts.speech import said_so_before
from kg.facts.succession import predecessors
from kg.facts.visits import track_visits
from kg.records import Fact

__all__ = ["DocContext", "extract"]


def extract(ctx: DocContext) -> list[Fact]:
    # First pass: posts the document names with a person, so «глава японского МИДа» early in
    # the text can be resolved by «министр иностранных дел Японии Сейдзи Маэхара» later on.
    people: dict[int, list] = {}
    for m in ctx.dm.mentions:
        if class_of(ctx, m.entity) == "Person":
            people.setdefault(m.sent, []).append(m)
    for sent in ctx.parsed.sentences:
        if sent.i in people:  # a post with its holder's name needs a person named in the sentence
            ctx.current_sent = sent.i
            affiliations(ctx, ctx.tree(sent.i), explicit_only=True)  # fills ctx.role_map
    ctx.office_order.clear()
    ctx.last_person = ctx.last_subject = None  # set by the first pass; the text has not begun
    for sent in ctx.parsed.sentences:
        tree = ctx.tree(sent.i)
        ctx.current_sent = sent.i
        resolved_before = ctx.dates_resolved
        ctx.facts += track_visits(ctx, tree)
        posts = affiliations(ctx, tree) + appointments(ctx, tree)
        ctx.facts += posts + predecessors(ctx, tree, posts)
        ctx.facts += fill_rejected_targets(ctx, sentence_facts(ctx, tree), sent.i)
        ctx.facts += said_so_before(ctx, tree)
        if ctx.dates_resolved == resolved_before:  # no fact's date stood for this sentence's
            ctx.undated.append(sent)
        for m in people.get(sent.i, ()):
            ctx.last_person = m.entity
            if sent.tokens[m.head].rel.startswith("nsubj"):
                ctx.last_subject = m.entity
        subject_by_post(ctx, tree)
    # Appeals to a public no later sentence gave an addressee (a refuser) stay facts with no target.
    aimed = {(f.sent, f.agents) for f in ctx.facts if f.type == "demanded" and f.targets}
    ctx.facts += [f for f in ctx.appeals if f in ctx.untargeted and (f.sent, f.agents) not in aimed]
    return merge(ctx.facts, lambda key: key if class_of(ctx, key) == "State" else ctx.gaz.capitals.get(key))
