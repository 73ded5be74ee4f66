"""Benchmarks and peers over five synthetic indicator files, with hand-computed expectations.

The five alliances (labels ``Partnerschaft für Demokratie 1508701x``):

====  =======  ==========  =======  ===========
      density  components  members  conference
====  =======  ==========  =======  ===========
A     0.10     1           10       yes
B     0.20     1           12       yes
C     0.30     2           <3       yes
D     0.40     3           40       no
E     0.50     6           41       yes
====  =======  ==========  =======  ===========
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from buendnisatlas.graph.comparison import compare, peers
from buendnisatlas.graph.indicators import Indicators

from .conftest import CliResult

ROWS = {
    "A": (0.10, 1, 10, True),
    "B": (0.20, 1, 12, True),
    "C": (0.30, 2, "<3", True),
    "D": (0.40, 3, 40, False),
    "E": (0.50, 6, 41, True),
}
AGS = {name: f"150870{i}0" for i, name in enumerate(ROWS, 1)}
LABEL = {name: f"Partnerschaft für Demokratie {AGS[name]}" for name in ROWS}


def indicator_file(name: str) -> dict[str, Any]:
    density, components, members, conference = ROWS[name]
    return {
        "schema": "buendnisatlas-kennzahlen",
        "schema_version": 1,
        "alliance": {"ags": AGS[name], "level": "Gemeinde", "subtype": "Partnerschaft für Demokratie"},
        "at": "2025-12-31",
        "profile": "pfd",
        "small_count_threshold": 3,
        "indicators": [
            {"key": "density", "label": "Dichte des Netzes", "value": density, "unit": "share", "better": 1},
            {"key": "components", "label": "Teilnetze", "value": components, "unit": "count", "better": -1},
            {"key": "members_total", "label": "Mitglieder insgesamt", "value": members, "unit": "count", "better": 0},
            {
                "key": "democracy_conference_held",
                "label": "Demokratiekonferenz",
                "value": conference,
                "unit": "bool",
                "better": 1,
            },
        ],
    }


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {}
    for name in ROWS:
        path = tmp_path / f"{name.lower()}.json"
        path.write_text(json.dumps(indicator_file(name), ensure_ascii=False), encoding="utf-8")
        paths[name] = path
    return paths


def sets() -> dict[str, Indicators]:
    return {name: Indicators.from_dict(indicator_file(name)) for name in ROWS}


def test_benchmarks_median_quartiles_range_rank_and_flags() -> None:
    c = compare(list(sets().values()))
    density = c.get("density")
    assert (density.median, density.q1, density.q3, density.min, density.max) == pytest.approx(
        (0.3, 0.2, 0.4, 0.1, 0.5)
    )
    assert density.ranks[LABEL["E"]] == 1 and density.ranks[LABEL["A"]] == 5
    assert density.flagged == [LABEL["A"]]  # below the lower quartile where more is better

    components = c.get("components")  # less is better: 1, 1, 2, 3, 6
    assert (components.median, components.q1, components.q3) == (2, 1, 3)
    assert [components.ranks[LABEL[n]] for n in "ABCDE"] == [1, 1, 3, 4, 5]  # A and B share place 1
    assert components.flagged == [LABEL["E"]]  # above the upper quartile

    members = c.get("members_total")  # C's "<3" is left out: 10, 12, 40, 41
    assert members.n == 4
    assert (members.median, members.q1, members.q3) == pytest.approx((26.0, 11.5, 40.25))
    assert LABEL["C"] not in members.ranks and members.values[LABEL["C"]] == "<3"
    assert members.ranks[LABEL["E"]] == 1 and members.flagged == [LABEL["A"]]

    conference = c.get("democracy_conference_held")
    assert conference.flagged == [LABEL["D"]]
    assert c.flagged_for(LABEL["A"]) == ["density", "members_total"]


def test_no_flags_with_fewer_than_four_values() -> None:
    c = compare([sets()[n] for n in "ABD"])
    assert all(not b.flagged for b in c.benchmarks)


def test_peers_by_standardized_distance() -> None:
    s = sets()
    found = peers(s["A"], list(s.values()), k=3, keys=["density", "members_total"])
    # density: mean 0.3, sd sqrt(0.02); members: mean 25.75, sd sqrt(872.75 / 4) (C has none)
    sd_d, sd_m = math.sqrt(0.02), math.sqrt(872.75 / 4)
    expected_b = math.sqrt(((0.1 / sd_d) ** 2 + (2 / sd_m) ** 2) / 2)
    assert [p.label for p in found] == [LABEL["B"], LABEL["C"], LABEL["D"]]
    assert found[0].distance == pytest.approx(expected_b) == pytest.approx(0.5091, abs=1e-4)
    assert found[1].distance == pytest.approx(0.2 / sd_d)  # only density is comparable with C
    assert found[1].compared == 1
    assert found[2].distance == pytest.approx(math.sqrt(((0.3 / sd_d) ** 2 + (30 / sd_m) ** 2) / 2))
    assert found[0].similar == ["members_total"]  # 0.14 sd apart in size, 0.71 sd in density
    assert found[2].similar == []


def test_peers_skip_the_target_and_indicators_without_spread() -> None:
    s = sets()
    found = peers(s["B"], list(s.values()), k=10, keys=["density", "members_total", "missing"])
    assert LABEL["B"] not in [p.label for p in found]
    assert len(found) == 4
    same = [Indicators.from_dict(indicator_file("A")), Indicators.from_dict(indicator_file("A"))]
    same[1].ags = "15087999"
    assert peers(same[0], same, keys=["density"]) == []  # nothing differs: nothing to compare by


def test_compare_cli_text_names_the_community_median_quartiles_and_flags(
    cli: Callable[..., CliResult], files: dict[str, Path]
) -> None:
    result = cli("compare", *map(str, files.values()), "--peers-of", str(files["A"]))
    assert result.code == 0, result.err
    line = next(row for row in result.out.splitlines() if row.startswith("Dichte des Netzes"))
    assert "10 %" in line and "30 %" in line and "20 % – 40 %" in line and "5 von 5" in line
    assert line.rstrip().endswith("auffällig")
    teilnetze = next(row for row in result.out.splitlines() if row.startswith("Teilnetze"))
    assert "auffällig" not in teilnetze
    assert f"1. {LABEL['B']}" in result.out
    assert "weniger als 3" in result.out  # the legend explains "<3"


def test_compare_cli_by_label_json_and_csv(cli: Callable[..., CliResult], files: dict[str, Path]) -> None:
    paths = list(map(str, files.values()))
    data = json.loads(cli("compare", *paths, "--peers-of", LABEL["E"], "--json").out)
    assert data["target"] == LABEL["E"]
    assert data["peers"][0]["label"] == LABEL["D"]
    density = next(b for b in data["benchmarks"] if b["key"] == "density")
    assert density["median"] == pytest.approx(0.3) and density["auffaellig"] == [LABEL["A"]]

    rows = list(csv.DictReader(io.StringIO(cli("compare", *paths, "--csv").out), delimiter=";"))
    assert len(rows) == 4 * 5  # one row per indicator and community
    d_row = next(r for r in rows if r["key"] == "components" and r["bündnis"] == LABEL["E"])
    assert d_row["wert"] == "6" and d_row["auffällig"] == "ja" and d_row["platz"] == "5"

    overview = cli("compare", *paths).out
    assert "Median" in overview and LABEL["A"] in overview


def test_compare_cli_errors_are_german_and_exit_1(
    cli: Callable[..., CliResult], files: dict[str, Path], tmp_path: Path
) -> None:
    missing = cli("compare", str(files["A"]), str(tmp_path / "fehlt.json"))
    assert missing.code == 1 and "kann nicht gelesen werden" in missing.err

    broken = tmp_path / "kaputt.json"
    broken.write_text("{nicht json", encoding="utf-8")
    assert "kein gültiges JSON" in cli("compare", str(broken)).err

    old = tmp_path / "alt.json"
    old.write_text(json.dumps({**indicator_file("A"), "schema_version": 0}), encoding="utf-8")
    result = cli("compare", str(files["B"]), str(old))
    assert result.code == 1 and "Schema-Version 0 wird nicht unterstützt" in result.err

    other = tmp_path / "fremd.json"
    other.write_text(json.dumps({"hallo": 1}), encoding="utf-8")
    assert "keine Kennzahlen-Datei" in cli("compare", str(other)).err

    unknown = cli("compare", str(files["A"]), str(files["B"]), "--peers-of", "Nirgendwo")
    assert unknown.code == 1 and "Nirgendwo" in unknown.err
    for r in (missing, result, unknown):
        assert "Traceback" not in r.err and r.err.startswith("Fehler:")


def test_two_files_with_the_same_area_and_type_get_told_apart(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    for name in ("erste", "zweite"):
        (tmp_path / f"{name}.json").write_text(json.dumps(indicator_file("A")), encoding="utf-8")
    data = json.loads(cli("compare", str(tmp_path / "erste.json"), str(tmp_path / "zweite.json"), "--json").out)
    assert data["communities"] == [f"{LABEL['A']} (erste)", f"{LABEL['A']} (zweite)"]
