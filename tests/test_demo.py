"""The demo network is what the foundation issue promises: realistic, complete, with two years."""

import json
from collections import Counter
from collections.abc import Callable
from datetime import date

import pytest

from buendnisatlas.graph import vocab
from buendnisatlas.graph.model import COUNTRY_AGS
from buendnisatlas.graph.sqlite_store import SqliteStore
from buendnisatlas.graph.vocab import NodeKind

from .conftest import CliResult

PFD = "pfd-msh"


@pytest.fixture
def demo(cli: Callable[..., CliResult], db_path: object) -> SqliteStore:
    assert cli("demo").code == 0
    return SqliteStore(str(db_path))


def test_demo_then_stats_json(cli: Callable[..., CliResult]) -> None:
    assert cli("demo").code == 0
    stats = json.loads(cli("stats", "--json").out)
    assert stats["nodes_by_kind"]["actor"] >= 150
    assert set(stats["actors_by_sector"]) == set(vocab.SECTORS)
    assert cli("demo", "--if-empty").code == 0  # a second `make run` leaves the data alone
    assert json.loads(cli("stats", "--json").out) == stats


def test_every_sector_and_at_least_eight_real_gemeinden(demo: SqliteStore) -> None:
    actors = demo.find_nodes(kind=NodeKind.ACTOR)
    assert Counter(a.sector for a in actors).keys() == set(vocab.SECTORS)
    gemeinden = {a.ags for a in actors if a.ags}  # type: ignore[attr-defined]
    assert len(gemeinden) >= 8
    known = {r.ags for r in demo.find_regions(prefix="15087")}
    assert gemeinden <= known, "every Gemeinde of the demo is in the shipped region table"


def test_the_partnership_has_its_bodies(demo: SqliteStore) -> None:
    parts = {r.source for r in demo.find_relations(node_id=PFD, type=vocab.RelationType.PART_OF)}
    bodies = {demo.get_node(p).subtype for p in parts if demo.get_node(p).kind == NodeKind.BODY}  # type: ignore[attr-defined]
    assert {"federführendes Amt", "Koordinierungs- und Fachstelle", "Jugendforum"} <= bodies
    assert bodies & {"Begleitausschuss", "Bündnis für Demokratie"}
    kinds = Counter(demo.get_node(p).kind for p in parts)
    assert kinds[NodeKind.WORKING_GROUP] >= 3
    assert kinds[NodeKind.PROJECT] >= 10
    alliances = demo.find_nodes(kind=NodeKind.ALLIANCE)
    assert {"Partnerschaft für Demokratie", "lokale Allianz"} <= {a.subtype for a in alliances}  # type: ignore[attr-defined]


def test_both_funds_and_conferences_in_two_years(demo: SqliteStore) -> None:
    funds = {p.fund for p in demo.find_nodes(kind=NodeKind.PROJECT)}  # type: ignore[attr-defined]
    assert {"action_fund", "youth_fund"} <= funds
    conferences = demo.find_nodes(kind=NodeKind.EVENT, subtype="Demokratiekonferenz")
    years = {c.date.year for c in conferences}  # type: ignore[attr-defined]
    assert len(years) >= 2
    for conference in conferences:
        assert demo.find_relations(node_id=conference.id, type=vocab.RelationType.PARTICIPATED_IN)


def test_advisory_services_cover_every_level(demo: SqliteStore) -> None:
    services = demo.find_nodes(kind=NodeKind.ADVISORY_SERVICE)
    assert len(services) >= 12
    levels = {len(a) if a != COUNTRY_AGS else 0 for s in services for a in s.area}  # type: ignore[attr-defined]
    assert {0, 2, 5, 8} <= levels  # Bund, Land, Kreis, Gemeinde
    assert all(s.topics and s.languages for s in services)  # type: ignore[attr-defined]


def test_two_years_differ(demo: SqliteStore) -> None:
    g24 = demo.subgraph(alliance=PFD, at=date(2024, 6, 30))
    g25 = demo.subgraph(alliance=PFD, at=date(2025, 6, 30))
    assert set(g24) != set(g25)
    assert set(g24.edges(keys=True)) != set(g25.edges(keys=True))


def test_persons_are_never_public(demo: SqliteStore) -> None:
    persons = demo.find_nodes(kind=NodeKind.ACTOR, form="person")
    assert len(persons) >= 10
    assert all(p.visibility != "public" for p in persons)
    assert not set(demo.subgraph(audience=vocab.Visibility.PUBLIC)) & {p.id for p in persons}
