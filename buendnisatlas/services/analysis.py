"""Analyses of one alliance, for its coordinators: gaps, metrics, change between two dates, indicators.

Each reads the alliance with its bounded neighbourhood as the viewer may see it
(suggestions to close a gap come from non-members, and must not name anyone the viewer
may not see) and the regions of the alliance's area. The goals report reads the whole
graph: goals are not part of the alliance's view.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import networkx as nx

from buendnisatlas.graph import diff as diff_module
from buendnisatlas.graph.comparison import Comparison, compare
from buendnisatlas.graph.gaps import INTRODUCTION_STEPS, Gap, gaps
from buendnisatlas.graph.goals import GoalsReport, goals_report
from buendnisatlas.graph.indicators import DEFAULT_THRESHOLD, Indicators, alliance_indicators
from buendnisatlas.graph.metrics import AllianceMetrics, alliance_metrics
from buendnisatlas.graph.model import Node, Region
from buendnisatlas.graph.profiles import Profile, load_profiles
from buendnisatlas.graph.store import GraphStore, InvalidData
from buendnisatlas.graph.ties import DEFAULT_VIA
from buendnisatlas.graph.vocab import NodeKind
from buendnisatlas.services import cache
from buendnisatlas.services.viewer import Forbidden, View, not_found


def analysed_alliance(view: View, ref: str) -> Node:
    """The alliance ``ref`` if the viewer may analyse it: an admin or one of its coordinators.

    A member of the alliance is told the analyses are for its coordinators; anyone else
    learns nothing (the same answer as for a missing alliance).
    """
    alliance = view.resolve(ref, NodeKind.ALLIANCE)
    if view.may_edit(alliance):
        return alliance
    if view.viewer.signed_in and alliance.id in view.viewer.alliances:
        raise Forbidden("Auswertungen eines Bündnisses sehen nur seine Koordinator:innen.")
    raise not_found(ref, NodeKind.ALLIANCE)


def analysable_alliances(view: View) -> list[Node]:
    """The alliances whose analyses the viewer may see (admins: all), ordered by name."""
    if not view.viewer.signed_in:
        return []
    found = [a for a in view.find(NodeKind.ALLIANCE) if view.may_edit(a)]
    return sorted(found, key=lambda a: (a.name.casefold(), a.id))


def alliance_graph(view: View, alliance: Node) -> nx.MultiDiGraph:
    """What the analyses of ``alliance`` read: the alliance, everyone within
    :data:`~buendnisatlas.graph.gaps.INTRODUCTION_STEPS` ties of it and the organisations of its
    area, with their whole history — on this view every analysis gives what it gives on the
    whole store (tests/test_subgraph_pushdown.py), as the viewer may see it."""
    return view.graph(alliance=alliance.id, reach=INTRODUCTION_STEPS)


def alliance_regions(store: GraphStore, alliance: Node) -> list[Region]:
    """The regions of the alliance's area (its Kreise, Gemeindeverbände and their Gemeinden).

    From the shipped Gemeindeverzeichnis overlaid with the store's regions, so that a
    report names every Gemeinde ("Kemberg", not "15091160") even in a store without them.
    """
    area = tuple(getattr(alliance, "area", None) or ())

    def build() -> tuple[Region, ...]:
        index = cache.regions(store)
        found: dict[str, Region] = {}
        for key in area:
            if key in index.by_ags:
                found[key] = index.by_ags[key]
            found.update((r.ags, r) for r in index.within(key))
            found.update((r.ags, r) for r in index.within(key, "Gemeindeverband"))
        return tuple(found.values())

    return list(cache.per_stamp(store, "area regions", build, area, update=cache.same_regions))


def alliance_profile(alliance: Node, path: Path | None = None) -> Profile:
    """The expectations for this alliance (built-in profiles, or a TOML file); raises ProfileError."""
    return load_profiles(path).for_alliance(alliance.id, getattr(alliance, "subtype", None))


@dataclass
class GapReport:
    alliance: Node
    at: date
    profile: Profile
    gaps: list[Gap]


def gap_report(
    view: View,
    ref: str,
    at: date | None = None,
    *,
    profile_path: Path | None = None,
    via: Collection[str] = DEFAULT_VIA,
) -> GapReport:
    """The gap report of alliance ``ref``: the one way every door asks for it."""
    alliance = analysed_alliance(view, ref)
    day = at or date.today()
    profile = alliance_profile(alliance, profile_path)
    regions = alliance_regions(view.store, alliance)
    found = gaps(alliance_graph(view, alliance), alliance.id, day, profile=profile, regions=regions, via=via)
    return GapReport(alliance, day, profile, found)


def metrics(
    view: View, ref: str, at: date | None = None, *, via: Collection[str] = DEFAULT_VIA
) -> tuple[Node, date, AllianceMetrics]:
    """Network measures of the members of alliance ``ref``."""
    alliance = analysed_alliance(view, ref)
    day = at or date.today()
    return alliance, day, alliance_metrics(alliance_graph(view, alliance), alliance.id, day, via=via)


def diff(
    view: View,
    ref: str,
    start: date,
    end: date,
    *,
    profile_path: Path | None = None,
    via: Collection[str] = DEFAULT_VIA,
) -> tuple[Node, diff_module.AllianceDiff]:
    """What changed in alliance ``ref`` between two dates."""
    alliance = analysed_alliance(view, ref)
    profile = alliance_profile(alliance, profile_path)
    regions = alliance_regions(view.store, alliance)
    result = diff_module.diff(
        alliance_graph(view, alliance), alliance.id, start, end, profile=profile, regions=regions, via=via
    )
    return alliance, result


def goals(view: View, ref: str, year: int | None = None, *, profile_path: Path | None = None) -> GoalsReport:
    """The goals report of alliance ``ref`` for ``year`` (default: this year), a Sachbericht draft."""
    alliance = analysed_alliance(view, ref)
    profile = alliance_profile(alliance, profile_path)
    regions = alliance_regions(view.store, alliance)
    return goals_report(view.graph(), alliance.id, year or date.today().year, profile=profile, regions=regions)


def indicators(
    view: View,
    ref: str,
    at: date | None = None,
    *,
    profile_path: Path | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> Indicators:
    """The alliance's indicators without personal data, to pass on for comparison."""
    alliance = analysed_alliance(view, ref)
    profile = alliance_profile(alliance, profile_path)
    regions = alliance_regions(view.store, alliance)
    return alliance_indicators(
        alliance_graph(view, alliance), alliance.id, at or date.today(), profile, regions, threshold=threshold
    )


def comparison(
    view: View, refs: Collection[str], received: Collection[tuple[str, Indicators]] = (), at: date | None = None
) -> tuple[list[tuple[str, Indicators]], Comparison]:
    """Compare the indicators of alliances ``refs`` of this store with ``received`` sets (name, set).

    Returns the sets with their names (an alliance's id, a received set's name), own first.

    Each set is labelled by its type and area key only; where two would read alike, the
    received one's name (its file) or the alliance's id is added. Needs two sets at least.
    """
    own = [(a.id, indicators(view, a.id, at)) for a in (analysed_alliance(view, r) for r in dict.fromkeys(refs))]
    sets = [*own, *received]
    labels = [s.label for _, s in sets]
    for name, found in sets:
        if labels.count(found.label) > 1:
            found.tag = name
    if len({s.label for _, s in sets}) != len(sets):
        raise InvalidData("Dasselbe Bündnis oder dieselbe Datei ist mehrfach gewählt.")
    if len(sets) < 2:
        raise InvalidData("Zum Vergleichen bitte mindestens zwei Bündnisse wählen oder Kennzahlen-Dateien hochladen.")
    return sets, compare([s for _, s in sets])
