"""What every mention finder shares: the nouns that make a place or a state an actor, the
record of a document's mentions (DocMentions), entity_of and slug."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from kg.gazetteer import Entry
from kg.records import Entity, Mention

# Prepositions that make a city a place rather than an actor («в Москве», «из Вены»).
PLACE_PREPS = {"в", "во", "на", "из", "до", "под", "около", "возле", "близ", "через", "у"}
# Nouns that with a state adjective or genitive stand for the state itself.
STATE_NOUNS = {"сторона", "власть", "власти", "руководство", "правительство", "кабинет", "режим", "делегация",
               "государство"}
# Nouns of acts and stances: their genitive is an actor («требование Москвы», «позиция Киева»),
# unlike the genitive of places and things («центр Москвы», «мэр Москвы»).
ACT_NOUNS = {"требование", "ультиматум", "предложение", "позиция", "решение", "заявление", "призыв", "просьба",
             "отказ", "ответ", "условие", "санкция", "угроза", "предупреждение", "действие", "шаг", "политика",
             "инициатива", "реакция", "намерение", "обвинение", "претензия", "настояние", "приглашение", "вето",
             "давление", "протест", "запрос", "заявка", "проект", "ходатайство", "план", "притязание", "кандидатура"}


@dataclass
class DocMentions:
    mentions: list[Mention] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    forms: dict[str, set[str]] = field(default_factory=dict)  # entity key -> surface forms
    by_token: dict[tuple[int, int], Mention] = field(default_factory=dict)
    # Named in the text but in no role a fact could take: «лондонский», «российско-британский»,
    # «Минобороны РФ»'s «РФ». Such entities are recorded as mentioned, nothing more.
    named: set[str] = field(default_factory=set)
    # kg/coref: a group mention's members («стороны» → both participants), keyed by its head
    # token; and subjects a clause omits («Встретился с…»), keyed by the verb, read by the
    # subject finder alone (a verb is no actor to the other rules).
    members: dict[tuple[int, int], tuple[str, ...]] = field(default_factory=dict)
    zero: dict[tuple[int, int], Mention] = field(default_factory=dict)
    refused: set[tuple[int, int]] = field(default_factory=set)  # anaphors left unresolved: competing antecedents

    def name_only(self, entity: Entity) -> None:
        self.entities.setdefault(entity.key, entity)
        self.forms.setdefault(entity.key, set())
        self.named.add(entity.key)

    def add(self, m: Mention, entity: Entity) -> None:
        self.mentions.append(m)
        self.entities.setdefault(entity.key, entity)
        self.forms.setdefault(entity.key, set()).add(m.text)
        for k in range(m.first, m.last):
            self.by_token.setdefault((m.sent, k), m)

    def refer(self, m: Mention, members: tuple[str, ...] = ()) -> None:
        """A mention resolved by coreference: no name form of its entity («он» is none)."""
        if m.kind == "zero":
            self.zero[(m.sent, m.head)] = m
        else:
            self.mentions.append(m)
            for k in range(m.first, m.last):
                self.by_token.setdefault((m.sent, k), m)
        if len(members) > 1:
            self.members[(m.sent, m.head)] = members

    def remove(self, m: Mention) -> None:
        """Take a mention back (a better reading replaces it); its entity goes when unnamed."""
        self.mentions.remove(m)
        for k in range(m.first, m.last):
            self.by_token.pop((m.sent, k), None)
        if not any(x.entity == m.entity for x in self.mentions):
            self.entities.pop(m.entity, None)
            self.forms.pop(m.entity, None)

    def at(self, sent: int, tok: int) -> Mention | None:
        return self.by_token.get((sent, tok))


def entity_of(entry: Entry) -> Entity:
    return Entity(entry.key, entry.label, entry.cls, entry.qid, entry.part_of, entry.state, entry.building)


def slug(text: str) -> str:
    table = str.maketrans({
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
        "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
        "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
        "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    })
    out = re.sub(r"[^a-z0-9]+", "-", text.lower().translate(table)).strip("-")
    return out or "x"


_NAME_CASE_ENDING = re.compile(r"([бвгджзклмнпрстфхцчшщ])(?:а|у|ом|ем|е)$")


@functools.lru_cache(maxsize=100_000)
def name_stem(word: str) -> str:
    """A capitalised word without a case ending after a consonant, lower-cased: the nominative of a
    foreign surname pymorphy2 declines by a Russian pattern («Шольцу» → «шольц», not «шолец»)."""
    low = word.lower().replace("ё", "е")
    return _NAME_CASE_ENDING.sub(r"\1", low) if len(low) > 4 and word[:1].isupper() else low
