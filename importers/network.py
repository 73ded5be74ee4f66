"""What an export writes: a network, as canonical rows and as a drawing.

Every format writes the same rows (:func:`~buendnisatlas.importers.canonical.element_row`,
:func:`~buendnisatlas.importers.canonical.relation_row`), which the importers read back
unchanged: a round trip through any of them loses no attribute, no validity date and no
visibility. Graph formats also carry a drawing (:func:`drawing_of`): colour by
sector as on our maps, size by degree, positions from the maps' layout.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import networkx as nx

from buendnisatlas.graph.model import Node, Region, Relation
from buendnisatlas.visualizations.layout import layout_positions
from buendnisatlas.visualizations.maps import NEUTRAL, NODE_SIZE, SECTOR_COLORS

from .canonical import ELEMENTS, REGIONS, RELATIONS, element_row, region_row, relation_row


@dataclass
class Network:
    """What an export writes: nodes, relations and the regions not built in."""

    nodes: list[Node]
    relations: list[Relation]
    regions: list[Region] = field(default_factory=list)


def tables_of(network: Network) -> dict[str, list[dict[str, str]]]:
    """The canonical tables of a network, rows as dicts of German column → text."""
    tables = {
        ELEMENTS: [element_row(n) for n in sorted(network.nodes, key=lambda n: n.id)],
        RELATIONS: [relation_row(r) for r in sorted(network.relations, key=lambda r: r.key)],
        REGIONS: [region_row(r) for r in sorted(network.regions, key=lambda r: r.ags)],
    }
    return {name: rows for name, rows in tables.items() if rows or name != REGIONS}


@dataclass(frozen=True)
class Look:
    """How a node is drawn: colour (``#rrggbb``), size and position."""

    color: str
    size: float
    x: float
    y: float

    @property
    def rgb(self) -> tuple[int, int, int]:
        return int(self.color[1:3], 16), int(self.color[3:5], 16), int(self.color[5:7], 16)


def drawing_of(network: Network) -> dict[str, Look]:
    """Each node's look as on our maps: colour by sector, size by degree, the maps' layout.

    >>> from buendnisatlas.graph.model import Actor
    >>> net = Network([Actor(id="a", name="A", sector="youth"), Actor(id="b", name="B")], [])
    >>> look = drawing_of(net)
    >>> look["a"].color, look["b"].color == NEUTRAL, look["a"].rgb
    ('#edc948', True, (237, 201, 72))
    """
    G = nx.Graph()
    G.add_nodes_from(n.id for n in network.nodes)
    G.add_edges_from((r.source, r.target) for r in network.relations)
    positions = layout_positions(G)
    most = max((d for _, d in G.degree()), default=0) or 1
    small, big = NODE_SIZE
    return {
        n.id: Look(
            SECTOR_COLORS.get(getattr(n, "sector", None) or "", NEUTRAL),
            round(small + (big - small) * math.sqrt(G.degree(n.id) / most), 2),
            round(positions[n.id][0], 2),
            round(positions[n.id][1], 2),
        )
        for n in network.nodes
    }
