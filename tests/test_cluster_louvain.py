"""dedup.louvain is networkx's louvain_communities worked out on plain dicts: on any graph
it must give networkx's communities, as the same sets in the same order (the cluster
stage's output depends on both), for the seed the cluster stage uses and for others."""

from __future__ import annotations

import random
from typing import Any

import networkx as nx
import pytest

from dedup.louvain import louvain_communities


def ours(g: nx.Graph, seed: int) -> list[list[Any]]:
    nodes = list(g)
    adjacency = {u: {v: d["weight"] for v, d in g._adj[u].items()} for u in nodes}
    return [list(c) for c in louvain_communities(nodes, adjacency, seed=seed)]


def networkx(g: nx.Graph, seed: int) -> list[list[Any]]:
    return [list(c) for c in nx.community.louvain_communities(g, weight="weight", seed=seed)]


def generated(seed: int) -> nx.Graph:
    """Families of nodes densely linked inside and sparsely across, in a shuffled order,
    with float weights (some equal, so gains tie), some self-loops and string or int nodes."""
    rng = random.Random(seed)
    families = [rng.randint(2, 25) for _ in range(rng.randint(1, 8))]
    names: list[Any] = list(range(sum(families)))
    if seed % 3 == 0:
        names = [f"A{n:04d}" for n in names]
    family = [f for f, size in enumerate(families) for _ in range(size)]
    inside, across = rng.uniform(0.3, 0.9), rng.uniform(0.0, 0.08)
    edges = []
    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            if rng.random() < (inside if family[i] == family[j] else across):
                weight = rng.choice([1.0, 0.9, 0.75, round(rng.uniform(0.5, 1.0), 3)])
                edges.append((names[i], names[j], weight))
    for n in rng.sample(names, k=min(3, len(names))):
        if seed % 2:
            edges.append((n, n, 0.5))
    rng.shuffle(edges)
    g = nx.Graph()
    order = list(names)
    rng.shuffle(order)
    g.add_nodes_from(order)
    g.add_weighted_edges_from(edges)
    return g


@pytest.mark.parametrize("seed", range(60))
def test_communities_are_networkx_communities(seed: int) -> None:
    g = generated(seed)
    for louvain_seed in (7, seed):
        assert ours(g, louvain_seed) == networkx(g, louvain_seed)


def test_generated_graphs_need_more_than_one_level_and_split() -> None:
    # The comparison above means something only if the graphs are split into several
    # communities and Louvain goes past its first level on some of them.
    levels = []
    splits = 0
    for seed in range(60):
        g = generated(seed)
        partitions = list(nx.community.louvain_partitions(g, weight="weight", seed=7))
        levels.append(len(partitions))
        splits += len(partitions[-1]) > 1
    assert max(levels) >= 2
    assert splits >= 40


def test_edgeless_and_tiny_graphs() -> None:
    for g in (nx.Graph(), nx.empty_graph(3), nx.path_graph(2), nx.complete_graph(4)):
        nx.set_edge_attributes(g, 1.0, "weight")
        assert ours(g, 7) == networkx(g, 7)


def test_symmetric_graphs_where_gains_tie() -> None:
    # Equal weights on symmetric shapes: moves whose gains are equal to the last bit, where
    # only the order of the candidates decides (the first best one is kept).
    graphs = [
        nx.ring_of_cliques(6, 4),
        nx.cycle_graph(12),
        nx.complete_bipartite_graph(3, 5),
        nx.star_graph(7),
        nx.grid_2d_graph(4, 4),
        nx.barbell_graph(5, 2),
    ]
    for g in graphs:
        nx.set_edge_attributes(g, 1.0, "weight")
        for seed in (7, 1, 2):
            assert ours(g, seed) == networkx(g, seed)
