"""SqliteStore on a real file: CRUD, transactions, migrations, queries and views."""

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from buendnisatlas.graph.model import Actor, Alliance, Body, Event, Region, Relation
from buendnisatlas.graph.sqlite_store import SCHEMA_VERSION, SqliteStore
from buendnisatlas.graph.store import (
    AmbiguousName,
    DuplicateId,
    GraphStore,
    InvalidRelation,
    NotFound,
    StoreError,
    resolve,
)
from buendnisatlas.graph.vocab import NodeKind, RelationType, Visibility

D = date


def small_network(store: SqliteStore) -> None:
    with store.transaction():
        store.upsert_nodes(
            [
                Alliance(id="pfd", name="Partnerschaft für Demokratie", area=["15087"], visibility="public"),
                Body(id="ba", name="Begleitausschuss", subtype="Bündnis für Demokratie"),
                Event(id="dk24", name="Demokratiekonferenz 2024", date=D(2024, 5, 4)),
                Event(id="dk26", name="Demokratiekonferenz 2026", date=D(2026, 5, 4)),
                Actor(
                    id="kirche",
                    name="Ev. Kirchengemeinde St. Jakobi",
                    sector="religion",
                    ags="15087370",
                    visibility="public",
                ),
                Actor(id="verein", name="Buntes Eisleben e. V.", sector="civil_society", ags="15087130"),
                Actor(id="anna", name="Anna Keller", form="person", sector="youth", ags="15087370"),
                Actor(id="fremd", name="Sportverein Hettstedt", sector="sports", ags="15087220", visibility="public"),
            ]
        )
        store.upsert_relations(
            [
                Relation(source="ba", target="pfd", type="PART_OF"),
                Relation(source="dk24", target="pfd", type="PART_OF"),
                Relation(source="dk26", target="pfd", type="PART_OF"),
                Relation(source="kirche", target="pfd", type="MEMBER_OF", since=D(2020, 1, 1)),
                Relation(source="verein", target="pfd", type="MEMBER_OF", since=D(2020, 1, 1), until=D(2024, 12, 31)),
                Relation(
                    source="anna",
                    target="ba",
                    type="MEMBER_OF",
                    role="Jugendvertretung",
                    voting=True,
                    since=D(2025, 1, 1),
                ),
                Relation(source="kirche", target="fremd", type="COOPERATES_WITH", since=D(2021, 3, 1)),
            ]
        )


def test_sqlite_store_satisfies_the_protocol(store: SqliteStore) -> None:
    assert isinstance(store, GraphStore)


def test_file_is_a_wal_database_with_versioned_schema(store: SqliteStore, db_path: Path) -> None:
    store.close()
    db = sqlite3.connect(db_path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()


def test_data_survives_reopening(db_path: Path) -> None:
    with SqliteStore(db_path) as s:
        s.add_node(Actor(id="a", name="Förderverein Schloß Mansfeld", sector="Kultur"))
    with SqliteStore(db_path) as s:
        node = s.get_node("a")
        assert node.name == "Förderverein Schloß Mansfeld"
        assert node.created_at is not None


def test_crud_round_trip(store: SqliteStore) -> None:
    store.add_node(Actor(id="a", name="Verein A", sector="civil_society"))
    with pytest.raises(DuplicateId):
        store.add_node(Actor(id="a", name="Anderer"))
    updated = store.update_node("a", sector="Sport", topics=["Rassismus"])
    assert (updated.sector, updated.topics) == ("sports", ["racism"])
    with pytest.raises(StoreError):
        store.update_node("a", sector="nonsense")  # validated, nothing written
    assert store.get_node("a").sector == "sports"
    store.delete_node("a")
    with pytest.raises(NotFound):
        store.get_node("a")


def test_deleting_a_node_removes_its_relations(store: SqliteStore) -> None:
    small_network(store)
    store.delete_node("kirche")
    assert all("kirche" not in (r.source, r.target) for r in store.find_relations())


def test_relations_are_checked_against_the_kinds_they_connect(store: SqliteStore) -> None:
    small_network(store)
    with pytest.raises(InvalidRelation, match="nicht von Bündnis"):
        store.add_relation(Relation(source="pfd", target="kirche", type="MEMBER_OF"))
    with pytest.raises(InvalidRelation, match="gibt"):
        store.add_relation(Relation(source="niemand", target="pfd", type="MEMBER_OF"))


def test_update_and_delete_relation(store: SqliteStore) -> None:
    small_network(store)
    key = "verein|MEMBER_OF|pfd|2020-01-01"
    assert store.update_relation(key, role="Sprecher").role == "Sprecher"
    moved = store.update_relation(key, since=D(2019, 6, 1))
    assert store.get_relation(moved.key).since == D(2019, 6, 1)
    with pytest.raises(NotFound):
        store.get_relation(key)
    store.delete_relation(moved.key)
    with pytest.raises(NotFound):
        store.delete_relation(moved.key)


def test_a_failed_transaction_leaves_nothing_behind(store: SqliteStore) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.add_node(Actor(id="a", name="A"))
        store.add_node(Actor(id="b", name="B"))
        raise RuntimeError("mitten im Import")
    assert store.find_nodes() == []


def test_nested_transactions_commit_with_the_outer_one(store: SqliteStore) -> None:
    with pytest.raises(DuplicateId), store.transaction():
        store.add_node(Actor(id="a", name="A"))
        with store.transaction():
            store.add_node(Actor(id="b", name="B"))
        store.add_node(Actor(id="a", name="A again"))
    assert store.find_nodes() == []


def test_upsert_counts_new_changed_unchanged(store: SqliteStore) -> None:
    nodes = [Actor(id=f"a{i}", name=f"Verein {i}") for i in range(1200)]
    assert vars(store.upsert_nodes(nodes)) == {"new": 1200, "changed": 0, "unchanged": 0}
    nodes[5] = Actor(id="a5", name="Verein fünf")
    assert vars(store.upsert_nodes(nodes)) == {"new": 0, "changed": 1, "unchanged": 1199}


def test_find_nodes_by_kind_name_and_attributes(store: SqliteStore) -> None:
    small_network(store)
    assert [n.id for n in store.find_nodes(kind=NodeKind.EVENT)] == ["dk24", "dk26"]
    assert [n.id for n in store.find_nodes(sector="religion")] == ["kirche"]
    assert [n.id for n in store.find_nodes(kind=NodeKind.ACTOR, ags="15087370")] == ["anna", "kirche"]
    assert [n.id for n in store.find_nodes(area="15087")] == ["pfd"]
    assert [n.id for n in store.find_nodes(name="Anna Keller")] == ["anna"]
    with pytest.raises(StoreError):
        store.find_nodes(**{"x') OR 1=1 --": 1})


def test_resolve_by_id_or_exact_name(store: SqliteStore) -> None:
    small_network(store)
    store.add_node(Actor(id="kirche2", name="Ev. Kirchengemeinde St. Jakobi", sector="religion"))
    assert resolve(store, "pfd").id == "pfd"
    assert resolve(store, "Buntes Eisleben e. V.").id == "verein"
    with pytest.raises(AmbiguousName, match="kirche2"):
        resolve(store, "Ev. Kirchengemeinde St. Jakobi")
    with pytest.raises(NotFound, match="Gibtsnicht"):
        resolve(store, "Gibtsnicht")


def test_subgraph_of_an_alliance_as_of_a_date(store: SqliteStore) -> None:
    small_network(store)
    g2024 = store.subgraph(alliance="pfd", at=D(2024, 6, 1))
    g2025 = store.subgraph(alliance="pfd", at=D(2025, 6, 1))
    assert "verein" in g2024 and "verein" not in g2025  # left end of 2024
    assert "anna" not in g2024 and "anna" in g2025  # joined the committee in 2025
    assert "dk26" not in g2025  # not held yet
    assert "fremd" not in g2025  # cooperates with a member, but is no member
    edge = g2025.edges["anna", "ba", "anna|MEMBER_OF|ba|2025-01-01"]
    assert (edge["role"], edge["voting"], edge["since"]) == ("Jugendvertretung", True, D(2025, 1, 1))
    assert g2025.nodes["kirche"]["sector"] == "religion"
    assert "created_at" not in g2025.nodes["kirche"]


def test_subgraph_of_a_region(store: SqliteStore) -> None:
    small_network(store)
    g = store.subgraph(region="15087370")
    assert {"kirche", "anna", "pfd"} <= set(g)
    assert "fremd" not in g


def test_public_view_has_no_person_and_nothing_non_public(store: SqliteStore) -> None:
    small_network(store)
    store.update_node("anna", visibility="public")  # even a person marked public stays off
    g = store.subgraph(audience=Visibility.PUBLIC)
    assert set(g) == {"pfd", "kirche", "fremd"}
    assert all(g.nodes[n].get("form") != "person" for n in g)
    assert g.has_edge("kirche", "fremd")


def test_find_relations_at_a_date(store: SqliteStore) -> None:
    small_network(store)
    members = store.find_relations(node_id="pfd", type=RelationType.MEMBER_OF, at=D(2025, 1, 1))
    assert [r.source for r in members] == ["kirche"]


def test_regions(store: SqliteStore) -> None:
    store.upsert_regions([Region(ags="15087", name="Mansfeld-Südharz"), Region(ags="15087370", name="Sangerhausen")])
    assert store.get_region("15087370").level == "Gemeinde"
    assert [r.ags for r in store.find_regions(prefix="15087")] == ["15087", "15087370"]
    assert [r.ags for r in store.find_regions(name="sangerhausen")] == ["15087370"]


def test_a_newer_schema_is_refused(db_path: Path) -> None:
    SqliteStore(db_path).close()
    db = sqlite3.connect(db_path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="neueren"):
        SqliteStore(db_path)


def test_a_file_that_is_no_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "kaputt.db"
    path.write_bytes(b"Das ist keine Datenbank" * 100)
    with pytest.raises(StoreError, match="keine lesbare"):
        SqliteStore(path)
