"""Linguistic knowledge the extractor reads: trigger frames, post phrases, grammar words.

The TOML files under kg/data/lexicon are validated when loaded; a bad entry is a
ResourceError naming the file and the rule id.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from kg.errors import ResourceError
from kg.resources import DATA_DIR

LEXICON_DIR = DATA_DIR / "lexicon"
FRAME_KEYS = {"id", "type", "pos", "lemmas", "agent", "target", "with", "object_lemmas", "object_prep", "confidence",
              "nominal", "needs_condition", "needs_speaker", "needs_negation", "needs_person_object", "untargeted", "clause_mark",
              "needs_target", "own_author", "needs_infinitive"}
FACT_FAMILIES = {"demanded", "warned", "sanctions", "rejected", "talks"}
AGENT_SPECS = {"subject", "gen", "adj"}
TARGET_SPECS = {"subj", "head_subj", "obj", "iobj", "dat", "gen", "owner", "condition", "consequence", "complement", "partner", "xobj", "offerer", "quote", "holder"}


@dataclass(frozen=True)
class Frame:
    id: str
    type: str
    pos: str
    lemmas: frozenset[str]
    agent: tuple[str, ...]
    target: tuple[str, ...]
    with_: frozenset[str] = frozenset()
    object_lemmas: frozenset[str] = frozenset()
    confidence: float = 0.7
    nominal: bool = False
    needs_condition: bool = False
    needs_speaker: bool = False
    needs_negation: bool = False
    needs_person_object: bool = False  # «принял президента Египта», not «принял закон»
    untargeted: bool = False  # an appeal to no actor («призвал сторонников») is still a fact
    needs_target: bool = False  # no actor named as its target: no fact (not even the other side's)
    own_author: bool = False  # a noun whose author must be named on it (not the speaker's)
    needs_infinitive: bool = False  # «обязана вывести войска», not «обязан всем своим детям»
    clause_mark: frozenset[str] = frozenset()  # «хотим, чтобы …»: the clause the trigger needs
    object_prep: str | None = None  # the object noun's preposition: «выступила против инициативы»


@dataclass(frozen=True)
class RoleRule:
    head: str
    role: str
    with_: frozenset[str] = frozenset()
    office: str | None = None
    state_office: bool = False
    same_as_previous: bool = False
    local: bool = False  # a local post (мэр, губернатор): a city or region may be its organisation
    from_org: bool = False  # the organisation may follow «от»/«из» («наблюдатель от ОБСЕ»)
    verb: bool = False  # a verb of holding a post («возглавлять»): subject holds, object is the organisation
    no_state: bool = False  # a post at a club or outlet only: «мексиканский защитник» plays for no state
    verb_prep: str | None = None  # a verb's organisation after this preposition («работает в НАСА»)


ROLE_KEYS = frozenset({"head", "role", "with", "office", "state_office", "same_as_previous", "local", "from_org", "verb",
                       "no_state", "verb_prep"})


@dataclass(frozen=True)
class Grammar:
    speech_verbs: frozenset[str]
    speech_nouns: frozenset[str]
    future_words: frozenset[str]
    held_verbs: frozenset[str]
    plan_verbs: frozenset[str]
    purpose_marks: frozenset[str]
    round_trip_verbs: frozenset[str]
    impose_verbs: frozenset[str]
    lift_verbs: frozenset[str]
    consequence_nouns: frozenset[str]
    condition_marks: frozenset[str]
    negations: frozenset[str]
    appoint_verbs: frozenset[str]
    visit_verbs: frozenset[str]
    anaphoric_nouns: frozenset[str]
    irrealis_heads: frozenset[str]
    causative_verbs: frozenset[str]
    request_verbs: frozenset[str]
    cancel_verbs: frozenset[str]
    report_nouns: frozenset[str]
    leader_nouns: frozenset[str]
    trip_nouns: frozenset[str]
    outside_preps: frozenset[str]
    same_act_verbs: frozenset[str]
    blocking_nouns: frozenset[str]
    none_words: frozenset[str]
    same_act_marks: frozenset[str]
    same_act_pointers: frozenset[str]
    event_nouns: frozenset[str]
    one_party_words: frozenset[str]
    future_adjectives: frozenset[str]
    respectively_words: frozenset[str]
    sequence_words: frozenset[str]
    media_nouns: frozenset[str]
    quantity_nouns: frozenset[str]
    document_nouns: frozenset[str]
    author_verbs: frozenset[str]
    preparing_words: frozenset[str]
    advocacy_verbs: frozenset[str]
    suffer_verbs: frozenset[str]
    forces_words: frozenset[str]
    government_nouns: frozenset[str]
    head_roles: frozenset[str]
    denial_verbs: frozenset[str]
    hostile_acts: frozenset[str]
    post_nouns: frozenset[str]
    appointment_nouns: frozenset[str]
    candidacy_words: frozenset[str]
    company_anaphors: frozenset[str]
    organisation_kinds: frozenset[str]
    measure_verbs: frozenset[str]
    measure_objects: frozenset[str]
    trade_nouns: frozenset[str]
    talks_nominals: frozenset[str]
    event_heads: frozenset[str]
    speaking_offices: frozenset[str]
    litotes_infinitives: frozenset[str]
    attack_nouns: frozenset[str]
    taking_part_nouns: frozenset[str]
    taking_part_verbs: frozenset[str]
    joining_talks_verbs: frozenset[str]
    litotes_verbs: frozenset[str]
    concessive_words: frozenset[str]
    preposition_nouns: frozenset[str]
    violation_words: frozenset[str]
    fulfilment_nouns: frozenset[str]
    liability_nouns: frozenset[str]
    frame_nouns: frozenset[str]
    patient_nouns: frozenset[str]
    code_nouns: frozenset[str]
    unit_kinds: frozenset[str]
    before_words: frozenset[str]
    until_marks: frozenset[str]
    inner_units: frozenset[str]
    accusation_verbs: frozenset[str]
    giving_up_verbs: frozenset[str]
    withholding_verbs: frozenset[str]
    member_nouns: frozenset[str]
    call_words: frozenset[str]
    countable_talks: frozenset[str]
    joining_verbs: frozenset[str]
    envoy_nouns: frozenset[str]
    toponym_heads: frozenset[str]
    settlement_nouns: frozenset[str]
    ordinal_words: frozenset[str]
    office_nouns: frozenset[str]
    public_nouns: frozenset[str]
    readiness_words: frozenset[str]
    mutual_words: frozenset[str]
    join_verbs: frozenset[str]
    response_verbs: frozenset[str]
    fall_under_verbs: frozenset[str]
    risk_words: frozenset[str]
    same_act_words: frozenset[str]
    same_act_determiners: frozenset[str]
    act_nouns: frozenset[str]
    act_verbs: frozenset[str]
    act_pronouns: frozenset[str]
    possibility_verbs: frozenset[str]
    necessity_words: frozenset[str]
    relinquish_nouns: frozenset[str]
    offer_words: frozenset[str]
    penalty_nouns: frozenset[str]
    request_nouns: frozenset[str]
    crew_nouns: frozenset[str]
    region_nouns: frozenset[str]
    succession_verbs: frozenset[str]
    city_nouns: frozenset[str]


@dataclass(frozen=True)
class BodyRule:
    label: str
    prefixes: tuple[str, ...]
    heads: tuple[tuple[str, ...], ...]
    cls: str = "GovernmentBody"  # «сборная Германии» is an Organization of its state


@dataclass(frozen=True)
class CorefWords:
    """anaphors.toml's lists for kg/coref: nouns standing for an actor of a class named last,
    nouns standing for the participants just named, and descriptions of known entities."""

    kind_nouns: dict[str, frozenset[str]]  # lemma -> entity classes
    group_nouns: dict[str, frozenset[str]]  # lemma -> classes of the members ("any")
    descriptions: dict[tuple[str, ...], str]  # lemmas -> entity id


@dataclass(frozen=True)
class Lexicon:
    frames: dict[str, tuple[Frame, ...]]  # trigger lemma -> frames
    roles: dict[str, tuple[RoleRule, ...]]  # head lemma -> rules, those with `with` first
    grammar: Grammar
    bodies: tuple[BodyRule, ...] = ()
    demonyms: dict[str, str] | None = None  # demonym lemma -> state adjective
    combining: dict[str, str] | None = None  # «франко» -> «французский» (compound adjectives)
    anaphors: dict[str, tuple[str, ...]] | None = None  # lower-case noun -> entity ids it may mean
    institutions: dict[str, str] | None = None  # «прокурор» -> «прокуратура» (bodies.toml)
    source_adjectives: dict[str, str] | None = None  # «западные (санкции)» -> the bloc's id
    coref: CorefWords | None = None  # kg/coref's word lists (anaphors.toml)

    def frame(self, rule_id: str) -> Frame | None:
        return next((f for fs in self.frames.values() for f in fs if f.id == rule_id), None)

    @functools.cached_property
    def talks_nouns(self) -> frozenset[str]:
        """Lemmas of the nominal talks frames («разговор», «встреча»), read once."""
        return frozenset(k for k, fs in self.frames.items() if any(f.type == "talks" and f.nominal for f in fs))


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ResourceError(f"{path.name}: {exc}") from None


def _spec_ok(spec: str, allowed: set[str]) -> bool:
    return spec in allowed or spec.startswith("obl:")


def frame_problem(raw: dict) -> tuple[str, str] | None:
    """The first thing wrong with one [[frame]] table, as (key, reason); None when it is valid."""
    for key in ("id", "type", "pos", "lemmas", "agent", "target"):
        if key not in raw:
            return key, f"missing {key!r}"
    if raw["type"] not in FACT_FAMILIES:
        return "type", f"unknown type {raw['type']!r}"
    if raw["pos"] not in ("VERB", "NOUN", "ADJ", "PART"):
        return "pos", "pos must be VERB, NOUN, ADJ or PART"
    unknown = set(raw) - FRAME_KEYS
    if unknown:
        return sorted(unknown)[0], f"unknown key {sorted(unknown)[0]!r}"
    for key in ("lemmas", "agent", "target", "with", "object_lemmas", "clause_mark"):
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return key, f"{key!r} must be a list of strings"
    for key, allowed in (("agent", AGENT_SPECS), ("target", TARGET_SPECS)):
        bad = [s for s in raw[key] if not _spec_ok(s, allowed)]
        if bad:
            return key, f"unknown role spec {bad[0]!r}"
    flags = [k for k in ("nominal", "needs_condition", "needs_speaker", "needs_negation",
                         "needs_person_object", "untargeted", "needs_target", "own_author", "needs_infinitive") if not isinstance(raw.get(k, False), bool)]
    if flags:
        return flags[0], f"{flags[0]!r} must be true or false"
    if not isinstance(raw.get("object_prep", ""), str):
        return "object_prep", "'object_prep' must be a preposition"
    conf = raw.get("confidence", 0.7)
    if isinstance(conf, bool) or not isinstance(conf, int | float) or not 0 <= conf <= 1:
        return "confidence", "confidence must be a number in 0..1"
    return None


def parse_frames(data: dict, where: str) -> dict[str, tuple[Frame, ...]]:
    out: dict[str, list[Frame]] = {}
    seen: set[str] = set()
    for n, raw in enumerate(data.get("frame", []), 1):
        rid = raw.get("id") or f"#{n}"
        at = f"{where}: frame {rid}"
        if rid in seen:
            raise ResourceError(f"{at}: duplicate id")
        seen.add(rid)
        problem = frame_problem(raw)
        if problem:
            raise ResourceError(f"{at}: {problem[1]}")
        conf = raw.get("confidence", 0.7)
        frame = Frame(
            id=rid,
            type=raw["type"],
            pos=raw["pos"],
            lemmas=frozenset(raw["lemmas"]),
            agent=tuple(raw["agent"]),
            target=tuple(raw["target"]),
            with_=frozenset(raw.get("with", [])),
            object_lemmas=frozenset(raw.get("object_lemmas", [])),
            confidence=float(conf),
            nominal=bool(raw.get("nominal", False)),
            needs_condition=bool(raw.get("needs_condition", False)),
            needs_speaker=bool(raw.get("needs_speaker", False)),
            needs_negation=bool(raw.get("needs_negation", False)),
            needs_person_object=bool(raw.get("needs_person_object", False)),
            untargeted=raw.get("untargeted", False),
            needs_target=raw.get("needs_target", False),
            own_author=raw.get("own_author", False),
            needs_infinitive=raw.get("needs_infinitive", False),
            clause_mark=frozenset(raw.get("clause_mark", [])),
            object_prep=raw.get("object_prep"),
        )
        for lemma in frame.lemmas:
            out.setdefault(lemma, []).append(frame)
    return {k: tuple(v) for k, v in out.items()}


def role_problem(raw: dict) -> tuple[str, str] | None:
    """The first thing wrong with one [[role]] table, as (key, reason); None when it is valid."""
    if "head" not in raw or "role" not in raw:
        return ("head" if "head" not in raw else "role"), "needs 'head' and 'role'"
    unknown = set(raw) - ROLE_KEYS
    if unknown:
        return sorted(unknown)[0], f"unknown key {sorted(unknown)[0]!r}"
    for key in ("head", "role", "office"):
        if key in raw and not (isinstance(raw[key], str) and raw[key].strip()):
            return key, f"{key!r} must be a non-empty string"
    if not isinstance(raw.get("with", []), list) or not all(isinstance(v, str) for v in raw.get("with", [])):
        return "with", "'with' must be a list of strings"
    flags = ("state_office", "same_as_previous", "local", "from_org", "verb", "no_state")
    bad = [f for f in flags if not isinstance(raw.get(f, False), bool)]
    if bad:
        return bad[0], f"{bad[0]!r} must be true or false"
    if "verb_prep" in raw and (not isinstance(raw["verb_prep"], str) or not raw.get("verb", False)):
        return "verb_prep", "'verb_prep' must be a preposition of a verb rule"
    return None


def parse_roles(data: dict, where: str) -> dict[str, tuple[RoleRule, ...]]:
    out: dict[str, list[RoleRule]] = {}
    for n, raw in enumerate(data.get("role", []), 1):
        problem = role_problem(raw)
        if problem:
            raise ResourceError(f"{where}: role #{n}: {problem[1]}")
        rule = RoleRule(raw["head"], raw["role"], frozenset(raw.get("with", [])), raw.get("office"),
                        raw.get("state_office", False), raw.get("same_as_previous", False), raw.get("local", False),
                        raw.get("from_org", False), raw.get("verb", False), raw.get("no_state", False),
                        raw.get("verb_prep"))
        out.setdefault(rule.head, []).append(rule)
    return {k: tuple(sorted(v, key=lambda r: not r.with_)) for k, v in out.items()}


def parse_grammar(data: dict, where: str) -> Grammar:
    fields = Grammar.__dataclass_fields__
    missing = [f for f in fields if f not in data]
    if missing:
        raise ResourceError(f"{where}: missing word list {missing[0]!r}")
    return Grammar(**{f: frozenset(data[f]) for f in fields})


def parse_bodies(data: dict, where: str) -> tuple[BodyRule, ...]:
    out = []
    for n, raw in enumerate(data.get("body", []), 1):
        try:
            heads = tuple(tuple(h) for h in raw["heads"])
            if not heads or not all(heads):
                raise ValueError
            cls = raw.get("class", "GovernmentBody")
            if cls not in ("GovernmentBody", "Organization"):
                raise ResourceError(f"{where}: body #{n}: class must be GovernmentBody or Organization, not {cls!r}")
            out.append(BodyRule(raw["label"], tuple(raw.get("gazetteer_prefixes", [])), heads, cls))
        except (KeyError, TypeError, ValueError):
            raise ResourceError(f"{where}: body #{n}: needs 'label' and non-empty 'heads'") from None
    return tuple(out)


def parse_demonyms(data: dict, where: str, section: str = "demonyms") -> dict[str, str]:
    table = data.get(section)
    if not isinstance(table, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in table.items()):
        raise ResourceError(f"{where}: [{section}] must map words to adjectives")
    return {k.replace("ё", "е"): v.replace("ё", "е") for k, v in table.items()}


def parse_anaphors(data: dict, where: str) -> dict[str, tuple[str, ...]]:
    table = data.get("anaphors")
    if not isinstance(table, dict) or not all(
        isinstance(v, list) and all(isinstance(x, str) for x in v) for v in table.values()
    ):
        raise ResourceError(f"{where}: [anaphors] must map words to lists of ids")
    return {k: tuple(v) for k, v in table.items()}


COREF_CLASSES = frozenset({"Person", "State", "InternationalOrganization", "GovernmentBody", "Organization", "Bloc"})


def _class_table(data: dict, where: str, section: str, extra: frozenset[str] = frozenset()) -> dict[str, frozenset[str]]:
    table = data.get(section, {})
    if not isinstance(table, dict):
        raise ResourceError(f"{where}: [{section}] must map words to lists of classes")
    out = {}
    for word, classes in table.items():
        if not isinstance(classes, list) or not classes or not all(c in COREF_CLASSES | extra for c in classes):
            raise ResourceError(f"{where}: [{section}] {word!r}: classes must be a non-empty list of "
                                f"{', '.join(sorted(COREF_CLASSES | extra))}")
        out[word.replace("ё", "е")] = frozenset(classes)
    return out


def parse_coref(data: dict, where: str) -> CorefWords:
    descriptions: dict[tuple[str, ...], str] = {}
    table = data.get("descriptions", {})
    if not isinstance(table, dict):
        raise ResourceError(f"{where}: [descriptions] must map entity ids to lists of phrases")
    for key, phrases in table.items():
        if not isinstance(phrases, list) or not phrases or not all(isinstance(p, str) and p.split() for p in phrases):
            raise ResourceError(f"{where}: [descriptions] {key!r}: needs a non-empty list of phrases")
        for p in phrases:
            words = tuple(p.lower().replace("ё", "е").split())
            if descriptions.get(words, key) != key:
                raise ResourceError(f"{where}: [descriptions] {p!r} describes both {descriptions[words]} and {key}")
            descriptions[words] = key
    return CorefWords(_class_table(data, where, "kind_nouns"),
                      _class_table(data, where, "group_nouns", frozenset({"any"})), descriptions)


@functools.cache
def default() -> Lexicon:
    return Lexicon(
        frames=parse_frames(_read(LEXICON_DIR / "triggers.toml"), "triggers.toml"),
        roles=parse_roles(_read(LEXICON_DIR / "roles.toml"), "roles.toml"),
        grammar=parse_grammar(_read(LEXICON_DIR / "grammar.toml"), "grammar.toml"),
        bodies=parse_bodies(bodies := _read(LEXICON_DIR / "bodies.toml"), "bodies.toml"),
        institutions=parse_demonyms(bodies, "bodies.toml", "institutions"),
        demonyms=parse_demonyms(demonyms := _read(LEXICON_DIR / "demonyms.toml"), "demonyms.toml"),
        combining=parse_demonyms(demonyms, "demonyms.toml", "combining"),
        anaphors=parse_anaphors(anaphors := _read(LEXICON_DIR / "anaphors.toml"), "anaphors.toml"),
        source_adjectives=parse_demonyms(anaphors, "anaphors.toml", "source_adjectives"),
        coref=parse_coref(anaphors, "anaphors.toml"),
    )
