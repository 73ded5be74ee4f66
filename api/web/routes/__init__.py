"""One router per resource of the web pages; a new page module is one line in :data:`ROUTERS`."""

from __future__ import annotations

from fastapi import APIRouter

from buendnisatlas.api.web.routes import (
    account,
    apidocs,
    changes,
    comparison,
    dashboard,
    elements,
    gaps,
    imports,
    referral,
    signin,
    start,
)

ROUTERS: list[APIRouter] = [
    start.router,
    signin.router,
    referral.router,
    apidocs.router,
    account.router,
    imports.router,
    gaps.router,
    changes.router,
    comparison.router,
    elements.router,
    dashboard.router,
]
