"""Helpers for the map tests: read what a map file shows, and a network of hostile names."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import networkx as nx

from buendnisatlas.graph.model import Actor, Alliance, Body, Relation
from buendnisatlas.graph.sqlite_store import SqliteStore
from buendnisatlas.graph.vocab import RelationType

# Each would run script or inject an element if a map rendered it as HTML; the last
# shows whether text is escaped twice (it must appear literally, as typed).
HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(2)</script>",
    '"><svg onload=alert(3)>',
    "Verein &lt;b&gt; & Söhne",
]


def map_data(path: Path) -> dict:
    """The nodes, edges and page data embedded in a map file, as the page's script reads them."""
    html = path.read_text(encoding="utf-8")
    match = re.search(r"<script>window\.BA_DATA = (.*?);</script>", html, re.DOTALL)
    assert match, "map file has no embedded data"
    return json.loads(match.group(1).replace("<\\/", "</"))


def hostile_network(store: SqliteStore) -> None:
    """An alliance whose every user-provided text is an injection attempt."""
    store.add_node(Alliance(id="allianz", name=HOSTILE[1], visibility="public"))
    store.add_node(Body(id="gremium", name=HOSTILE[2], visibility="public"))
    store.add_relation(Relation(source="gremium", target="allianz", type=RelationType.PART_OF))
    for i, name in enumerate(HOSTILE):
        store.add_node(
            Actor(
                id=f"a{i}",
                name=name,
                sector=["civil_society", "education", "religion", "youth"][i],
                visibility="public",
                website="javascript:alert(4)",
                subtype=HOSTILE[0],
            )
        )
        store.add_relation(Relation(source=f"a{i}", target="allianz", type=RelationType.MEMBER_OF, role=HOSTILE[0]))
        store.add_relation(Relation(source=f"a{i}", target="gremium", type=RelationType.MEMBER_OF))


GEMEINDEN = Path(__file__).with_name("gemeinden_mansfeld_suedharz.csv")


def msh_coordinates() -> dict[str, tuple[float, float]]:
    """AGS → (latitude, longitude) of the 22 Gemeinden of Mansfeld-Südharz (Gemeindeverzeichnis)."""
    lines = [line for line in GEMEINDEN.read_text(encoding="utf-8").splitlines()[2:] if line]
    return {
        ags: (float(lat.replace(",", ".")), float(lon.replace(",", ".")))
        for ags, _, lat, lon in (line.split(";") for line in lines)
    }


def generated_network(n: int, seed: int = 1) -> nx.MultiDiGraph:
    """An alliance-like network of ``n`` nodes: bodies, working groups, projects and events,
    actors of every sector in the Gemeinden of Mansfeld-Südharz, some persons, some
    non-public, members of the alliance and tied among each other (seeded: the same every time)."""
    rng = random.Random(seed)
    sectors = ["administration", "civil_society", "education", "religion", "youth", "culture", "sports", "media"]
    places = sorted(msh_coordinates())
    G = nx.MultiDiGraph()
    G.add_node("al", kind="alliance", name="Partnerschaft für Demokratie Beispielkreis", visibility="public")
    contexts = []
    for i in range(max(4, n // 40)):
        kind = ["body", "working_group", "project", "event"][i % 4]
        cid = f"{kind}{i}"
        name = {"body": "Begleitausschuss", "working_group": "AK", "project": "Projekt", "event": "Fachtag"}[kind]
        G.add_node(cid, kind=kind, name=f"{name} {i} Beispielkreis", visibility="public" if i % 5 else "network")
        G.add_edge(cid, "al", type="PART_OF")
        contexts.append((cid, kind))
    actors = []
    while len(G) < n:
        i = len(actors)
        aid = f"a{i}"
        person = i % 17 == 0
        G.add_node(
            aid,
            kind="actor",
            form="person" if person else "organisation",
            name=f"{'Person' if person else rng.choice(['Verein', 'Initiative', 'Schule', 'Amt'])} {i} "
            f"{rng.choice(['Nord', 'Süd', 'am Markt', 'für Demokratie und Vielfalt im ländlichen Raum'])}",
            sector=sectors[i % len(sectors)],
            ags=places[rng.randrange(len(places))] if i % 9 else None,
            visibility="restricted" if person else ("public" if i % 6 else "network"),
            website=f"https://verein{i}.example" if i % 4 == 0 else None,
        )
        G.add_edge(aid, "al", type="MEMBER_OF")
        actors.append(aid)
    for aid in actors:
        for _ in range(rng.choice([0, 1, 1, 2])):
            cid, kind = contexts[rng.randrange(len(contexts))]
            relation = {"body": "MEMBER_OF", "working_group": "MEMBER_OF", "project": "PARTNER_IN"}.get(
                kind, "PARTICIPATED_IN"
            )
            G.add_edge(aid, cid, type=relation)
        if rng.random() < 0.6:
            G.add_edge(aid, actors[rng.randrange(len(actors))], type="COOPERATES_WITH")
    return G
