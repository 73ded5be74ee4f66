"""The audit log of one element (``/elements/{id}/history``), for those who may change it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from buendnisatlas.api.rest.deps import SignedInDep, ViewDep
from buendnisatlas.services import audit

router = APIRouter(tags=["Änderungsprotokoll"], dependencies=[SignedInDep])


@router.get("/elements/{element_id}/history", summary="Wer hat wann was an diesem Element geändert")
def element_history(element_id: str, view: ViewDep) -> list[dict[str, Any]]:
    return [entry.model_dump(mode="json") for entry in audit.history(view, element_id)]
