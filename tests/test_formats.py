"""Our formats out and back, and the peers' formats in: what a coordinator or a Gephi user would open."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from buendnisatlas.graph.sqlite_store import SqliteStore
from buendnisatlas.graph.vocab import ActorForm, NodeKind, RelationType, Visibility
from buendnisatlas.importers.canonical import ImportFailed
from buendnisatlas.importers.detect import detect_format, read_any

from .conftest import CliResult, write_workbook


@pytest.fixture
def demo(demo_db_template: Path, db_path: Path) -> Path:
    shutil.copy(demo_db_template, db_path)
    return db_path


def contents(path: Path) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Every element's data and every relation of a store file, for comparing two stores."""
    with SqliteStore(path) as store:
        nodes = {n.id: n.data() for n in store.find_nodes()}
        relations = {r.key: r.model_dump() for r in store.find_relations()}
    return nodes, relations


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("graphml", "netz.graphml"),
        ("gexf", "netz.gexf"),
        ("csv", "ordner"),
        ("xlsx", "netz.xlsx"),
        ("json", "netz.json"),
    ],
)
def test_round_trip_through_every_export_format_is_lossless(
    cli: Callable[..., CliResult], demo: Path, tmp_path: Path, fmt: str, name: str
) -> None:
    out = tmp_path / name
    assert cli("export", "--format", fmt, str(out)).code == 0
    fresh = tmp_path / "fresh.db"
    assert cli("--store", f"sqlite:///{fresh}", "init").code == 0
    result = cli("--store", f"sqlite:///{fresh}", "import", "--json", str(out))
    assert result.code == 0, result.err
    assert json.loads(result.out)["warnings"] == []  # nothing had to be assumed
    nodes, relations = contents(fresh)
    expected_nodes, expected_relations = contents(demo)
    assert nodes == expected_nodes  # every attribute and visibility of all 237 elements, goals with their checks too
    assert relations == expected_relations  # every tie with role, voting, since, until, weight
    assert any(r["until"] for r in relations.values()) and any(n["visibility"] == "public" for n in nodes.values())
    goals = [n for n in nodes.values() if n["kind"] == "goal"]
    assert len(goals) == 16 and sum(bool(g["checks"]) for g in goals) == 9 and all(g["valid_from"] for g in goals)
    assert sum(r["type"] == "SERVES" for r in relations.values()) == 17


def test_re_importing_an_export_into_its_source_changes_nothing(
    cli: Callable[..., CliResult], demo: Path, tmp_path: Path
) -> None:
    cli("export", str(tmp_path / "netz.gexf"))
    report = json.loads(cli("import", "--json", str(tmp_path / "netz.gexf")).out)
    assert report["nodes"] == {"new": 0, "changed": 0, "unchanged": 237}
    assert report["relations"] == {"new": 0, "changed": 0, "unchanged": 748}


@pytest.mark.parametrize("name", ["oeffentlich.graphml", "oeffentlich.xlsx"])
def test_public_export_holds_only_public_non_persons_and_ties_between_them(
    cli: Callable[..., CliResult], demo: Path, tmp_path: Path, name: str
) -> None:
    assert cli("export", "--public", str(tmp_path / name)).code == 0
    fresh = tmp_path / "public.db"
    cli("--store", f"sqlite:///{fresh}", "init")
    assert cli("--store", f"sqlite:///{fresh}", "import", str(tmp_path / name)).code == 0
    exported, relations = contents(fresh)
    source, _ = contents(demo)
    public = {i for i, n in source.items() if n["visibility"] == "public" and n.get("form") != "person"}
    assert set(exported) == public
    assert all(r["source"] in public and r["target"] in public for r in relations.values())
    assert not any(n.get("form") == "person" for n in exported.values())


def test_export_refuses_to_overwrite_and_names_unknown_formats(
    cli: Callable[..., CliResult], demo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "netz.graphml"
    out.write_text("meins")
    assert cli("export", str(out)).code == 1 and out.read_text() == "meins"
    assert cli("export", "--force", str(out)).code == 0 and out.read_text() != "meins"
    result = cli("export", str(tmp_path / "netz.pdf"))
    assert result.code == 1 and "--format" in result.err
    result = cli("export", "--format", "csv", str(out))
    assert result.code == 1 and "Ordner" in result.err


def test_foreign_graphml_from_networkx_maps_attributes_and_lists_assumptions(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    G = nx.Graph()
    G.add_node(1, label="Stadtjugendring Eisleben", Bereich="Jugend", x=1.5, y=2.0)
    G.add_node(2, label="Caritas Sangerhausen", Bereich="Beratung", Kategorie="Organisation")
    G.add_node("Frau M.", Kategorie="Person")
    G.add_edge(1, 2)
    G.add_edge(2, "Frau M.", Beziehung="Kooperation")
    path = tmp_path / "gephi.graphml"
    nx.write_graphml(G, path)
    cli("init")
    result = cli(
        "import", "--json", "--map", "sektor=Bereich", "--map", "typ=Kategorie", "--map", "typ=Beziehung", str(path)
    )
    assert result.code == 0, result.out + result.err
    report = json.loads(result.out)
    messages = " ".join(w["message"] for w in report["warnings"])
    assert "Elemente ohne Typ sind Organisationen (1×" in messages
    assert "Knoten ohne Namen heißen wie ihre Kennung (1×" in messages
    assert "ungültige Kennungen" in messages  # "Frau M." is not a valid id
    assert "Beziehungen ohne Typ von Akteur zu Akteur sind „Kooperation“ (1×" in messages
    # x and y are a drawing (layout), not data: read silently
    assert not [w for w in report["warnings"] if "unbekannte Spalte" in w["message"]]
    with SqliteStore(tmp_path / "atlas.db") as store:
        youth = store.get_node("1")
        assert (youth.name, youth.sector, youth.kind) == ("Stadtjugendring Eisleben", "youth", NodeKind.ACTOR)
        person = store.get_node("frau-m")
        assert person.is_person and person.visibility == Visibility.RESTRICTED
        assert {r.type for r in store.find_relations()} == {RelationType.COOPERATES_WITH}


def test_foreign_gexf_with_gephi_label_and_weight(tmp_path: Path) -> None:
    G = nx.DiGraph()
    G.add_node("a", label="Jugendclub Roßla", typ="Initiative")
    G.add_node("b", label="Lokale Allianz Goldene Aue", typ="Bündnis")
    G.add_edge("a", "b", weight=3.0)
    path = tmp_path / "gephi.gexf"
    nx.write_gexf(G, path)
    assert detect_format([path]) == "gexf"
    fmt, plan = read_any([path])
    assert fmt == "gexf"
    (relation,) = plan.relations
    assert (relation.type, relation.weight) == (RelationType.MEMBER_OF, 3.0)
    assert plan.nodes[0].form == ActorForm.INITIATIVE


def kumu_workbook(path: Path) -> Path:
    elements: list[list[object]] = [
        ["Label", "Type", "Description", "Sektor", "Themen", "Gemeinde"],
        ["Stadtverwaltung Sangerhausen", "Organization", "Ordnungsamt", "Verwaltung", "", "Sangerhausen"],
        ["Jugendclub Roßla", "Initiative", "", "Jugend", "Partizipation|Rassismus", "15087375"],
        ["Maria Sommer", "Person", "", "Jugend", "", ""],
        ["Partnerschaft für Demokratie Südharz", "Bündnis", "", "", "Rechtsextremismus", ""],
        ["Stiftung Nord", "Funder", "", "", "", ""],
    ]
    connections: list[list[object]] = [
        ["From", "To", "Type", "Start Date", "Direction"],
        ["Jugendclub Roßla", "Partnerschaft für Demokratie Südharz", "Mitglied", "2024-02-01", "directed"],
        ["Maria Sommer", "Jugendclub Roßla", "", "", "mutual"],
        ["Stadtverwaltung Sangerhausen", "Partnerschaft für Demokratie Südharz", "member", "", "directed"],
    ]
    return write_workbook(path, {"Elements": elements, "Connections": connections})


def test_kumu_workbook_imports_with_labels_types_and_multi_values(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    path = kumu_workbook(tmp_path / "kumu-export.xlsx")
    cli("init")
    result = cli("import", "--json", str(path))
    assert result.code == 0, result.out + result.err
    messages = " ".join(w["message"] for w in json.loads(result.out)["warnings"])
    assert "Typ „Funder“ ist unbekannt" in messages and "Kennungen aus dem Namen gebildet" in messages
    with SqliteStore(tmp_path / "atlas.db") as store:
        club = store.get_node("jugendclub-rossla")
        assert (club.form, club.topics, club.ags) == (ActorForm.INITIATIVE, ["participation", "racism"], "15087375")
        assert store.get_node("stadtverwaltung-sangerhausen").ags == "15087370"  # Gemeinde by name
        assert store.get_node("maria-sommer").visibility == Visibility.RESTRICTED
        ties = {(r.source, r.type, r.target, r.since) for r in store.find_relations()}
    assert (
        "jugendclub-rossla",
        RelationType.MEMBER_OF,
        "partnerschaft-fuer-demokratie-suedharz",
        date(2024, 2, 1),
    ) in ties
    assert ("maria-sommer", RelationType.COOPERATES_WITH, "jugendclub-rossla", None) in ties
    assert len(ties) == 3


def test_kumu_json_and_an_ambiguous_label(tmp_path: Path) -> None:
    path = tmp_path / "kumu.json"
    path.write_text(
        json.dumps(
            {
                "elements": [
                    {"label": "Kulturverein", "type": "Organisation"},
                    {"label": "Kulturverein", "type": "Organisation"},
                    {"label": "Bündnis Süd", "type": "Bündnis", "attributes": {"sichtbarkeit": "öffentlich"}},
                ],
                "connections": [{"from": "Kulturverein", "to": "Bündnis Süd", "type": "Mitglied"}],
            }
        ),
        encoding="utf-8",
    )
    assert detect_format([path]) == "kumu"
    with pytest.raises(ImportFailed) as info:
        read_any([path])
    (problem,) = info.value.problems
    assert (problem.row, problem.column) == (1, "von") and "kulturverein, kulturverein-2" in problem.message


def test_onodo_workbook_imports_and_visible_does_not_publish_persons(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    nodes: list[list[object]] = [
        ["Name", "Type", "Description", "Visible"],
        ["Mobile Beratung Süd", "Organisation", "Beratung gegen Rechtsextremismus", True],
        ["Jonas Brückner", "Person", "", True],
        ["Fachtag Demokratie 2025", "Veranstaltung", "", True],
    ]
    relations: list[list[object]] = [
        ["Source", "Type", "Target", "Directional", "Date"],
        ["Jonas Brückner", "Teilnahme", "Fachtag Demokratie 2025", True, datetime(2025, 3, 14)],
        ["Mobile Beratung Süd", "", "Jonas Brückner", False, None],
    ]
    path = write_workbook(tmp_path / "onodo.xlsx", {"Nodes": nodes, "Relations": relations})
    assert detect_format([path]) == "onodo"
    cli("init")
    result = cli("import", "--json", str(path))
    assert result.code == 0, result.out + result.err
    with SqliteStore(tmp_path / "atlas.db") as store:
        person = store.get_node("jonas-brueckner")
        assert person.is_person and person.visibility == Visibility.RESTRICTED
        assert store.get_node("mobile-beratung-sued").note == "Beratung gegen Rechtsextremismus"
        visit = store.find_relations(type=RelationType.PARTICIPATED_IN)[0]
        assert (visit.source, visit.target, str(visit.since)) == (
            "jonas-brueckner",
            "fachtag-demokratie-2025",
            "2025-03-14",
        )
        assert len(store.find_relations(type=RelationType.COOPERATES_WITH)) == 1
