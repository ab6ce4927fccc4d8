"""Betweenness centrality of an undirected, unweighted network: networkx's own computation
(Brandes: a breadth-first search from each source node, then the dependencies accumulated
back) on plain lists of node numbers instead of dicts keyed by node and networkx's views.

The same operations in the same order as `nx.betweenness_centrality(G, k, seed=seed)`
(networkx 3.x), so the same sampled sources and the same figures to the last bit — a test
holds them equal — in about half the time: on the 1M-triple store of bench/ the 32 searches
of `kg graph central` took 4.8 s in networkx.
"""

from __future__ import annotations

import random
from collections import deque

import networkx as nx


def betweenness_centrality(G: nx.Graph, k: int | None = None, seed: int = 0) -> dict[str, float]:
    """Normalised betweenness, endpoints excluded; from k sources sampled with `seed`, or all."""
    nodes = list(G)
    n = len(nodes)
    at = {v: i for i, v in enumerate(nodes)}
    adj = [[at[w] for w in G._adj[v]] for v in nodes]  # networkx's neighbour order
    if k == n:
        k = None  # as networkx: every node a source, without sampling
    sources = [at[s] for s in random.Random(seed).sample(nodes, k)] if k is not None else range(n)
    between = [0.0] * n
    for s in sources:
        order, preds, sigma = _paths(adj, s, n)
        delta = [0.0] * n
        while order:
            w = order.pop()
            coeff = (1 + delta[w]) / sigma[w]
            for v in preds[w]:
                delta[v] += sigma[v] * coeff
            if w != s:
                between[w] += delta[w]
    return dict(zip(nodes, _rescaled(between, n, sources if k is not None else None), strict=True))


def _paths(adj: list[list[int]], s: int, n: int) -> tuple[list[int], list[list[int]], list[float]]:
    """The nodes by distance from s, each one's predecessors on shortest paths, path counts."""
    order: list[int] = []
    preds: list[list[int]] = [[] for _ in range(n)]
    sigma = [0.0] * n
    dist = [-1] * n
    sigma[s], dist[s] = 1.0, 0
    queue = deque([s])
    while queue:
        v = queue.popleft()
        order.append(v)
        dv, sv = dist[v] + 1, sigma[v]
        for w in adj[v]:
            if dist[w] < 0:
                queue.append(w)
                dist[w] = dv
            if dist[w] == dv:
                sigma[w] += sv
                preds[w].append(v)
    return order, preds, sigma


def _rescaled(between: list[float], n: int, sampled: list[int] | None) -> list[float]:
    """networkx's `_rescale` for normalised, undirected, endpoints excluded."""
    N = n - 1
    if N < 2:
        return between
    if sampled is None:
        scale = 1 / (N * (N - 1))
        return [b * scale for b in between] if scale != 1 else between
    k = len(sampled)
    chosen = set(sampled)
    source = 1 / ((k - 1) * (N - 1)) if k > 1 else float("nan")
    other = 1 / (k * (N - 1))
    return [b * (source if i in chosen else other) for i, b in enumerate(between)]
