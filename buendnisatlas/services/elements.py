"""Elements and relations: read, create, change, delete; duplicates and merging.

Who may change what (the rule is :func:`buendnisatlas.graph.visibility.may_edit`):

* an element: admins; a coordinator, if it belongs to one of their alliances, or to no
  alliance and an admin named them for those (``edits_unaffiliated``);
* a new element: a coordinator names the alliance it joins (``alliance=``) — it is
  created with its membership (an actor) or as a part (a body, working group, project,
  event) in the same transaction; only admins create alliances, and advisory services
  (which belong to no alliance) only admins and coordinators with ``edits_unaffiliated``;
* a relation: the viewer must see both ends and may change at least one of them.

An element the viewer may not see, or may see but not change, is answered as missing:
ids confirm nothing. A viewer who may change nothing at all (the public, members) is
told so (:class:`~buendnisatlas.services.Forbidden`).

Changes are optimistic: a caller passes the ``version`` it read as ``expected_version``,
and the store refuses a change based on an older one (:class:`StaleVersion`, whose
``current`` is then the element or relation as this viewer may read it). Without
``expected_version`` the last writer wins — only for the local command line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from buendnisatlas.graph.model import NODE_CLASSES, Node, Relation
from buendnisatlas.graph.store import InvalidData, NotFound, StaleVersion
from buendnisatlas.graph.vocab import NodeKind, RelationType
from buendnisatlas.importers.dedupe import Candidate, MergeReport, likely_duplicates, merge_nodes, merge_preview
from buendnisatlas.services.uow import UnitOfWork
from buendnisatlas.services.viewer import Forbidden, View, not_found, relation_not_found

_JOINS: dict[NodeKind, RelationType] = {
    NodeKind.ACTOR: RelationType.MEMBER_OF,
    NodeKind.BODY: RelationType.PART_OF,
    NodeKind.WORKING_GROUP: RelationType.PART_OF,
    NodeKind.PROJECT: RelationType.PART_OF,
    NodeKind.EVENT: RelationType.PART_OF,
}
JOINS = frozenset(_JOINS)  # the kinds a new element of which joins an alliance (forms offer one)


def require_editor(view: View) -> None:
    """Refuse viewers who may change nothing at all, whatever the element."""
    if not view.viewer.is_editor:
        raise Forbidden("Ändern dürfen nur Koordinator:innen und Administrator:innen.")


def editable(view: View, element_id: str, kind: NodeKind | None = None) -> Node:
    """The element, if the viewer may change it; else answered as missing."""
    require_editor(view)
    node = view.get(element_id, kind)
    if not view.may_edit(node):
        raise not_found(element_id, kind)
    return node


# -- elements ------------------------------------------------------------------------


@dataclass(frozen=True)
class ElementPage:
    """One page of a list: the elements on it and how many match in all."""

    items: list[Node]
    total: int


def find_page(
    view: View,
    kind: NodeKind | None = None,
    *,
    text: str | None = None,
    name: str | None = None,
    sector: str | None = None,
    ags: str | None = None,
    topic: str | None = None,
    visibility: str | None = None,
    skip: int = 0,
    limit: int = 100,
) -> ElementPage:
    """The elements the viewer may see that match every filter given, ordered by name, one page of them.

    ``text`` matches anywhere in the name, folded (:func:`buendnisatlas.graph.text.fold`);
    ``name`` matches it exactly; ``topic`` is one of the element's topics. The store filters
    and the viewer's list is kept until the store changes (:meth:`View.listed`): a page
    reads only its own elements.
    """
    filters = {"sector": sector, "ags": ags, "topics": topic, "visibility": visibility}
    ids = view.listed(kind, name, text, **{k: v for k, v in filters.items() if v is not None})
    page = ids[skip : skip + limit]
    if view.viewer.signed_in:
        view.belongs_of(page)  # what each may show of itself, asked in one read
    return ElementPage([view.shown(n) for n in view.store.get_nodes(page)], len(ids))


def read_element(view: View, element_id: str, kind: NodeKind | None = None) -> Node:
    return view.get(element_id, kind)


def create_element(uow: UnitOfWork, kind: NodeKind, data: dict[str, Any], alliance: str | None = None) -> Node:
    """Create an element; ``alliance``: the alliance it joins (required of coordinators)."""
    view, viewer = uow.view, uow.viewer
    require_editor(view)
    try:
        node = NODE_CLASSES[kind].model_validate({**data, "kind": kind})
    except ValidationError as exc:
        raise InvalidData.from_validation(exc) from None
    join = _JOINS.get(kind)
    if alliance is not None and join is None:
        raise InvalidData(f"Ein Element der Art „{kind.value}“ gehört keinem Bündnis an; bitte ohne Bündnis anlegen.")
    if alliance is not None:
        editable(view, alliance, NodeKind.ALLIANCE)
    elif not viewer.is_admin and (kind == NodeKind.ALLIANCE or not viewer.edits_unaffiliated):
        if kind == NodeKind.ALLIANCE:
            raise Forbidden("Bündnisse legen nur Administrator:innen an.")
        raise Forbidden("Bitte das Bündnis angeben, dem das neue Element angehört (alliance).")
    with uow.writing() as store:
        created = store.add_node(node)
        if alliance is not None and join is not None:
            store.add_relation(Relation(source=created.id, target=alliance, type=join))
    return created


@contextmanager
def _current_as_seen(read: Callable[[], Node | Relation]) -> Iterator[None]:
    """On a stale version, show the stored state as the viewer may read it (the store's is unfiltered)."""
    try:
        yield
    except StaleVersion as exc:
        exc.current = read()
        raise


def update_element(
    uow: UnitOfWork,
    element_id: str,
    changes: dict[str, Any],
    kind: NodeKind | None = None,
    *,
    expected_version: int | None = None,
) -> Node:
    """Change the fields in ``changes`` (only those the caller sent), if ``expected_version`` is still stored."""
    editable(uow.view, element_id, kind)
    with _current_as_seen(lambda: uow.view.get(element_id, kind)), uow.writing() as store:
        return store.update_node(element_id, expected_version=expected_version, **changes)


def delete_element(
    uow: UnitOfWork, element_id: str, kind: NodeKind | None = None, *, expected_version: int | None = None
) -> None:
    """Delete an element with all its relations, if ``expected_version`` is still stored."""
    editable(uow.view, element_id, kind)
    with _current_as_seen(lambda: uow.view.get(element_id, kind)), uow.writing() as store:
        store.delete_node(element_id, expected_version=expected_version)


# -- relations -----------------------------------------------------------------------


def _check_ends(view: View, source: str, target: str) -> None:
    require_editor(view)
    ends = [view.get(source), view.get(target)]
    if not any(view.may_edit(end) for end in ends):
        raise not_found(source if ends[0].id == source else target)


def list_relations(
    view: View, element: str | None = None, type: RelationType | None = None, at: date | None = None
) -> list[Relation]:
    return view.relations(node_id=element, type=type, at=at)


def read_relation(view: View, key: str) -> Relation:
    return view.relation(key)


def create_relation(uow: UnitOfWork, relation: Relation) -> Relation:
    _check_ends(uow.view, relation.source, relation.target)
    with uow.writing() as store:
        return store.add_relation(relation)


def _editable_relation(view: View, key: str) -> Relation:
    require_editor(view)
    relation = view.relation(key)
    try:
        _check_ends(view, relation.source, relation.target)
    except NotFound:
        raise relation_not_found(key) from None
    return relation


def update_relation(
    uow: UnitOfWork, key: str, changes: dict[str, Any], *, expected_version: int | None = None
) -> Relation:
    """Change the fields in ``changes``, if ``expected_version`` is still stored (a new ``since``: a new key)."""
    _editable_relation(uow.view, key)
    with _current_as_seen(lambda: uow.view.relation(key)), uow.writing() as store:
        return store.update_relation(key, expected_version=expected_version, **changes)


def delete_relation(uow: UnitOfWork, key: str, *, expected_version: int | None = None) -> None:
    _editable_relation(uow.view, key)
    with _current_as_seen(lambda: uow.view.relation(key)), uow.writing() as store:
        store.delete_relation(key, expected_version=expected_version)


# -- duplicates ----------------------------------------------------------------------


def duplicates(view: View, threshold: float = 0.8) -> tuple[list[Candidate], dict[str, str]]:
    """Likely duplicate actors among what the viewer may see, with the names of the ids."""
    G = view.graph()
    found = likely_duplicates(G, threshold)
    names = {n: G.nodes[n]["name"] for c in found for n in (c.a, c.b)}
    return found, names


def merge(uow: UnitOfWork, keep: str, drop: str, dry_run: bool = False) -> tuple[Node, Node, MergeReport]:
    """Merge ``drop`` into ``keep`` (ids or names), both of which the viewer may change."""
    require_editor(uow.view)
    kept, removed = uow.view.resolve(keep), uow.view.resolve(drop)
    for node in (kept, removed):
        editable(uow.view, node.id)
    if dry_run:
        return kept, removed, merge_preview(uow.store, kept.id, removed.id)
    with uow.writing() as store:
        return kept, removed, merge_nodes(store, kept.id, removed.id)
