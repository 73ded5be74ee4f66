"""Referral lookup at the size of Germany: 10,000 services, 16 Länder, 400 Kreise, 10,800 Gemeinden.

Target: median lookup < 50 ms. Baselines measured in the same run on the same data:

* *bare scan* — what a lookup without an index does: every service, topic check and
  ``ags_contains`` for each area key (ids only, no ranking, no answer objects);
* *dict floor* — only the index's dictionary hits for the place's containing keys
  (no filtering, no ranking): the least any indexed lookup can cost.

Run: ``python -m bench`` (all benchmarks) or ``python -m bench.referral``.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from buendnisatlas.graph import vocab
from buendnisatlas.graph.model import (
    Actor,
    AdvisoryService,
    Alliance,
    Node,
    Region,
    Relation,
    ags_contains,
)
from buendnisatlas.graph.referral import ServiceIndex, find_services
from buendnisatlas.graph.regions import RegionIndex, containing_keys
from buendnisatlas.graph.sqlite_store import SqliteStore
from buendnisatlas.graph.store import build_graph
from buendnisatlas.graph.vocab import ActorForm, RelationType
from buendnisatlas.services import cache
from buendnisatlas.services.referral import service_index
from buendnisatlas.services.viewer import View, Viewer

LAENDER, KREISE_PER_LAND, GEMEINDEN_PER_KREIS = 16, 25, 27
SERVICES, ORGANISATIONS, PERSONS, ALLIANCES, COOPERATIONS = 10_000, 5_000, 2_000, 300, 8_000
QUERIES = 300
TARGET_MS = 50.0
TODAY = date(2025, 6, 1)
# Common names repeat across Germany, as they do (Neustadt, Neuhaus, …).
COMMON = ["Neustadt", "Neuhaus", "Neukirchen", "Altenburg", "Lindau", "Rosenthal", "Steinbach", "Mühlhausen"]
SYLLABLES = ["ber", "lin", "dorf", "hau", "sen", "stein", "bach", "feld", "burg", "wal", "ros", "kir", "heim", "tal"]


def generate_regions(rng: random.Random) -> list[Region]:
    regions = []
    for land in range(1, LAENDER + 1):
        lk = f"{land:02d}"
        regions.append(Region(ags=lk, name=f"Land {lk}"))
        for kreis in range(1, KREISE_PER_LAND + 1):
            kk = f"{lk}0{kreis:02d}"
            regions.append(Region(ags=kk, name=f"Kreis {kk}"))
            for gemeinde in range(1, GEMEINDEN_PER_KREIS + 1):
                name = rng.choice(COMMON) if rng.random() < 0.03 else _name(rng)
                regions.append(Region(ags=f"{kk}{gemeinde:03d}", name=name))
    return regions


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def generate_network(rng: random.Random, regions: list[Region]) -> tuple[list[Node], list[Relation]]:
    laender = [r.ags for r in regions if r.level == "Land"]
    kreise = [r.ags for r in regions if r.level == "Kreis"]
    gemeinden = [r.ags for r in regions if r.level == "Gemeinde"]
    topics, groups, languages = list(vocab.TOPICS), list(vocab.TARGET_GROUPS), list(vocab.LANGUAGES)
    nodes: list[Node] = []
    relations: list[Relation] = []
    orgs = [
        Actor(id=f"org{i}", name=f"Organisation {i}", visibility=rng.choice(["public", "network"]))
        for i in range(ORGANISATIONS)
    ]
    persons = [Actor(id=f"p{i}", name=f"Person {i}", form=ActorForm.PERSON) for i in range(PERSONS)]
    alliances = [Alliance(id=f"a{i}", name=f"Bündnis {i}", visibility="public") for i in range(ALLIANCES)]
    nodes += orgs + persons + alliances
    actors = orgs + persons
    for actor in actors:
        for alliance in rng.sample(alliances, rng.randint(1, 2)):
            relations.append(Relation(source=actor.id, target=alliance.id, type=RelationType.MEMBER_OF))
    for _ in range(COOPERATIONS):
        a, b = rng.sample(actors, 2)
        relations.append(Relation(source=a.id, target=b.id, type=RelationType.COOPERATES_WITH))
    for i in range(SERVICES):
        level = rng.random()
        if level < 0.45:
            area = rng.sample(gemeinden, rng.randint(1, 3))
        elif level < 0.80:
            area = rng.sample(kreise, rng.randint(1, 3))
        elif level < 0.98:
            area = [rng.choice(laender)]
        else:
            area = ["DE"]
        service = AdvisoryService(
            id=f"s{i}",
            name=f"Beratungsangebot {i}",
            visibility="public" if rng.random() < 0.8 else "network",
            topics=rng.sample(topics, rng.randint(1, 3)),
            target_groups=rng.sample(groups, rng.randint(1, 3)) if rng.random() < 0.9 else [],
            languages=["de", *rng.sample(languages, rng.randint(0, 3))] if rng.random() < 0.9 else [],
            area=area,
            verified_on=TODAY - timedelta(days=rng.randint(0, 900)),
        )
        nodes.append(service)
        relations.append(Relation(source=rng.choice(orgs).id, target=service.id, type=RelationType.OFFERS))
        if rng.random() < 0.3:
            relations.append(Relation(source=rng.choice(actors).id, target=service.id, type=RelationType.REFERS_TO))
    return nodes, relations


def median_ms(queries: list[dict[str, Any]], lookup: Callable[..., Any]) -> float:
    times = []
    for query in queries:
        start = time.perf_counter()
        lookup(**query)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    rng = random.Random(20250601)
    t0 = time.perf_counter()
    regions = generate_regions(rng)
    nodes, relations = generate_network(rng, regions)
    G = build_graph(nodes, relations)
    generated = time.perf_counter() - t0
    levels = {lv: sum(r.level == lv for r in regions) for lv in ("Land", "Kreis", "Gemeinde")}
    print(
        f"Daten: {levels['Land']} Länder, {levels['Kreis']} Kreise, {levels['Gemeinde']} Gemeinden; "
        f"{SERVICES} Angebote, {G.number_of_nodes()} Knoten, {G.number_of_edges()} Kanten ({generated:.1f} s erzeugt)"
    )

    region_build = median_ms([{"regions": regions}] * 3, RegionIndex)
    service_build = median_ms([{"G": G, "regions": RegionIndex(regions)}] * 3, ServiceIndex)
    region_index = RegionIndex(regions)
    index = ServiceIndex(G, region_index)
    print(f"Index aufbauen (einmal pro Prozess): Gebiete {region_build:.0f} ms, Angebote {service_build:.0f} ms")

    gemeinden = [r for r in regions if r.level == "Gemeinde"]
    counts: dict[str, int] = {}
    for r in gemeinden:
        counts[r.name] = counts.get(r.name, 0) + 1
    unique = [r for r in gemeinden if counts[r.name] == 1]
    topics, groups, languages = list(vocab.TOPICS), list(vocab.TARGET_GROUPS), ["de", "en", "ar", "tr", "uk"]
    queries = [
        {
            "topic": rng.choice(topics),
            "place": rng.choice(gemeinden).ags,
            "target_group": rng.choice(groups),
            "language": rng.choice(languages),
            "today": TODAY,
        }
        for _ in range(QUERIES)
    ]
    by_name = [{**q, "place": rng.choice(unique).name} for q in queries]
    alliances = [n for n, a in G.nodes(data=True) if a.get("kind") == "alliance"]
    with_origin = [{**q, "origin": rng.choice(alliances)} for q in queries]
    public = [{**q, "origin": q["origin"], "audience": "public"} for q in with_origin]

    services = [(sid, s.topics, s.area) for sid, s in index.services.items()]

    def bare_scan(topic: str, place: str, **_: Any) -> list[str]:
        return [
            sid
            for sid, service_topics, area in services
            if topic in service_topics and any(ags_contains(a, place) for a in area)
        ]

    def dict_floor(place: str, **_: Any) -> list[str]:
        return [sid for key in containing_keys(place) for sid in index.by_key.get(key, ())]

    # Sanity: the indexed lookup finds exactly what the bare scan finds (before filters).
    for q in queries[:50]:
        plain = {k: v for k, v in q.items() if k in ("topic", "place", "today")}
        answer = index.find(**plain)
        if answer.fallback in (None, "nationwide"):
            assert {r.id for r in answer.results} == set(bare_scan(**plain)), q

    scan = median_ms(queries, bare_scan)
    floor = median_ms(queries, dict_floor)
    indexed = median_ms(queries, index.find)
    named = median_ms(by_name, index.find)
    warm = median_ms(with_origin, index.find)
    warm_public = median_ms(public, index.find)
    one_shot = median_ms(queries[:20], lambda **q: find_services(G, region_index, **q))
    rows = [
        ("Grundlinie: bare scan über alle Angebote (nur ids)", scan),
        ("Grundlinie: nur Dictionary-Treffer des Index", floor),
        ("Suche (Index, AGS, Thema+Zielgruppe+Sprache, Rangfolge)", indexed),
        ("Suche mit Ortsname", named),
        ("Suche mit Kontaktweg (--from Bündnis)", warm),
        ("Suche mit Kontaktweg, öffentlich", warm_public),
        ("find_services ohne vorgebauten Index (Aufbau + Suche)", one_shot),
    ]
    width = max(len(label) for label, _ in rows)
    for label, ms in rows:
        print(f"  {label:<{width}}  Median {ms:8.3f} ms   ({ms / scan:6.3f} × bare scan)")
    worst = max(indexed, named, warm, warm_public)
    verdict = "erreicht" if worst < TARGET_MS else "VERFEHLT"
    print(f"Ziel < {TARGET_MS:.0f} ms Median (mit Index): {verdict} (langsamste Variante {worst:.2f} ms)")
    per_request(nodes, relations, regions)


def per_request(nodes: list[Node], relations: list[Relation], regions: list[Region]) -> None:
    """What a REST request pays for its service index: built per request (before) or cached per store."""
    with tempfile.TemporaryDirectory() as folder:
        store = SqliteStore(Path(folder) / "bench.db")
        with store.transaction():
            store.upsert_regions(regions)
            store.upsert_nodes(nodes)
            store.upsert_relations(relations)

        view = View(store, Viewer.public())

        def rebuilt() -> ServiceIndex:
            cache.clear()  # as every request did before the cache
            return service_index(view)

        built = median_ms([{}] * 3, rebuilt)
        cached = median_ms([{}] * 50, lambda: service_index(view))
        store.close()
    print(
        f"  Index je REST-Anfrage: neu gebaut {built:8.1f} ms, aus dem Cache {cached:8.3f} ms "
        f"({cached / built:6.4f} × neu gebaut)"
    )


if __name__ == "__main__":
    main()
