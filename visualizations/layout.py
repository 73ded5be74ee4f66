"""Node positions computed in Python, so that the browser never runs a physics simulation.

With physics on, vis-network needs minutes to settle ~1,500 nodes (pyvis #204), and
NetworkX's spring layout is far too slow at 10,000 nodes. igraph's Fruchterman–Reingold
with a spatial grid lays out 10,000 nodes in about a second.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx

from buendnisatlas.graph.centrality import seeded_igraph

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
    # Seeded start positions: the same layout from run to run, the caller's random numbers untouched.
    with seeded_igraph(seed):
        # The spatial grid from a few hundred nodes on: igraph's "auto" waits until 1,000,
        # and the groups of a clustered map are often just below that (O(n²) per step).
        grid = len(linked) > 300
        coords = g.layout_fruchterman_reingold(weights=weights or None, niter=500, grid=grid).coords if linked else []
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


# --- groups: one soft region per sector, community or Gemeinde ------------------------

GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


@dataclass(frozen=True)
class Region:
    """A group's soft background disc on the map, with its caption."""

    key: str
    label: str
    x: float
    y: float
    r: float
    size: int


def sunflower(count: int, spacing: float) -> list[tuple[float, float]]:
    """``count`` evenly spread points in a disc, the first in the middle (Vogel's spiral).

    Used where an exact place matters more than ties: the actors of one Gemeinde
    gather around its point, the most important one in the middle.

    Examples
    --------
    >>> sunflower(1, 10.0)
    [(0.0, 0.0)]
    >>> len(sunflower(50, 10.0)) == len(set(sunflower(50, 10.0)))
    True
    """
    if count == 1:
        return [(0.0, 0.0)]
    return [
        (
            round(spacing * math.sqrt(i) * math.cos(i * GOLDEN_ANGLE), 3),
            round(spacing * math.sqrt(i) * math.sin(i * GOLDEN_ANGLE), 3),
        )
        for i in range(count)
    ]


def separate_discs(
    centers: list[tuple[float, float]], radii: list[float], gap: float, aspect: float = 1.6, rounds: int = 300
) -> list[tuple[float, float]]:
    """Move discs apart until none overlaps another (plus ``gap``), each staying near its start.

    The start positions carry meaning (related groups close, a Gemeinde near its real
    place); a gentle pull back to them — stronger vertically, so the result fills a
    wide screen — keeps that meaning while the discs make room for each other.

    Examples
    --------
    >>> moved = separate_discs([(0.0, 0.0), (1.0, 0.0)], [5.0, 5.0], gap=2.0)
    >>> round(abs(moved[1][0] - moved[0][0]), 1) >= 12.0
    True
    """
    pos = [list(c) for c in centers]
    home = [tuple(c) for c in centers]
    n = len(pos)
    for step in range(rounds):
        moved = False
        for i in range(n):
            for j in range(i + 1, n):
                dx, dy = pos[j][0] - pos[i][0], pos[j][1] - pos[i][1]
                dist = math.hypot(dx, dy)
                need = radii[i] + radii[j] + gap
                if dist >= need:
                    continue
                moved = True
                if dist < 1e-9:  # same spot: split along a fixed, index-dependent direction
                    angle = (i * 7 + j * 3) % 12 * math.pi / 6
                    dx, dy, dist = math.cos(angle), math.sin(angle), 1.0
                push = (need - dist) / dist / 2
                wi = radii[j] ** 2 / (radii[i] ** 2 + radii[j] ** 2)  # the smaller disc moves more
                pos[i][0] -= dx * push * 2 * wi
                pos[i][1] -= dy * push * 2 * wi
                pos[j][0] += dx * push * 2 * (1 - wi)
                pos[j][1] += dy * push * 2 * (1 - wi)
        if not moved:
            break
        if step > rounds * 2 // 3:
            continue  # the last rounds only separate, so that no overlap is left
        pull = 0.02 * (1 - step / rounds)
        for i in range(n):
            pos[i][0] += (home[i][0] - pos[i][0]) * pull / aspect
            pos[i][1] += (home[i][1] - pos[i][1]) * pull
    return [(p[0], p[1]) for p in pos]


def even_disc(pos: Positions, spacing: float) -> Positions:
    """``pos`` centred and spread evenly over a disc, each node keeping its direction and rank in distance.

    A force layout packs a group's well-tied core densely and flings a few nodes far out;
    on a map that hides the core's names. Each node's distance from the centre becomes the
    one it would have in an even disc (the k-th nearest at ``spacing·√k``), so neighbours
    stay neighbours and every node has room for its name.

    Examples
    --------
    >>> spread = even_disc({"a": (0.0, 0.0), "b": (1.0, 0.0), "c": (100.0, 0.0)}, 10.0)
    >>> [round(math.hypot(*spread[n]), 1) for n in "abc"]  # b is nearest the centre, c the farthest
    [10.0, 0.0, 14.1]
    """
    mx = sum(p[0] for p in pos.values()) / len(pos)
    my = sum(p[1] for p in pos.values()) / len(pos)
    order = sorted(pos, key=lambda n: (math.hypot(pos[n][0] - mx, pos[n][1] - my), str(n)))
    result: Positions = {}
    for k, n in enumerate(order):
        dx, dy = pos[n][0] - mx, pos[n][1] - my
        angle = math.atan2(dy, dx) if (dx or dy) else k * GOLDEN_ANGLE
        r = spacing * math.sqrt(k) if len(order) > 1 else 0.0
        result[n] = (r * math.cos(angle), r * math.sin(angle))
    return result


def clustered_positions(
    G: nx.Graph, group_of: Mapping[str, str], labels: Mapping[str, str], seed: int = 7, spacing: float = 130.0
) -> tuple[Positions, list[Region]]:
    """Positions that keep each group together in a disc of its own, related groups near each other.

    Each group is laid out on its own (its inner ties), its disc sized by its members; the
    discs are placed by the ties between groups and then pushed apart so that none
    overlaps another.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("c", "d"), ("b", "c")])
    >>> pos, regions = clustered_positions(G, {"a": "x", "b": "x", "c": "y", "d": "y"}, {"x": "X", "y": "Y"})
    >>> [r.label for r in regions]
    ['X', 'Y']
    >>> regions[0].r + regions[1].r < math.dist((regions[0].x, regions[0].y), (regions[1].x, regions[1].y))
    True
    """
    members: dict[str, list[str]] = {}
    for n in sorted(G.nodes, key=str):
        members.setdefault(group_of[n], []).append(n)
    keys = sorted(members, key=lambda k: (-len(members[k]), k))
    local: dict[str, Positions] = {}
    radii: list[float] = []
    for key in keys:
        inner = G.subgraph(members[key])
        linked = [n for n in members[key] if any(v != n for v in inner.neighbors(n))]
        alone = [n for n in members[key] if n not in set(linked)]
        pos = layout_positions(
            inner.subgraph(linked), seed=seed, scale=spacing * 1.6 * math.sqrt(len(linked)), aspect=1.0
        )
        if pos:
            pos = even_disc(pos, spacing * 1.25)
            reach = max(math.hypot(x, y) for x, y in pos.values()) + spacing
        else:
            reach = 0.0
        # Members without a tie inside the group ring the tied ones (the outer turns of a
        # sunflower), instead of a dense row that would hide their names.
        first = math.ceil((reach / spacing) ** 2)
        ring = sunflower(first + len(alone), spacing)[first:] if alone else []
        pos.update(zip(alone, ring, strict=True))
        cx = sum(p[0] for p in pos.values()) / len(pos)
        cy = sum(p[1] for p in pos.values()) / len(pos)
        local[key] = {n: (x - cx, y - cy) for n, (x, y) in pos.items()}
        radii.append(
            max(max((math.hypot(x, y) for x, y in local[key].values()), default=0.0) + spacing * 0.8, spacing * 1.8)
        )
    index = {k: i for i, k in enumerate(keys)}
    between: dict[tuple[int, int], int] = {}
    for u, v in G.edges():
        a, b = index[group_of[u]], index[group_of[v]]
        if a != b:
            between[(min(a, b), max(a, b))] = between.get((min(a, b), max(a, b)), 0) + 1
    quotient = nx.Graph()
    quotient.add_nodes_from(keys)
    quotient.add_edges_from((keys[a], keys[b]) for a, b in between)
    start = layout_positions(quotient, seed=seed, scale=2 * sum(radii) / max(1, math.sqrt(len(keys))))
    centers = separate_discs([start[k] for k in keys], radii, gap=spacing * 2.2)  # room for captions
    positions: Positions = {}
    regions = []
    for key, (cx, cy), r in zip(keys, centers, radii, strict=True):
        positions.update({n: (cx + x, cy + y) for n, (x, y) in local[key].items()})
        regions.append(Region(key, labels.get(key, key), round(cx, 1), round(cy, 1), round(r, 1), len(members[key])))
    return positions, regions
