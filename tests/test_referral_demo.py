"""The demo network's advisory services answer sensible lookups for every demo Gemeinde.

Expectations come from the data itself (the services' areas in ``elemente.csv``) and from
``LUECKEN.md`` (reference date, stale entries), never from the lookup's own output.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import networkx as nx
import pytest

from buendnisatlas.demo import DEMO_ALLIANCE, DEMO_DIR
from buendnisatlas.graph.model import Region
from buendnisatlas.graph.referral import ReferralAnswer, ServiceIndex, directory
from buendnisatlas.graph.regions import RegionIndex, reference_regions
from buendnisatlas.graph.sqlite_store import SqliteStore
from buendnisatlas.graph.visibility import may_show
from buendnisatlas.graph.vocab import TOPICS, NodeKind, RelationType
from buendnisatlas.importers.canonical import import_canonical

from .conftest import CliResult

DEMO_TODAY = date(2026, 11, 22)  # Stichtag in LUECKEN.md
KREIS = "15087"
# Services of other Länder in the demo (areas 16, 14, 03): never an answer in Mansfeld-Südharz.
ELSEWHERE = {
    "beratung-mobile-beratung-thueringen",
    "beratung-opferberatung-thueringen",
    "beratung-betroffenenberatung-sachsen",
    "beratung-mobile-beratung-niedersachsen",
}


@pytest.fixture(scope="module")
def demo_index(tmp_path_factory: pytest.TempPathFactory) -> ServiceIndex:
    store = SqliteStore(tmp_path_factory.mktemp("demo") / "atlas.db")
    store.upsert_regions(reference_regions())
    import_canonical(store, [DEMO_DIR])
    index = ServiceIndex(store.subgraph(), RegionIndex(store.find_regions()))
    store.close()
    return index


@pytest.fixture(scope="module")
def gemeinden() -> list[Region]:
    found = [r for r in reference_regions() if r.level == "Gemeinde" and r.ags.startswith(KREIS)]
    assert len(found) == 22, "LUECKEN.md: actors in all 22 Gemeinden of the Kreis"
    return found


@pytest.fixture
def ask(demo_index: ServiceIndex) -> Callable[..., ReferralAnswer]:
    def lookup(**kwargs: object) -> ReferralAnswer:
        return demo_index.find(today=DEMO_TODAY, **kwargs)  # type: ignore[arg-type]

    return lookup


def specificity(key: str) -> int:
    return 0 if key == "DE" else len(key)


def gemeinde_services(G: nx.MultiDiGraph, topic: str) -> dict[str, set[str]]:
    """Services on ``topic`` that name single Gemeinden, with those Gemeinden (from the CSV data)."""
    return {
        n: {k for k in a["area"] if len(k) == 8}
        for n, a in G.nodes(data=True)
        if a.get("kind") == NodeKind.ADVISORY_SERVICE
        and topic in a.get("topics", [])
        and any(len(k) == 8 for k in a["area"])
    }


def test_right_wing_extremism_has_local_help_in_every_gemeinde(
    ask: Callable[..., ReferralAnswer], gemeinden: list[Region]
) -> None:
    for gemeinde in gemeinden:
        answer = ask(topic="Rechtsextremismus", place=gemeinde.ags)
        found = [r.id for r in answer.results]
        assert answer.fallback is None, gemeinde.name
        assert {"beratung-mobile-beratung-msh", "beratung-opferberatung-sued"} <= set(found)
        assert not ELSEWHERE & set(found)
        levels = [specificity(r.coverage_ags) for r in answer.results]
        assert levels == sorted(levels, reverse=True), "most local first"
        assert all(gemeinde.ags.startswith(r.coverage_ags) or r.coverage_ags == "DE" for r in answer.results)


def test_gemeinde_services_come_first_exactly_where_they_are_responsible(
    ask: Callable[..., ReferralAnswer], demo_index: ServiceIndex, gemeinden: list[Region]
) -> None:
    local = gemeinde_services(demo_index.G, "racism")
    assert len(local) == 2  # the two Antidiskriminierung offices
    for gemeinde in gemeinden:
        answer = ask(topic="Rassismus", place=gemeinde.name)
        assert answer.place.ags == gemeinde.ags
        responsible = {s for s, area in local.items() if gemeinde.ags in area}
        first = answer.results[0]
        if responsible:
            assert first.id in responsible and first.coverage_level == "Gemeinde", gemeinde.name
        else:
            assert first.coverage_level == "Kreis", gemeinde.name
        assert not (set(local) - responsible) & {r.id for r in answer.results}


def test_a_topic_without_local_services_falls_back_to_nationwide(
    ask: Callable[..., ReferralAnswer], gemeinden: list[Region]
) -> None:
    for gemeinde in gemeinden:
        answer = ask(topic="Antiziganismus", place=gemeinde.ags)
        assert answer.fallback == "nationwide"
        assert [r.id for r in answer.results] == ["beratung-meldestelle-antiziganismus"]
        assert "Kein Angebot vor Ort" in answer.message


def test_every_topic_everywhere_gives_results_or_a_next_step(
    ask: Callable[..., ReferralAnswer], gemeinden: list[Region]
) -> None:
    for gemeinde in gemeinden:
        for topic in TOPICS:
            answer = ask(topic=topic, place=gemeinde.ags, target_group="Betroffene", language="Arabisch")
            assert answer.results or "Nächster Schritt" in answer.message, (gemeinde.name, topic)
            if answer.fallback is not None:
                assert answer.message.startswith("Kein Angebot vor Ort")


def test_public_lookups_hide_network_services_and_private_paths(
    ask: Callable[..., ReferralAnswer], demo_index: ServiceIndex, gemeinden: list[Region]
) -> None:
    G = demo_index.G
    for gemeinde in gemeinden:
        full = ask(topic="Rechtsextremismus", place=gemeinde.ags, origin=DEMO_ALLIANCE)
        public = ask(topic="Rechtsextremismus", place=gemeinde.ags, origin=DEMO_ALLIANCE, audience="public")
        assert "beratung-schulen-rechte-vorfaelle-msh" in {r.id for r in full.results}
        assert all(may_show(G.nodes[r.id], "public") for r in public.results)
        for result in public.results:
            if result.warm_path:
                for step in result.warm_path.steps:
                    assert may_show(G.nodes[step.source], "public") and may_show(G.nodes[step.target], "public")


def test_member_operators_are_one_step_away(ask: Callable[..., ReferralAnswer], demo_index: ServiceIndex) -> None:
    G = demo_index.G
    members = {
        u
        for u, v, d in G.in_edges(DEMO_ALLIANCE, data=True)
        if d["type"] == RelationType.MEMBER_OF and d.get("until") is None
    }
    offered = {v: u for u, v, d in G.edges(data=True) if d["type"] == RelationType.OFFERS and u in members}
    assert offered, "LUECKEN.md names member operators"
    checked = 0
    for gemeinde in ("15087370", "15087130"):
        for topic in ("Rechtsextremismus", "Rassismus", "Antidiskriminierung"):
            for result in ask(topic=topic, place=gemeinde, origin=DEMO_ALLIANCE).results:
                if result.id in offered:
                    name = G.nodes[offered[result.id]]["name"]
                    assert result.warm_path is not None
                    assert result.warm_path.text == f"{name} in Ihrem Bündnis ist Träger des Angebots."
                    checked += 1
    assert checked


def test_stale_entries_are_those_luecken_md_names(demo_index: ServiceIndex) -> None:
    entries = directory(demo_index.G, demo_index.regions, today=DEMO_TODAY)
    assert len(entries) == 17
    assert {e["id"] for e in entries if e["stale"]} == {
        "beratung-opferberatung-sued",
        "beratung-online-jugend-hass-im-netz",
        "beratung-ausstieg-ost",
        "beratung-opferberatung-thueringen",
        "beratung-vereinsberatung-demokratie",
    }
    assert len(directory(demo_index.G, demo_index.regions, audience="public", today=DEMO_TODAY)) == 15


def test_cli_on_the_demo(cli: Callable[..., CliResult], db_path: Path) -> None:
    assert cli("demo").code == 0
    result = cli(
        "referral", "--topic", "Rassismus", "--ort", "Sangerhausen", "--language", "ar", "--from", DEMO_ALLIANCE
    )
    assert result.code == 0, result.err
    assert (
        result.out.splitlines()[0]
        == "Beratung zu „Rassismus“ – Sangerhausen (Gemeinde, Mansfeld-Südharz, Sachsen-Anhalt)"
    )
    assert "1. Antidiskriminierungsberatung Sangerhausen und Goldene Aue" in result.out
    assert "Kontaktweg:" in result.out
