"""Compare alliances without their personal data: export indicators, benchmark them, find peers."""

from __future__ import annotations

import json
import os
import tempfile
from datetime import date
from pathlib import Path

import click

from buendnisatlas.api.cli import Context, UserError, cli, pass_context
from buendnisatlas.api.cli.analysis import parse_cli_date, profile_errors, profile_option
from buendnisatlas.api.cli.output import emit, format_options, table, to_json
from buendnisatlas.api.text import indicator_text as _fmt
from buendnisatlas.graph.comparison import Benchmark, Comparison, Peer, compare, peers
from buendnisatlas.graph.indicators import (
    DEFAULT_THRESHOLD,
    PROTECTED,
    IndicatorFileError,
    Indicators,
)
from buendnisatlas.graph.text import fold
from buendnisatlas.services import analysis


@cli.command(name="indicators")
@click.argument("alliance", metavar="BÜNDNIS")
@click.option("--at", "at", metavar="DATUM", help="Stichtag, z. B. 31.12.2025 oder 2025-12-31 (Vorgabe: heute).")
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="DATEI.json",
    help="Hierhin wird die Kennzahlen-Datei geschrieben.",
)
@click.option(
    "--schwelle",
    "threshold",
    type=click.IntRange(min=1),
    default=DEFAULT_THRESHOLD,
    show_default=True,
    help="Anzahlen von Akteuren unter diesem Wert (ab 1) erscheinen nur als „<Wert“.",
)
@profile_option
@pass_context
def indicators_command(
    ctx: Context, alliance: str, at: str | None, output: Path, threshold: int, profile_path: Path | None
) -> None:
    """Schreibt die Kennzahlen eines Bündnisses in eine Datei, die es weitergeben kann.

    Die Datei enthält nur zusammengefasste Zahlen (Mitglieder je Sektor, Abdeckung, Dichte
    des Netzes, Lücken je Art …) und als Kennung nur den Gemeinde- oder Kreisschlüssel und
    die Art des Bündnisses – keine Namen, Kennungen, Kontakte oder Notizen. Kleine Anzahlen
    von Akteuren (1 oder 2) erscheinen nur als „<3“. BÜNDNIS ist die Kennung oder der genaue Name.
    """
    day = parse_cli_date(at, "--at") or date.today()
    with profile_errors():
        result = analysis.indicators(ctx.view, alliance, day, profile_path=profile_path, threshold=threshold)
    _write_atomically(output, to_json(result.to_dict()) + "\n")
    click.echo(f"{len(result.indicators)} Kennzahlen von „{result.label}“ am {day:%d.%m.%Y} geschrieben nach {output}")


def _write_atomically(path: Path, text: str) -> None:
    """Write via a temporary file, so that a failure never leaves half a file behind."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"Der Ordner „{folder}“ existiert nicht.")
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".kennzahlen-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        raise UserError(f"„{path}“ kann nicht geschrieben werden: {exc.strerror}") from None


def _read(path: Path) -> Indicators:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise UserError(f"„{path}“ kann nicht gelesen werden: {exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise UserError(f"„{path}“ ist keine Kennzahlen-Datei (kein gültiges JSON).") from None
    try:
        return Indicators.from_dict(data)
    except IndicatorFileError as exc:
        raise UserError(f"„{path}“: {exc}") from None


def _load(paths: tuple[Path, ...]) -> tuple[list[Indicators], dict[str, str]]:
    """The sets with unique labels (a file name is added where two would read alike), and file → label."""
    sets = [_read(p) for p in paths]
    base = [s.label for s in sets]
    by_file: dict[str, str] = {}
    for path, s in zip(paths, sets, strict=True):
        if base.count(s.label) > 1:
            s.tag = path.stem
        by_file[str(path)] = s.label
    labels = [s.label for s in sets]
    if len(set(labels)) != len(labels):
        raise UserError("Dieselbe Datei wurde mehrfach angegeben.")
    return sets, by_file


def _quartiles(b: Benchmark) -> str:
    if b.q1 is None:
        return "–"
    if b.unit == "bool":
        return "–"
    return f"{_fmt(b.q1, b.unit)} – {_fmt(b.q3, b.unit)}"


def _median(b: Benchmark) -> str:
    if b.median is None:
        return "–"
    if b.unit == "bool":
        yes = sum(1 for v in b.values.values() if v is True)
        return f"{yes} von {b.n}: ja"
    return _fmt(b.median, b.unit)


def _text(comparison: Comparison, target: str | None, found: list[Peer], legend: str) -> str:
    n = len(comparison.communities)
    parts = [f"Vergleich von {n} Bündnissen: " + ", ".join(comparison.communities)]
    if target is None:
        rows = [
            [
                b.label,
                _median(b),
                _quartiles(b),
                f"{_fmt(b.min, b.unit)} – {_fmt(b.max, b.unit)}",
                ", ".join(b.flagged) or "",
            ]
            for b in comparison.benchmarks
        ]
        parts.append(table(rows, ["Kennzahl", "Median", "mittlere Hälfte", "Spanne", "auffällig"]))
    else:
        rows = [
            [
                b.label,
                _fmt(b.values.get(target), b.unit),
                _median(b),
                _quartiles(b),
                f"{b.ranks[target]} von {b.n}" if target in b.ranks else "–",
                "auffällig" if target in b.flagged else "",
            ]
            for b in comparison.benchmarks
        ]
        parts.append(f"Kennzahlen von „{target}“ im Vergleich:")
        parts.append(table(rows, ["Kennzahl", target, "Median", "mittlere Hälfte", "Platz", ""]))
        labels = {b.key: b.label for b in comparison.benchmarks}
        if found:
            lines = [
                f"  {i}. {p.label} (Abstand {_fmt(p.distance, 'number')}; ähnlich bei: "
                + (", ".join(labels.get(k, k) for k in p.similar) or "keiner Kennzahl besonders")
                + ")"
                for i, p in enumerate(found, 1)
            ]
            parts.append(f"Ähnlichste Bündnisse zu „{target}“:\n" + "\n".join(lines))
        else:
            parts.append(f"Kein anderes Bündnis lässt sich mit „{target}“ vergleichen.")
    parts.append(
        "Median: der mittlere Wert. Mittlere Hälfte: vom unteren bis zum oberen Quartil liegt die Hälfte der "
        "Bündnisse. Platz 1: der günstigste Wert. „auffällig“: im ungünstigsten Viertel (erst ab 4 Bündnissen). "
        + legend
    )
    return "\n\n".join(parts)


@cli.command(name="compare")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="DATEI.json…")
@click.option(
    "--peers-of",
    "peers_of",
    metavar="DATEI_ODER_NAME",
    help="Dieses Bündnis (Datei oder Bezeichnung wie „Partnerschaft für Demokratie 15087“) mit den anderen "
    "vergleichen und die ähnlichsten zeigen.",
)
@click.option(
    "--anzahl",
    "k",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="So viele ähnliche Bündnisse zeigen.",
)
@format_options
def compare_command(files: tuple[Path, ...], peers_of: str | None, k: int, as_json: bool, as_csv: bool) -> None:
    """Vergleicht Kennzahlen-Dateien mehrerer Bündnisse: Median, Quartile, Spanne, Platz.

    Die Dateien entstehen mit „buendnisatlas indicators“. Markiert wird, wer bei einer
    Kennzahl im ungünstigsten Viertel liegt („auffällig“). Mit --peers-of werden die
    Kennzahlen eines Bündnisses neben den Median gestellt und die ähnlichsten Bündnisse genannt.
    """
    sets, by_file = _load(files)
    comparison = compare(sets)
    target: str | None = None
    found: list[Peer] = []
    if peers_of is not None:
        target = by_file.get(peers_of) or by_file.get(str(Path(peers_of)))
        if target is None:
            matches = [s.label for s in sets if fold(s.label) == fold(peers_of)]
            if not matches:
                raise UserError(
                    f"--peers-of: „{peers_of}“ ist weder eine der Dateien noch eine Bezeichnung; bekannt sind: "
                    + ", ".join(comparison.communities)
                )
            target = matches[0]
        me = next(s for s in sets if s.label == target)
        found = peers(me, sets, k=k)
    thresholds = sorted({s.threshold for s in sets})
    legend = (
        " ".join(
            f"„<{t}“: mindestens 1, aber weniger als {t} (zum Schutz einzelner Personen nicht genau angegeben)."
            for t in thresholds
        )
        + f" „{PROTECTED}“: nicht angegeben, damit sich keine kleine Zahl aus der Summe errechnen lässt."
    )
    data = {**comparison.to_dict(), "target": target, "peers": [p.to_dict() for p in found]}
    rows = [
        {
            "kennzahl": b.label,
            "key": b.key,
            "bündnis": label,
            "wert": value,
            "median": b.median,
            "unteres_quartil": b.q1,
            "oberes_quartil": b.q3,
            "minimum": b.min,
            "maximum": b.max,
            "platz": b.ranks.get(label, ""),
            "auffällig": "ja" if label in b.flagged else "",
        }
        for b in comparison.benchmarks
        for label, value in b.values.items()
    ]
    emit(data, rows, as_json, as_csv, lambda: _text(comparison, target, found, legend))
