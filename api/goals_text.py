"""The goals report for people: a first draft of the Sachbericht in Markdown, HTML and CSV.

The CLI and the REST API render a :class:`~buendnisatlas.graph.goals.GoalsReport` with
these functions, so the draft reads the same wherever it is asked for. The HTML is plain
(headings, paragraphs, lists, one table), so that Word and LibreOffice open it as a
document; every text from the data is escaped, in Markdown too.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from buendnisatlas.graph.cells import safe_cell
from buendnisatlas.graph.goals import STATUS_LABELS, GoalResult, GoalsReport
from buendnisatlas.graph.vocab import GoalLevel

__all__ = ["excel_csv", "goals_html", "goals_markdown", "goals_rows"]

_HEADINGS: dict[str, str] = {GoalLevel.GUIDING: "##", GoalLevel.INTERMEDIATE: "###", GoalLevel.ACTION: "####"}
# Inside a line that starts with our own markup, only these characters can make markup.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")


_NOTHING_SERVES = "Diesem Ziel dient bisher nichts: kein Projekt, keine Veranstaltung, kein Gremium."


def md(text: str) -> str:
    """User text made inert in Markdown: markup characters escaped, no raw HTML.

    >>> print(md("**fett** <script> Mansfeld-Südharz, 18.02.2025"))
    \\*\\*fett\\*\\* \\<script\\> Mansfeld-Südharz, 18.02.2025
    """
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _served(goal: GoalResult) -> str:
    return "; ".join(f"{s['kind_label']} „{s['name']}“" for s in goal.served_by)


def _intro(report: GoalsReport) -> str:
    counts = report.counts()
    total = sum(counts.values())
    if not report.goals:
        return (
            f"Für {report.year} sind keine Ziele erfasst. Ziele kommen als Elemente vom Typ Leitziel, "
            "Mittlerziel oder Handlungsziel in den Bestand (Spalten ebene, ziel_von, buendnis, pruefung)."
        )
    parts = [f"{n} {STATUS_LABELS[s]}" for s, n in counts.items() if n]
    return (
        f"Von {total} Handlungszielen für {report.year} sind {', '.join(parts) or 'keine bewertet'}. "
        f"Stand der Daten: {report.at:%d.%m.%Y}."
    )


def goals_markdown(report: GoalsReport) -> str:
    """The report as Markdown: one heading per goal, status, evidence, suggestions.

    Examples
    --------
    >>> from datetime import date
    >>> goal = GoalResult("hz", "BA tagt", "action", None, None, "not_measurable")
    >>> print(goals_markdown(GoalsReport("pfd", "PfD *Test*", 2025, date(2025, 12, 31), [goal])), end="")
    # Sachbericht 2025: Umsetzung der Ziele – PfD \\*Test\\*
    <BLANKLINE>
    Von 1 Handlungszielen für 2025 sind 1 nicht messbar. Stand der Daten: 31.12.2025.
    <BLANKLINE>
    #### Handlungsziel: BA tagt
    <BLANKLINE>
    **Stand 2025: nicht messbar.** Für dieses Ziel ist keine Prüfung hinterlegt.
    <BLANKLINE>
    Diesem Ziel dient bisher nichts: kein Projekt, keine Veranstaltung, kein Gremium.
    <BLANKLINE>
    ## Handlungsziele ohne Maßnahme
    <BLANKLINE>
    - BA tagt
    """
    lines = [f"# Sachbericht {report.year}: Umsetzung der Ziele – {md(report.name)}", "", _intro(report), ""]
    for goal in report.goals:
        lines += [f"{_HEADINGS.get(goal.level, '####')} {goal.level_label}: {md(goal.name)}", ""]
        if goal.text:
            lines += [f"*{md(goal.text)}*", ""]
        lines += [f"**Stand {report.year}: {STATUS_LABELS[goal.status]}.** {_status_sentence(goal)}".rstrip(), ""]
        for check in goal.checks:
            lines.append(f"- {STATUS_LABELS[check.status]}: {md(check.message)}")
            for item in check.evidence[:12]:
                lines.append(f"  - Beleg: {md(_evidence(item))}")
            for s in check.suggestions:
                lines.append(f"  - Vorschlag: {md(s.reason)}")
                if len(s.path) > 1:
                    lines.append(f"    Weg: {md(s.path_text)}")
            for hint in check.hints:
                lines.append(f"  - Nächster Schritt: {md(hint)}")
        if goal.checks:
            lines.append("")
        if goal.level == GoalLevel.ACTION:
            served = _served(goal)
            lines += [
                f"Diesem Ziel dienen: {md(served)}." if served else _NOTHING_SERVES,
                "",
            ]
    if report.unserved:
        lines += ["## Handlungsziele ohne Maßnahme", ""]
        lines += [f"- {md(g.name)}" for g in report.unserved]
    return "\n".join(lines).rstrip() + "\n"


def _status_sentence(goal: GoalResult) -> str:
    if goal.children:
        return "Zusammengefasst aus den Zielen darunter."
    if not goal.checks:
        return "Für dieses Ziel ist keine Prüfung hinterlegt."
    return ""


def _evidence(item: dict[str, Any]) -> str:
    text = f"{item.get('kind_label', '')} „{item['name']}“"
    if item.get("date"):
        y, m, d = item["date"].split("-")
        text += f" am {d}.{m}.{y}"
    if item.get("gemeinde"):
        text += f" in {item['gemeinde']}"
    if item.get("led_by"):
        text += f", geleitet von {', '.join(item['led_by'])}"
    if item.get("projects"):
        text += " in " + ", ".join(f"„{p}“" for p in item["projects"])
    return text


def goals_html(report: GoalsReport) -> str:
    """The report as a plain HTML document that Word opens as a Sachbericht draft; all data escaped."""
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="de"><head><meta charset="utf-8">',
        f"<title>Sachbericht {report.year} – {e(report.name)}</title></head><body>",
        f"<h1>Sachbericht {report.year}: Umsetzung der Ziele – {e(report.name)}</h1>",
        f"<p>{e(_intro(report))}</p>",
    ]
    tags: dict[str, str] = {GoalLevel.GUIDING: "h2", GoalLevel.INTERMEDIATE: "h3", GoalLevel.ACTION: "h4"}
    for goal in report.goals:
        tag = tags.get(goal.level, "h4")
        out.append(f"<{tag}>{e(goal.level_label)}: {e(goal.name)}</{tag}>")
        if goal.text:
            out.append(f"<p><em>{e(goal.text)}</em></p>")
        out.append(
            f"<p><strong>Stand {report.year}: {STATUS_LABELS[goal.status]}.</strong> {_status_sentence(goal)}</p>"
        )
        if goal.checks:
            out.append("<ul>")
            for check in goal.checks:
                inner = [f"<li>Beleg: {e(_evidence(i))}</li>" for i in check.evidence[:12]]
                inner += [f"<li>Vorschlag: {e(s.reason)}</li>" for s in check.suggestions]
                inner += [f"<li>Nächster Schritt: {e(h)}</li>" for h in check.hints]
                nested = f"<ul>{''.join(inner)}</ul>" if inner else ""
                out.append(f"<li>{e(STATUS_LABELS[check.status])}: {e(check.message)}{nested}</li>")
            out.append("</ul>")
        if goal.level == GoalLevel.ACTION:
            served = _served(goal)
            out.append(
                f"<p>Diesem Ziel dienen: {e(served)}.</p>" if served else "<p>Diesem Ziel dient bisher nichts.</p>"
            )
    if report.unserved:
        out.append("<h2>Handlungsziele ohne Maßnahme</h2><ul>")
        out += [f"<li>{e(g.name)}</li>" for g in report.unserved]
        out.append("</ul>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def goals_rows(report: GoalsReport) -> list[dict[str, Any]]:
    """One row per goal and check, for CSV: what a coordinator sorts and filters in Excel."""
    rows: list[dict[str, Any]] = []
    for goal in report.goals:
        base = {
            "ebene": goal.level_label,
            "ziel": goal.id,
            "name": goal.name,
            "ziel_von": goal.parent or "",
            "stand": STATUS_LABELS[goal.status],
            "dient": _served(goal),
        }
        if not goal.checks:
            rows.append({**base, "pruefung": "", "ergebnis": "", "gemessen": "", "soll": "", "meldung": ""})
        for check in goal.checks:
            rows.append(
                {
                    **base,
                    "pruefung": check.check,
                    "ergebnis": STATUS_LABELS[check.status],
                    "gemessen": check.measured,
                    "soll": check.target,
                    "meldung": check.message,
                    "belege": [_evidence(i) for i in check.evidence],
                    "vorschlaege": [s.name for s in check.suggestions],
                }
            )
    return rows


def excel_cell(value: Any) -> str:
    """A cell as Excel reads it safely: decimal comma, lists joined, formulas neutralised.

    >>> excel_cell(12.5), excel_cell(3), excel_cell("=SUMME(A1)"), excel_cell(["a", "b"]), excel_cell(None)
    ('12,5', '3', "'=SUMME(A1)", 'a | b', '')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float):  # a number stays a number, also a negative one
        return str(int(value)) if value.is_integer() else f"{value:.4g}".replace(".", ",")
    if isinstance(value, int):
        return str(value)
    text = " | ".join(str(v) for v in value) if isinstance(value, (list, tuple)) else str(value)
    return str(safe_cell(text))


def excel_csv(rows: Sequence[dict[str, Any]], columns: Iterable[str] | None = None) -> str:
    """Rows as Excel-German CSV text: ``;``, decimal comma, safe cells (add the BOM when writing a file)."""
    header = list(columns or dict.fromkeys(k for row in rows for k in row))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([excel_cell(row.get(c)) for c in header])
    return buffer.getvalue()
