"""The start page of an alliance: its members by sector, open gaps, recent changes, conferences.

Everything is read through the viewer's :class:`View`: a member sees the members and
conferences they may see; the gap counts are for those who may analyse the alliance
(its coordinators, admins), like the gap report itself.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from buendnisatlas.graph.indicators import CONFERENCE_SUBTYPE
from buendnisatlas.graph.model import Node
from buendnisatlas.graph.text import fold
from buendnisatlas.graph.ties import alliance_parts, members
from buendnisatlas.graph.vocab import NodeKind
from buendnisatlas.services.analysis import alliance_graph, gap_report
from buendnisatlas.services.viewer import View

RECENT = 8
SEVERITIES = ("high", "medium", "low")


@dataclass(frozen=True)
class Conference:
    id: str
    name: str
    date: date


@dataclass(frozen=True)
class Dashboard:
    """What the start page of one alliance shows, on day ``at``."""

    alliance: Node
    at: date
    member_count: int
    members_by_sector: list[tuple[str | None, int]]  # sector code (None: not given), count; most first
    gaps_by_severity: dict[str, int] | None  # None: the viewer may not analyse this alliance
    recent: list[Node]  # the alliance's elements changed last, newest first
    last_conference: Conference | None
    next_conference: Conference | None


def alliances_of(view: View) -> list[Node]:
    """The alliances a start page can be about: the viewer's own, or every one for admins; by name."""
    if view.viewer.is_admin:
        found = view.find(kind=NodeKind.ALLIANCE)
    else:
        found = [view.get(a) for a in view.viewer.alliances if view.sees(a)]
    return sorted(found, key=lambda n: fold(n.name))


def dashboard(view: View, alliance_id: str, at: date | None = None) -> Dashboard:
    day = at or date.today()
    alliance = view.get(alliance_id, NodeKind.ALLIANCE)
    analyses = view.may_edit(alliance) and (view.viewer.is_admin or view.viewer.role == "coordinator")
    G = alliance_graph(view, alliance) if analyses else view.graph(alliance=alliance.id)
    found = members(G, alliance.id, day)
    sectors = Counter(G.nodes[m].get("sector") or None for m in found)
    by_sector = sorted(sectors.items(), key=lambda kv: (-kv[1], kv[0] is None, kv[0] or ""))
    gaps = None
    if analyses:
        counts = Counter(g.severity for g in gap_report(view, alliance.id, day).gaps)
        gaps = {s: counts.get(s, 0) for s in SEVERITIES}
    parts = alliance_parts(G, alliance.id)  # every date: past and coming conferences
    conferences = sorted(
        (
            Conference(str(p), G.nodes[p]["name"], G.nodes[p]["date"])
            for p in parts
            if G.nodes[p].get("kind") == NodeKind.EVENT
            and G.nodes[p].get("date") is not None
            and fold(G.nodes[p].get("subtype") or "") == fold(CONFERENCE_SUBTYPE)
        ),
        key=lambda c: c.date,
    )
    own = {alliance.id} | found | parts
    # The stored records of the alliance's own elements (the graph leaves out when a record changed).
    changed = [view.store.get_node(str(n)) for n in own if n in G]
    changed.sort(key=lambda n: n.updated_at.timestamp() if n.updated_at else 0.0, reverse=True)
    return Dashboard(
        alliance=alliance,
        at=day,
        member_count=len(found),
        members_by_sector=by_sector,
        gaps_by_severity=gaps,
        recent=changed[:RECENT],
        last_conference=next((c for c in reversed(conferences) if c.date <= day), None),
        next_conference=next((c for c in conferences if c.date > day), None),
    )
