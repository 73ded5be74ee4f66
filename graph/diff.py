"""What changed in an alliance between two days ("since the last Demokratiekonferenz").

:func:`diff` compares the alliance on two dates: members who joined and left, ties
among members that formed and ended, gaps that opened and closed, and how the network
figures moved. It needs ``G`` with the full history (``store.subgraph()`` without ``at``).
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import networkx as nx

from .gaps import Gap, gaps
from .metrics import network_summary
from .model import Region
from .profiles import Profile
from .ties import DEFAULT_VIA, actor_ties, members

__all__ = ["SUMMARY_FIGURES", "AllianceDiff", "diff"]

# The network figures compared between the two days.
SUMMARY_FIGURES = (
    "actors",
    "ties",
    "density",
    "average_degree",
    "components",
    "largest_component",
    "isolates",
    "average_clustering",
    "communities",
    "articulation_points",
    "cross_sector_share",
    "ei_index",
)


@dataclass
class AllianceDiff:
    """The changes between ``start`` and ``end``."""

    alliance: str
    start: date
    end: date
    members_joined: list[dict[str, Any]] = field(default_factory=list)
    members_left: list[dict[str, Any]] = field(default_factory=list)
    ties_formed: list[dict[str, Any]] = field(default_factory=list)
    ties_ended: list[dict[str, Any]] = field(default_factory=list)
    gaps_opened: list[Gap] = field(default_factory=list)
    gaps_closed: list[Gap] = field(default_factory=list)
    metrics: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "alliance": self.alliance,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "members_joined": self.members_joined,
            "members_left": self.members_left,
            "ties_formed": self.ties_formed,
            "ties_ended": self.ties_ended,
            "gaps_opened": [g.to_dict() for g in self.gaps_opened],
            "gaps_closed": [g.to_dict() for g in self.gaps_closed],
            "metrics": self.metrics,
        }


def diff(
    G: nx.MultiDiGraph,
    alliance: Hashable,
    start: date,
    end: date,
    *,
    profile: Profile | None = None,
    regions: Iterable[Region] | Mapping[str, str] | None = None,
    via: Collection[str] = DEFAULT_VIA,
) -> AllianceDiff:
    """Compare ``alliance`` on ``start`` and on ``end``.

    Parameters
    ----------
    G : nx.MultiDiGraph
        The whole store's graph with its full history.
    alliance : str
    start, end : date
    profile, regions, via
        As for :func:`~buendnisatlas.graph.gaps.gaps`.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("pfd", kind="alliance", name="PfD", area=[], topics=[])
    >>> G.add_node("a", kind="actor", name="Amt", sector="administration")
    >>> G.add_node("b", kind="actor", name="Verein", sector="civil_society")
    >>> _ = G.add_edge("a", "pfd", type="MEMBER_OF", since=date(2020, 1, 1), until=None)
    >>> _ = G.add_edge("b", "pfd", type="MEMBER_OF", since=date(2024, 3, 1), until=None)
    >>> d = diff(G, "pfd", date(2023, 12, 31), date(2024, 12, 31))
    >>> [m["name"] for m in d.members_joined], [g.subject for g in d.gaps_closed if g.kind == "missing_sector"]
    (['Verein'], ['civil_society'])
    """
    before, after = members(G, alliance, start), members(G, alliance, end)

    def who(nodes: Iterable[Hashable]) -> list[dict[str, Any]]:
        return [
            {"id": str(n), "name": G.nodes[n].get("name", str(n)), "sector": G.nodes[n].get("sector")}
            for n in sorted(nodes, key=lambda n: str(G.nodes[n].get("name", n)))
        ]

    T0 = actor_ties(G, before, at=start, via=via)
    T1 = actor_ties(G, after, at=end, via=via)

    def pairs(T: nx.Graph) -> set[tuple[Hashable, Hashable]]:
        return {(u, v) if str(u) < str(v) else (v, u) for u, v in T.edges()}

    def describe(edges: Iterable[tuple[Hashable, Hashable]]) -> list[dict[str, Any]]:
        return [
            {
                "actors": [str(u), str(v)],
                "names": [G.nodes[u].get("name", str(u)), G.nodes[v].get("name", str(v))],
            }
            for u, v in sorted(edges, key=str)
        ]

    p0, p1 = pairs(T0), pairs(T1)
    g0 = {g.key: g for g in gaps(G, alliance, start, profile=profile, regions=regions, via=via)}
    g1 = {g.key: g for g in gaps(G, alliance, end, profile=profile, regions=regions, via=via)}
    s0, s1 = network_summary(T0), network_summary(T1)
    figures: dict[str, dict[str, Any]] = {}
    for name in SUMMARY_FIGURES:
        a, b = s0[name], s1[name]
        change = None if a is None or b is None else b - a
        figures[name] = {"from": a, "to": b, "change": change}
    return AllianceDiff(
        alliance=str(alliance),
        start=start,
        end=end,
        members_joined=who(after - before),
        members_left=who(before - after),
        ties_formed=describe(p1 - p0),
        ties_ended=describe(p0 - p1),
        gaps_opened=[g for k, g in g1.items() if k not in g0],
        gaps_closed=[g for k, g in g0.items() if k not in g1],
        metrics=figures,
    )
