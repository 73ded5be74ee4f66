"""Element fields on the pages: German labels, which control edits them, form text ↔ values, German errors.

One table (:data:`WIDGETS`, :data:`LABELS`) serves the detail page, the create and edit
forms and the history; the fields of a kind are its model's own (``NODE_CLASSES``), so a
field added to the model shows up here with its English name until it gets a label.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError

from buendnisatlas.graph import validation, vocab
from buendnisatlas.graph.model import NODE_CLASSES
from buendnisatlas.graph.vocab import NodeKind

LABELS: dict[str, str] = {
    "id": "Kennung",
    "kind": "Art",
    "name": "Name",
    "visibility": "Sichtbarkeit",
    "form": "Form",
    "subtype": "Untertyp",
    "sector": "Sektor",
    "ags": "Gemeinde (AGS)",
    "area": "Gebiet (AGS, durch Komma getrennt)",
    "topics": "Themen",
    "contact": "Kontakt",
    "website": "Webseite",
    "note": "Notiz (nie öffentlich)",
    "consent_given_by": "Einwilligung gegeben von",
    "consent_given_at": "Einwilligung gegeben am",
    "consent_purpose": "Zweck der Einwilligung",
    "fund": "Fonds",
    "budget": "Budget (Euro)",
    "date": "Datum",
    "target_groups": "Zielgruppen",
    "languages": "Sprachen",
    "channels": "Kanäle",
    "anonymous": "anonym möglich",
    "cost": "Kosten",
    "address": "Adresse",
    "phone": "Telefon",
    "email": "E-Mail",
    "opening_hours": "Erreichbarkeit",
    "access": "Zugang",
    "accessibility": "Barrierefreiheit",
    "crisis": "in akuten Krisen erreichbar",
    "verified_on": "Angaben geprüft am",
    "goal_level": "Zielebene",
    "wording": "Wortlaut",
    "parent_goal": "Übergeordnetes Ziel (Kennung)",
    "alliance": "Bündnis (Kennung)",
    "valid_from": "gültig ab",
    "valid_until": "gültig bis",
    "checks": "Prüfregeln",
    "created_at": "angelegt",
    "updated_at": "zuletzt geändert",
    "version": "Fassung",
    # relations
    "source": "von",
    "target": "zu",
    "type": "Beziehung",
    "role": "Rolle",
    "voting": "stimmberechtigt",
    "since": "seit",
    "until": "bis",
    "weight": "Gewicht",
}

ACTOR_FORMS = {"organisation": "Organisation", "person": "Person", "initiative": "Initiative"}
CHOICES: dict[str, Mapping[str, str]] = {
    "visibility": vocab.VISIBILITIES,
    "form": ACTOR_FORMS,
    "sector": vocab.SECTORS,
    "fund": vocab.FUNDS,
    "goal_level": vocab.GOAL_LEVELS,
    "topics": vocab.TOPICS,
    "target_groups": vocab.TARGET_GROUPS,
    "languages": vocab.LANGUAGES,
    "channels": vocab.CHANNELS,
    "access": vocab.ACCESS,
}
MULTI = {"topics", "target_groups", "languages", "channels", "access"}
LISTS = {"area"}  # several codes typed into one field
DATES = {"consent_given_at", "date", "verified_on", "valid_from", "valid_until", "since", "until"}
BOOLS = {"anonymous", "crisis", "voting"}
NUMBERS = {"budget", "weight"}
LONG_TEXT = {"note", "wording", "checks", "address"}
# Shown, never edited: the store keeps them.
NOT_EDITED = {"kind", "id", "created_at", "updated_at", "version"}


def widget(name: str) -> str:
    """Which control edits the field: choices, select, list, date, yesno, number, textarea, text."""
    if name in MULTI:
        return "choices"
    if name in CHOICES:
        return "select"
    for kind, names in (("list", LISTS), ("date", DATES), ("yesno", BOOLS), ("number", NUMBERS)):
        if name in names:
            return kind
    return "textarea" if name in LONG_TEXT else "text"


def editable_fields(kind: NodeKind) -> list[str]:
    """The fields of a kind a form edits, in the model's order.

    >>> editable_fields(NodeKind.BODY)
    ['name', 'visibility', 'contact', 'website', 'note', 'subtype']
    """
    return [f for f in NODE_CLASSES[kind].model_fields if f not in NOT_EDITED]


def label(name: str) -> str:
    return LABELS.get(name, name)


def display(name: str, value: Any) -> str:
    """A stored value as a person reads it (German labels, dates as 31.12.2025); ``–`` for none.

    >>> display("topics", ["racism", "participation"]), display("consent_given_at", "2025-03-01")
    ('Rassismus, Partizipation', '01.03.2025')
    >>> display("crisis", True), display("budget", 1500.0), display("note", None)
    ('ja', '1.500,00', '–')
    """
    if value is None or value == [] or value == "":
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, list | tuple):
        return ", ".join(display(name, v) for v in value)
    if name in CHOICES:
        return CHOICES[name].get(str(value), str(value))
    if name == "kind":
        return vocab.ELEMENT_TYPE.label(str(value))
    if name == "type":
        return vocab.RELATION_TYPE.label(str(value))
    if isinstance(value, datetime):
        return f"{value:%d.%m.%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    if name in DATES and isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return f"{date.fromisoformat(value):%d.%m.%Y}"
    if isinstance(value, float):
        text = f"{value:,.2f}"
        return text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return str(value)


def form_value(name: str, value: Any) -> Any:
    """A stored value as the form control shows it (ISO dates for date inputs, codes for choices)."""
    if value is None:
        return [] if name in MULTI else ""
    if name in LISTS:
        return ", ".join(value)
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "value"):  # an enum
        return value.value
    return value


def parse(fields: list[str], posted: Mapping[str, list[str]]) -> dict[str, Any]:
    """What the form sent, as values for the model: empty text is ``None``, choices a list, ja/nein a bool.

    >>> parse(["name", "topics", "area", "crisis", "ags"],
    ...       {"name": [" Jugendamt "], "topics": ["racism"], "area": ["15087, 15088"], "crisis": ["ja"], "ags": [""]})
    {'name': 'Jugendamt', 'topics': ['racism'], 'area': ['15087', '15088'], 'crisis': True, 'ags': None}
    """
    values: dict[str, Any] = {}
    for name in fields:
        sent = posted.get(name, [])
        if name in MULTI:
            values[name] = [v for v in sent if v]
            continue
        text = sent[0].strip() if sent else ""
        if name in LISTS:
            values[name] = [part.strip() for part in re.split(r"[,;\s]+", text) if part.strip()]
        elif not text:
            values[name] = None
        elif name in BOOLS:
            values[name] = {"ja": True, "nein": False}.get(text, text)
        elif name in DATES:
            values[name] = _german_date(text)
        elif name in NUMBERS:
            values[name] = text.replace(".", "").replace(",", ".") if "," in text else text
        else:
            values[name] = text
    return values


def _german_date(text: str) -> str:
    """31.12.2025 as 2025-12-31 (a date input sends ISO already; some browsers let people type)."""
    found = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    return f"{found[3]}-{int(found[2]):02d}-{int(found[1]):02d}" if found else text


def german_errors(exc: ValidationError) -> dict[str, str]:
    """Pydantic's errors as one German message per field (``_`` for the whole record).

    >>> from buendnisatlas.graph.model import Actor
    >>> try:
    ...     Actor(id="x", name="", ags="12", consent_given_at="2025-13-01")
    ... except ValidationError as exc:
    ...     for field, message in german_errors(exc).items():
    ...         print(f"{field}: {message}")
    name: Bitte ausfüllen.
    ags: „12“ ist kein 8-stelliger Gemeindeschlüssel
    consent_given_at: Bitte ein gültiges Datum angeben, z. B. 31.12.2025.
    """
    errors: dict[str, str] = {}
    for error in exc.errors():
        loc = [str(p) for p in error["loc"]]
        name = loc[0] if loc else "_"
        errors.setdefault(name, german_message(error))
    return errors


# Where a form is filled in differently than JSON is written: dates and numbers are typed
# the German way, yes/no and vocabularies are picked from a list.
_DATE_HINT = "Bitte ein gültiges Datum angeben, z. B. 31.12.2025."
_CHOICE_HINT = "Bitte einen der angebotenen Werte wählen."
_FORM_WORDING = {
    "date_from_datetime_parsing": _DATE_HINT,
    "date_parsing": _DATE_HINT,
    "date_type": _DATE_HINT,
    "float_parsing": "Bitte eine Zahl angeben, z. B. 1500 oder 1500,50.",
    "bool_parsing": "Bitte „ja“ oder „nein“ wählen.",
    "enum": _CHOICE_HINT,
    "literal_error": _CHOICE_HINT,
}


def german_message(error: Mapping[str, Any]) -> str:
    """One pydantic error as a form shows it next to the field.

    The wording is :func:`buendnisatlas.graph.validation.german_message`'s, except where a
    form is filled in differently than JSON is written (:data:`_FORM_WORDING`), and a field
    left empty is asked for.

    >>> german_message({"type": "string_too_long", "ctx": {"max_length": 300}, "input": "x" * 301})
    'Zu lang: höchstens 300 Zeichen erlaubt (hier 301).'
    >>> german_message({"type": "missing"}), german_message({"type": "date_parsing", "input": "gestern"})
    ('Bitte ausfüllen.', 'Bitte ein gültiges Datum angeben, z. B. 31.12.2025.')
    """
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    empty = error.get("input") is None and kind.endswith("_type")  # a required field left empty
    if kind == "missing" or empty or (kind == "string_too_short" and ctx.get("min_length") == 1):
        return "Bitte ausfüllen."
    if kind in _FORM_WORDING:
        return _FORM_WORDING[kind]
    text = validation.german_message(error)
    if kind in ("value_error", "assertion_error"):  # our validators' own sentences, as written
        return text
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")


ID_HINT = "Nur Buchstaben, Ziffern und . _ : - (ohne Leerzeichen), höchstens 128 Zeichen; leer: aus dem Namen gebildet."


@dataclass(frozen=True)
class FormField:
    """One control of an element form, as the template draws it."""

    name: str
    label: str
    widget: str
    value: Any
    error: str | None
    options: Mapping[str, str] | None


def form_fields(kind: NodeKind, values: Mapping[str, Any], errors: Mapping[str, str]) -> list[FormField]:
    """The controls of the form for ``kind``, filled with ``values`` (stored or as sent)."""
    return [
        FormField(name, label(name), widget(name), values.get(name), errors.get(name), CHOICES.get(name))
        for name in editable_fields(kind)
    ]
