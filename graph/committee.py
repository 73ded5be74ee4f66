"""Who sits in a committee on a day, and the two rules about its make-up.

The gap report (:mod:`~buendnisatlas.graph.gaps`) and the goals report
(:mod:`~buendnisatlas.graph.goals`) both ask whether a Begleitausschuss has a
civil-society majority among its voting members and enough youth representatives;
both call these functions, so the two reports can never disagree about the same body.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

from .profiles import Profile
from .ties import is_active
from .vocab import RelationType

__all__ = ["Majority", "civil_society_majority", "seated", "youth_forum_members", "youth_representatives"]


def seated(G: nx.MultiDiGraph, body: Hashable, at: date | None) -> dict[Hashable, dict[str, Any]]:
    """Actors with an active membership in ``body`` → that membership's attributes (a voting one first).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "ba", type="MEMBER_OF", voting=True, since=date(2024, 1, 1), until=None)
    >>> _ = G.add_edge("b", "ba", type="MEMBER_OF", until=date(2024, 6, 30))
    >>> sorted(seated(G, "ba", date(2024, 7, 1)))
    ['a']
    """
    found: dict[Hashable, dict[str, Any]] = {}
    for actor, keyed in G._pred[body].items():
        for data in keyed.values():
            if data.get("type") == RelationType.MEMBER_OF and is_active(data, at):
                found.setdefault(actor, data)
                if data.get("voting"):
                    found[actor] = data
    return found


def youth_forum_members(
    G: nx.MultiDiGraph, bodies: Iterable[Hashable], at: date | None, profile: Profile
) -> set[Hashable]:
    """The active members of those ``bodies`` the profile calls a Jugendforum."""
    found: set[Hashable] = set()
    for body in bodies:
        if profile.is_youth_forum(G.nodes[body].get("subtype")):
            found |= set(seated(G, body, at))
    return found


def youth_representatives(
    G: nx.MultiDiGraph, body: Hashable, at: date | None, profile: Profile, forum_members: Collection[Hashable]
) -> list[Hashable]:
    """Members of ``body`` who represent youth: they sit in the Jugendforum too, or their role says so."""
    return sorted(
        (a for a, d in seated(G, body, at).items() if a in forum_members or profile.is_youth_role(d.get("role"))),
        key=str,
    )


@dataclass(frozen=True)
class Majority:
    """The voting members of a committee and those of them from civil society."""

    voting: tuple[Hashable, ...]
    civil: tuple[Hashable, ...]

    @property
    def needed(self) -> int:
        """Civil-society votes a majority takes."""
        return len(self.voting) // 2 + 1

    @property
    def held(self) -> bool:
        """Whether civil society holds more than half of the votes (no votes: not shown to hold)."""
        return bool(self.voting) and 2 * len(self.civil) > len(self.voting)


def civil_society_majority(G: nx.MultiDiGraph, body: Hashable, at: date | None, profile: Profile) -> Majority:
    """Who votes in ``body`` and who of them counts as civil society under ``profile``.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("amt", sector="administration"); G.add_node("verein", sector="civil_society")
    >>> _ = G.add_edge("amt", "ba", type="MEMBER_OF", voting=True)
    >>> _ = G.add_edge("verein", "ba", type="MEMBER_OF", voting=True)
    >>> from buendnisatlas.graph.profiles import load_profiles
    >>> m = civil_society_majority(G, "ba", None, load_profiles().profiles["pfd"])
    >>> m.held, m.needed
    (False, 2)
    """
    voting = sorted((a for a, d in seated(G, body, at).items() if d.get("voting")), key=str)
    civil = [a for a in voting if G.nodes[a].get("sector") in profile.civil_society_sectors]
    return Majority(tuple(voting), tuple(civil))
