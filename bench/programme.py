"""A seeded generator of programme-shaped networks, from one Landkreis to the whole programme.

Every alliance is a Partnerschaft für Demokratie (some lokale Allianzen) of one Kreis with
its Begleitausschuss (voting seats, youth representatives), Jugendforum, working groups,
projects and events over five years, members from a realistic sector mix (a few persons
among the organisations), cooperations mostly within the Kreis and some across it, and
advisory services for a Kreis or a whole Land that actors offer or refer to. Sizes:

* ``landkreis()`` — one alliance, ~300 actors;
* ``land()`` — ~40 alliances, ~12,000 actors, ~60,000 relations;
* ``programme()`` — 332 alliances, ~100,000 actors, ~500,000 relations.

``big`` makes the first alliance have about that many members (the gap-report row).
The same seed gives the same network. Run ``python -m bench.programme`` for the counts.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from buendnisatlas.graph.model import (
    Actor,
    AdvisoryService,
    Alliance,
    Body,
    Event,
    Node,
    Project,
    Region,
    Relation,
    WorkingGroup,
)
from buendnisatlas.graph.store import GraphStore

TODAY = date(2025, 6, 30)
YEARS = range(2021, 2026)
# Sector mix of a typical PfD: civil society and administration lead.
SECTOR_WEIGHTS = {
    "civil_society": 30,
    "administration": 12,
    "education": 12,
    "youth": 10,
    "culture": 7,
    "sports": 6,
    "religion": 5,
    "business": 4,
    "migrant_organisation": 4,
    "counselling": 3,
    "politics": 3,
    "media": 2,
    "police_justice": 1,
    "science": 1,
}
TOPICS = [
    "right_wing_extremism",
    "antisemitism",
    "racism",
    "democracy_education",
    "participation",
    "online_hate",
    "discrimination",
    "violence_prevention",
    "conspiracy_ideologies",
]
MEMBER_SHARE = 0.6  # of a Kreis's actors are members of its alliance
GEMEINDEN_PER_KREIS = 12
KREISE_PER_LAND = 21


@dataclass
class Network:
    regions: list[Region] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    alliances: list[str] = field(default_factory=list)

    def load(self, store: GraphStore) -> None:
        """Write everything into ``store`` in one unit of work."""
        with store.transaction():
            store.upsert_regions(self.regions)
            store.upsert_nodes(self.nodes)
            store.upsert_relations(self.relations)


def _day(rng: random.Random, year: int) -> date:
    return date(year, 1, 1) + timedelta(days=rng.randrange(365))


class _Builder:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.net = Network()
        self.keys: set[str] = set()
        self.sectors = list(SECTOR_WEIGHTS)
        self.weights = list(SECTOR_WEIGHTS.values())

    def rel(self, source: str, type: str, target: str, **attrs: Any) -> None:
        key = f"{source}|{type}|{target}|{attrs.get('since') or ''}"
        if source != target and key not in self.keys:
            self.keys.add(key)
            self.net.relations.append(Relation(source=source, target=target, type=type, **attrs))

    def since(self) -> dict[str, Any]:
        """A membership or cooperation: begun some day since 2015; one in eight has ended."""
        start = date(2015, 1, 1) + timedelta(days=self.rng.randrange(3650))
        ended = self.rng.random() < 0.125
        return {"since": start, "until": start + timedelta(days=self.rng.randrange(200, 1500)) if ended else None}

    def kreis(self, index: int) -> tuple[str, list[str]]:
        land, kreis = 1 + index // KREISE_PER_LAND % 16, 1 + index % KREISE_PER_LAND
        land_ags, kreis_ags = f"{land:02d}", f"{land:02d}{kreis:03d}"
        if not any(r.ags == land_ags for r in self.net.regions[-200:]):
            self.net.regions.append(Region(ags=land_ags, name=f"Land {land}"))
        self.net.regions.append(Region(ags=kreis_ags, name=f"Landkreis {land}-{kreis}"))
        gemeinden = [f"{kreis_ags}{g:03d}" for g in range(1, GEMEINDEN_PER_KREIS + 1)]
        self.net.regions += [Region(ags=g, name=f"Gemeinde {g[2:5]}-{g[5:]}") for g in gemeinden]
        return kreis_ags, gemeinden

    def alliance(self, index: int, actors: int) -> list[str]:
        rng, net = self.rng, self.net
        kreis_ags, gemeinden = self.kreis(index)
        a = f"b{index}"
        local = rng.random() < 0.1
        net.nodes.append(
            Alliance(
                id=a,
                name=f"{'Lokale Allianz' if local else 'Partnerschaft für Demokratie'} {kreis_ags}",
                subtype="lokale Allianz" if local else "Partnerschaft für Demokratie",
                area=[kreis_ags],
                topics=rng.sample(TOPICS, 3),
                visibility="public",
            )
        )
        net.alliances.append(a)
        ids, sector_of = [], {}
        for i in range(actors):
            person = rng.random() < 0.08
            actor = f"{a}-a{i}"
            ids.append(actor)
            sector_of[actor] = rng.choices(self.sectors, self.weights)[0]
            net.nodes.append(
                Actor(
                    id=actor,
                    name=f"{'Person' if person else 'Verein'} {index}-{i}",
                    form="person" if person else "organisation",
                    sector=sector_of[actor],
                    ags=rng.choice(gemeinden),
                    topics=rng.sample(TOPICS, rng.randint(0, 2)),
                    visibility=rng.choice(["public", "network", "network"]) if not person else "restricted",
                )
            )
        members = rng.sample(ids, int(actors * MEMBER_SHARE))
        for m in members:
            self.rel(m, "MEMBER_OF", a, **self.since())
        # Bodies and working groups
        committee, forum = f"{a}-ba", f"{a}-jf"
        net.nodes.append(Body(id=committee, name=f"Begleitausschuss {kreis_ags}", subtype="Begleitausschuss"))
        net.nodes.append(Body(id=forum, name=f"Jugendforum {kreis_ags}", subtype="Jugendforum"))
        youth = [m for m in members if sector_of[m] == "youth"] or members[:5]
        for m in rng.sample(members, min(24, len(members))):
            role = "Jugendvertretung" if m in youth[:2] else rng.choice([None, "Vorsitz", "Mitglied"])
            self.rel(m, "MEMBER_OF", committee, voting=rng.random() < 0.75, role=role, since=date(2021, 1, 1))
        for m in youth[:15]:
            self.rel(m, "MEMBER_OF", forum, since=date(2021, 3, 1))
        tables = [committee, forum]
        for w in range(3):
            wg = f"{a}-ak{w}"
            net.nodes.append(WorkingGroup(id=wg, name=f"AK {w} {kreis_ags}", topics=rng.sample(TOPICS, 1)))
            tables.append(wg)
            for m in rng.sample(members, min(len(members), rng.randint(8, 20))):
                self.rel(m, "MEMBER_OF", wg, **self.since())
        # Projects and events over the years, sized to the Kreis
        per_year = max(2, actors // 40)
        for year in YEARS:
            for p in range(per_year):
                project = f"{a}-p{year}-{p}"
                start = _day(rng, year)
                end = start + timedelta(days=rng.randrange(120, 700))
                net.nodes.append(
                    Project(
                        id=project,
                        name=f"Projekt {year}/{p} {kreis_ags}",
                        fund="action_fund" if rng.random() < 0.7 else None,
                        budget=float(rng.randrange(500, 20_000)),
                        topics=rng.sample(TOPICS, 1),
                        ags=rng.choice(gemeinden),
                    )
                )
                tables.append(project)
                lead, *partners = rng.sample(ids, 4)
                self.rel(lead, "LEADS", project, since=start, until=end)
                for partner in partners[: rng.randint(1, 3)]:
                    self.rel(partner, "PARTNER_IN", project, since=start, until=end)
            for e in range(per_year):
                event = f"{a}-e{year}-{e}"
                net.nodes.append(
                    Event(
                        id=event,
                        name=f"Veranstaltung {year}/{e} {kreis_ags}",
                        subtype=rng.choice(["Demokratiekonferenz", "Workshop", "Fachtag"]),
                        date=_day(rng, year),
                        ags=rng.choice(gemeinden),
                    )
                )
                tables.append(event)
                for participant in rng.sample(ids, min(len(ids), rng.randint(5, 5 + actors // 20))):
                    self.rel(participant, "PARTICIPATED_IN", event)
        for table in tables:
            self.rel(table, "PART_OF", a)
        # Cooperations: mostly near in the Kreis list, some with anyone in it
        for i, actor in enumerate(ids):
            for _ in range(rng.choice([0, 1, 2, 2, 3, 3])):
                j = (i + int(rng.expovariate(1 / 15)) + 1) % actors if rng.random() < 0.8 else rng.randrange(actors)
                self.rel(actor, "COOPERATES_WITH", ids[j], **self.since())
        return ids

    def services(self, count: int) -> None:
        """Advisory services for a Kreis or a Land; actors of the Kreis offer or refer to them."""
        rng, net = self.rng, self.net
        kreise = [r.ags for r in net.regions if r.level == "Kreis"]
        actors_of: dict[str, list[str]] = {}
        for n in net.nodes:
            if isinstance(n, Actor) and n.ags:
                actors_of.setdefault(n.ags[:5], []).append(n.id)
        for s in range(count):
            kreis = rng.choice(kreise)
            area = [kreis] if rng.random() < 0.7 else [kreis[:2]]
            service = f"s{s}"
            net.nodes.append(
                AdvisoryService(
                    id=service,
                    name=f"Beratungsstelle {s}",
                    subtype=rng.choice(["Mobile Beratung", "Opferberatung", "Ausstiegsberatung"]),
                    topics=rng.sample(TOPICS, 2),
                    languages=["de", *rng.sample(["en", "ar", "tr", "ru"], rng.randint(0, 2))],
                    channels=["in_person", "phone"],
                    area=area,
                    visibility="public",
                )
            )
            local = actors_of.get(kreis, [])
            if local:
                self.rel(rng.choice(local), "OFFERS", service)
                for actor in rng.sample(local, min(len(local), 5)):
                    self.rel(actor, "REFERS_TO", service)


def generate(alliances: int, actors: int, *, big: int | None = None, seed: int = 17) -> Network:
    """``alliances`` Kreis alliances sharing ``actors``; with ``big``, the first has ~that many members."""
    builder = _Builder(seed)
    first = round(big / MEMBER_SHARE) if big else actors // alliances
    rest = (actors - first) // max(1, alliances - 1) if alliances > 1 else 0
    sizes = [first] + [rest] * (alliances - 1)
    by_actor: list[list[str]] = []
    for index, size in enumerate(sizes):
        by_actor.append(builder.alliance(index, size))
    # Land-wide networks: a few cooperations across Kreise
    rng = builder.rng
    for _ in range(len(sizes) * 10):
        if len(by_actor) > 1:
            x, y = rng.sample(range(len(by_actor)), 2)
            builder.rel(rng.choice(by_actor[x]), "COOPERATES_WITH", rng.choice(by_actor[y]), **builder.since())
    builder.services(max(3, alliances // 2))
    return builder.net


def landkreis(seed: int = 17) -> Network:
    return generate(1, 300, seed=seed)


def land(actors: int = 12_000, *, big: int | None = None, seed: int = 17) -> Network:
    return generate(40, actors, big=big, seed=seed)


def programme(seed: int = 17) -> Network:
    return generate(332, 100_000, seed=seed)


def main() -> None:
    for name, make in (("Landkreis", landkreis), ("Land", land)):
        start = time.perf_counter()
        net = make()
        actors = sum(isinstance(n, Actor) for n in net.nodes)
        print(
            f"{name}: {len(net.alliances)} alliances, {actors:,} actors, {len(net.nodes):,} elements, "
            f"{len(net.relations):,} relations, {len(net.regions):,} regions ({time.perf_counter() - start:.1f} s)"
        )


if __name__ == "__main__":
    main()
