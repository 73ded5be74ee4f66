"""The audit log of one element (``/elements/{id}/history``), for those who may change it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from buendnisatlas.api.rest.deps import LIMIT_MAX, Limit, SignedInDep, Skip, ViewDep
from buendnisatlas.services import audit

router = APIRouter(tags=["Änderungsprotokoll"], dependencies=[SignedInDep])


@router.get("/elements/{element_id}/history", summary="Wer hat wann was an diesem Element geändert")
def element_history(element_id: str, view: ViewDep, skip: Skip = 0, limit: Limit = LIMIT_MAX) -> list[dict[str, Any]]:
    entries = audit.history(view, element_id)[skip : skip + limit]
    return [entry.model_dump(mode="json") for entry in entries]
