"""The gap report: what an alliance is missing, and who could close each gap.

:func:`gaps` checks one alliance on one day against its profile
(:mod:`~buendnisatlas.graph.profiles`) and returns :class:`Gap` records with these kinds:

``missing_sector``
    an expected sector has no active member;
``uncovered_municipality``
    a Gemeinde of the alliance's area has no active member located there;
``uncovered_topic``
    a topic the alliance names has no active member working on it (in its own topics,
    or through a working group or project with that topic);
``committee_civil_society_majority``
    the committee (Begleitausschuss / Bündnis für Demokratie) has no civil-society
    majority among its voting (``stimmberechtigt``) members;
``committee_youth_seats``
    fewer youth representatives in the committee than the profile asks: members who
    also sit in the alliance's Jugendforum, or whose role says so;
``missing_local_role``
    a Gemeinde of the area has no member located there in the profile's per-Gemeinde role
    (the lokale Allianz's Gemeinde- or Stadtkümmerer:in);
``missing_companion_body``
    a committee comes without the body the profile pairs with it (a Bündnis für
    Demokratie without its Ämternetzwerk);
``single_point_of_failure``
    an actor whose departure splits the members' network (an articulation point),
    with who would be cut off;
``isolated_actor``
    a member with no tie to any other member;
``dormant_member``
    a member with no event, project or new relation in the last N months.

Members are the actors ``MEMBER_OF`` the alliance or one of its bodies or working
groups; ties among them are :func:`~buendnisatlas.graph.ties.actor_ties` (membership in
the alliance itself ties nobody). Suggestions come from the *whole* graph: actors who
are not yet members, each with an introduction path — the shortest chain of existing
ties from a member to them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

import networkx as nx

from . import vocab
from .brokerage import cut_off_sizes
from .committee import civil_society_majority, youth_forum_members, youth_representatives
from .committee import seated as committee_seats
from .dates import months_before
from .model import Region, ags_contains
from .profiles import Profile, folded, load_profiles
from .regions import RegionIndex
from .ties import (
    DEFAULT_VIA,
    VIA_LABELS,
    Step,
    actor_ties,
    alliance_parts,
    introduction_paths,
    is_active,
    members,
    neighbours,
    reverse_path,
)
from .vocab import ActorForm, NodeKind, RelationType

__all__ = ["GAP_KINDS", "SEVERITIES", "Gap", "Suggestion", "gaps", "months_before"]

GAP_KINDS = (
    "missing_sector",
    "uncovered_municipality",
    "uncovered_topic",
    "committee_civil_society_majority",
    "committee_youth_seats",
    "missing_local_role",
    "missing_companion_body",
    "single_point_of_failure",
    "isolated_actor",
    "dormant_member",
)
SEVERITIES = ("high", "medium", "low")
SEVERITY_LABELS = {"high": "hoch", "medium": "mittel", "low": "niedrig"}
# Without administration and civil society there is no partnership at all.
_CORE_SECTORS = frozenset({"administration", "civil_society"})
# Through which relations an actor works on the topics of a node of this kind.
_WORK_RELATIONS: dict[NodeKind, tuple[RelationType, ...]] = {
    NodeKind.WORKING_GROUP: (RelationType.MEMBER_OF,),
    NodeKind.PROJECT: (RelationType.LEADS, RelationType.PARTNER_IN),
    NodeKind.ADVISORY_SERVICE: (RelationType.OFFERS,),
}


@dataclass
class Suggestion:
    """An actor who would close a gap, why, and how to reach them."""

    actor: str
    name: str
    reason: str
    path: list[dict[str, Any]] = field(default_factory=list)

    @property
    def path_text(self) -> str:
        """The introduction path in words: ``A → (Kooperation) → B → (Arbeitskreis „X“) → C``."""
        parts: list[str] = []
        for step in self.path:
            if step["via"] != "start":
                how = VIA_LABELS[step["via"]]
                parts.append(f"({how} „{step['context_name']}“)" if step.get("context_name") else f"({how})")
            parts.append(step["name"])
        return " → ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "name": self.name,
            "reason": self.reason,
            "path": self.path,
            "path_text": self.path_text,
        }


class Suggestible(Protocol):
    """A finding that suggestions attach to: a gap, or an unmet goal's check."""

    suggestions: list[Suggestion]


@dataclass
class Gap:
    """One finding of the gap report.

    ``subject`` names what the gap is about (a sector code, an AGS key, a topic code, a
    committee or actor id), so that reports of two dates can be compared.
    """

    kind: str
    severity: str
    subject: str
    message: str
    evidence: dict[str, Any]
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.subject)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "severity": self.severity,
            "subject": self.subject,
            "message": self.message,
            "evidence": self.evidence,
            "suggestions": [s.to_dict() for s in self.suggestions],
        }


# An introduction: a member, someone they know, the candidate.
INTRODUCTION_STEPS = 2


def gaps(
    G: nx.MultiDiGraph,
    alliance: Hashable,
    at: date | None = None,
    *,
    profile: Profile | None = None,
    regions: Iterable[Region] | Mapping[str, str] | None = None,
    via: Collection[str] = DEFAULT_VIA,
    max_suggestions: int = 3,
    max_steps: int | None = None,
) -> list[Gap]:
    """The gap report of ``alliance`` on ``at``, most severe first.

    Parameters
    ----------
    G : nx.MultiDiGraph
        The whole store's graph (``store.subgraph()``), not just the alliance: suggestions
        and introduction paths come from actors who are not yet members. Pass the full
        history (no ``at``) so that dormancy sees relations that have ended.
    alliance : str
        The alliance's id.
    at : date, optional
        The day to look at; default today.
    profile : Profile, optional
        Expectations; default the shipped profile for the alliance's ``subtype``.
    regions : regions or {ags: name}, optional
        The Gemeinden the alliance's area may contain (``store.find_regions(...)``);
        default the Gemeinden where actors of ``G`` are located.
    via : collection of str
        Which ties count, see :func:`~buendnisatlas.graph.ties.actor_ties`.
    max_suggestions : int
        At most this many suggestions per gap.
    max_steps : int, optional
        Introduction paths of at most this many ties; default :data:`INTRODUCTION_STEPS`.

    Returns
    -------
    list of Gap

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("pfd", kind="alliance", name="PfD", subtype="Partnerschaft für Demokratie", area=[], topics=[])
    >>> G.add_node("amt", kind="actor", name="Landratsamt", sector="administration")
    >>> G.add_node("verein", kind="actor", name="Buntes Dorf e.V.", sector="civil_society")
    >>> _ = G.add_edge("amt", "pfd", type="MEMBER_OF")
    >>> _ = G.add_edge("amt", "verein", type="COOPERATES_WITH")
    >>> report = gaps(G, "pfd", at=date(2025, 1, 1))
    >>> [(g.kind, g.subject) for g in report][:2]
    [('missing_sector', 'civil_society'), ('missing_sector', 'education')]
    >>> report[0].suggestions[0].path_text
    'Landratsamt → (Kooperation) → Buntes Dorf e.V.'
    """
    return checked_gaps(G, alliance, at, profile, regions, via, max_suggestions, max_steps)[0]


def checked_gaps(
    G: nx.MultiDiGraph,
    alliance: Hashable,
    at: date | None,
    profile: Profile | None,
    regions: Iterable[Region] | Mapping[str, str] | None,
    via: Collection[str],
    max_suggestions: int,
    max_steps: int | None,
) -> tuple[list[Gap], _Check]:
    """:func:`gaps` and the state it found (members, their ties, parts), for the indicators to reuse."""
    if alliance not in G or G.nodes[alliance].get("kind") != NodeKind.ALLIANCE:
        raise nx.NodeNotFound(f"Kein Bündnis mit der Kennung „{alliance}“ im Graphen")
    at = at or date.today()
    info = G.nodes[alliance]
    if profile is None:
        profile = load_profiles().for_alliance(str(alliance), info.get("subtype"))
    if regions is not None and not isinstance(regions, Mapping):
        regions = list(regions)  # read twice below
    places = _places(G, regions)
    contains = _containment(regions)
    check = _Check(G, alliance, at, profile, via, max_suggestions, places, contains)
    check.max_steps = INTRODUCTION_STEPS if max_steps is None else max_steps
    gemeinden = area_gemeinden(info.get("area") or [], places, contains)
    found = [
        *check.missing_sectors(),
        *check.uncovered_municipalities(gemeinden),
        *check.uncovered_topics(),
        *check.committee(),
        *check.local_roles(gemeinden),
        *check.companion_bodies(),
        *check.single_points_of_failure(),
        *check.isolated(),
        *check.dormant(),
    ]
    if max_suggestions:  # no suggestions wanted (e.g. for indicators): skip the path search
        check.attach_paths()
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    kind_rank = {k: i for i, k in enumerate(GAP_KINDS)}
    return sorted(found, key=lambda g: (rank[g.severity], kind_rank[g.kind])), check


def _places(G: nx.MultiDiGraph, regions: Iterable[Region] | Mapping[str, str] | None) -> dict[str, str]:
    """Gemeinde AGS → name: the given regions, else the keys where actors of ``G`` are located."""
    if regions is None:
        known = {a["ags"]: a["ags"] for _, a in G.nodes(data=True) if a.get("kind") == NodeKind.ACTOR and a.get("ags")}
    elif isinstance(regions, Mapping):
        known = dict(regions)
    else:
        known = {r.ags: r.name for r in regions if r.level == "Gemeinde"}
    return dict(sorted(known.items()))


Containment = Callable[[str, str], bool]


def _containment(regions: Iterable[Region] | Mapping[str, str] | None) -> Containment:
    """``contains(area, place)``: by key, and a Gemeindeverband by its members (known from ``regions``)."""
    if regions is None or isinstance(regions, Mapping):
        return ags_contains
    return RegionIndex(regions).contains


def area_gemeinden(area: Iterable[str], places: Mapping[str, str], contains: Containment) -> dict[str, str]:
    """The Gemeinden (AGS → name) of ``places`` inside any of the ``area`` keys, Kreis or Gemeindeverband."""
    keys = list(area)
    return {ags: name for ags, name in places.items() if len(ags) == 8 and any(contains(a, ags) for a in keys)}


class _Check:
    """The state one report shares between its checks: members, their ties, candidates."""

    def __init__(
        self,
        G: nx.MultiDiGraph,
        alliance: Hashable,
        at: date,
        profile: Profile,
        via: Collection[str],
        max_suggestions: int,
        places: Mapping[str, str],
        contains: Containment = ags_contains,
    ):
        self.G, self.alliance, self.at, self.profile = G, alliance, at, profile
        self.places, self.contains = places, contains
        self.via, self.max = via, max_suggestions
        self.info = G.nodes[alliance]
        self.members = members(G, alliance, at)
        self.T = actor_ties(G, self.members, at=at, via=via)
        self.parts = alliance_parts(G, alliance, at)
        self.area = list(self.info.get("area") or [])
        # (gap, candidates ranked by priority) whose paths are found in one search at the end
        self.pending: list[tuple[Suggestible, list[tuple[int, Hashable, str]]]] = []
        self._last: dict[Hashable, date | None] = {}
        self._wider: dict[Hashable, set[Hashable]] = {}
        self.max_steps = INTRODUCTION_STEPS

    # -- helpers -----------------------------------------------------------------

    def name(self, node: Hashable) -> str:
        return str(self.G.nodes[node].get("name", node))

    def in_area(self, node: Hashable) -> bool:
        ags = self.G.nodes[node].get("ags")
        return ags is None or not self.area or any(self.contains(a, ags) for a in self.area)

    def outsiders(self) -> list[Hashable]:
        """Actors who are not members and could be asked: organisations and initiatives, never persons."""
        if not hasattr(self, "_outsiders"):
            self._outsiders = [
                n
                for n, a in self.G.nodes(data=True)
                if a.get("kind") == NodeKind.ACTOR
                and n not in self.members
                and a.get("form") != ActorForm.PERSON
                and self.in_area(n)
            ]
        return self._outsiders

    def describe(self, node: Hashable) -> str:
        a = self.G.nodes[node]
        place = self.places.get(a["ags"], a["ags"]) if a.get("ags") else None
        details = [vocab.SECTOR.label(a["sector"]) if a.get("sector") else None, place]
        shown = ", ".join(str(d) for d in details if d)
        return f"„{self.name(node)}“" + (f" ({shown})" if shown else "")

    def suggest_outsiders(self, gap: Suggestible, candidates: Iterable[Hashable], why: str, priority: int = 1) -> None:
        """Queue non-members for ``gap``; the best reachable ones get an introduction path later."""
        ranked = [(priority, c, why) for c in candidates]
        if ranked:
            self.pending.append((gap, ranked))

    def attach_paths(self) -> None:
        if not self.pending:
            return
        targets = {c for _, ranked in self.pending for _, c, _ in ranked}
        paths = introduction_paths(self.G, self.members, targets, at=self.at, via=self.via, max_steps=self.max_steps)
        for gap, ranked in self.pending:
            ranked.sort(key=lambda r: (r[0], len(paths.get(r[1], [])) or 10**6, self.name(r[1])))
            for _, c, why in ranked[: self.max]:
                path = paths.get(c)
                reason = f"{self.describe(c)} ist noch kein Mitglied und {why}."
                if path:
                    reason += f" Kontakt über {self.name(path[0].actor).rstrip('.')}."
                else:
                    reason += " Es gibt noch keinen Weg über bestehende Kontakte."
                gap.suggestions.append(Suggestion(str(c), self.name(c), reason, self.steps(path or [])))

    def steps(self, path: list[Step]) -> list[dict[str, Any]]:
        return [
            {
                "actor": str(s.actor),
                "name": self.name(s.actor),
                "via": s.via,
                "context": None if s.context is None else str(s.context),
                "context_name": None if s.context is None else self.name(s.context),
            }
            for s in path
        ]

    def works_on(self, actor: Hashable, topic: str) -> bool:
        """Whether an actor works on a topic: its own topics, or a working group, project or service with it."""
        if topic in (self.G.nodes[actor].get("topics") or []):
            return True
        for target, keyed in self.G._succ[actor].items():
            attrs = self.G.nodes[target]
            # The alliance's own topics say what it wants, not what its members do.
            wanted = _WORK_RELATIONS.get(attrs.get("kind"))
            if wanted is None or topic not in (attrs.get("topics") or []):
                continue
            if any(data.get("type") in wanted and is_active(data, self.at) for data in keyed.values()):
                return True
        return False

    # -- the checks --------------------------------------------------------------

    def missing_sectors(self) -> list[Gap]:
        present = Counter(self.G.nodes[m].get("sector") for m in self.members)
        found = []
        for sector in self.profile.expected_sectors:
            if present[sector]:
                continue
            label = vocab.SECTOR.label(sector)
            gap = Gap(
                kind="missing_sector",
                severity="high" if sector in _CORE_SECTORS else "medium",
                subject=sector,
                message=f"Im Bündnis fehlt der Sektor {label}: kein aktives Mitglied gehört dazu.",
                evidence={
                    "sector": sector,
                    "sector_label": label,
                    "members": len(self.members),
                    "members_by_sector": {k: v for k, v in sorted(present.items(), key=str) if k},
                },
            )
            self.suggest_outsiders(
                gap,
                [c for c in self.outsiders() if self.G.nodes[c].get("sector") == sector],
                f"gehört zum Sektor {label}",
            )
            found.append(gap)
        return found

    def uncovered_municipalities(self, gemeinden: Mapping[str, str]) -> list[Gap]:
        located = Counter(self.G.nodes[m].get("ags") for m in self.members)
        found = []
        for ags, gemeinde in gemeinden.items():
            if located[ags]:
                continue
            gap = Gap(
                kind="uncovered_municipality",
                severity="medium",
                subject=ags,
                message=f"Aus der Gemeinde {gemeinde} ist kein aktives Mitglied dabei.",
                evidence={"ags": ags, "name": gemeinde, "municipalities_in_area": len(gemeinden)},
            )
            local = [c for c in self.outsiders() if self.G.nodes[c].get("ags") == ags]
            # An actor of a sector the alliance lacks closes two gaps at once.
            lacking = {s for s in self.profile.expected_sectors} - {self.G.nodes[m].get("sector") for m in self.members}
            ranked = [(0 if self.G.nodes[c].get("sector") in lacking else 1, c, f"sitzt in {gemeinde}") for c in local]
            if ranked:
                self.pending.append((gap, ranked))
            found.append(gap)
        return found

    def uncovered_topics(self) -> list[Gap]:
        found = []
        for topic in self.info.get("topics") or []:
            if any(self.works_on(m, topic) for m in self.members):
                continue
            label = vocab.TOPIC.label(topic)
            gap = Gap(
                kind="uncovered_topic",
                severity="medium",
                subject=topic,
                message=f"Zum Thema „{label}“, das sich das Bündnis vorgenommen hat, arbeitet kein aktives Mitglied.",
                evidence={"topic": topic, "topic_label": label, "members": len(self.members)},
            )
            self.suggest_outsiders(
                gap, [c for c in self.outsiders() if self.works_on(c, topic)], f"arbeitet zum Thema „{label}“"
            )
            found.append(gap)
        return found

    def committee(self) -> list[Gap]:
        bodies = sorted(
            (p for p in self.parts if self.G.nodes[p].get("kind") == NodeKind.BODY),
            key=str,
        )
        committees = [b for b in bodies if self.profile.is_committee(self.G.nodes[b].get("subtype"))]
        forum_members = youth_forum_members(self.G, bodies, self.at, self.profile)
        found = []
        civil = self.profile.civil_society_sectors
        for body in committees:
            seated = committee_seats(self.G, body, self.at)
            body_name = self.name(body)
            majority = civil_society_majority(self.G, body, self.at, self.profile)
            voting, civil_votes, needed = majority.voting, majority.civil, majority.needed
            if not majority.held:
                if voting:
                    message = (
                        f"Im Gremium „{body_name}“ hat die Zivilgesellschaft keine Mehrheit: nur {len(civil_votes)} "
                        f"von {len(voting)} stimmberechtigten Mitgliedern kommen aus der Zivilgesellschaft "
                        f"(nötig wären mindestens {needed})."
                    )
                else:
                    message = (
                        f"Für das Gremium „{body_name}“ sind keine stimmberechtigten Mitglieder erfasst; "
                        "eine zivilgesellschaftliche Mehrheit ist so nicht belegt."
                    )
                gap = Gap(
                    kind="committee_civil_society_majority",
                    severity="high",
                    subject=str(body),
                    message=message,
                    evidence={
                        "committee": str(body),
                        "committee_name": body_name,
                        "voting_members": len(voting),
                        "civil_society_votes": len(civil_votes),
                        "majority_needs": needed,
                        "voting_by_sector": dict(
                            sorted(Counter(str(self.G.nodes[a].get("sector")) for a in voting).items())
                        ),
                    },
                )
                # Civil-society members of the alliance are the closest candidates for a seat.
                inside = sorted(
                    (m for m in self.members if m not in seated and self.G.nodes[m].get("sector") in civil),
                    key=self.name,
                )
                for m in inside[: self.max]:
                    gap.suggestions.append(
                        Suggestion(
                            str(m),
                            self.name(m),
                            f"{self.describe(m)} ist schon Mitglied des Bündnisses und könnte einen "
                            f"stimmberechtigten Sitz in „{body_name}“ übernehmen.",
                        )
                    )
                if len(inside) < self.max:
                    self.suggest_outsiders(
                        gap,
                        [c for c in self.outsiders() if self.G.nodes[c].get("sector") in civil],
                        "gehört zur Zivilgesellschaft",
                    )
                found.append(gap)
            if self.profile.youth_seats:
                youth = youth_representatives(self.G, body, self.at, self.profile, forum_members)
                if len(youth) < self.profile.youth_seats:
                    gap = Gap(
                        kind="committee_youth_seats",
                        severity="high",
                        subject=str(body),
                        message=(
                            f"Im Gremium „{body_name}“ sitzen {len(youth)} statt mindestens "
                            f"{self.profile.youth_seats} Jugendvertreter:innen (aus dem Jugendforum oder "
                            "mit der Rolle Jugendvertretung)."
                        ),
                        evidence={
                            "committee": str(body),
                            "committee_name": body_name,
                            "youth_representatives": [str(a) for a in youth],
                            "required": self.profile.youth_seats,
                            "youth_forum_members": len(forum_members),
                        },
                    )
                    for m in sorted(forum_members - set(seated), key=self.name)[: self.max]:
                        gap.suggestions.append(
                            Suggestion(
                                str(m),
                                self.name(m),
                                f"{self.describe(m)} ist im Jugendforum und könnte in „{body_name}“ "
                                "die Jugend vertreten.",
                            )
                        )
                    if not gap.suggestions:
                        self.suggest_outsiders(
                            gap,
                            [c for c in self.outsiders() if self.G.nodes[c].get("sector") == "youth"],
                            "gehört zum Sektor Jugend",
                        )
                    found.append(gap)
        return found

    def local_roles(self, gemeinden: Mapping[str, str]) -> list[Gap]:
        if not self.profile.local_roles:
            return []
        role = self.profile.local_role_label
        holders: dict[str, list[Hashable]] = {}
        for table in {self.alliance} | self.parts:
            for actor, keyed in self.G._pred[table].items():
                if actor in self.members and any(
                    d.get("type") == RelationType.MEMBER_OF
                    and is_active(d, self.at)
                    and self.profile.is_local_role(d.get("role"))
                    for d in keyed.values()
                ):
                    ags = self.G.nodes[actor].get("ags")
                    if ags:
                        holders.setdefault(ags, []).append(actor)
        found = []
        for ags, gemeinde in gemeinden.items():
            if holders.get(ags):
                continue
            # The Kümmerer:in builds the Allianz with these partners on the spot (the expected sectors).
            here = {self.G.nodes[m].get("sector") for m in self.members if self.G.nodes[m].get("ags") == ags}
            absent = [vocab.SECTOR.label(x) for x in self.profile.expected_sectors if x not in here]
            gap = Gap(
                kind="missing_local_role",
                severity="high",
                subject=ags,
                message=(
                    f"In {gemeinde} gibt es keine:n {role}: kein aktives Mitglied aus {gemeinde} hat diese Rolle."
                    + (f" Vor Ort fehlen außerdem Partner aus: {', '.join(absent)}." if absent else "")
                ),
                evidence={
                    "ags": ags,
                    "name": gemeinde,
                    "role": role,
                    "partners_missing_here": [x for x in self.profile.expected_sectors if x not in here],
                    "covered": sorted(a for a in holders if a in gemeinden),
                    "municipalities_in_area": len(gemeinden),
                },
            )
            # The Kümmerer:in comes from the place; its Verwaltung sets up the post.
            local = sorted(
                (m for m in self.members if self.G.nodes[m].get("ags") == ags),
                key=lambda m: (self.G.nodes[m].get("sector") != "administration", self.name(m)),
            )
            for m in local[: self.max]:
                what = (
                    f"könnte die Stelle für {gemeinde} einrichten"
                    if self.G.nodes[m].get("sector") == "administration"
                    else "kommt aus dem Ort und könnte die Rolle übernehmen oder jemanden dafür gewinnen"
                )
                gap.suggestions.append(
                    Suggestion(str(m), self.name(m), f"{self.describe(m)} ist schon Mitglied, {what}.")
                )
            if len(local) < self.max:
                ranked = [
                    (0 if self.G.nodes[c].get("sector") == "administration" else 1, c, f"sitzt in {gemeinde}")
                    for c in self.outsiders()
                    if self.G.nodes[c].get("ags") == ags
                ]
                if ranked:
                    self.pending.append((gap, ranked))
            found.append(gap)
        return found

    def companion_bodies(self) -> list[Gap]:
        found = []
        subtypes = {folded(self.G.nodes[p].get("subtype")): p for p in self.parts}
        for committee_kind, body_kind in self.profile.companions():
            committees = [
                p
                for p in sorted(self.parts, key=str)
                if self.G.nodes[p].get("kind") == NodeKind.BODY
                and folded(self.G.nodes[p].get("subtype")) == folded(committee_kind)
            ]
            if not committees or folded(body_kind) in subtypes:
                continue
            committee = committees[0]
            gap = Gap(
                kind="missing_companion_body",
                severity="medium",
                subject=body_kind,
                message=(
                    f"Zum Gremium „{self.name(committee)}“ ({committee_kind}) gehört ein {body_kind}; "
                    "im Bündnis ist keins erfasst."
                ),
                evidence={"committee": str(committee), "committee_name": self.name(committee), "expected": body_kind},
            )
            administration = sorted(
                (m for m in self.members if self.G.nodes[m].get("sector") == "administration"), key=self.name
            )
            for m in administration[: self.max]:
                gap.suggestions.append(
                    Suggestion(
                        str(m),
                        self.name(m),
                        f"{self.describe(m)} ist Mitglied aus der Verwaltung und könnte das {body_kind} mit aufbauen.",
                    )
                )
            found.append(gap)
        return found

    def single_points_of_failure(self) -> list[Gap]:
        found = []
        n = len(self.members)
        for actor, size in sorted(cut_off_sizes(self.T).items(), key=lambda x: (-x[1], str(x[0]))):
            if size < max(1, self.profile.min_cut_off):
                continue
            cut = self._cut_off(actor)
            names = ", ".join(self.name(a) for a in cut[:8]) + (" …" if len(cut) > 8 else "")
            severity = "high" if size >= max(3, n // 10) else "medium" if size >= 2 else "low"
            gap = Gap(
                kind="single_point_of_failure",
                severity=severity,
                subject=str(actor),
                message=(
                    f"An „{self.name(actor)}“ hängt das Netzwerk: fiele dieses Mitglied weg, wären "
                    f"{size} {'Mitglied' if size == 1 else 'Mitglieder'} vom Rest abgeschnitten ({names})."
                ),
                evidence={
                    "actor": str(actor),
                    "cut_off": size,
                    "cut_off_actors": [str(a) for a in cut],
                    "degree": self.T.degree(actor),
                },
            )
            # Whoever already knows someone on both sides could become the second bridge.
            rest = set(self.T) - set(cut) - {actor}
            near_cut = self._neighbours_of(cut) - {actor}
            seconds = [c for c in near_cut if c not in cut and (c in rest or self.wider(c) & rest)]
            for c in sorted(seconds, key=self.name)[: self.max]:
                gap.suggestions.append(
                    Suggestion(
                        str(c),
                        self.name(c),
                        f"{self.describe(c)} hat schon Verbindungen zu beiden Seiten und könnte eine "
                        f"zweite Brücke neben „{self.name(actor)}“ werden.",
                    )
                )
            found.append(gap)
        return found

    def _cut_off(self, actor: Hashable) -> list[Hashable]:
        """The members separated from the largest remaining part when ``actor`` leaves."""
        adj = self.T._adj  # the raw adjacency: this walk runs once per articulation point
        seen = {actor}
        pieces = []
        for start in adj[actor]:
            if start in seen:
                continue
            piece, stack = [start], [start]
            seen.add(start)
            while stack:
                for w in adj[stack.pop()]:
                    if w not in seen:
                        seen.add(w)
                        piece.append(w)
                        stack.append(w)
            pieces.append(piece)
        pieces.sort(key=len)
        return sorted((a for p in pieces[:-1] for a in p), key=self.name)

    def wider(self, actor: Hashable) -> set[Hashable]:
        """The actor's ties in the whole graph, members or not (cached)."""
        if actor not in self._wider:
            self._wider[actor] = neighbours(self.G, actor, at=self.at, via=self.via)
        return self._wider[actor]

    def _neighbours_of(self, group: Iterable[Hashable]) -> set[Hashable]:
        """Actors tied in the whole graph to anyone in ``group``."""
        found: set[Hashable] = set()
        for a in group:
            found |= self.wider(a)
        return found

    def isolated(self) -> list[Gap]:
        if len(self.members) < 2:
            return []  # a lone member has nobody to be tied to
        found = []
        for actor in sorted((a for a in self.T if self.T.degree(a) == 0), key=self.name):
            gap = Gap(
                kind="isolated_actor",
                severity="medium",
                subject=str(actor),
                message=(
                    f"„{self.name(actor)}“ ist Mitglied, hat aber keine Verbindung zu einem anderen Mitglied "
                    "(keine Kooperation, kein gemeinsames Gremium, Projekt oder Treffen)."
                ),
                evidence={"actor": str(actor), "members": len(self.members)},
            )
            others = self.members - {actor}
            # Search outward from the lone member and stop at the first member reached.
            nearest = introduction_paths(
                self.G, [actor], others, at=self.at, via=self.via, limit=1, max_steps=self.max_steps
            )
            path = reverse_path(next(iter(nearest.values()))) if nearest else None
            if path:
                first = path[0].actor
                gap.suggestions.append(
                    Suggestion(
                        str(first),
                        self.name(first),
                        f"{self.describe(first)} erreicht „{self.name(actor)}“ über bestehende Kontakte "
                        "und könnte die beiden zusammenbringen.",
                        self.steps(path),
                    )
                )
            else:
                sector, ags = self.G.nodes[actor].get("sector"), self.G.nodes[actor].get("ags")
                near = sorted(
                    (
                        m
                        for m in others
                        if (ags and self.G.nodes[m].get("ags") == ags)
                        or (sector and self.G.nodes[m].get("sector") == sector)
                    ),
                    key=lambda m: (self.G.nodes[m].get("ags") != ags, -self.T.degree(m), self.name(m)),
                )
                for m in near[: self.max]:
                    same = "in derselben Gemeinde" if ags and self.G.nodes[m].get("ags") == ags else "im selben Sektor"
                    gap.suggestions.append(
                        Suggestion(
                            str(m),
                            self.name(m),
                            f"{self.describe(m)} ist {same} aktiv und gut vernetzt; ein erstes gemeinsames "
                            "Vorhaben würde die Lücke schließen.",
                        )
                    )
            found.append(gap)
        return found

    def last_activity(self, actor: Hashable) -> date | None:
        """The latest day the actor showed activity up to ``at``: an event, a project, a new relation."""
        if actor not in self._last:
            self._last[actor] = self._last_activity(actor)
        return self._last[actor]

    def _last_activity(self, actor: Hashable) -> date | None:
        latest: date | None = None

        def seen(day: date | None) -> None:
            nonlocal latest
            if day is not None and day <= self.at and (latest is None or day > latest):
                latest = day

        for reverse in (False, True):
            adjacency = self.G._pred[actor] if reverse else self.G._succ[actor]
            for other, keyed in adjacency.items():
                for data in keyed.values():
                    kind = data.get("type")
                    since, until = data.get("since"), data.get("until")
                    seen(since)
                    if kind == RelationType.PARTICIPATED_IN:
                        seen(self.G.nodes[other].get("date"))
                    elif kind in (RelationType.LEADS, RelationType.PARTNER_IN) and (since is None or since <= self.at):
                        # An ongoing project is activity today; an ended one on its last day.
                        seen(self.at if until is None or until >= self.at else until)
        return latest

    def dormant(self) -> list[Gap]:
        months = self.profile.dormancy_months
        if not months:
            return []
        start = months_before(self.at, months)
        found = []
        for actor in sorted(self.members, key=self.name):
            last = self.last_activity(actor)
            if last is not None and last >= start:
                continue
            when = f"zuletzt aktiv am {last:%d.%m.%Y}" if last else "keine datierte Aktivität erfasst"
            gap = Gap(
                kind="dormant_member",
                severity="low",
                subject=str(actor),
                message=(
                    f"„{self.name(actor)}“ war in den letzten {months} Monaten nicht aktiv (keine Veranstaltung, "
                    f"kein Projekt, keine neue Beziehung); {when}."
                ),
                evidence={
                    "actor": str(actor),
                    "last_activity": last.isoformat() if last else None,
                    "window_start": start.isoformat(),
                    "months": months,
                },
            )
            active_contacts = sorted(
                (n for n in self.T[actor] if (self.last_activity(n) or date.min) >= start),
                key=lambda n: (-self.T[actor][n]["weight"], self.name(n)),
            )
            for n in active_contacts[: self.max]:
                gap.suggestions.append(
                    Suggestion(
                        str(n),
                        self.name(n),
                        f"{self.describe(n)} ist aktiv und mit „{self.name(actor)}“ verbunden; "
                        "eine persönliche Einladung zum nächsten Treffen liegt nahe.",
                    )
                )
            found.append(gap)
        return found
