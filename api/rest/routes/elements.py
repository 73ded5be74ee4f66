"""One CRUD router per element kind (``/actors``, ``/alliances``, …), built from its schema family.

Reads and writes answer with ``ETag: "<version>"``; ``PATCH`` and ``DELETE`` need it back as
``If-Match`` (see :mod:`~buendnisatlas.api.rest.deps`), and ``PATCH`` changes only the fields sent.

No ``from __future__ import annotations`` here: FastAPI must see the schema classes,
which are local to :func:`element_router`, as real annotations.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from buendnisatlas.api.rest.deps import IfMatchDep, Limit, SignedInDep, Skip, UowDep, ViewDep, etag
from buendnisatlas.api.rest.schemas import CHANGE_RESPONSES, FAMILIES, READ_RESPONSES, SchemaFamily
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
        skip: Skip = 0,
        limit: Limit = 100,
    ) -> Any:
        found = elements.find_page(view, kind, name=name, sector=sector, ags=ags, topic=topic, skip=skip, limit=limit)
        # As ``Page`` serialises it (the schema the docs show), without validating the page again.
        return Response(family.page_json(found.items, found.total), media_type="application/json")

    @router.get("/{element_id}", response_model=Public, responses=READ_RESPONSES, summary=f"{KIND_LABELS[kind]}: lesen")
    def read_element(element_id: str, view: ViewDep, response: Response) -> Any:
        node = elements.read_element(view, element_id, kind)
        response.headers["ETag"] = etag(node.version)
        return node

    @router.post(
        "",
        response_model=Public,
        status_code=status.HTTP_201_CREATED,
        dependencies=[SignedInDep],
        responses={201: READ_RESPONSES[200], 503: CHANGE_RESPONSES[503]},
        summary=f"{KIND_LABELS[kind]}: anlegen",
    )
    def create_element(
        body: Create,  # type: ignore[valid-type]
        uow: UowDep,
        response: Response,
        alliance: Annotated[
            str | None, Query(description="Bündnis, dem das neue Element angehört (für Koordinator:innen nötig)")
        ] = None,
    ) -> Any:
        data = {k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None}  # type: ignore[attr-defined]
        node = elements.create_element(uow, kind, data, alliance)
        response.headers["ETag"] = etag(node.version)
        return node

    @router.patch(
        "/{element_id}",
        response_model=Public,
        dependencies=[SignedInDep],
        responses={**READ_RESPONSES, **CHANGE_RESPONSES},
        summary=f"{KIND_LABELS[kind]}: ändern (nur die gesendeten Felder; If-Match nötig)",
    )
    def update_element(element_id: str, body: Update, uow: UowDep, version: IfMatchDep, response: Response) -> Any:  # type: ignore[valid-type]
        changes = body.model_dump(exclude_unset=True)  # type: ignore[attr-defined]
        node = elements.update_element(uow, element_id, changes, kind, expected_version=version)
        response.headers["ETag"] = etag(node.version)
        return node

    @router.delete(
        "/{element_id}",
        status_code=status.HTTP_204_NO_CONTENT,
        dependencies=[SignedInDep],
        responses=CHANGE_RESPONSES,
        summary=f"{KIND_LABELS[kind]}: löschen (mit allen Beziehungen; If-Match nötig)",
    )
    def delete_element(element_id: str, uow: UowDep, version: IfMatchDep) -> None:
        elements.delete_element(uow, element_id, kind, expected_version=version)

    return router


routers = [element_router(kind) for kind in PATHS]
