"""The canonical CSV import: office-file realities, every problem located, all or nothing."""

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import ValidationError

from buendnisatlas.graph.model import Relation
from buendnisatlas.graph.sqlite_store import SqliteStore
from buendnisatlas.graph.vocab import RelationType
from buendnisatlas.importers.canonical import ImportFailed, import_canonical, read_canonical

from .conftest import CliResult, file_hash, write_csv

ELEMENTS = """id;name;typ;art;sektor;gemeinde;gebiet;themen;sichtbarkeit;datum
pfd;Partnerschaft für Demokratie Mansfeld-Südharz;Bündnis;Partnerschaft für Demokratie;;;15087;Rechtsextremismus|Antisemitismus;öffentlich;
ba;Bündnis für Demokratie;Gremium;Bündnis für Demokratie;;;;;;
kirche;Ev. Kirchengemeinde St. Jakobi;Organisation;;Kirche/Religionsgemeinschaft;15087370;;Antisemitismus;öffentlich;
anna;Anna Keller;Person;;Jugend;Sangerhausen;;;;
dk;Demokratiekonferenz 2025;Veranstaltung;Demokratiekonferenz;;;;;;17.05.2025
"""
RELATIONS = """von;nach;typ;rolle;stimmberechtigt;seit;bis
kirche;pfd;Mitglied;;;01.01.2020;
anna;ba;Mitglied;Jugendvertretung;ja;2025-01-01;
ba;pfd;Teil_von;;;;
dk;pfd;Teil_von;;;;
anna;dk;Teilnahme;;;;
"""


@pytest.fixture
def good(tmp_path: Path) -> Path:
    folder = tmp_path / "netz"
    write_csv(folder, "elemente.csv", ELEMENTS)
    write_csv(folder, "beziehungen.csv", RELATIONS)
    return folder


def test_import_reads_everything(store: SqliteStore, good: Path) -> None:
    result = import_canonical(store, [good])
    assert (result.nodes.new, result.relations.new) == (5, 5)
    anna = store.get_node("anna")
    assert anna.ags == "15087370"  # Gemeinde by name
    assert anna.visibility == "restricted"  # persons default to vertraulich
    assert store.get_node("dk").date.isoformat() == "2025-05-17"  # type: ignore[attr-defined]
    voting = store.get_relation("anna|MEMBER_OF|ba|2025-01-01")
    assert (voting.role, voting.voting) == ("Jugendvertretung", True)


def test_second_import_of_the_same_files_changes_nothing(store: SqliteStore, good: Path) -> None:
    import_canonical(store, [good])
    again = import_canonical(store, [good])
    assert (again.nodes.new, again.nodes.changed, again.nodes.unchanged) == (0, 0, 5)
    assert (again.relations.new, again.relations.changed, again.relations.unchanged) == (0, 0, 5)
    write_csv(good, "elemente.csv", ELEMENTS.replace("Anna Keller", "Anna Keller-Schulz"))
    changed = import_canonical(store, [good])
    assert (changed.nodes.changed, changed.nodes.unchanged) == (1, 4)


@pytest.mark.parametrize(
    ("encoding", "delimiter", "bom"),
    [("cp1252", ";", False), ("utf-8", ",", True), ("utf-8", "\t", False)],
)
def test_office_encodings_and_delimiters(
    store: SqliteStore, tmp_path: Path, encoding: str, delimiter: str, bom: bool
) -> None:
    folder = tmp_path / "office"
    prefix = "\ufeff" if bom else ""
    write_csv(folder, "elemente.csv", prefix + ELEMENTS.replace(";", delimiter), encoding)
    write_csv(folder, "beziehungen.csv", prefix + RELATIONS.replace(";", delimiter), encoding)
    import_canonical(store, [folder])
    assert store.get_node("pfd").name == "Partnerschaft für Demokratie Mansfeld-Südharz"


def test_english_headers_in_any_order_and_case(store: SqliteStore, tmp_path: Path) -> None:
    folder = tmp_path / "en"
    write_csv(folder, "elements.csv", "Type;NAME; Id ;Sector\nOrganisation;Sportverein Hettstedt;sv;Sport\n")
    write_csv(folder, "relations.csv", "From;To;Type\n")
    import_canonical(store, [folder])
    assert store.get_node("sv").sector == "sports"


def problems_of(paths: list[Path], store: SqliteStore | None = None) -> list[tuple[str, int | None, str | None]]:
    with pytest.raises(ImportFailed) as info:
        read_canonical(paths, store)
    return [(p.file, p.row, p.column) for p in info.value.problems]


def test_every_problem_is_reported_with_row_and_column(tmp_path: Path) -> None:
    folder = tmp_path / "kaputt"
    write_csv(
        folder,
        "elemente.csv",
        ELEMENTS
        + "kirche;Doppelte Kirche;Organisation;;;;;;;\n"
        + "x1;Verein X;Verien;;;;;;;\n"
        + "x2;Verein Y;Organisation;;Landwirtschaft;;;;;\n"
        + "x3;Konferenz;Veranstaltung;;;;;;;31.02.2025\n"
        + "x4;Verein Z;Organisation;;;1508737;;;;\n",
    )
    write_csv(
        folder, "beziehungen.csv", RELATIONS + "niemand;pfd;Mitglied;;;;\nkirche;pfd;Mitglied;;;02.01.2024;01.01.2024\n"
    )
    assert problems_of([folder]) == [
        ("elemente.csv", 7, "id"),
        ("elemente.csv", 8, "typ"),
        ("elemente.csv", 9, "sektor"),
        ("elemente.csv", 10, "datum"),
        ("elemente.csv", 11, "gemeinde"),
        ("beziehungen.csv", 7, "von"),
        ("beziehungen.csv", 8, "bis"),
    ]


def test_relation_direction_is_checked(tmp_path: Path) -> None:
    folder = tmp_path / "richtung"
    write_csv(folder, "elemente.csv", ELEMENTS)
    write_csv(folder, "beziehungen.csv", "von;nach;typ\npfd;kirche;Mitglied\n")
    assert problems_of([folder]) == [("beziehungen.csv", 2, "typ")]


def test_references_may_point_into_the_store(store: SqliteStore, good: Path, tmp_path: Path) -> None:
    import_canonical(store, [good])
    more = tmp_path / "nachtrag"
    write_csv(more, "elemente.csv", "id;name;typ;sektor\nsv;Sportverein;Organisation;Sport\n")
    write_csv(more, "beziehungen.csv", "von;nach;typ\nsv;pfd;Mitglied\n")
    import_canonical(store, [more])
    assert store.find_relations(node_id="sv")[0].target == "pfd"


def test_ambiguous_gemeinde_name_lists_the_candidates(store: SqliteStore, tmp_path: Path) -> None:
    folder = tmp_path / "mehrdeutig"
    write_csv(folder, "regionen.csv", "ags;name\n15087370;Sangerhausen\n16066099;Sangerhausen\n")
    write_csv(folder, "elemente.csv", "id;name;typ;gemeinde\nv;Verein;Organisation;Sangerhausen\n")
    with pytest.raises(ImportFailed) as info:
        read_canonical([folder], store)
    assert "15087370" in info.value.problems[0].message and "16066099" in info.value.problems[0].message


@pytest.mark.parametrize(
    ("case", "elements", "relations", "where"),
    [
        ("unknown_type", ELEMENTS + "x;Verein;Verien;;;;;;;\n", RELATIONS, "elemente.csv, Zeile 7, Spalte „typ“"),
        (
            "dangling",
            ELEMENTS,
            RELATIONS + "kirche;gibtsnicht;Mitglied;;;;\n",
            "beziehungen.csv, Zeile 7, Spalte „nach“",
        ),
        ("duplicate", ELEMENTS + "anna;Anna K.;Person;;;;;;;\n", RELATIONS, "elemente.csv, Zeile 7, Spalte „id“"),
    ],
)
def test_failed_cli_import_exits_1_names_the_place_and_leaves_the_file_unchanged(
    cli: Callable[..., CliResult],
    db_path: Path,
    good: Path,
    tmp_path: Path,
    case: str,
    elements: str,
    relations: str,
    where: str,
) -> None:
    assert cli("import", str(good)).code == 0
    before = file_hash(db_path)
    bad = tmp_path / case
    write_csv(bad, "elemente.csv", elements.replace("Anna Keller", "Anna Keller-Neu"))
    write_csv(bad, "beziehungen.csv", relations)
    result = cli("import", str(bad))
    assert result.code == 1
    assert where in result.err
    assert "nichts gespeichert" in result.err
    assert file_hash(db_path) == before
    assert "Traceback" not in result.err


def test_failed_import_json_report(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    write_csv(bad, "elemente.csv", "id;name;typ\na;A;Verien\nb;;Organisation\n")
    result = cli("import", "--json", str(bad))
    assert result.code == 1
    report = json.loads(result.out)
    assert report["ok"] is False
    assert [(p["row"], p["column"]) for p in report["problems"]] == [(2, "typ"), (3, "name")]


def test_dry_run_counts_but_writes_nothing(cli: Callable[..., CliResult], db_path: Path, good: Path) -> None:
    cli("init")
    before = file_hash(db_path)
    result = cli("import", "--dry-run", "--json", str(good))
    assert result.code == 0
    assert json.loads(result.out)["nodes"]["new"] == 5
    assert file_hash(db_path) == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("elemente.csv", b"", "leer"),
        ("elemente.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "Binärdatei"),
        ("elemente.csv", b"name;typ\nA;Organisation\n", "Pflichtspalte „id“"),
        ("mitglieder.csv", b"id;name;typ\n", "unbekannte Datei"),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportFailed) as info:
        read_canonical([path])
    assert message in str(info.value.problems[0])


def test_relations_read_fast_are_the_relations_the_model_validates(good: Path) -> None:
    # Faultless rows skip pydantic's second validation; the result must not differ from it.
    relations = read_canonical([good]).relations
    assert len(relations) == 5
    for relation in relations:
        again = Relation.model_validate(relation.model_dump())
        assert relation == again
        assert relation.model_dump_json() == again.model_dump_json()
        assert isinstance(relation.type, RelationType)
        with pytest.raises(ValidationError):  # still validated on assignment
            relation.weight = 0


def test_a_role_longer_than_the_model_allows_is_a_problem_of_its_row_and_column(tmp_path: Path) -> None:
    folder = tmp_path / "rolle"
    write_csv(folder, "elemente.csv", ELEMENTS)
    long_role = "Vorsitz " * 40  # 320 characters; the model allows 300
    write_csv(folder, "beziehungen.csv", f"von;nach;typ;rolle\nkirche;pfd;Mitglied;{long_role}\nba;pfd;Teil_von;\n")
    with pytest.raises(ImportFailed) as info:
        read_canonical([folder])
    [problem] = info.value.problems
    assert (problem.file, problem.row, problem.column) == ("beziehungen.csv", 2, "rolle")
    assert "höchstens 300 Zeichen" in problem.message


def test_a_weight_that_is_not_a_number_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    folder = tmp_path / "gewicht"
    write_csv(folder, "elemente.csv", ELEMENTS)
    write_csv(
        folder,
        "beziehungen.csv",
        "von;nach;typ;gewicht\nkirche;pfd;Mitglied;NaN\nanna;ba;Mitglied;-1\nba;pfd;Teil_von;inf\n",
    )
    assert problems_of([folder]) == [
        ("beziehungen.csv", 2, "gewicht"),
        ("beziehungen.csv", 3, "gewicht"),
        ("beziehungen.csv", 4, "gewicht"),
    ]
