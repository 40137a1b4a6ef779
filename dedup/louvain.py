"""networkx's Louvain communities (networkx.community.louvain_communities, undirected,
resolution 1), worked out on plain adjacency dicts.

networkx's own copies the graph it is given, computes the modularity of each level through
its edge views and builds each level's graph with add_edge: three quarters of its time on
the cluster stage's components (27 830 reuse links at 20 copies), where the moves between
communities are a quarter. This is the same algorithm step for step, in the same order:
the same visiting order from the same seeded shuffle, the same floating-point sums in the
same order, the same sets built by the same operations, so the communities are networkx's
(tests/test_louvain.py compares the two on generated graphs and the perturbed copies').
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence

__all__ = ["louvain_communities"]

# A node of any level: the graph's own nodes, then community numbers.
Node = Hashable
# networkx's default: a level that raises the modularity by no more than this is the last.
_THRESHOLD = 0.0000001


def louvain_communities(
    nodes: Sequence[Node], adjacency: Mapping[Node, Mapping[Node, float]], seed: int
) -> list[set[Node]]:
    """`nx.community.louvain_communities(G, weight="weight", seed=seed)` for the graph G
    whose nodes are `nodes` in this order and whose adjacency is `adjacency` (each node's
    neighbours in G's order, to the edge's weight; each edge under both of its nodes)."""
    rng = random.Random(seed)
    partition: list[set[Node]] = [{u} for u in nodes]
    if not any(adjacency[u] for u in nodes):
        return partition
    mod = _modularity(nodes, adjacency, partition)
    # networkx works on a copy of G: its nodes in G's order, its edges added as G lists
    # them (each once, at the first of its nodes), which sets each node's neighbour order.
    graph = _Level(list(nodes), {u: {} for u in nodes}, {})
    for u, v, w in _edges(nodes, adjacency):
        graph.adjacency[u][v] = w
        graph.adjacency[v][u] = w
    m = sum(_degree(graph.adjacency, u) for u in graph.nodes) / 2
    partition, inner, improvement = _one_level(graph, m, partition, rng)
    improvement = True
    result = partition
    while improvement:
        result = [s.copy() for s in partition]
        new_mod = _modularity(graph.nodes, graph.adjacency, inner)
        if new_mod - mod <= _THRESHOLD:
            return result
        mod = new_mod
        graph = _next_level(graph, inner)
        partition, inner, improvement = _one_level(graph, m, partition, rng)
    return result


class _Level:
    """One level's graph: nodes in order, adjacency to weights, and for a level above the
    first the original nodes each node stands for (networkx's node attribute `nodes`)."""

    def __init__(
        self,
        nodes: list[Node],
        adjacency: dict[Node, dict[Node, float]],
        members: dict[Node, set[Node]],
    ) -> None:
        self.nodes = nodes
        self.adjacency = adjacency
        self.members = members


def _edges(
    nodes: Sequence[Node], adjacency: Mapping[Node, Mapping[Node, float]]
) -> list[tuple[Node, Node, float]]:
    """G.edges(data="weight") in networkx's order: each edge once, at the first of its
    nodes in node order (a self-loop at its node)."""
    seen: set[Node] = set()
    out = []
    for u in nodes:
        for v, w in adjacency[u].items():
            if v not in seen:
                out.append((u, v, w))
        seen.add(u)
    return out


def _degree(adjacency: Mapping[Node, Mapping[Node, float]], u: Node) -> float:
    """G.degree(u, weight="weight"): a self-loop counts twice, as networkx counts it."""
    neighbours = adjacency[u]
    return sum(neighbours.values()) + (u in neighbours and neighbours[u])


def _modularity(
    nodes: Sequence[Node],
    adjacency: Mapping[Node, Mapping[Node, float]],
    communities: list[set[Node]],
) -> float:
    """nx.community.modularity(G, communities, weight="weight"), summed as it sums."""
    degree = {u: _degree(adjacency, u) for u in nodes}
    deg_sum = sum(degree.values())
    m = deg_sum / 2
    norm = 1 / deg_sum**2

    def contribution(community: set[Node]) -> float:
        comm = set(community)
        # The edges at comm's nodes, each once, in networkx's order, inside comm.
        inside = []
        seen: set[Node] = set()
        for u in comm:
            for v, w in adjacency[u].items():
                if v not in seen and v in comm:
                    inside.append(w)
            seen.add(u)
        degree_sum = sum(degree[u] for u in comm)
        return sum(inside) / m - 1 * degree_sum * degree_sum * norm

    return sum(map(contribution, communities))


def _one_level(
    graph: _Level, m: float, partition: list[set[Node]], rng: random.Random
) -> tuple[list[set[Node]], list[set[Node]], bool]:
    """networkx's louvain `_one_level`, undirected, resolution 1."""
    nodes, adjacency = graph.nodes, graph.adjacency
    node2com = {u: i for i, u in enumerate(nodes)}
    inner_partition = [{u} for u in nodes]
    degrees = {u: _degree(adjacency, u) for u in nodes}
    stot = list(degrees.values())
    nbrs = {u: {v: w for v, w in adjacency[u].items() if v != u} for u in nodes}
    rand_nodes = list(nodes)
    rng.shuffle(rand_nodes)
    nb_moves = 1
    improvement = False
    while nb_moves > 0:
        nb_moves = 0
        for u in rand_nodes:
            best_mod: float = 0
            best_com = node2com[u]
            weights2com: defaultdict[int, float] = defaultdict(float)
            for nbr, wt in nbrs[u].items():
                weights2com[node2com[nbr]] += wt
            degree = degrees[u]
            stot[best_com] -= degree
            remove_cost = -weights2com[best_com] / m + 1 * (stot[best_com] * degree) / (2 * m**2)
            for nbr_com, wt in weights2com.items():
                gain = remove_cost + wt / m - 1 * (stot[nbr_com] * degree) / (2 * m**2)
                if gain > best_mod:
                    best_mod = gain
                    best_com = nbr_com
            stot[best_com] += degree
            if best_com != node2com[u]:
                com = graph.members.get(u, {u})
                partition[node2com[u]].difference_update(com)
                inner_partition[node2com[u]].remove(u)
                partition[best_com].update(com)
                inner_partition[best_com].add(u)
                improvement = True
                nb_moves += 1
                node2com[u] = best_com
    partition = list(filter(len, partition))
    inner_partition = list(filter(len, inner_partition))
    return partition, inner_partition, improvement


def _next_level(graph: _Level, partition: list[set[Node]]) -> _Level:
    """networkx's louvain `_gen_graph`: one node per community, the weights between two
    communities summed in G's edge order."""
    node2com: dict[Node, int] = {}
    members: dict[Node, set[Node]] = {}
    for i, part in enumerate(partition):
        nodes: set[Node] = set()
        for node in part:
            node2com[node] = i
            nodes.update(graph.members.get(node, {node}))
        members[i] = nodes
    adjacency: dict[Node, dict[Node, float]] = {i: {} for i in range(len(partition))}
    for node1, node2, wt in _edges(graph.nodes, graph.adjacency):
        com1 = node2com[node1]
        com2 = node2com[node2]
        total = wt + adjacency[com1].get(com2, 0)
        adjacency[com1][com2] = total
        adjacency[com2][com1] = total
    return _Level(list(range(len(partition))), adjacency, members)
