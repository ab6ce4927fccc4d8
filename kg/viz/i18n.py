"""Words on the pictures and pages, in Russian (default) or English.

Fact types and actor classes take the ontology's own rdfs:label in the chosen language, so
a legend says what the schema says; the few interface words live in the table below.
"""

from __future__ import annotations

from functools import cache

from rdflib import RDFS, Graph, Literal, URIRef

LANGS = ("ru", "en")

UI: dict[str, dict[str, str]] = {
    "ru": {
        "title": "diplograph",
        "timeline": "diplograph: хронология",
        "facts": "Факты",
        "actors": "Акторы",
        "other": "прочее",
        "undated": "без даты",
        "undated_note": "полый кружок — дата документа, не самого факта",
        "no_facts": "Нет фактов.",
        "key": "Номера на рисунке",
        "more_rows": "Ещё строк не показано: {n} (в таблице ниже есть все факты).",
        "not_labelled": "без подписи: {n}",
        "counts": "акторов: {n}, фактов: {m}",
        "more_rows_short": "ещё строк: {n}",
        "date": "Дата",
        "type": "Тип",
        "evidence": "Свидетельство",
        "documents": "Документы",
        "place": "место",
        "role": "должность",
    },
    "en": {
        "title": "diplograph",
        "timeline": "diplograph: timeline",
        "facts": "Facts",
        "actors": "Actors",
        "other": "other",
        "undated": "no date",
        "undated_note": "hollow mark: the document's date, not the fact's own",
        "no_facts": "No facts.",
        "key": "Numbers on the picture",
        "more_rows": "{n} more rows not shown (the table below has every fact).",
        "not_labelled": "not labelled: {n}",
        "counts": "actors: {n}, facts: {m}",
        "more_rows_short": "{n} more rows",
        "date": "Date",
        "type": "Type",
        "evidence": "Evidence",
        "documents": "Documents",
        "place": "place",
        "role": "post",
    },
}


def check(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"language {lang!r}; expected one of {LANGS}")
    return lang


def ui(lang: str, key: str, **values: object) -> str:
    text = UI[check(lang)][key]
    return text.format(**values) if values else text


@cache
def _ontology() -> Graph:
    from kg.resources import ontology_file

    return Graph().parse(ontology_file(), format="turtle")


@cache
def class_label(cls: URIRef | None, lang: str) -> str:
    """The ontology's label of CLS in LANG (the interface word "other" for no class)."""
    if cls is None:
        return ui(lang, "other")
    labels = [o for o in _ontology().objects(cls, RDFS.label) if isinstance(o, Literal)]
    for lit in labels:
        if lit.language == lang:
            return str(lit)
    return str(labels[0]) if labels else str(cls).rsplit("#", 1)[-1]


# The words of the interactive page (kg/viz/assets/graph.js reads them from its data).
PAGE: dict[str, dict[str, str]] = {
    "ru": {
        "search": "Поиск актора…",
        "types": "Типы фактов",
        "classes": "Классы акторов",
        "dates": "Даты",
        "from": "с",
        "to": "по",
        "undated": "факты без даты",
        "factless": "акторы без фактов",
        "ego": "Эго-сеть",
        "ego_reset": "Показать весь граф",
        "ego_show": "Показать эго-сеть",
        "status": "Показано: {n} из {N} акторов, {m} из {M} связей",
        "found": "найдено: {n}",
        "enter": " (Enter — показать)",
        "no_date": "дата не указана",
        "doc_date": "дата документа",
        "place": "место",
        "role": "должность",
        "documents": "документы",
        "more": "и ещё {n}",
        "also": "также",
        "links": "связей",
        "click": "щёлкните — подробности",
        "posts": "Должности",
        "facts": "Факты",
        "close": "Закрыть",
        "hint": "Щёлкните узел или связь, чтобы увидеть факты и свидетельства.",
    },
    "en": {
        "search": "Find an actor…",
        "types": "Fact types",
        "classes": "Actor classes",
        "dates": "Dates",
        "from": "from",
        "to": "to",
        "undated": "facts without a date",
        "factless": "actors without facts",
        "ego": "Ego network",
        "ego_reset": "Show the whole graph",
        "ego_show": "Show the ego network",
        "status": "Shown: {n} of {N} actors, {m} of {M} links",
        "found": "found: {n}",
        "enter": " (Enter to show)",
        "no_date": "no date given",
        "doc_date": "document's date",
        "place": "place",
        "role": "post",
        "documents": "documents",
        "more": "and {n} more",
        "also": "also",
        "links": "links",
        "click": "click for details",
        "posts": "Posts",
        "facts": "Facts",
        "close": "Close",
        "hint": "Click a node or a link to see its facts and their evidence.",
    },
}
