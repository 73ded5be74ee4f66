"""The canonical import format: ``elemente.csv``, ``beziehungen.csv``, ``regionen.csv``.

The format is described for users in ``docs/importformat.md``. The same tables may come
as CSV files (any office encoding and delimiter), as an ``.xlsx`` workbook with sheets
Elemente/Beziehungen/Regionen, or as our JSON; peers' formats (see ``frames``,
``graphml``, ``gexf``, ``kumu``, ``onodo``) are turned into the same :class:`Table`.

Reading is two-phase: :func:`read_canonical` (:func:`plan_from_tables`) parses and
validates every row of every table and collects every problem (file, row as Excel shows
it, column, value, German message); only a plan with no problem reaches
:func:`import_plan`, which writes it in one transaction. :func:`element_row` and
:func:`relation_row` are the way back, used by every export.
"""

from __future__ import annotations

import codecs
import csv
import gc
import io
import json
import math
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cache, lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

import charset_normalizer
from pydantic import ValidationError

from buendnisatlas.graph import vocab
from buendnisatlas.graph.cells import restore_cell
from buendnisatlas.graph.model import (
    KIND_LABELS,
    NAME_MAX,
    NODE_CLASSES,
    Node,
    Region,
    Relation,
    endpoint_problem,
    normalize_ags,
    relation_key,
)
from buendnisatlas.graph.regions import COLUMN_ALIASES as REGION_ALIASES
from buendnisatlas.graph.regions import COLUMN_FIELDS as REGION_COLUMNS
from buendnisatlas.graph.regions import PlaceError, RegionIndex, region_from_row, region_index, store_context
from buendnisatlas.graph.store import GraphStore, NotFound, UpsertCounts, import_in_one_transaction
from buendnisatlas.graph.text import fold
from buendnisatlas.graph.validation import german_message
from buendnisatlas.graph.vocab import ActorForm, NodeKind, RelationType
from buendnisatlas.importers.limits import MAX_ROWS, too_many_rows, zip_problem

ELEMENTS, RELATIONS, REGIONS = "elemente", "beziehungen", "regionen"
FILE_NAMES: dict[str, tuple[str, ...]] = {
    ELEMENTS: ("elemente", "elements", "nodes", "knoten"),
    RELATIONS: ("beziehungen", "relations", "edges", "connections", "kanten"),
    REGIONS: ("regionen", "regions", "gebiete"),
}

# canonical column → accepted header spellings (German first, then English)
COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    ELEMENTS: {
        "id": ("id", "kennung"),
        "name": ("name", "label", "bezeichnung"),
        "typ": ("typ", "type", "kind"),
        "art": ("art", "subtype", "unterart"),
        "sektor": ("sektor", "sector", "bereich"),
        "gemeinde": ("gemeinde", "municipality", "ort", "ags"),
        "kreis": ("kreis", "landkreis", "district"),
        "gebiet": ("gebiet", "area", "abdeckung", "coverage"),
        "themen": ("themen", "topics", "thema", "topic"),
        "zielgruppen": ("zielgruppen", "target_groups", "zielgruppe"),
        "sprachen": ("sprachen", "languages", "sprache"),
        "kanaele": ("kanaele", "kanäle", "channels", "kanal"),
        "sichtbarkeit": ("sichtbarkeit", "visibility"),
        "datum": ("datum", "date"),
        "fonds": ("fonds", "fund"),
        "budget": ("budget", "betrag", "summe"),
        "kontakt": ("kontakt", "contact", "ansprechperson"),
        "adresse": ("adresse", "anschrift", "address"),
        "telefon": ("telefon", "phone", "tel", "telefonnummer"),
        "email": ("email", "e_mail", "mail", "e_mail_adresse"),
        "webseite": ("webseite", "website", "url", "homepage", "internet"),
        "anonym": ("anonym", "anonymous"),
        "kosten": ("kosten", "cost"),
        "oeffnungszeiten": ("oeffnungszeiten", "öffnungszeiten", "opening_hours", "sprechzeiten"),
        "zugang": ("zugang", "access", "zugaenglichkeit"),
        "barrierefreiheit": ("barrierefreiheit", "accessibility", "barrierefrei"),
        "krisenfaehig": ("krisenfaehig", "krisenfähig", "crisis"),
        "geprueft_am": ("geprueft_am", "geprüft_am", "verified_on", "zuletzt_geprueft"),
        # Goal columns have only spellings no peer tool uses for something else (Gephi's
        # start/end, a "level" or "parent" attribute): those stay unknown columns, as before.
        "ebene": ("ebene", "zielebene", "goal_level"),
        "ziel_von": ("ziel_von", "oberziel", "teilziel_von", "parent_goal"),
        "buendnis": ("buendnis", "bündnis", "alliance"),
        "zieltext": ("zieltext", "wortlaut", "wording"),
        "gilt_ab": ("gilt_ab", "valid_from"),
        "gilt_bis": ("gilt_bis", "valid_until"),
        "pruefung": ("pruefung", "prüfung", "checks"),
        "notiz": ("notiz", "note", "notes", "bemerkung", "anmerkung"),
        "einwilligung_von": ("einwilligung_von", "consent_given_by"),
        "einwilligung_am": ("einwilligung_am", "consent_given_at"),
        "einwilligung_zweck": ("einwilligung_zweck", "consent_purpose"),
    },
    RELATIONS: {
        "von": ("von", "from", "source", "quelle"),
        "nach": ("nach", "to", "target", "ziel"),
        "typ": ("typ", "type", "art"),
        "rolle": ("rolle", "role", "funktion"),
        "stimmberechtigt": ("stimmberechtigt", "voting", "stimmrecht"),
        "seit": ("seit", "since", "von_datum", "beginn", "start"),
        "bis": ("bis", "until", "bis_datum", "ende", "end"),
        "gewicht": ("gewicht", "weight", "staerke", "stärke"),
    },
    REGIONS: {column: (column, *(a for a, c in REGION_ALIASES.items() if c == column)) for column in REGION_COLUMNS},
}
REQUIRED: dict[str, tuple[str, ...]] = {
    ELEMENTS: ("id", "name", "typ"),
    RELATIONS: ("von", "nach", "typ"),
    REGIONS: ("ags", "name"),
}

# Columns a peer's file may lack: the reader assumes them and says so.
ASSUMABLE = frozenset({"name", "typ"})

# element column → model field, and the node kinds that have it
ELEMENT_FIELDS: dict[str, str] = {
    "art": "subtype",
    "sektor": "sector",
    "gemeinde": "ags",
    "gebiet": "area",
    "themen": "topics",
    "zielgruppen": "target_groups",
    "sprachen": "languages",
    "kanaele": "channels",
    "sichtbarkeit": "visibility",
    "datum": "date",
    "fonds": "fund",
    "budget": "budget",
    "kontakt": "contact",
    "adresse": "address",
    "telefon": "phone",
    "email": "email",
    "webseite": "website",
    "anonym": "anonymous",
    "kosten": "cost",
    "oeffnungszeiten": "opening_hours",
    "zugang": "access",
    "barrierefreiheit": "accessibility",
    "krisenfaehig": "crisis",
    "geprueft_am": "verified_on",
    "ebene": "goal_level",
    "ziel_von": "parent_goal",
    "buendnis": "alliance",
    "zieltext": "wording",
    "gilt_ab": "valid_from",
    "gilt_bis": "valid_until",
    "pruefung": "checks",
    "notiz": "note",
    "einwilligung_von": "consent_given_by",
    "einwilligung_am": "consent_given_at",
    "einwilligung_zweck": "consent_purpose",
}
FIELD_COLUMNS = {v: k for k, v in ELEMENT_FIELDS.items()} | {"id": "id", "name": "name", "form": "typ", "kind": "typ"}
LIST_VOCABULARIES: dict[str, vocab.Vocabulary] = {
    "themen": vocab.TOPIC,
    "zielgruppen": vocab.TARGET_GROUP,
    "sprachen": vocab.LANGUAGE,
    "kanaele": vocab.CHANNEL,
    "zugang": vocab.ACCESSIBILITY,
}
SCALAR_VOCABULARIES: dict[str, vocab.Vocabulary] = {
    "sektor": vocab.SECTOR,
    "sichtbarkeit": vocab.VISIBILITY,
    "fonds": vocab.FUND,
    "ebene": vocab.GOAL_LEVEL,
}
YES = {"ja", "j", "yes", "y", "true", "wahr", "1", "x"}
NO = {"nein", "n", "no", "false", "falsch", "0", ""}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an input file, located as the user sees it in Excel."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"Zeile {self.row}")
        if self.column:
            where.append(f"Spalte „{self.column}“")
        value = f" (Wert „{self.value}“)" if self.value else ""
        return f"{', '.join(where)}{value}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "row": self.row, "column": self.column, "value": self.value, "message": self.message}


class Assumptions:
    """What an import had to assume, one report line per kind of assumption (not per row)."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str | None, str], list[int]] = {}

    def add(self, file: str, row: int, column: str | None, message: str) -> None:
        self._seen.setdefault((file, column, message), []).append(row)

    def problems(self) -> list[Problem]:
        found = []
        for (file, column, message), rows in self._seen.items():
            shown = ", ".join(map(str, rows[:5])) + (" …" if len(rows) > 5 else "")
            found.append(Problem(file, rows[0], column, None, f"angenommen: {message} ({len(rows)}×, Zeilen {shown})"))
        return found


class ImportFailed(Exception):
    """The input has problems; nothing was written."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__(f"{len(self.problems)} Problem(e) in den Eingabedateien; nichts wurde gespeichert")


@dataclass
class ImportPlan:
    regions: list[Region] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class ImportResult:
    nodes: UpsertCounts
    relations: UpsertCounts
    regions: UpsertCounts
    warnings: list[Problem]
    dry_run: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "nodes": vars(self.nodes),
            "relations": vars(self.relations),
            "regions": vars(self.regions),
            "warnings": [w.to_dict() for w in self.warnings],
        }


@dataclass
class Table:
    """A parsed table: its file name and its rows (canonical column → text), numbered as in Excel.

    ``assume`` is set for peers' formats, whose rows may lack a ``typ``: elements are then
    taken as Organisation and relations typed by their ends, and each assumption is reported.
    """

    name: str
    rows: list[tuple[int, dict[str, str]]]
    assume: bool = False


def fold_header(text: str) -> str:
    """Header spelling folded for lookup (:func:`~buendnisatlas.graph.text.fold`, words joined by ``_``).

    >>> fold_header("Öffnungs-Zeiten "), fold_header("E-Mail")
    ('oeffnungs_zeiten', 'e_mail')
    """
    return fold(str(text)).replace(" ", "_")


ColumnMap = Mapping[str, str] | Sequence[tuple[str, str]]
"""``--map`` option: canonical column (German or English name) → the file's header.

As pairs, one field may be named twice (``typ`` of the elements and of the relations)."""


def resolve_mapping(mapping: ColumnMap | None) -> dict[str, dict[str, str]]:
    """Per table: folded file header → canonical column. Unknown fields raise :class:`ImportFailed`."""
    resolved: dict[str, dict[str, str]] = {t: {} for t in COLUMNS}
    problems = []
    pairs = list(mapping.items()) if isinstance(mapping, Mapping) else list(mapping or [])
    for field_name, attribute in pairs:
        hits = [
            (table, column)
            for table, columns in COLUMNS.items()
            for column, aliases in columns.items()
            if fold_header(field_name) in (fold_header(a) for a in aliases)
        ]
        if not hits:
            known = ", ".join(dict.fromkeys(c for cols in COLUMNS.values() for c in cols))
            problems.append(Problem("--map", None, None, field_name, f"unbekanntes Feld; bekannt sind: {known}"))
        for table, column in hits:
            resolved[table][fold_header(attribute)] = column
    if problems:
        raise ImportFailed(problems)
    return resolved


def cell_text(value: Any) -> str:
    """A cell as text, whatever the source made of it (Excel numbers and dates, JSON, NaN)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple, set)):
        return "|".join(cell_text(v) for v in value)
    return str(value).strip()


def make_table(
    file: str,
    table: str,
    header: Sequence[Any],
    records: Iterable[tuple[int, Sequence[Any]]],
    mapping: ColumnMap | None = None,
    strict: bool = True,
    warnings: list[Problem] | None = None,
    all_text: bool = False,
    quoted: bool = False,
) -> Table:
    """Map a header onto the canonical columns and number the records' cells by column.

    ``records`` are ``(row number as the user sees it, cells)``; ``all_text`` says every cell
    is a string already (CSV); ``quoted``: the cells come from one of our spreadsheet formats,
    whose writers quote text that would start a formula (:func:`~buendnisatlas.graph.cells.restore_cell`
    takes the quote off). With ``strict``, a column given twice is an error (a
    spreadsheet); otherwise the first one wins (peers' formats, whose attributes may spell a
    field twice, e.g. ``label`` and ``name``) and a missing ``name`` or ``typ`` column is
    left to assumptions (see :class:`Table`).
    """
    lookup = {fold_header(alias): column for column, aliases in COLUMNS[table].items() for alias in aliases}
    lookup.update(resolve_mapping(mapping)[table])
    columns: list[str | None] = []
    problems = []
    for position, title in enumerate(header, start=1):
        text = cell_text(title)
        column = lookup.get(fold_header(text))
        if column is None and text and warnings is not None:
            warnings.append(Problem(file, 1 if strict else None, text, None, "unbekannte Spalte, wird nicht gelesen"))
        if column is not None and column in columns:
            if strict:
                problems.append(
                    Problem(file, 1, text, None, f"Spalte „{column}“ kommt doppelt vor (Spalte {position})")
                )
            column = None
        columns.append(column)
    for required in REQUIRED[table]:
        if required not in columns and (strict or required not in ASSUMABLE):
            found = ", ".join(cell_text(h) for h in header if cell_text(h)) or "(keine)"
            problems.append(Problem(file, 1, required, None, f"Pflichtspalte „{required}“ fehlt. Gefunden: {found}"))
    if problems:
        raise ImportFailed(problems)
    width = len(columns)
    # Unread columns get a name no canonical column has, so each row is one C-level dict(zip()).
    names = [c if c is not None else f"\0{i}" for i, c in enumerate(columns)]
    unread = [n for n in names if n.startswith("\0")]
    rows = []
    strip = str.strip
    for number, record in records:
        cells = list(map(strip, record)) if all_text else [cell_text(c) for c in record]
        if quoted:
            cells = [restore_cell(c) if c[:1] == "'" else c for c in cells]
        if not any(cells):
            continue  # Excel leaves empty trailing rows
        if len(cells) > width and any(cells[width:]):
            problems.append(Problem(file, number, None, None, "mehr Werte als Spalten (Trennzeichen im Text?)"))
        row = dict(zip(names, cells, strict=False))
        if unread:
            for name in unread:
                row.pop(name, None)
        rows.append((number, row))
    if problems:
        raise ImportFailed(problems)
    return Table(file, rows)


# Encodings German office software writes besides UTF-8: Excel/Windows, older ISO, DOS.
OFFICE_ENCODINGS = ["cp1252", "iso8859_15", "cp850"]


def decode(raw: bytes, file: str) -> str:
    """Decode a text file: BOMs first, then strict UTF-8, then charset-normalizer's best guess.

    The guess is limited to the encodings German office software writes; a file that is
    none of them (a picture, a ZIP, an old ``.xls`` renamed ``.csv``) is reported as binary.
    """
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode-Text"
        return raw.decode("utf-16", errors="replace")
    binary = Problem(file, None, None, None, "Das ist keine Textdatei (CSV), sondern eine Binärdatei")
    if b"\x00" in raw[:4096]:
        raise ImportFailed([binary])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    matches = list(charset_normalizer.from_bytes(raw, cp_isolation=OFFICE_ENCODINGS))
    if not matches:
        raise ImportFailed([binary])
    # Short German texts decode without chaos in several code pages; then the most common wins.
    least = min(m.chaos for m in matches)
    clean = [m for m in matches if m.chaos <= least + 0.01]
    best = min(clean, key=lambda m: OFFICE_ENCODINGS.index(m.encoding) if m.encoding in OFFICE_ENCODINGS else 99)
    return str(best)


def sniff_delimiter(header_line: str) -> str:
    """The most frequent of ``;``, ``,`` and tab in the header line."""
    return max(";,\t", key=header_line.count)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ImportFailed([Problem(path.name, None, None, None, f"Datei nicht lesbar: {exc.strerror}")]) from exc


def read_csv_table(
    path: Path, table: str, mapping: ColumnMap | None = None, warnings: list[Problem] | None = None
) -> Table:
    """Read one CSV file of the canonical format; problems raise :class:`ImportFailed`."""
    file = path.name
    text = decode(_read_bytes(path), file)
    if not text.strip():
        raise ImportFailed([Problem(file, None, None, None, "Die Datei ist leer")])
    delimiter = sniff_delimiter(text.lstrip("\r\n")[:65536].splitlines()[0])  # not all lines of a large file
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportFailed([Problem(file, None, None, None, f"CSV nicht lesbar: {exc}")]) from exc
    if problem := too_many_rows(len(records)):
        raise ImportFailed([Problem(file, None, None, None, problem)])
    start = next((i for i, r in enumerate(records) if any(c.strip() for c in r)), None)
    if start is None:
        raise ImportFailed([Problem(file, None, None, None, "Die Datei enthält nur leere Zeilen")])
    numbered = enumerate(records[start + 1 :], start=start + 2)
    # Our export quotes cells that would start a formula; only a file with an apostrophe can hold one.
    quoted = "'" in text
    return make_table(file, table, records[start], numbered, mapping, True, warnings, all_text=True, quoted=quoted)


SHEET_NAMES: dict[str, tuple[str, ...]] = {
    ELEMENTS: ("elemente", "elements", "knoten", "nodes", "akteure"),
    RELATIONS: ("beziehungen", "relations", "relationen", "kanten", "edges", "verbindungen", "connections"),
    REGIONS: ("regionen", "regions", "gebiete"),
}


def read_workbook(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """All sheets of an ``.xlsx`` file as rows of cell values; row 1 is Excel's row 1."""
    import openpyxl  # here, not at start: only a workbook import needs it
    from openpyxl.utils.exceptions import InvalidFileException

    file = path.name
    if problem := zip_problem(path):  # from the archive's directory, before anything is unpacked
        raise ImportFailed([Problem(file, None, None, None, problem)])
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, OSError, KeyError, ValueError) as exc:
        hint = " (altes .xls? Bitte als .xlsx oder CSV speichern)" if path.suffix.lower() == ".xls" else ""
        raise ImportFailed(
            [Problem(file, None, None, None, f"keine lesbare Excel-Datei (.xlsx){hint}: {type(exc).__name__}")]
        ) from exc
    try:
        sheets = {}
        for sheet in book.worksheets:
            rows = list(islice(sheet.iter_rows(values_only=True), MAX_ROWS + 1))
            if problem := too_many_rows(len(rows)):
                raise ImportFailed([Problem(f"{file} [{sheet.title}]", None, None, None, problem)])
            sheets[sheet.title] = rows
        return sheets
    finally:
        book.close()


def sheet_tables(
    file: str,
    sheets: Mapping[str, list[tuple[Any, ...]]],
    mapping: ColumnMap | None = None,
    warnings: list[Problem] | None = None,
) -> dict[str, Table]:
    """Find the canonical sheets (German or English names) and read them as tables."""
    found: dict[str, str] = {}
    for title in sheets:
        table = next((t for t, names in SHEET_NAMES.items() if fold_header(title) in names), None)
        if table is not None and table not in found:
            found[table] = title
    if ELEMENTS not in found and RELATIONS not in found:
        listed = ", ".join(f"„{t}“" for t in sheets) or "(keine)"
        raise ImportFailed(
            [Problem(file, None, None, None, f"Tabellenblatt „Elemente“ oder „Beziehungen“ fehlt; gefunden: {listed}")]
        )
    tables, problems = {}, []
    for table, title in found.items():
        rows = sheets[title]
        start = next((i for i, r in enumerate(rows) if any(cell_text(c) for c in r)), None)
        if start is None:
            problems.append(Problem(f"{file} [{title}]", None, None, None, "Das Tabellenblatt ist leer"))
            continue
        records = enumerate(rows[start + 1 :], start=start + 2)
        try:
            tables[table] = make_table(
                f"{file} [{title}]", table, rows[start], records, mapping, True, warnings, quoted=True
            )
        except ImportFailed as exc:
            problems += exc.problems
    if problems:
        raise ImportFailed(problems)
    return tables


def read_json_tables(
    path: Path, mapping: ColumnMap | None = None, warnings: list[Problem] | None = None
) -> dict[str, Table]:
    """Our JSON: ``{"elemente": [{column: value}], "beziehungen": [...], "regionen": [...]}``.

    Entries are numbered from 1 in the order of the file; that number is the "row".
    """
    file = path.name
    data = parse_json(path)
    if not isinstance(data, dict) or not any(k in data for k in (*FILE_NAMES[ELEMENTS], *FILE_NAMES[RELATIONS])):
        raise ImportFailed([Problem(file, None, None, None, "JSON ohne „elemente“ oder „beziehungen“")])
    tables = {}
    for table, names in FILE_NAMES.items():
        entries = next((data[n] for n in names if n in data), None)
        if entries is None:
            continue
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise ImportFailed([Problem(file, None, table, None, "erwartet eine Liste von Objekten")])
        header = list(dict.fromkeys(k for e in entries for k in e))
        records = [(i, [e.get(k) for k in header]) for i, e in enumerate(entries, start=1)]
        tables[table] = make_table(f"{file} [{table}]", table, header, records, mapping, True, warnings)
    return tables


def parse_json(path: Path) -> Any:
    try:
        return json.loads(decode(_read_bytes(path), path.name))
    except json.JSONDecodeError as exc:
        raise ImportFailed(
            [Problem(path.name, exc.lineno, None, None, f"kein gültiges JSON: {exc.msg} (Zeile {exc.lineno})")]
        ) from exc


CSV_SUFFIXES = (".csv", ".txt", ".tsv")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".json")


def table_of(path: Path) -> str | None:
    """Which table a CSV file holds, by its name (``elemente.csv`` → ``elemente``); ``None`` if none."""
    stem = fold_header(path.stem)
    return next((t for t, names in FILE_NAMES.items() if any(stem.startswith(n) for n in names)), None)


def find_files(paths: Iterable[Path]) -> dict[str, Path]:
    """Sort the given files and folders into the three tables by file name.

    A workbook (``.xlsx``) or our JSON holds all tables; it is returned under the key
    ``""``. A folder is read for its CSV files, or else for its one workbook.
    """
    found: dict[str, Path] = {}
    problems = []
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.is_file())
            candidates = [p for p in files if p.suffix.lower() in CSV_SUFFIXES and table_of(p)]
            if not candidates:
                candidates = [p for p in files if p.suffix.lower() in WORKBOOK_SUFFIXES][:1]
        elif path.exists():
            candidates = [path]
        else:
            problems.append(Problem(str(path), None, None, None, "Datei oder Ordner nicht gefunden"))
            continue
        for candidate in candidates:
            table = "" if candidate.suffix.lower() in WORKBOOK_SUFFIXES else table_of(candidate)
            if table is None:
                problems.append(
                    Problem(
                        candidate.name,
                        None,
                        None,
                        None,
                        "unbekannte Datei: erwartet elemente.csv, beziehungen.csv, regionen.csv oder eine .xlsx-Datei",
                    )
                )
                continue
            if table in found:
                label = table or "Arbeitsmappe"
                problems.append(
                    Problem(candidate.name, None, None, None, f"zweite Tabelle „{label}“ neben {found[table].name}")
                )
            found[table] = candidate
    if not found and not problems:
        problems.append(
            Problem(", ".join(map(str, paths)), None, None, None, "keine elemente.csv oder beziehungen.csv gefunden")
        )
    if problems:
        raise ImportFailed(problems)
    return found


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a large import builds its objects.

    Every row becomes objects that live until the import ends; the collector would scan
    them again and again, finding nothing, which makes a large import much slower.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@gc_paused()
def read_tables(
    paths: Sequence[Path | str], mapping: ColumnMap | None = None, warnings: list[Problem] | None = None
) -> dict[str, Table]:
    """Read the canonical tables from CSV files, a folder, an ``.xlsx`` workbook or our JSON."""
    files = find_files([Path(p) for p in paths])
    problems: list[Problem] = []
    tables: dict[str, Table] = {}
    for table_name, path in files.items():
        try:
            if table_name:
                tables[table_name] = read_csv_table(path, table_name, mapping, warnings)
            elif path.suffix.lower() == ".json":
                tables.update(read_json_tables(path, mapping, warnings))
            else:
                tables.update(sheet_tables(path.name, read_workbook(path), mapping, warnings))
        except ImportFailed as exc:
            problems += exc.problems
    if problems:
        raise ImportFailed(problems)
    return tables


@lru_cache(maxsize=65536)
def parse_date(value: str) -> date:
    """``31.12.2024``, ``2024-12-31`` (also with a time, as Excel writes it).

    >>> parse_date("31.12.2024"), parse_date(" 2024-12-31 ")
    (datetime.date(2024, 12, 31), datetime.date(2024, 12, 31))
    """
    value = value.strip()
    match = _ISO_DATE.fullmatch(value)
    if match:  # the common case, without strptime's cost
        with suppress(ValueError):
            return date(int(match[1]), int(match[2]), int(match[3]))
    for pattern in ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%d.%m.%Y %H:%M"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError("kein gültiges Datum (erwartet z. B. 31.12.2024 oder 2024-12-31)")


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_number(value: str) -> float:
    """``2500``, ``2.500,00`` (German) or ``2500.50``."""
    text = value.replace("€", "").replace(" ", "").strip()
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise ValueError("keine Zahl") from None


def parse_bool(value: str) -> bool:
    folded = fold(value)
    if folded in YES:
        return True
    if folded in NO:
        return False
    raise ValueError("erwartet ja oder nein")


def split_multi(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


class PlaceResolver:
    """Places named in an import (``gemeinde``, ``gebiet``), resolved with the file's context.

    Keys pass through without a lookup (a large file of keys never builds the index);
    names go to the one :class:`~buendnisatlas.graph.regions.RegionIndex` (the shipped
    table, the store's and the file's own regions). Among namesakes the context decides:
    the row's ``kreis`` column, else the areas of the alliances in the file and the store,
    and the Kreise of the file's other, unambiguous places.
    """

    def __init__(self, store: GraphStore | None, extra: Iterable[Region]):
        self._store, self._extra = store, list(extra)
        self._index: RegionIndex | None = None
        self.within: tuple[str, ...] = ()

    @property
    def index(self) -> RegionIndex:
        if self._index is None:
            self._index = region_index(self._store.find_regions() if self._store else (), self._extra)
        return self._index

    def learn_context(self, table: Table) -> None:
        """Collect the file's context before its rows are read (see the class docstring)."""
        areas: list[str] = []
        if self._store is not None:
            areas += store_context(self._store)
        names: set[str] = set()
        for _, row in table.rows:
            if _element_kind(row.get("typ", "")) == NodeKind.ALLIANCE and row.get("gebiet"):
                areas += [k for k in (normalize_ags(v) for v in split_multi(row["gebiet"])) if k.isdigit()]
            if row.get("gemeinde") and not normalize_ags(row["gemeinde"]).isdigit():
                names.add(row["gemeinde"])
        for name in sorted(names):
            with suppress(PlaceError):
                areas.append(self.index.place(name, levels={"Gemeinde"}).ags[:5])
        self.within = tuple(dict.fromkeys(a for a in areas if a != "DE"))

    def row_context(self, row: Mapping[str, str]) -> tuple[str, ...]:
        """The row's ``kreis`` (a key or a name) wins over the file's context."""
        kreis = row.get("kreis")
        if not kreis:
            return self.within
        try:
            return (self.index.place(kreis, levels={"Kreis"}).ags,)
        except PlaceError as exc:
            raise ValueError(str(exc)) from None

    def gemeinde(self, value: str, within: tuple[str, ...] = ()) -> tuple[str, str | None]:
        """The 8-digit AGS for a key or a Gemeinde's name, and a note on how it was chosen."""
        key = normalize_ags(value)
        if re.fullmatch(r"\d{8}", key):
            return key, None
        if key.isdigit():
            raise ValueError("ein Gemeindeschlüssel hat 8 Ziffern")
        try:
            found = self.index.resolve(value, within, levels={"Gemeinde"}, postcodes=False)
        except PlaceError as exc:
            raise ValueError(str(exc)) from None
        return found.region.ags, found.note

    def area(self, value: str, within: tuple[str, ...] = ()) -> tuple[list[str], list[str]]:
        """The keys of an area (``15087|Landkreis Wittenberg|Amt Boizenburg-Land``), and notes."""
        keys, notes = [], []
        for part in split_multi(value):
            key = normalize_ags(part)
            if key == "DE" or key.isdigit():
                if key != "DE" and not re.fullmatch(r"\d{2}|\d{3}|\d{5}|\d{8}|\d{9}", key):
                    raise ValueError(
                        f"kein gültiger Gebietsschlüssel: {key} (AGS mit 2, 3, 5 oder 8 Ziffern, "
                        "9 für einen Gemeindeverband, oder DE)"
                    )
                keys.append(key)
                continue
            try:
                found = self.index.resolve(part, within, postcodes=False)
            except PlaceError as exc:
                raise ValueError(str(exc)) from None
            keys.append(found.region.ags)
            if found.note:
                notes.append(found.note)
        return list(dict.fromkeys(keys)), notes


class _RowReader:
    """Collects problems while turning one row's cells into values."""

    def __init__(self, file: str, number: int, row: dict[str, str], problems: list[Problem]):
        self.file, self.number, self.row, self.problems = file, number, row, problems
        self.ok = True

    def problem(self, column: str | None, message: str) -> None:
        value = self.row.get(column or "") or None
        self.problems.append(Problem(self.file, self.number, column, value, message))
        self.ok = False

    def get(self, column: str, parse: Callable[[str], Any]) -> Any:
        value = self.row.get(column, "")
        if not value:
            return None
        try:
            return parse(value)
        except ValueError as exc:
            self.problem(column, str(exc))
            return None


def _vocab_parser(vocabulary: vocab.Vocabulary) -> Callable[[str], str]:
    lookup = _cached_parse(vocabulary)

    def parse(value: str) -> str:
        code = lookup(value)
        if code is None:
            raise ValueError(f"unbekannter Wert „{value}“; erlaubt: {vocabulary.allowed()}")
        return code

    return parse


@cache
def _cached_parse(vocabulary: vocab.Vocabulary) -> Callable[[str], str | None]:
    """``vocabulary.parse`` remembering its answers: a large file repeats a few values."""
    return lru_cache(maxsize=4096)(vocabulary.parse)


def _list_parser(vocabulary: vocab.Vocabulary) -> Callable[[str], list[str]]:
    one = _vocab_parser(vocabulary)

    @lru_cache(maxsize=4096)
    def codes(value: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(one(part) for part in split_multi(value)))

    return lambda value: list(codes(value))


def _element_kind(value: str) -> NodeKind | None:
    try:
        return _element_type(value)[0]
    except ValueError:
        return None


@lru_cache(maxsize=1024)
def _element_type(value: str) -> tuple[NodeKind, ActorForm | None]:
    code = vocab.ELEMENT_TYPE.parse(value)
    if code is None:
        raise ValueError(f"unbekannter Typ; erlaubt: {vocab.ELEMENT_TYPE.allowed()}")
    if code in ActorForm.__members__.values():
        return NodeKind.ACTOR, ActorForm(code)
    return NodeKind(code), None


FIELDS_OF: dict[NodeKind, frozenset[str]] = {kind: frozenset(cls.model_fields) for kind, cls in NODE_CLASSES.items()}


def parse_elements(
    table: Table, places: PlaceResolver, problems: list[Problem], assumed: Assumptions | None = None
) -> list[tuple[int, Node]]:
    if any(row.get("gemeinde") or row.get("gebiet") for _, row in table.rows):
        places.learn_context(table)
    context: list[tuple[str, ...]] = [()]  # the row being read: its kreis, else the file's context
    notes: list[str] = []

    @lru_cache(maxsize=8192)
    def gemeinde(value: str, within: tuple[str, ...]) -> tuple[str, str | None]:
        return places.gemeinde(value, within)

    @lru_cache(maxsize=8192)
    def area(value: str, within: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        keys, found = places.area(value, within)
        return tuple(keys), tuple(found)

    def parse_gemeinde(value: str) -> str:
        key, note = gemeinde(value, context[0])
        notes.extend([note] if note else [])
        return key

    def parse_area(value: str) -> list[str]:
        keys, found = area(value, context[0])
        notes.extend(found)
        return list(keys)

    parsers: dict[str, Callable[[str], Any]] = {
        **{c: _list_parser(v) for c, v in LIST_VOCABULARIES.items()},
        **{c: _vocab_parser(v) for c, v in SCALAR_VOCABULARIES.items()},
        "gemeinde": parse_gemeinde,
        "gebiet": parse_area,
        "datum": parse_date,
        "geprueft_am": parse_date,
        "einwilligung_am": parse_date,
        "gilt_ab": parse_date,
        "gilt_bis": parse_date,
        "budget": parse_number,
        "anonym": parse_bool,
        "krisenfaehig": parse_bool,
    }
    nodes: list[tuple[int, Node]] = []
    seen: dict[str, int] = {}
    given = set().union(*(row.keys() for _, row in table.rows))
    present = [
        (column, field_name, parsers.get(column, str))
        for column, field_name in ELEMENT_FIELDS.items()
        if column in given
    ]
    for number, row in table.rows:
        reader = _RowReader(table.name, number, row, problems)
        node_id = row.get("id", "")
        if not node_id:
            reader.problem("id", "Kennung fehlt")
        elif node_id in seen:
            reader.problem("id", f"Kennung doppelt vergeben (schon in Zeile {seen[node_id]})")
        else:
            seen[node_id] = number
        if not row.get("name"):
            reader.problem("name", "Name fehlt")
        if table.assume and assumed is not None and vocab.ELEMENT_TYPE.parse(row.get("typ", "")) is None:
            typ_given = row.get("typ")
            row["typ"] = "Organisation"
            reason = f"Typ „{typ_given}“ ist unbekannt; solche Elemente" if typ_given else "Elemente ohne Typ"
            assumed.add(table.name, number, "typ", f"{reason} sind Organisationen")
        kind_form = reader.get("typ", _element_type)
        if not row.get("typ"):
            reader.problem("typ", f"Typ fehlt; erlaubt: {vocab.ELEMENT_TYPE.allowed()}")
        if kind_form is None:
            continue
        kind, form = kind_form
        fields = FIELDS_OF[kind]
        data: dict[str, Any] = {"kind": kind, "id": node_id, "name": row.get("name", "")}
        if form is not None:
            data["form"] = form
        if kind == NodeKind.GOAL and not row.get("ebene"):
            # "Typ: Handlungsziel" says the level too.
            level = vocab.GOAL_LEVEL.parse(row.get("typ", ""))
            if level is not None:
                data["goal_level"] = level
        unknown_kreis = False
        if row.get("gemeinde") or row.get("gebiet"):
            try:
                context[0] = places.row_context(row)
            except ValueError as exc:
                reader.problem("kreis", str(exc))
                unknown_kreis = True  # the places of the row are not read without it
        for column, field_name, parse in present:
            if not row.get(column) or (unknown_kreis and column in ("gemeinde", "gebiet")):
                continue
            if field_name == "email" and field_name not in fields and not row.get("kontakt"):
                field_name = "contact"  # an e-mail column of actors is their contact, as before
            if field_name not in fields:
                reader.problem(column, f"gilt nicht für den Typ „{row['typ']}“")
                continue
            value = reader.get(column, parse)
            if value is not None:
                data[field_name] = value
        if assumed is not None:
            for note in notes:
                assumed.add(table.name, number, "gemeinde" if row.get("gemeinde") else "gebiet", note)
        notes.clear()
        if not reader.ok:
            continue
        try:
            nodes.append((number, NODE_CLASSES[kind].model_validate(data)))
        except ValidationError as exc:
            for error in exc.errors():
                failed = next((str(p) for p in error["loc"] if str(p) in FIELD_COLUMNS), "")
                reader.problem(FIELD_COLUMNS.get(failed), german_message(error))
    return nodes


# The relation type a peer's untyped tie most plausibly is, by the kinds of its ends.
DEFAULT_RELATION_TYPES: dict[tuple[NodeKind, NodeKind], RelationType] = {
    (NodeKind.ACTOR, NodeKind.ACTOR): RelationType.COOPERATES_WITH,
    (NodeKind.ACTOR, NodeKind.ALLIANCE): RelationType.MEMBER_OF,
    (NodeKind.ACTOR, NodeKind.BODY): RelationType.MEMBER_OF,
    (NodeKind.ACTOR, NodeKind.WORKING_GROUP): RelationType.MEMBER_OF,
    (NodeKind.ACTOR, NodeKind.PROJECT): RelationType.PARTNER_IN,
    (NodeKind.ACTOR, NodeKind.EVENT): RelationType.PARTICIPATED_IN,
    (NodeKind.BODY, NodeKind.ALLIANCE): RelationType.PART_OF,
    (NodeKind.WORKING_GROUP, NodeKind.ALLIANCE): RelationType.PART_OF,
    (NodeKind.PROJECT, NodeKind.ALLIANCE): RelationType.PART_OF,
    (NodeKind.EVENT, NodeKind.ALLIANCE): RelationType.PART_OF,
}


def relation_type_known(value: str) -> bool:
    return _cached_parse(vocab.RELATION_TYPE)(value) is not None


def parse_relations(
    table: Table,
    kinds: Callable[[str], tuple[bool, NodeKind | None]],
    problems: list[Problem],
    assumed: Assumptions | None = None,
    file_kinds: Mapping[str, NodeKind | None] | None = None,
    merged: list[int] | None = None,
) -> list[Relation]:
    """Parse relation rows; ``kinds(id)`` says whether an id is known and its node kind.

    ``file_kinds`` may hold the kinds of most ids already (the file's elements), saving calls.
    A peer's table (``table.assume``) may repeat a relation; given ``merged``, repeats are
    merged (:func:`merge_parallel`) and their row numbers collected there. Our own
    format stays strict: a repeated relation is an error.
    """
    relations: list[Relation] = []
    seen: dict[str, int] = {}
    positions: dict[str, int] = {}
    relation_type = _vocab_parser(vocab.RELATION_TYPE)
    boolean, number_of = lru_cache(maxsize=64)(parse_bool), lru_cache(maxsize=4096)(parse_number)
    endpoints = lru_cache(maxsize=1024)(lambda t, a, b: endpoint_problem(RelationType(t), a, b))
    type_code = _cached_parse(vocab.RELATION_TYPE)
    kind_in_file = (file_kinds or {}).get

    @lru_cache(maxsize=65536)
    def day(text: str) -> tuple[date, str]:
        """A date and its ISO text for the key, both made once per distinct cell."""
        value = parse_date(text)
        return value, value.isoformat()

    @lru_cache(maxsize=4096)
    def allowed_type(typ: str, source_kind: NodeKind | None, target_kind: NodeKind | None) -> RelationType | None:
        """The relation type if it is known and may join these kinds (one cached call per row)."""
        code = type_code(typ)
        if code is None or source_kind is None or target_kind is None:
            return None
        return None if endpoints(code, source_kind, target_kind) else RelationType(code)

    def valid(row: dict[str, str]) -> tuple[str, dict[str, Any]] | None:
        """The happy path of a large file: the key and values of a faultless row, else ``None``."""
        source, target, typ = row.get("von"), row.get("nach"), row.get("typ")
        if not (source and target and typ):
            return None
        source_kind, target_kind = kind_in_file(source), kind_in_file(target)
        if source_kind is None:
            source_kind = kinds(source)[1]
        if target_kind is None:
            target_kind = kinds(target)[1]
        code = allowed_type(typ, source_kind, target_kind)
        if code is None:
            return None
        voting_text, weight_text = row.get("stimmberechtigt"), row.get("gewicht")
        since_text, until_text, role = row.get("seit"), row.get("bis"), row.get("rolle") or None
        try:
            voting = boolean(voting_text) if voting_text else None
            since, since_iso = day(since_text) if since_text else _NO_DAY
            until = parse_date(until_text) if until_text else None
            weight = number_of(weight_text) if weight_text else 1.0
        except ValueError:
            return None
        if not 0 < weight < _INF or (since and until and until < since):  # also refuses NaN
            return None
        if role is not None and len(role) > NAME_MAX:
            return None
        values: dict[str, Any] = {  # every field of a Relation, in the model's order
            "source": source,
            "target": target,
            "type": code,
            "role": role,
            "voting": voting,
            "since": since,
            "until": until,
            "weight": weight,
            "version": None,  # the store's to set
        }
        return f"{source}|{code}|{target}|{since_iso}", values  # = Relation.key

    for number, row in table.rows:
        fast = None if table.assume else valid(row)
        if fast is not None:
            key, values = fast
            if key not in seen:
                seen[key] = number
                relations.append(_checked_relation(values))
                continue
        # Rows with a fault (or a duplicate) take the slow path, which names every problem.
        reader = _RowReader(table.name, number, row, problems)
        ends: dict[str, NodeKind] = {}
        for column in ("von", "nach"):
            ref = row.get(column, "")
            known, kind = kinds(ref) if ref else (False, None)
            if not ref:
                reader.problem(column, "Kennung fehlt")
            elif not known:
                hint = (
                    f"; liegt die Kennung in einer anderen Spalte? Dann --map {column}=SPALTE" if table.assume else ""
                )
                reader.problem(
                    column, f"verweist auf eine Kennung, die es weder in den Elementen noch im Bestand gibt{hint}"
                )
            elif kind is not None:
                ends[column] = kind
        if table.assume and assumed is not None and len(ends) == 2 and not relation_type_known(row.get("typ", "")):
            given = row.get("typ")
            guess = DEFAULT_RELATION_TYPES.get((ends["von"], ends["nach"]))
            if guess is None and DEFAULT_RELATION_TYPES.get((ends["nach"], ends["von"])):
                # A peer's tie often runs the other way round (alliance → member): turn it.
                row["von"], row["nach"], ends = row["nach"], row["von"], {"von": ends["nach"], "nach": ends["von"]}
                guess = DEFAULT_RELATION_TYPES[(ends["von"], ends["nach"])]
                assumed.add(table.name, number, "von", "Beziehungen, die nur umgekehrt passen, wurden umgedreht")
            if guess is not None:
                row["typ"] = vocab.RELATION_TYPE.label(guess)
                if given and not row.get("rolle"):
                    row["rolle"] = given  # the peer's own type is kept
                reason = f"Typ „{given}“ ist unbekannt; solche Beziehungen" if given else "Beziehungen ohne Typ"
                ends_text = f"von {KIND_LABELS[ends['von']]} zu {KIND_LABELS[ends['nach']]}"
                kept = " (der Typ der Datei steht in der Rolle)" if given else ""
                assumed.add(table.name, number, "typ", f"{reason} {ends_text} sind „{row['typ']}“{kept}")
        rel_type = reader.get("typ", relation_type)
        if not row.get("typ"):
            reader.problem("typ", f"Typ fehlt; erlaubt: {vocab.RELATION_TYPE.allowed()}")
        values = {
            "role": row.get("rolle") or None,
            "voting": reader.get("stimmberechtigt", boolean),
            "since": reader.get("seit", parse_date),
            "until": reader.get("bis", parse_date),
        }
        weight = reader.get("gewicht", number_of)
        if weight is not None:
            if not 0 < weight < math.inf:  # also NaN
                reader.problem("gewicht", "das Gewicht muss eine endliche Zahl größer als 0 sein")
            values["weight"] = weight
        if rel_type is not None and len(ends) == 2:
            problem = endpoints(rel_type, ends["von"], ends["nach"])
            if problem:
                reader.problem("typ", problem)
        if values["since"] and values["until"] and values["until"] < values["since"]:
            reader.problem("bis", f"„bis“ liegt vor „seit“ ({row.get('seit')})")
        if not reader.ok:
            continue
        since = values["since"]
        key = relation_key(row["von"], rel_type, row["nach"], since)
        try:
            relation = Relation(source=row["von"], target=row["nach"], type=rel_type, **values)
        except ValidationError as exc:  # what the cells' parsers do not check, e.g. a role's length
            for error in exc.errors():
                failed = next((str(p) for p in error["loc"] if str(p) in RELATION_COLUMNS), None)
                reader.problem(RELATION_COLUMNS.get(failed or ""), german_message(error))
            continue
        if key in seen and table.assume and merged is not None:
            # A peer's parallel or reciprocal edges are one relation of ours: weights add up.
            position = positions[key]
            relations[position] = merge_parallel(relations[position], relation)
            merged.append(number)
            continue
        if key in seen:
            reader.problem(None, f"dieselbe Beziehung steht schon in Zeile {seen[key]}")
            continue
        seen[key] = number
        if table.assume:  # only a peer's repeats are merged
            positions[key] = len(relations)
        relations.append(relation)
    return relations


def merge_parallel(first: Relation, other: Relation) -> Relation:
    """Two parallel ties of a peer's file as one relation: weights summed, both roles (peer types) kept.

    >>> a = Relation(source="a", target="b", type="COOPERATES_WITH", role="friend", weight=2)
    >>> merged = merge_parallel(a, Relation(source="a", target="b", type="COOPERATES_WITH", role="colleague"))
    >>> merged.weight, merged.role
    (3.0, 'friend, colleague')
    """
    roles = [r for r in dict.fromkeys([*(first.role or "").split(", "), other.role or ""]) if r]
    return first.model_copy(
        update={
            "weight": first.weight + other.weight,
            "role": ", ".join(roles) or None,
            "until": first.until or other.until,
            "voting": first.voting if first.voting is not None else other.voting,
        }
    )


def _checked_relation(values: dict[str, Any]) -> Relation:
    """A :class:`Relation` from values :func:`parse_relations` has checked field by field.

    Exactly what pydantic's ``model_construct`` does, without its per-field bookkeeping:
    validating the same values a second time cost a large import a tenth of its time.
    ``values`` must hold every field, already of the field's type (a test compares the
    result with a validated relation).
    """
    relation = _new_relation(Relation)
    _set(relation, "__dict__", values)
    # One set shared by all: a set of eight names per relation was a quarter of a large
    # import's memory. It holds every field already, so pydantic's adding a name on
    # assignment changes nothing, and copies get their own.
    _set(relation, "__pydantic_fields_set__", _ALL_RELATION_FIELDS)
    _set(relation, "__pydantic_extra__", None)
    _set(relation, "__pydantic_private__", None)
    return relation


_new_relation, _set = Relation.__new__, object.__setattr__
_NO_DAY: tuple[None, str] = (None, "")
_INF = math.inf
# relation field → column of beziehungen.csv, for the model's own messages
RELATION_COLUMNS = {
    "source": "von",
    "target": "nach",
    "type": "typ",
    "role": "rolle",
    "voting": "stimmberechtigt",
    "since": "seit",
    "until": "bis",
    "weight": "gewicht",
}
_ALL_RELATION_FIELDS = set(Relation.model_fields)


def parse_regions(table: Table, problems: list[Problem]) -> list[Region]:
    """The rows of a ``regionen.csv``, read like every region file (``regions.region_from_row``)."""
    regions = []
    for number, row in table.rows:
        try:
            regions.append(region_from_row(row))
        except ValueError as exc:
            column, message = exc.args
            _RowReader(table.name, number, row, problems).problem(column, message)
    return regions


@gc_paused()
def plan_from_tables(
    tables: Mapping[str, Table],
    store: GraphStore | None = None,
    warnings: Sequence[Problem] = (),
    kinds_of: KindsOf | None = None,
) -> ImportPlan:
    """Validate parsed tables into an :class:`ImportPlan`; raise :class:`ImportFailed` listing every problem.

    References among relations may point to elements of the same tables or to elements
    already known to ``kinds_of`` (by default: in ``store``, whose regions also resolve
    Gemeinde names). Every reader of every format ends here.
    """
    problems: list[Problem] = []
    assumed = Assumptions()
    plan = ImportPlan(warnings=list(warnings))
    if REGIONS in tables:
        plan.regions = parse_regions(tables[REGIONS], problems)
    places = PlaceResolver(store, plan.regions)
    numbered = parse_elements(tables[ELEMENTS], places, problems, assumed) if ELEMENTS in tables else []
    plan.nodes = [node for _, node in numbered]
    # Ids of rows with problems still count as known, so one bad row is not reported twice.
    file_kinds: dict[str, NodeKind | None] = {}
    if ELEMENTS in tables:
        for _, row in tables[ELEMENTS].rows:
            typ = _cached_parse(vocab.ELEMENT_TYPE)(row.get("typ", ""))
            file_kinds.setdefault(row.get("id", ""), None if typ is None else _element_type(typ)[0])

    lookup = kinds_of or (store_kinds(store) if store is not None else None)
    if RELATIONS in tables and lookup is not None:
        # One look-up for every id the file refers to but does not define.
        refs = {row.get(c, "") for _, row in tables[RELATIONS].rows for c in ("von", "nach")}
        file_kinds.update(lookup(sorted(refs - set(file_kinds) - {""})))

    asked: set[str] = set()

    def kind_of(ref: str) -> tuple[bool, NodeKind | None]:
        if ref not in file_kinds and lookup is not None and ref not in asked:
            asked.add(ref)  # an id outside the relations (a goal's reference), asked for alone
            file_kinds.update(lookup([ref]))
        return ref in file_kinds, file_kinds.get(ref)

    _check_goal_references(tables.get(ELEMENTS), numbered, kind_of, problems)
    merged: list[int] = []
    if RELATIONS in tables:
        plan.relations = parse_relations(tables[RELATIONS], kind_of, problems, assumed, file_kinds, merged)
    if problems:
        raise ImportFailed(problems)
    plan.warnings += assumed.problems()
    if merged:
        shown = ", ".join(map(str, merged[:5])) + (" …" if len(merged) > 5 else "")
        message = f"{len(merged)} parallele Kanten zusammengefasst (Gewichte addiert, Typen als Rolle behalten)"
        plan.warnings.append(Problem(tables[RELATIONS].name, merged[0], None, None, f"{message}; Zeilen {shown}"))
    return plan


KindsOf = Callable[[Sequence[str]], Mapping[str, NodeKind]]
"""Which of these ids are known, and of which node kind: how a parser asks about ids outside its file."""


def store_kinds(store: GraphStore) -> KindsOf:
    """The :data:`KindsOf` lookup of a store."""

    def kinds_of(ids: Sequence[str]) -> dict[str, NodeKind]:
        found = {}
        for node_id in ids:
            with suppress(NotFound):
                found[node_id] = store.get_node(node_id).kind
        return found

    return kinds_of


# A goal's references: column, field, the kind it must point to.
_GOAL_REFERENCES = (("ziel_von", "parent_goal", NodeKind.GOAL), ("buendnis", "alliance", NodeKind.ALLIANCE))


def _check_goal_references(
    table: Table | None,
    numbered: Sequence[tuple[int, Node]],
    kind_of: Callable[[str], tuple[bool, NodeKind | None]],
    problems: list[Problem],
) -> None:
    """A goal's ``ziel_von`` names a goal and its ``buendnis`` an alliance, in the file or the store."""
    if table is None:
        return
    for number, node in numbered:
        if node.kind != NodeKind.GOAL:
            continue
        for column, field_name, wanted in _GOAL_REFERENCES:
            ref = getattr(node, field_name)
            if ref is None:
                continue
            known, kind = kind_of(ref)
            if not known:
                problems.append(Problem(table.name, number, column, ref, f"„{ref}“ gibt es nicht"))
            elif kind is not None and kind != wanted:
                message = f"„{ref}“ ist ein(e) {KIND_LABELS[kind]}, kein(e) {KIND_LABELS[wanted]}"
                problems.append(Problem(table.name, number, column, ref, message))


def read_canonical(
    paths: Sequence[Path | str], store: GraphStore | None = None, mapping: ColumnMap | None = None
) -> ImportPlan:
    """Parse and validate canonical files (CSV, ``.xlsx`` or our JSON); raise :class:`ImportFailed` on problems.

    ``mapping`` names, per canonical column, the file's own header for it (``--map``).
    """
    warnings: list[Problem] = []
    tables = read_tables(paths, mapping, warnings)
    return plan_from_tables(tables, store, warnings)


Progress = Callable[[int], None]
"""Called with the number of records just written."""


@gc_paused()
def import_plan(
    store: GraphStore, plan: ImportPlan, dry_run: bool = False, progress: Progress | None = None
) -> ImportResult:
    """Write a validated plan, all or nothing; ``dry_run`` counts and rolls back.

    The store decides how long it holds its write lock (:meth:`GraphStore.import_records`):
    SQLite writes a large import in short steps that other writers can get between, and a
    failure or a crash undoes every step. Importing the same plan twice changes nothing
    the second time: records are matched by ``id`` (elements), relation key and AGS (regions).
    """
    try:
        if dry_run:
            with store.transaction():
                counts = import_in_one_transaction(store, plan.regions, plan.nodes, plan.relations, progress)
                # Count exactly what would change, then roll the whole transaction back.
                raise _DryRunDone(ImportResult(counts.nodes, counts.relations, counts.regions, plan.warnings, True))
        counts = store.import_records(plan.regions, plan.nodes, plan.relations, progress)
    except _DryRunDone as done:
        return done.result
    return ImportResult(counts.nodes, counts.relations, counts.regions, plan.warnings)


@gc_paused()
def import_canonical(
    store: GraphStore,
    paths: Sequence[Path | str],
    dry_run: bool = False,
    mapping: ColumnMap | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Validate the files, then write everything or nothing (:func:`import_plan`)."""
    return import_plan(store, read_canonical(paths, store, mapping), dry_run, progress)


class _DryRunDone(Exception):
    def __init__(self, result: ImportResult):
        self.result = result


# -- writing: a node or relation as a canonical row ----------------------------------

_LABELLED: dict[str, vocab.Vocabulary] = {**SCALAR_VOCABULARIES, **LIST_VOCABULARIES}


def element_row(node: Node) -> dict[str, str]:
    """A node as a row of ``elemente.csv``: German columns, German labels, empty cells left out.

    >>> from buendnisatlas.graph.model import Actor
    >>> element_row(Actor(id="kjr", name="Kreis-Kinder- und Jugendring", sector="youth", topics=["participation"]))
    {'id': 'kjr', 'name': 'Kreis-Kinder- und Jugendring', 'typ': 'Organisation', 'sektor': 'Jugend', \
'themen': 'Partizipation', 'sichtbarkeit': 'netzwerk'}
    """
    data = node.data()
    form = data.get("form")
    row = {"id": node.id, "name": node.name, "typ": vocab.ELEMENT_TYPE.label(form or node.kind.value)}
    for column, field_name in ELEMENT_FIELDS.items():
        value = data.get(field_name)
        if value is None or value == []:
            continue
        vocabulary = _LABELLED.get(column)
        if vocabulary is not None:
            value = [vocabulary.label(v) for v in value] if isinstance(value, list) else vocabulary.label(value)
        row[column] = cell_text(value)
    return row


def relation_row(relation: Relation) -> dict[str, str]:
    """A relation as a row of ``beziehungen.csv``.

    >>> relation_row(Relation(source="kjr", target="pfd", type="MEMBER_OF", since=date(2024, 1, 1)))
    {'von': 'kjr', 'nach': 'pfd', 'typ': 'Mitglied', 'seit': '2024-01-01', 'gewicht': '1'}
    """
    row = {"von": relation.source, "nach": relation.target, "typ": vocab.RELATION_TYPE.label(relation.type)}
    for column, value in (
        ("rolle", relation.role),
        ("stimmberechtigt", relation.voting),
        ("seit", relation.since),
        ("bis", relation.until),
        ("gewicht", relation.weight),
    ):
        if value is not None:
            row[column] = cell_text(value)
    return row


def region_row(region: Region) -> dict[str, str]:
    """A region as a row of ``regionen.csv``; empty cells left out."""
    data = region.model_dump()
    return {column: cell_text(data[f]) for column, f in REGION_COLUMNS.items() if data[f] is not None}
