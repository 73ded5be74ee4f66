"""Referral lookup: which advisory service for this topic, this place, this language.

A helper under time pressure asks: *who advises on right-wing violence in Sangerhausen,
for an affected person who speaks Arabic — and who in my network already knows them?*
:func:`find_services` answers from the graph alone:

* services whose covered area contains the place, ranked by how specific that coverage
  is (Gemeinde before Kreis before Regierungsbezirk before Land before the whole
  country), then by an explicit match of target group and language, then fresh before
  stale entries;
* every result says why it matched, carries its last-verified date and a ``stale`` flag
  (older than :data:`STALE_AFTER_MONTHS` months, or never verified);
* with ``origin``, each result carries a *warm path*: the shortest chain of current ties
  from the asking actor or alliance to the service (through its operator, or through
  someone who already refers to it), described in German;
* it never ends empty without a next step: nothing local → it says so and shows the
  nationwide services (relaxing filters, then other topics, if even those are missing).

The ``audience`` asks :mod:`~buendnisatlas.graph.visibility`: services, operators and
every node of a warm path must be visible to it, so the public directory never shows a
non-public service nor a path through a non-public actor (and never through a person).

Two indexes make the lookup fast at the size of Germany (≈ 11,000 Gemeinden, 10,000
services): :class:`~buendnisatlas.graph.regions.RegionIndex` (the one place matcher) and
:class:`ServiceIndex` (services by the keys of their area). Build them once and call
:meth:`ServiceIndex.find` for many lookups; :func:`find_services` builds the service
index per call.
"""

from __future__ import annotations

import bisect
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import networkx as nx

from . import vocab
from .dates import months_before
from .model import COUNTRY_AGS, Region
from .regions import COUNTRY_NAME, LookupFailed, RegionIndex, alliance_areas, level_of_key
from .text import fold
from .visibility import may_show
from .vocab import NodeKind, RelationType, Visibility

STALE_AFTER_MONTHS = 12
# A chain longer than this is no warm contact any more (origin … operator → service).
MAX_PATH_HOPS = 6
# Which tie to name when two nodes share several: the most telling first.
_TIE_PRIORITY = {
    RelationType.OFFERS: 0,
    RelationType.COOPERATES_WITH: 1,
    RelationType.MEMBER_OF: 2,
    RelationType.LEADS: 3,
    RelationType.PARTNER_IN: 4,
    RelationType.PART_OF: 5,
    RelationType.FUNDED_BY: 6,
    RelationType.REFERS_TO: 7,
    RelationType.PARTICIPATED_IN: 8,
    RelationType.SERVES: 9,
}


# -- errors ------------------------------------------------------------------------------


# One base for every lookup a door answers with a German message (places raise it too).
ReferralError = LookupFailed


class UnknownTopic(ReferralError):
    def __init__(self, value: str):
        self.known = list(vocab.TOPIC.labels.values())
        super().__init__(f"Unbekanntes Thema „{value}“. Bekannte Themen: {', '.join(self.known)}")


class UnknownValue(ReferralError):
    """An unknown target group or language."""

    def __init__(self, what: str, value: str, vocabulary: vocab.Vocabulary):
        self.known = list(vocabulary.labels.values())
        super().__init__(f"Unbekannte {what} „{value}“. Bekannt sind: {', '.join(self.known)}")


class UnknownOrigin(ReferralError):
    def __init__(self, value: str):
        super().__init__(
            f"Ausgangspunkt „{value}“ ist kein (hier sichtbarer) Akteur oder Bündnis; ohne ihn kein Kontaktweg."
        )


# -- services --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Service:
    """The attributes of one service the lookup needs, as sets for fast matching."""

    id: str
    topics: frozenset[str]
    target_groups: frozenset[str]
    languages: frozenset[str]
    area: tuple[str, ...]
    attrs: Mapping[str, Any]


@dataclass
class PathStep:
    """One tie of a warm path, in the direction the relation points."""

    source: str
    source_name: str
    type: str
    target: str
    target_name: str


@dataclass
class WarmPath:
    """The shortest chain of current ties from the asker to a service."""

    text: str
    steps: list[PathStep]

    @property
    def hops(self) -> int:
        return len(self.steps)


@dataclass
class Referral:
    """One service that answers the question, with the reasons it matched."""

    id: str
    name: str
    service_type: str | None
    operators: list[dict[str, str]]
    coverage_level: str
    coverage_ags: str
    coverage_name: str
    reasons: list[str]
    target_group_match: bool | None
    language_match: bool | None
    verified_on: date | None
    stale: bool
    topics: list[str]
    target_groups: list[str]
    languages: list[str]
    channels: list[str]
    contact: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    opening_hours: str | None = None
    access: list[str] = field(default_factory=list)
    anonymous: bool | None = None
    cost: str | None = None
    crisis: bool | None = None
    accessibility: str | None = None
    warm_path: WarmPath | None = None
    partial: bool = False

    @property
    def local(self) -> bool:
        return self.coverage_ags != COUNTRY_AGS

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["verified_on"] = self.verified_on.isoformat() if self.verified_on else None
        data["local"] = self.local
        if self.warm_path is not None:
            data["warm_path"]["hops"] = self.warm_path.hops
        return data


@dataclass
class ReferralAnswer:
    """What :func:`find_services` returns: results, and what to do if they are thin.

    ``fallback`` is ``None`` when local services matched; else ``"nationwide"`` (only
    nationwide services match), ``"nationwide_any_filter"`` (nationwide services for the
    topic, ignoring target group and language), ``"other_topics"`` (services at the place
    for other topics, who can refer on) or ``"none"`` (the directory has nothing; the
    message says what to do).
    """

    place: Region
    place_description: str
    topic: str | None
    target_group: str | None
    language: str | None
    origin: dict[str, str] | None
    today: date
    results: list[Referral]
    partial: list[Referral] = field(default_factory=list)
    excluded: dict[str, int] = field(default_factory=dict)
    fallback: str | None = None
    message: str = ""
    hints: list[str] = field(default_factory=list)
    place_note: str | None = None
    postcode: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "place": {"ags": self.place.ags, "name": self.place.name, "level": self.place.level},
            "place_description": self.place_description,
            "place_note": self.place_note,
            "postcode": self.postcode,
            "topic": self.topic,
            "target_group": self.target_group,
            "language": self.language,
            "origin": self.origin,
            "today": self.today.isoformat(),
            "fallback": self.fallback,
            "message": self.message,
            "hints": self.hints,
            "excluded": self.excluded,
            "results": [r.to_dict() for r in self.results],
            "partial": [r.to_dict() for r in self.partial],
        }


def stale_cutoff(today: date, months: int = STALE_AFTER_MONTHS) -> date:
    """The date before which a verification counts as stale.

    >>> stale_cutoff(date(2025, 3, 15)), stale_cutoff(date(2024, 2, 29))
    (datetime.date(2024, 3, 15), datetime.date(2023, 2, 28))
    """
    return months_before(today, months)


def _parse(vocabulary: vocab.Vocabulary, value: str | None, error: type[ReferralError] | str) -> str | None:
    if value is None or not value.strip():
        return None
    code = vocabulary.parse(value)
    if code is None:
        if isinstance(error, str):
            raise UnknownValue(error, value, vocabulary)
        raise error(value)
    return code


def _active(attrs: Mapping[str, Any], today: date) -> bool:
    since, until = attrs.get("since"), attrs.get("until")
    return (since is None or since <= today) and (until is None or until >= today)


class ServiceIndex:
    """The advisory services of a graph, indexed by the keys of their covered area.

    A lookup touches only the index entries for the place's containing keys and the topic
    (at most six dictionary hits), not every service; partial coverage of a Kreis or Land
    is a range in the sorted key list.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph from ``store.subgraph(...)``.
    regions : RegionIndex
        The region table, for place names.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("s", kind="advisory_service", name="Opferberatung", visibility="public",
    ...            topics=["right_wing_extremism"], area=["15"], verified_on=date(2025, 1, 10))
    >>> regions = RegionIndex([Region(ags="15", name="Sachsen-Anhalt"), Region(ags="15087370", name="Sangerhausen")])
    >>> answer = ServiceIndex(G, regions).find(topic="Rechtsextremismus", place="Sangerhausen", today=date(2025, 6, 1))
    >>> [(r.name, r.coverage_level, r.stale) for r in answer.results]
    [('Opferberatung', 'Land', False)]
    """

    def __init__(self, G: nx.MultiDiGraph, regions: RegionIndex, within: Iterable[str] | None = None):
        self.G = G
        self.regions = regions
        # Among namesakes, places in the alliances' areas win (as on import): "Arnstein" in a
        # Mansfeld-Südharz network is that Arnstein, not the one in Bavaria.
        if within is None:
            within = alliance_areas(G.nodes[n] for n in G if G.nodes[n].get("kind") == NodeKind.ALLIANCE)
        self.within = tuple(within)
        self.services: dict[str, _Service] = {}
        self.by_key: dict[str, list[str]] = {}
        self.by_key_topic: dict[tuple[str, str], list[str]] = {}
        for node, attrs in G.nodes(data=True):
            if attrs.get("kind") != NodeKind.ADVISORY_SERVICE:
                continue
            service = _Service(
                id=node,
                topics=frozenset(attrs.get("topics") or ()),
                target_groups=frozenset(attrs.get("target_groups") or ()),
                languages=frozenset(attrs.get("languages") or ()),
                area=tuple(attrs.get("area") or ()),
                attrs=attrs,
            )
            self.services[node] = service
            for key in service.area:
                self.by_key.setdefault(key, []).append(node)
                for topic in service.topics:
                    self.by_key_topic.setdefault((key, topic), []).append(node)
        self.sorted_keys = sorted(self.by_key)
        self._ties: dict[date, Ties] = {}

    # -- lookup ----------------------------------------------------------------------------

    def find(
        self,
        topic: str | None = None,
        place: str | None = None,
        target_group: str | None = None,
        language: str | None = None,
        origin: str | None = None,
        audience: Visibility | str = Visibility.RESTRICTED,
        today: date | None = None,
    ) -> ReferralAnswer:
        """Services for ``topic`` at ``place``; see :func:`find_services`."""
        today = today or date.today()
        audience = Visibility(audience)
        topic_code = _parse(vocab.TOPIC, topic, UnknownTopic)
        group = _parse(vocab.TARGET_GROUP, target_group, "Zielgruppe")
        lang = _parse(vocab.LANGUAGE, language, "Sprache")
        if place is None or not place.strip():
            raise ReferralError("Bitte einen Ort angeben: Gemeindeschlüssel (AGS) oder Name.")
        resolved = self.regions.resolve(place, self.within)
        region = resolved.region
        origin_info = None
        if origin is not None:
            attrs = self.G.nodes.get(origin)
            if (
                attrs is None
                or attrs.get("kind") not in (NodeKind.ACTOR, NodeKind.ALLIANCE)
                or not may_show(attrs, audience)
            ):
                raise UnknownOrigin(origin)
            origin_info = {"id": origin, "name": attrs.get("name", origin), "kind": str(attrs["kind"])}
        answer = ReferralAnswer(
            place=region,
            place_description=self.regions.describe(region.ags),
            topic=topic_code,
            target_group=group,
            language=lang,
            origin=origin_info,
            today=today,
            results=[],
            place_note=resolved.note,
            postcode=resolved.postcode,
        )
        shown = self._covering(region.ags, audience, topic_code)
        kept, excluded = self._filter(shown, group, lang)
        answer.excluded = {k: n for k, n in excluded.items() if n}
        answer.results = sorted(
            (self._referral(sid, key, topic_code, group, lang, answer.today, audience) for sid, key in kept), key=_rank
        )
        if region.ags != COUNTRY_AGS:
            whole = {sid for sid, _ in shown}
            inside, _ = self._filter(self._inside(region.ags, audience, topic_code, whole), group, lang)
            answer.partial = sorted(
                (
                    self._referral(sid, key, topic_code, group, lang, answer.today, audience, inside=region.ags)
                    for sid, key in inside
                ),
                key=_rank,
            )
        self._fall_back(answer, shown, audience)
        if origin is not None:
            if today not in self._ties:
                self._ties = {today: Ties(self.G, today)}  # a long-running server moves on daily
            ties = self._ties[today]
            paths = warm_paths(
                self.G, origin, [r.id for r in answer.results + answer.partial], audience, today, ties=ties
            )
            for r in answer.results + answer.partial:
                r.warm_path = paths.get(r.id)
        return answer

    def directory(
        self,
        topic: str | None = None,
        place: str | None = None,
        service_type: str | None = None,
        audience: Visibility | str = Visibility.RESTRICTED,
        today: date | None = None,
    ) -> list[dict[str, Any]]:
        """The directory of services; see :func:`directory`."""
        today = today or date.today()
        audience = Visibility(audience)
        topic_code = _parse(vocab.TOPIC, topic, UnknownTopic)
        if place is not None:
            chosen = [
                sid for sid, _ in self._covering(self.regions.place(place, self.within).ags, audience, topic_code)
            ]
        else:
            chosen = [sid for sid in self.services if self._eligible(sid, topic_code, audience)]
        entries = []
        for sid in chosen:
            service = self.services[sid]
            if service_type is not None and fold(service.attrs.get("subtype") or "") != fold(service_type):
                continue
            widest = min(service.area, key=lambda k: 0 if k == COUNTRY_AGS else len(k), default=COUNTRY_AGS)
            entry = self._referral(sid, widest, None, None, None, today, audience).to_dict()
            for unused in ("warm_path", "partial", "reasons", "local"):
                entry.pop(unused)
            if not service.area:
                entry.update(coverage_level="fehlt", coverage_ags=None, coverage_name=None)
            entry["area"] = list(service.area)
            entry["area_names"] = [COUNTRY_NAME if k == COUNTRY_AGS else self.regions.name(k) for k in service.area]
            entries.append(entry)
        return sorted(entries, key=lambda e: (e["name"].casefold(), e["id"]))

    def _filter(
        self, pairs: list[tuple[str, str]], group: str | None, lang: str | None
    ) -> tuple[list[tuple[str, str]], dict[str, int]]:
        """Drop services that list other target groups or languages; count what was dropped."""
        kept, excluded = [], {"target_group": 0, "language": 0}
        for sid, key in pairs:
            service = self.services[sid]
            if group and service.target_groups and group not in service.target_groups:
                excluded["target_group"] += 1
            elif lang and service.languages and lang not in service.languages:
                excluded["language"] += 1
            else:
                kept.append((sid, key))
        return kept, excluded

    def _eligible(self, sid: str, topic: str | None, audience: Visibility) -> bool:
        # The cheap topic test first: the visibility policy is asked only for what is left.
        service = self.services[sid]
        return (topic is None or topic in service.topics) and may_show(service.attrs, audience)

    def _covering(self, ags: str, audience: Visibility, topic: str | None = None) -> list[tuple[str, str]]:
        """(service, most specific area key containing the place) on ``topic``, visible to ``audience``."""
        found: dict[str, str] = {}
        for key in self.regions.containing(ags):
            for sid in self.by_key.get(key, ()) if topic is None else self.by_key_topic.get((key, topic), ()):
                if sid not in found and self._eligible(sid, topic, audience):
                    found[sid] = key
        return list(found.items())

    def _inside(self, ags: str, audience: Visibility, topic: str | None, whole: set[str]) -> list[tuple[str, str]]:
        """Services covering only parts of the area ``ags`` (``whole``: those covering all of it)."""
        found: dict[str, str] = {}
        keys = self.sorted_keys
        start = bisect.bisect_right(keys, ags)
        end = next((i for i in range(start, len(keys)) if not keys[i].startswith(ags)), len(keys))
        inner = keys[start:end]
        if len(ags) == 9:  # a Gemeindeverband: its members' keys do not start with its own
            inner = [k for k in self.regions.members.get(ags, ()) if k in self.by_key]
        for key in inner:
            for sid in self.by_key[key]:
                if sid not in whole and sid not in found and self._eligible(sid, topic, audience):
                    found[sid] = key
        return list(found.items())

    def _fall_back(self, answer: ReferralAnswer, shown: list[tuple[str, str]], audience: Visibility) -> None:
        """Say what was found, and when nothing local was, what to do next."""
        topic_label = vocab.TOPIC.label(answer.topic) if answer.topic else "alle Themen"
        where = answer.place.name
        wanted = _filter_text(answer.target_group, answer.language)
        filters = f" für {wanted}" if wanted else ""
        if answer.place_note:  # which of several places was taken, or what a postcode stands for
            answer.hints.append(answer.place_note)
        if answer.excluded:
            dropped = sum(answer.excluded.values())
            answer.hints.append(
                f"{dropped} weitere(s) Angebot(e) für diesen Ort passen nicht zu {wanted}; "
                "ohne diese Angabe suchen, um sie zu sehen."
            )
        if answer.partial:
            answer.hints.append(
                f"{len(answer.partial)} weitere(s) Angebot(e) nur für Teile von {where}; "
                "für die genaue Zuständigkeit die Gemeinde angeben."
            )
        if answer.place.ags not in self.regions.by_ags:
            answer.hints.append(f"Der Schlüssel {answer.place.ags} steht nicht im Gebietsverzeichnis.")
        if any(r.local for r in answer.results):
            local = sum(r.local for r in answer.results)
            answer.message = f"{local} Angebot(e) vor Ort zu „{topic_label}“ für {where}{filters}."
            return
        no_local = f"Kein Angebot vor Ort zu „{topic_label}“ für {where}{filters}."
        if answer.results:
            answer.fallback = "nationwide"
            answer.message = f"{no_local} Bundesweite Angebote:"
            return
        # Nothing nationwide with the filters: the topic's nationwide services without them.
        relaxed = [(sid, key) for sid, key in shown if key == COUNTRY_AGS]
        if relaxed:
            answer.fallback = "nationwide_any_filter"
            answer.results = sorted(
                (self._referral(sid, key, answer.topic, None, None, answer.today, audience) for sid, key in relaxed),
                key=_rank,
            )
            answer.message = f"{no_local} Bundesweite Angebote zum Thema (ohne Prüfung von Zielgruppe und Sprache):"
            return
        others = self._covering(answer.place.ags, audience)
        if others:
            answer.fallback = "other_topics"
            answer.results = sorted(
                (self._referral(sid, key, None, None, None, answer.today, audience) for sid, key in others), key=_rank
            )
            answer.message = (
                f"{no_local} Auch bundesweit ist dazu nichts erfasst. Diese Stellen sind für den Ort zuständig "
                "(anderes Thema) und können weitervermitteln:"
            )
            return
        answer.fallback = "none"
        answer.message = (
            f"{no_local} Das Verzeichnis enthält für diesen Ort noch kein Beratungsangebot. Nächster Schritt: "
            "beim Landes-Demokratiezentrum des Landes nachfragen und das Angebot hier eintragen."
        )

    def _referral(
        self,
        sid: str,
        key: str,
        topic: str | None,
        group: str | None,
        lang: str | None,
        today: date,
        audience: Visibility,
        inside: str | None = None,
    ) -> Referral:
        service = self.services[sid]
        attrs = service.attrs
        coverage_name = COUNTRY_NAME if key == COUNTRY_AGS else self.regions.name(key)
        if inside is not None:
            parts = [self.regions.name(k) for k in service.area if self.regions.contains(inside, k)]
            reasons = [f"zuständig nur für einen Teil: {', '.join(parts)}"]
        elif key == COUNTRY_AGS:
            reasons = ["bundesweit zuständig"]
        else:
            reasons = [f"zuständig für {coverage_name} ({level_of_key(key)})"]
        if topic:
            reasons.append(f"Thema {vocab.TOPIC.label(topic)}")
        group_match = _match(group, service.target_groups)
        lang_match = _match(lang, service.languages)
        for what, code, matched, voc in (
            ("Zielgruppe", group, group_match, vocab.TARGET_GROUP),
            ("Sprache", lang, lang_match, vocab.LANGUAGE),
        ):
            if code is not None:
                reasons.append(f"{what} {voc.label(code)}" + ("" if matched else ": keine Angabe"))
        verified = attrs.get("verified_on")
        operators = [
            {"id": u, "name": self.G.nodes[u].get("name", u)}
            for u, _, data in self.G.in_edges(sid, data=True)
            if data.get("type") == RelationType.OFFERS and _active(data, today) and may_show(self.G.nodes[u], audience)
        ]
        return Referral(
            id=sid,
            name=attrs.get("name", sid),
            service_type=attrs.get("subtype"),
            operators=list({o["id"]: o for o in operators}.values()),
            coverage_level="bundesweit" if key == COUNTRY_AGS else level_of_key(key),
            coverage_ags=key,
            coverage_name=coverage_name,
            reasons=reasons,
            target_group_match=group_match,
            language_match=lang_match,
            verified_on=verified,
            stale=verified is None or verified < stale_cutoff(today),
            topics=sorted(service.topics),
            target_groups=sorted(service.target_groups),
            languages=sorted(service.languages),
            channels=list(attrs.get("channels") or []),
            contact=attrs.get("contact"),
            address=attrs.get("address"),
            phone=attrs.get("phone"),
            email=attrs.get("email"),
            website=attrs.get("website"),
            opening_hours=attrs.get("opening_hours"),
            access=list(attrs.get("access") or []),
            anonymous=attrs.get("anonymous"),
            cost=attrs.get("cost"),
            crisis=attrs.get("crisis"),
            accessibility=attrs.get("accessibility"),
            partial=inside is not None,
        )


def _match(wanted: str | None, offered: frozenset[str]) -> bool | None:
    """True: offered explicitly; None: nothing asked or the service says nothing."""
    if wanted is None or not offered:
        return None
    return wanted in offered


def _rank(r: Referral) -> tuple[int, int, int, bool, str]:
    specificity = 0 if r.coverage_ags == COUNTRY_AGS else len(r.coverage_ags)
    return (-specificity, not r.target_group_match, not r.language_match, r.stale, r.name.casefold())


def _filter_text(group: str | None, lang: str | None) -> str:
    parts = []
    if group:
        parts.append(f"Zielgruppe {vocab.TARGET_GROUP.label(group)}")
    if lang:
        parts.append(f"Sprache {vocab.LANGUAGE.label(lang)}")
    return " und ".join(parts)


def find_services(
    G: nx.MultiDiGraph,
    regions: RegionIndex | Iterable[Region],
    topic: str | None = None,
    place: str | None = None,
    target_group: str | None = None,
    language: str | None = None,
    origin: str | None = None,
    audience: Visibility | str = Visibility.RESTRICTED,
    today: date | None = None,
) -> ReferralAnswer:
    """Advisory services for a topic at a place, ranked, each with why it matched.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph from ``store.subgraph(...)``; services are its ``advisory_service`` nodes.
    regions : RegionIndex or iterable of Region
        The region table, for place names and keys.
    topic : str, optional
        Topic code, German label or alias (``"Rechtsextremismus"``); ``None``: every topic.
    place : str
        AGS key of any level, or a region name (``"Sangerhausen"``, ``"Eisleben"``).
    target_group, language : str, optional
        Wanted target group and language. A service that lists others is left out (and
        counted in ``excluded``); one that lists none stays, ranked after explicit matches.
    origin : str, optional
        Id of the asking actor or alliance: each result gets its warm path (or ``None``).
    audience : Visibility
        Who is asking; ``public`` sees only public services and paths through public nodes.
    today : date, optional
        Reference date for staleness and for which ties are current (default: today).

    Returns
    -------
    ReferralAnswer

    Raises
    ------
    UnknownTopic, UnknownValue, UnknownPlace, AmbiguousPlace, UnknownOrigin

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("hotline", kind="advisory_service", name="Hilfetelefon", visibility="public",
    ...            topics=["racism"], area=["DE"], verified_on=date(2025, 5, 1))
    >>> answer = find_services(G, [Region(ags="15", name="Sachsen-Anhalt")], topic="Rassismus", place="15",
    ...                        today=date(2025, 6, 1))
    >>> answer.fallback, [r.name for r in answer.results]
    ('nationwide', ['Hilfetelefon'])
    """
    index = regions if isinstance(regions, RegionIndex) else RegionIndex(regions)
    return ServiceIndex(G, index).find(topic, place, target_group, language, origin, audience, today)


# -- warm paths ------------------------------------------------------------------------------


Hop = tuple[str, str, RelationType, bool]  # (from, to, tie, whether the relation points from → to)
_ENTRY_TIES = (RelationType.OFFERS, RelationType.REFERS_TO)


class Ties:
    """Current ties of each node, both directions, one per neighbour (the most telling).

    Computed lazily per node and cached, so that many warm-path searches on one graph and
    one reference date share the work.
    """

    def __init__(self, G: nx.MultiDiGraph, today: date):
        self.G, self.today = G, today
        self._cache: dict[str, list[tuple[str, RelationType, bool]]] = {}

    def __call__(self, node: str) -> list[tuple[str, RelationType, bool]]:
        cached = self._cache.get(node)
        if cached is not None:
            return cached
        best: dict[str, tuple[str, RelationType, bool]] = {}
        for adjacency, forward in ((self.G.succ[node], True), (self.G.pred[node], False)):
            for neighbour, edges in adjacency.items():
                for data in edges.values():
                    if not _active(data, self.today):
                        continue
                    tie = RelationType(data["type"])
                    current = best.get(neighbour)
                    if current is None or _TIE_PRIORITY[tie] < _TIE_PRIORITY[current[1]]:
                        best[neighbour] = (neighbour, tie, forward)
        self._cache[node] = result = list(best.values())
        return result


def _ball(
    sources: Iterable[str], ties: Ties, passable: Callable[[str], bool], radius: int
) -> tuple[dict[str, int], dict[str, tuple[str, RelationType, bool]]]:
    """Breadth-first distances (and parents) from ``sources`` up to ``radius`` ties."""
    depth = dict.fromkeys(sources, 0)
    parent: dict[str, tuple[str, RelationType, bool]] = {}
    queue = deque(depth)
    while queue:
        node = queue.popleft()
        if depth[node] >= radius:
            continue
        for neighbour, tie, forward in ties(node):
            if neighbour not in depth and passable(neighbour):
                depth[neighbour] = depth[node] + 1
                parent[neighbour] = (node, tie, forward)
                queue.append(neighbour)
    return depth, parent


def _root(node: str, parent: Mapping[str, tuple[str, RelationType, bool]]) -> str:
    while node in parent:
        node = parent[node][0]
    return node


def warm_paths(
    G: nx.MultiDiGraph,
    origin: str,
    services: Iterable[str],
    audience: Visibility | str = Visibility.RESTRICTED,
    today: date | None = None,
    max_hops: int = MAX_PATH_HOPS,
    ties: Ties | None = None,
) -> dict[str, WarmPath]:
    """The shortest chain of current ties from ``origin`` to each reachable service.

    A service is reached through its operator (``OFFERS``) or someone who already refers
    to it (``REFERS_TO``); other services are never a stepping stone (two actors referring
    to the same hotline do not know each other). Every node on the path must be visible to
    ``audience``; ties that ended before ``today`` or start after it do not count; a chain
    longer than ``max_hops`` ties is no warm contact.

    The search meets in the middle: one ball around the origin (half the allowed length)
    and, per service, a small ball around its operators and referrers; the shortest chain
    passes through a node both balls share. That touches a few hundred nodes where one
    search from the origin would walk most of a national graph.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("pfd", kind="alliance", name="PfD Musterstadt", visibility="network")
    >>> G.add_node("anna", kind="actor", form="person", name="Anna Schmidt", visibility="restricted")
    >>> G.add_node("ob", kind="actor", form="organisation", name="Opferberatung e.V.", visibility="public")
    >>> G.add_node("s", kind="advisory_service", name="Opferberatung Süd", visibility="public")
    >>> _ = G.add_edge("anna", "pfd", type="MEMBER_OF")
    >>> _ = G.add_edge("anna", "ob", type="COOPERATES_WITH")
    >>> _ = G.add_edge("ob", "s", type="OFFERS")
    >>> warm_paths(G, "pfd", ["s"], today=date(2025, 1, 1))["s"].text
    'Anna Schmidt in Ihrem Bündnis arbeitet mit Opferberatung e.V. (Träger des Angebots) zusammen.'
    >>> warm_paths(G, "pfd", ["s"], audience="network", today=date(2025, 1, 1))
    {}
    """
    today = today or date.today()
    audience = Visibility(audience)
    ties = ties or Ties(G, today)
    if origin not in G or not may_show(G.nodes[origin], audience):
        return {}

    def passable(node: str) -> bool:
        attrs = G.nodes[node]
        return attrs.get("kind") != NodeKind.ADVISORY_SERVICE and may_show(attrs, audience)

    # origin … entry (at most max_hops - 1 ties), then entry → service.
    reach = max_hops - 1
    near_depth, near_parent = _ball([origin], ties, passable, (reach + 1) // 2)
    paths = {}
    for sid in dict.fromkeys(services):
        # Operators before referrers, so that of two equally short chains the operator's wins.
        entries = sorted(
            (_TIE_PRIORITY[tie], neighbour, tie)
            for neighbour, tie, forward in ties(sid)
            if not forward and tie in _ENTRY_TIES and passable(neighbour)
        )
        if not entries:
            continue
        entry_tie = {neighbour: tie for _, neighbour, tie in entries}
        far_depth, far_parent = _ball(entry_tie, ties, passable, reach // 2)
        common = [(near_depth[n] + d, n) for n, d in far_depth.items() if n in near_depth]
        if not common:
            continue
        # Of equally short chains, the one ending at an operator (OFFERS) wins.
        _, _, meeting = min((length, _TIE_PRIORITY[entry_tie[_root(n, far_parent)]], n) for length, n in common)
        node = meeting
        hops: list[Hop] = []
        while node != origin:  # origin … meeting point
            prev, tie, forward = near_parent[node]
            hops.append((prev, node, tie, forward))
            node = prev
        hops.reverse()
        node = meeting
        while far_depth[node] > 0:  # meeting point … entry
            nxt, tie, forward = far_parent[node]
            hops.append((node, nxt, tie, not forward))
            node = nxt
        hops.append((node, sid, entry_tie[node], True))
        paths[sid] = _describe_path(G, origin, hops)
    return paths


# German clauses, relation source first: (singular, plural for "Sie").
_CLAUSES: dict[RelationType, tuple[str, str]] = {
    RelationType.MEMBER_OF: ("{a} ist Mitglied in {b}", "{a} sind Mitglied in {b}"),
    RelationType.COOPERATES_WITH: ("{a} arbeitet mit {b} zusammen", "{a} arbeiten mit {b} zusammen"),
    RelationType.LEADS: ("{a} leitet {b}", "{a} leiten {b}"),
    RelationType.PARTNER_IN: ("{a} ist Partner in {b}", "{a} sind Partner in {b}"),
    RelationType.FUNDED_BY: ("{a} wird von {b} gefördert", "{a} werden von {b} gefördert"),
    RelationType.PART_OF: ("{a} gehört zu {b}", "{a} gehören zu {b}"),
    RelationType.PARTICIPATED_IN: ("{a} war bei {b}", "{a} waren bei {b}"),
    RelationType.OFFERS: ("{a} ist Träger des Angebots", "{a} sind selbst Träger des Angebots"),
    RelationType.REFERS_TO: ("{a} verweist schon an dieses Angebot", "{a} verweisen schon an dieses Angebot"),
    RelationType.SERVES: ("{a} dient dem Ziel {b}", "{a} dienen dem Ziel {b}"),
}


def _describe_path(G: nx.MultiDiGraph, origin: str, hops: list[Hop]) -> WarmPath:
    """Turn hops into one German sentence a helper reads in seconds.

    Two shortcuts keep it short: a member of the asking alliance becomes "X in Ihrem
    Bündnis", and two members of one group become "X (mit Y in „Gruppe“)"; the operator
    the chain reaches is marked "(Träger des Angebots)" instead of a clause of its own.
    """
    origin_is_actor = G.nodes[origin].get("kind") == NodeKind.ACTOR
    names = {n: G.nodes[n].get("name", n) for hop in hops for n in hop[:2]}
    notes: dict[str, str] = {}

    def label(node: str, subject: bool) -> str:
        if node == origin:
            if origin_is_actor:
                return "Sie" if subject else "Ihnen"
            return f"Ihrem Bündnis „{names[node]}“"
        kind = G.nodes[node].get("kind")
        text = names[node] if kind == NodeKind.ACTOR else f"„{names[node]}“"
        return f"{text} {notes[node]}" if node in notes else text

    clauses: list[tuple[RelationType, str, str]] = []  # (tie, subject node, object node)
    i = 0
    while i < len(hops):
        prev, node, tie, forward = hops[i]
        following = hops[i + 1] if i + 1 < len(hops) else None
        if (
            tie == RelationType.MEMBER_OF
            and forward
            and following
            and following[2] == RelationType.MEMBER_OF
            and not following[3]
            and following[1] not in notes
        ):
            group = f"„{names[node]}“"
            who = "Ihnen" if prev == origin and origin_is_actor else label(prev, subject=False)
            notes[following[1]] = f"(mit {who} in {group})"
            i += 2
            continue
        if i == 0 and not origin_is_actor and tie == RelationType.MEMBER_OF and not forward:
            notes[node] = "in Ihrem Bündnis"
            i += 1
            continue
        if tie == RelationType.OFFERS and clauses and prev in clauses[-1][1:]:
            notes[prev] = "(Träger des Angebots)"
        elif tie in (RelationType.OFFERS, RelationType.REFERS_TO):
            clauses.append((tie, prev, node))
        elif tie == RelationType.COOPERATES_WITH or forward:
            clauses.append((tie, prev, node))  # cooperation is mutual: keep the reading order
        else:
            clauses.append((tie, node, prev))
        i += 1
    parts = []
    for tie, a, b in clauses:
        singular, plural = _CLAUSES[tie]
        template = plural if a == origin and origin_is_actor else singular
        parts.append(template.format(a=label(a, subject=True), b=label(b, subject=False)))
    text = "; ".join(parts) + "."
    steps = [
        PathStep(*((a, names[a], tie.value, b, names[b]) if fwd else (b, names[b], tie.value, a, names[a])))
        for a, b, tie, fwd in hops
    ]
    return WarmPath(text=text[0].upper() + text[1:], steps=steps)


# -- directory --------------------------------------------------------------------------------


def directory(
    G: nx.MultiDiGraph,
    regions: RegionIndex,
    topic: str | None = None,
    place: str | None = None,
    service_type: str | None = None,
    audience: Visibility | str = Visibility.RESTRICTED,
    today: date | None = None,
) -> list[dict[str, Any]]:
    """The directory of advisory services, filtered, sorted by name.

    Each entry lists the service's fields, its operators, its area by name, and whether it
    is stale. ``place`` keeps services whose area contains the place; ``service_type``
    matches the subtype case-insensitively (``Opferberatung``).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("s", kind="advisory_service", name="Mobile Beratung", visibility="network", area=["15"])
    >>> [e["name"] for e in directory(G, RegionIndex([]), audience="public")]
    []
    """
    return ServiceIndex(G, regions).directory(topic, place, service_type, audience, today)
