"""Beratungsangebote pflegen: the directory of advisory services for those who keep it up to date.

Creating and editing go through the element forms (:mod:`~buendnisatlas.api.web.routes.elements`:
German validation next to the field, optimistic concurrency); this page lists the
directory with what needs attention first — entries not checked for over a year — and
offers those forms to whoever may use them: admins, and coordinators an admin named for
elements of no alliance (``edits_unaffiliated``). The service layer decides both.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from buendnisatlas.api.web.render import EditorVisit, page
from buendnisatlas.api.web.routes.elements import creatable_kinds
from buendnisatlas.graph.vocab import NodeKind
from buendnisatlas.services.referral import services_directory

router = APIRouter(include_in_schema=False)


@router.get("/beratungsangebote", response_class=HTMLResponse)
def services_page(request: Request, visit: EditorVisit, nur: str = "") -> Any:
    """The directory as the viewer may see it; stale entries first when ``nur=veraltet``."""
    view = visit.view
    nodes = {n.id: n for n in view.find(kind=NodeKind.ADVISORY_SERVICE)}
    entries = services_directory(view)
    for entry in entries:
        node = nodes.get(entry["id"])
        entry["editable"] = node is not None and view.may_edit(node)
        entry["visibility"] = node.visibility if node is not None else None
    stale = sum(1 for e in entries if e["stale"])
    if nur == "veraltet":
        entries = [e for e in entries if e["stale"]]
    context = {
        "entries": entries,
        "stale": stale,
        "only_stale": nur == "veraltet",
        "may_create": NodeKind.ADVISORY_SERVICE in creatable_kinds(visit),
        "may_edit_any": any(e["editable"] for e in entries),
    }
    return page(request, visit, "beratungsangebote.html", context)
