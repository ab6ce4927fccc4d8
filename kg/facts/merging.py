"""One fact per event in a document: repeated reports merged, talks without a place yield to
the same talks with a place reported before it or a few sentences after."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from kg.records import Fact

NEAR = 3  # sentences a placeless report may come before the same talks with their place


def _same_time(a: Fact, b: Fact) -> bool:
    """Two reports of one event: the same dates, or one undated and close to the other
    («провели разговор» at the top and «7 декабря пообщались» far below are two calls)."""
    if a.start and b.start:
        return a.start == b.start
    return a.start == b.start or abs(a.sent - b.sent) <= 3


def _headline(f: Fact) -> bool:
    """A line without a closing full stop: a headline, which restates the body below it."""
    return not f.evidence.rstrip().endswith((".", "!", "?", "…", "»", '"', ")"))


def merge(facts: list[Fact], state_of_place: Callable[[str], str | None] = lambda key: None) -> list[Fact]:
    """One fact per key in a document; talks without a place yield to the same talks with one, and
    talks placed in a state to the same talks placed in a city of it («в Женеве» … «в Швейцарии»).
    `state_of_place`: a place's state, if known; None for a city, its own key for a state."""
    out: list[Fact] = []
    for f in facts:
        same = next((k for k, o in enumerate(out) if (o.type, o.agents, o.targets, o.participants, o.location)
                     == (f.type, f.agents, f.targets, f.participants, f.location) and _same_time(o, f)), None)
        if same is None:
            out.append(f)
        elif out[same].start is None and f.start is not None:
            out[same] = replace(out[same], start=f.start, end=f.end)
    # «Боррель пригрозил Минску» over «"Санкции будут расширены…", — пригрозил Боррель»: a headline's
    # bare threat is the sanctions threat the next sentence spells out, not a warning of its own.
    threats = {(f.agents, f.targets): [o.sent for o in out if o.type == "threatenedSanctions"
                                       and (o.agents, o.targets) == (f.agents, f.targets)] for f in out if f.type == "warned"}
    out = [f for f in out if f.type != "warned" or not _headline(f)
           or not any(abs(s - f.sent) <= 1 for s in threats[(f.agents, f.targets)])]
    placed: dict[tuple[str, tuple[str, ...]], list[int]] = {}
    for f in out:
        if f.location and f.participants:
            placed.setdefault((f.type, f.participants), []).append(f.sent)
    # A later placeless report refers back to talks placed before («будущие переговоры России и
    # НАТО»); an earlier one is the same talks only close by: «Встреча глав МИД G7 закончилась»
    # at the top and «провели в Гааге совещание» paragraphs below are two meetings of one body.
    out = [f for f in out if f.location or not f.participants
           or not any(s <= f.sent + NEAR for s in placed.get((f.type, f.participants), ()))]
    cities = {(f.type, f.participants, state_of_place(f.location)) for f in out
              if f.location and f.participants and state_of_place(f.location) != f.location}
    return [f for f in out if not f.location or state_of_place(f.location) != f.location
            or not ({(f.type, f.participants, None), (f.type, f.participants, f.location)} & cities)]
