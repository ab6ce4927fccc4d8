"""Labels that never overlap: greedy placement in display pixels, most important first.

Each label tries a few spots round its anchor (above, below, right, left, the corners) and
takes the first whose box is inside the frame and clear of every box already taken (other
labels, the node discs). A label that finds no spot is left out; the caller decides what to
do with it (a small number keyed in a side list, say). Boxes sit in a grid of buckets, so a
check costs the few boxes near it, not all of them: 500 labels take milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in display pixels (y up)

# Where a label goes round a disc of radius r: (dx, dy) of the box's anchor as fractions of
# the label's own size, and of r. Order = preference.
SPOTS: tuple[tuple[str, float, float, float, float], ...] = (
    # name, box x0 as a fraction of width, box y0 as a fraction of height, then the unit
    # offsets from the disc centre in radii
    ("above", -0.5, 0.0, 0.0, 1.0),
    ("below", -0.5, -1.0, 0.0, -1.0),
    ("right", 0.0, -0.5, 1.0, 0.0),
    ("left", -1.0, -0.5, -1.0, 0.0),
    ("above-right", 0.0, 0.0, 1.0, 1.0),  # corners: clear of the disc's square
    ("above-left", -1.0, 0.0, -1.0, 1.0),
    ("below-right", 0.0, -1.0, 1.0, -1.0),
    ("below-left", -1.0, -1.0, -1.0, -1.0),
)
ALIGN = {  # where matplotlib anchors the text of each spot (ha, va)
    "above": ("center", "bottom"),
    "below": ("center", "top"),
    "right": ("left", "center"),
    "left": ("right", "center"),
    "above-right": ("left", "bottom"),
    "above-left": ("right", "bottom"),
    "below-right": ("left", "top"),
    "below-left": ("right", "top"),
}


def overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


class Taken:
    """Boxes already on the picture, bucketed by a grid of CELL pixels."""

    def __init__(self, cell: float = 64.0) -> None:
        self.cell = cell
        self.buckets: dict[tuple[int, int], list[Box]] = {}

    def _cells(self, box: Box) -> Iterable[tuple[int, int]]:
        c = self.cell
        for i in range(int(box[0] // c), int(box[2] // c) + 1):
            for j in range(int(box[1] // c), int(box[3] // c) + 1):
                yield i, j

    def add(self, box: Box) -> None:
        for key in self._cells(box):
            self.buckets.setdefault(key, []).append(box)

    def clear(self, box: Box) -> bool:
        return not any(
            overlaps(box, other) for key in self._cells(box) for other in self.buckets.get(key, ())
        )


@dataclass(frozen=True)
class Placed:
    spot: str
    box: Box
    dx: float  # offset of the text anchor from the disc centre, in pixels
    dy: float


def place(
    x: float,
    y: float,
    radius: float,
    size: tuple[float, float],
    taken: Taken,
    frame: Box,
    margin: float = 2.0,
) -> Placed | None:
    """The first spot round the disc (X, Y, RADIUS) where a label of SIZE (w, h) fits inside
    FRAME and clear of TAKEN (which then holds it), or None."""
    w, h = size
    gap = radius + margin
    for name, fx, fy, ux, uy in SPOTS:
        ax, ay = x + ux * gap, y + uy * gap  # the anchor on the disc's rim
        box = (
            ax + fx * w - margin,
            ay + fy * h - margin,
            ax + (fx + 1) * w + margin,
            ay + (fy + 1) * h + margin,
        )
        inside = (
            frame[0] <= box[0] and box[2] <= frame[2] and frame[1] <= box[1] and box[3] <= frame[3]
        )
        if inside and taken.clear(box):
            taken.add(box)
            return Placed(name, box, ax - x, ay - y)
    return None


def text_size(renderer: object, text: str, fontsize: float) -> tuple[float, float]:
    """Width and height in pixels of a one-line TEXT as matplotlib lays it out (the height of
    "lp" at least, as Text.get_window_extent counts it)."""
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(family="DejaVu Sans", size=fontsize)
    w, h, _ = renderer.get_text_width_height_descent(text, prop, ismath=False)  # type: ignore[attr-defined]
    _, lp, _ = renderer.get_text_width_height_descent("lp", prop, ismath=False)  # type: ignore[attr-defined]
    return w, max(h, lp)


def lanes(spans: Iterable[tuple[float, float]], gap: float = 4.0) -> list[int]:
    """A lane (0, 1, …) for each horizontal span (x0, x1) so that spans in one lane never
    overlap: the first lane whose last span ended before this one starts."""
    ends: list[float] = []
    out = []
    for x0, x1 in spans:
        for i, end in enumerate(ends):
            if end + gap <= x0:
                ends[i] = x1
                out.append(i)
                break
        else:
            ends.append(x1)
            out.append(len(ends) - 1)
    return out


def measurer(fontsize: float) -> Callable[[str], float]:
    """Width in points of one line of DejaVu Sans at FONTSIZE (a 72-dpi renderer: points are
    pixels, and CSS pixels on a page at 100 %)."""
    from matplotlib.backends.backend_agg import RendererAgg

    renderer = RendererAgg(8, 8, 72)
    cached: dict[str, float] = {}

    def measure(text: str) -> float:
        if text not in cached:
            cached[text] = text_size(renderer, text, fontsize)[0]
        return cached[text]

    return measure
