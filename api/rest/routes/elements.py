"""One CRUD router per element kind (``/actors``, ``/alliances``, …), built from its schema family.

No ``from __future__ import annotations`` here: FastAPI must see the schema classes,
which are local to :func:`element_router`, as real annotations.
"""

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status

from buendnisatlas.api.rest.deps import AudienceDep, CoordinatorDep, StoreDep
from buendnisatlas.api.rest.schemas import FAMILIES, SchemaFamily
from buendnisatlas.graph.model import KIND_LABELS, Node
from buendnisatlas.graph.store import GraphStore
from buendnisatlas.graph.visibility import may_show
from buendnisatlas.graph.vocab import NodeKind, Visibility

PATHS: dict[NodeKind, str] = {
    NodeKind.ACTOR: "actors",
    NodeKind.ALLIANCE: "alliances",
    NodeKind.BODY: "bodies",
    NodeKind.WORKING_GROUP: "working-groups",
    NodeKind.PROJECT: "projects",
    NodeKind.EVENT: "events",
    NodeKind.ADVISORY_SERVICE: "advisory-services",
    NodeKind.GOAL: "goals",
}


def _visible(store: GraphStore, kind: NodeKind, element_id: str, audience: Visibility) -> Node:
    node = store.get_node(element_id)
    # Hidden and missing look the same, so that ids of hidden elements do not leak.
    if node.kind != kind or not may_show(node, audience):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"Kein {KIND_LABELS[kind]} „{element_id}“")
    return node


def element_router(kind: NodeKind) -> APIRouter:
    family: SchemaFamily = FAMILIES[kind]
    router = APIRouter(prefix=f"/{PATHS[kind]}", tags=[KIND_LABELS[kind]])
    Create, Update, Public, Page = family.create, family.update, family.public, family.page

    @router.get("", response_model=Page, summary=f"{KIND_LABELS[kind]}: Liste")
    def list_elements(
        store: StoreDep,
        audience: AudienceDep,
        name: Annotated[str | None, Query(description="exakter Name")] = None,
        sector: str | None = None,
        ags: str | None = None,
        topic: str | None = None,
        skip: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> Any:
        filters = {k: v for k, v in {"sector": sector, "ags": ags, "topics": topic}.items() if v is not None}
        found = [n for n in store.find_nodes(kind=kind, name=name, **filters) if may_show(n, audience)]
        return {"data": found[skip : skip + limit], "count": len(found)}

    @router.get("/{element_id}", response_model=Public, summary=f"{KIND_LABELS[kind]}: lesen")
    def read_element(element_id: str, store: StoreDep, audience: AudienceDep) -> Any:
        return _visible(store, kind, element_id, audience)

    @router.post(
        "",
        response_model=Public,
        status_code=status.HTTP_201_CREATED,
        dependencies=[CoordinatorDep],
        summary=f"{KIND_LABELS[kind]}: anlegen",
    )
    def create_element(body: Create, store: StoreDep) -> Any:  # type: ignore[valid-type]
        data = {k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None}  # type: ignore[attr-defined]
        return store.add_node(family.model.model_validate({**data, "kind": kind}))

    @router.patch(
        "/{element_id}", response_model=Public, dependencies=[CoordinatorDep], summary=f"{KIND_LABELS[kind]}: ändern"
    )
    def update_element(element_id: str, body: Update, store: StoreDep, audience: AudienceDep) -> Any:  # type: ignore[valid-type]
        _visible(store, kind, element_id, audience)
        return store.update_node(element_id, **body.model_dump(exclude_unset=True))  # type: ignore[attr-defined]

    @router.delete(
        "/{element_id}",
        status_code=status.HTTP_204_NO_CONTENT,
        dependencies=[CoordinatorDep],
        summary=f"{KIND_LABELS[kind]}: löschen (mit allen Beziehungen)",
    )
    def delete_element(element_id: str, store: StoreDep, audience: AudienceDep) -> None:
        _visible(store, kind, element_id, audience)
        store.delete_node(element_id)

    return router


routers = [element_router(kind) for kind in PATHS]
