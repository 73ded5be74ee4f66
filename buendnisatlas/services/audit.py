"""The audit log as a viewer may read it, and restoring a deleted element from it.

The history of an element shows every field before and after each change, including
values that were confidential at the time: only those who may change the element (its
alliance's coordinators, admins) read it, and entries of relations whose other end the
viewer may not see are left out. A deleted element belongs to no alliance any more, so
only admins read its history and restore it. The log of accounts (who added, changed or
removed an account or token) is for admins only.
"""

from __future__ import annotations

from buendnisatlas.graph.accounts import AuditEntry
from buendnisatlas.graph.model import Node
from buendnisatlas.services.elements import editable, require_editor
from buendnisatlas.services.uow import UnitOfWork
from buendnisatlas.services.viewer import Forbidden, View, not_found


def history(view: View, element_id: str) -> list[AuditEntry]:
    """The recorded changes of an element and of its relations, oldest first."""
    if view.viewer.is_admin:
        return view.store.history(element_id)
    require_editor(view)
    editable(view, element_id)
    entries = []
    for entry in view.store.history(element_id):
        ends = entry.ends
        if ends is not None and not all(view.sees(end) for end in ends):
            continue
        entries.append(entry)
    return entries


def account_history(view: View, email: str | None = None) -> list[AuditEntry]:
    """The recorded changes of one account and its tokens (``None``: of all accounts); admins only."""
    if not view.viewer.is_admin:
        raise Forbidden("Das Änderungsprotokoll der Konten sehen nur Administrator:innen")
    return view.store.account_history(email)


def restore(uow: UnitOfWork, element_id: str) -> Node:
    """Re-create a deleted element and the relations deleted with it (admins only)."""
    if not uow.viewer.is_admin:
        raise not_found(element_id)
    with uow.writing() as store:
        return store.restore(element_id)
