"""Mentions: where the text names an actor or a place, and which entity each one names.

Sources, in order of trust: gazetteer aliases (any case form, multi-word, abbreviations),
capitals used as actors (metonymy), relational adjectives («российская сторона»), and
natasha's NER spans for names the gazetteer does not know.

base.py holds DocMentions and the shared nouns; aliases.py, adjectives.py, bodies.py and
people.py find one kind of mention each; compose.py's detect() runs them in that order.
"""

from __future__ import annotations

from kg.mentions.adjectives import LANGUAGE_NOUNS
from kg.mentions.aliases import gazetteer_matches
from kg.mentions.base import ACT_NOUNS, PLACE_PREPS, STATE_NOUNS, DocMentions, entity_of, slug
from kg.mentions.bodies import BODY_HEADS
from kg.mentions.compose import detect
from kg.mentions.people import person_label

__all__ = [
    "ACT_NOUNS", "BODY_HEADS", "LANGUAGE_NOUNS", "PLACE_PREPS", "STATE_NOUNS", "DocMentions",
    "detect", "entity_of", "gazetteer_matches", "person_label", "slug",
]
