"""The command line on a Neo4j store: same answers as on SQLite, and ``copy`` between the two."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from buendnisatlas.api.rest import create_app
from buendnisatlas.api.rest.deps import TOKEN_ENV
from buendnisatlas.graph.accounts import ApiToken, User
from buendnisatlas.graph.model import Actor
from buendnisatlas.graph.sqlite_store import SqliteStore

pytestmark = pytest.mark.neo4j


def _json(result: Any) -> dict[str, Any]:
    assert result.code == 0, result.err
    data: dict[str, Any] = json.loads(result.out)
    data.pop("store", None)
    return data


def _untimed(value: Any) -> Any:
    """The answer without the bookkeeping timestamps, which tell when each store was filled."""
    if isinstance(value, dict):
        return {k: _untimed(v) for k, v in value.items() if k not in ("created_at", "updated_at")}
    if isinstance(value, list):
        return [_untimed(v) for v in value]
    return value


def test_demo_then_stats_referral_and_analyses_answer_alike_on_both_stores(
    cli: Callable[..., Any], neo4j_clean: str, db_path: Path
) -> None:
    sqlite, neo4j = f"sqlite:///{db_path}", neo4j_clean.replace("bolt://", "neo4j://", 1)  # the routing scheme
    loaded = [_json(cli("--store", url, "demo", "--json")) for url in (sqlite, neo4j)]
    assert loaded[0] == loaded[1]
    assert loaded[1]["nodes"]["new"] > 200
    stats = [_json(cli("--store", url, "stats", "--json")) for url in (sqlite, neo4j)]
    assert stats[0] == stats[1]
    assert stats[1]["nodes_by_kind"]["alliance"] == 2
    for question in (
        ["referral", "--topic", "Rechtsextremismus", "--ort", "Sangerhausen", "--from", "pfd-msh"],
        ["referral", "--topic", "Rassismus", "--ort", "Eisleben", "--public"],
    ):
        answers = [cli("--store", url, *question, "--json") for url in (sqlite, neo4j)]
        assert answers[0].code == answers[1].code == 0
        assert json.loads(answers[0].out) == json.loads(answers[1].out)
    for analysis in (
        ["gaps", "pfd-msh", "--at", "22.11.2026"],
        ["metrics", "pfd-msh", "--at", "22.11.2026"],
        ["diff", "pfd-msh", "--from", "14.09.2024", "--to", "20.09.2025"],
    ):
        reports = [_json(cli("--store", url, *analysis, "--json")) for url in (sqlite, neo4j)]
        assert reports[0] == reports[1], analysis[0]
    again = cli("--store", neo4j, "demo", "--if-empty")
    assert again.code == 0 and "schon Daten" in again.err


def test_the_rest_api_answers_alike_on_both_stores(
    cli: Callable[..., Any], neo4j_clean: str, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TOKEN_ENV, "token")
    urls = (f"sqlite:///{db_path}", neo4j_clean)
    answers = []
    for url in urls:
        assert cli("--store", url, "demo").code == 0
        with TestClient(create_app(url)) as client:
            answers.append(
                [
                    _untimed(client.get(path, headers=headers).json())
                    for path in ("/api/stats", "/api/actors?limit=1000", "/api/relations?limit=1000", "/api/regions")
                    for headers in ({}, {"Authorization": "Bearer token"})
                ]
            )
            created = client.post(
                "/api/actors", json={"id": "neu", "name": "Neuer Verein"}, headers={"Authorization": "Bearer token"}
            )
            assert created.status_code == 201
            answers[-1].append(_untimed(created.json()))
    assert answers[0] == answers[1]
    assert answers[1][0]["nodes_by_kind"]["actor"] < answers[1][1]["nodes_by_kind"]["actor"]  # public sees less


def test_copy_sqlite_to_neo4j_and_back_loses_nothing(cli: Callable[..., Any], neo4j_clean: str, tmp_path: Path) -> None:
    first, back = tmp_path / "erst.db", tmp_path / "zurueck.db"
    assert cli("--store", f"sqlite:///{first}", "demo").code == 0
    with SqliteStore(first) as a:
        a.add_user(
            User(
                email="anna@example.org",
                name="Anna",
                role="coordinator",
                alliances=["pfd-msh"],
                password_hash="$argon2id$x",
            )
        )
        a.add_token(ApiToken(id="t0000001", email="anna@example.org", name="Skript", token_hash="1" * 64))
        a.revoke_token("t0000001")
    to_neo4j = cli("copy", "--from", f"sqlite:///{first}", "--to", neo4j_clean, "--batch-size", "100", "--json")
    assert _json(to_neo4j)["relations"]["new"] > 700
    result = cli("copy", "--from", neo4j_clean, "--to", f"sqlite:///{back}")
    assert result.code == 0, result.err
    assert "Kopiert:" in result.out and "Elemente" in result.out
    with SqliteStore(first) as a, SqliteStore(back) as b:
        assert b.find_nodes() == a.find_nodes()  # every field, timestamps included
        assert b.find_relations() == a.find_relations()
        assert b.find_regions() == a.find_regions()
        assert vars(b.stats()) == vars(a.stats())
        assert b.find_users() == a.find_users()  # accounts with their password hashes
        assert b.find_tokens() == a.find_tokens()  # tokens as hashes, revoked ones stay revoked


def test_copy_refuses_a_target_with_data_unless_merging(
    cli: Callable[..., Any], neo4j_store: Any, neo4j_clean: str, db_path: Path
) -> None:
    source = f"sqlite:///{db_path}"
    with SqliteStore(db_path) as s:
        s.add_node(Actor(id="kjr", name="Kreis-Kinder- und Jugendring"))
    neo4j_store.add_node(Actor(id="schon-da", name="Schon da"))
    refused = cli("copy", "--from", source, "--to", neo4j_clean)
    assert refused.code == 1 and "enthält schon Elemente" in refused.err and "--merge" in refused.err
    assert [n.id for n in neo4j_store.find_nodes()] == ["schon-da"]
    assert cli("copy", "--from", source, "--to", neo4j_clean, "--merge").code == 0
    assert [n.id for n in neo4j_store.find_nodes()] == ["kjr", "schon-da"]
    same = cli("copy", "--from", neo4j_clean, "--to", neo4j_clean)
    assert same.code == 1 and "derselbe Speicher" in same.err
