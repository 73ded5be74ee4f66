"""A corpus of malformed office files: each import fails with exit 1, names the right place, and writes nothing.

The files are generated here rather than committed, so each case shows what is wrong
with it. Every case runs through the real CLI against a real SQLite file that already
holds the demo network; its bytes must be the same afterwards.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from buendnisatlas.graph.sqlite_store import SqliteStore

from .conftest import CliResult, file_hash, write_workbook

HEAD = "id;name;typ;sektor;gemeinde;themen;datum;budget\n"
GOOD = "verein-x;Jugendförderverein Roßla;Organisation;Jugend;15087375;Partizipation;;\n"
REL_HEAD = "von;nach;typ;rolle;stimmberechtigt;seit;bis;gewicht\n"


def xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        return write_workbook(Path(tmp) / "x.xlsx", sheets).read_bytes()


Where = tuple[str, int | None, str | None]
# case id → (files to write, every problem expected as (file, row, column))
CORPUS: dict[str, tuple[dict[str, bytes], list[Where]]] = {
    "cp1252_unknown_type": (
        {"elemente.csv": (HEAD + GOOD + "verein-y;Heimatverein Großörner;Verien;;;;;\n").encode("cp1252")},
        [("elemente.csv", 3, "typ")],
    ),
    "utf8_bom_comma_impossible_date": (
        {
            "elemente.csv": (
                "\ufeff" + (HEAD + "dk;Demokratiekonferenz Süd;Veranstaltung;;;;31.02.2025;\n").replace(";", ",")
            ).encode()
        },
        [("elemente.csv", 2, "datum")],
    ),
    "utf16_tab_short_ags": (
        {"elemente.csv": (HEAD + "v;Verein Öko;Organisation;;1508737;;;\n").replace(";", "\t").encode("utf-16")},
        [("elemente.csv", 2, "gemeinde")],
    ),
    "comma_in_unquoted_name": (
        {
            "elemente.csv": (HEAD + GOOD + "v2;Kirche, Diakonie und Schule;Organisation;Kirche;15087375;;;500\n")
            .replace(";", ",")
            .encode()
        },
        [("elemente.csv", 3, None)],
    ),
    "unknown_sector_and_topic": (
        {"elemente.csv": (HEAD + "v;Hof Müller;Organisation;Landwirtschaft;;Rechtsextremismus|Klima;;\n").encode()},
        [("elemente.csv", 2, "sektor"), ("elemente.csv", 2, "themen")],
    ),
    "duplicate_id": (
        {"elemente.csv": (HEAD + GOOD + GOOD.replace("Roßla", "Rossla")).encode()},
        [("elemente.csv", 3, "id")],
    ),
    "invalid_id_with_space": (
        {"elemente.csv": (HEAD + "verein x;Verein X;Organisation;;;;;\n").encode()},
        [("elemente.csv", 2, "id")],
    ),
    "missing_name_and_type": (
        {"elemente.csv": (HEAD + GOOD + "v3;;;;;;;\n").encode()},
        [("elemente.csv", 3, "name"), ("elemente.csv", 3, "typ")],
    ),
    "budget_not_a_number": (
        {"elemente.csv": (HEAD + "p;Projekt Mut;Projekt;;;;;viel\n").encode()},
        [("elemente.csv", 2, "budget")],
    ),
    "sector_on_a_project": (
        {"elemente.csv": (HEAD + "p;Projekt Mut;Projekt;Jugend;;;;\n").encode()},
        [("elemente.csv", 2, "sektor")],
    ),
    "unknown_gemeinde_name": (
        {"elemente.csv": (HEAD + "v;Verein;Organisation;;Entenhausen;;;\n").encode()},
        [("elemente.csv", 2, "gemeinde")],
    ),
    "ambiguous_gemeinde_name": (
        {
            # a second Sangerhausen in the demo alliance's own Kreis: the context cannot decide
            "regionen.csv": b"ags;name\n15087999;Sangerhausen\n",
            "elemente.csv": (HEAD + "v;Verein;Organisation;;Sangerhausen;;;\n").encode(),
        },
        [("elemente.csv", 2, "gemeinde")],
    ),
    "missing_required_column": (
        {"elemente.csv": b"id;name;sektor\nv;Verein;Jugend\n"},
        [("elemente.csv", 1, "typ")],
    ),
    "duplicate_header": (
        {"elemente.csv": b"id;name;typ;Typ\nv;Verein;Organisation;Person\n"},
        [("elemente.csv", 1, "Typ")],
    ),
    "dangling_references": (
        {
            "beziehungen.csv": (
                REL_HEAD + "gibts-nicht;pfd-msh;Mitglied;;;;;\npfd-msh-kofa;auch-nicht;Mitglied;;;;;\n"
            ).encode()
        },
        [("beziehungen.csv", 2, "von"), ("beziehungen.csv", 3, "nach")],
    ),
    "relation_dates_bad_and_reversed": (
        {
            "beziehungen.csv": (
                REL_HEAD
                + "verein-x;pfd-msh;Mitglied;;;2024-13-01;;\nverein-x;pfd-msh;Mitglied;;;02.01.2024;01.01.2024;\n"
            ).encode(),
            "elemente.csv": (HEAD + GOOD).encode(),
        },
        [("beziehungen.csv", 2, "seit"), ("beziehungen.csv", 3, "bis")],
    ),
    "relation_type_unknown_and_wrong_direction": (
        {
            "beziehungen.csv": (
                REL_HEAD + "pfd-msh-kofa;pfd-msh;befreundet;;;;;\npfd-msh;pfd-msh-kofa;Mitglied;;;;;\n"
            ).encode()
        },
        [("beziehungen.csv", 2, "typ"), ("beziehungen.csv", 3, "typ")],
    ),
    "weight_and_voting_invalid": (
        {
            "beziehungen.csv": (
                REL_HEAD + "lk-msh-jugendamt;pfd-msh-begleitausschuss;Mitglied;;vielleicht;;;-1\n"
            ).encode()
        },
        [("beziehungen.csv", 2, "stimmberechtigt"), ("beziehungen.csv", 2, "gewicht")],
    ),
    "region_key_invalid": (
        {"regionen.csv": b"ags;name\n1508;Irgendwo\n"},
        [("regionen.csv", 2, "ags")],
    ),
    "empty_file": ({"elemente.csv": b""}, [("elemente.csv", None, None)]),
    "only_separators": ({"elemente.csv": b"\r\n;;;\r\n"}, [("elemente.csv", None, None)]),
    "png_renamed_csv": (
        {"elemente.csv": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))},
        [("elemente.csv", None, None)],
    ),
    "zip_renamed_xlsx": ({"netz.xlsx": b"PK\x03\x04" + bytes(200)}, [("netz.xlsx", None, None)]),
    "xlsx_missing_sheets": (
        {"netz.xlsx": xlsx({"Tabelle1": [["id", "name", "typ"], ["v", "Verein", "Organisation"]]})},
        [("netz.xlsx", None, None)],
    ),
    "xlsx_bad_cells": (
        {
            "netz.xlsx": xlsx(
                {
                    "Elemente": [
                        ["ID", "Name", "Typ"],
                        ["v", "Verein", "Organisation"],
                        [None, None, None],
                        ["w", "Wer?", "Stammtisch"],
                    ],
                    "Beziehungen": [["Von", "Nach", "Typ", "Seit"], ["v", "pfd-msh", "Mitglied", "gestern"]],
                }
            )
        },
        [("netz.xlsx [Elemente]", 4, "typ"), ("netz.xlsx [Beziehungen]", 2, "seit")],
    ),
    "xlsx_empty_relations_sheet": (
        {"netz.xlsx": xlsx({"Elemente": [["id", "name", "typ"], ["v", "Verein", "Organisation"]], "Beziehungen": []})},
        [("netz.xlsx [Beziehungen]", None, None)],
    ),
    "xlsx_english_sheets_without_id_column": (
        {
            "netz.xlsx": xlsx(
                {"Elements": [["Name", "Type"], ["Verein", "Organisation"]], "Relations": [["From", "To"]]}
            )
        },
        [("netz.xlsx [Elements]", 1, "id"), ("netz.xlsx [Relations]", 1, "typ")],
    ),
    "json_syntax_error": ({"netz.json": b'{"elemente": [\n  {"id": "v",}\n]}'}, [("netz.json", 2, None)]),
    "graphml_broken_xml": ({"netz.graphml": b"<graphml><graph><node id='a'></graph>"}, [("netz.graphml", 1, None)]),
}


@pytest.fixture
def loaded(demo_db_template: Path, db_path: Path) -> Iterator[Path]:
    shutil.copy(demo_db_template, db_path)
    yield db_path


def test_the_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 20


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_malformed_file_is_refused_with_its_place_and_the_store_unchanged(
    cli: Callable[..., CliResult], loaded: Path, tmp_path: Path, case: str
) -> None:
    files, expected = CORPUS[case]
    folder = tmp_path / case
    folder.mkdir()
    for name, content in files.items():
        (folder / name).write_bytes(content)
    target = folder if len(files) > 1 or next(iter(files)).endswith(".csv") else folder / next(iter(files))
    before = file_hash(loaded)

    result = cli("import", "--json", str(target))

    assert result.code == 1, result.err
    problems = json.loads(result.out)["problems"]
    assert [(p["file"], p["row"], p["column"]) for p in problems] == expected
    assert all(p["message"] for p in problems)
    assert "nichts gespeichert" in result.err
    assert "Traceback" not in result.err
    assert file_hash(loaded) == before


def test_text_report_names_file_row_column_and_value_in_german(
    cli: Callable[..., CliResult], loaded: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "bericht"
    folder.mkdir()
    (folder / "elemente.csv").write_bytes(CORPUS["cp1252_unknown_type"][0]["elemente.csv"])
    result = cli("import", str(folder))
    assert result.code == 1
    assert (
        "elemente.csv, Zeile 3, Spalte „typ“ (Wert „Verien“): unbekannter Typ; erlaubt: Organisation, Person"
        in result.err
    )


def test_umlauts_of_a_windows_file_survive(cli: Callable[..., CliResult], loaded: Path, tmp_path: Path) -> None:
    folder = tmp_path / "umlaute"
    folder.mkdir()
    (folder / "elemente.csv").write_bytes((HEAD + GOOD).encode("cp1252"))
    assert cli("import", str(folder)).code == 0
    assert SqliteStore(loaded).get_node("verein-x").name == "Jugendförderverein Roßla"
