"""Relations between elements, addressed by their key ``source|TYPE|target|since``.

Versions as for elements: ``ETag`` on reads and writes, ``If-Match`` on ``PATCH`` and ``DELETE``.
A ``PATCH`` of ``since`` moves the relation to a new key (the answer's ``id``).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from buendnisatlas.api.rest.deps import IfMatchDep, SignedInDep, UowDep, ViewDep, etag
from buendnisatlas.api.rest.schemas import (
    CHANGE_RESPONSES,
    READ_RESPONSES,
    RelationCreate,
    RelationPublic,
    RelationsPublic,
    RelationUpdate,
    relation_public,
)
from buendnisatlas.graph.model import Relation
from buendnisatlas.graph.vocab import RelationType
from buendnisatlas.services import elements

router = APIRouter(prefix="/relations", tags=["Beziehungen"])


def _public(relation: Relation, response: Response | None = None) -> dict[str, Any]:
    if response is not None:
        response.headers["ETag"] = etag(relation.version)
    return relation_public(relation)


@router.get("", response_model=RelationsPublic, summary="Beziehungen: Liste")
def list_relations(
    view: ViewDep,
    element: Annotated[str | None, Query(description="nur Beziehungen dieses Elements")] = None,
    type: RelationType | None = None,
    at: Annotated[date | None, Query(description="nur am Stichtag bestehende")] = None,
) -> Any:
    found = [_public(r) for r in elements.list_relations(view, element, type, at)]
    return {"data": found, "count": len(found)}


@router.get("/{key}", response_model=RelationPublic, responses=READ_RESPONSES, summary="Beziehung lesen")
def read_relation(key: str, view: ViewDep, response: Response) -> Any:
    return _public(elements.read_relation(view, key), response)


@router.post(
    "",
    response_model=RelationPublic,
    status_code=status.HTTP_201_CREATED,
    dependencies=[SignedInDep],
    responses={201: READ_RESPONSES[200]},
    summary="Beziehung anlegen",
)
def create_relation(body: RelationCreate, uow: UowDep, response: Response) -> Any:
    created = elements.create_relation(uow, Relation.model_validate(body.model_dump(exclude={"version"})))
    return _public(created, response)


@router.patch(
    "/{key}",
    response_model=RelationPublic,
    dependencies=[SignedInDep],
    responses={**READ_RESPONSES, **CHANGE_RESPONSES},
    summary="Beziehung ändern (nur die gesendeten Felder; If-Match nötig)",
)
def update_relation(key: str, body: RelationUpdate, uow: UowDep, version: IfMatchDep, response: Response) -> Any:
    changed = elements.update_relation(uow, key, body.model_dump(exclude_unset=True), expected_version=version)
    return _public(changed, response)


@router.delete(
    "/{key}",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[SignedInDep],
    responses=CHANGE_RESPONSES,
    summary="Beziehung löschen (If-Match nötig)",
)
def delete_relation(key: str, uow: UowDep, version: IfMatchDep) -> None:
    elements.delete_relation(uow, key, expected_version=version)
