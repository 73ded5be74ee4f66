"""Node positions computed in Python, so that the browser never runs a physics simulation.

With physics on, vis-network needs minutes to settle ~1,500 nodes (pyvis #204), and
NetworkX's spring layout is far too slow at 10,000 nodes. igraph's Fruchterman–Reingold
with a spatial grid lays out 10,000 nodes in about a second.
"""

from __future__ import annotations

import math
import random

import igraph as ig
import networkx as nx

Positions = dict[str, tuple[float, float]]


def layout_positions(G: nx.Graph, seed: int = 7, scale: float | None = None) -> Positions:
    """Positions for the nodes of ``G`` in screen units, the same for the same graph.

    Components are laid out together; ``scale`` (default: grows with the square root of
    the node count) sets the spread so that nodes of a big map do not overlap.

    Examples
    --------
    >>> G = nx.path_graph(["a", "b", "c"])
    >>> pos = layout_positions(G)
    >>> sorted(pos) == ["a", "b", "c"] and pos == layout_positions(G)
    True
    """
    nodes = sorted(G.nodes, key=str)
    if not nodes:
        return {}
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {n: i for i, n in enumerate(nodes)}
    edges = {(min(index[u], index[v]), max(index[u], index[v])) for u, v in G.edges() if u != v}
    g = ig.Graph(n=len(nodes), edges=sorted(edges))
    # igraph draws its start positions from Python's `random`; a local state keeps the
    # layout stable from run to run without touching the caller's random numbers.
    state = random.getstate()
    random.seed(seed)
    try:
        coords = g.layout_fruchterman_reingold(niter=500, grid="auto").coords
    finally:
        random.setstate(state)
    xs = [c[0] for c in coords]
    ys = [c[1] for c in coords]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    target = scale if scale is not None else 220.0 * math.sqrt(len(nodes))
    factor = target / span
    return {n: ((x - cx) * factor, (y - cy) * factor) for n, (x, y) in zip(nodes, coords, strict=True)}
