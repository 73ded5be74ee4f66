"""The REST baseline: a bare FastAPI app on sqlite3 serving the same rows as ours, nothing more.

No validation, no visibility policy, no analysis: element list and read straight from the
``nodes`` table, the gap report and referral answer as JSON texts precomputed into a
``bench_answers`` table. Started by :mod:`bench.speed` with
``uvicorn --factory bench.bare_api:create_app`` and ``BENCH_BARE_DB`` naming the file.
"""

from __future__ import annotations

import json
import os
import sqlite3
from typing import Any

from fastapi import FastAPI
from fastapi.responses import Response


def create_app() -> FastAPI:
    path = os.environ["BENCH_BARE_DB"]
    app = FastAPI()

    def query(sql: str, *params: Any) -> list[Any]:
        con = sqlite3.connect(path)
        try:
            return con.execute(sql, params).fetchall()
        finally:
            con.close()

    @app.get("/actors")
    def actors(limit: int = 100) -> Any:
        rows = query("SELECT data FROM nodes WHERE kind = 'actor' AND visibility = 'public' ORDER BY id LIMIT ?", limit)
        return {"data": [json.loads(r[0]) for r in rows], "count": len(rows)}

    @app.get("/actors/{actor_id}")
    def actor(actor_id: str) -> Any:
        rows = query("SELECT data FROM nodes WHERE id = ?", actor_id)
        return json.loads(rows[0][0]) if rows else {}

    @app.get("/answers/{name}")
    def answer(name: str) -> Response:
        rows = query("SELECT body FROM bench_answers WHERE name = ?", name)
        return Response(rows[0][0] if rows else "{}", media_type="application/json")

    return app
