"""Commands that analyse an alliance: gaps, metrics, diff."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from buendnisatlas.api.cli import Context, UserError, cli, pass_context
from buendnisatlas.api.cli.output import emit, format_options, table
from buendnisatlas.api.text import KIND_LABELS_DE, SUMMARY_LABELS
from buendnisatlas.graph import vocab
from buendnisatlas.graph.diff import AllianceDiff
from buendnisatlas.graph.gaps import SEVERITY_LABELS, Gap
from buendnisatlas.graph.profiles import ProfileError
from buendnisatlas.graph.store import GraphStore, NotFound
from buendnisatlas.graph.ties import parse_via
from buendnisatlas.importers.canonical import parse_date
from buendnisatlas.services import analysis

F = TypeVar("F", bound=Callable[..., Any])


def parse_cli_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError:
        raise UserError(f"{option}: „{value}“ ist kein gültiges Datum (z. B. 31.12.2025 oder 2025-12-31)") from None


def _analysis_options(func: F) -> F:
    func = click.option(
        "--verbindungen",
        "via",
        metavar="ARTEN",
        help="Welche Verbindungen zwei Akteure verbinden: direkt, gremium, arbeitskreis, projekt, "
        "veranstaltung (mit Komma getrennt). Vorgabe: alle. Die Mitgliedschaft im Bündnis selbst zählt nie.",
    )(func)
    return func


def profile_option(func: F) -> F:
    return click.option(
        "--profil",
        "profile_path",
        type=click.Path(path_type=Path),
        metavar="DATEI",
        help="Eigene Profildatei (TOML), die Erwartungen überschreibt, z. B. youth_seats oder expected_sectors.",
    )(func)


def _via(text: str | None) -> frozenset[str]:
    try:
        return parse_via(text)
    except ValueError as exc:
        raise UserError(f"--verbindungen: {exc}") from None


@contextmanager
def profile_errors() -> Iterator[None]:
    """A broken profile file is the user's to fix."""
    try:
        yield
    except ProfileError as exc:
        raise UserError(str(exc)) from None


def _node_names(store: GraphStore, ids: set[str]) -> dict[str, str]:
    """Names of the ids that are elements (a gap's subject may also be a code or a key)."""
    names = {}
    for node_id in ids:
        with suppress(NotFound):
            names[node_id] = store.get_node(node_id).name
    return names


def _subject(gap: Gap, names: dict[str, str]) -> str:
    """What a gap is about, as a person reads it: a name with its key beside it, a sector by its label."""
    evidence = gap.evidence or {}
    if "ags" in evidence and evidence.get("name"):
        return f"{evidence['name']} ({evidence['ags']})"
    if gap.kind == "missing_sector":
        return vocab.SECTOR.label(gap.subject)
    if gap.subject in names:
        return f"{names[gap.subject]} ({gap.subject})"
    return str(evidence.get("topic_label") or gap.subject)


def _gap_text(number: int, gap: Gap) -> str:
    lines = [f"{number}. [{SEVERITY_LABELS[gap.severity]}] {gap.message}"]
    for s in gap.suggestions:
        lines.append(f"   Vorschlag: {s.reason}")
        if len(s.path) > 1:
            lines.append(f"     Weg: {s.path_text}")
    return "\n".join(lines)


@cli.command(name="gaps")
@click.argument("alliance", metavar="BÜNDNIS")
@click.option("--at", "at", metavar="DATUM", help="Stichtag, z. B. 31.12.2025 oder 2025-12-31 (Vorgabe: heute).")
@profile_option
@_analysis_options
@format_options
@pass_context
def gaps_command(
    ctx: Context,
    alliance: str,
    at: str | None,
    profile_path: Path | None,
    via: str | None,
    as_json: bool,
    as_csv: bool,
) -> None:
    """Zeigt die Lücken eines Bündnisses und wer sie schließen könnte.

    Geprüft werden: fehlende Sektoren, Gemeinden und Themen ohne Mitglied, die Mehrheit
    der Zivilgesellschaft und die Jugendvertretung im Begleitausschuss bzw. Bündnis für
    Demokratie, Bindeglieder, an denen das Netz hängt, Mitglieder ohne Verbindung und
    ruhende Mitglieder. BÜNDNIS ist die Kennung oder der genaue Name.
    """
    with profile_errors():
        found = analysis.gap_report(
            ctx.view, alliance, parse_cli_date(at, "--at"), profile_path=profile_path, via=_via(via)
        )
    node, day, profile, report = found.alliance, found.at, found.profile, found.gaps
    data = {
        "alliance": node.id,
        "name": node.name,
        "at": day,
        "profile": profile.name,
        "gaps": [g.to_dict() for g in report],
    }
    names = _node_names(ctx.store, {str(g.subject) for g in report})
    rows = [
        {
            "art": KIND_LABELS_DE[g.kind],
            "kind": g.kind,
            "schwere": SEVERITY_LABELS[g.severity],
            "betrifft": _subject(g, names),
            "meldung": g.message,
            "vorschläge": [s.name for s in g.suggestions],
        }
        for g in report
    ]

    def text() -> str:
        head = f"Lücken von „{node.name}“ am {day:%d.%m.%Y} (Profil: {profile.label})"
        if not report:
            return f"{head}\nKeine Lücken gefunden."
        counts = ", ".join(f"{sum(g.severity == s for g in report)} {label}" for s, label in SEVERITY_LABELS.items())
        body = "\n\n".join(_gap_text(i, g) for i, g in enumerate(report, 1))
        return f"{head}\n{len(report)} Lücken ({counts})\n\n{body}"

    emit(data, rows, as_json, as_csv, text)


METRIC_HEADERS = {
    "degree": "verbindungen",
    "betweenness": "zwischenstellung",
    "closeness": "naehe",
    "eigenvector": "eigenvektor",
    "pagerank": "pagerank",
    "core": "k_kern",
    "community": "gruppe",
    "clustering": "clustering",
    "constraint": "beschraenkung_burt",
    "effective_size": "effektive_groesse",
    "cut_off": "abgeschnitten_ohne",
}


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}".replace(".", ",")
    return str(value)


@cli.command(name="metrics")
@click.argument("alliance", metavar="BÜNDNIS")
@click.option("--at", "at", metavar="DATUM", help="Stichtag, z. B. 31.12.2025 oder 2025-12-31 (Vorgabe: heute).")
@click.option("--top", default=10, show_default=True, help="So viele Akteure in der Textausgabe zeigen.")
@_analysis_options
@format_options
@pass_context
def metrics_command(
    ctx: Context, alliance: str, at: str | None, top: int, via: str | None, as_json: bool, as_csv: bool
) -> None:
    """Kennzahlen des Netzes der Mitglieder: Zentralität, Gruppen, Bindeglieder, Sektorenmischung.

    Mit --csv eine Zeile je Akteur (für Excel), mit --json alles.
    """
    node, day, result = analysis.metrics(ctx.view, alliance, parse_cli_date(at, "--at"), via=_via(via))
    rows = [
        {
            "kennung": actor_id,
            "name": values["name"],
            "sektor": vocab.SECTOR.label(values["sector"]) if values["sector"] else "",
            **{header: values[key] for key, header in METRIC_HEADERS.items()},
        }
        for actor_id, values in result.actors.items()
    ]

    def text() -> str:
        summary = [(label, _fmt(result.summary[key])) for key, label in SUMMARY_LABELS.items()]
        ranked = sorted(result.actors.items(), key=lambda x: (-x[1]["betweenness"], x[1]["name"]))[:top]
        actors = [
            [values["name"], values["degree"], _fmt(values["betweenness"]), values["cut_off"]] for _, values in ranked
        ]
        parts = [
            f"Netz der Mitglieder von „{node.name}“ am {day:%d.%m.%Y}",
            table(summary, ["Kennzahl", "Wert"]),
            f"Wichtigste Vermittler (nach Zwischenstellung, {len(actors)} von {len(result.actors)}):",
            table(actors, ["Akteur", "Verbindungen", "Zwischenstellung", "abgeschnitten ohne"]),
        ]
        if result.sector_brokers:
            names = {k: v["name"] for k, v in result.actors.items()}
            lines = [
                f"  {vocab.SECTOR.label(b['sectors'][0])} – {vocab.SECTOR.label(b['sectors'][1])}: "
                + " und ".join(names[a] for a in b["actors"])
                for b in result.sector_brokers
            ]
            parts.append("Einzige Verbindung zwischen zwei Sektoren:\n" + "\n".join(lines))
        return "\n\n".join(parts)

    emit(result.to_dict(), rows, as_json, as_csv, text)


def _diff_text(name: str, d: AllianceDiff) -> str:
    def people(items: list[dict[str, Any]]) -> str:
        return ", ".join(i["name"] for i in items) if items else "–"

    def ties(items: list[dict[str, Any]]) -> str:
        shown = [" – ".join(i["names"]) for i in items[:10]]
        more = f" (und {len(items) - 10} weitere)" if len(items) > 10 else ""
        return ("; ".join(shown) + more) if shown else "–"

    figures = [
        (SUMMARY_LABELS[k], _fmt(v["from"]), _fmt(v["to"]), _fmt(v["change"]))
        for k, v in d.metrics.items()
        if k in SUMMARY_LABELS
    ]
    parts = [
        f"Was sich bei „{name}“ vom {d.start:%d.%m.%Y} bis zum {d.end:%d.%m.%Y} geändert hat",
        f"Neu dabei ({len(d.members_joined)}): {people(d.members_joined)}",
        f"Ausgeschieden ({len(d.members_left)}): {people(d.members_left)}",
        f"Neue Verbindungen ({len(d.ties_formed)}): {ties(d.ties_formed)}",
        f"Beendete Verbindungen ({len(d.ties_ended)}): {ties(d.ties_ended)}",
        "Neue Lücken:\n" + ("\n".join(f"  + {g.message}" for g in d.gaps_opened) or "  –"),
        "Geschlossene Lücken:\n" + ("\n".join(f"  − {g.message}" for g in d.gaps_closed) or "  –"),
        table(figures, ["Kennzahl", "vorher", "nachher", "Änderung"]),
    ]
    return "\n\n".join(parts)


@cli.command(name="diff")
@click.argument("alliance", metavar="BÜNDNIS")
@click.option("--from", "start", required=True, metavar="DATUM", help="Erster Stichtag, z. B. 30.06.2024.")
@click.option("--to", "end", required=True, metavar="DATUM", help="Zweiter Stichtag, z. B. 30.06.2025.")
@profile_option
@_analysis_options
@format_options
@pass_context
def diff_command(
    ctx: Context,
    alliance: str,
    start: str,
    end: str,
    profile_path: Path | None,
    via: str | None,
    as_json: bool,
    as_csv: bool,
) -> None:
    """Zeigt, was sich zwischen zwei Stichtagen geändert hat (z. B. seit der letzten Demokratiekonferenz).

    Neue und ausgeschiedene Mitglieder, neue und beendete Verbindungen, neue und
    geschlossene Lücken und wie sich die Kennzahlen bewegt haben.
    """
    first, second = parse_cli_date(start, "--from"), parse_cli_date(end, "--to")
    assert first is not None and second is not None
    if second < first:
        raise UserError(f"--to ({second:%d.%m.%Y}) liegt vor --from ({first:%d.%m.%Y})")
    with profile_errors():
        node, result = analysis.diff(ctx.view, alliance, first, second, profile_path=profile_path, via=_via(via))
    rows = (
        [{"änderung": "neues Mitglied", "was": m["name"], "kennung": m["id"]} for m in result.members_joined]
        + [{"änderung": "ausgeschieden", "was": m["name"], "kennung": m["id"]} for m in result.members_left]
        + [
            {"änderung": "neue Verbindung", "was": " – ".join(t["names"]), "kennung": "|".join(t["actors"])}
            for t in result.ties_formed
        ]
        + [
            {"änderung": "beendete Verbindung", "was": " – ".join(t["names"]), "kennung": "|".join(t["actors"])}
            for t in result.ties_ended
        ]
        + [{"änderung": "neue Lücke", "was": g.message, "kennung": g.subject} for g in result.gaps_opened]
        + [{"änderung": "geschlossene Lücke", "was": g.message, "kennung": g.subject} for g in result.gaps_closed]
    )
    emit(result.to_dict(), rows, as_json, as_csv, lambda: _diff_text(node.name, result))
