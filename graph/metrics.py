"""Network metrics of an actor network, and of an alliance on a given day.

:func:`actor_metrics` and :func:`network_summary` take any undirected actor network
(e.g. from :func:`~buendnisatlas.graph.ties.actor_ties`); :func:`alliance_metrics`
builds the members' network of an alliance first. Betweenness, closeness, eigenvector
and PageRank run on igraph (:mod:`~buendnisatlas.graph.centrality`) with NetworkX's
definitions; the rest is NetworkX.
"""

from __future__ import annotations

import warnings
from collections.abc import Collection, Hashable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import networkx as nx

from . import centrality
from .brokerage import constraint as burt_constraint
from .brokerage import cut_off_sizes, effective_size, ei_index, sector_brokers
from .ties import DEFAULT_VIA, actor_ties, members

__all__ = ["AllianceMetrics", "actor_metrics", "alliance_metrics", "network_summary"]

ACTOR_COLUMNS = (
    "degree",
    "degree_centrality",
    "betweenness",
    "closeness",
    "eigenvector",
    "pagerank",
    "core",
    "community",
    "clustering",
    "constraint",
    "effective_size",
    "cut_off",
)


def _communities(T: nx.Graph, seed: int) -> list[set[Hashable]]:
    """Louvain communities, largest first (deterministic for a given seed)."""
    if T.number_of_edges() == 0:
        return [{n} for n in T]
    found = centrality.louvain_communities(T, weight="weight", seed=seed)
    return sorted(found, key=lambda c: (-len(c), min(map(str, c))))


def actor_metrics(T: nx.Graph, seed: int = 0) -> dict[Hashable, dict[str, Any]]:
    """Per actor: degree, centralities, k-core, community, clustering, Burt's brokerage, cut-off.

    Parameters
    ----------
    T : nx.Graph
        An undirected actor network; ``weight`` counts ties, distances are hops.
    seed : int
        Seed of the Louvain community search, for reproducible community numbers.

    Returns
    -------
    dict
        actor → {column: value} with the columns of ``ACTOR_COLUMNS``; ``community`` is
        numbered from 0 (largest community); ``cut_off`` is how many actors the actor's
        departure would cut off (0 if none).

    Examples
    --------
    >>> m = actor_metrics(nx.path_graph(["a", "b", "c"]))
    >>> m["b"]["degree"], m["b"]["betweenness"], m["b"]["cut_off"]
    (2, 1.0, 1)
    """
    if len(T) == 0:
        return {}
    betweenness = centrality.betweenness_centrality(T)
    closeness = centrality.closeness_centrality(T)
    assert isinstance(closeness, dict)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # igraph warns on disconnected graphs
        eigenvector = centrality.eigenvector_centrality(T)
    pagerank = centrality.pagerank(T, weight="weight")
    core = nx.core_number(T)
    community = {n: i for i, c in enumerate(_communities(T, seed)) for n in c}
    clustering = nx.clustering(T)
    constraint = burt_constraint(T)
    effective = effective_size(T)
    degree_c = nx.degree_centrality(T) if len(T) > 1 else {n: 0.0 for n in T}
    cut = cut_off_sizes(T)
    return {
        n: {
            "degree": T.degree(n),
            "degree_centrality": degree_c[n],
            "betweenness": betweenness[n],
            "closeness": closeness[n],
            "eigenvector": eigenvector[n],
            "pagerank": pagerank[n],
            "core": core[n],
            "community": community[n],
            "clustering": clustering[n],
            "constraint": None if constraint[n] != constraint[n] else constraint[n],  # NaN for isolates
            "effective_size": None if effective[n] != effective[n] else effective[n],
            "cut_off": cut.get(n, 0),
        }
        for n in T
    }


def network_summary(T: nx.Graph, attr: str = "sector", seed: int = 0) -> dict[str, Any]:
    """Whole-network figures: size, density, components, clustering, communities, brokers, E-I.

    Examples
    --------
    >>> s = network_summary(nx.Graph([(1, 2), (2, 3), (4, 5)]))
    >>> s["actors"], s["ties"], s["components"], s["largest_component"], s["articulation_points"]
    (5, 3, 2, 3, 1)
    """
    n = len(T)
    components = sorted((len(c) for c in nx.connected_components(T)), reverse=True)
    communities = _communities(T, seed) if n else []
    ei = ei_index(T, attr)
    return {
        "actors": n,
        "ties": T.number_of_edges(),
        "density": nx.density(T) if n > 1 else 0.0,
        "average_degree": 2 * T.number_of_edges() / n if n else 0.0,
        "components": len(components),
        "largest_component": components[0] if components else 0,
        "isolates": nx.number_of_isolates(T),
        "average_clustering": nx.average_clustering(T) if n else 0.0,
        "transitivity": nx.transitivity(T),
        "communities": len(communities),
        "modularity": nx.community.modularity(T, communities, weight="weight") if T.number_of_edges() else None,
        "max_core": max(nx.core_number(T).values()) if n else 0,
        "articulation_points": len(cut_off_sizes(T)),
        "bridges": sum(1 for _ in nx.bridges(T)),
        "ei_index": ei.index,
        "cross_sector_share": ei.external_share,
        "ei_by_sector": ei.by_group,
    }


@dataclass
class AllianceMetrics:
    """Metrics of an alliance's members' network on one day."""

    alliance: str
    at: date | None
    via: list[str]
    summary: dict[str, Any]
    actors: dict[str, dict[str, Any]]
    sector_brokers: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "alliance": self.alliance,
            "at": self.at.isoformat() if self.at else None,
            "via": self.via,
            "summary": self.summary,
            "actors": self.actors,
            "sector_brokers": self.sector_brokers,
        }


def alliance_metrics(
    G: nx.MultiDiGraph,
    alliance: Hashable,
    at: date | None = None,
    *,
    via: Collection[str] = DEFAULT_VIA,
    seed: int = 0,
) -> AllianceMetrics:
    """Metrics of the alliance's members' network on ``at`` (``None``: ``G`` as it is).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("pfd", kind="alliance")
    >>> for n, s in [("a", "administration"), ("b", "civil_society"), ("c", "civil_society")]:
    ...     G.add_node(n, kind="actor", name=n, sector=s)
    ...     _ = G.add_edge(n, "pfd", type="MEMBER_OF")
    >>> _ = G.add_edge("a", "b", type="COOPERATES_WITH"); _ = G.add_edge("b", "c", type="COOPERATES_WITH")
    >>> m = alliance_metrics(G, "pfd")
    >>> m.summary["ties"], m.summary["cross_sector_share"], m.actors["b"]["cut_off"]
    (2, 0.5, 1)
    """
    T = actor_ties(G, members(G, alliance, at), at=at, via=via)
    per_actor = actor_metrics(T, seed=seed)
    actors = {
        str(n): {"name": T.nodes[n]["name"], "sector": T.nodes[n]["sector"], "ags": T.nodes[n]["ags"], **values}
        for n, values in sorted(per_actor.items(), key=lambda x: str(x[0]))
    }
    brokers = [
        {"sectors": list(b.sectors), "actors": [str(a) for a in b.actors], "ties": b.ties} for b in sector_brokers(T)
    ]
    return AllianceMetrics(
        alliance=str(alliance),
        at=at,
        via=sorted(via),
        summary=network_summary(T, seed=seed),
        actors=actors,
        sector_brokers=brokers,
    )
