"""Referral commands: ``referral`` (which service, here, now) and ``services`` (the directory)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from buendnisatlas.api.cli import Context, UserError, cli, pass_context
from buendnisatlas.api.cli.output import emit, format_options, table
from buendnisatlas.api.text import german_date
from buendnisatlas.graph import vocab
from buendnisatlas.graph.referral import ReferralAnswer, ReferralError
from buendnisatlas.graph.store import NotFound
from buendnisatlas.services.referral import referral as find_referral
from buendnisatlas.services.referral import services_directory

STALE_MARK = "⚠ älter als 12 Monate – vor Weitergabe prüfen"
NEVER_MARK = "⚠ nie geprüft – vor Weitergabe prüfen"


@contextmanager
def _user_errors() -> Iterator[None]:
    try:
        yield
    except ReferralError as exc:
        raise UserError(str(exc)) from exc


def _place(ags: str | None, ort: str | None) -> str | None:
    if ags and ort:
        raise UserError("Bitte nur eines angeben: --ags oder --ort.")
    return ags or ort


@cli.command()
@click.option("--topic", "--thema", "topic", metavar="THEMA", help="Thema, z. B. Rechtsextremismus, Antisemitismus.")
@click.option("--ags", metavar="AGS", help="Ort als amtlicher Gemeindeschlüssel (auch Kreis oder Land).")
@click.option("--ort", metavar="NAME", help="Ort als Name oder Postleitzahl, z. B. Sangerhausen, „PLZ 06526“.")
@click.option("--target-group", "--zielgruppe", "target_group", metavar="GRUPPE", help="z. B. Betroffene, Angehörige.")
@click.option("--language", "--sprache", "language", metavar="SPRACHE", help="z. B. Arabisch oder ar.")
@click.option(
    "--from",
    "--von",
    "origin",
    metavar="AKTEUR|BÜNDNIS",
    help="Wer fragt (Kennung oder Name): zeigt, wer im Netzwerk die Stelle schon kennt.",
)
@click.option("--public", "--oeffentlich", "public", is_flag=True, help="Nur öffentliche Angaben (wie die Webseite).")
@format_options
@pass_context
def referral(
    ctx: Context,
    topic: str | None,
    ags: str | None,
    ort: str | None,
    target_group: str | None,
    language: str | None,
    origin: str | None,
    public: bool,
    as_json: bool,
    as_csv: bool,
) -> None:
    """Findet Beratungsstellen für ein Thema an einem Ort – die zuständigste zuerst.

    \b
    Beispiel:
      buendnisatlas referral --topic Rechtsextremismus --ort Sangerhausen \\
        --target-group Betroffene --from pfd-msh
    """
    if not topic:
        raise UserError(f"Bitte ein Thema angeben (--topic). Bekannte Themen: {vocab.TOPIC.allowed()}")
    place = _place(ags, ort)
    if not place:
        raise UserError("Bitte einen Ort angeben: --ags SCHLÜSSEL oder --ort NAME.")
    try:
        with _user_errors():
            answer = find_referral(
                ctx.view_for(public), topic, place, target_group=target_group, language=language, origin=origin
            )
    except NotFound as exc:  # only the origin is looked up by id or name
        raise UserError(f"--from: {exc}") from exc
    rows = [_row(i, r.to_dict()) for i, r in enumerate(answer.results, 1)]
    emit(answer.to_dict(), rows, as_json, as_csv, lambda: render(answer))


def _row(rank: int, r: dict[str, Any]) -> dict[str, Any]:
    return {
        "rang": rank,
        "angebot": r["name"],
        "art": r["service_type"] or "",
        "traeger": ", ".join(o["name"] for o in r["operators"]),
        "zustaendig": r["coverage_name"],
        "ebene": r["coverage_level"],
        "telefon": r["phone"] or "",
        "email": r["email"] or "",
        "webseite": r["website"] or "",
        "adresse": r["address"] or "",
        "kontakt": r["contact"] or "",
        "oeffnungszeiten": r["opening_hours"] or "",
        "sprachen": [vocab.LANGUAGE.label(c) for c in r["languages"]],
        "kanaele": [vocab.CHANNEL.label(c) for c in r["channels"]],
        "zugang": [vocab.ACCESSIBILITY.label(c) for c in r["access"]],
        "geprueft_am": r["verified_on"] or "",
        "veraltet": "ja" if r["stale"] else "nein",
        "kontaktweg": (r.get("warm_path") or {}).get("text", ""),
    }


def render(answer: ReferralAnswer) -> str:
    """The answer as a helper under time pressure reads it: who, how to reach, why, how fresh."""
    topic = vocab.TOPIC.label(answer.topic) if answer.topic else "alle Themen"
    head = [f"Beratung zu „{topic}“ – {answer.place_description}"]
    asked = []
    if answer.target_group:
        asked.append(f"Zielgruppe {vocab.TARGET_GROUP.label(answer.target_group)}")
    if answer.language:
        asked.append(f"Sprache {vocab.LANGUAGE.label(answer.language)}")
    if answer.origin:
        asked.append(f"Kontaktweg ab „{answer.origin['name']}“")
    if asked:
        head.append(" · ".join(asked))
    head += ["", answer.message]
    blocks = ["\n".join(head)]
    for i, result in enumerate(answer.results, 1):
        blocks.append(_render_result(f"{i}.", result.to_dict(), answer.origin is not None))
    if answer.partial:
        lines = [f"Nur für Teile von {answer.place.name} zuständig (genauen Ort angeben):"]
        lines += [_render_result("-", r.to_dict(), answer.origin is not None) for r in answer.partial]
        blocks.append("\n".join(lines))
    blocks += [f"Hinweis: {hint}" for hint in answer.hints]
    return "\n\n".join(blocks)


def _render_result(bullet: str, r: dict[str, Any], with_path: bool) -> str:
    pad = " " * (len(bullet) + 1)
    title = f"{bullet} {r['name']}"
    if r["service_type"]:
        title += f" ({r['service_type']})"
    if r["operators"]:
        title += " – Träger: " + ", ".join(o["name"] for o in r["operators"])
    lines = [title]
    reach = [f"Tel. {r['phone']}" if r["phone"] else None, r["email"], r["website"], r["contact"]]
    if any(reach):
        lines.append("Kontakt: " + " · ".join(x for x in reach if x))
    else:
        lines.append("Kontakt: keine Angabe – über den Träger erfragen")
    if r["address"]:
        lines.append(f"Adresse: {r['address']}")
    how = []
    if r["opening_hours"]:
        how.append(r["opening_hours"])
    if r["channels"]:
        how.append(", ".join(vocab.CHANNEL.label(c) for c in r["channels"]))
    if r["languages"]:
        how.append(", ".join(vocab.LANGUAGE.label(c) for c in r["languages"]))
    if how:
        lines.append("Erreichbar: " + " · ".join(how))
    facts = []
    if r["crisis"]:
        facts.append("in akuten Krisen erreichbar")
    if r["anonymous"]:
        facts.append("anonym möglich")
    if r["cost"]:
        facts.append(r["cost"])
    if r["access"]:
        facts.append(", ".join(vocab.ACCESSIBILITY.label(c) for c in r["access"]))
    if r["accessibility"]:
        facts.append(f"Barrierefreiheit: {r['accessibility']}")
    if facts:
        lines.append(" · ".join(facts))
    lines.append("Passt: " + "; ".join(r["reasons"]))
    if r["verified_on"] is None:
        lines.append(NEVER_MARK)
    else:
        verified = f"Geprüft: {german_date(r['verified_on'])}"
        lines.append(f"{verified}  {STALE_MARK}" if r["stale"] else verified)
    if with_path:
        path = r.get("warm_path")
        lines.append(f"Kontaktweg: {path['text']}" if path else "Kontaktweg: niemand im Netzwerk bekannt")
    return "\n".join([lines[0], *(pad + line for line in lines[1:])])


@cli.command()
@click.option("--topic", "--thema", "topic", metavar="THEMA", help="Nur Angebote zu diesem Thema.")
@click.option("--ags", metavar="AGS", help="Nur Angebote, die für diesen Ort zuständig sind (Schlüssel).")
@click.option("--ort", metavar="NAME", help="Nur Angebote, die für diesen Ort zuständig sind (Name).")
@click.option("--type", "--art", "service_type", metavar="ART", help="Nur diese Art, z. B. Opferberatung.")
@click.option("--stale", "--veraltet", "stale", is_flag=True, help="Nur Einträge, seit über 12 Monaten ungeprüft.")
@click.option("--public", "--oeffentlich", "public", is_flag=True, help="Nur öffentliche Angebote (wie die Webseite).")
@format_options
@pass_context
def services(
    ctx: Context,
    topic: str | None,
    ags: str | None,
    ort: str | None,
    service_type: str | None,
    stale: bool,
    public: bool,
    as_json: bool,
    as_csv: bool,
) -> None:
    """Listet das Verzeichnis der Beratungsangebote, mit Gebiet und Prüfdatum."""
    with _user_errors():
        entries = services_directory(ctx.view_for(public), topic, _place(ags, ort), service_type)
    if stale:
        entries = [e for e in entries if e["stale"]]
    rows = [
        {
            "id": e["id"],
            "angebot": e["name"],
            "art": e["service_type"] or "",
            "traeger": ", ".join(o["name"] for o in e["operators"]),
            "gebiet": e["area_names"],
            "themen": [vocab.TOPIC.label(t) for t in e["topics"]],
            "zielgruppen": [vocab.TARGET_GROUP.label(t) for t in e["target_groups"]],
            "sprachen": [vocab.LANGUAGE.label(c) for c in e["languages"]],
            "telefon": e["phone"] or "",
            "email": e["email"] or "",
            "webseite": e["website"] or "",
            "adresse": e["address"] or "",
            "kontakt": e["contact"] or "",
            "geprueft_am": e["verified_on"] or "",
            "veraltet": "ja" if e["stale"] else "nein",
        }
        for e in entries
    ]

    def text() -> str:
        if not entries:
            return "Keine Beratungsangebote gefunden." + (
                "" if any((topic, ags, ort, service_type, stale)) else " Mit „buendnisatlas import“ Angebote eintragen."
            )
        body = table(
            [
                [
                    r["angebot"],
                    r["art"],
                    r["traeger"],
                    ", ".join(r["gebiet"]) or "Gebiet fehlt",
                    german_date(e["verified_on"]) + (" ⚠" if e["stale"] else ""),
                ]
                for r, e in zip(rows, entries, strict=True)
            ],
            ["Angebot", "Art", "Träger", "Gebiet", "Geprüft"],
        )
        stale_count = sum(e["stale"] for e in entries)
        note = f"\n\n⚠ {stale_count} Einträge sind älter als 12 Monate oder nie geprüft." if stale_count else ""
        return f"{len(entries)} Beratungsangebote\n\n{body}{note}"

    emit({"services": entries}, rows, as_json, as_csv, text)
