"""Indicators of one alliance that may leave it: aggregate, non-identifying numbers.

A state-wide network (Landes-Demokratiezentrum, landesweites Netzwerk) compares the
*structures* of many alliances. Each alliance computes its own :class:`Indicators` and
sends only those; :mod:`~buendnisatlas.graph.comparison` benchmarks them.

What an indicator set contains, and what it never contains:

* the alliance is named only by the AGS key of its area (the Gemeinde, or the Kreis or
  Land all of its area lies in) and its type (``subtype``); no id, name, contact or note
  of any element, and no value of a single actor;
* **small-count protection**: every count *of actors* (members, persons, members per
  sector, voting and youth seats, single points of failure, isolated and dormant
  members and the gaps about them) that is at least 1 and below ``threshold`` (default
  3) is reported as ``"<3"``; so are the shares computed from such a count, the
  civil-society share of a committee with fewer voting members than the threshold, and
  the budget sum of a fund with fewer projects than the threshold (it would show one
  grant), and the civil-society share of a committee where it would reveal a small count
  of seats. All small counts of actors are suppressed alike, persons or organisations, so
  that the suppression itself tells nothing about who is behind it. Where counts add up to
  the published total (members by form, members by sector), a suppressed cell could be
  subtracted out; :func:`protect_table` then hides further cells as ``"geschützt"``.
  Counts of sectors, Gemeinden, topics, projects and structural gaps single out nobody and
  stay exact.

The visibility policy (:mod:`~buendnisatlas.graph.visibility`) decides which *elements*
may be shown; an indicator set shows no element at all, so restricted members (persons)
are counted in it, never listed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import networkx as nx

from . import vocab
from .brokerage import ei_index
from .committee import civil_society_majority, youth_forum_members, youth_representatives
from .gaps import GAP_KINDS, _Check, _containment, _places, area_gemeinden, checked_gaps
from .model import REGION_LEVELS, Region
from .profiles import Profile, load_profiles
from .text import fold
from .ties import DEFAULT_VIA, alliance_parts
from .vocab import ActorForm, NodeKind

__all__ = [
    "SCHEMA",
    "SCHEMA_VERSION",
    "Indicator",
    "IndicatorFileError",
    "Indicators",
    "alliance_indicators",
    "protect_table",
    "suppressed",
]

SCHEMA = "buendnisatlas-kennzahlen"
PROTECTED = "geschützt"  # a count of at least the threshold, hidden so that a small one cannot be subtracted out
SCHEMA_VERSION = 1
DEFAULT_THRESHOLD = 3
UNITS = ("count", "share", "number", "euro", "bool")
CONFERENCE_SUBTYPE = "demokratiekonferenz"

GAP_LABELS = {
    "missing_sector": "Lücken: fehlende Sektoren",
    "uncovered_municipality": "Lücken: Gemeinden ohne Mitglied",
    "uncovered_topic": "Lücken: Themen ohne Mitglied",
    "committee_civil_society_majority": "Lücken: keine Mehrheit der Zivilgesellschaft im Gremium",
    "committee_youth_seats": "Lücken: zu wenig Jugendvertretung im Gremium",
    "missing_local_role": "Lücken: Gemeinden ohne Gemeindekümmerer:in",
    "missing_companion_body": "Lücken: fehlendes Begleitgremium (z. B. Ämternetzwerk)",
    "single_point_of_failure": "Lücken: Bindeglieder, an denen das Netz hängt",
    "isolated_actor": "Lücken: Mitglieder ohne Verbindung",
    "dormant_member": "Lücken: ruhende Mitglieder",
}
# Gaps found per actor: their number is a count of actors and protected like one.
_ACTOR_GAPS = frozenset({"single_point_of_failure", "isolated_actor", "dormant_member"})

Value = int | float | bool | str | None


def suppressed(threshold: int) -> str:
    """The marker that replaces a protected small count, e.g. ``"<3"``.

    >>> suppressed(3)
    '<3'
    """
    return f"<{threshold}"


@dataclass(frozen=True)
class Indicator:
    """One figure: ``better`` is +1 if more is better, -1 if less is better, 0 if neither.

    ``value`` is a number, a bool, ``None`` (not applicable, e.g. no committee) or the
    suppression marker (``"<3"``).
    """

    key: str
    label: str
    value: Value
    unit: str
    better: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "value": self.value, "unit": self.unit, "better": self.better}


@dataclass
class Indicators:
    """The indicator set of one alliance on one day, as it is exported."""

    ags: str | None
    level: str | None
    subtype: str | None
    at: date
    profile: str
    threshold: int
    indicators: list[Indicator] = field(default_factory=list)
    # Told apart by the reader (e.g. the file name) where two sets have the same type and area; never exported.
    tag: str | None = None

    @property
    def label(self) -> str:
        """How the alliance is called in a comparison: its type and its area key."""
        text = " ".join(p for p in (self.subtype or "Bündnis", self.ags) if p)
        return f"{text} ({self.tag})" if self.tag else text

    def get(self, key: str) -> Indicator | None:
        return next((i for i in self.indicators if i.key == key), None)

    def numeric(self, key: str) -> float | None:
        """The value as a number for statistics; ``None`` if missing or suppressed."""
        found = self.get(key)
        if found is None or found.value is None or isinstance(found.value, str):
            return None
        return float(found.value)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "schema_version": SCHEMA_VERSION,
            "alliance": {"ags": self.ags, "level": self.level, "subtype": self.subtype},
            "at": self.at.isoformat(),
            "profile": self.profile,
            "small_count_threshold": self.threshold,
            "note": (
                f"Nur zusammengefasste Zahlen. „{suppressed(self.threshold)}“ heißt: mindestens 1, aber weniger als "
                f"{self.threshold} – zum Schutz einzelner Personen nicht genau angegeben."
            ),
            "indicators": [i.to_dict() for i in self.indicators],
        }

    @classmethod
    def from_dict(cls, data: Any) -> Indicators:
        """Read an exported set back; raises :class:`IndicatorFileError` (German) if it is not one.

        Examples
        --------
        >>> try:
        ...     Indicators.from_dict({"schema": SCHEMA, "schema_version": 99})
        ... except IndicatorFileError as exc:
        ...     print(exc)
        Schema-Version 99 wird nicht unterstützt (erwartet: 1)
        """
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            raise IndicatorFileError("keine Kennzahlen-Datei von Bündnisatlas (Feld „schema“ fehlt oder ist falsch)")
        if data.get("schema_version") != SCHEMA_VERSION:
            raise IndicatorFileError(
                f"Schema-Version {data.get('schema_version')} wird nicht unterstützt (erwartet: {SCHEMA_VERSION})"
            )
        try:
            alliance = data["alliance"]
            threshold = int(data["small_count_threshold"])
            items = [
                Indicator(
                    key=str(i["key"]),
                    label=str(i["label"]),
                    value=_checked_value(i["value"]),
                    unit=str(i["unit"]),
                    better=int(i.get("better", 0)),
                )
                for i in data["indicators"]
            ]
            return cls(
                ags=alliance.get("ags"),
                level=alliance.get("level"),
                subtype=alliance.get("subtype"),
                at=date.fromisoformat(data["at"]),
                profile=str(data.get("profile", "")),
                threshold=threshold,
                indicators=items,
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise IndicatorFileError(f"die Kennzahlen-Datei ist unvollständig oder beschädigt ({exc})") from None


class IndicatorFileError(ValueError):
    """An indicator file that cannot be read (message in German)."""


def _checked_value(value: Any) -> Value:
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str) and (value.startswith("<") or value == PROTECTED):
        return value
    raise ValueError(f"ungültiger Wert {value!r}")


def area_key(area: Iterable[str]) -> tuple[str | None, str | None]:
    """The one AGS key naming an alliance's area: the Gemeinde, or the Kreis or Land containing it all.

    Examples
    --------
    >>> area_key(["15087250", "15087055"])
    ('15087', 'Kreis')
    >>> area_key(["15087"]), area_key([])
    (('15087', 'Kreis'), (None, None))
    """
    keys = sorted(set(area))
    if not keys:
        return None, None
    if len(keys) == 1:
        key = keys[0]
    else:
        key = next((keys[0][:n] for n in (8, 5, 3, 2) if all(k[:n] == keys[0][:n] for k in keys)), "DE")
    return key, REGION_LEVELS.get(len(key), "Staat")


def protect_table(counts: Mapping[str, int], threshold: int) -> dict[str, Value]:
    """Counts of actors that add up to a published total, with primary and complementary suppression.

    Cells from 1 to ``threshold - 1`` become ``"<threshold"``. As the total is published,
    one such cell (or several that could only be all 1 or all ``threshold - 1``) could be
    worked out by subtraction; then the smallest other cells are hidden as well, marked
    :data:`PROTECTED` (``"geschützt"``: at least ``threshold``), until no hidden cell can be
    worked out any more. If that is impossible, every cell is ``"geschützt"``.

    Examples
    --------
    >>> protect_table({"persons": 2, "organisations": 4}, 3)
    {'persons': '<3', 'organisations': 'geschützt'}
    >>> protect_table({"a": 1, "b": 2, "c": 7}, 3)
    {'a': '<3', 'b': '<3', 'c': 7}
    >>> protect_table({"a": 1, "b": 3, "c": 9, "d": 0}, 3)
    {'a': '<3', 'b': 'geschützt', 'c': 'geschützt', 'd': 0}
    >>> protect_table({"a": 1, "b": 1, "c": 1, "d": 0}, 3)
    {'a': 'geschützt', 'b': 'geschützt', 'c': 'geschützt', 'd': 'geschützt'}
    """
    small = {k for k, v in counts.items() if 0 < v < threshold}
    if sum(counts.values()) < threshold:  # the total itself is suppressed: nothing to subtract from
        return {k: suppressed(threshold) if k in small else v for k, v in counts.items()}
    hidden = set(small)

    def determinable() -> bool:
        if not hidden:
            return False
        if len(hidden) == 1:
            return True
        rest = sum(counts[k] for k in hidden)
        lows = sum(1 if k in small else threshold for k in hidden)
        # Small cells can be at most threshold-1; hidden large cells are unbounded above.
        highs = sum(threshold - 1 for k in hidden) if hidden <= small else None
        return rest in (lows, highs)

    while determinable():
        candidates = sorted((v, k) for k, v in counts.items() if k not in hidden and v >= threshold)
        if not candidates:  # e.g. three members in three sectors: only hiding the whole table helps
            return dict.fromkeys(counts, PROTECTED)
        hidden.add(candidates[0][1])
    return {k: suppressed(threshold) if k in small else PROTECTED if k in hidden else v for k, v in counts.items()}


class _Protect:
    def __init__(self, threshold: int):
        self.threshold = threshold

    def count(self, n: int) -> Value:
        return suppressed(self.threshold) if 0 < n < self.threshold else n

    def share(self, n: int, total: int, protected: bool = True) -> Value:
        if total == 0:
            return None
        if protected and 0 < n < self.threshold:
            return suppressed(self.threshold)
        return round(n / total, 4)


def alliance_indicators(
    G: nx.MultiDiGraph,
    alliance: Hashable,
    at: date | None = None,
    profile: Profile | None = None,
    regions: Iterable[Region] | Mapping[str, str] | None = None,
    *,
    via: Collection[str] = DEFAULT_VIA,
    threshold: int = DEFAULT_THRESHOLD,
) -> Indicators:
    """The aggregate indicators of ``alliance`` on ``at``, ready to leave the alliance.

    Parameters
    ----------
    G : nx.MultiDiGraph
        The whole store's graph with its history (as for :func:`~buendnisatlas.graph.gaps.gaps`).
    alliance : str
        The alliance's id (it does not appear in the result).
    at : date, optional
        The day; default today.
    profile : Profile, optional
        Expectations; default the shipped profile for the alliance's ``subtype``.
    regions : regions or {ags: name}, optional
        The Gemeinden the area may contain (for the coverage share).
    via : collection of str
        Which ties count, see :func:`~buendnisatlas.graph.ties.actor_ties`.
    threshold : int
        Counts of actors from 1 to ``threshold - 1`` are reported as ``"<threshold"``.

    Returns
    -------
    Indicators

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("pfd", kind="alliance", name="PfD", subtype="Bündnis", area=["15087370"], topics=[])
    >>> for n, s in [("a", "administration"), ("b", "civil_society"), ("c", "civil_society")]:
    ...     G.add_node(n, kind="actor", name=n, sector=s, form="organisation", ags="15087370")
    ...     _ = G.add_edge(n, "pfd", type="MEMBER_OF")
    >>> _ = G.add_edge("a", "b", type="COOPERATES_WITH")
    >>> ind = alliance_indicators(G, "pfd", date(2025, 6, 30))
    >>> ind.label, ind.get("members_total").value, ind.get("members_sector_civil_society").value
    ('Bündnis 15087370', 3, '<3')
    >>> ind.get("sectors_expected_share").value, ind.get("components").value
    (1.0, 2)
    """
    if alliance not in G or G.nodes[alliance].get("kind") != NodeKind.ALLIANCE:
        raise nx.NodeNotFound(f"Kein Bündnis mit der Kennung „{alliance}“ im Graphen")
    if threshold < 1:
        raise ValueError("die Schwelle für kleine Zahlen muss mindestens 1 sein")
    at = at or date.today()
    info = G.nodes[alliance]
    if profile is None:
        profile = load_profiles().for_alliance(str(alliance), info.get("subtype"))
    p = _Protect(threshold)
    if regions is not None and not isinstance(regions, Mapping):
        regions = list(regions)  # read by the gap report and again below
    # The gap report and its own state: the same members, ties and committee rules, built once.
    report, check = checked_gaps(G, alliance, at, profile, regions, via, 0, None)
    by_kind = Counter(g.kind for g in report)
    found, T = check.members, check.T
    attrs = [G.nodes[m] for m in found]
    out: list[Indicator] = []

    def add(key: str, label: str, value: Value, unit: str, better: int = 0) -> None:
        out.append(Indicator(key, label, value, unit, better))

    # -- members ---------------------------------------------------------------
    persons = sum(1 for a in attrs if a.get("form") == ActorForm.PERSON)
    add("members_total", "Mitglieder insgesamt", p.count(len(found)), "count")
    forms = protect_table({"organisations": len(found) - persons, "persons": persons}, threshold)
    add("members_organisations", "davon Organisationen und Initiativen", forms["organisations"], "count")
    add("members_persons", "davon Einzelpersonen", forms["persons"], "count")
    sectors = Counter(a.get("sector") for a in attrs)
    by_sector = protect_table(
        {
            **{code: sectors[code] for code in vocab.SECTORS},
            "none": len(found) - sum(sectors[c] for c in vocab.SECTORS),
        },
        threshold,
    )
    for code, label in vocab.SECTORS.items():
        add(f"members_sector_{code}", f"Mitglieder im Sektor {label}", by_sector[code], "count")
    add("members_sector_none", "Mitglieder ohne Angabe des Sektors", by_sector["none"], "count")
    add("sectors_present", "vertretene Sektoren", sum(1 for s in sectors if s), "count", +1)
    expected = len(profile.expected_sectors)
    add(
        "sectors_expected_share",
        "Anteil der erwarteten Sektoren, die vertreten sind",
        p.share(expected - by_kind["missing_sector"], expected, protected=False),
        "share",
        +1,
    )

    # -- area and topics ---------------------------------------------------------
    area = list(info.get("area") or [])
    gemeinden = list(area_gemeinden(area, _places(G, regions), _containment(regions)))
    add("municipalities_total", "Gemeinden im Gebiet", len(gemeinden), "count")
    add(
        "municipalities_covered_share",
        "Anteil der Gemeinden mit mindestens einem Mitglied",
        p.share(len(gemeinden) - by_kind["uncovered_municipality"], len(gemeinden), protected=False),
        "share",
        +1,
    )
    named = len(info.get("topics") or [])
    add("topics_named", "Themen, die sich das Bündnis vorgenommen hat", named, "count")
    add(
        "topics_covered_share",
        "Anteil dieser Themen, zu denen ein Mitglied arbeitet",
        p.share(named - by_kind["uncovered_topic"], named, protected=False),
        "share",
        +1,
    )

    # -- committee -----------------------------------------------------------------
    voting, civil, youth, has_committee = _committee(check)
    add(
        "committee_voting_members",
        "Stimmberechtigte im Begleitausschuss / Bündnis für Demokratie",
        p.count(voting) if has_committee else None,
        "count",
    )
    civil_share: Value = None
    if has_committee and voting:
        # The share times the published seats gives both counts: each must be safe to show.
        small = any(0 < n < threshold for n in (voting, civil, voting - civil))
        civil_share = suppressed(threshold) if small else round(civil / voting, 4)
    add(
        "committee_civil_society_share",
        "Anteil der Zivilgesellschaft unter den Stimmberechtigten",
        civil_share,
        "share",
        +1,
    )
    add(
        "committee_youth_seats",
        "Jugendvertreter:innen im Gremium",
        p.count(youth) if has_committee else None,
        "count",
        +1,
    )

    # -- the members' network ------------------------------------------------------------
    ei = ei_index(T)
    add("ties", "Verbindungen zwischen Mitgliedern", T.number_of_edges(), "count", +1)
    density = nx.density(T) if len(T) > 1 else 0.0
    add("density", "Dichte des Netzes (Anteil der möglichen Verbindungen)", round(density, 4), "share", +1)
    add("components", "Teilnetze (ohne Verbindung untereinander)", nx.number_connected_components(T), "count", -1)
    cross = ei.external_share
    add(
        "cross_sector_share",
        "Anteil der Verbindungen über Sektorgrenzen",
        None if cross is None else round(cross, 4),
        "share",
        +1,
    )
    add(
        "ei_index",
        "E-I-Index der Sektoren (−1 unter sich, +1 gemischt)",
        None if ei.index is None else round(ei.index, 4),
        "number",
        +1,
    )
    add(
        "single_points_of_failure",
        "Bindeglieder, an denen das Netz hängt",
        p.count(by_kind["single_point_of_failure"]),
        "count",
        -1,
    )
    n = len(found)
    add("isolated_share", "Anteil der Mitglieder ohne Verbindung", p.share(by_kind["isolated_actor"], n), "share", -1)
    add("dormant_share", "Anteil der ruhenden Mitglieder", p.share(by_kind["dormant_member"], n), "share", -1)

    # -- projects, funds, conference -------------------------------------------------------
    parts = [G.nodes[x] for x in alliance_parts(G, alliance, at)]
    projects = [a for a in parts if a.get("kind") == NodeKind.PROJECT]
    for code, label in vocab.FUNDS.items():
        chosen = [a for a in projects if a.get("fund") == code]
        add(f"projects_{code}", f"Projekte: {label}", len(chosen), "count", +1)
        total = sum(float(a.get("budget") or 0) for a in chosen)
        # One or two grants would show what a single (possibly private) grantee received.
        add(
            f"budget_{code}",
            f"Fördersumme: {label} (Euro)",
            suppressed(threshold) if 0 < len(chosen) < threshold else round(total, 2),
            "euro",
            +1,
        )
    held = any(
        a.get("kind") == NodeKind.EVENT
        and fold(a.get("subtype") or "") == fold(CONFERENCE_SUBTYPE)
        and a.get("date") is not None
        and a["date"].year == at.year
        and a["date"] <= at
        for a in parts
    )
    add("democracy_conference_held", f"Demokratiekonferenz im Jahr {at.year} abgehalten", held, "bool", +1)

    # -- gaps --------------------------------------------------------------------------
    for kind in GAP_KINDS:
        count = by_kind[kind]
        add(f"gaps_{kind}", GAP_LABELS[kind], p.count(count) if kind in _ACTOR_GAPS else count, "count", -1)

    ags, level = area_key(area)
    return Indicators(
        ags=ags,
        level=level,
        subtype=info.get("subtype"),
        at=at,
        profile=profile.name,
        threshold=threshold,
        indicators=out,
    )


def _committee(check: _Check) -> tuple[int, int, int, bool]:
    """Voting seats, civil-society votes and youth seats over the alliance's committees on the day.

    The same rules as the gap report's committee check (it shares its helpers).
    """
    G, profile = check.G, check.profile
    bodies = [b for b in check.parts if G.nodes[b].get("kind") == NodeKind.BODY]
    committees = [b for b in bodies if profile.is_committee(G.nodes[b].get("subtype"))]
    forum = youth_forum_members(G, bodies, check.at, profile)
    voting = civil = 0
    youth: set[Hashable] = set()
    for body in committees:
        majority = civil_society_majority(G, body, check.at, profile)
        voting += len(majority.voting)
        civil += len(majority.civil)
        youth |= set(youth_representatives(G, body, check.at, profile, forum))
    return voting, civil, len(youth), bool(committees)
