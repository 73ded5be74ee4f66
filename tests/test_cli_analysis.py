"""gaps, metrics and diff from the command line: German output, --json/--csv, clear errors."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import CliResult

PFD = "pfd-msh"


@pytest.fixture
def demo_cli(cli: Callable[..., CliResult]) -> Callable[..., CliResult]:
    assert cli("demo").code == 0
    return cli


def test_dates_in_german_and_iso_form_give_the_same_report(demo_cli: Callable[..., CliResult]) -> None:
    german = demo_cli("gaps", PFD, "--at", "31.12.2025", "--json")
    iso = demo_cli("gaps", PFD, "--at", "2025-12-31", "--json")
    assert german.code == iso.code == 0
    assert json.loads(german.out) == json.loads(iso.out)
    assert json.loads(iso.out)["profile"] == "pfd"


def test_gaps_csv_has_one_row_per_gap(demo_cli: Callable[..., CliResult]) -> None:
    data = json.loads(demo_cli("gaps", PFD, "--at", "2025-12-31", "--json").out)
    rows = list(csv.DictReader(io.StringIO(demo_cli("gaps", PFD, "--at", "2025-12-31", "--csv").out), delimiter=";"))
    assert [r["kind"] for r in rows] == [g["kind"] for g in data["gaps"]]
    assert {"art", "schwere", "meldung", "vorschläge"} <= set(rows[0])
    assert rows[0]["schwere"] in {"hoch", "mittel", "niedrig"}


def test_metrics_json_csv_and_text(demo_cli: Callable[..., CliResult]) -> None:
    result = demo_cli("metrics", PFD, "--at", "22.11.2026", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["summary"]["actors"] == len(data["actors"]) == 79
    assert sorted(data["via"]) == ["body", "direct", "event", "project", "working_group"]

    rows = list(csv.DictReader(io.StringIO(demo_cli("metrics", PFD, "--at", "22.11.2026", "--csv").out), delimiter=";"))
    assert len(rows) == 79
    assert {"kennung", "name", "sektor", "verbindungen", "zwischenstellung", "abgeschnitten_ohne"} <= set(rows[0])

    text = demo_cli("metrics", PFD, "--at", "22.11.2026").out
    assert "Dichte" in text and "Wichtigste Vermittler" in text
    assert "Evangelische Kirchengemeinde Kelbra" in text  # the broker tops the list


def test_metrics_only_direct_ties(demo_cli: Callable[..., CliResult]) -> None:
    everything = json.loads(demo_cli("metrics", PFD, "--json").out)["summary"]["ties"]
    direct = json.loads(demo_cli("metrics", PFD, "--verbindungen", "direkt", "--json").out)["summary"]["ties"]
    assert 0 < direct < everything


def test_diff_json_and_text(demo_cli: Callable[..., CliResult]) -> None:
    result = demo_cli("diff", PFD, "--from", "30.06.2024", "--to", "2025-06-30", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert {m["id"] for m in data["members_joined"]} == {
        "afrikanisches-frauennetzwerk-eisleben",
        "person-zoe-wagner",
        "heimatverein-hergisdorf",
    }
    assert {"gaps_opened", "gaps_closed", "ties_formed", "ties_ended", "metrics"} <= set(data)
    text = demo_cli("diff", PFD, "--from", "30.06.2024", "--to", "30.06.2025").out
    assert "Neu dabei (3)" in text and "Ausgeschieden (3)" in text and "Geschlossene Lücken" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["gaps", PFD, "--at", "31.02.2025"], "kein gültiges Datum"),
        (["gaps", "gibt-es-nicht"], "Nichts mit der Kennung oder dem Namen"),
        (["gaps", "ak-schule-und-demokratie"], "gesucht: Bündnis"),
        (["diff", PFD, "--from", "2025-06-30", "--to", "2024-06-30"], "liegt vor --from"),
        (["metrics", PFD, "--verbindungen", "stammtisch"], "unbekannte Art von Verbindung"),
        (["gaps", PFD, "--profil", "/nirgends/profil.toml"], "kann nicht gelesen werden"),
    ],
)
def test_user_errors_are_german_and_exit_1(demo_cli: Callable[..., CliResult], args: list[str], message: str) -> None:
    result = demo_cli(*args)
    assert result.code == 1
    assert message in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("youth_seats = [", "keine gültige TOML-Datei"),
        ('[alliances."pfd-msh"]\nexpected_sectors = ["Landwirtschaft"]', "unbekannter Sektor „Landwirtschaft“"),
        ('[alliances."pfd-msh"]\nyouth_seats = -1', "ganze Zahl ≥ 0"),
        ('[alliances."pfd-msh"]\njugendsitze = 2', "unbekannter Eintrag „jugendsitze“"),
        ('[alliances."pfd-msh"]\nprofile = "gibts-nicht"', "unbekannte Profil"),
    ],
)
def test_a_bad_profile_file_is_explained(
    demo_cli: Callable[..., CliResult], tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "profil.toml"
    path.write_text(content, encoding="utf-8")
    result = demo_cli("gaps", PFD, "--profil", str(path))
    assert result.code == 1
    assert message in result.err


def test_a_profile_file_changes_what_is_expected(demo_cli: Callable[..., CliResult], tmp_path: Path) -> None:
    path = tmp_path / "profil.toml"
    path.write_text('[alliances."pfd-msh"]\nexpected_sectors = ["Verwaltung", "Zivilgesellschaft"]\n', encoding="utf-8")
    data = json.loads(demo_cli("gaps", PFD, "--profil", str(path), "--json").out)
    assert "missing_sector" not in {g["kind"] for g in data["gaps"]}


def test_an_alliance_without_gaps_says_so(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    folder = tmp_path / "netz"
    folder.mkdir()
    (folder / "elemente.csv").write_text(
        "id;name;typ;art;sektor;gemeinde\n"
        "netz;Kleines Netzwerk;Bündnis;Netzwerk;;\n"
        "amt;Stadtverwaltung;Organisation;;Verwaltung;\n"
        "verein;Bürgerverein;Organisation;;Zivilgesellschaft;\n"
        "verein2;Sportverein;Organisation;;Sport;\n",
        encoding="utf-8",
    )
    (folder / "beziehungen.csv").write_text(
        "von;nach;typ;seit\n"
        "amt;netz;Mitglied;01.01.2026\nverein;netz;Mitglied;01.01.2026\nverein2;netz;Mitglied;01.01.2026\n"
        "amt;verein;Kooperation;01.01.2026\nverein;verein2;Kooperation;01.01.2026\namt;verein2;Kooperation;01.01.2026\n",
        encoding="utf-8",
    )
    assert cli("import", str(folder)).code == 0
    result = cli("gaps", "Kleines Netzwerk", "--at", "30.06.2026")
    assert result.code == 0, result.err
    assert "Keine Lücken gefunden" in result.out
