"""One router per resource of the web pages; a new page module is one line in :data:`ROUTERS`."""

from __future__ import annotations

from fastapi import APIRouter

from buendnisatlas.api.web.routes import referral, signin, start

ROUTERS: list[APIRouter] = [
    start.router,
    signin.router,
    referral.router,
]
