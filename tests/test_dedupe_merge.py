"""Duplicates across sources: suggested with reasons, merged only on request, no tie lost."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from buendnisatlas.graph.model import Actor, Alliance, Body, Relation
from buendnisatlas.graph.sqlite_store import SqliteStore
from buendnisatlas.importers.dedupe import likely_duplicates

from .conftest import CliResult, file_hash


@pytest.fixture
def doubled(db_path: Path) -> Path:
    """Two sources met: the city administration and a youth club are in the store twice."""
    with SqliteStore(db_path) as store, store.transaction():
        store.upsert_nodes(
            [
                Alliance(id="pfd", name="Partnerschaft für Demokratie", visibility="public"),
                Body(id="ba", name="Begleitausschuss"),
                Actor(
                    id="sv",
                    name="Stadtverwaltung Sangerhausen",
                    sector="administration",
                    ags="15087370",
                    contact="buergerbuero@sangerhausen.example",
                    visibility="public",
                ),
                Actor(
                    id="sv-2",
                    name="Stadt Sangerhausen – Verwaltung",
                    ags="15087370",
                    contact="ordnungsamt@sangerhausen.example",
                    topics=["violence_prevention"],
                    website="https://sangerhausen.example",
                    visibility="restricted",
                ),
                Actor(id="jc", name="Jugendclub Roßla", sector="youth", ags="15087375"),
                Actor(id="jc-2", name="Jugendclub Rossla e. V.", sector="youth", ags="15087375"),
                Actor(id="kjr", name="Kreis-Kinder- und Jugendring", sector="youth"),
                Actor(id="hv", name="Heimatverein Sangerhausen", sector="culture", ags="15087370"),
            ]
        )
        store.upsert_relations(
            [
                Relation(source="sv", target="pfd", type="MEMBER_OF", since=date(2020, 1, 1)),
                Relation(source="sv-2", target="pfd", type="MEMBER_OF", since=date(2020, 1, 1)),
                Relation(source="sv-2", target="ba", type="MEMBER_OF", role="Ordnungsamt", voting=True),
                Relation(source="kjr", target="sv-2", type="COOPERATES_WITH", until=date(2024, 12, 31)),
                Relation(source="sv", target="sv-2", type="COOPERATES_WITH"),
            ]
        )
    return db_path


def test_dedupe_suggests_the_pairs_with_reasons_and_changes_nothing(
    cli: Callable[..., CliResult], doubled: Path
) -> None:
    before = file_hash(doubled)
    result = cli("dedupe", "--json")
    assert result.code == 0
    pairs = {(c["a"], c["b"]): c for c in json.loads(result.out)["candidates"]}
    assert set(pairs) == {("sv", "sv-2"), ("jc", "jc-2")}
    assert "gleiche E-Mail-Domain sangerhausen.example" in pairs[("sv", "sv-2")]["reasons"]
    assert file_hash(doubled) == before
    assert "buendnisatlas merge" in cli("dedupe").out


def test_different_towns_and_different_offices_are_not_duplicates(doubled: Path) -> None:
    with SqliteStore(doubled) as store:
        G = store.subgraph()
    G.add_node("sv-3", kind="actor", form="organisation", name="Stadtverwaltung Hettstedt", ags="15087220")
    G.add_node("lk-1", kind="actor", form="organisation", name="Landkreis Mansfeld-Südharz – Jugendamt")
    G.add_node("lk-2", kind="actor", form="organisation", name="Landkreis Mansfeld-Südharz – Sozialamt")
    found = {(c.a, c.b) for c in likely_duplicates(G)}
    assert found == {("sv", "sv-2"), ("jc", "jc-2")}


def test_merge_keeps_every_relation_and_fills_empty_fields(cli: Callable[..., CliResult], doubled: Path) -> None:
    result = cli("merge", "--yes", "--json", "sv", "Stadt Sangerhausen – Verwaltung")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["dropped_between"] == ["sv|COOPERATES_WITH|sv-2|"]
    assert report["already_there"] == ["sv|MEMBER_OF|pfd|2020-01-01"]
    with SqliteStore(doubled) as store:
        kept = store.get_node("sv")
        assert (kept.sector, kept.topics, kept.website) == (
            "administration",
            ["violence_prevention"],
            "https://sangerhausen.example",
        )
        assert kept.visibility == "restricted"  # the stricter of the two wins
        assert kept.note == "Zusammengeführt mit „Stadt Sangerhausen – Verwaltung“ (sv-2)"
        assert [n.id for n in store.find_nodes(name="Stadt Sangerhausen – Verwaltung")] == []
        ties = {r.key: r for r in store.find_relations(node_id="sv")}
    assert set(ties) == {"sv|MEMBER_OF|pfd|2020-01-01", "sv|MEMBER_OF|ba|", "kjr|COOPERATES_WITH|sv|"}
    assert (ties["sv|MEMBER_OF|ba|"].role, ties["sv|MEMBER_OF|ba|"].voting) == ("Ordnungsamt", True)
    assert ties["kjr|COOPERATES_WITH|sv|"].until == date(2024, 12, 31)


def test_merge_asks_first_and_a_no_leaves_everything(cli: Callable[..., CliResult], doubled: Path) -> None:
    before = file_hash(doubled)
    result = cli("merge", "jc", "jc-2")  # no terminal to answer the question
    assert result.code == 1 and "--yes" in result.err
    assert file_hash(doubled) == before
    preview = cli("merge", "--dry-run", "jc", "jc-2")
    assert preview.code == 0 and "Probelauf" in preview.out
    assert file_hash(doubled) == before


@pytest.mark.parametrize(
    ("a", "b", "message"),
    [("sv", "pfd", "verschiedene Arten"), ("sv", "sv", "mit sich selbst"), ("sv", "gibts-nicht", "gefunden")],
)
def test_merge_refuses_what_cannot_be_one(
    cli: Callable[..., CliResult], doubled: Path, a: str, b: str, message: str
) -> None:
    before = file_hash(doubled)
    result = cli("merge", "--yes", a, b)
    assert result.code == 1 and message in result.err
    assert file_hash(doubled) == before
