"""Indicator export of the demo network: the numbers of LUECKEN.md, and nothing of any element leaks."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from buendnisatlas.demo import DEMO_DIR

from .conftest import CliResult
from .test_indicators import assert_not_deducible

AT = "2026-11-22"
# Counts of actors: each is 0, at least 3, or "<3" in any export.
ACTOR_COUNT_PREFIXES = (
    "members_",
    "committee_voting_members",
    "committee_youth_seats",
    "single_points_of_failure",
    "gaps_single_point_of_failure",
    "gaps_isolated_actor",
    "gaps_dormant_member",
)


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both demo alliances exported once through the CLI (a real SQLite file)."""
    from buendnisatlas.api.cli import run

    folder = tmp_path_factory.mktemp("kennzahlen")
    url = f"sqlite:///{folder / 'demo.db'}"
    assert run(["--store", url, "demo"]) == 0
    paths = {}
    for alliance in ("pfd-msh", "lokale-allianz-goldene-aue"):
        paths[alliance] = folder / f"{alliance}.json"
        assert run(["--store", url, "indicators", alliance, "--at", AT, "-o", str(paths[alliance])]) == 0
    return paths


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def values(path: Path) -> dict[str, Any]:
    return {i["key"]: i["value"] for i in load(path)["indicators"]}


def demo_secrets() -> set[str]:
    """Every id, name, contact, website and note in the demo store (relations hold ids only)."""
    found: set[str] = set()
    with (DEMO_DIR / "elemente.csv").open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            found.update(row[c].strip() for c in ("id", "name", "kontakt", "webseite", "notiz") if row[c].strip())
    with (DEMO_DIR / "beziehungen.csv").open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            found.update(row[c].strip() for c in ("von", "nach") if row[c].strip())
    return found


def test_no_name_id_contact_or_note_of_the_demo_store_is_in_any_export(exports: dict[str, Path]) -> None:
    secrets = demo_secrets()
    assert len(secrets) > 300  # the scan really covers the store
    for path in exports.values():
        text = path.read_text(encoding="utf-8")
        leaked = sorted(s for s in secrets if s in text)
        assert leaked == [], f"{path.name}: {leaked}"


def test_export_identifies_the_alliance_only_by_area_key_and_type(exports: dict[str, Path]) -> None:
    pfd, aue = load(exports["pfd-msh"]), load(exports["lokale-allianz-goldene-aue"])
    assert pfd["schema_version"] == 1 and pfd["at"] == AT
    assert pfd["alliance"] == {"ags": "15087", "level": "Kreis", "subtype": "Partnerschaft für Demokratie"}
    # Goldene Aue covers Kelbra (15087250) and Berga (15087055): named by their Kreis.
    assert aue["alliance"] == {"ags": "15087", "level": "Kreis", "subtype": "lokale Allianz"}
    for data in (pfd, aue):
        labels = [i["label"] for i in data["indicators"]]
        assert all(labels) and len(set(labels)) == len(labels)  # every indicator has its own German label
        assert {i["unit"] for i in data["indicators"]} <= {"count", "share", "number", "euro", "bool"}


def test_the_file_has_the_same_shape_whoever_is_in_the_alliance(exports: dict[str, Path]) -> None:
    """No per-actor values: both alliances export the same keys, however many members they have."""
    keys = [[i["key"] for i in load(p)["indicators"]] for p in exports.values()]
    assert keys[0] == keys[1]
    assert len(keys[0]) == len(set(keys[0]))


def test_persons_are_never_counted_individually(exports: dict[str, Path]) -> None:
    for path in exports.values():
        for key, value in values(path).items():
            if key.startswith(ACTOR_COUNT_PREFIXES) and value is not None:
                assert value in ("<3", "geschützt") or value == 0 or value >= 3, (path.name, key, value)


def test_no_suppressed_count_can_be_worked_out_from_the_total(exports: dict[str, Path]) -> None:
    for path in exports.values():
        v = values(path)
        for prefix in ("members_sector_", "members_organisations|members_persons"):
            keys = prefix.split("|") if "|" in prefix else [k for k in v if k.startswith(prefix)]
            assert_not_deducible({k: v[k] for k in keys}, v["members_total"])


def test_pfd_numbers_match_the_demo_description(exports: dict[str, Path]) -> None:
    v = values(exports["pfd-msh"])
    # LUECKEN.md: 79 active members; per sector Verwaltung 12, Zivilgesellschaft 17, Jugend 13, Wirtschaft 0,
    # Medien 1 and Wissenschaft 2 (both protected); 20 of 22 Gemeinden covered; 5 of 6 expected sectors.
    assert v["members_total"] == 79
    assert (v["members_sector_administration"], v["members_sector_civil_society"], v["members_sector_youth"]) == (
        12,
        17,
        13,
    )
    assert v["members_sector_business"] == 0
    assert v["members_sector_media"] == "<3" and v["members_sector_science"] == "<3"
    assert v["municipalities_total"] == 22
    assert v["municipalities_covered_share"] == pytest.approx(20 / 22, abs=1e-4)
    assert v["sectors_expected_share"] == pytest.approx(5 / 6, abs=1e-4)
    assert v["gaps_missing_sector"] == 1 and v["gaps_uncovered_municipality"] == 2
    assert v["topics_named"] == 7
    assert v["democracy_conference_held"] is True


def test_compare_the_two_demo_alliances(cli: Callable[..., CliResult], exports: dict[str, Path]) -> None:
    pfd, aue = str(exports["pfd-msh"]), str(exports["lokale-allianz-goldene-aue"])
    result = cli("compare", pfd, aue, "--peers-of", pfd)
    assert result.code == 0, result.err
    assert "Partnerschaft für Demokratie 15087" in result.out and "lokale Allianz 15087" in result.out
    members = next(line for line in result.out.splitlines() if line.startswith("Mitglieder insgesamt"))
    assert "79" in members and "1 von 2" in members
    data = json.loads(cli("compare", pfd, aue, "--json").out)
    assert data["communities"] == ["Partnerschaft für Demokratie 15087", "lokale Allianz 15087"]


def test_indicators_cli_errors(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    assert cli("demo").code == 0
    unknown = cli("indicators", "gibt-es-nicht", "-o", str(tmp_path / "x.json"))
    assert unknown.code == 1 and unknown.err.startswith("Fehler:")
    no_folder = cli("indicators", "pfd-msh", "-o", str(tmp_path / "fehlt" / "x.json"))
    assert no_folder.code == 1 and "existiert nicht" in no_folder.err
    bad_date = cli("indicators", "pfd-msh", "--at", "32.13.2025", "-o", str(tmp_path / "x.json"))
    assert bad_date.code == 1 and not (tmp_path / "x.json").exists()
