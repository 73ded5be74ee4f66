"""The canonical import format: ``elemente.csv``, ``beziehungen.csv``, ``regionen.csv``.

The format is described for users in ``docs/importformat.md``. Reading is two-phase:
:func:`read_canonical` parses and validates every row of every file and collects every
problem (file, row as Excel shows it, column, value, German message); only a plan with
no problem reaches :func:`import_canonical`, which writes it in one transaction.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from buendnisatlas.graph import vocab
from buendnisatlas.graph.model import (
    NODE_CLASSES,
    Node,
    Region,
    Relation,
    endpoint_problem,
    node_from_dict,
    normalize_ags,
)
from buendnisatlas.graph.regions import reference_regions
from buendnisatlas.graph.store import GraphStore, NotFound, UpsertCounts
from buendnisatlas.graph.vocab import ActorForm, NodeKind, RelationType

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
        "gebiet": ("gebiet", "area", "abdeckung", "coverage"),
        "themen": ("themen", "topics", "thema", "topic"),
        "zielgruppen": ("zielgruppen", "target_groups", "zielgruppe"),
        "sprachen": ("sprachen", "languages", "sprache"),
        "kanaele": ("kanaele", "kanäle", "channels", "kanal"),
        "sichtbarkeit": ("sichtbarkeit", "visibility"),
        "datum": ("datum", "date"),
        "fonds": ("fonds", "fund"),
        "budget": ("budget", "betrag", "summe"),
        "kontakt": ("kontakt", "contact", "e_mail", "email"),
        "webseite": ("webseite", "website", "url", "homepage"),
        "anonym": ("anonym", "anonymous"),
        "kosten": ("kosten", "cost"),
        "oeffnungszeiten": ("oeffnungszeiten", "öffnungszeiten", "opening_hours"),
        "barrierefreiheit": ("barrierefreiheit", "accessibility", "barrierefrei"),
        "krisenfaehig": ("krisenfaehig", "krisenfähig", "crisis"),
        "geprueft_am": ("geprueft_am", "geprüft_am", "verified_on", "zuletzt_geprueft"),
        "notiz": ("notiz", "note", "notes", "bemerkung", "anmerkung"),
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
    REGIONS: {
        "ags": ("ags", "schluessel", "schlüssel", "key"),
        "name": ("name",),
        "ebene": ("ebene", "level"),
    },
}
REQUIRED: dict[str, tuple[str, ...]] = {
    ELEMENTS: ("id", "name", "typ"),
    RELATIONS: ("von", "nach", "typ"),
    REGIONS: ("ags", "name"),
}

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
    "webseite": "website",
    "anonym": "anonymous",
    "kosten": "cost",
    "oeffnungszeiten": "opening_hours",
    "barrierefreiheit": "accessibility",
    "krisenfaehig": "crisis",
    "geprueft_am": "verified_on",
    "notiz": "note",
}
FIELD_COLUMNS = {v: k for k, v in ELEMENT_FIELDS.items()} | {"id": "id", "name": "name", "form": "typ", "kind": "typ"}
LIST_VOCABULARIES: dict[str, vocab.Vocabulary] = {
    "themen": vocab.TOPIC,
    "zielgruppen": vocab.TARGET_GROUP,
    "sprachen": vocab.LANGUAGE,
    "kanaele": vocab.CHANNEL,
}
SCALAR_VOCABULARIES: dict[str, vocab.Vocabulary] = {
    "sektor": vocab.SECTOR,
    "sichtbarkeit": vocab.VISIBILITY,
    "fonds": vocab.FUND,
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
    """A parsed CSV: its file name, canonical header and rows numbered as in Excel."""

    name: str
    rows: list[tuple[int, dict[str, str]]]


def _fold_header(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().casefold())


def decode(raw: bytes, file: str) -> str:
    """Decode UTF-8 (with or without BOM) or, failing that, Windows-1252."""
    if b"\x00" in raw[:4096]:
        raise ImportFailed([Problem(file, None, None, None, "Das ist keine Textdatei (CSV), sondern eine Binärdatei")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def sniff_delimiter(header_line: str) -> str:
    """The most frequent of ``;``, ``,`` and tab in the header line."""
    return max(";,\t", key=header_line.count)


def read_table(path: Path, table: str) -> Table:
    """Read one CSV file of the canonical format; header problems raise :class:`ImportFailed`."""
    file = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFailed([Problem(file, None, None, None, f"Datei nicht lesbar: {exc.strerror}")]) from exc
    text = decode(raw, file)
    if not text.strip():
        raise ImportFailed([Problem(file, None, None, None, "Die Datei ist leer")])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text.splitlines()[0]))
    header = next(reader)
    lookup = {_fold_header(alias): column for column, aliases in COLUMNS[table].items() for alias in aliases}
    columns: list[str | None] = []
    problems, warnings = [], []
    for position, title in enumerate(header, start=1):
        column = lookup.get(_fold_header(title))
        if column is None and title.strip():
            warnings.append(Problem(file, 1, title.strip(), None, "unbekannte Spalte, wird nicht gelesen"))
        if column is not None and column in columns:
            problems.append(Problem(file, 1, title, None, f"Spalte „{column}“ kommt doppelt vor (Spalte {position})"))
        columns.append(column)
    for required in REQUIRED[table]:
        if required not in columns:
            problems.append(
                Problem(file, 1, required, None, f"Pflichtspalte „{required}“ fehlt. Gefunden: {', '.join(header)}")
            )
    if problems:
        raise ImportFailed(problems)
    rows = []
    for number, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue  # Excel leaves empty trailing rows
        if len(record) > len(columns) and any(cell.strip() for cell in record[len(columns) :]):
            problems.append(Problem(file, number, None, None, "mehr Werte als Spalten (Trennzeichen im Text?)"))
        rows.append((number, {c: cell.strip() for c, cell in zip(columns, record, strict=False) if c is not None}))
    if problems:
        raise ImportFailed(problems)
    return Table(file, rows)


def find_files(paths: Iterable[Path]) -> dict[str, Path]:
    """Sort the given files and folders into the three tables by file name."""
    found: dict[str, Path] = {}
    problems = []
    for path in paths:
        if path.is_dir():
            candidates = sorted(p for p in path.iterdir() if p.suffix.lower() in (".csv", ".txt"))
        elif path.exists():
            candidates = [path]
        else:
            problems.append(Problem(str(path), None, None, None, "Datei oder Ordner nicht gefunden"))
            continue
        for candidate in candidates:
            stem = _fold_header(candidate.stem)
            table = next((t for t, names in FILE_NAMES.items() if any(stem.startswith(n) for n in names)), None)
            if table is None:
                if not path.is_dir():
                    problems.append(
                        Problem(
                            candidate.name,
                            None,
                            None,
                            None,
                            "unbekannte Datei: erwartet elemente.csv, beziehungen.csv oder regionen.csv",
                        )
                    )
                continue
            if table in found:
                problems.append(
                    Problem(candidate.name, None, None, None, f"zweite Tabelle „{table}“ neben {found[table].name}")
                )
            found[table] = candidate
    if not found and not problems:
        problems.append(
            Problem(", ".join(map(str, paths)), None, None, None, "keine elemente.csv oder beziehungen.csv gefunden")
        )
    if problems:
        raise ImportFailed(problems)
    return found


def parse_date(value: str) -> date:
    """``31.12.2024``, ``2024-12-31`` (also with a time, as Excel writes it)."""
    value = value.strip()
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y %H:%M"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError("kein gültiges Datum (erwartet z. B. 31.12.2024 oder 2024-12-31)")


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
    folded = value.strip().casefold()
    if folded in YES:
        return True
    if folded in NO:
        return False
    raise ValueError("erwartet ja oder nein")


def split_multi(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


class RegionIndex:
    """Gemeinden known to an import: the shipped table, the store's and the file's own."""

    def __init__(self, store: GraphStore | None, extra: Iterable[Region]):
        self.by_ags: dict[str, Region] = {r.ags: r for r in reference_regions()}
        if store is not None:
            self.by_ags.update((r.ags, r) for r in store.find_regions())
        self.by_ags.update((r.ags, r) for r in extra)
        self.by_name: dict[str, list[Region]] = {}
        for region in self.by_ags.values():
            if region.level == "Gemeinde":
                for name in _name_variants(region.name):
                    self.by_name.setdefault(name, []).append(region)

    def gemeinde(self, value: str) -> str:
        """The 8-digit AGS for a key or an unambiguous Gemeinde name."""
        key = normalize_ags(value)
        if re.fullmatch(r"\d{8}", key):
            return key
        if key.isdigit():
            raise ValueError("ein Gemeindeschlüssel hat 8 Ziffern")
        matches = self.by_name.get(value.strip().casefold(), [])
        if not matches:
            raise ValueError("unbekannte Gemeinde; bitte den 8-stelligen Gemeindeschlüssel (AGS) angeben")
        if len(matches) > 1:
            listed = "; ".join(f"{r.name} ({r.ags})" for r in matches)
            raise ValueError(f"Gemeindename nicht eindeutig, bitte AGS angeben: {listed}")
        return matches[0].ags


def _name_variants(name: str) -> set[str]:
    """``Lutherstadt Eisleben`` is also found as ``Eisleben``; ``Kelbra (Kyffhäuser)`` as ``Kelbra``."""
    folded = name.casefold()
    variants = {folded, re.sub(r"\s*\(.*\)$", "", folded), folded.split(",")[0].strip()}
    for prefix in ("lutherstadt ", "stadt ", "hansestadt "):
        variants |= {v.removeprefix(prefix) for v in list(variants)}
    return variants


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
    def parse(value: str) -> str:
        code = vocabulary.parse(value)
        if code is None:
            raise ValueError(f"unbekannter Wert „{value}“; erlaubt: {vocabulary.allowed()}")
        return code

    return parse


def _list_parser(vocabulary: vocab.Vocabulary) -> Callable[[str], list[str]]:
    one = _vocab_parser(vocabulary)
    return lambda value: list(dict.fromkeys(one(part) for part in split_multi(value)))


def _area_parser(value: str) -> list[str]:
    keys = [normalize_ags(part) for part in split_multi(value)]
    bad = [k for k in keys if k != "DE" and not re.fullmatch(r"\d{2}|\d{3}|\d{5}|\d{8}", k)]
    if bad:
        raise ValueError(f"kein gültiger Gebietsschlüssel: {', '.join(bad)} (AGS mit 2, 3, 5 oder 8 Ziffern, oder DE)")
    return keys


def _element_type(value: str) -> tuple[NodeKind, ActorForm | None]:
    code = vocab.ELEMENT_TYPE.parse(value)
    if code is None:
        raise ValueError(f"unbekannter Typ; erlaubt: {vocab.ELEMENT_TYPE.allowed()}")
    if code in ActorForm.__members__.values():
        return NodeKind.ACTOR, ActorForm(code)
    return NodeKind(code), None


def parse_elements(table: Table, regions: RegionIndex, problems: list[Problem]) -> list[tuple[int, Node]]:
    parsers: dict[str, Callable[[str], Any]] = {
        **{c: _list_parser(v) for c, v in LIST_VOCABULARIES.items()},
        **{c: _vocab_parser(v) for c, v in SCALAR_VOCABULARIES.items()},
        "gemeinde": regions.gemeinde,
        "gebiet": _area_parser,
        "datum": parse_date,
        "geprueft_am": parse_date,
        "budget": parse_number,
        "anonym": parse_bool,
        "krisenfaehig": parse_bool,
    }
    nodes: list[tuple[int, Node]] = []
    seen: dict[str, int] = {}
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
        kind_form = reader.get("typ", _element_type)
        if not row.get("typ"):
            reader.problem("typ", f"Typ fehlt; erlaubt: {vocab.ELEMENT_TYPE.allowed()}")
        if kind_form is None:
            continue
        kind, form = kind_form
        fields = NODE_CLASSES[kind].model_fields
        data: dict[str, Any] = {"kind": kind, "id": node_id, "name": row.get("name", "")}
        if form is not None:
            data["form"] = form
        for column, field_name in ELEMENT_FIELDS.items():
            if not row.get(column):
                continue
            if field_name not in fields:
                reader.problem(column, f"gilt nicht für den Typ „{row['typ']}“")
                continue
            value = reader.get(column, parsers.get(column, str))
            if value is not None:
                data[field_name] = value
        if not reader.ok:
            continue
        try:
            nodes.append((number, node_from_dict(data)))
        except ValidationError as exc:
            for error in exc.errors():
                failed = next((str(p) for p in error["loc"] if str(p) in FIELD_COLUMNS), "")
                reader.problem(FIELD_COLUMNS.get(failed), _german(error))
    return nodes


def _german(error: Any) -> str:
    """Pydantic's message, German where our validators wrote one."""
    message = str(error.get("msg", ""))
    message = message.removeprefix("Value error, ")
    if error.get("type") == "string_pattern_mismatch":
        return "ungültige Kennung: nur Buchstaben, Ziffern, „.“, „_“, „-“ und „:“, höchstens 128 Zeichen"
    return message


def parse_relations(
    table: Table, kinds: Callable[[str], tuple[bool, NodeKind | None]], problems: list[Problem]
) -> list[Relation]:
    """Parse relation rows; ``kinds(id)`` says whether an id is known and its node kind."""
    relations: list[Relation] = []
    seen: dict[str, int] = {}
    for number, row in table.rows:
        reader = _RowReader(table.name, number, row, problems)
        ends: dict[str, NodeKind] = {}
        for column in ("von", "nach"):
            ref = row.get(column, "")
            known, kind = kinds(ref) if ref else (False, None)
            if not ref:
                reader.problem(column, "Kennung fehlt")
            elif not known:
                reader.problem(column, "verweist auf eine Kennung, die es weder in elemente.csv noch im Bestand gibt")
            elif kind is not None:
                ends[column] = kind
        rel_type = reader.get("typ", _vocab_parser(vocab.RELATION_TYPE))
        if not row.get("typ"):
            reader.problem("typ", f"Typ fehlt; erlaubt: {vocab.RELATION_TYPE.allowed()}")
        values = {
            "role": row.get("rolle") or None,
            "voting": reader.get("stimmberechtigt", parse_bool),
            "since": reader.get("seit", parse_date),
            "until": reader.get("bis", parse_date),
        }
        weight = reader.get("gewicht", parse_number)
        if weight is not None:
            if weight <= 0:
                reader.problem("gewicht", "das Gewicht muss größer als 0 sein")
            values["weight"] = weight
        if rel_type is not None and len(ends) == 2:
            problem = endpoint_problem(RelationType(rel_type), ends["von"], ends["nach"])
            if problem:
                reader.problem("typ", problem)
        if values["since"] and values["until"] and values["until"] < values["since"]:
            reader.problem("bis", f"„bis“ liegt vor „seit“ ({row.get('seit')})")
        if not reader.ok:
            continue
        relation = Relation(source=row["von"], target=row["nach"], type=rel_type, **values)
        if relation.key in seen:
            reader.problem(None, f"dieselbe Beziehung steht schon in Zeile {seen[relation.key]}")
            continue
        seen[relation.key] = number
        relations.append(relation)
    return relations


def parse_regions(table: Table, problems: list[Problem]) -> list[Region]:
    regions = []
    for number, row in table.rows:
        reader = _RowReader(table.name, number, row, problems)
        try:
            regions.append(
                Region(ags=normalize_ags(row.get("ags", "")), name=row.get("name", ""), level=row.get("ebene") or None)
            )
        except ValidationError as exc:
            for error in exc.errors():
                column = {"ags": "ags", "name": "name"}.get(str(error["loc"][0]) if error["loc"] else "", "ebene")
                reader.problem(column, _german(error))
    return regions


def read_canonical(paths: Sequence[Path | str], store: GraphStore | None = None) -> ImportPlan:
    """Parse and validate canonical files; raise :class:`ImportFailed` listing every problem.

    References in ``beziehungen.csv`` may point to elements of the same import or to
    elements already in ``store``.
    """
    files = find_files([Path(p) for p in paths])
    problems: list[Problem] = []
    tables: dict[str, Table] = {}
    warnings: list[Problem] = []
    for table_name, path in files.items():
        try:
            tables[table_name] = read_table(path, table_name)
        except ImportFailed as exc:
            problems += exc.problems
    if problems:
        raise ImportFailed(problems)
    plan = ImportPlan(warnings=warnings)
    if REGIONS in tables:
        plan.regions = parse_regions(tables[REGIONS], problems)
    index = RegionIndex(store, plan.regions)
    numbered = parse_elements(tables[ELEMENTS], index, problems) if ELEMENTS in tables else []
    plan.nodes = [node for _, node in numbered]
    # Ids of rows with problems still count as known, so one bad row is not reported twice.
    file_kinds: dict[str, NodeKind | None] = {}
    if ELEMENTS in tables:
        for _, row in tables[ELEMENTS].rows:
            typ = vocab.ELEMENT_TYPE.parse(row.get("typ", ""))
            file_kinds.setdefault(row.get("id", ""), None if typ is None else _element_type(typ)[0])

    def kind_of(ref: str) -> tuple[bool, NodeKind | None]:
        if ref not in file_kinds and store is not None:
            with suppress(NotFound):
                file_kinds[ref] = store.get_node(ref).kind
        return ref in file_kinds, file_kinds.get(ref)

    if RELATIONS in tables:
        plan.relations = parse_relations(tables[RELATIONS], kind_of, problems)
    if problems:
        raise ImportFailed(problems)
    return plan


def import_canonical(store: GraphStore, paths: Sequence[Path | str], dry_run: bool = False) -> ImportResult:
    """Validate the files, then write everything in one transaction (or nothing)."""
    plan = read_canonical(paths, store)
    try:
        with store.transaction():
            result = ImportResult(
                nodes=store.upsert_nodes(plan.nodes),
                relations=store.upsert_relations(plan.relations),
                regions=store.upsert_regions(plan.regions),
                warnings=plan.warnings,
                dry_run=dry_run,
            )
            if dry_run:
                # Count exactly what would change, then roll the whole transaction back.
                raise _DryRunDone(result)
    except _DryRunDone as done:
        return done.result
    return result


class _DryRunDone(Exception):
    def __init__(self, result: ImportResult):
        self.result = result
