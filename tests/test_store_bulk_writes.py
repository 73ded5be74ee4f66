"""What the bulk-import speed-ups of SqliteStore must not change."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from buendnisatlas.graph.model import (
    Actor,
    AdvisoryService,
    Alliance,
    Body,
    Event,
    Goal,
    Node,
    Project,
    Relation,
    WorkingGroup,
)
from buendnisatlas.graph.sqlite_store import SqliteStore
from buendnisatlas.graph.store import InvalidRelation, node_json, relation_json
from buendnisatlas.graph.vocab import RelationType


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
            dumped = node.model_dump(mode="json", exclude={"created_at", "updated_at", "version"})
            con.execute("UPDATE nodes SET data = ? WHERE id = ?", (json.dumps(dumped, sort_keys=True), node.id))
        dumped = tie.model_dump(mode="json", exclude={"version"})
        con.execute("UPDATE relations SET data = ? WHERE key = ?", (json.dumps(dumped, sort_keys=True), tie.key))
    with SqliteStore(db_path) as store:
        assert vars(store.upsert_nodes([club, friend])) == {"new": 0, "changed": 0, "unchanged": 2}
        assert vars(store.upsert_relations([tie])) == {"new": 0, "changed": 0, "unchanged": 1}
        assert store.get_node("jc").topics == ["participation"]
        renamed = club.model_copy(update={"name": "Jugendclub Rossla"})
        assert vars(store.upsert_nodes([renamed])) == {"new": 0, "changed": 1, "unchanged": 0}


def test_first_load_counts_and_checks_like_any_other_in_one_transaction(store: SqliteStore) -> None:
    tie = Relation(source="a", target="pfd", type="MEMBER_OF")
    with store.transaction():
        store.upsert_nodes([Actor(id="a", name="A"), Alliance(id="pfd", name="PfD"), Body(id="ba", name="BA")])
        assert vars(store.upsert_relations([tie, tie])) == {"new": 1, "changed": 0, "unchanged": 1}
        assert vars(store.upsert_relations([tie.model_copy(update={"role": "Vorsitz"})])) == {
            "new": 0,
            "changed": 1,
            "unchanged": 0,
        }
        store.delete_relation(tie.key)
        assert vars(store.upsert_relations([tie])) == {"new": 1, "changed": 0, "unchanged": 0}
        # A node that changes its kind in the same transaction is checked as what it is now.
        store.upsert_nodes([Alliance(id="a", name="A als Bündnis")])
        with pytest.raises(InvalidRelation):
            store.upsert_relations([Relation(source="a", target="ba", type="MEMBER_OF")])
    assert [r.role for r in store.find_relations()] == [None]


def test_a_deleted_node_is_gone_for_later_relations_in_the_transaction(store: SqliteStore) -> None:
    with pytest.raises(InvalidRelation), store.transaction():
        store.upsert_nodes([Actor(id="a", name="A"), Actor(id="b", name="B")])
        store.delete_node("b")
        store.upsert_relations([Relation(source="a", target="b", type="COOPERATES_WITH")])
    assert store.find_nodes() == []


@pytest.mark.parametrize(
    "relation",
    [
        Relation(source="a", target="b", type="MEMBER_OF"),
        Relation(
            source="a",
            target="b",
            type="COOPERATES_WITH",
            role='„Vorsitz“ \\ "zitiert"\n\t\x01\x7f\u2028 Straße 😀',
            voting=True,
            since=date(2024, 1, 1),
            until=date(2025, 2, 3),
            weight=0.1,
            version=3,
        ),
        Relation(source="a", target="b", type="LEADS", voting=False, weight=1e-7),
        Relation(source="a", target="b", type="LEADS", weight=1e20),
        Relation(source="a", target="b", type="LEADS", weight=123456.789),
        Relation.model_construct(source="a", target="b", type=RelationType.LEADS, weight=2),
    ],
)
def test_relation_json_is_the_models_own_json(relation: Relation) -> None:
    # The store writes relations from their values as plain JSON; the text must be the model's.
    assert relation_json(relation) == relation.model_dump_json(exclude={"version"})


_ODD_TEXT = '„Vorsitz“ \\ "zitiert"\n\t\x01\x7f\u2028 Straße 😀'


def _assigned(node: Node) -> Node:
    node.name = "Neu benannt"
    node.visibility = "restricted"  # validated into the enum
    return node


@pytest.mark.parametrize(
    "node",
    [
        Actor(id="a", name="A"),
        Actor(
            id="p",
            name=_ODD_TEXT,
            form="person",
            sector="youth",
            ags="15087370",
            topics=["racism", "participation"],
            consent_given_by="Jana",
            consent_given_at=date(2024, 1, 2),
            consent_purpose="Netzwerkkarte",
            created_at=datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
            version=4,
        ),
        Alliance(id="pfd", name="PfD", area=["15087", "DE"], topics=["participation"], visibility="public"),
        Body(id="ba", name="BA", subtype="Begleitausschuss", note="x" * 500),
        WorkingGroup(id="ak", name="AK", contact="ak@example.org"),
        Project(id="p1", name="P", budget=2500.5, ags="15087370"),
        Project(id="p2", name="P", budget=3),
        Project(id="p3", name="P", budget=1e20),
        Project(id="p4", name="P", budget=float("inf")),
        Event(id="ev", name="E", date=date(2025, 3, 4)),
        AdvisoryService(
            id="as",
            name="S",
            anonymous=True,
            crisis=False,
            phone="030 23125 123",
            email="beratung@example.org",
            website="www.example.org",
            verified_on=date(2024, 5, 6),
        ),
        Goal(id="g1", name="Ziel", goal_level="Handlungsziel", checks="sitzungen(gremium=ba,mindestens=3)"),
        Goal(id="g2", name="Ziel", valid_from=date(2024, 1, 1), parent_goal="g1", alliance="pfd"),
        Actor(id="a", name="A").model_copy(update={"name": "Kopie"}),
        _assigned(Actor(id="a", name="A", form="initiative")),
    ],
)
def test_node_json_is_the_models_own_json(node: Node) -> None:
    # As relations: the store writes a node from its values as plain JSON; the text must be the model's.
    assert node_json(node) == node.model_dump_json(exclude={"created_at", "updated_at", "version"})


def test_missing_dates_are_stored_as_null(store: SqliteStore) -> None:
    store.upsert_nodes([Actor(id="a", name="A"), Actor(id="b", name="B")])
    store.upsert_relations(
        [
            Relation(source="a", target="b", type="COOPERATES_WITH"),
            Relation(source="b", target="a", type="COOPERATES_WITH", since=date(2024, 1, 1)),
        ]
    )
    undated = Relation(source="a", target="b", type="COOPERATES_WITH", until=date(2025, 1, 1))
    store.upsert_relations([undated])  # a change: the end date is set by an UPDATE
    store.add_relation(Relation(source="a", target="b", type="COOPERATES_WITH", since=date(2023, 1, 1)))
    rows = store._db.execute("SELECT key, since, until FROM relations ORDER BY key").fetchall()
    assert rows == [
        ("a|COOPERATES_WITH|b|", None, "2025-01-01"),
        ("a|COOPERATES_WITH|b|2023-01-01", "2023-01-01", None),
        ("b|COOPERATES_WITH|a|2024-01-01", "2024-01-01", None),
    ]
    store.update_relation("a|COOPERATES_WITH|b|", until=None)
    assert store._db.execute("SELECT until FROM relations WHERE key = 'a|COOPERATES_WITH|b|'").fetchone() == (None,)


def test_an_import_sets_its_pragmas_back(store: SqliteStore) -> None:
    names = ("wal_autocheckpoint", "cache_size", "temp_store")
    before = [store._db.execute(f"PRAGMA {name}").fetchone()[0] for name in names]
    nodes = [Actor(id=f"a{i}", name=f"A {i}") for i in range(1200)]  # a few steps' chunks
    relations = [Relation(source=f"a{i}", target=f"a{i + 1}", type="COOPERATES_WITH") for i in range(1199)]
    counts = store.import_records([], nodes, relations)
    assert (counts.nodes.new, counts.relations.new) == (1200, 1199)
    assert [store._db.execute(f"PRAGMA {name}").fetchone()[0] for name in names] == before
    assert len(store.history("a0")) == 2  # its creation and its relation's
