"""Helpers for the map tests: read what a map file shows, and a network of hostile names."""

from __future__ import annotations

import json
import re
from pathlib import Path

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
