"""The store contract: every behaviour of the GraphStore protocol, against SQLite and Neo4j.

Each test runs twice through the parametrized ``store`` fixture: on a fresh SQLite file
and on an emptied database of a real Neo4j server (see ``neo4j_uri`` in conftest.py).
The last tests load the demo network into both stores and compare what they give back.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from buendnisatlas.config import open_store
from buendnisatlas.demo import DEMO_DIR
from buendnisatlas.graph.accounts import ERASED, ApiToken, User
from buendnisatlas.graph.model import (
    Actor,
    AdvisoryService,
    Alliance,
    Body,
    Event,
    Goal,
    Project,
    Region,
    Relation,
)
from buendnisatlas.graph.regions import reference_regions
from buendnisatlas.graph.sqlite_store import SqliteStore
from buendnisatlas.graph.store import (
    AmbiguousName,
    Changes,
    DuplicateId,
    GraphStore,
    InvalidData,
    InvalidRelation,
    NotFound,
    StaleVersion,
    StoreError,
    Written,
    resolve,
)
from buendnisatlas.graph.vocab import NodeKind, RelationType, Visibility
from buendnisatlas.importers.canonical import import_canonical

D = date


@pytest.fixture
def store(any_store: GraphStore) -> GraphStore:
    return any_store


def small_network(store: GraphStore) -> None:
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


def test_store_satisfies_the_protocol(store: GraphStore) -> None:
    assert isinstance(store, GraphStore)


def test_data_survives_reopening(store: GraphStore) -> None:
    store.add_node(Actor(id="a", name="Förderverein Schloß Mansfeld", sector="Kultur"))
    with open_store(store.url) as again:  # type: ignore[attr-defined]
        node = again.get_node("a")
    assert node.name == "Förderverein Schloß Mansfeld"
    assert node.created_at is not None


def test_crud_round_trip(store: GraphStore) -> None:
    added = store.add_node(Actor(id="a", name="Verein A", sector="civil_society"))
    with pytest.raises(DuplicateId, match="„a“ ist schon vergeben"):
        store.add_node(Actor(id="a", name="Anderer"))
    updated = store.update_node("a", sector="Sport", topics=["Rassismus"])
    assert (updated.sector, updated.topics) == ("sports", ["racism"])
    assert updated.created_at == added.created_at
    with pytest.raises(InvalidData, match="sektor"):
        store.update_node("a", sector="nonsense")  # validated, nothing written
    with pytest.raises(StoreError, match="nicht ändern"):
        store.update_node("a", kind="alliance")
    assert store.get_node("a").sector == "sports"
    assert store.update_node("a", sector=None, topics=[]).sector is None  # cleared, not kept
    assert (store.get_node("a").sector, store.get_node("a").topics) == (None, [])
    store.delete_node("a")
    with pytest.raises(NotFound, match="„a“"):
        store.get_node("a")
    with pytest.raises(NotFound):
        store.delete_node("a")
    with pytest.raises(NotFound):
        store.update_node("a", name="B")


def test_every_field_round_trips(store: GraphStore) -> None:
    service = AdvisoryService(
        id="mbr",
        name="Mobile Beratung gegen Rechtsextremismus",
        visibility="public",
        topics=["Rechtsextremismus", "Rassismus"],
        target_groups=["Kommunen", "Vereine"],
        languages=["de", "ar"],
        channels=["vor Ort", "Telefon"],
        area=["15", "DE"],
        ags="15087370",
        anonymous=False,
        crisis=True,
        cost="kostenlos",
        verified_on=D(2025, 3, 1),
        contact="beratung@example.org",
    )
    project = Project(id="p", name="Jugendfonds-Projekt „Laut gegen Rechts“", fund="Jugendfonds", budget=1500.5)
    store.upsert_nodes([service, project])
    assert store.get_node("mbr").data() == service.data()
    assert store.get_node("p").data() == project.data()
    assert [n.id for n in store.find_nodes(crisis=True)] == ["mbr"]
    assert [n.id for n in store.find_nodes(anonymous=False, languages="ar")] == ["mbr"]
    assert store.find_nodes(languages="tr") == []


def test_goals_and_what_serves_them_round_trip(store: GraphStore) -> None:
    small_network(store)
    leitziel = Goal(id="lz", name="Vernetzung und Partizipation", goal_level="Leitziel", alliance="pfd")
    handlungsziel = Goal(
        id="hz",
        name="Das Bündnis für Demokratie tagt",
        goal_level="Handlungsziel",
        wording="Das Bündnis für Demokratie tagt bedarfsorientiert (mind. 3x / Jahr).",
        parent_goal="lz",
        alliance="pfd",
        valid_from=D(2025, 1, 1),
        valid_until=D(2029, 12, 31),
        checks="sitzungen(gremium=ba, mindestens=3); teilnahme(gremium=ba, art=Demokratiekonferenz, halbjahr=1)",
        visibility="public",
    )
    store.upsert_nodes([leitziel, handlungsziel])
    serves = Relation(source="ba", target="hz", type="SERVES", since=D(2025, 1, 1))
    meeting = Relation(source="ba", target="dk24", type="PARTICIPATED_IN")
    store.upsert_relations([serves, meeting])
    assert store.get_node("hz").data() == handlungsziel.data()
    assert [n.id for n in store.find_nodes(kind=NodeKind.GOAL, goal_level="action")] == ["hz"]
    assert [n.id for n in store.find_nodes(parent_goal="lz")] == ["hz"]
    assert [r.data() for r in store.find_relations(node_id="hz")] == [serves.data()]
    G = store.subgraph()
    assert G.nodes["hz"]["checks"] == handlungsziel.checks and G.nodes["hz"]["valid_from"] == D(2025, 1, 1)
    assert store.stats().relations_by_type["SERVES"] == 1
    # Only projects, events, bodies and working groups serve a goal; nothing serves an actor.
    with pytest.raises(InvalidRelation, match="„dient“ geht von"):
        store.add_relation(Relation(source="kirche", target="hz", type="SERVES"))
    with pytest.raises(InvalidRelation, match="„dient“ zeigt auf Ziel"):
        store.add_relation(Relation(source="ba", target="kirche", type="SERVES"))


def test_unicode_names_are_kept_and_found(store: GraphStore) -> None:
    names = {
        "u1": "Bürgerbündnis „Weltoffenes Sangerhausen“ e. V.",
        "u2": "Straße der Vielfalt – Großörner",
        "u3": "جمعية الجالية العربية",  # Arabic
        "u4": "Спільнота українців",  # Ukrainian
        "u5": "Queeres Netz 🏳️‍🌈",
    }
    store.upsert_nodes([Actor(id=i, name=n) for i, n in names.items()])
    for node_id, name in names.items():
        assert store.get_node(node_id).name == name
        assert [n.id for n in store.find_nodes(name=name)] == [node_id]
        assert resolve(store, name).id == node_id
    assert store.find_nodes(name="Strasse der Vielfalt – Grossörner") == []  # exact, not folded


def test_deleting_a_node_removes_its_relations(store: GraphStore) -> None:
    small_network(store)
    store.delete_node("kirche")
    assert all("kirche" not in (r.source, r.target) for r in store.find_relations())
    assert "COOPERATES_WITH" not in store.stats().relations_by_type


def test_relations_are_checked_against_the_kinds_they_connect(store: GraphStore) -> None:
    small_network(store)
    with pytest.raises(InvalidRelation, match="nicht von Bündnis"):
        store.add_relation(Relation(source="pfd", target="kirche", type="MEMBER_OF"))
    with pytest.raises(InvalidRelation, match="„niemand“, das es nicht gibt"):
        store.add_relation(Relation(source="niemand", target="pfd", type="MEMBER_OF"))
    with pytest.raises(InvalidRelation):
        store.upsert_relations([Relation(source="anna", target="fremd", type="LEADS")])
    with pytest.raises(DuplicateId, match="gibt es schon"):
        store.add_relation(Relation(source="ba", target="pfd", type="PART_OF"))
    assert len(store.find_relations()) == 7


def test_update_and_delete_relation(store: GraphStore) -> None:
    small_network(store)
    key = "verein|MEMBER_OF|pfd|2020-01-01"
    assert store.update_relation(key, role="Sprecher").role == "Sprecher"
    assert store.get_relation(key).role == "Sprecher"
    moved = store.update_relation(key, since=D(2019, 6, 1))
    assert store.get_relation(moved.key).since == D(2019, 6, 1)
    assert store.get_relation(moved.key).role == "Sprecher"
    with pytest.raises(NotFound):
        store.get_relation(key)
    with pytest.raises(InvalidData, match="Ende"):
        store.update_relation(moved.key, until=D(2000, 1, 1))
    store.add_relation(Relation(source="verein", target="pfd", type="MEMBER_OF", since=D(2024, 1, 1)))
    with pytest.raises(DuplicateId):
        store.update_relation(moved.key, since=D(2024, 1, 1))
    assert store.get_relation(moved.key).until == D(2024, 12, 31)  # the failed update changed nothing
    store.delete_relation(moved.key)
    with pytest.raises(NotFound):
        store.delete_relation(moved.key)
    for weird in ["kein-schluessel", "a|NOT_A_TYPE|b|", "a|MEMBER_OF|b|2020-01-01"]:
        with pytest.raises(NotFound):
            store.get_relation(weird)


def test_versions_count_the_changes_of_elements_and_relations(store: GraphStore) -> None:
    small_network(store)
    assert store.add_node(Actor(id="a", name="Verein A")).version == 1
    assert store.update_node("a", note="neu").version == 2
    assert store.update_node("a", note="neu").version == 2  # nothing changed: no new version
    assert store.upsert_nodes([store.get_node("a")]).unchanged == 1
    assert store.get_node("a").version == 2
    store.upsert_nodes([Actor(id="a", name="Verein A e. V.")])
    assert store.get_node("a").version == 3
    assert [n.version for n in store.find_nodes(name="Verein A e. V.")] == [3]
    assert store.subgraph().nodes["a"].get("version") is None  # bookkeeping, not an attribute
    key = "verein|MEMBER_OF|pfd|2020-01-01"
    assert store.get_relation(key).version == 1
    assert store.add_relation(Relation(source="a", target="pfd", type="MEMBER_OF")).version == 1
    assert store.update_relation(key, role="Sprecher").version == 2
    assert store.update_relation(key, role="Sprecher").version == 2
    store.upsert_relations([Relation(source="verein", target="pfd", type="MEMBER_OF", since=D(2020, 1, 1))])
    assert store.get_relation(key).version == 3  # the role is gone again: a change
    moved = store.update_relation(key, since=D(2019, 6, 1), expected_version=3)
    assert moved.version == store.get_relation(moved.key).version == 4  # the same tie, counted on
    assert {r.key: r.version for r in store.find_relations(node_id="a")} == {"a|MEMBER_OF|pfd|": 1}
    assert "version" not in next(iter(store.subgraph().edges(keys=True, data=True)))[3]


def test_a_stale_version_is_refused_and_writes_nothing(store: GraphStore) -> None:
    small_network(store)
    store.update_node("verein", note="von Anna")
    with pytest.raises(StaleVersion, match="inzwischen von jemand anderem geändert") as stale:
        store.update_node("verein", expected_version=1, note="von Ben")
    assert stale.value.current.version == 2 and stale.value.current.note == "von Anna"  # type: ignore[union-attr]
    assert "Version 2" in str(stale.value) and "Version 1" in str(stale.value)
    assert store.update_node("verein", expected_version=2, note="von Ben").note == "von Ben"
    with pytest.raises(StaleVersion):
        store.delete_node("verein", expected_version=2)
    assert store.get_node("verein").note == "von Ben"
    with pytest.raises(StaleVersion):  # stale even if the change would change nothing
        store.update_node("verein", expected_version=2, note="von Ben")
    key = "verein|MEMBER_OF|pfd|2020-01-01"
    store.update_relation(key, role="Sprecher")
    with pytest.raises(StaleVersion, match=f"Die Beziehung {re.escape(key)}") as stale:
        store.update_relation(key, expected_version=1, role="Kassenwart")
    assert stale.value.current == store.get_relation(key)
    with pytest.raises(StaleVersion):
        store.delete_relation(key, expected_version=1)
    assert store.get_relation(key).role == "Sprecher"
    store.delete_relation(key, expected_version=2)
    store.delete_node("verein", expected_version=3)
    with pytest.raises(NotFound):
        store.update_node("verein", expected_version=3, note="weg")
    own = [e.action for e in store.history("verein") if e.relation_key is None]
    assert own == ["create", "update", "update", "delete"]  # only what held


def test_a_change_keeps_what_others_changed_meanwhile(store: GraphStore) -> None:
    # Two editors read version 1; each sends only its own field, without a version (the
    # command line's last-writer-wins): both fields survive, merged into the stored element.
    store.add_node(AdvisoryService(id="mbr", name="Mobile Beratung", cost="kostenlos"))
    with open_store(store.url) as other:  # type: ignore[attr-defined]
        other.update_node("mbr", address="Markt 1, Eisleben")
    store.update_node("mbr", opening_hours="Mo–Fr 9–16 Uhr")
    node = store.get_node("mbr")
    assert (node.address, node.opening_hours, node.cost, node.version) == (  # type: ignore[attr-defined]
        "Markt 1, Eisleben",
        "Mo–Fr 9–16 Uhr",
        "kostenlos",
        3,
    )


def test_a_failed_transaction_leaves_nothing_behind(store: GraphStore) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.add_node(Actor(id="a", name="A"))
        store.upsert_nodes([Actor(id="b", name="B")])
        store.upsert_regions([Region(ags="15087", name="Mansfeld-Südharz")])
        raise RuntimeError("mitten im Import")
    assert store.find_nodes() == []
    assert store.find_regions() == []


def test_nested_transactions_commit_with_the_outer_one(store: GraphStore) -> None:
    with pytest.raises(DuplicateId), store.transaction():
        store.add_node(Actor(id="a", name="A"))
        with store.transaction():
            store.add_node(Actor(id="b", name="B"))
        store.add_node(Actor(id="a", name="A again"))
    assert store.find_nodes() == []


def test_a_caught_error_inside_a_block_spoils_nothing(store: GraphStore) -> None:
    with store.transaction():
        store.add_node(Actor(id="a", name="A"))
        with pytest.raises(DuplicateId):
            store.add_node(Actor(id="a", name="A again"))
        with pytest.raises(InvalidRelation):
            store.add_relation(Relation(source="a", target="niemand", type="COOPERATES_WITH"))
        store.add_node(Actor(id="b", name="B"))
    assert [n.id for n in store.find_nodes()] == ["a", "b"]


def test_others_see_a_unit_of_work_only_once_it_is_committed(store: GraphStore) -> None:
    with open_store(store.url) as other:  # type: ignore[attr-defined]
        with store.transaction():
            store.add_node(Actor(id="a", name="A"))
            assert store.get_node("a").name == "A"  # the writer reads its own writes
            with pytest.raises(NotFound):
                other.get_node("a")
        assert other.get_node("a").name == "A"


def test_coordinators_writing_at_once_lose_nothing(store: GraphStore) -> None:
    # Four writers, each with its own connection, tie their members to the same two
    # alliances in opposite orders: the stores must serialise or retry, never lose a write.
    store.upsert_nodes([Alliance(id="pfd", name="PfD"), Alliance(id="allianz", name="Allianz")])
    errors: list[BaseException] = []

    def coordinator(number: int) -> None:
        try:
            with open_store(store.url) as own:  # type: ignore[attr-defined]
                actors = [Actor(id=f"k{number}-{i}", name=f"Verein {number}/{i}") for i in range(150)]
                own.upsert_nodes(actors)
                targets = ["pfd", "allianz"] if number % 2 else ["allianz", "pfd"]
                own.upsert_relations(Relation(source=a.id, target=t, type="MEMBER_OF") for a in actors for t in targets)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=coordinator, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.stats().relations_by_type == {"MEMBER_OF": 4 * 150 * 2}
    assert len(store.find_relations(node_id="pfd")) == 600


def test_upsert_counts_new_changed_unchanged_across_batches(store: GraphStore) -> None:
    nodes = [Actor(id=f"a{i}", name=f"Verein {i}", topics=["Partizipation"]) for i in range(2500)]
    assert vars(store.upsert_nodes(nodes)) == {"new": 2500, "changed": 0, "unchanged": 0}
    nodes[5] = Actor(id="a5", name="Verein fünf")
    nodes[2100] = Alliance(id="a2100", name="Bündnis statt Verein")  # even the kind may change
    assert vars(store.upsert_nodes(iter(nodes))) == {"new": 0, "changed": 2, "unchanged": 2498}
    assert store.get_node("a5").topics == []
    assert [n.id for n in store.find_nodes(kind=NodeKind.ALLIANCE)] == ["a2100"]
    assert len(store.find_nodes(kind=NodeKind.ACTOR)) == 2499
    assert store.stats().nodes_by_kind == {"actor": 2499, "alliance": 1}

    ring = [Relation(source=f"a{i}", target=f"a{(i + 1) % 2000}", type="COOPERATES_WITH") for i in range(2000)]
    assert vars(store.upsert_relations(ring)) == {"new": 2000, "changed": 0, "unchanged": 0}
    ring[1500] = Relation(source="a1500", target="a1501", type="COOPERATES_WITH", weight=3)
    assert vars(store.upsert_relations(ring)) == {"new": 0, "changed": 1, "unchanged": 1999}
    assert store.get_relation("a1500|COOPERATES_WITH|a1501|").weight == 3
    assert len(store.find_relations(type=RelationType.COOPERATES_WITH)) == 2000


def test_the_same_record_twice_in_one_upsert(store: GraphStore) -> None:
    counts = store.upsert_nodes([Actor(id="a", name="Erst"), Actor(id="a", name="Dann"), Actor(id="a", name="Dann")])
    assert vars(counts) == {"new": 1, "changed": 1, "unchanged": 1}
    assert store.get_node("a").name == "Dann"
    store.add_node(Actor(id="b", name="B"))
    rels = [Relation(source="a", target="b", type="COOPERATES_WITH", role=r) for r in ("x", "y")]
    assert vars(store.upsert_relations(rels)) == {"new": 1, "changed": 1, "unchanged": 0}
    assert [r.role for r in store.find_relations()] == ["y"]


def test_timestamps_a_new_node_carries_are_kept(store: GraphStore) -> None:
    created = datetime(2023, 4, 5, 6, 7, 8, tzinfo=UTC)
    store.upsert_nodes([Actor(id="a", name="A", created_at=created, updated_at=created)])
    assert (store.get_node("a").created_at, store.get_node("a").updated_at) == (created, created)
    store.upsert_nodes([Actor(id="a", name="A neu")])
    assert store.get_node("a").created_at == created
    assert store.get_node("a").updated_at > created  # type: ignore[operator]


def test_find_nodes_by_kind_name_and_attributes(store: GraphStore) -> None:
    small_network(store)
    assert [n.id for n in store.find_nodes(kind=NodeKind.EVENT)] == ["dk24", "dk26"]
    assert [n.id for n in store.find_nodes(sector="religion")] == ["kirche"]
    assert [n.id for n in store.find_nodes(kind=NodeKind.ACTOR, ags="15087370")] == ["anna", "kirche"]
    assert [n.id for n in store.find_nodes(area="15087")] == ["pfd"]
    assert [n.id for n in store.find_nodes(name="Anna Keller")] == ["anna"]
    assert [n.id for n in store.find_nodes(visibility=Visibility.PUBLIC)] == ["fremd", "kirche", "pfd"]
    assert [n.id for n in store.find_nodes(date=D(2024, 5, 4))] == ["dk24"]
    with pytest.raises(StoreError, match="kann nicht gesucht werden"):
        store.find_nodes(**{"x') OR 1=1 --": 1})
    with pytest.raises(StoreError, match="kann nicht gesucht werden"):
        store.find_nodes(**{"name = n.name OR true //": 1})


def test_resolve_by_id_or_exact_name(store: GraphStore) -> None:
    small_network(store)
    store.add_node(Actor(id="kirche2", name="Ev. Kirchengemeinde St. Jakobi", sector="religion"))
    assert resolve(store, "pfd").id == "pfd"
    assert resolve(store, "Buntes Eisleben e. V.").id == "verein"
    with pytest.raises(AmbiguousName, match="kirche2"):
        resolve(store, "Ev. Kirchengemeinde St. Jakobi")
    with pytest.raises(NotFound, match="Gibtsnicht"):
        resolve(store, "Gibtsnicht")


def test_subgraph_of_an_alliance_as_of_a_date(store: GraphStore) -> None:
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
    with pytest.raises(NotFound, match="Bündnis"):
        store.subgraph(alliance="gibtsnicht")


def test_subgraph_of_a_region(store: GraphStore) -> None:
    small_network(store)
    g = store.subgraph(region="15087370")
    assert {"kirche", "anna", "pfd"} <= set(g)
    assert "fremd" not in g


def test_public_view_has_no_person_and_nothing_non_public(store: GraphStore) -> None:
    small_network(store)
    store.update_node("anna", visibility="public")  # even a person marked public stays off
    g = store.subgraph(audience=Visibility.PUBLIC)
    assert set(g) == {"pfd", "kirche", "fremd"}
    assert all(g.nodes[n].get("form") != "person" for n in g)
    assert g.has_edge("kirche", "fremd")
    # without a recorded consent a person counts as confidential, whatever the marking
    assert set(store.subgraph(audience=Visibility.NETWORK)) == set(g) | {"ba", "dk24", "dk26", "verein"}
    store.update_node("anna", consent_given_by="Anna", consent_given_at=D(2025, 2, 1), consent_purpose="Karte")
    assert set(store.subgraph(audience=Visibility.NETWORK)) == set(g) | {"anna", "ba", "dk24", "dk26", "verein"}
    assert set(store.subgraph(audience=Visibility.PUBLIC)) == set(g)  # the public never sees a person


def test_find_relations_at_a_date(store: GraphStore) -> None:
    small_network(store)
    members = store.find_relations(node_id="pfd", type=RelationType.MEMBER_OF, at=D(2025, 1, 1))
    assert [r.source for r in members] == ["kirche"]
    members = store.find_relations(node_id="pfd", type=RelationType.MEMBER_OF, at=D(2024, 12, 31))
    assert [r.source for r in members] == ["kirche", "verein"]  # the last day still counts
    assert [r.key for r in store.find_relations(node_id="kirche")] == [
        "kirche|COOPERATES_WITH|fremd|2021-03-01",
        "kirche|MEMBER_OF|pfd|2020-01-01",
    ]
    assert store.find_relations(node_id="kirche", at=D(2019, 1, 1)) == []
    assert store.get_relation("verein|MEMBER_OF|pfd|2020-01-01").until == D(2024, 12, 31)


def test_regions(store: GraphStore) -> None:
    regions = [Region(ags="15087", name="Mansfeld-Südharz"), Region(ags="15087370", name="Sangerhausen")]
    assert vars(store.upsert_regions(regions)) == {"new": 2, "changed": 0, "unchanged": 0}
    regions[1] = Region(ags="15087370", name="Sangerhausen, Stadt")
    assert vars(store.upsert_regions(regions)) == {"new": 0, "changed": 1, "unchanged": 1}
    assert store.get_region("15087370").level == "Gemeinde"
    assert [r.ags for r in store.find_regions(prefix="15087")] == ["15087", "15087370"]
    assert [r.ags for r in store.find_regions(name="MANSFELD-südharz")] == ["15087"]
    assert len(store.find_regions(prefix="DE")) == 2
    with pytest.raises(NotFound, match="15087999"):
        store.get_region("15087999")
    assert store.stats().regions == 2


def test_regions_keep_every_field_of_the_gemeindeverzeichnis(store: GraphStore) -> None:
    kelbra = Region(
        ags="15087250",
        name="Kelbra (Kyffhäuser)",
        designation="Stadt",
        official_name="Kelbra (Kyffhäuser), Stadt",
        association="150875051",
        population=3335,
        area_km2=40.56,
        postcode="06537",
        longitude=11.041425,
        latitude=51.435698,
    )
    verband = Region(ags="150875051", name="Goldene Aue", designation="Verbandsgemeinde")
    store.upsert_regions([kelbra, verband])
    assert store.get_region("15087250") == kelbra
    assert store.get_region("150875051").level == "Gemeindeverband"
    assert vars(store.upsert_regions([kelbra])) == {"new": 0, "changed": 0, "unchanged": 1}
    moved = kelbra.model_copy(update={"population": 3300, "postcode": None})
    assert vars(store.upsert_regions([moved])) == {"new": 0, "changed": 1, "unchanged": 0}
    assert store.get_region("15087250") == moved  # a field the new record lacks is gone, not kept


def test_the_change_stamp_moves_with_every_write_and_only_then(store: GraphStore) -> None:
    first = store.change_stamp()
    store.find_nodes()
    store.find_regions()
    assert store.change_stamp() == first
    store.add_node(Actor(id="a", name="Verein"))
    second = store.change_stamp()
    assert second != first
    with open_store(store.url) as other:  # type: ignore[attr-defined]
        assert other.change_stamp() == second  # the same stamp for every connection
        other.upsert_regions([Region(ags="15", name="Sachsen-Anhalt")])
    assert store.change_stamp() not in (first, second)


def test_accounts_and_api_keys_leave_the_change_stamp(store: GraphStore) -> None:
    """A signed-in request notes its key's last use: that must not drop what processes keep per stamp."""
    store.add_node(Actor(id="a", name="Verein"))
    stamp = store.change_stamp()
    store.add_user(User(email="k@example.org", role="coordinator", alliances=["b"]))
    store.update_user("k@example.org", name="Koordinatorin")
    token = store.add_token(ApiToken(id="t000001", email="k@example.org", name="Laptop", token_hash="a" * 64))
    store.touch_token(token.id, datetime(2026, 12, 1, tzinfo=UTC))
    store.revoke_token(token.id)
    store.delete_user("k@example.org")
    assert store.change_stamp() == stamp
    store.update_node("a", name="Verein e. V.")
    assert store.change_stamp() != stamp


def test_changes_since_names_single_writes_exactly_or_not_at_all(store: GraphStore) -> None:
    small_network(store)
    stamp = store.change_stamp()
    store.update_node("fremd", note="neu")
    store.add_relation(Relation(source="fremd", target="verein", type="COOPERATES_WITH"))
    store.delete_node("anna")  # with her seat in the Begleitausschuss
    changes = store.changes_since(stamp)
    if isinstance(store, SqliteStore):  # Neo4j keeps no change log: it may always say "not known"
        assert changes is not None
    if changes is not None:
        assert changes.stamp == store.change_stamp()
        assert changes.nodes == {
            "fremd": Written("actor", "15087220"),
            "anna": Written("actor", "15087370", deleted=True),
        }
        assert changes.ends == {"fremd", "verein", "anna", "ba"}
        assert store.changes_since(changes.stamp) == Changes(changes.stamp)
    store.upsert_regions([Region(ags="15", name="Sachsen-Anhalt")])
    assert store.changes_since(stamp) is None  # regions are not single elements
    with store.transaction():  # one named write, one not: the transaction cannot be named
        store.update_node("fremd", note="wieder neu")
        store.upsert_nodes([Actor(id="neu", name="Neuer Verein")])
    assert store.changes_since(changes.stamp if changes else stamp) is None
    assert store.changes_since("anderes:0") is None  # another file's stamp


# -- users, API tokens and the audit log -----------------------------------------------


def test_users_are_kept_by_lower_case_email(store: GraphStore) -> None:
    added = store.add_user(
        User(email="Anna.Keller@PfD-MSH.example.org", name="Anna Keller", role="coordinator", alliances=["pfd"])
    )
    assert added.email == "anna.keller@pfd-msh.example.org"
    with pytest.raises(DuplicateId, match="gibt es schon"):
        store.add_user(User(email="anna.keller@pfd-msh.example.org", name="Doppelt", role="admin"))
    store.add_user(User(email="admin@example.org", name="Admin", role="admin", password_hash="$argon2id$x"))
    assert store.get_user("ANNA.KELLER@pfd-msh.example.org ") == added
    assert [u.email for u in store.find_users()] == ["admin@example.org", "anna.keller@pfd-msh.example.org"]
    with pytest.raises(NotFound, match="Kein Konto"):
        store.get_user("niemand@example.org")


def test_update_user_validates_and_keeps_the_email(store: GraphStore) -> None:
    store.add_user(User(email="a@example.org", name="A", role="member", alliances=["pfd"]))
    locked = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    changed = store.update_user("a@example.org", role="coordinator", alliances=["pfd", "allianz"], locked_until=locked)
    assert (changed.role, changed.alliances, changed.locked_until) == ("coordinator", ["pfd", "allianz"], locked)
    assert store.get_user("a@example.org") == changed
    with pytest.raises(InvalidData, match="mindestens ein Bündnis"):
        store.update_user("a@example.org", alliances=[])
    assert store.get_user("a@example.org").alliances == ["pfd", "allianz"]
    with pytest.raises(NotFound):
        store.update_user("b@example.org", name="B")


def test_tokens_are_found_by_hash_revoked_and_go_with_their_user(store: GraphStore) -> None:
    store.add_user(User(email="a@example.org", name="A", role="admin"))
    store.add_user(User(email="b@example.org", name="B", role="admin"))
    with pytest.raises(NotFound):
        store.add_token(ApiToken(id="t0000001", email="x@example.org", name="Skript", token_hash="0" * 64))
    store.add_token(ApiToken(id="t0000001", email="a@example.org", name="Import-Skript", token_hash="1" * 64))
    store.add_token(ApiToken(id="t0000002", email="b@example.org", name="Karte", token_hash="2" * 64))
    with pytest.raises(DuplicateId):
        store.add_token(ApiToken(id="t0000001", email="b@example.org", name="Doppelt", token_hash="3" * 64))
    token = store.token_by_hash("1" * 64)
    assert (token.id, token.email, token.name, token.last_used, token.revoked) == (
        "t0000001",
        "a@example.org",
        "Import-Skript",
        None,
        None,
    )
    with pytest.raises(NotFound):
        store.token_by_hash("f" * 64)
    used = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    store.touch_token("t0000001", used)
    store.revoke_token("t0000001")
    revoked = store.token_by_hash("1" * 64)  # still found: the caller refuses it
    assert revoked.last_used == used and revoked.revoked is not None
    store.revoke_token("t0000001")  # twice is fine and keeps the first date
    assert store.token_by_hash("1" * 64).revoked == revoked.revoked
    with pytest.raises(NotFound):
        store.revoke_token("gibtsnicht")
    assert [t.id for t in store.find_tokens()] == ["t0000001", "t0000002"]
    assert [t.id for t in store.find_tokens(email="B@example.org")] == ["t0000002"]
    store.delete_user("b@example.org")
    assert [t.id for t in store.find_tokens()] == ["t0000001"]
    with pytest.raises(NotFound):
        store.delete_user("b@example.org")


def test_account_changes_are_recorded_without_password_hash_or_token_secret(store: GraphStore) -> None:
    secret_hash, token_hash = "$argon2id$v=19$geheimer-hash", "ab" * 32
    store.add_node(Alliance(id="pfd", name="PfD"))
    with store.acting_as("cli:admin"):
        store.add_user(User(email="A@example.org", name="A", role="member", alliances=["pfd"]))
        store.update_user("a@example.org", role="coordinator", alliances=["pfd", "allianz"])
        store.update_user("a@example.org", password_hash=secret_hash)
        store.update_user("a@example.org", password_hash=secret_hash + "2")
        store.update_user("a@example.org", failed_logins=3)  # sign-in bookkeeping: not logged
        store.update_user("a@example.org", name="A")  # the same value: nothing changed
        store.update_user("a@example.org", active=False, edits_unaffiliated=True)
        store.add_token(ApiToken(id="t0000001", email="a@example.org", name="Import-Skript", token_hash=token_hash))
        store.touch_token("t0000001", datetime(2026, 3, 1, tzinfo=UTC))  # a use: not logged
        store.revoke_token("t0000001")
        store.revoke_token("t0000001")  # already revoked: nothing new
        store.add_user(User(email="b@example.org", name="B", role="admin"))
    with store.acting_as("cli:dsb"):
        store.delete_user("a@example.org")
    entries = store.account_history("A@example.org ")
    assert [(e.who, e.action, e.user_email, e.element_id) for e in entries] == [
        ("cli:admin", "user_add", "a@example.org", None),
        ("cli:admin", "user_update", "a@example.org", None),
        ("cli:admin", "user_update", "a@example.org", None),
        ("cli:admin", "user_update", "a@example.org", None),
        ("cli:admin", "user_update", "a@example.org", None),
        ("cli:admin", "token_create", "a@example.org", None),
        ("cli:admin", "token_revoke", "a@example.org", None),
        ("cli:dsb", "user_remove", "a@example.org", None),
    ]
    added, role, first_password, new_password, deactivated, created, revoked, removed = entries
    assert added.before is None and (added.after or {})["role"] == "member"
    assert role.changes() == {"role": ("member", "coordinator"), "alliances": (["pfd"], ["pfd", "allianz"])}
    assert first_password.changes() == {"password": (None, "neu gesetzt")}
    assert new_password.changes() == {"password": ("gesetzt", "neu gesetzt")}
    assert deactivated.changes() == {"active": (True, False), "edits_unaffiliated": (False, True)}
    assert created.before is None and (created.after or {})["name"] == "Import-Skript"
    assert (revoked.before or {})["revoked"] is None and (revoked.after or {})["revoked"] is not None
    assert removed.after is None and (removed.before or {})["email"] == "a@example.org"
    logged = repr([e.model_dump() for e in store.account_history()])
    assert "argon2" not in logged and "geheimer-hash" not in logged and token_hash not in logged
    assert [e.user_email for e in store.account_history()].count("b@example.org") == 1
    assert [e.action for e in store.history("pfd")] == ["create"]  # element histories hold no account entries
    assert store.account_history("niemand@example.org") == []


def test_a_failed_account_change_records_nothing(store: GraphStore) -> None:
    store.add_user(User(email="a@example.org", name="A", role="admin"))
    with pytest.raises(InvalidData):
        store.update_user("a@example.org", role="member")  # a member needs an alliance
    with pytest.raises(RuntimeError), store.transaction():
        store.update_user("a@example.org", name="Umbenannt")
        raise RuntimeError("abgebrochen")
    assert [e.action for e in store.account_history("a@example.org")] == ["user_add"]


def test_every_write_is_recorded_with_who_before_and_after(store: GraphStore) -> None:
    store.add_node(Alliance(id="pfd", name="PfD"))  # outside acting_as: "system"
    with store.acting_as("cli:anna"):
        store.add_node(Actor(id="a", name="Verein A", sector="civil_society"))
        store.update_node("a", name="Verein A e. V.")
        store.add_relation(Relation(source="a", target="pfd", type="MEMBER_OF", since=D(2020, 1, 1)))
    with store.acting_as("anna@example.org"):
        store.update_relation("a|MEMBER_OF|pfd|2020-01-01", role="Sprecherin")
        store.delete_relation("a|MEMBER_OF|pfd|2020-01-01")
    entries = store.history("a")
    assert [(e.who, e.action, e.element_id, e.relation_key) for e in entries] == [
        ("cli:anna", "create", "a", None),
        ("cli:anna", "update", "a", None),
        ("cli:anna", "create", None, "a|MEMBER_OF|pfd|2020-01-01"),
        ("anna@example.org", "update", None, "a|MEMBER_OF|pfd|2020-01-01"),
        ("anna@example.org", "delete", None, "a|MEMBER_OF|pfd|2020-01-01"),
    ]
    assert [e.seq for e in entries] == sorted(e.seq for e in entries)
    created, renamed, tied, roled, untied = entries
    assert created.before is None and created.after is not None and created.after["name"] == "Verein A"
    assert (renamed.before or {})["name"] == "Verein A" and (renamed.after or {})["name"] == "Verein A e. V."
    assert (renamed.after or {})["sector"] == "civil_society" and (renamed.after or {})["kind"] == "actor"
    assert (roled.before or {})["role"] is None and (roled.after or {})["role"] == "Sprecherin"
    assert untied.after is None and (untied.before or {})["source"] == "a"
    assert tied.ends == ("a", "pfd")
    assert store.history("pfd")[0].who == "system"
    assert all(e.at.tzinfo is not None for e in entries)


def test_a_bulk_upsert_logs_each_new_and_changed_record_once(store: GraphStore) -> None:
    store.add_node(Alliance(id="pfd", name="PfD"))
    actors = [Actor(id=f"a{i}", name=f"Verein {i}") for i in range(1200)]  # more than one batch
    with store.acting_as("import:test"):
        store.upsert_nodes([*actors, Actor(id="a7", name="Verein sieben")])  # a7 twice: new, then changed
        store.upsert_relations(Relation(source=a.id, target="pfd", type="MEMBER_OF") for a in actors)
    a7 = store.history("a7")
    assert [(e.action, (e.before or {}).get("name"), (e.after or {}).get("name")) for e in a7] == [
        ("create", None, "Verein 7"),
        ("update", "Verein 7", "Verein sieben"),
        ("create", None, None),  # its relation
    ]
    assert a7[-1].after == store.get_relation("a7|MEMBER_OF|pfd|").model_dump(mode="json", exclude={"version"})
    assert len(store.history("pfd")) == 1 + 1200
    assert {e.who for e in store.history("a1199")} == {"import:test"}


def test_unchanged_writes_and_failed_transactions_record_nothing(store: GraphStore) -> None:
    small_network(store)
    before = {n.id: len(store.history(n.id)) for n in store.find_nodes()}
    small_network(store)  # the same import again
    store.update_node("verein", name="Buntes Eisleben e. V.")  # the same value
    with pytest.raises(RuntimeError), store.transaction():
        store.update_node("verein", name="Umbenannt")
        store.add_node(Actor(id="neu", name="Neu"))
        raise RuntimeError("abgebrochen")
    assert {n.id: len(store.history(n.id)) for n in store.find_nodes()} == before
    assert store.history("neu") == []
    store.upsert_nodes([Actor(id="verein", name="Buntes Eisleben", sector="civil_society", ags="15087130")])
    last = store.history("verein")[-1]
    assert (last.action, (last.before or {})["name"], (last.after or {})["name"]) == (
        "update",
        "Buntes Eisleben e. V.",
        "Buntes Eisleben",
    )


def test_restore_brings_back_an_actor_with_its_relations(store: GraphStore) -> None:
    small_network(store)
    kept = store.get_node("kirche").data()
    relations = store.find_relations(node_id="kirche")
    assert len(relations) == 2
    with store.acting_as("cli:anna"):
        store.delete_node("kirche")
    assert store.find_relations(node_id="kirche") == []
    with pytest.raises(NotFound):
        store.get_node("kirche")
    with store.acting_as("cli:berta"):
        restored = store.restore("kirche")
    assert restored.data() == kept
    assert store.find_relations(node_id="kirche") == relations
    tail = store.history("kirche")[-3:]
    assert [(e.who, e.action) for e in tail] == [("cli:berta", "restore")] * 3
    with pytest.raises(StoreError, match="gibt es noch"):
        store.restore("kirche")
    with pytest.raises(NotFound, match="nichts über"):
        store.restore("nie-da-gewesen")


def test_restore_leaves_out_relations_whose_other_end_is_gone(store: GraphStore) -> None:
    small_network(store)
    store.delete_node("kirche")
    store.delete_node("fremd")
    store.restore("kirche")
    assert [r.target for r in store.find_relations(node_id="kirche")] == ["pfd"]
    store.restore("fremd")  # its relation to kirche went with kirche, not with it
    assert [r.key for r in store.find_relations(node_id="fremd")] == []


def test_erase_person_leaves_no_personal_data_and_the_rest_intact(store: GraphStore) -> None:
    small_network(store)
    store.update_node("anna", contact="anna.keller@example.org", note="Jugendvertreterin")
    others = {n.id: n.data() for n in store.find_nodes() if n.id != "anna"}
    other_relations = [r for r in store.find_relations() if "anna" not in (r.source, r.target)]
    # Others name her in free text: replaced in the same erasure, in their logged values too.
    store.update_node("verein", note="Kontakt über ANNA KELLER (anna.keller@example.org)")
    store.update_relation("kirche|MEMBER_OF|pfd|2020-01-01", role="Vertretung: Anna Keller")
    others["verein"]["note"] = "Kontakt über [gelöscht] ([gelöscht])"
    kirche = next(r for r in other_relations if r.key == "kirche|MEMBER_OF|pfd|2020-01-01")
    other_relations[other_relations.index(kirche)] = kirche.model_copy(update={"role": "Vertretung: [gelöscht]"})
    with pytest.raises(StoreError, match="keine Person"):
        store.erase_person("verein")
    with store.acting_as("cli:dsb"):
        erasure = store.erase_person("anna")
    assert (erasure.action, erasure.who, erasure.before, erasure.after) == ("erase", "cli:dsb", None, None)
    assert erasure.element_id is not None and erasure.element_id.startswith("geloescht-")
    with pytest.raises(NotFound):
        store.get_node("anna")
    assert store.history("anna") == []  # even the id is gone from the log
    logged = store.history(erasure.element_id)
    assert logged[-1] == erasure
    assert len(logged) >= 4  # create, update, its relation, the erasure
    for entry in logged[:-1]:
        assert entry.before in (None, ERASED) and entry.after in (None, ERASED)
        assert "anna" not in (entry.relation_key or "").split("|")
    assert {n.id: n.data() for n in store.find_nodes()} == others
    assert [r.data() for r in store.find_relations()] == [r.data() for r in other_relations]
    # the redacted ones are new versions: an editor holding an old one cannot write the name back
    assert (store.get_node("verein").version, store.get_relation(kirche.key).version) == (3, 3)
    assert store.get_node("kirche").version == 1
    assert store.history("ba")[-1].action == "create"  # the body's own history is untouched
    logged = repr([(e.before, e.after) for n in ("verein", "kirche") for e in store.history(n)])
    assert "[gelöscht]" in logged and "anna keller" not in logged.lower()
    with pytest.raises(NotFound):
        store.erase_person("anna")
    with pytest.raises(StoreError, match=r"Art\. 17"):
        store.restore(erasure.element_id)


# -- both stores side by side -----------------------------------------------------------


@pytest.fixture
def both(db_path: Path, neo4j_store: GraphStore) -> Iterator[tuple[GraphStore, GraphStore]]:
    """SQLite and Neo4j, each with the demo network, loaded the way ``buendnisatlas demo`` does."""
    sqlite = SqliteStore(db_path)
    for s in (sqlite, neo4j_store):
        with s.transaction():
            s.upsert_regions(reference_regions())
            import_canonical(s, [DEMO_DIR])
    yield sqlite, neo4j_store
    sqlite.close()


def _dump(g: nx.MultiDiGraph) -> tuple[list[Any], list[Any]]:
    nodes = sorted((n, sorted(attrs.items())) for n, attrs in g.nodes(data=True))
    edges = sorted((u, v, k, sorted(attrs.items())) for u, v, k, attrs in g.edges(keys=True, data=True))
    return nodes, edges


@pytest.mark.neo4j
@pytest.mark.parametrize(
    "view",
    [
        {},
        {"audience": Visibility.PUBLIC},
        {"audience": Visibility.NETWORK, "at": D(2023, 6, 1)},
        {"alliance": "pfd-msh"},
        {"alliance": "pfd-msh", "at": D(2022, 1, 1)},
        {"region": "15087370"},
        {"region": "15087", "audience": Visibility.PUBLIC},
    ],
    ids=["all", "public", "network-2023", "alliance", "alliance-2022", "gemeinde", "kreis-public"],
)
def test_subgraph_is_the_same_graph_in_both_stores(both: tuple[GraphStore, GraphStore], view: dict[str, Any]) -> None:
    sqlite, neo4j = both
    g_sqlite, g_neo4j = sqlite.subgraph(**view), neo4j.subgraph(**view)
    assert g_sqlite.number_of_nodes() > 0
    assert _dump(g_neo4j) == _dump(g_sqlite)  # node for node, edge for edge, attribute for attribute
    assert list(g_neo4j) == list(g_sqlite)  # even in the same order


@pytest.mark.neo4j
def test_demo_reads_the_same_from_both_stores(both: tuple[GraphStore, GraphStore]) -> None:
    sqlite, neo4j = both
    assert vars(neo4j.stats()) == vars(sqlite.stats())
    assert [n.data() for n in neo4j.find_nodes()] == [n.data() for n in sqlite.find_nodes()]
    assert neo4j.find_relations() == sqlite.find_relations()
    assert neo4j.find_regions() == sqlite.find_regions()
    assert neo4j.find_relations(node_id="pfd-msh", at=D(2024, 1, 1)) == sqlite.find_relations(
        node_id="pfd-msh", at=D(2024, 1, 1)
    )
    for kind in NodeKind:
        assert [n.id for n in neo4j.find_nodes(kind=kind)] == [n.id for n in sqlite.find_nodes(kind=kind)]
