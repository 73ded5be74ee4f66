"""Counts that describe a graph view: elements by kind, actors by sector, ties by type."""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx


def summarize(G: nx.MultiDiGraph) -> dict[str, dict[str, int]]:
    """Count nodes by kind, actors by sector and edges by relation type.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", kind="actor", sector="youth")
    >>> G.add_node("b", kind="alliance")
    >>> _ = G.add_edge("a", "b", type="MEMBER_OF")
    >>> summarize(G)["actors_by_sector"]
    {'youth': 1}
    """
    nodes: list[dict[str, Any]] = [attrs for _, attrs in G.nodes(data=True)]
    return {
        "nodes_by_kind": dict(sorted(Counter(str(n["kind"]) for n in nodes).items())),
        "actors_by_sector": dict(
            sorted(Counter(str(n.get("sector") or "") for n in nodes if n["kind"] == "actor").items())
        ),
        "relations_by_type": dict(sorted(Counter(str(t) for *_, t in G.edges(data="type")).items())),
    }
