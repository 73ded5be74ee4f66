"""Places: the built-in Gemeindeverzeichnis, one place matcher in every door, regions files."""

import json
import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from buendnisatlas.api.rest import create_app
from buendnisatlas.graph.data import ATTRIBUTION, GEBIETSSTAND
from buendnisatlas.graph.model import AdvisoryService, Alliance, Region
from buendnisatlas.graph.regions import (
    AmbiguousPlace,
    RegionIndex,
    read_regions,
    read_regions_file,
    reference_regions,
    region_index,
)
from buendnisatlas.graph.sqlite_store import SqliteStore
from buendnisatlas.graph.text import fold
from buendnisatlas.importers.canonical import ImportFailed, read_canonical

from .conftest import CliResult, write_csv

HEAD = "id;name;typ;gemeinde;kreis\n"

# One Gemeinde of each Land, written as people write them; the key Destatis gives it.
EVERYDAY = [
    ("Landeshauptstadt Kiel", "01002000"),
    ("Hamburg", "02000000"),
    ("Hansestadt Lüneburg", "03355022"),
    ("Bremerhaven", "04012000"),
    ("Köln", "05315000"),
    ("Frankfurt am Main", "06412000"),
    ("Mainz", "07315000"),
    ("Freiburg im Breisgau", "08311000"),
    ("Nürnberg", "09564000"),
    ("Sankt Ingbert", "10045117"),  # Destatis: "St. Ingbert, Stadt"
    ("Berlin", "11000000"),
    ("Frankfurt (Oder)", "12053000"),
    ("Boizenburg/Elbe", "13076014"),  # Destatis: "Boizenburg/ Elbe, Stadt"
    ("Stadt Görlitz", "14626110"),
    ("Lutherstadt Eisleben", "15087130"),  # Destatis: "Eisleben, Lutherstadt"
    ("Mühlhausen/Thüringen", "16064046"),
]


def elements(rows: list[tuple[str, str]]) -> str:
    lines = [HEAD]
    for number, (gemeinde, kreis) in enumerate(rows):
        lines.append(f"a{number};Akteur {number};Organisation;{gemeinde};{kreis}\n")
    return "".join(lines)


def imported_keys(folder: Path, text: str) -> tuple[list[str | None], list[str]]:
    write_csv(folder, "elemente.csv", text)
    plan = read_canonical([folder])
    return [getattr(n, "ags", None) for n in plan.nodes], [w.message for w in plan.warnings]


def test_a_gemeinde_of_every_land_imports_by_its_everyday_name_without_regionen_csv(tmp_path: Path) -> None:
    keys, _ = imported_keys(tmp_path, elements([(name, "") for name, _ in EVERYDAY]))
    assert keys == [key for _, key in EVERYDAY]
    assert {key[:2] for key in keys if key} == {f"{n:02d}" for n in range(1, 17)}


def test_spellings_people_use_all_mean_the_same_gemeinde(tmp_path: Path) -> None:
    spellings = ["Lutherstadt Eisleben", "Eisleben", "Eisleben, Lutherstadt", "LUTHERSTADT EISLEBEN", "eisleben "]
    keys, _ = imported_keys(tmp_path, elements([(s, "") for s in spellings]))
    assert set(keys) == {"15087130"}
    keys, _ = imported_keys(tmp_path, elements([("Kelbra", ""), ("Suedharz", ""), ("Südharz", "")]))
    assert keys == ["15087250", "15087412", "15087412"]


def test_namesakes_are_resolved_by_the_kreis_column_and_by_the_other_rows(tmp_path: Path) -> None:
    rows = [
        ("Neuenkirchen", "Cuxhaven"),  # twelve Neuenkirchen in Germany; the kreis column decides
        ("Muehlhausen", "Unstrut-Hainich-Kreis"),
        ("Arnstein", ""),  # in Bavaria and in Mansfeld-Südharz: the other rows are in Mansfeld-Südharz
        ("Sangerhausen", ""),
        ("Kelbra", ""),
    ]
    keys, warnings = imported_keys(tmp_path, elements(rows))
    assert keys == ["03352038", "16064046", "15087031", "15087370", "15087250"]
    taken = next(w for w in warnings if "Arnstein" in w)
    assert "Arnstein (Gemeinde, Mansfeld-Südharz, Sachsen-Anhalt)" in taken and "passend zu Mansfeld-Südharz" in taken


def test_a_namesake_without_context_is_answered_with_the_candidates_and_their_kreis(tmp_path: Path) -> None:
    write_csv(tmp_path, "elemente.csv", elements([("Neuenkirchen", "")]))
    with pytest.raises(ImportFailed) as caught:
        read_canonical([tmp_path])
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (2, "gemeinde")
    assert "nicht eindeutig" in problem.message
    assert "Neuenkirchen (Gemeinde, Land Hadeln, Cuxhaven, Niedersachsen) – AGS 03352038" in problem.message
    assert "den Kreis dazuschreiben" in problem.message


def test_a_kreis_column_that_names_no_kreis_is_an_error_in_its_column(tmp_path: Path) -> None:
    write_csv(tmp_path, "elemente.csv", elements([("Neuenkirchen", "Atlantis")]))
    with pytest.raises(ImportFailed) as caught:
        read_canonical([tmp_path])
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "kreis")]


def test_the_alliance_area_may_name_places_and_gemeindeverbaende(tmp_path: Path) -> None:
    text = "id;name;typ;gebiet\npfd;PfD Elbe;Bündnis;Amt Boizenburg-Land|Boizenburg/Elbe|Lübtheen\n"
    write_csv(tmp_path, "elemente.csv", text)
    (alliance,) = read_canonical([tmp_path]).nodes
    assert isinstance(alliance, Alliance)
    assert alliance.area == ["130765652", "13076014", "13076088"]


# -- one resolution in every door -----------------------------------------------------------------

SPELLINGS = [
    "Lutherstadt Eisleben",
    "Eisleben, Lutherstadt",
    "Kelbra",
    "Suedharz",
    "Arnstein",  # a namesake in Bavaria; the demo alliance's Kreis decides
    "Wittenberg",  # Gemeinde and Kreis of that name: the Gemeinde, and the message says so
    "Neuenkirchen",  # no context decides: candidates in every door
]


def test_one_list_of_spellings_resolves_alike_in_importer_cli_rest_and_page(
    cli: Callable[..., CliResult], db_path: Path, tmp_path: Path
) -> None:
    assert cli("demo").code == 0
    answers: dict[str, list[str]] = {"import": [], "cli": [], "rest": [], "web": []}
    store = SqliteStore(db_path)
    for number, spelling in enumerate(SPELLINGS):
        folder = tmp_path / f"probe{number}"
        write_csv(folder, "elemente.csv", f"{HEAD}probe;Probe;Organisation;{spelling};\n")
        result = cli("import", "--json", "--dry-run", str(folder))
        if result.code == 0:
            (node,) = read_canonical([folder], store).nodes
            answers["import"].append(str(node.ags))  # type: ignore[attr-defined]
        else:
            assert "nicht eindeutig" in json.loads(result.out)["problems"][0]["message"]
            answers["import"].append("mehrdeutig")
        result = cli("referral", "--json", "--topic", "Rassismus", "--ort", spelling)
        answers["cli"].append(json.loads(result.out)["place"]["ags"] if result.code == 0 else "mehrdeutig")
        if result.code != 0:
            assert "nicht eindeutig" in result.err
    store.close()
    with TestClient(create_app(f"sqlite:///{db_path}")) as client:
        for spelling in SPELLINGS:
            response = client.get("/api/referral", params={"topic": "Rassismus", "place": spelling})
            if response.status_code == 200:
                answers["rest"].append(response.json()["place"]["ags"])
            else:
                assert response.status_code == 400 and "nicht eindeutig" in response.json()["detail"]
                answers["rest"].append("mehrdeutig")
            page = client.get("/beratung", params={"thema": "Rassismus", "ort": spelling}).text
            found = re.search(r'class="place" data-ags="(\d+)"', page)
            answers["web"].append(found[1] if found else "mehrdeutig" if "nicht eindeutig" in page else "?")
    expected = ["15087130", "15087130", "15087250", "15087412", "15087031", "15091375", "mehrdeutig"]
    assert answers == {door: expected for door in answers}


def test_which_of_a_gemeinde_and_a_kreis_was_taken_is_said_in_the_answer(cli: Callable[..., CliResult]) -> None:
    assert cli("demo").code == 0
    result = cli("referral", "--topic", "Rassismus", "--ort", "Wittenberg")
    assert result.code == 0
    assert (
        "genommen wurde Gemeinde Lutherstadt Wittenberg (AGS 15091375), nicht Kreis Wittenberg (AGS 15091)"
        in result.out
    )
    kreis = json.loads(cli("referral", "--json", "--topic", "Rassismus", "--ort", "Landkreis Wittenberg").out)
    assert kreis["place"] == {"ags": "15091", "name": "Wittenberg", "level": "Kreis"}


def test_referral_by_postcode_says_a_postcode_may_span_several_gemeinden(cli: Callable[..., CliResult]) -> None:
    assert cli("demo").code == 0
    answer = json.loads(cli("referral", "--json", "--topic", "Rassismus", "--ort", "PLZ 06526").out)
    assert answer["place"]["name"] == "Sangerhausen" and answer["postcode"] == "06526"
    assert "kann mehrere Gemeinden umfassen" in answer["place_note"]
    # Ämter share their seat's postcode: the answer is for the smallest area holding all of them.
    shared = region_index().by_postcode["19258"]
    assert len(shared) > 1
    answer = json.loads(cli("referral", "--json", "--topic", "Rassismus", "--ort", "19258").out)
    assert answer["place"]["ags"] == "13076" and "Sitz der Gemeinden" in answer["place_note"]


# -- Gemeindeverbände -------------------------------------------------------------------------------


def test_an_amt_is_covered_by_its_gemeinden_in_gaps_and_referral(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    members = region_index().within("130765652")
    assert len(members) > 1 and all(m.association == "130765652" for m in members)
    folder = tmp_path / "amt"
    write_csv(
        folder,
        "elemente.csv",
        "id;name;typ;gemeinde;gebiet;themen;sichtbarkeit;telefon\n"
        "pfd;PfD Boizenburg-Land;Bündnis;;Amt Boizenburg-Land;;öffentlich;\n"
        "verein;Dorfverein Gresse;Organisation;Gresse;;;öffentlich;\n"
        "amtsberatung;Beratung im Amt;Beratungsangebot;;Amt Boizenburg-Land;Rassismus;öffentlich;030 23125 900\n",
    )
    write_csv(folder, "beziehungen.csv", "von;nach;typ\nverein;pfd;Mitglied\n")
    assert cli("import", str(folder)).code == 0
    report = json.loads(cli("gaps", "pfd", "--json").out)
    uncovered = {g["evidence"]["name"] for g in report["gaps"] if g["kind"] == "uncovered_municipality"}
    assert uncovered == {m.name for m in members} - {"Gresse"}  # names, not keys
    answer = json.loads(cli("referral", "--json", "--topic", "Rassismus", "--ort", "Tessin b. Boizenburg").out)
    assert [(r["name"], r["coverage_level"]) for r in answer["results"]] == [("Beratung im Amt", "Gemeindeverband")]
    whole = json.loads(cli("referral", "--json", "--topic", "Rassismus", "--ort", "Amt Boizenburg-Land").out)
    assert [r["name"] for r in whole["results"]] == ["Beratung im Amt"]


# -- contact data ---------------------------------------------------------------------------------


def test_the_demo_has_no_service_without_a_way_to_reach_it(demo_db_template: Path) -> None:
    with SqliteStore(demo_db_template) as store:
        services = store.find_nodes(kind="advisory_service")
    assert services and all(isinstance(s, AdvisoryService) and s.reachable for s in services)
    for service in services:
        assert isinstance(service, AdvisoryService)
        assert service.email and service.email.endswith("@example.org")
        # Bundesnetzagentur's range for media productions: Berlin (0)30 23125 000 bis 999
        assert service.phone and re.fullmatch(r"030 23125 \d{3}", service.phone)


def test_referral_answers_show_contacts_in_cli_rest_and_page(cli: Callable[..., CliResult], db_path: Path) -> None:
    assert cli("demo").code == 0
    text = cli("referral", "--topic", "Rassismus", "--ort", "Sangerhausen").out
    assert "Tel. 030 23125 105 · antidiskriminierung-sangerhausen@example.org" in text
    assert "Adresse: Beispielstraße 6, 06526 Sangerhausen" in text
    with TestClient(create_app(f"sqlite:///{db_path}")) as client:
        first = client.get("/api/referral", params={"topic": "Rassismus", "place": "Sangerhausen"}).json()["results"][0]
        assert (first["phone"], first["email"]) == ("030 23125 105", "antidiskriminierung-sangerhausen@example.org")
        assert first["access"] == ["barrier_free", "easy_language"]
        page = client.get("/beratung", params={"thema": "Rassismus", "ort": "Sangerhausen"}).text
        assert '<a href="tel:03023125105">030 23125 105</a>' in page
        assert '<a href="mailto:antidiskriminierung-sangerhausen@example.org">' in page
        assert "barrierefrei, Leichte Sprache" in page


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("telefon", "ruf an!"),
        ("email", "beratung(at)example.org"),
        ("webseite", "javascript:alert(1)"),
        ("zugang", "Aufzug"),
    ],
)
def test_unknown_contact_formats_are_import_errors_with_row_and_column(tmp_path: Path, column: str, value: str) -> None:
    write_csv(tmp_path, "elemente.csv", f"id;name;typ;{column}\ns;Beratung;Beratungsangebot;{value}\n")
    with pytest.raises(ImportFailed) as caught:
        read_canonical([tmp_path])
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, column)]


def test_the_rest_api_sees_a_change_made_by_another_connection(cli: Callable[..., CliResult], db_path: Path) -> None:
    assert cli("demo").code == 0
    with TestClient(create_app(f"sqlite:///{db_path}")) as client:
        params = {"topic": "Rassismus", "place": "Sangerhausen"}
        before = [r["id"] for r in client.get("/api/referral", params=params).json()["results"]]
        assert before == [r["id"] for r in client.get("/api/referral", params=params).json()["results"]]
        with SqliteStore(db_path) as store:
            store.add_node(
                AdvisoryService(id="neu", name="Neue Stelle", visibility="public", topics=["racism"], area=["15087370"])
            )
        after = [r["id"] for r in client.get("/api/referral", params=params).json()["results"]]
    assert set(after) == {*before, "neu"}


# -- region files -----------------------------------------------------------------------------------


def _gv100ad(satzart: str, key: str, name: str, tk: str = "", ha: str = "", people: str = "", plz: str = "") -> str:
    """One record by Destatis' GV100AD Satzbeschreibung (positions 1-based, inclusive)."""
    line = list(" " * 220)

    def put(start: int, text: str) -> None:
        line[start - 1 : start - 1 + len(text)] = text

    put(1, satzart)
    put(3, "20251231")  # Gebietsstand
    put(11, key)  # Land 11–12, RB 13, Kreis 14–15, Verband 16–19, Gemeinde 20–22
    put(23, name.ljust(50))
    put(123, tk)
    put(129, ha.rjust(11) if ha else "")
    put(140, people.rjust(11) if people else "")
    put(166, plz)
    return "".join(line).rstrip()


GV100AD = "\n".join(
    [
        _gv100ad("10", "15", "Sachsen-Anhalt"),
        _gv100ad("40", "15087", "Mansfeld-Südharz", "44"),
        _gv100ad("50", "150875051", "Goldene Aue", "53"),
        _gv100ad("60", "150875051250", "Kelbra (Kyffhäuser), Stadt", "63", "4056", "3335", "06537"),
        _gv100ad("50", "150870130", "Eisleben, Lutherstadt", "50"),
        _gv100ad("60", "150870130130", "Eisleben, Lutherstadt", "63", "14376", "23373", "06295"),
    ]
)


def test_regions_load_reads_a_gv100ad_file_and_the_store_holds_exactly_its_regions(
    cli: Callable[..., CliResult], db_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "GV100AD_31122025.txt"
    path.write_text(GV100AD + "\n", encoding="utf-8")
    result = cli("regions", "load", str(path))
    assert result.code == 0, result.err
    assert "5 Gebiete" not in result.out and "neu" in result.out
    with SqliteStore(db_path) as store:
        stored = store.find_regions()
    assert stored == sorted(read_regions_file(path), key=lambda r: r.ags)
    kelbra = next(r for r in stored if r.ags == "15087250")
    assert (kelbra.name, kelbra.association, kelbra.area_km2, kelbra.population) == (
        "Kelbra (Kyffhäuser)",
        "150875051",
        40.56,
        3335,
    )
    eisleben = next(r for r in stored if r.ags == "15087130")
    assert eisleben.name == "Lutherstadt Eisleben" and eisleben.association is None  # verbandsfrei
    assert "150870130" not in {r.ags for r in stored}  # a "Verband" of one verbandsfreie Gemeinde is none


def test_regions_load_reads_the_shipped_extract_and_the_store_holds_exactly_its_regions(
    cli: Callable[..., CliResult], db_path: Path
) -> None:
    shipped = resources.files("buendnisatlas.graph").joinpath("data/gemeindeverzeichnis.csv.gz")
    with resources.as_file(shipped) as path:
        result = cli("regions", "load", "--json", str(path))
        expected = read_regions_file(path)
    assert result.code == 0, result.err
    assert json.loads(result.out)["levels"] == {
        "Land": 16,
        "Regierungsbezirk": 29,
        "Kreis": 401,
        "Gemeindeverband": 1210,
        "Gemeinde": 11004,
    }
    with SqliteStore(db_path) as store:
        assert (
            store.find_regions()
            == sorted(expected, key=lambda r: r.ags)
            == sorted(reference_regions(), key=lambda r: r.ags)
        )
    assert json.loads(cli("regions", "load", "--json", str(path)).out)["regions"]["unchanged"] == len(expected)


def test_a_destatis_extract_loads_by_the_same_path(
    cli: Callable[..., CliResult], db_path: Path, tmp_path: Path
) -> None:
    extract = tmp_path / "AuszugGV1QAktuell.csv"
    extract.write_text(
        "\ufeffsatzart,textkennzeichen,land,rb,kreis,vb,gemeinde,gemeindename,flaeche,bevoelkerung,"
        "maennlich,weiblich,jekm2,postleitzahl,laengengrad,breitengrad\n"
        "40,44,15,0,91,,,Wittenberg,,,,,,,,\n"
        '60,63,15,0,91,0160,160,"Kemberg, Stadt", 235.23, 9 636, 4 789, 4 847,  41,06901,"12,633727","51,772478"\n',
        encoding="utf-8",
    )
    assert cli("regions", "load", str(extract)).code == 0
    with SqliteStore(db_path) as store:
        assert store.find_regions() == read_regions(extract.read_text(encoding="utf-8"))
        assert store.get_region("15091160").population == 9636


def test_a_broken_region_file_is_refused_with_row_and_field(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    path = tmp_path / "regionen.csv"
    path.write_text("ags;name;einwohner\n15087370;Sangerhausen;viele\n", encoding="utf-8")
    result = cli("regions", "load", str(path))
    assert result.code == 1
    assert "regionen.csv, Zeile 2, Spalte „einwohner“: „viele“ ist keine Zahl" in result.err


def test_the_package_names_its_gebietsstand_and_keeps_destatis_attribution(cli: Callable[..., CliResult]) -> None:
    version = cli("--version").out
    assert f"Gebietsstand {GEBIETSSTAND}" in version and ATTRIBUTION in version and "dl-de/by-2-0" in version
    notice = resources.files("buendnisatlas.graph").joinpath("data/GEMEINDEVERZEICHNIS.md").read_text(encoding="utf-8")
    assert ATTRIBUTION in notice and "dl-de/by-2-0" in notice
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert ATTRIBUTION in readme and GEBIETSSTAND in readme


def test_one_fold_for_every_comparison() -> None:
    assert fold("Suedharz") == fold("Südharz") == fold("SÜDHARZ")
    assert region_index().place("Suedharz").ags == "15087412"


def test_ambiguous_places_list_candidates_with_their_kreis() -> None:
    with pytest.raises(AmbiguousPlace) as caught:
        region_index().place("Arnstein")
    assert "Arnstein (Gemeinde, Main-Spessart, Bayern) – AGS 09677114" in str(caught.value)


def test_the_gap_report_names_gemeinden_and_elements_not_keys(cli: Callable[..., CliResult]) -> None:
    assert cli("demo").code == 0
    table = cli("gaps", "pfd-msh", "--csv").out
    assert "Arnstein (15087031)" in table and ";15087031;" not in table
    assert ";Wirtschaft;" in table and ";business;" not in table


def test_regions_find_shows_how_a_name_is_read(cli: Callable[..., CliResult]) -> None:
    found = json.loads(cli("regions", "find", "--json", "Neuenkirchen", "--kreis", "Cuxhaven").out)
    assert (found["ags"], found["description"]) == (
        "03352038",
        "Neuenkirchen (Gemeinde, Land Hadeln, Cuxhaven, Niedersachsen)",
    )
    text = cli("regions", "find", "Kelbra").out
    assert "Kelbra (Kyffhäuser) (Gemeinde, Goldene Aue, Mansfeld-Südharz, Sachsen-Anhalt) – AGS 15087250" in text
    assert "PLZ des Verwaltungssitzes: 06537" in text and "Einwohner: 3.335" in text
    result = cli("regions", "find", "Neuenkirchen")
    assert result.code == 1 and "nicht eindeutig" in result.err


def test_a_store_s_regions_over_the_shipped_table_answer_as_one_table_built_whole() -> None:
    """A store's own regions (renamed, moved into a Verband, new) are laid over the shipped index:
    every name, Verband, postcode and area must answer as if the whole table had been built anew."""
    shipped = reference_regions()
    kelbra = next(r for r in shipped if r.name.startswith("Kelbra"))
    eisleben = next(r for r in shipped if r.ags == "15087130")
    own = [
        eisleben.model_copy(update={"name": "Eisleben-Neu", "official_name": None, "postcode": "06299"}),
        kelbra.model_copy(update={"association": None}),
        Region(ags="15087999", name="Neudorf", level="Gemeinde", association="150875051", postcode="06537"),
        Region(ags="15087998", name="Kelbra", level="Gemeinde"),  # a second Kelbra: now a namesake
    ]
    whole, laid = RegionIndex([*shipped, *own]), region_index(own)
    assert laid.by_ags == whole.by_ags
    for table in ("_exact", "_variant", "members", "by_postcode"):
        assert getattr(laid, table) == getattr(whole, table), table
    for area in ("15", "15087", "150875051", "15087130", "0"):
        assert laid.within(area) == whole.within(area)
    assert laid.place("Eisleben-Neu").ags == "15087130"
    with pytest.raises(AmbiguousPlace):
        laid.place("Kelbra")
    # the shipped index itself is untouched
    assert region_index().place("Lutherstadt Eisleben").ags == "15087130"
    assert "15087999" not in region_index().by_ags
