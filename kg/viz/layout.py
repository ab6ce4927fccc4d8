"""Node positions computed once in Python, so the browser never runs physics.

networkx's spring layout is O(n²) per iteration; past a few hundred nodes (and without
scipy) it takes tens of seconds. So large graphs get a spring layout of their best
connected nodes only, and every other node is hung around an already placed neighbour:
leaves on a ring round their hub, inner nodes at the mean of their placed neighbours.
Components are then packed into a rectangle of the canvas's shape.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterable

import networkx as nx

CORE_SIZE = 300  # nodes laid out by the spring model; about 0.3 s
EDGE_LENGTH = 120.0  # pixels between neighbours, roughly


def _stable_hash(name: str) -> int:
    # hash() of a str changes between runs; pictures should not.
    return zlib.crc32(name.encode("utf-8"))


def _spring(graph: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    if len(graph) == 1:
        return {next(iter(graph)): (0.0, 0.0)}
    pos = nx.spring_layout(graph, seed=seed, method="force", iterations=80)
    scale = EDGE_LENGTH * math.sqrt(len(graph)) * 0.9
    return {n: (float(x) * scale, float(y) * scale) for n, (x, y) in pos.items()}


def _grow(
    graph: nx.Graph, pos: dict[str, tuple[float, float]], todo: set[str]
) -> dict[str, tuple[float, float]]:
    """Place TODO nodes of a connected graph around their placed neighbours, outwards."""
    pos = dict(pos)
    while todo:
        # The nodes next to the placed ones, best connected first.
        ring = sorted(
            {n for n in todo if any(m in pos for m in graph[n])},
            key=lambda n: (-graph.degree(n), n),
        )
        if not ring:  # not connected to anything placed: the caller's job
            break
        children: dict[str, list[str]] = {}
        for n in ring:
            placed = [m for m in graph[n] if m in pos]
            if len(placed) >= 2:
                xs, ys = zip(*(pos[m] for m in placed), strict=True)
                jitter = (_stable_hash(n) % 1000) / 1000.0 * EDGE_LENGTH * 0.3
                pos[n] = (sum(xs) / len(xs) + jitter, sum(ys) / len(ys) - jitter)
            else:
                children.setdefault(placed[0], []).append(n)
        for hub, kids in children.items():
            hx, hy = pos[hub]
            radius = EDGE_LENGTH * (1.0 + math.sqrt(len(kids)) / 3.0)
            offset = (_stable_hash(hub) % 360) * math.pi / 180.0
            for i, n in enumerate(kids):
                angle = offset + 2.0 * math.pi * i / len(kids)
                pos[n] = (hx + radius * math.cos(angle), hy + radius * math.sin(angle))
        todo -= set(ring)
    return pos


def _component_layout(graph: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    if len(graph) <= CORE_SIZE:
        return _spring(graph, seed)
    core = sorted(graph, key=lambda n: (-graph.degree(n), n))[:CORE_SIZE]
    core_graph = graph.subgraph(core)
    # The core must be connected for the spring model to mean anything: keep its largest part.
    biggest = max(nx.connected_components(core_graph), key=len)
    pos = _spring(graph.subgraph(biggest), seed)
    return _grow(graph, pos, set(graph) - set(pos))


def _bbox(pos: dict[str, tuple[float, float]]) -> tuple[float, float, float, float]:
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    return min(xs), min(ys), max(xs), max(ys)


def _pack(boxes: list[tuple[float, float]], aspect: float, gap: float) -> list[tuple[float, float]]:
    """Top-left corners for boxes (width, height), in their order, on shelves about as wide
    as a rectangle of ASPECT that holds them all: the picture fills a canvas of that shape
    instead of trailing off in one long row."""
    area = sum((w + gap) * (h + gap) for w, h in boxes)
    width = max(max(w for w, _ in boxes), math.sqrt(area * aspect))
    out, x, y, shelf_h = [], 0.0, 0.0, 0.0
    for w, h in boxes:
        if x > 0 and x + w > width:
            x, y, shelf_h = 0.0, y + shelf_h + gap, 0.0
        out.append((x, y))
        x += w + gap
        shelf_h = max(shelf_h, h)
    return out


def layout(
    nodes: Iterable[str],
    edges: Iterable[tuple[str, str]],
    seed: int = 7,
    aspect: float = 1.5,
    single_width: float = 2 * EDGE_LENGTH,
) -> dict[str, tuple[float, float]]:
    """Positions in pixels: each connected component laid out on its own, the biggest first,
    packed on shelves into a rectangle about ASPECT wide for 1 high; nodes without an edge
    last, in a grid SINGLE_WIDTH apart so that their labels do not run into each other
    (deterministic for a seed)."""
    graph = nx.Graph()
    graph.add_nodes_from(sorted(nodes))
    graph.add_edges_from((s, t) for s, t in edges if s != t)
    components = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
    parts = [_component_layout(graph.subgraph(c), seed) for c in components if len(c) > 1]
    singles = sorted(n for c in components if len(c) == 1 for n in c)
    if singles:  # one block, a grid of rows
        cols = max(1, math.ceil(math.sqrt(len(singles) * aspect / 4)))
        parts.append(
            {
                n: ((i % cols) * single_width, (i // cols) * EDGE_LENGTH / 2)
                for i, n in enumerate(singles)
            }
        )
    if not parts:
        return {}
    boxes = [_bbox(p) for p in parts]
    corners = _pack([(x1 - x0, y1 - y0) for x0, y0, x1, y1 in boxes], aspect, EDGE_LENGTH)
    result: dict[str, tuple[float, float]] = {}
    for part, (x0, y0, _, _), (cx, cy) in zip(parts, boxes, corners, strict=True):
        for n, (x, y) in part.items():
            result[n] = (x - x0 + cx, y - y0 + cy)
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in result.items()}
