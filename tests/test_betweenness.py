"""kg.betweenness gives networkx's betweenness to the last bit: the same sampled sources and
the same sums in the same order, exact or sampled, on connected and scattered networks."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from kg.betweenness import betweenness_centrality


def _network(n: int, m: int, seed: int) -> nx.Graph:
    rng = random.Random(seed)
    G = nx.Graph()
    G.add_nodes_from(f"n{i}" for i in rng.sample(range(n), n))  # node order not sorted
    for _ in range(m):
        u, v = rng.sample(range(n), 2)
        G.add_edge(f"n{u}", f"n{v}")
    G.add_edge("n0", "n0")  # a self loop counts for nothing in either
    return G


@pytest.mark.parametrize("n,m,seed", [(2, 1, 0), (3, 2, 1), (40, 60, 2), (120, 300, 3), (200, 150, 4)])
@pytest.mark.parametrize("k", [None, 1, 2, 17, "all"])
def test_equals_networkx(n, m, seed, k):
    G = _network(n, m, seed)
    k = G.number_of_nodes() if k == "all" else k
    if k is not None and k > G.number_of_nodes():
        pytest.skip("more sources than nodes")
    mine = betweenness_centrality(G, k, seed=0)
    theirs = nx.betweenness_centrality(G, k=k, seed=0)
    assert list(mine) == list(theirs)
    assert all(mine[v] == theirs[v] or (mine[v] != mine[v] and theirs[v] != theirs[v]) for v in G), (
        [(v, mine[v], theirs[v]) for v in G if mine[v] != theirs[v]][:5])
    assert any(mine.values()) or n < 4 or k == 1
