"""Small renderings for people that the CLI and the web pages share."""

from __future__ import annotations

from datetime import date
from typing import Any

# What each kind of gap is called (graph/gaps.py GAP_KINDS).
KIND_LABELS_DE = {
    "missing_sector": "Sektor fehlt",
    "uncovered_municipality": "Gemeinde ohne Mitglied",
    "uncovered_topic": "Thema ohne Mitglied",
    "committee_civil_society_majority": "Mehrheit der Zivilgesellschaft",
    "committee_youth_seats": "Jugendvertretung",
    "missing_local_role": "Gemeinde ohne Kümmerer:in",
    "missing_companion_body": "Begleitgremium fehlt",
    "single_point_of_failure": "Bindeglied",
    "isolated_actor": "ohne Verbindung",
    "dormant_member": "ruhend",
}

# The network figures of an alliance (graph/metrics.py network_summary).
SUMMARY_LABELS = {
    "actors": "Mitglieder (Akteure)",
    "ties": "Verbindungen",
    "density": "Dichte",
    "average_degree": "Verbindungen je Akteur",
    "components": "Teilnetze",
    "largest_component": "größtes Teilnetz",
    "isolates": "ohne Verbindung",
    "average_clustering": "Clustering (Mittel)",
    "communities": "Gruppen (Louvain)",
    "modularity": "Modularität",
    "max_core": "höchster k-Kern",
    "articulation_points": "Bindeglieder (Artikulationspunkte)",
    "bridges": "Brücken",
    "cross_sector_share": "Anteil sektorübergreifend",
    "ei_index": "E-I-Index (Sektoren)",
}


def german_date(iso: str | None) -> str:
    """An ISO date as Germans write it; ``nie`` (never) when there is none.

    >>> german_date("2025-06-10"), german_date(None)
    ('10.06.2025', 'nie')
    """
    return f"{date.fromisoformat(iso):%d.%m.%Y}" if iso else "nie"


def german_number(value: float | int | None, digits: int = 1) -> str:
    """A number as Germans write it: decimal comma, a dot between thousands; ``–`` for none.

    >>> german_number(1234.56), german_number(3), german_number(0.5, 2), german_number(None)
    ('1.234,6', '3', '0,50', '–')
    """
    if value is None:
        return "–"
    if isinstance(value, int):
        return f"{int(value):,}".replace(",", ".")
    text = f"{value:,.{digits}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def indicator_text(value: Any, unit: str) -> str:
    """An indicator's value as a person reads it (``unit``: share, euro, bool, number); ``–`` for none.

    >>> indicator_text(0.25, "share"), indicator_text(12500, "euro"), indicator_text("<3", "number")
    ('25 %', '12.500 €', '<3')
    """
    if value is None:
        return "–"
    if isinstance(value, str):
        return value  # the suppression marker "<3"
    if unit == "bool":
        return "ja" if value else "nein"
    if unit == "share":
        return f"{100 * float(value):.0f} %"
    if unit == "euro":
        return f"{float(value):,.0f} €".replace(",", ".")
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.2f}".replace(".", ",")
    return str(int(value))
