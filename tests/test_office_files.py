"""Excel workbooks and text files as German office software writes them."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from buendnisatlas.graph.sqlite_store import SqliteStore
from buendnisatlas.graph.vocab import RelationType
from buendnisatlas.importers.canonical import ImportFailed, import_canonical
from buendnisatlas.importers.frames import read_dataframe, to_dataframe, to_networkx

from .conftest import CliResult, write_workbook


def test_excel_workbook_with_real_cells_imports_and_twice_changes_nothing(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    path = write_workbook(
        tmp_path / "Netzwerk Südharz.xlsx",
        {
            "Hinweise": [["Diese Liste pflegt die Koordinierungsstelle."]],
            "Elemente": [
                [" Typ ", "NAME", "Kennung", "Gemeinde", "Datum", "Budget", "Sichtbarkeit"],
                ["Organisation", "  Heimatverein Roßla  ", "hv-rossla", 15087375, None, None, "öffentlich"],
                ["Veranstaltung", "Fachtag Demokratie", "fachtag", "Sangerhausen", datetime(2025, 9, 18), None, None],
                ["Projekt", "Mut-Projekt", "mut", None, None, 2500.5, None],
                [None, None, None, None, None, None, None],
                [None, None, None, None, None, None, None],
            ],
            "Relations": [
                ["from", "to", "type", "since", "until"],
                ["hv-rossla", "fachtag", "Teilnahme", "18.09.2025", None],
                ["hv-rossla", "mut", "leitet", date(2025, 1, 1), datetime(2025, 12, 31)],
            ],
        },
    )
    cli("init")
    first = json.loads(cli("import", "--json", str(path)).out)
    assert first["nodes"]["new"] == 3 and first["relations"]["new"] == 2
    with SqliteStore(tmp_path / "atlas.db") as store:
        club = store.get_node("hv-rossla")
        assert (club.name, club.ags, club.visibility) == ("Heimatverein Roßla", "15087375", "public")
        assert store.get_node("fachtag").date == date(2025, 9, 18)  # type: ignore[attr-defined]
        assert store.get_node("fachtag").ags == "15087370"  # type: ignore[attr-defined]
        assert store.get_node("mut").budget == 2500.5  # type: ignore[attr-defined]
        lead = store.find_relations(type=RelationType.LEADS)[0]
        assert (lead.since, lead.until) == (date(2025, 1, 1), date(2025, 12, 31))
    second = json.loads(cli("import", "--json", str(path)).out)
    assert second["nodes"] == {"new": 0, "changed": 0, "unchanged": 3}
    assert second["relations"] == {"new": 0, "changed": 0, "unchanged": 2}


def test_excel_unicode_text_is_utf16_with_tabs(store: SqliteStore, tmp_path: Path) -> None:
    folder = tmp_path / "unicode"
    folder.mkdir()
    text = "id\tname\ttyp\tsektor\nmsv\tMigrantenselbstorganisation Döner & Dialog\tInitiative\tMigration\n"
    (folder / "elemente.txt").write_bytes(text.encode("utf-16"))
    import_canonical(store, [folder])
    assert store.get_node("msv").name == "Migrantenselbstorganisation Döner & Dialog"


def test_a_changed_workbook_reports_new_changed_unchanged(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["id", "name", "typ"],
        ["a", "Verein A", "Organisation"],
        ["b", "Verein B", "Organisation"],
    ]
    cli("import", str(write_workbook(tmp_path / "v1.xlsx", {"Elemente": rows})))
    rows[2][1] = "Verein B (neu)"
    rows.append(["c", "Verein C", "Organisation"])
    report = json.loads(cli("import", "--json", str(write_workbook(tmp_path / "v2.xlsx", {"Elemente": rows}))).out)
    assert report["nodes"] == {"new": 1, "changed": 1, "unchanged": 1}


def test_dry_run_of_a_workbook_writes_nothing(cli: Callable[..., CliResult], db_path: Path, tmp_path: Path) -> None:
    cli("init")
    before = db_path.read_bytes()
    path = write_workbook(
        tmp_path / "netz.xlsx", {"Elemente": [["id", "name", "typ"], ["a", "Verein A", "Organisation"]]}
    )
    assert json.loads(cli("import", "--dry-run", "--json", str(path)).out)["nodes"]["new"] == 1
    assert db_path.read_bytes() == before


def test_dataframes_round_trip_the_demo(demo_db_template: Path) -> None:
    with SqliteStore(demo_db_template) as store:
        G = store.subgraph()
    elements, relations = to_dataframe(G)
    assert isinstance(elements, pd.DataFrame) and len(elements) == 237 and len(relations) == 748
    assert elements.set_index("id").loc["pfd-msh", "topics"][0] == "right_wing_extremism"
    again = to_networkx(read_dataframe(elements, relations))
    assert dict(again.nodes(data=True)) == dict(G.nodes(data=True))
    assert sorted(again.edges(keys=True, data=True)) == sorted(G.edges(keys=True, data=True))


def test_a_bad_dataframe_cell_is_named_by_spreadsheet_row() -> None:
    frame = pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "type": ["organisation", "Verien"]})
    with pytest.raises(ImportFailed) as info:
        read_dataframe(frame)
    assert [(p.row, p.column) for p in info.value.problems] == [(3, "typ")]
