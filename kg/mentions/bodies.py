"""Government bodies named with their state: «министерства рыболовства Норвегии», «министра
сельского хозяйства России», «японский МИД» (the lexicon's body rules)."""

from __future__ import annotations

from kg.gazetteer import Gazetteer
from kg.mentions.base import DocMentions, entity_of, slug
from kg.records import Entity, Mention, Sentence

# Heads of a ministry-like organisation named with its state («министерство рыболовства Норвегии»).
BODY_HEADS = {"министерство", "ведомство", "комитет", "служба", "агентство", "департамент", "управление",
              "комиссия", "совет", "парламент", "администрация", "канцелярия", "прокуратура", "минсельхоз",
              "минводхоз", "минэкономразвития", "минюст", "минздрав", "минтранс", "минпромторг"}


def _state_body(sent: Sentence, span, gaz: Gazetteer, dm: DocMentions, covered: set[int]) -> None:
    """An ORG span whose tail is a known state: «министерства рыболовства Норвегии» is a body of
    Norway. The body's mention takes the free head tokens; the state keeps its own tokens."""
    if span.type != "ORG":
        return
    free = [k for k in range(span.first, span.last) if k not in covered]
    if not free or free[0] != span.first or sent.tokens[span.first].lemma not in BODY_HEADS:
        return
    states = {m.entity for k in range(span.first, span.last) if (m := dm.at(sent.i, k))
              and dm.entities.get(m.entity) and dm.entities[m.entity].cls == "State"}
    if len(states) != 1:
        return
    state = states.pop()
    label = span.normal or span.text
    key = f"body:{slug(label)}"
    ent = Entity(key, label[:1].upper() + label[1:], "GovernmentBody", part_of=state)
    last = free[-1] + 1
    dm.add(Mention(sent.i, span.first, last, span.text, key, "body", span.first), ent)
    dm.forms[key] = {span.text}


# What a body can be named inside: a state, or an organisation with a field («комитет Госдумы по …»).
_PARENTS = ("State", "GovernmentBody", "Organization", "InternationalOrganization")


def _named_ministries(sent: Sentence, dm: DocMentions) -> None:
    """«министерства рыболовства Норвегии», «Минсельхоза Киргизии»: a body of the state that
    ends the phrase, labelled by the phrase in the nominative head + the rest as written."""
    toks = sent.tokens
    for tok in toks:
        if tok.lemma == "министр" and tok.i + 2 < len(toks) and dm.at(sent.i, tok.i + 1) is None:
            _ministry_of_minister(sent, tok, dm)
            continue
        if tok.lemma not in BODY_HEADS or dm.at(sent.i, tok.i) is not None or tok.pos not in ("NOUN", "PROPN"):
            continue
        end = None
        for k in range(tok.i + 1, min(len(toks), tok.i + 5)):
            m = dm.at(sent.i, k)
            if m is not None:
                e = dm.entities.get(m.entity)
                if e is not None and e.cls in _PARENTS and m.kind == "name" and toks[k].feat("Case") in ("Gen", None):
                    end = m.last
                break
            if toks[k].pos not in ("NOUN", "ADJ") or toks[k].feat("Case") not in ("Gen", None):
                break
        if end is None:
            continue
        state = dm.at(sent.i, end - 1).entity
        if dm.entities[state].cls != "State":
            # «комитет Госдумы по международным делам»: a body inside an organisation, its field
            # after «по» part of the name; a bare «совет организации» is no name.
            tail = end
            if tail < len(toks) and toks[tail].lemma == "по":
                tail += 1
                # «по международным делам», «по делам национальностей»: dative words and what hangs on them
                while tail < len(toks) and toks[tail].pos in ("NOUN", "ADJ") and dm.at(sent.i, tail) is None \
                        and (toks[tail].feat("Case") == "Dat" or end < toks[tail].head < tail) and tail - end < 5:
                    tail += 1
            if tail <= end + 1:
                continue
            end = tail
        words = [tok.lemma] + [t.text for t in toks[tok.i + 1 : end]]
        label = " ".join(words)
        label = label[:1].upper() + label[1:]
        key = f"body:{slug(label)}"
        text = " ".join(t.text for t in toks[tok.i:end])
        m = Mention(sent.i, tok.i, tok.i + 1, text, key, "body", tok.i)
        dm.add(m, Entity(key, label, "GovernmentBody", part_of=state))


def _ministry_of_minister(sent: Sentence, tok, dm: DocMentions) -> None:
    """«министра сельского хозяйства России» names the Ministry of Agriculture of Russia; the
    body's mention sits on the topic words, so the post phrase reaches both it and the state."""
    toks = sent.tokens
    k = tok.i + 1
    while k < len(toks) and k < tok.i + 5 and dm.at(sent.i, k) is None and toks[k].pos in ("NOUN", "ADJ") \
            and toks[k].feat("Case") in ("Gen", None):
        k += 1
    m = dm.at(sent.i, k) if k < len(toks) else None
    if k == tok.i + 1 or m is None or m.kind != "name" or dm.entities[m.entity].cls != "State":
        return
    topic = [t.text for t in toks[tok.i + 1 : k]]
    if topic[-1:] == ["дел"]:
        return  # «министр иностранных дел X» names X (and the МИД rule handles the body)
    if tok.feat("Number") == "Plur" and any(t.head == m.head and t.rel == "conj" for t in toks):
        return  # «министры обороны Польши и Литвы»: one ministry each; their states say whose
    label = "Министерство " + " ".join(topic + [t.text for t in toks[m.first : m.last]])
    key = f"body:{slug(label)}"
    mention = Mention(sent.i, tok.i + 1, k, " ".join(topic), key, "body", tok.i + 1)
    dm.add(mention, Entity(key, label, "GovernmentBody", part_of=m.entity))
    dm.forms[key] = {label}


def _body_mentions(sent: Sentence, gaz: Gazetteer, dm: DocMentions, bodies: tuple, inflect) -> None:
    """«японский МИД», «внешнеполитическое ведомство России» → that state's foreign ministry."""
    toks = sent.tokens
    first_heads = {h[0] for b in bodies for h in b.heads}
    for tok in toks:
        if tok.lemma not in first_heads or dm.at(sent.i, tok.i) is not None:
            continue
        # A word under a preposition names the body's field, not its kind: «министерство по делам
        # молодёжи» is no foreign ministry though «дело» hangs on it.
        governed = {t.head for t in toks if t.rel == "case"}
        near = {t.lemma for t in toks if (t.head == tok.i or (abs(t.i - tok.i) <= 2 and t.head == tok.head))
                and t.i not in governed}
        rule = next((b for b in bodies for h in b.heads if h[0] == tok.lemma and set(h[1:]) <= near), None)
        if rule is None:
            continue
        state = None
        for t in toks:
            if t.head != tok.i or t.rel not in ("nmod", "amod"):
                continue
            m = dm.at(sent.i, t.i)
            if m is not None and dm.entities.get(m.entity) and dm.entities[m.entity].cls == "State":
                state = m.entity
                break
        if state is None:
            state = _sole_state(sent, tok, dm, rule)
        if state is None:
            continue
        key = _gazetteer_body(gaz, state, rule.prefixes)
        if key is not None:
            ent = entity_of(gaz.entries[key])
        else:
            label = f"{rule.label} {inflect(gaz.entries[state].label, 'Gen') if state in gaz.entries else state}"
            key = f"{'org' if rule.cls == 'Organization' else 'body'}:{slug(label)}"
            ent = Entity(key, label, rule.cls, part_of=state)
        dm.add(Mention(sent.i, tok.i, tok.i + 1, tok.text, key, "body", tok.i), ent)


def _gazetteer_body(gaz: Gazetteer, state: str, prefixes: tuple[str, ...]) -> str | None:
    for key, e in gaz.entries.items():
        if e.cls == "GovernmentBody" and e.part_of == state:
            names = (e.label, *e.aliases)
            if any(n.startswith(p) for n in names for p in prefixes):
                return key
    return None


def _sole_state(sent: Sentence, tok, dm: DocMentions, rule) -> str | None:
    """«представитель вооружённых сил», «депутат парламента» with no state named in the phrase:
    the state's, when the document so far names one state and no other. Only in a genitive under
    a noun (whose body a post or a thing is), and not an embassy (whose state, where?)."""
    if tok.rel != "nmod" or tok.feat("Case") != "Gen" or rule.label == "посольство" or tok.head < 0 \
            or sent.tokens[tok.head].pos != "NOUN":
        return None
    states = {m.entity for m in dm.mentions if m.kind == "name" and dm.entities[m.entity].cls == "State"
              and m.sent <= sent.i}
    return states.pop() if len(states) == 1 else None
