"""The dependency tree of one sentence, and what a token or the tree tells without the
document: prepositions, subtrees, the governing verb, grammatical number."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from kg.records import Sentence, Token

# «со своим коллегой» is «с», «ко встрече» is «к».
PREP_VARIANTS = {"со": "с", "ко": "к"}


@dataclass
class Tree:
    sent: Sentence
    kids: dict[int, list[int]]

    @classmethod
    def of(cls, sent: Sentence) -> Tree:
        kids: dict[int, list[int]] = {}
        for t in sent.tokens:
            kids.setdefault(t.head, []).append(t.i)
        return cls(sent, kids)

    @cached_property
    def rels(self) -> list[tuple[str, str]]:
        """Per token: its relation and the relation's base («nsubj:pass», «nsubj»)."""
        return [(t.rel, t.rel.split(":")[0]) for t in self.sent.tokens]

    def tok(self, i: int) -> Token:
        return self.sent.tokens[i]

    def children(self, i: int, *rels: str) -> list[int]:
        """Token i's dependents; with `rels`, those whose relation or its base is one of them."""
        out = self.kids.get(i, [])
        if rels and out:
            base = self.rels
            out = [k for k in out if base[k][1] in rels or base[k][0] in rels]
        return out

    def prep(self, i: int) -> str | None:
        """The preposition of a noun by lemmas («против России» → «против»; «в отношении» → «в_отношение»)."""
        # «против более чем 2000 лиц»: the parser may take a comparative («более чем») for a preposition.
        cases = [k for k in self.children(i, "case") if self.tok(k).pos != "ADV"]
        if not cases:
            return None
        words = [PREP_VARIANTS.get(self.tok(k).lemma, self.tok(k).lemma) for k in sorted(cases)]
        for k in cases:
            words += [self.tok(f).lemma for f in self.children(k, "fixed")]
        return "_".join(words)

    def subtree(self, i: int) -> set[int]:
        out, todo = {i}, [i]
        while todo:
            for k in self.kids.get(todo.pop(), []):
                if k not in out:
                    out.add(k)
                    todo.append(k)
        return out

    def ancestors(self, i: int) -> Iterator[int]:
        seen = {i}
        j = self.tok(i).head
        while j >= 0 and j not in seen:
            yield j
            seen.add(j)
            j = self.tok(j).head

    def text(self, idx: set[int]) -> str:
        toks = [self.tok(k) for k in sorted(idx)]
        if not toks:
            return ""
        start, end = toks[0].start - self.sent.start, toks[-1].end - self.sent.start
        return self.sent.text[start:end]


def plural(tok: Token) -> bool:
    """natasha sometimes tags a sentence-initial «Президенты» as singular: check the ending too."""
    if tok.feat("Number") == "Plur":
        return True
    if tok.pos != "PROPN":
        return False  # the tagger's number is right for common nouns («коллеги» is genitive)
    low = tok.text.lower()
    return low != tok.lemma and low.endswith(("ы", "и")) and not tok.lemma.endswith(("ы", "и"))


OPENING_MARKS = {"что", "чтобы", "если", "когда", "хотя", "поскольку"}


def governor(tree: Tree, i: int) -> int | None:
    """The verb (or predicative) that governs a nominal trigger. A word standing before the
    «что» that opens its verb's clause belongs to the clause above («Байден в ходе разговора с
    Путиным предупредил, что … Россия заплатит»: the parser may hang «разговора» on «заплатит»)."""
    for j in tree.ancestors(i):
        t = tree.tok(j)
        if t.pos in ("VERB", "AUX") or (t.pos == "ADJ" and t.feat("Variant") == "Short"):
            if t.head >= 0 and any(i < m < j and tree.tok(m).lemma in OPENING_MARKS for m in tree.children(j, "mark")):
                return governor(tree, j) if tree.tok(t.head).pos not in ("VERB", "AUX") else t.head
            return j
        if t.rel == "root":
            return j if t.pos in ("ADJ", "NOUN") else None
    return None


def between(a: int, b: int, marks: set[int]) -> bool:
    lo, hi = min(a, b), max(a, b)
    return any(lo < k < hi for k in marks)


def relative_antecedent(tree: Tree, i: int) -> int:
    """The noun a relative «который» at i refers to, by word order when the parser hung the
    clause elsewhere: the head of the phrase right before «, (prep) который» («президента
    России, который» → президента), or -1."""
    j = i - 1
    while j >= 0 and tree.tok(j).pos == "ADP":
        j -= 1  # «, с которым»
    if j < 1 or tree.tok(j).text != ",":
        return -1
    h = j - 1
    while tree.tok(h).rel in ("nmod", "flat", "flat:name", "flat:foreign", "appos", "amod") and 0 <= tree.tok(h).head < h:
        h = tree.tok(h).head
    return h if tree.tok(h).pos in ("NOUN", "PROPN") else -1


def _agrees(tok: Token, relative: Token) -> bool:
    """A noun a relative pronoun can stand for: the same number, and in the singular the same gender."""
    if relative.feat("Number") == "Plur":
        return tok.feat("Number") == "Plur"
    return tok.feat("Number") != "Plur" and tok.feat("Gender") in (relative.feat("Gender"), None)


def agreeing_antecedent(tree: Tree, noun: int, relative: Token) -> int:
    """«запрос Польши, которая требовала …»: when the thing the parser hung the relative clause on
    does not agree with «которая», the genitive owner inside its phrase that does is meant."""
    tok = tree.tok(noun)
    if tok.feat("Animacy") != "Inan" or _agrees(tok, relative):
        return noun
    owners = [k for k in tree.children(noun, "nmod") if tree.prep(k) is None and tree.tok(k).feat("Case") == "Gen"
              and _agrees(tree.tok(k), relative) and k < relative.i]
    return owners[-1] if owners else noun


def coordination_of(tree: Tree, noun: int, agreeing: Token) -> int:
    """The first item of the coordination whose last item `noun` is, when `agreeing` (a plural
    «которые» or participle the parser hung on that last item) speaks of them all; else `noun`."""
    tok = tree.tok(noun)
    if agreeing.feat("Number") != "Plur" or tok.feat("Number") == "Plur":
        return noun
    while tok.rel == "conj" and tok.head >= 0:
        noun, tok = tok.head, tree.tok(tok.head)
    return noun


def across_clauses(tree: Tree, k: int, j: int) -> bool:
    """natasha hung the subject of one clause on the verb of another («A потребовала …, а B
    пригрозил …» with A on «пригрозил»): another finite verb outside the subject's phrase and the
    verb's own dependents stands between them, or «, а / , но» does."""
    lo, hi = min(k, j), max(k, j)
    # Most subjects stand next to their verb: look for a separator first, read the phrases only then.
    seps = [v for v in range(lo + 1, hi) if (tree.tok(v).lemma in ("а", "но") and tree.tok(v - 1).text == ",")
            or (tree.tok(v).pos in ("VERB", "AUX") and tree.tok(v).feat("VerbForm") == "Fin"
                and tree.tok(v).rel not in ("aux", "cop", "aux:pass") and tree.children(v, "nsubj"))]
    if not seps:
        return False
    sub = tree.subtree(k)
    own = tree.subtree(j) - {c for c in tree.children(j, "conj") for c in tree.subtree(c)}
    # («X угрожает Франции, призывает сторонников …»: verbs in coordination share the subject.)
    shared = {tree.tok(j).head} if tree.tok(j).rel == "conj" else set()
    for v in seps:
        if v in sub:
            continue  # inside the subject's own phrase («Лавров, который прибыл …,»)
        if tree.tok(v).lemma in ("а", "но"):
            return True
        if v not in own and v not in shared:
            # (not a parenthetical of the verb, «, как отмечается в сообщении,»; a verb with no
            # subject of its own shares this one: «X угрожает …, призывает …»)
            return True
    return False
