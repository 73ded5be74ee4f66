"""Profiles of alliance types: what the gap report expects of an alliance.

A profile is data, not code (``data/profiles.toml``): the sectors a Partnerschaft für
Demokratie or a lokale Allianz should have at the table, which sectors count as civil
society in the committee, how many youth seats it needs, after how many quiet months a
member counts as dormant. A coordinator can override any value for the whole type or
for one alliance in a TOML file of their own (see the comment in the shipped file).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from . import vocab
from .text import fold

__all__ = ["Profile", "ProfileError", "Profiles", "folded", "load_profiles"]


class ProfileError(ValueError):
    """A profile file is unreadable or names something unknown (message in German)."""


@dataclass(frozen=True)
class Profile:
    """Expectations for one type of alliance (sector codes, not labels)."""

    name: str
    label: str
    subtypes: tuple[str, ...] = ()
    expected_sectors: tuple[str, ...] = ()
    civil_society_sectors: frozenset[str] = frozenset()
    committee_subtypes: tuple[str, ...] = ("Begleitausschuss", "Bündnis für Demokratie")
    youth_forum_subtypes: tuple[str, ...] = ("Jugendforum",)
    youth_roles: tuple[str, ...] = ("Jugend",)
    youth_seats: int = 0
    dormancy_months: int = 18
    min_cut_off: int = 1
    # A role every Gemeinde of the area should have among the members (the Gemeindekümmerer).
    local_roles: tuple[str, ...] = ()
    local_role_label: str = "Gemeindekümmerer:in"
    # "Committee subtype: body subtype": a committee of that kind comes with that body.
    companion_bodies: tuple[str, ...] = ()

    def is_committee(self, subtype: str | None) -> bool:
        return folded(subtype) in {folded(s) for s in self.committee_subtypes}

    def is_youth_forum(self, subtype: str | None) -> bool:
        return folded(subtype) in {folded(s) for s in self.youth_forum_subtypes}

    def is_youth_role(self, role: str | None) -> bool:
        text = folded(role)
        return bool(text) and any(folded(word) in text for word in self.youth_roles)

    def is_local_role(self, role: str | None) -> bool:
        """Whether a member's role is the per-Gemeinde role (``Stadtkümmerer`` …).

        >>> load_profiles().profiles["lokale_allianz"].is_local_role("Demokratischer Stadtkümmerer")
        True
        """
        text = folded(role)
        return bool(text) and any(folded(word) in text for word in self.local_roles)

    def companions(self) -> list[tuple[str, str]]:
        """(committee subtype, body subtype) pairs from ``companion_bodies``.

        >>> load_profiles().profiles["pfd"].companions()
        [('Bündnis für Demokratie', 'Ämternetzwerk')]
        """
        pairs = []
        for entry in self.companion_bodies:
            committee, _, body = entry.partition(":")
            pairs.append((committee.strip(), body.strip()))
        return pairs


@dataclass
class Profiles:
    """All known profiles, the default's name, and per-alliance overrides."""

    profiles: dict[str, Profile]
    default: str
    alliances: dict[str, dict[str, Any]] = field(default_factory=dict)

    def for_alliance(self, alliance_id: str, subtype: str | None = None) -> Profile:
        """The profile for an alliance: its override, else by its ``art``, else the default.

        Examples
        --------
        >>> p = load_profiles()
        >>> p.for_alliance("x", "Partnerschaft für Demokratie").youth_seats
        2
        >>> p.for_alliance("x", "lokale Allianz").name, p.for_alliance("x", None).name
        ('lokale_allianz', 'allgemein')
        """
        override = dict(self.alliances.get(alliance_id, {}))
        name = override.pop("profile", None)
        if name is None:
            name = next(
                (p.name for p in self.profiles.values() if folded(subtype) in {folded(s) for s in p.subtypes}),
                self.default,
            )
        if name not in self.profiles:
            raise ProfileError(f"Das Bündnis „{alliance_id}“ verlangt das unbekannte Profil „{name}“")
        base = self.profiles[name]
        if not override:
            return base
        return replace(base, **_fields(override, f"Bündnis „{alliance_id}“"))


def load_profiles(path: str | Path | None = None, text: str | None = None) -> Profiles:
    """The shipped profiles, with a user's TOML file (or text) laid over them.

    A user file may change any field of a profile (``[profiles.pfd] youth_seats = 3``),
    add a profile, change ``default``, or override values for one alliance
    (``[alliances."pfd-msh"]``).

    Examples
    --------
    >>> load_profiles(text='[alliances.a]\\nyouth_seats = 3').for_alliance("a", "PfD").youth_seats
    3
    """
    shipped = resources.files("buendnisatlas.graph").joinpath("data/profiles.toml").read_text(encoding="utf-8")
    data = _parse(shipped, "profiles.toml")
    if path is not None:
        try:
            user_text = Path(path).read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise ProfileError(f"Die Profildatei „{path}“ kann nicht gelesen werden: {exc.strerror}") from exc
        _merge(data, _parse(user_text, str(path)))
    if text is not None:
        _merge(data, _parse(text, "Profil"))
    unknown = set(data) - {"default", "profiles", "alliances"}
    if unknown:
        raise ProfileError(f"Unbekannte Abschnitte in der Profildatei: {', '.join(sorted(unknown))}")
    profiles = {
        name: Profile(name=name, **_fields({"label": name, **values}, f"Profil „{name}“"))
        for name, values in data.get("profiles", {}).items()
    }
    default = data.get("default", "allgemein")
    if default not in profiles:
        raise ProfileError(f"Das Vorgabeprofil „{default}“ ist nicht definiert")
    return Profiles(profiles=profiles, default=default, alliances=dict(data.get("alliances", {})))


def _parse(text: str, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{where} ist keine gültige TOML-Datei: {exc}") from exc


def _merge(base: dict[str, Any], extra: Mapping[str, Any]) -> None:
    for key, value in extra.items():
        if isinstance(value, Mapping) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value


_INT_FIELDS = ("youth_seats", "dormancy_months", "min_cut_off")
_TEXT_LISTS = (
    "subtypes",
    "committee_subtypes",
    "youth_forum_subtypes",
    "youth_roles",
    "local_roles",
    "companion_bodies",
)


def _fields(values: Mapping[str, Any], where: str) -> dict[str, Any]:
    """Check and convert a profile table; sector labels become codes."""
    known = {"label", "local_role_label", *_INT_FIELDS, *_TEXT_LISTS, "expected_sectors", "civil_society_sectors"}
    result: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            raise ProfileError(f"{where}: unbekannter Eintrag „{key}“ (erlaubt: {', '.join(sorted(known))})")
        if key in _INT_FIELDS:
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ProfileError(f"{where}: „{key}“ muss eine ganze Zahl ≥ 0 sein, nicht „{value}“")
            result[key] = value
        elif key in ("label", "local_role_label"):
            result[key] = str(value)
        else:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ProfileError(f"{where}: „{key}“ muss eine Liste von Texten sein")
            if key in ("expected_sectors", "civil_society_sectors"):
                codes = []
                for label in value:
                    code = vocab.SECTOR.parse(label)
                    if code is None:
                        raise ProfileError(f"{where}: unbekannter Sektor „{label}“; erlaubt: {vocab.SECTOR.allowed()}")
                    codes.append(code)
                result[key] = tuple(dict.fromkeys(codes)) if key == "expected_sectors" else frozenset(codes)
            else:
                if key == "companion_bodies" and not all(":" in v for v in value):
                    raise ProfileError(f"{where}: „{key}“ braucht Einträge der Form „Gremium: Begleitgremium“")
                result[key] = tuple(value)
    return result


def folded(text: str | None) -> str:
    """A subtype or role as profiles compare it: the package's one :func:`~buendnisatlas.graph.text.fold`.

    >>> folded("  Bündnis für  DEMOKRATIE "), folded(None)
    ('buendnis fuer demokratie', '')
    """
    return fold(text or "")
