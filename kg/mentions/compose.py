"""detect(): the finders in their order of trust, sentence by sentence, with capitals as
actors («Москва заявила») and natasha's NER spans for names the gazetteer does not know."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from kg.gazetteer import Gazetteer
from kg.lexicon import Grammar
from kg.mentions.adjectives import _adjective_mentions, _demonym_mentions, _named_adjectives
from kg.mentions.aliases import _nested_places, _not_this_entity, gazetteer_matches
from kg.mentions.base import ACT_NOUNS, PLACE_PREPS, STATE_NOUNS, DocMentions, entity_of, slug
from kg.mentions.bodies import _body_mentions, _named_ministries, _state_body
from kg.mentions.people import _resolve_people, person_label
from kg.mentions.quoted import quoted_organisations
from kg.records import Entity, Mention, Parsed, Sentence, Token

_NO_GRAMMAR = Grammar(**dict.fromkeys(Grammar.__dataclass_fields__, frozenset()))  # detect() without a lexicon
_LATIN = re.compile(r"[A-Za-z]")


_ABBREVIATED = re.compile(r"^(.+?)\s*\(\s*([^()]+?)\s*\)$")
_QUOTES = "«»\"„“”"


def split_abbreviation(name: str) -> tuple[str, str | None]:
    """«Объединённый фронт … (ОФДД)» → the name and its abbreviation, stray quotes trimmed
    («Народный фронт освобождения» (НФО)» → «Народный фронт освобождения», «НФО»)."""
    m = _ABBREVIATED.match(name)
    main, abbr = (m.group(1), m.group(2)) if m else (name, None)
    main = main.strip(" " + _QUOTES) if main.count("«") != main.count("»") or main[:1] in _QUOTES else main
    return main or name, abbr.strip(_QUOTES) if abbr else None


def _named_body(sent: Sentence, span, dm: DocMentions) -> bool:
    """«Исламского комитета России»: NER stops before the state and the body finder reads
    «комитета России» as a state's committee; the name is the whole phrase, a body of the class
    its head noun implies, part of that state."""
    body = dm.at(sent.i, span.last - 1)
    if body is None or body.kind != "body" or not span.first < body.first < span.last <= body.last:
        return False
    be = dm.entities[body.entity]
    dm.remove(body)
    nominative = span.normal or span.text
    label = f"{nominative} {' '.join(t.text for t in sent.tokens[span.last:body.last])}".strip()
    state = dm.at(sent.i, body.last)  # the state's own mention stays: the body is part of it
    if state is not None and state.first == body.last and dm.entities[state.entity].cls == "State" \
            and span.first <= sent.tokens[state.head].head < body.last:
        label += " " + state.text
    text = " ".join(t.text for t in sent.tokens[span.first:body.last])
    key = f"body:{slug(label)}" if be.cls == "GovernmentBody" else f"org:{slug(label)}"
    head = _mention_head(sent, span.first, body.last)
    dm.add(Mention(sent.i, span.first, body.last, text, key, "name", head), Entity(key, label, be.cls, None, be.part_of))
    return True


def _with_parent_abbreviation(sent: Sentence, span, label: str, dm: DocMentions) -> tuple[int, str, str, str | None]:
    """«Института этнологии и антропологии РАН»: NER stops before the abbreviation of the
    organisation the institute belongs to (or before the state that ends its name); the name runs on through it (the parent is recorded
    as named, part of whom the institute is). Returns the mention's end, label, text and parent."""
    m = dm.at(sent.i, span.last)
    tok = sent.tokens[span.last] if span.last < len(sent.tokens) else None
    if (m is None or tok is None or m.first != span.last or m.kind != "name" or len(tok.text) < 2
            or m.last - m.first != 1 or not span.first <= tok.head < span.last):
        return span.last, label, span.text, None
    if dm.entities[m.entity].cls == "State" and (tok.text.isupper() or tok.feat("Case") == "Gen"):
        # «Верховного народного собрания КНДР»: NER stops before the state that ends the name;
        # the state's mention stays, an actor of its own, and the organisation is part of it.
        return span.last, f"{label} {tok.text}", span.text, m.entity
    if not tok.text.isupper() or dm.entities[m.entity].cls not in (
            "Organization", "InternationalOrganization", "GovernmentBody"):
        return span.last, label, span.text, None
    parent = dm.entities[m.entity]
    dm.remove(m)
    dm.name_only(parent)
    return m.last, f"{label} {tok.text}", f"{span.text} {tok.text}", parent.key


def _place_prep(sent: Sentence, head: int) -> bool:
    # «в отношении Москвы», «в ответ на»: «в» that opens a longer preposition is no place.
    return any(t.head == head and t.rel == "case" and t.lemma in PLACE_PREPS
               and not any(f.head == t.i and f.rel == "fixed" for f in sent.tokens) for t in sent.tokens)


def _capital_as_actor(sent: Sentence, head: int, preposition_nouns: frozenset[str] = frozenset()) -> bool:
    """A capital stands for its state as a subject or object («Москва заявила», «призвал
    Москву», «переговоры с Москвой», «между Вашингтоном и Москвой») or after a state noun
    («власти Москвы»); in a bare genitive («центр Москвы», «суд Москвы») or beside a place
    («в Берлине и Москве») it is the city."""
    tok = sent.tokens[head]
    while tok.rel == "conj" and tok.head >= 0:
        tok = sent.tokens[tok.head]
        if _place_prep(sent, tok.i):
            return False
    if tok.rel == "nmod":
        governed = any(t.head == tok.i and t.rel == "case" for t in sent.tokens)
        agentive = tok.feat("Case") == "Ins"  # «наложенного Вашингтоном эмбарго»
        head = sent.tokens[tok.head].lemma if tok.head >= 0 else ""
        # «в адрес Москвы»: a noun that makes a preposition (grammar preposition_nouns)
        return governed or agentive or head in STATE_NOUNS or head in ACT_NOUNS or head in preposition_nouns
    return tok.rel.split(":")[0] in ("nsubj", "obj", "iobj", "obl")


def _mention_head(sent: Sentence, first: int, last: int) -> int:
    for k in range(first, last):
        if not first <= sent.tokens[k].head < last:
            return k
    return first


def detect(
    parsed: Parsed,
    gaz: Gazetteer,
    forms: Callable[[str], frozenset[str]],
    bodies: tuple = (),
    inflect: Callable[[str, str], str] = lambda text, case: text,
    grammar: Grammar | None = None,
    demonyms: dict[str, str] | None = None,
    combining: dict[str, str] | None = None,
    nominative: Callable[[Sequence[Token]], str] | None = None,
) -> DocMentions:
    dm = DocMentions()
    words = grammar or _NO_GRAMMAR
    ner_by_sent: dict[int, list] = {}
    for span in parsed.spans:
        ner_by_sent.setdefault(span.sent, []).append(span)
    pending_people: list[tuple[Mention, str]] = []  # ambiguous or surname-only persons
    abbreviations: dict[str, str] = {}  # a bracketed abbreviation -> the organisation it names
    body_heads = {alt[0] for rule in bodies for alt in getattr(rule, "heads", ())}
    for sent in parsed.sentences:
        spans = ner_by_sent.get(sent.i, [])
        ner_tokens = {k for s in spans for k in range(s.first, s.last)}
        covered: set[int] = set()
        # «Питер Семнеби» is a person, not St Petersburg: a longer PER span beats a place alias.
        per_spans = [(s.first, s.last) for s in spans if s.type == "PER" and s.last - s.first >= 2]
        matches = gazetteer_matches(sent, gaz, forms, ner_tokens)
        for n, (first, last, key) in enumerate(matches):
            entry = gaz.entries.get(key)
            if entry is not None and (entry.cls != "Person" or entry.priority < 2 or last - first == 1) and any(
                a <= first and last <= b and (b - a) > (last - first) for a, b in per_spans
            ) and not _leads_name(sent, first, last, entry, per_spans):
                continue
            if entry is not None and _not_this_entity(sent, first, last, entry, matches[n + 1:], gaz, words):
                if entry.cls not in ("State", "City", "Place", "Person"):
                    covered.update(range(first, last))  # still a name: «1-го Украинского фронта» is not Ukraine
                continue
            covered.update(range(first, last))
            if last - first >= 2 and key in gaz.entries and gaz.entries[key].cls not in ("State", "City", "Place"):
                _nested_places(sent, first, last, gaz, forms, dm)  # not «Нижний Новгород»'s «Новгород»
            text = " ".join(t.text for t in sent.tokens[first:last])
            head = _mention_head(sent, first, last)
            if key.startswith("?"):
                pending_people.append((Mention(sent.i, first, last, text, key, "name", head), text))
                continue
            entry = gaz.entries[key]
            visited = sent.tokens[head].rel == "obj" and sent.tokens[head].head >= 0 and (
                sent.tokens[sent.tokens[head].head].lemma in words.visit_verbs)
            if (entry.cls == "City" and key in gaz.capitals and not _place_prep(sent, head) and not visited
                    and _capital_as_actor(sent, head, words.preposition_nouns)):
                state = gaz.entries.get(gaz.capitals[key])
                if state is not None:
                    dm.add(Mention(sent.i, first, last, text, state.key, "capital", head), entity_of(state))
                    dm.forms[state.key].discard(text)  # «Москва» is not a name form of Russia
                    # The city is still named in the text: it is mentioned, though not an actor here.
                    dm.entities.setdefault(entry.key, entity_of(entry))
                    dm.forms.setdefault(entry.key, set()).add(text)
                    continue
            as_place = entry.cls in ("City", "Place") or _place_prep(sent, head) or visited
            dm.add(Mention(sent.i, first, last, text, key, "name", head, as_place), entity_of(entry))
        quoted_organisations(sent, dm, words.organisation_kinds, covered)
        _adjective_mentions(sent, gaz, dm, covered, words)
        _named_adjectives(sent, gaz, dm, covered, combining or {}, words)
        _demonym_mentions(sent, gaz, dm, covered, demonyms or {})
        _body_mentions(sent, gaz, dm, bodies, inflect)
        _named_ministries(sent, dm)
        for span in spans:
            if covered & set(range(span.first, span.last)):
                tail = _name_after_organisation(sent, span, covered)
                if tail is not None:  # «оператор Аль-Джазиры Сами аль-Хадж»: the name after the channel
                    text = " ".join(t.text for t in sent.tokens[tail:span.last])
                    pending_people.append((Mention(sent.i, tail, span.last, text, "", "name", tail),
                                           person_label(text, text)))
                    continue
                _state_body(sent, span, gaz, dm, covered)
                continue
            if any(dm.at(sent.i, k) is not None and dm.at(sent.i, k).kind == "state-noun"
                   for k in range(span.first, span.last)):
                continue  # «Палестинское государство», «Белорусская сторона»: the state itself
            head = _mention_head(sent, span.first, span.last)
            if span.type == "PER":
                label = person_label(span.text, span.normal, _context_case(sent, span.first))
                last = span.last
                # «Александр Озерец»: NER stops at a surname that is also a noun; the parse does not.
                while (last < len(sent.tokens) and last not in covered and sent.tokens[last].rel == "flat:name"
                       and span.first <= sent.tokens[last].head < last and sent.tokens[last].text[:1].isupper()):
                    label += " " + sent.tokens[last].text
                    last += 1
                text = " ".join(t.text for t in sent.tokens[span.first:last]) if last > span.last else span.text
                m = Mention(sent.i, span.first, last, text, "", "name", head)
                pending_people.append((m, label))
            elif span.type in ("ORG", "LOC") and (span.last - span.first == 1 and sent.tokens[span.first].lemma in STATE_NOUNS):
                continue  # «Правительства» alone is the state's government, named by its state
            elif span.type == "ORG" and head == span.first and sent.tokens[head].pos == "NOUN" and sent.tokens[
                    head].feat("Animacy") == "Anim" and (span.first == 0 or sent.tokens[span.first - 1].text not in _QUOTES):
                continue  # «Министры обороны»: people named by their post (a title «Пермский обозреватель» is a name)
            elif span.type == "ORG" and head == span.first and sent.tokens[head].lemma in words.event_heads and (
                    span.first == 0 or sent.tokens[span.first - 1].text not in _QUOTES):
                continue  # «Консультации представителей Сербии»: an event, its actors are named inside it
            elif span.type == "ORG" or span.type == "LOC" and not _LATIN.fullmatch(span.text[:1] or "x"):
                # A Latin-script place is mostly a gloss («Раскассэ (La Rascasse)»); a Latin
                # organisation is the name itself («компании Schneider Electric»).
                cls = "Organization" if span.type == "ORG" else "Place"
                label, abbr = split_abbreviation(span.normal or span.text)
                if span.type == "ORG" and _named_body(sent, span, dm):
                    continue
                if span.type == "ORG" and sent.tokens[head].lemma in body_heads:
                    cls = "GovernmentBody"  # «Министерство по делам диаспоры»: the class its head noun implies
                last, text, parent = span.last, span.text, None
                if span.type == "ORG":
                    last, label, text, parent = _with_parent_abbreviation(sent, span, label, dm)
                key = f"{'place' if cls == 'Place' else 'org'}:{slug(label)}"
                key = abbreviations.get(span.text, key)  # «ОФДД» after «Объединённого фронта … (ОФДД)»
                # «G 7»: the gazetteer knows the name the tokens split, under the same key.
                ent = entity_of(gaz.entries[key]) if key in gaz.entries else Entity(key, label, cls, part_of=parent)
                as_place = cls == "Place"
                dm.add(Mention(sent.i, span.first, last, text, key, "name", head, as_place), ent)
                if abbr:
                    dm.forms[key].add(abbr)
                    abbreviations.setdefault(abbr, key)
    _resolve_people(pending_people, gaz, dm, forms)
    dm.mentions.sort(key=lambda m: (m.sent, m.first))
    if nominative is not None:
        _nominative_forms(parsed, dm, nominative)
    return dm


_ORG_CLASSES = ("Organization", "GovernmentBody", "InternationalOrganization")


def _leads_name(sent: Sentence, first: int, last: int, entry, per_spans: list[tuple[int, int]]) -> bool:
    """«оператор Аль-Джазиры Сами аль-Хадж», «лидера Аль-Кайды Усамы бин Ладена»: NER runs a
    genitive organisation we know into the person's name after it. The organisation opens the
    span, in the genitive, and two capitalised words at least are left for the name."""
    if entry is None or entry.cls not in ("Organization", "InternationalOrganization"):
        return False
    return any(a == first and b - last >= 2 and sent.tokens[last].text[:1].isupper()
               and sent.tokens[last - 1].feat("Case") == "Gen" for a, b in per_spans)


def _name_after_organisation(sent: Sentence, span, covered: set[int]) -> int | None:
    """Where the person's name starts in a PER span an organisation opens (_leads_name)."""
    if span.type != "PER":
        return None
    k = span.first
    while k < span.last and k in covered:
        k += 1
    if k == span.first or span.last - k < 2 or any(j in covered for j in range(k, span.last)):
        return None
    return k
_QUOTED = re.compile(r"^\S+\s+[«„\"“]([^«»„“”\"]+)[»“”\"]$")  # a kind word, then a quoted title


def _kind_with_adjectives(toks: Sequence[Token], dm: DocMentions, m: Mention, label: str,
                          nominative: Callable[[Sequence[Token]], str]) -> None:
    """«лидер субкультурной партии «Собачий хвост»»: the quoted title with its kind and the
    adjectives before it, in the nominative, names it too («субкультурная партия «Собачий хвост»»)."""
    kind = m.first - 2
    if kind < 1 or toks[m.first - 1].text not in "«\"„“" or f"{toks[kind].lemma} «{label}»" not in dm.forms.get(m.entity, ()):
        return
    first = kind
    while first > 0 and toks[first - 1].pos == "ADJ" and toks[first - 1].head == kind:
        first -= 1
    if first < kind:
        dm.forms[m.entity].add(f"{nominative(toks[first:kind + 1])} «{label}»")


def _attached_to(toks: Sequence[Token], dm: DocMentions, m: Mention,
                 nominative: Callable[[Sequence[Token]], str]) -> None:
    """«Следственного комитета при прокуратуре»: the body it is attached to, in lower case after
    «при», is part of an organisation's long name («Следственный комитет при прокуратуре»)."""
    end = m.last + 1
    if end >= len(toks) or toks[m.last].text != "при":
        return
    while end < len(toks) and end - m.last <= 4 and toks[end].pos in ("ADJ", "NOUN") and toks[end].text.islower():
        end += 1
    if toks[end - 1].pos == "NOUN":
        tail = " ".join(t.text for t in toks[m.last:end])
        dm.forms[m.entity].add(f"{nominative(toks[m.first:m.last])} {tail}")


def _nominative_forms(parsed: Parsed, dm: DocMentions, nominative: Callable[[Sequence[Token]], str]) -> None:
    """An organisation is also named by the nominative of the phrase the text uses, with the
    adjectives before it («японского МИДа» → «японский МИД», «Правительства РФ» → «Правительство
    РФ»): a name a reader would look it up by, though its label is the gazetteer's."""
    for m in dm.mentions:
        e = dm.entities.get(m.entity)
        if e is None or e.cls not in _ORG_CLASSES or m.kind not in ("name", "body"):
            continue
        toks = parsed.sentences[m.sent].tokens
        _kind_with_adjectives(toks, dm, m, e.label, nominative)
        _attached_to(toks, dm, m, nominative)
        first = m.first
        while first > 0 and toks[first - 1].pos == "ADJ" and toks[first - 1].head in range(first, m.last):
            first -= 1
        last = m.last
        # A body's mention is its head noun; its field follows in the genitive («министерства
        # иностранных дел»).
        while m.kind == "body" and last < len(toks) and last - m.last < 3 and toks[last].pos in ("ADJ", "NOUN") \
                and toks[last].feat("Case") == "Gen" and dm.at(m.sent, last) is None \
                and first <= toks[last].head < last + 3:
            last += 1
        if last - first < 2 and m.kind != "body":
            continue  # one word of a name: its form seen is name enough (a body's word is no name)
        if (first, last) == (m.first, m.last) and toks[m.head].feat("Case") in (None, "Nom"):
            continue  # already in the nominative: the form seen is that name
        form = nominative(toks[first:last])
        if form != e.label:
            dm.forms.setdefault(m.entity, set()).add(form)
    for key, e in dm.entities.items():
        # «РКК „Энергия“»: the quoted title alone names it too.
        if e.cls in _ORG_CLASSES and (title := _QUOTED.search(e.label)) and title.group(1) != e.label:
            dm.forms.setdefault(key, set()).add(title.group(1))


def _context_case(sent: Sentence, first: int) -> str | None:
    """The case the sentence gives a name at `first`, by what governs it rather than by the name's
    own tags, which natasha guesses for foreign words: the post it stands beside («с министром …
    Виейрой»), or its preposition («с Виолой Амхерд»)."""
    tok = sent.tokens[first]
    if tok.rel == "appos" and tok.head >= 0:
        return sent.tokens[tok.head].feat("Case")
    if any(t.head == first and t.rel == "case" and t.lemma in ("с", "со") for t in sent.tokens[max(0, first - 3):first]):
        return "Ins"
    return None
