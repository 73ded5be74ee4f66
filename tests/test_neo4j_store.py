"""What only the Neo4j store has: its layout in the graph, its schema, its connection errors.

Everything the protocol promises is in test_store_contract.py, for both stores.
"""

from __future__ import annotations

import socket
import sys
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from buendnisatlas.config import open_store
from buendnisatlas.graph.accounts import User
from buendnisatlas.graph.model import Actor, Alliance, Event, Relation
from buendnisatlas.graph.store import StoreError
from buendnisatlas.graph.vocab import RelationType

Cypher = Callable[..., list[dict[str, Any]]]
pytestmark = pytest.mark.neo4j


def test_elements_and_relations_are_labelled_nodes_and_typed_relationships(neo4j_store: Any, cypher: Cypher) -> None:
    neo4j_store.upsert_nodes(
        [
            Alliance(id="pfd", name="Partnerschaft für Demokratie", area=["15087"]),
            Actor(id="kjr", name="Kreis-Kinder- und Jugendring", sector="Jugend", topics=["Partizipation"]),
            Event(id="dk", name="Demokratiekonferenz", date=date(2024, 5, 4)),
        ]
    )
    neo4j_store.add_relation(Relation(source="kjr", target="pfd", type="MEMBER_OF", since=date(2020, 1, 1)))
    rows = cypher("MATCH (n:Element) RETURN n.id AS id, labels(n) AS labels ORDER BY id")
    assert [(r["id"], sorted(r["labels"])) for r in rows] == [
        ("dk", ["Element", "Event"]),
        ("kjr", ["Actor", "Element"]),
        ("pfd", ["Alliance", "Element"]),
    ]
    # Properties are plain Cypher values: dates compare as dates, lists as lists.
    assert cypher("MATCH (a:Actor {sector: 'youth'}) WHERE 'participation' IN a.topics RETURN a.id AS id") == [
        {"id": "kjr"}
    ]
    assert cypher("MATCH (e:Event) WHERE e.date < date('2025-01-01') RETURN e.id AS id") == [{"id": "dk"}]
    rel = cypher(
        "MATCH (:Actor {id: 'kjr'})-[r:MEMBER_OF]->(:Alliance {id: 'pfd'}) RETURN r.key AS key, r.since AS since"
    )
    assert rel[0]["key"] == "kjr|MEMBER_OF|pfd|2020-01-01"
    assert rel[0]["since"].to_native() == date(2020, 1, 1)


def test_schema_is_created_once_and_versioned(neo4j_store: Any, neo4j_uri: str, cypher: Cypher) -> None:
    from buendnisatlas.graph.neo4j_store import SCHEMA_VERSION

    constraints = {r["name"] for r in cypher("SHOW CONSTRAINTS YIELD name")}
    wanted = {"element_id", "actor_id", "advisory_service_id", "region_ags"}
    assert wanted | {f"{t.value.lower()}_key" for t in RelationType} <= constraints
    indexes = {r["name"] for r in cypher("SHOW INDEXES YIELD name")}
    assert {"element_name", "element_ags", "actor_sector", "region_name"} <= indexes
    assert cypher("MATCH (s:BuendnisatlasSchema) RETURN s.version AS v") == [{"v": SCHEMA_VERSION}]
    open_store(neo4j_uri).close()  # opening again changes nothing
    assert {r["name"] for r in cypher("SHOW CONSTRAINTS YIELD name")} == constraints
    assert len(cypher("MATCH (s:BuendnisatlasSchema) RETURN s")) == 1


def test_an_id_is_unique_across_kinds_even_for_a_writer_going_around_the_store(
    neo4j_store: Any, cypher: Cypher
) -> None:
    neo4j_store.add_node(Actor(id="x", name="X"))
    with pytest.raises(Exception, match="already exists"):
        cypher("CREATE (:Element:Alliance {id: 'x', kind: 'alliance', name: 'Y'})")


def test_a_database_of_schema_3_is_migrated_and_keeps_its_log(neo4j_store: Any, neo4j_uri: str, cypher: Cypher) -> None:
    from buendnisatlas.graph.neo4j_store import SCHEMA_VERSION

    neo4j_store.add_node(Actor(id="kjr", name="KJR"))
    cypher("DROP INDEX audit_user IF EXISTS")
    cypher("MATCH (s:BuendnisatlasSchema) SET s.version = 3")
    with open_store(neo4j_uri) as store:
        assert {r["name"] for r in cypher("SHOW INDEXES YIELD name")} >= {"audit_user"}
        assert cypher("MATCH (s:BuendnisatlasSchema) RETURN s.version AS v") == [{"v": SCHEMA_VERSION}] == [{"v": 5}]
        assert [e.action for e in store.history("kjr")] == ["create"]
        store.add_user(User(email="a@example.org", role="admin"))
        assert [e.action for e in store.account_history("a@example.org")] == ["user_add"]


def test_a_newer_schema_is_refused(neo4j_store: Any, neo4j_uri: str, cypher: Cypher) -> None:
    from buendnisatlas.graph.neo4j_store import SCHEMA_VERSION

    cypher("MATCH (s:BuendnisatlasSchema) SET s.version = $v", v=SCHEMA_VERSION + 1)
    try:
        with pytest.raises(StoreError, match="neueren Bündnisatlas-Version"):
            open_store(neo4j_uri)
    finally:
        cypher("MATCH (s:BuendnisatlasSchema) SET s.version = $v", v=SCHEMA_VERSION)


def test_user_text_stays_data(neo4j_store: Any, cypher: Cypher) -> None:
    sneaky = "x'}) MATCH (m) DETACH DELETE m //"
    neo4j_store.upsert_nodes([Actor(id="a", name=sneaky, note='" RETURN 1 //'), Actor(id="b", name="B")])
    assert neo4j_store.find_nodes(name=sneaky)[0].id == "a"
    assert cypher("MATCH (n:Element) RETURN count(n) AS c") == [{"c": 2}]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("bolt://atlas:geheim@127.0.0.1:{closed}", "bolt://atlas@127.0.0.1:{closed}“: Server nicht erreichbar"),
        ("neo4j://127.0.0.1:{closed}", "neo4j://127.0.0.1:{closed}“: Server nicht erreichbar"),
        ("{server}/gibtsnicht", "Die Datenbank „gibtsnicht“ gibt es auf diesem Server nicht"),
        ("neo4j://:7687", "„neo4j://:7687“ fehlt der Server"),
        ("bolt://localhost:port", "„bolt://localhost:port“ ist der Port keine gültige Zahl"),
        ("neo4j+x://localhost", "Unbekannte Speicher-Adresse „neo4j+x://localhost“"),
    ],
    ids=["closed-port", "closed-port-routing", "no-such-database", "no-host", "bad-port", "bad-scheme"],
)
def test_bad_connection_settings_give_a_german_message_and_exit_1(
    url: str, message: str, neo4j_uri: str, cli: Callable[..., Any]
) -> None:
    closed = _closed_port()
    url, message = (s.format(closed=closed, server=neo4j_uri) for s in (url, message))
    with pytest.raises(StoreError) as caught:
        open_store(url)
    assert message in str(caught.value)
    assert "geheim" not in str(caught.value)
    result = cli("--store", url, "stats")
    assert result.code == 1
    assert message in result.err
    assert "Traceback" not in result.err and "geheim" not in result.err + result.out


def test_user_password_and_database_may_come_from_the_environment() -> None:
    from buendnisatlas.graph.neo4j_store import Neo4jSettings

    env = {
        "BUENDNISATLAS_NEO4J_USER": "atlas",
        "BUENDNISATLAS_NEO4J_PASSWORD": "geh:eim@",
        "BUENDNISATLAS_NEO4J_DATABASE": "landesnetz",
    }
    s = Neo4jSettings.from_url("neo4j+s://db.example.org", env)
    assert (s.uri, s.user, s.password, s.database) == ("neo4j+s://db.example.org", "atlas", "geh:eim@", "landesnetz")
    assert "geh" not in s.display
    s = Neo4jSettings.from_url("bolt://ich:p%40ss@[::1]:7687/andere", env)  # the URL wins
    assert (s.uri, s.user, s.password, s.database) == ("bolt://[::1]:7687", "ich", "p@ss", "andere")


def test_a_missing_driver_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    # Stands in for an installation without the "neo4j" extra: the import of the driver fails.
    monkeypatch.setitem(sys.modules, "neo4j", None)
    monkeypatch.delitem(sys.modules, "buendnisatlas.graph.neo4j_store", raising=False)
    with pytest.raises(StoreError, match=r"fehlt der Neo4j-Treiber.*pip install 'buendnisatlas\[neo4j\]'"):
        open_store("neo4j://localhost:7687")


def test_accounts_and_the_audit_log_are_no_elements(neo4j_store: Any, cypher: Cypher) -> None:
    from buendnisatlas.graph.accounts import ApiToken

    neo4j_store.add_user(User(email="a@example.org", name="A", role="admin"))
    neo4j_store.add_token(ApiToken(id="t0000001", email="a@example.org", name="Skript", token_hash="1" * 64))
    with neo4j_store.acting_as("cli:test"):
        neo4j_store.add_node(Actor(id="kjr", name="Kreisjugendring"))
    labels = {tuple(row["l"]) for row in cypher("MATCH (n) WHERE NOT n:BuendnisatlasSchema RETURN labels(n) AS l")}
    expected = {("Element", "Actor"), ("User",), ("ApiToken",), ("AuditEntry",), ("AuditSeq",)}
    assert labels == expected | {("BuendnisatlasChanges",)}  # the change counter: no element either
    assert [n.id for n in neo4j_store.find_nodes()] == ["kjr"]
    assert list(neo4j_store.subgraph()) == ["kjr"]
    assert neo4j_store.stats().nodes_by_kind == {"actor": 1}
    entry = cypher("MATCH (a:AuditEntry) WHERE a.element_id IS NOT NULL RETURN a {.*} AS a")[0]["a"]
    assert (entry["who"], entry["action"], entry["element_id"]) == ("cli:test", "create", "kjr")
