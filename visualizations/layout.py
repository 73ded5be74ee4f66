"""Node positions computed in Python, so that the browser never runs a physics simulation.

With physics on, vis-network needs minutes to settle ~1,500 nodes (pyvis #204), and
NetworkX's spring layout is far too slow at 10,000 nodes. igraph's Fruchterman–Reingold
with a spatial grid lays out 10,000 nodes in about a second.
"""

from __future__ import annotations

import math
import random

import networkx as nx

Positions = dict[str, tuple[float, float]]


def layout_positions(G: nx.Graph, seed: int = 7, scale: float | None = None, aspect: float = 1.5) -> Positions:
    """Positions for the nodes of ``G`` in screen units, the same for the same graph.

    Components are laid out together; ``scale`` (default: grows with the square root of
    the node count) sets the spread so that nodes of a big map do not overlap; ``aspect``
    stretches it sideways to fill a wide screen and leave room for the labels beside the nodes.

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
    # Isolated nodes would be pushed to the rim and shrink everything else when the
    # page fits the map to the screen; they get a row of their own below the network.
    linked = [n for n in nodes if any(v != n for v in G.neighbors(n))]
    isolated = sorted(set(nodes) - set(linked), key=str)
    index = {n: i for i, n in enumerate(linked)}
    edges = sorted({(min(index[u], index[v]), max(index[u], index[v])) for u, v in G.edges() if u != v})
    import igraph as ig  # here: igraph loads matplotlib, a second of start-up

    g = ig.Graph(n=len(linked), edges=edges)
    degree = g.degree()
    # Ties of a hub (the alliance everyone is a member of) pull less, so the hub does not
    # swallow the network into one knot and the structure between actors shows.
    weights = [1.0 / max(degree[a], degree[b]) for a, b in edges]
    # igraph draws its start positions from Python's `random`; a local state keeps the
    # layout stable from run to run without touching the caller's random numbers.
    state = random.getstate()
    random.seed(seed)
    try:
        coords = g.layout_fruchterman_reingold(weights=weights or None, niter=500, grid="auto").coords if linked else []
    finally:
        random.setstate(state)
    coords = [tuple(c) for c in coords] + _row_below(coords, len(isolated))
    nodes = linked + isolated
    xs = [c[0] for c in coords]
    ys = [c[1] for c in coords]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    target = scale if scale is not None else 220.0 * math.sqrt(len(nodes))
    factor = target / span
    return {n: ((x - cx) * factor * aspect, (y - cy) * factor) for n, (x, y) in zip(nodes, coords, strict=True)}


def _row_below(coords: list[tuple[float, float]], count: int) -> list[tuple[float, float]]:
    """Grid positions for ``count`` isolated nodes under the bounding box of ``coords``."""
    if not count:
        return []
    xs = [c[0] for c in coords] or [0.0]
    ys = [c[1] for c in coords] or [0.0]
    width = max(max(xs) - min(xs), 1.0)
    per_row = max(1, math.ceil(math.sqrt(count * 4)))
    step = width / max(per_row, 8) if coords else 1.0
    left = min(xs) + (width - step * min(per_row, count)) / 2
    return [(left + (i % per_row + 0.5) * step, max(ys) + step * (1 + i // per_row)) for i in range(count)]
