"""Who held a post before: «Марио Росси, сменивший на этом посту Луку Бьянки», «сменил на посту
министра финансов Латвии Олега Сомова», «назначен мэром Риги вместо Петериса Калниньша». The
person replaced held the post the sentence gives his successor, or the one the «на посту»
phrase names (former posts count)."""

from __future__ import annotations

from kg.facts.actors import actors_at
from kg.facts.context import DocContext, class_of
from kg.facts.posts import described_person, is_region, post_fact, role_orgs, role_rule
from kg.records import Fact
from kg.tree import Tree


def predecessors(ctx: DocContext, tree: Tree, posts: list[Fact]) -> list[Fact]:
    """Posts of the people a succession verb (grammar.toml `succession_verbs`) or «вместо»
    replaces, given the posts already read in the sentence."""
    out: list[Fact] = []
    g = ctx.lex.grammar
    for v in tree.sent.tokens:
        if v.lemma in g.succession_verbs and v.pos in ("VERB", "ADJ"):
            successors = _persons(ctx, tree, tree.children(v.i, "nsubj"))
            described = described_person(ctx, tree, v.i)
            successors += [described] if described else []
            replaced = _persons(ctx, tree, tree.children(v.i, "obj"))
            post = next(
                (
                    k
                    for k in tree.children(v.i, "obl")
                    if tree.prep(k) == "на" and tree.tok(k).lemma in g.post_nouns
                ),
                None,
            )
            if post is None:
                continue
            # «сменившего на посту министра Олега Сомова»: the parse makes the replaced the post's name.
            replaced += _persons(
                ctx,
                tree,
                [a for k in tree.children(post, "nmod") for a in tree.children(k, "appos")],
            )
            if not replaced:
                continue
            named = _named_post(ctx, tree, post)
            for person in successors[:1] + replaced:
                held = named or [
                    (f.role, f.targets[0])
                    for f in posts
                    if successors and f.agents == (successors[0],)
                ]
                out += [
                    _fact(ctx, tree, f"succession.{v.lemma}", person, role, org)
                    for role, org in held
                ]
        elif v.lemma in g.appoint_verbs:
            # «назначен мэром Риги вместо Калниньша»: «вместо» on the verb or on the appointee.
            near = [
                k
                for h in (v.i, *tree.children(v.i, "nsubj", "nsubj:pass", "obj"))
                for k in tree.children(h, "obl", "nmod")
                if tree.prep(k) == "вместо"
            ]
            appointed = [f for f in posts if f.rule == f"appoint.{v.lemma}"]
            for person in _persons(ctx, tree, near):
                out += [
                    _fact(ctx, tree, "succession.вместо", person, f.role or "", f.targets[0])
                    for f in appointed
                    if f.agents != (person,)
                ]
    return out


def _persons(ctx: DocContext, tree: Tree, heads: list[int]) -> list[str]:
    return [a for h in heads for a in actors_at(ctx, tree, h) if class_of(ctx, a) == "Person"]


def _named_post(ctx: DocContext, tree: Tree, post: int) -> list[tuple[str, str]]:
    """«на посту министра финансов Латвии»: the post phrase under «пост» and its organisations."""
    for k in tree.children(post, "nmod"):
        rule = role_rule(ctx, tree, k)
        if rule is None:
            continue
        orgs = [
            o
            for o in role_orgs(ctx, tree, k, rule)
            if ctx.is_actor(o)
            and class_of(ctx, o) != "Person"
            or is_region(ctx, o)
            or rule.local
            and class_of(ctx, o) == "City"
        ]
        return [(rule.role, o) for o in orgs]
    return []


def _fact(ctx: DocContext, tree: Tree, rule: str, person: str, role: str, org: str) -> Fact:
    return post_fact(ctx, tree, rule, person, org, role, 0.7)
