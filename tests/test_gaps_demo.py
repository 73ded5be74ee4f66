"""The gap report on the demo network finds the gaps LUECKEN.md describes, and nothing else.

Ids and numbers below are the ones ``buendnisatlas/demo/LUECKEN.md`` documents.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import networkx as nx
import pytest

from buendnisatlas.demo import DEMO_DIR
from buendnisatlas.graph.diff import diff
from buendnisatlas.graph.gaps import Gap, gaps
from buendnisatlas.graph.metrics import alliance_metrics
from buendnisatlas.graph.regions import reference_regions
from buendnisatlas.graph.sqlite_store import SqliteStore
from buendnisatlas.importers.canonical import import_canonical

from .conftest import CliResult

PFD = "pfd-msh"
STICHTAG = date(2026, 11, 22)
COMMITTEE = "pfd-msh-buendnis-fuer-demokratie"
BROKER = "ev-kirchengemeinde-kelbra"
CLUSTER = {
    "verein-lebendige-goldene-aue",
    "dorfgemeinschaft-edersleben",
    "jugendtreff-stausee-kelbra",
    "heimatverein-bruecken-hackpfueffel",
    "person-ingrid-sommerfeld",
}
EXPECTED = {
    ("missing_sector", "business"),
    ("uncovered_municipality", "15087031"),
    ("uncovered_municipality", "15087440"),
    ("uncovered_topic", "antigypsyism"),
    ("committee_civil_society_majority", COMMITTEE),
    ("committee_youth_seats", COMMITTEE),
    ("single_point_of_failure", BROKER),
    ("isolated_actor", "heimatverein-hergisdorf"),
    ("dormant_member", "buergerverein-benndorf"),
    ("dormant_member", "boxclub-kupferfaust-eisleben"),
}


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqliteStore]:
    store = SqliteStore(tmp_path_factory.mktemp("demo") / "demo.db")
    with store.transaction():
        store.upsert_regions(reference_regions())
        import_canonical(store, [DEMO_DIR])
    yield store
    store.close()


@pytest.fixture(scope="module")
def G(demo_store: SqliteStore) -> nx.MultiDiGraph:
    return demo_store.subgraph()


@pytest.fixture(scope="module")
def report(G: nx.MultiDiGraph, demo_store: SqliteStore) -> dict[tuple[str, str], Gap]:
    found = gaps(G, PFD, STICHTAG, regions=demo_store.find_regions(prefix="15087"))
    return {g.key: g for g in found}


def test_finds_exactly_the_built_in_gaps(report: dict[tuple[str, str], Gap]) -> None:
    assert set(report) == EXPECTED
    assert len(report) == len(EXPECTED)


def test_a_missing_wirtschaft_with_introduction_paths(report: dict[tuple[str, str], Gap]) -> None:
    gap = report[("missing_sector", "business")]
    assert gap.evidence["members"] == 79
    assert gap.evidence["members_by_sector"]["civil_society"] == 17
    suggested = {s.actor: s for s in gap.suggestions}
    assert "person-holger-wenzel" not in suggested  # persons are never proposed from outside
    # Those with a direct tie to a member come with a one-step introduction.
    assert suggested, "Wirtschaft actors exist in the store"
    for s in gap.suggestions:
        assert len(s.path) == 2 and s.path[-1]["actor"] == s.actor
    assert "kupferland-metallbau" in suggested
    assert suggested["kupferland-metallbau"].path[0]["actor"] in {"bildungszentrum-wipperaue", "jugendhaus-hettstedt"}


def test_b_arnstein_and_wallhausen_with_local_candidates(report: dict[tuple[str, str], Gap]) -> None:
    arnstein, wallhausen = (
        report[("uncovered_municipality", "15087031")],
        report[("uncovered_municipality", "15087440")],
    )
    assert arnstein.evidence["name"] == "Arnstein" and wallhausen.evidence["name"] == "Wallhausen"
    assert arnstein.evidence["municipalities_in_area"] == 22
    local_arnstein = {
        "stadt-arnstein-verwaltung",
        "heimatverein-sylda",
        "ev-kirchengemeinde-arnstein",
        "grundschule-wippertal-arnstein",
        "baeckerei-wenzel-toechter",
        "jugendclub-alte-schmiede-arnstein",
    }
    assert {s.actor for s in arnstein.suggestions} <= local_arnstein
    assert all(s.path for s in wallhausen.suggestions)


def test_c_antiziganismus_suggests_the_two_who_work_on_it(report: dict[tuple[str, str], Gap]) -> None:
    gap = report[("uncovered_topic", "antigypsyism")]
    suggested = {s.actor: s for s in gap.suggestions}
    assert set(suggested) == {"initiative-erinnerungsort-sinti-roma", "netzwerk-antiziganismus-melden"}
    assert suggested["initiative-erinnerungsort-sinti-roma"].path[0]["actor"] == "verein-buntes-eisleben"
    assert suggested["netzwerk-antiziganismus-melden"].path[0]["actor"] == "antidiskriminierungsbuero-suedharz"


def test_d_e_the_buendnis_fuer_demokratie(report: dict[tuple[str, str], Gap]) -> None:
    majority = report[("committee_civil_society_majority", COMMITTEE)]
    assert majority.evidence["voting_members"] == 15
    assert majority.evidence["voting_by_sector"]["administration"] == 5
    assert majority.evidence["voting_by_sector"]["politics"] == 3
    assert majority.evidence["civil_society_votes"] < 8
    youth = report[("committee_youth_seats", COMMITTEE)]
    assert youth.evidence["youth_representatives"] == ["person-lea-hoffmann"]
    assert youth.evidence["required"] == 2


def test_f_the_broker_and_the_cluster_it_holds(report: dict[tuple[str, str], Gap]) -> None:
    gap = report[("single_point_of_failure", BROKER)]
    assert gap.evidence["cut_off"] == 5
    assert set(gap.evidence["cut_off_actors"]) == CLUSTER


def test_g_h_isolated_and_dormant(report: dict[tuple[str, str], Gap]) -> None:
    assert report[("dormant_member", "buergerverein-benndorf")].evidence["last_activity"] == "2024-03-05"
    assert report[("dormant_member", "boxclub-kupferfaust-eisleben")].evidence["last_activity"] == "2024-03-05"
    assert "Heimatverein Hergisdorf" in report[("isolated_actor", "heimatverein-hergisdorf")].message
    assert report[("isolated_actor", "heimatverein-hergisdorf")].evidence["members"] == 79


def test_the_broker_is_the_only_articulation_point_in_the_metrics(G: nx.MultiDiGraph) -> None:
    metrics = alliance_metrics(G, PFD, STICHTAG)
    assert metrics.summary["actors"] == 79
    assert metrics.summary["articulation_points"] == 1
    assert {a for a, m in metrics.actors.items() if m["cut_off"]} == {BROKER}
    assert metrics.summary["isolates"] == 1


def test_diff_2024_to_2025_names_who_joined_and_left(G: nx.MultiDiGraph, demo_store: SqliteStore) -> None:
    d = diff(G, PFD, date(2024, 6, 30), date(2025, 6, 30), regions=demo_store.find_regions(prefix="15087"))
    assert {m["id"] for m in d.members_joined} == {
        "afrikanisches-frauennetzwerk-eisleben",
        "person-zoe-wagner",
        "heimatverein-hergisdorf",
    }
    assert {m["id"] for m in d.members_left} == {
        "mansfelder-stadtanzeiger",
        "person-jonas-brueckner",
        "vietnamesischer-verein-hettstedt",
    }
    opened = {g.key for g in d.gaps_opened}
    # The old Begleitausschuss had a civil-society majority and two youth seats; its successor has neither.
    assert ("committee_civil_society_majority", COMMITTEE) in opened
    assert ("committee_youth_seats", COMMITTEE) in opened
    assert ("isolated_actor", "heimatverein-hergisdorf") in opened
    assert d.metrics["actors"] == {"from": 79, "to": 79, "change": 0}


def test_cli_gaps_json_on_the_demo(cli: Callable[..., CliResult]) -> None:
    assert cli("demo").code == 0
    result = cli("gaps", PFD, "--at", "22.11.2026", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert {(g["kind"], g["subject"]) for g in data["gaps"]} == EXPECTED
    assert data["at"] == "2026-11-22"
    for gap in data["gaps"]:
        assert gap["severity"] in {"high", "medium", "low"}
        assert set(gap) >= {"kind", "severity", "message", "evidence", "suggestions"}


def test_cli_gaps_text_speaks_to_a_coordinator(cli: Callable[..., CliResult]) -> None:
    assert cli("demo").code == 0
    result = cli("gaps", "Partnerschaft für Demokratie Mansfeld-Südharz", "--at", "2026-11-22")
    assert result.code == 0, result.err
    assert "Im Bündnis fehlt der Sektor Wirtschaft" in result.out
    assert "Aus der Gemeinde Arnstein ist kein aktives Mitglied dabei" in result.out
    assert "Weg:" in result.out and "→" in result.out


def test_a_change_by_another_process_shows_in_the_next_report_though_views_are_kept(
    demo_db_template: Path, tmp_path: Path
) -> None:
    """Reports of one process keep the alliance's view; a write by anyone ends it."""
    from buendnisatlas.graph.model import Actor, Relation
    from buendnisatlas.services import View, Viewer
    from buendnisatlas.services.analysis import alliance_graph, gap_report

    db = tmp_path / "demo.db"
    db.write_bytes(demo_db_template.read_bytes())
    server, other = SqliteStore(db), SqliteStore(db)  # the server's connection, another process's
    view = View(server, Viewer.cli())
    kinds = {(g.kind, g.subject) for g in gap_report(view, PFD, STICHTAG).gaps}
    assert ("missing_sector", "business") in kinds
    kept = alliance_graph(view, server.get_node(PFD))
    assert alliance_graph(View(server, Viewer.cli()), server.get_node(PFD)) is kept
    with pytest.raises(nx.NetworkXError):  # read-only: no analysis can change what the next one reads
        kept.add_node("x")
    other.add_node(Actor(id="handwerk-sangerhausen", name="Handwerksbetrieb Sangerhausen", sector="business"))
    other.add_relation(Relation(source="handwerk-sangerhausen", target=PFD, type="MEMBER_OF", since=date(2026, 1, 1)))
    kinds = {(g.kind, g.subject) for g in gap_report(View(server, Viewer.cli()), PFD, STICHTAG).gaps}
    assert ("missing_sector", "business") not in kinds
    server.close()
    other.close()
