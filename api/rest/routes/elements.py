"""One CRUD router per element kind (``/actors``, ``/alliances``, …), built from its schema family.

No ``from __future__ import annotations`` here: FastAPI must see the schema classes,
which are local to :func:`element_router`, as real annotations.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Query, status

from buendnisatlas.api.rest.deps import SignedInDep, UowDep, ViewDep
from buendnisatlas.api.rest.schemas import FAMILIES, SchemaFamily
from buendnisatlas.graph.model import KIND_LABELS
from buendnisatlas.graph.vocab import NodeKind
from buendnisatlas.services import elements

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


def element_router(kind: NodeKind) -> APIRouter:
    family: SchemaFamily = FAMILIES[kind]
    router = APIRouter(prefix=f"/{PATHS[kind]}", tags=[KIND_LABELS[kind]])
    Create, Update, Public, Page = family.create, family.update, family.public, family.page

    @router.get("", response_model=Page, summary=f"{KIND_LABELS[kind]}: Liste")
    def list_elements(
        view: ViewDep,
        name: Annotated[str | None, Query(description="exakter Name")] = None,
        sector: str | None = None,
        ags: str | None = None,
        topic: str | None = None,
        skip: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> Any:
        found = elements.find_page(view, kind, name=name, sector=sector, ags=ags, topic=topic, skip=skip, limit=limit)
        return {"data": found.items, "count": found.total}

    @router.get("/{element_id}", response_model=Public, summary=f"{KIND_LABELS[kind]}: lesen")
    def read_element(element_id: str, view: ViewDep) -> Any:
        return elements.read_element(view, element_id, kind)

    @router.post(
        "",
        response_model=Public,
        status_code=status.HTTP_201_CREATED,
        dependencies=[SignedInDep],
        summary=f"{KIND_LABELS[kind]}: anlegen",
    )
    def create_element(
        body: Create,  # type: ignore[valid-type]
        uow: UowDep,
        alliance: Annotated[
            str | None, Query(description="Bündnis, dem das neue Element angehört (für Koordinator:innen nötig)")
        ] = None,
    ) -> Any:
        data = {k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None}  # type: ignore[attr-defined]
        return elements.create_element(uow, kind, data, alliance)

    @router.patch(
        "/{element_id}", response_model=Public, dependencies=[SignedInDep], summary=f"{KIND_LABELS[kind]}: ändern"
    )
    def update_element(element_id: str, body: Update, uow: UowDep) -> Any:  # type: ignore[valid-type]
        return elements.update_element(uow, element_id, body.model_dump(exclude_unset=True), kind)  # type: ignore[attr-defined]

    @router.delete(
        "/{element_id}",
        status_code=status.HTTP_204_NO_CONTENT,
        dependencies=[SignedInDep],
        summary=f"{KIND_LABELS[kind]}: löschen (mit allen Beziehungen)",
    )
    def delete_element(element_id: str, uow: UowDep) -> None:
        elements.delete_element(uow, element_id, kind)

    return router


routers = [element_router(kind) for kind in PATHS]
