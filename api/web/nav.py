"""The navigation bar: one line per page, with who may see its link.

Hiding a link is a courtesy, not protection: every page checks its visitor itself
(:mod:`buendnisatlas.api.web.render`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from buendnisatlas.graph.accounts import Role
from buendnisatlas.services import Viewer

Audience = Literal["all", "signed_in", "editor", "admin"]


@dataclass(frozen=True)
class NavItem:
    href: str
    label: str
    audience: Audience = "all"


NAV: list[NavItem] = [
    NavItem("/", "Start"),
    NavItem("/uebersicht", "Übersicht", "signed_in"),
    NavItem("/elemente", "Elemente", "signed_in"),
    NavItem("/beratung", "Beratung finden"),
    NavItem("/luecken", "Lücken", "signed_in"),
    NavItem("/aenderungen", "Was hat sich getan?", "signed_in"),
    NavItem("/vergleich", "Vergleich", "signed_in"),
    NavItem("/import", "Import", "editor"),
]


def may_visit(viewer: Viewer, audience: Audience) -> bool:
    """
    >>> may_visit(Viewer.public(), "all"), may_visit(Viewer.public(), "signed_in")
    (True, False)
    """
    if audience == "all":
        return True
    if audience == "signed_in":
        return viewer.signed_in
    if audience == "editor":
        return viewer.is_admin or viewer.role == Role.COORDINATOR
    return viewer.is_admin


def nav_for(viewer: Viewer) -> list[NavItem]:
    return [item for item in NAV if may_visit(viewer, item.audience)]
