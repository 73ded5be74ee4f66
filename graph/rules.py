"""Measurable Handlungsziele: the small, documented set of checks a goal may carry.

A goal's ``check`` (CSV column ``pruefung``) is data, not code: one or more rule calls
separated by ``;``, each a rule name with parameters, for example::

    sitzungen(gremium=ba-msh, mindestens=3); teilnahme(gremium=ba-msh, art=Demokratiekonferenz, halbjahr=1)

:data:`RULES` lists every rule with its parameters; :func:`parse_checks` validates a text
against them and normalises it (sector and topic labels, numbers), so the same rule
reads the same in every store and format. The rules are evaluated by
:mod:`~buendnisatlas.graph.goals`; this module knows only their shape.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import vocab

__all__ = ["RULES", "Check", "Checks", "Param", "RuleError", "RuleSpec", "parse_checks"]


class RuleError(ValueError):
    """A check names an unknown rule or parameter, or a value that does not fit (German message)."""


def _int(value: str) -> int:
    if not re.fullmatch(r"\d{1,6}", value):
        raise RuleError(f"„{value}“ ist keine ganze Zahl ≥ 0")
    return int(value)


def _percent(value: str) -> int:
    number = value.replace("%", "").strip()
    if not re.fullmatch(r"\d{1,3}", number) or int(number) > 100:
        raise RuleError(f"„{value}“ ist kein Anteil zwischen 0 und 100 %")
    return int(number)


def _half(value: str) -> int:
    if value not in ("1", "2"):
        raise RuleError(f"„{value}“ ist kein Halbjahr (1 oder 2)")
    return int(value)


def _vocabulary(v: vocab.Vocabulary) -> Callable[[str], str]:
    def parse(value: str) -> str:
        code = v.parse(value)
        if code is None:
            raise RuleError(f"unbekannter Wert „{value}“ für {v.name}; erlaubt: {v.allowed()}")
        return code

    return parse


def _text(value: str) -> str:
    if not value:
        raise RuleError("Wert fehlt")
    return value


@dataclass(frozen=True)
class Param:
    """One parameter of a rule: its German name, how its value is read, and whether it is needed."""

    name: str
    parse: Callable[[str], Any]
    help: str
    required: bool = False
    vocabulary: vocab.Vocabulary | None = None

    def show(self, value: Any) -> str:
        """The value as it is written back: German labels for vocabulary codes."""
        return self.vocabulary.label(value) if self.vocabulary is not None else str(value)


def _p(name: str, help: str, required: bool = False) -> Param:
    parse, vocabulary = _PARSERS[name]
    return Param(name, parse, help, required, vocabulary)


_PARSERS: dict[str, tuple[Callable[[str], Any], vocab.Vocabulary | None]] = {
    "gremium": (_text, None),
    "art": (_text, None),
    "mindestens": (_int, None),
    "anteil": (_percent, None),
    "halbjahr": (_half, None),
    "sektor": (_vocabulary(vocab.SECTOR), vocab.SECTOR),
    "thema": (_vocabulary(vocab.TOPIC), vocab.TOPIC),
    "fonds": (_vocabulary(vocab.FUND), vocab.FUND),
}


@dataclass(frozen=True)
class RuleSpec:
    """A rule of the documented set: its name, what it measures, its parameters."""

    name: str
    help: str
    params: tuple[Param, ...]


RULES: dict[str, RuleSpec] = {
    spec.name: spec
    for spec in (
        RuleSpec(
            "sitzungen",
            "Sitzungen eines Gremiums im Jahr: Veranstaltungen der Art „Sitzung“, an denen das Gremium teilnimmt",
            (
                _p("gremium", "Kennung des Gremiums", required=True),
                _p("mindestens", "so viele Sitzungen im Jahr", required=True),
                _p("art", "Art der Veranstaltung (Vorgabe: Sitzung)"),
            ),
        ),
        RuleSpec(
            "teilnahme",
            "Anteil der Mitglieder eines Gremiums, die an einer Veranstaltung einer Art teilnehmen",
            (
                _p("gremium", "Kennung des Gremiums", required=True),
                _p("art", "Art der Veranstaltung, z. B. Demokratiekonferenz", required=True),
                _p("halbjahr", "nur im 1. oder 2. Halbjahr"),
                _p("anteil", "so viel Prozent der Mitglieder (Vorgabe: 50)"),
            ),
        ),
        RuleSpec(
            "jugendsitze",
            "Jugendvertreter:innen in einem Gremium (aus dem Jugendforum oder mit der Rolle Jugendvertretung)",
            (
                _p("gremium", "Kennung des Gremiums", required=True),
                _p("mindestens", "so viele Sitze (Vorgabe: die des Profils)"),
            ),
        ),
        RuleSpec(
            "mehrheit_zivilgesellschaft",
            "zivilgesellschaftliche Mehrheit unter den stimmberechtigten Mitgliedern eines Gremiums",
            (_p("gremium", "Kennung des Gremiums", required=True),),
        ),
        RuleSpec(
            "projekte",
            "Projekte im Jahr, geleitet von Mitgliedern eines Gremiums oder von Akteuren eines Sektors",
            (
                _p("mindestens", "so viele Projekte im Jahr", required=True),
                _p("gremium", "Kennung des Gremiums, dessen Mitglieder leiten"),
                _p("sektor", "Sektor der leitenden Akteure"),
                _p("thema", "nur Projekte zu diesem Thema"),
                _p("fonds", "nur Projekte aus diesem Fonds"),
            ),
        ),
        RuleSpec(
            "veranstaltungen",
            "Veranstaltungen einer Art im Jahr (oder Halbjahr)",
            (
                _p("art", "Art der Veranstaltung, z. B. Demokratiekonferenz", required=True),
                _p("mindestens", "so viele Veranstaltungen (Vorgabe: 1)"),
                _p("halbjahr", "nur im 1. oder 2. Halbjahr"),
                _p("thema", "nur Veranstaltungen zu diesem Thema"),
            ),
        ),
        RuleSpec(
            "gemeinden_mit_veranstaltung",
            "Gemeinden des Gebiets, in denen im Jahr eine Veranstaltung einer Art stattfand",
            (
                _p("art", "Art der Veranstaltung, z. B. Regionalkonferenz", required=True),
                _p("mindestens", "in so vielen Gemeinden"),
                _p("anteil", "in so viel Prozent der Gemeinden (Vorgabe: 100)"),
            ),
        ),
        RuleSpec(
            "sektor_in_projekten",
            "Akteure eines Sektors, die im Jahr (oder Halbjahr) an einem Projekt zu einem Thema mitwirken",
            (
                _p("sektor", "Sektor der Akteure, z. B. Wirtschaft", required=True),
                _p("thema", "nur Projekte zu diesem Thema"),
                _p("halbjahr", "nur im 1. oder 2. Halbjahr"),
                _p("mindestens", "so viele Akteure (Vorgabe: 1)"),
            ),
        ),
    )
}


@dataclass(frozen=True)
class Check:
    """One rule call: the rule's name and its parsed parameters."""

    rule: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def spec(self) -> RuleSpec:
        return RULES[self.rule]

    @property
    def text(self) -> str:
        by_name = {p.name: p for p in self.spec.params}
        shown = ", ".join(f"{k}={by_name[k].show(v)}" for k, v in self.params.items())
        return f"{self.rule}({shown})"


@dataclass(frozen=True)
class Checks:
    """The checks of one goal, in the order written."""

    items: tuple[Check, ...] = ()

    @property
    def text(self) -> str:
        return "; ".join(c.text for c in self.items)


_CALL = re.compile(r"^\s*([A-Za-zÄÖÜäöüß_]+)\s*(?:\((.*)\))?\s*$", re.S)


def parse_checks(text: str) -> Checks:
    """Read a goal's checks; a :class:`RuleError` names what is wrong, in German.

    Examples
    --------
    >>> parse_checks("sitzungen(gremium = ba, mindestens=3)").text
    'sitzungen(gremium=ba, mindestens=3)'
    >>> parse_checks("sektor_in_projekten(sektor=business, thema=Rassismus, halbjahr=1)").text
    'sektor_in_projekten(sektor=Wirtschaft, thema=Rassismus, halbjahr=1)'
    >>> try:
    ...     parse_checks("sitzungen(gremium=ba, mindestens=drei)")
    ... except RuleError as exc:
    ...     print(exc)
    sitzungen: mindestens: „drei“ ist keine ganze Zahl ≥ 0
    """
    items = []
    for call in _split(text):
        match = _CALL.match(call)
        if not match:
            raise RuleError(f"„{call.strip()}“ ist keine Prüfung der Form name(parameter=wert, …)")
        name, args = match.group(1).casefold(), match.group(2) or ""
        spec = RULES.get(name)
        if spec is None:
            raise RuleError(f"unbekannte Prüfung „{match.group(1)}“; erlaubt: {', '.join(RULES)}")
        items.append(Check(name, _params(spec, args)))
    return Checks(tuple(items))


def _split(text: str) -> list[str]:
    """The rule calls of a text: split at ``;`` outside parentheses."""
    calls, depth, current = [], 0, ""
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == ";" and depth == 0:
            calls.append(current)
            current = ""
        else:
            current += char
    calls.append(current)
    return [c for c in calls if c.strip()]


def _params(spec: RuleSpec, args: str) -> dict[str, Any]:
    known = {p.name: p for p in spec.params}
    given: dict[str, Any] = {}
    for part in (a for a in args.split(",") if a.strip()):
        key, sep, raw = part.partition("=")
        key, raw = key.strip().casefold(), raw.strip()
        if not sep:
            raise RuleError(f"{spec.name}: „{part.strip()}“ ist kein Parameter der Form name=wert")
        param = known.get(key)
        if param is None:
            raise RuleError(f"{spec.name}: unbekannter Parameter „{key}“; erlaubt: {', '.join(known)}")
        try:
            given[key] = param.parse(raw)
        except RuleError as exc:
            raise RuleError(f"{spec.name}: {key}: {exc}") from None
    missing = [p.name for p in spec.params if p.required and p.name not in given]
    if missing:
        raise RuleError(f"{spec.name}: es fehlt {', '.join(missing)}")
    # Written back in the order the rule lists its parameters.
    return {p.name: given[p.name] for p in spec.params if p.name in given}
