"""The goals report: an alliance's strategy checked against what its network did in a year.

An alliance's goals are :class:`~buendnisatlas.graph.model.Goal` elements (Leitziel →
Mittlerziel → Handlungsziel, linked by ``parent``). Projects, events, bodies and working
groups ``SERVE`` a goal. A goal may carry checks from the documented set in
:mod:`~buendnisatlas.graph.rules`; :func:`goals_report` evaluates them for one calendar
year and gives every goal a status:

``met`` (erreicht)
    every check reached its target;
``partly`` (teilweise)
    some progress: a check below its target but above zero, or some checks met;
``not_met`` (nicht erreicht)
    no check shows any progress;
``not_measurable`` (nicht messbar)
    the goal carries no check (or its body is unknown); what serves it is still named.

Leitziele and Mittlerziele take their status from the goals below them. Checks about a
committee's make-up use :mod:`~buendnisatlas.graph.committee`, the same functions as the
gap report; suggestions for unmet goals come from the gap report's machinery (actors who
could close it, with an introduction path through existing ties).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import networkx as nx

from . import vocab
from .committee import civil_society_majority, seated, youth_forum_members, youth_representatives
from .dates import overlaps
from .gaps import Suggestion, _Check, _places
from .model import KIND_LABELS, Region, ags_contains
from .profiles import Profile, folded, load_profiles
from .rules import Check, parse_checks
from .ties import DEFAULT_VIA, alliance_parts, members
from .vocab import ActorForm, GoalLevel, NodeKind, RelationType

__all__ = ["STATUSES", "STATUS_LABELS", "CheckResult", "GoalResult", "GoalsReport", "goals_report"]

STATUSES = ("met", "partly", "not_met", "not_measurable")
STATUS_LABELS = {
    "met": "erreicht",
    "partly": "teilweise",
    "not_met": "nicht erreicht",
    "not_measurable": "nicht messbar",
}
_LEVEL_ORDER = {GoalLevel.GUIDING: 0, GoalLevel.INTERMEDIATE: 1, GoalLevel.ACTION: 2}
_PROJECT_ROLES = (RelationType.LEADS, RelationType.PARTNER_IN)


@dataclass
class CheckResult:
    """One check of a goal: what was measured against which target, and the evidence."""

    rule: str
    check: str
    status: str
    message: str
    measured: float | None = None
    target: float | None = None
    evidence: list[dict[str, Any]] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)

    @classmethod
    def graded(
        cls, check: Check, message: str, measured: float, target: float, evidence: list[dict[str, Any]]
    ) -> CheckResult:
        """A counting check's result: met at the target, partly above zero, not met at zero."""
        status = "met" if measured >= target else "partly" if measured > 0 else "not_met"
        return cls(check.rule, check.text, status, message, measured, target, evidence)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "check": self.check,
            "status": self.status,
            "status_label": STATUS_LABELS[self.status],
            "message": self.message,
            "measured": self.measured,
            "target": self.target,
            "evidence": self.evidence,
            "suggestions": [s.to_dict() for s in self.suggestions],
            "hints": self.hints,
        }


@dataclass
class GoalResult:
    """A goal of the strategy with its status for the year."""

    id: str
    name: str
    level: str
    text: str | None
    parent: str | None
    status: str
    checks: list[CheckResult] = field(default_factory=list)
    served_by: list[dict[str, Any]] = field(default_factory=list)
    children: list[str] = field(default_factory=list)

    @property
    def level_label(self) -> str:
        return vocab.GOAL_LEVEL.label(self.level)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "level": self.level,
            "level_label": self.level_label,
            "text": self.text,
            "parent": self.parent,
            "status": self.status,
            "status_label": STATUS_LABELS[self.status],
            "checks": [c.to_dict() for c in self.checks],
            "served_by": self.served_by,
            "children": self.children,
        }


@dataclass
class GoalsReport:
    """The goals of one alliance for one year, in the order of its strategy."""

    alliance: str
    name: str
    year: int
    at: date
    goals: list[GoalResult]

    @property
    def unserved(self) -> list[GoalResult]:
        """Handlungsziele nothing serves: no project, event, body or working group."""
        return [g for g in self.goals if g.level == GoalLevel.ACTION and not g.served_by]

    def counts(self) -> dict[str, int]:
        """How many Handlungsziele have each status."""
        actions = [g for g in self.goals if g.level == GoalLevel.ACTION]
        return {s: sum(g.status == s for g in actions) for s in STATUSES}

    def to_dict(self) -> dict[str, Any]:
        return {
            "alliance": self.alliance,
            "name": self.name,
            "year": self.year,
            "at": self.at.isoformat(),
            "counts": self.counts(),
            "goals": [g.to_dict() for g in self.goals],
            "unserved": [g.id for g in self.unserved],
        }


def combine(statuses: Iterable[str]) -> str:
    """One status from several: all met → met, nothing measurable → not measurable, no progress → not met.

    Examples
    --------
    >>> combine(["met", "met"]), combine(["met", "not_met"]), combine(["not_met", "not_measurable"])
    ('met', 'partly', 'not_met')
    >>> combine([]), combine(["not_measurable"])
    ('not_measurable', 'not_measurable')
    """
    measured = [s for s in statuses if s != "not_measurable"]
    if not measured:
        return "not_measurable"
    if all(s == "met" for s in measured):
        return "met"
    if all(s == "not_met" for s in measured):
        return "not_met"
    return "partly"


def goals_report(
    G: nx.MultiDiGraph,
    alliance: Hashable,
    year: int,
    *,
    profile: Profile | None = None,
    regions: Iterable[Region] | Mapping[str, str] | None = None,
    via: Collection[str] = DEFAULT_VIA,
    max_suggestions: int = 3,
    today: date | None = None,
) -> GoalsReport:
    """The goals report of ``alliance`` for the calendar year ``year``.

    Parameters
    ----------
    G : nx.MultiDiGraph
        The whole store's graph with its full history (``store.subgraph()``): suggestions
        come from actors who are not yet members.
    alliance : str
        The alliance's id; its goals are those with ``alliance`` set to it, and their sub-goals.
    year : int
        The calendar year; a committee's make-up is taken on 31.12. (or today, within the year).
    profile : Profile, optional
        Default the shipped profile for the alliance's ``subtype`` (youth seats, civil society).
    regions : regions or {ags: name}, optional
        The Gemeinden of the alliance's area, as for :func:`~buendnisatlas.graph.gaps.gaps`.

    Returns
    -------
    GoalsReport

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("pfd", kind="alliance", name="PfD", subtype="Partnerschaft für Demokratie", area=[])
    >>> G.add_node("ba", kind="body", name="Begleitausschuss", subtype="Begleitausschuss")
    >>> _ = G.add_edge("ba", "pfd", type="PART_OF")
    >>> G.add_node("ziel", kind="goal", name="BA tagt", goal_level="action", alliance="pfd",
    ...            checks="sitzungen(gremium=ba, mindestens=3)")
    >>> for day in (date(2025, 3, 1), date(2025, 9, 1)):
    ...     G.add_node(day, kind="event", name=f"Sitzung {day:%d.%m.}", subtype="Sitzung", date=day)
    ...     _ = G.add_edge("ba", day, type="PARTICIPATED_IN")
    >>> report = goals_report(G, "pfd", 2025)
    >>> report.goals[0].status, report.goals[0].checks[0].message
    ('partly', '„Begleitausschuss“ tagte 2025 2-mal (Ziel: mindestens 3).')
    """
    if alliance not in G or G.nodes[alliance].get("kind") != NodeKind.ALLIANCE:
        raise nx.NodeNotFound(f"Kein Bündnis mit der Kennung „{alliance}“ im Graphen")
    info = G.nodes[alliance]
    if profile is None:
        profile = load_profiles().for_alliance(str(alliance), info.get("subtype"))
    first, last = date(year, 1, 1), date(year, 12, 31)
    today = today or date.today()
    at = min(last, today) if first <= today else last
    places = _places(G, regions)
    area = info.get("area") or []
    gemeinden = {a: n for a, n in places.items() if len(a) == 8 and any(ags_contains(x, a) for x in area)}
    suggest = _Check(G, alliance, at, profile, via, max_suggestions, places)
    ctx = _Year(G, alliance, year, first, last, at, profile, gemeinden, suggest)
    goals = ctx.goals()
    results: dict[Hashable, GoalResult] = {}
    for goal in goals:
        a = G.nodes[goal]
        checks = [ctx.evaluate(c) for c in parse_checks(a["checks"]).items] if a.get("checks") else []
        results[goal] = GoalResult(
            id=str(goal),
            name=str(a.get("name", goal)),
            level=str(a.get("goal_level") or GoalLevel.ACTION),
            text=a.get("wording"),
            parent=None if a.get("parent_goal") is None else str(a["parent_goal"]),
            status=combine(c.status for c in checks),
            checks=checks,
            served_by=ctx.served_by(goal),
        )
    for goal in goals:
        parent = G.nodes[goal].get("parent_goal")
        if parent in results:
            results[parent].children.append(str(goal))
    # Parents after their children: a Leitziel's status is its Mittlerziele', theirs their Handlungsziele'.
    for goal in sorted(goals, key=lambda g: -_LEVEL_ORDER.get(G.nodes[g].get("goal_level"), 2)):
        result = results[goal]
        if result.children:
            own = [c.status for c in result.checks]
            result.status = combine([*own, *(results[c].status for c in result.children)])
    if max_suggestions:
        suggest.attach_paths()
    return GoalsReport(str(alliance), str(info.get("name", alliance)), year, at, [results[g] for g in _tree(G, goals)])


def _tree(G: nx.MultiDiGraph, goals: list[Hashable]) -> list[Hashable]:
    """Goals depth first in the strategy's order (by id within one parent)."""
    chosen = set(goals)
    children: dict[Hashable | None, list[Hashable]] = {}
    for g in goals:
        parent = G.nodes[g].get("parent_goal")
        children.setdefault(parent if parent in chosen else None, []).append(g)
    ordered: list[Hashable] = []

    def walk(parent: Hashable | None) -> None:
        for g in sorted(
            children.get(parent, []), key=lambda g: (_LEVEL_ORDER.get(G.nodes[g].get("goal_level"), 2), str(g))
        ):
            ordered.append(g)
            walk(g)

    walk(None)
    # Goals whose parents point in a circle hang from no root: still report them, last.
    seen = set(ordered)
    return ordered + sorted((g for g in goals if g not in seen), key=str)


class _Year:
    """What the checks of one report share: the alliance's year, its events and projects."""

    def __init__(
        self,
        G: nx.MultiDiGraph,
        alliance: Hashable,
        year: int,
        first: date,
        last: date,
        at: date,
        profile: Profile,
        gemeinden: Mapping[str, str],
        suggest: _Check,
    ):
        self.G, self.alliance, self.year, self.first, self.last, self.at = G, alliance, year, first, last, at
        self.profile, self.gemeinden, self.suggest = profile, gemeinden, suggest
        self.parts = alliance_parts(G, alliance)
        self.members = members(G, alliance, at)
        self._goals = self._find_goals()
        served = {
            u
            for g in self._goals
            for u, keyed in G._pred[g].items()
            if any(d.get("type") == RelationType.SERVES for d in keyed.values())
        }
        self.events = sorted(
            (n for n in self.parts | served if G.nodes[n].get("kind") == NodeKind.EVENT), key=self._event_order
        )
        self.projects = sorted((n for n in self.parts | served if G.nodes[n].get("kind") == NodeKind.PROJECT), key=str)

    # -- goals and what serves them ------------------------------------------------

    def _find_goals(self) -> list[Hashable]:
        G = self.G
        all_goals = {n for n, a in G.nodes(data=True) if a.get("kind") == NodeKind.GOAL}
        mine = {g for g in all_goals if G.nodes[g].get("alliance") == self.alliance}
        grew = True
        while grew:  # sub-goals belong to their parent's alliance
            more = {
                g for g in all_goals - mine if G.nodes[g].get("parent_goal") in mine and not G.nodes[g].get("alliance")
            }
            grew = bool(more)
            mine |= more
        return [g for g in mine if self._in_year(G.nodes[g])]

    def _in_year(self, attrs: Mapping[str, Any]) -> bool:
        return overlaps(attrs.get("valid_from"), attrs.get("valid_until"), self.first, self.last)

    def goals(self) -> list[Hashable]:
        return self._goals

    def served_by(self, goal: Hashable) -> list[dict[str, Any]]:
        found = []
        for u, keyed in self.G._pred[goal].items():
            if any(d.get("type") == RelationType.SERVES and self._overlaps(d) for d in keyed.values()):
                attrs = self.G.nodes[u]
                if attrs.get("kind") == NodeKind.EVENT and not self.in_window(attrs.get("date")):
                    continue  # an event of another year served the goal then, not now
                if attrs.get("kind") == NodeKind.PROJECT and not self._runs(u):
                    continue
                found.append(self._item(u))
        return sorted(found, key=lambda i: (i["kind"], i.get("date") or "", i["name"]))

    def _runs(self, project: Hashable) -> bool:
        """Whether a project ran in the year: a lead or partner in it then, or no dated role at all."""
        roles = [
            d for keyed in self.G._pred[project].values() for d in keyed.values() if d.get("type") in _PROJECT_ROLES
        ]
        return not any(d.get("since") or d.get("until") for d in roles) or any(self._overlaps(d) for d in roles)

    def _overlaps(self, data: Mapping[str, Any]) -> bool:
        return overlaps(data.get("since"), data.get("until"), self.first, self.last)

    def _item(self, node: Hashable, **extra: Any) -> dict[str, Any]:
        attrs = self.G.nodes[node]
        item: dict[str, Any] = {
            "id": str(node),
            "kind": str(attrs.get("kind")),
            "kind_label": KIND_LABELS.get(attrs.get("kind"), str(attrs.get("kind"))),
            "name": str(attrs.get("name", node)),
        }
        if attrs.get("date"):
            item["date"] = attrs["date"].isoformat()
        if attrs.get("ags"):
            item["ags"] = attrs["ags"]
        return {**item, **extra}

    # -- windows -------------------------------------------------------------------

    def window(self, half: int | None) -> tuple[date, date]:
        if half == 1:
            return self.first, date(self.year, 6, 30)
        if half == 2:
            return date(self.year, 7, 1), self.last
        return self.first, self.last

    def in_window(self, day: date | None, half: int | None = None) -> bool:
        start, end = self.window(half)
        return day is not None and start <= day <= end

    def when(self, half: int | None) -> str:
        return f"im {half}. Halbjahr {self.year}" if half else str(self.year)

    def _event_order(self, node: Hashable) -> tuple[date, str]:
        return (self.G.nodes[node].get("date") or date.min, str(node))

    def of_kind(self, events: Iterable[Hashable], kind: str) -> list[Hashable]:
        wanted = folded(kind)
        return [e for e in events if folded(self.G.nodes[e].get("subtype")) == wanted]

    def name(self, node: Hashable) -> str:
        return str(self.G.nodes[node].get("name", node))

    def body(self, ref: str) -> Hashable | None:
        if ref in self.G and self.G.nodes[ref].get("kind") in (NodeKind.BODY, NodeKind.WORKING_GROUP):
            return ref
        return None

    # -- the rules -----------------------------------------------------------------

    def evaluate(self, check: Check) -> CheckResult:
        body_ref = check.params.get("gremium")
        if body_ref is not None and self.body(body_ref) is None:
            return CheckResult(
                check.rule,
                check.text,
                "not_measurable",
                f"Das Gremium „{body_ref}“ ist nicht erfasst; die Prüfung kann nicht ausgewertet werden.",
            )
        method = getattr(self, f"rule_{check.rule}")
        result: CheckResult = method(check, **check.params)
        return result

    def rule_sitzungen(self, check: Check, gremium: str, mindestens: int, art: str = "Sitzung") -> CheckResult:
        held = [e for e in self.of_kind(self._events_of(gremium), art) if self.in_window(self.G.nodes[e].get("date"))]
        result = CheckResult.graded(
            check,
            f"„{self.name(gremium)}“ tagte {self.year} {_times(len(held))} (Ziel: mindestens {mindestens}).",
            len(held),
            mindestens,
            [self._item(e) for e in held],
        )
        if result.status != "met":
            result.hints.append(
                f"Noch {_times(mindestens - len(held))} „{art}“ von „{self.name(gremium)}“ einplanen "
                "und als Veranstaltung mit dem Gremium als Teilnehmer erfassen."
            )
        return result

    def _events_of(self, body: Hashable) -> list[Hashable]:
        """Events the body itself took part in (its meetings)."""
        return sorted(
            (
                v
                for v, keyed in self.G._succ[body].items()
                if self.G.nodes[v].get("kind") == NodeKind.EVENT
                and any(d.get("type") == RelationType.PARTICIPATED_IN for d in keyed.values())
            ),
            key=self._event_order,
        )

    def rule_teilnahme(
        self, check: Check, gremium: str, art: str, halbjahr: int | None = None, anteil: int = 50
    ) -> CheckResult:
        when = self.when(halbjahr)
        candidates = set(self.events) | set(self._events_of(gremium))
        events = [e for e in self.of_kind(sorted(candidates, key=self._event_order), art)]
        inside = [e for e in events if self.in_window(self.G.nodes[e].get("date"), halbjahr)]
        if not inside:
            outside = [e for e in events if self.in_window(self.G.nodes[e].get("date"))]
            message = f"{when} fand keine Veranstaltung der Art „{art}“ statt."
            if outside:
                days = ", ".join(f"{self.G.nodes[e]['date']:%d.%m.%Y}" for e in outside)
                message += f" Im Jahr gab es sie am {days}, also außerhalb des Zeitraums."
            result = CheckResult(
                check.rule,
                check.text,
                "not_met",
                message[0].upper() + message[1:],
                0,
                anteil,
                [self._item(e) for e in outside],
            )
            result.hints.append(f"Die {art} {when} durchführen und die Teilnahme der Mitglieder erfassen.")
            return result
        table: set[Hashable] = set()
        attended: set[Hashable] = set()
        for e in inside:
            day = self.G.nodes[e]["date"]
            sitting = {a for a in seated(self.G, gremium, day) if self.G.nodes[a].get("kind") == NodeKind.ACTOR}
            table |= sitting
            attended |= {a for a in sitting if self._took_part(a, e)}
        if not table:
            return CheckResult(
                check.rule,
                check.text,
                "not_measurable",
                f"Für „{self.name(gremium)}“ sind {when} keine Mitglieder erfasst.",
                evidence=[self._item(e) for e in inside],
            )
        share = round(100 * len(attended) / len(table))
        result = CheckResult.graded(
            check,
            f"{len(attended)} von {len(table)} Mitgliedern von „{self.name(gremium)}“ ({share} %) nahmen {when} "
            f"an einer Veranstaltung der Art „{art}“ teil (Ziel: mindestens {anteil} %).",
            share,
            anteil,
            [self._item(e) for e in inside] + [self._item(a, role="teilgenommen") for a in sorted(attended, key=str)],
        )
        if result.status != "met":
            for a in sorted(table - attended, key=self.name)[: self.suggest.max]:
                result.suggestions.append(
                    Suggestion(
                        str(a),
                        self.name(a),
                        f"{self.suggest.describe(a)} sitzt in „{self.name(gremium)}“ und war {when} bei keiner "
                        f"Veranstaltung der Art „{art}“; eine persönliche Einladung zur nächsten liegt nahe.",
                    )
                )
        return result

    def _took_part(self, actor: Hashable, event: Hashable) -> bool:
        keyed = self.G._succ[actor].get(event, {})
        return any(d.get("type") == RelationType.PARTICIPATED_IN for d in keyed.values())

    def _forum(self) -> set[Hashable]:
        bodies = [p for p in self.parts if self.G.nodes[p].get("kind") == NodeKind.BODY]
        return youth_forum_members(self.G, bodies, self.at, self.profile)

    def rule_jugendsitze(self, check: Check, gremium: str, mindestens: int | None = None) -> CheckResult:
        required = mindestens if mindestens is not None else max(1, self.profile.youth_seats)
        forum = self._forum()
        youth = youth_representatives(self.G, gremium, self.at, self.profile, forum)
        result = CheckResult.graded(
            check,
            f"Am {self.at:%d.%m.%Y} {_n(len(youth), 'sitzt', 'sitzen')} {len(youth)} "
            f"{_n(len(youth), 'Jugendvertreter:in', 'Jugendvertreter:innen')} in „{self.name(gremium)}“ "
            f"(Ziel: mindestens {required}).",
            len(youth),
            required,
            [self._item(a, role="Jugendvertretung") for a in youth],
        )
        if result.status != "met":
            sitting = seated(self.G, gremium, self.at)
            for m in sorted(forum - set(sitting), key=self.name)[: self.suggest.max]:
                result.suggestions.append(
                    Suggestion(
                        str(m),
                        self.name(m),
                        f"{self.suggest.describe(m)} ist im Jugendforum und könnte in „{self.name(gremium)}“ "
                        "die Jugend vertreten.",
                    )
                )
            if not result.suggestions:
                self._outsiders(result, lambda c: self.G.nodes[c].get("sector") == "youth", "gehört zum Sektor Jugend")
        return result

    def rule_mehrheit_zivilgesellschaft(self, check: Check, gremium: str) -> CheckResult:
        majority = civil_society_majority(self.G, gremium, self.at, self.profile)
        name = self.name(gremium)
        if not majority.voting:
            return CheckResult(
                check.rule,
                check.text,
                "not_measurable",
                f"Für „{name}“ sind am {self.at:%d.%m.%Y} keine stimmberechtigten Mitglieder erfasst.",
            )
        status = "met" if majority.held else "not_met"
        result = CheckResult(
            check.rule,
            check.text,
            status,
            f"{len(majority.civil)} von {len(majority.voting)} stimmberechtigten Mitgliedern von „{name}“ kommen "
            f"am {self.at:%d.%m.%Y} aus der Zivilgesellschaft (für eine Mehrheit nötig: {majority.needed}).",
            len(majority.civil),
            majority.needed,
            [self._item(a, role="stimmberechtigt, Zivilgesellschaft") for a in majority.civil],
        )
        if result.status != "met":
            civil = self.profile.civil_society_sectors
            sitting = seated(self.G, gremium, self.at)
            inside = sorted(
                (m for m in self.members if m not in sitting and self.G.nodes[m].get("sector") in civil), key=self.name
            )
            for m in inside[: self.suggest.max]:
                result.suggestions.append(
                    Suggestion(
                        str(m),
                        self.name(m),
                        f"{self.suggest.describe(m)} ist schon Mitglied des Bündnisses und könnte einen "
                        f"stimmberechtigten Sitz in „{name}“ übernehmen.",
                    )
                )
            if not inside:
                self._outsiders(
                    result, lambda c: self.G.nodes[c].get("sector") in civil, "gehört zur Zivilgesellschaft"
                )
        return result

    def _project_roles(self, project: Hashable, roles: tuple[RelationType, ...], half: int | None) -> list[Hashable]:
        """Actors with one of ``roles`` in ``project`` at some time within the window."""
        start, end = self.window(half)
        found = []
        for actor, keyed in self.G._pred[project].items():
            for d in keyed.values():
                if d.get("type") in roles and overlaps(d.get("since"), d.get("until"), start, end):
                    found.append(actor)
                    break
        return sorted(found, key=str)

    def _matches(self, project: Hashable, thema: str | None, fonds: str | None = None) -> bool:
        attrs = self.G.nodes[project]
        return (thema is None or thema in (attrs.get("topics") or [])) and (fonds is None or attrs.get("fund") == fonds)

    def rule_projekte(
        self,
        check: Check,
        mindestens: int,
        gremium: str | None = None,
        sektor: str | None = None,
        thema: str | None = None,
        fonds: str | None = None,
    ) -> CheckResult:
        table: set[Hashable] = set()
        if gremium:  # whoever sat in the body at any time of the year
            for actor, keyed in self.G._pred[gremium].items():
                if any(d.get("type") == RelationType.MEMBER_OF and self._overlaps(d) for d in keyed.values()):
                    table.add(actor)
        counted: list[dict[str, Any]] = []
        for p in self.projects:
            if not self._matches(p, thema, fonds):
                continue
            leads = self._project_roles(p, (RelationType.LEADS,), None)
            if gremium:
                leads = [a for a in leads if a in table]
            if sektor:
                leads = [a for a in leads if self.G.nodes[a].get("sector") == sektor]
            if leads:
                counted.append(self._item(p, led_by=[self.name(a) for a in leads]))
        who = []
        if gremium:
            who.append(f"von Mitgliedern von „{self.name(gremium)}“")
        if sektor:
            who.append(f"von Akteuren des Sektors {vocab.SECTOR.label(sektor)}")
        about = f" zum Thema „{vocab.TOPIC.label(thema)}“" if thema else ""
        fund = f" aus dem {vocab.FUND.label(fonds)}" if fonds else ""
        led = f" geleitet {' und '.join(who)}" if who else ""
        result = CheckResult.graded(
            check,
            f"{self.year} {_n(len(counted), 'lief', 'liefen')} {len(counted)} {_n(len(counted), 'Projekt', 'Projekte')}"
            f"{about}{fund}{led} (Ziel: mindestens {mindestens}).",
            len(counted),
            mindestens,
            counted,
        )
        if result.status != "met":
            result.hints.append(f"Noch {mindestens - len(counted)} Projekt(e){about}{fund} anstoßen.")
            if sektor and not gremium:
                self._outsiders(
                    result,
                    lambda c: self.G.nodes[c].get("sector") == sektor,
                    f"gehört zum Sektor {vocab.SECTOR.label(sektor)} und könnte ein Projekt tragen",
                )
        return result

    def rule_veranstaltungen(
        self, check: Check, art: str, mindestens: int = 1, halbjahr: int | None = None, thema: str | None = None
    ) -> CheckResult:
        when = self.when(halbjahr)
        held = [
            e
            for e in self.of_kind(self.events, art)
            if self.in_window(self.G.nodes[e].get("date"), halbjahr)
            and (thema is None or thema in (self.G.nodes[e].get("topics") or []))
        ]
        about = f" zum Thema „{vocab.TOPIC.label(thema)}“" if thema else ""
        result = CheckResult.graded(
            check,
            f"{when[0].upper()}{when[1:]} {_n(len(held), 'fand', 'fanden')} {len(held)} "
            f"{_n(len(held), 'Veranstaltung', 'Veranstaltungen')} der Art „{art}“{about} statt "
            f"(Ziel: mindestens {mindestens}).",
            len(held),
            mindestens,
            [self._item(e) for e in held],
        )
        if result.status != "met":
            result.hints.append(f"Noch {_times(mindestens - len(held))} „{art}“ {when} planen und erfassen.")
        return result

    def rule_gemeinden_mit_veranstaltung(
        self, check: Check, art: str, mindestens: int | None = None, anteil: int | None = None
    ) -> CheckResult:
        if not self.gemeinden:
            return CheckResult(
                check.rule,
                check.text,
                "not_measurable",
                "Für das Gebiet des Bündnisses sind keine Gemeinden erfasst.",
            )
        total = len(self.gemeinden)
        target = mindestens if mindestens is not None else math.ceil(total * (100 if anteil is None else anteil) / 100)
        held = [e for e in self.of_kind(self.events, art) if self.in_window(self.G.nodes[e].get("date"))]
        covered = {self.G.nodes[e].get("ags") for e in held} & set(self.gemeinden)
        result = CheckResult.graded(
            check,
            f"{self.year} gab es in {len(covered)} von {total} Gemeinden eine {art} (Ziel: {target}).",
            len(covered),
            target,
            [self._item(e, gemeinde=self.gemeinden.get(self.G.nodes[e].get("ags") or "")) for e in held],
        )
        if result.status != "met":
            missing = [a for a in self.gemeinden if a not in covered]
            result.hints.append(f"Noch ohne {art}: {', '.join(self.gemeinden[a] for a in missing)}.")
            hosts = sorted(
                (m for m in self.members if self.G.nodes[m].get("ags") in missing and not self._person(m)),
                key=lambda m: (self.G.nodes[m].get("sector") != "administration", self.name(m)),
            )
            for m in hosts[: self.suggest.max]:
                place = self.gemeinden[self.G.nodes[m]["ags"]]
                result.suggestions.append(
                    Suggestion(
                        str(m),
                        self.name(m),
                        f"{self.suggest.describe(m)} ist Mitglied in {place} und könnte dort eine {art} ausrichten.",
                    )
                )
            if not hosts:
                self._outsiders(
                    result, lambda c: self.G.nodes[c].get("ags") in missing, f"sitzt in einer Gemeinde ohne {art}"
                )
        return result

    def rule_sektor_in_projekten(
        self, check: Check, sektor: str, thema: str | None = None, halbjahr: int | None = None, mindestens: int = 1
    ) -> CheckResult:
        when = self.when(halbjahr)
        involved: dict[Hashable, list[str]] = {}
        for p in self.projects:
            if not self._matches(p, thema):
                continue
            for a in self._project_roles(p, _PROJECT_ROLES, halbjahr):
                if self.G.nodes[a].get("sector") == sektor:
                    involved.setdefault(a, []).append(self.name(p))
        label = vocab.SECTOR.label(sektor)
        about = f" zum Thema „{vocab.TOPIC.label(thema)}“" if thema else ""
        result = CheckResult.graded(
            check,
            f"{when[0].upper()}{when[1:]} {_n(len(involved), 'wirkte', 'wirkten')} {len(involved)} "
            f"{_n(len(involved), 'Akteur', 'Akteure')} des Sektors {label} an Projekten{about} mit "
            f"(Ziel: mindestens {mindestens}).",
            len(involved),
            mindestens,
            [self._item(a, projects=ps) for a, ps in sorted(involved.items(), key=lambda x: str(x[0]))],
        )
        if result.status != "met":
            inside = sorted(
                (m for m in self.members if self.G.nodes[m].get("sector") == sektor and m not in involved),
                key=self.name,
            )
            for m in inside[: self.suggest.max]:
                result.suggestions.append(
                    Suggestion(
                        str(m),
                        self.name(m),
                        f"{self.suggest.describe(m)} ist Mitglied des Bündnisses und könnte als Partner in ein "
                        f"Projekt{about} einsteigen.",
                    )
                )
            if len(inside) < self.suggest.max:
                self._outsiders(result, lambda c: self.G.nodes[c].get("sector") == sektor, f"gehört zum Sektor {label}")
        return result

    # -- suggestions through the gap report's machinery ---------------------------

    def _person(self, node: Hashable) -> bool:
        return self.G.nodes[node].get("form") == ActorForm.PERSON

    def _outsiders(self, result: CheckResult, wanted: Any, why: str) -> None:
        """Queue non-members that fit; they get introduction paths in one search at the end."""
        self.suggest.suggest_outsiders(result, [c for c in self.suggest.outsiders() if wanted(c)], why)


def _n(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _times(count: int) -> str:
    """``einmal``, ``2-mal``: how often, as a report would write it."""
    return {0: "kein einziges Mal", 1: "einmal"}.get(count, f"{count}-mal")
