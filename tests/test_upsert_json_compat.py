"""Rows stored before the faster JSON encoding still count as unchanged when imported again."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

from buendnisatlas.graph.model import Actor, Relation
from buendnisatlas.graph.sqlite_store import SqliteStore


def test_rows_in_the_earlier_sorted_key_json_are_unchanged(db_path: Path) -> None:
    club = Actor(id="jc", name="Jugendclub Roßla", sector="youth", topics=["participation"])
    friend = Actor(id="kjr", name="Kreis-Kinder- und Jugendring")
    tie = Relation(source="jc", target="kjr", type="COOPERATES_WITH", since=date(2024, 1, 1))
    with SqliteStore(db_path) as store:
        store.upsert_nodes([club, friend])
        store.upsert_relations([tie])
    # What the first release wrote: json.dumps(..., sort_keys=True) of the model's JSON dump.
    with sqlite3.connect(db_path) as con:
        for node in (club, friend):
            data = json.dumps(
                node.model_dump(mode="json", exclude={"created_at", "updated_at"}), sort_keys=True, ensure_ascii=False
            )
            con.execute("UPDATE nodes SET data = ? WHERE id = ?", (data, node.id))
        data = json.dumps(tie.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        con.execute("UPDATE relations SET data = ? WHERE key = ?", (data, tie.key))
    with SqliteStore(db_path) as store:
        assert vars(store.upsert_nodes([club, friend])) == {"new": 0, "changed": 0, "unchanged": 2}
        assert vars(store.upsert_relations([tie])) == {"new": 0, "changed": 0, "unchanged": 1}
        assert store.get_node("jc").topics == ["participation"]
        renamed = club.model_copy(update={"name": "Jugendclub Rossla"})
        assert vars(store.upsert_nodes([renamed])) == {"new": 0, "changed": 1, "unchanged": 0}
