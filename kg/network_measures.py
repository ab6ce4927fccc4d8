"""Measures of the actor network (kg.network): degree, PageRank, betweenness and communities over
the facts-as-edges multigraph, collapsed to weighted simple graphs."""

from __future__ import annotations

import networkx as nx

from kg.network import label


def weighted(G: nx.MultiDiGraph, directed: bool) -> nx.Graph:
    """Collapse parallel edges into `weight` = number of facts (mutual edges count both ways)."""
    # Counted in a dict, then added once each in the order first met: the order an edge-by-edge
    # build gives (the measures walk it), at a fraction of networkx's cost per edge.
    weights: dict[tuple[str, str], int] = {}
    for u, nbrs in G.adj.items():  # G.edges(data=True)'s order, without its views
        for v, facts in nbrs.items():
            for d in facts.values():
                for pair in ((u, v), (v, u)) if directed and d.get("mutual") else ((u, v),):
                    if not directed and pair not in weights and pair[::-1] in weights:
                        pair = pair[::-1]
                    weights[pair] = weights.get(pair, 0) + 1
    H: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    H.add_edges_from((u, v, {"weight": w}) for (u, v), w in weights.items())
    return H


# Betweenness walks the network once per source node: all of them while that costs under this
# many edge visits (~1 µs each in networkx), else a sample of sources (seed 0) — on the 1M-triple
# store of bench/ (5,000 actors, 84k edges) exact betweenness takes ~10 minutes, the sample 3 s.
BETWEENNESS_WORK = 2_000_000


def betweenness(simple: nx.Graph) -> dict[str, float]:
    """Betweenness centrality, exact on small networks, estimated from a sample of source
    nodes (at least 32; seed 0, so the same figures every run) on large ones."""
    from kg.betweenness import betweenness_centrality  # networkx's figures, on plain lists

    n, m = simple.number_of_nodes(), max(simple.number_of_edges(), 1)
    if n * m <= BETWEENNESS_WORK:
        return betweenness_centrality(simple)
    return betweenness_centrality(simple, k=min(n, max(32, BETWEENNESS_WORK // m)), seed=0)


def centrality(G: nx.MultiDiGraph, top: int = 10) -> list[dict]:
    """Degree (facts), neighbours, PageRank and betweenness per node; by PageRank."""
    if G.number_of_nodes() == 0:
        return []
    pagerank = pagerank_weighted(weighted(G, directed=True))
    simple = weighted(G, directed=False)
    between = betweenness(simple)
    rows = [
        {
            "node": n,
            "label": label(G, n),
            "facts": G.degree(n),
            "neighbours": simple.degree(n),
            "pagerank": pagerank.get(n, 0.0),
            "betweenness": between.get(n, 0.0),
        }
        for n in G.nodes
    ]
    rows.sort(key=lambda r: (-r["pagerank"], -r["facts"], r["label"]))
    return rows[:top] if top else rows


def pagerank_weighted(
    H: nx.DiGraph, alpha: float = 0.85, tol: float = 1e-10, max_iter: int = 200
) -> dict[str, float]:
    """PageRank by power iteration over `weight`; networkx's own needs scipy, which we do
    not otherwise depend on (numpy comes with matplotlib). Dangling nodes spread their rank
    evenly, as in networkx."""
    import numpy as np

    nodes = list(H.nodes)
    n = len(nodes)
    at = {u: i for i, u in enumerate(nodes)}
    edges = [(at[u], at[v], d.get("weight", 1)) for u, v, d in H.edges(data=True)]
    src = np.array([e[0] for e in edges], dtype=np.int64)
    dst = np.array([e[1] for e in edges], dtype=np.int64)
    w = np.array([e[2] for e in edges], dtype=float)
    out_w = np.bincount(src, weights=w, minlength=n)
    dangling = out_w == 0
    share = w / np.where(dangling, 1.0, out_w)[src]  # each edge's part of its source's rank
    rank = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        new = (1.0 - alpha) / n + alpha * rank[dangling].sum() / n + alpha * np.bincount(
            dst, weights=rank[src] * share, minlength=n)
        if np.abs(new - rank).sum() < n * tol:
            rank = new
            break
        rank = new
    return {u: float(r) for u, r in zip(nodes, rank, strict=True)}


def communities(G: nx.MultiDiGraph, seed: int = 0) -> list[list[str]]:
    """Louvain communities of the undirected weighted network, largest first."""
    simple = weighted(G, directed=False)
    simple.remove_nodes_from([n for n in list(simple.nodes) if simple.degree(n) == 0])
    if simple.number_of_edges() == 0:
        return []
    groups = nx.community.louvain_communities(simple, weight="weight", seed=seed)
    out = [sorted(g, key=lambda n: label(G, n)) for g in groups]
    return sorted(out, key=lambda g: (-len(g), label(G, g[0])))
