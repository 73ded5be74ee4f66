"""The start page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from buendnisatlas.api.web.render import VisitDep, page

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def start(request: Request, visit: VisitDep) -> Any:
    return page(request, visit, "start.html")
