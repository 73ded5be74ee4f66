"""Shared fixtures: real SQLite files in tmp paths, a real Neo4j server, and the CLI run in-process.

The Neo4j server is started once per test session from ``tests/neo4j_server.py`` (Neo4j
Community 5.26 embedded, Bolt on a free loopback port, auth off) unless ``NEO4J_URI``
names a server to use instead — **the suite deletes everything in that database**, so
point it at a scratch database (user and password from ``BUENDNISATLAS_NEO4J_USER`` /
``_PASSWORD``). Without Java or Maven the Neo4j tests skip with the reason; under
``CI=true`` they fail instead.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import openpyxl
import pytest

from buendnisatlas.api.cli import run
from buendnisatlas.demo import DEMO_DIR
from buendnisatlas.graph.regions import reference_regions
from buendnisatlas.graph.sqlite_store import SqliteStore
from buendnisatlas.importers.canonical import import_canonical


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "atlas.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[SqliteStore]:
    s = SqliteStore(db_path)
    yield s
    s.close()


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture(scope="session")
def access_template(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The prepared store of the authorisation tests (two alliances, every role, tokens), built once."""
    from .accessdata import build

    return build(tmp_path_factory.mktemp("zugriff") / "vorlage.db")


@pytest.fixture
def access(access_template: Any, tmp_path: Path) -> Any:
    """A fresh copy of it for each test (writes do not leak between tests)."""
    from .accessdata import Access

    db = tmp_path / "atlas.db"
    shutil.copy(access_template.db, db)
    return Access(db, dict(access_template.tokens))


@pytest.fixture
def client(access: Any) -> Iterator[Any]:
    """The app over that copy (its lifespan runs: ``with TestClient(app)``)."""
    from fastapi.testclient import TestClient

    from buendnisatlas.api.rest import create_app

    with TestClient(create_app(f"sqlite:///{access.db}")) as test_client:
        yield test_client


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., CliResult]:
    """Run ``buendnisatlas ARGS…`` against the test's SQLite file; returns code, stdout, stderr."""
    monkeypatch.setenv("BUENDNISATLAS_STORE", f"sqlite:///{db_path}")

    def invoke(*args: str) -> CliResult:
        capsys.readouterr()
        code = run(list(args))
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return invoke


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_csv(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


# -- Neo4j ---------------------------------------------------------------------------


def _neo4j_server_module() -> ModuleType:
    # tests/ is no package (pytest runs with --import-mode=importlib): load the helper by path.
    spec = importlib.util.spec_from_file_location("neo4j_server", Path(__file__).with_name("neo4j_server.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _unavailable(reason: str) -> None:
    message = f"Neo4j-Tests nicht ausgeführt: {reason}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (unter CI=true muss Neo4j laufen)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def neo4j_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The Bolt URI of a real Neo4j: ``$NEO4J_URI``, else a server started for this session."""
    given = os.environ.get("NEO4J_URI")
    if given:
        yield given
        return
    server = _neo4j_server_module()
    reason = server.java_unavailable_reason()
    if reason is not None:
        _unavailable(reason)
    try:
        server.ensure_jars()
    except RuntimeError as exc:
        _unavailable(f"Neo4j-Jars nicht verfügbar: {exc}")
    with server.running_neo4j(tmp_path_factory.mktemp("neo4j")) as uri:
        yield uri


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_uri: str) -> Iterator[Any]:
    """A plain driver on the test server, to clean up and to look at the stored graph."""
    import neo4j

    from buendnisatlas.graph.neo4j_store import Neo4jSettings

    settings = Neo4jSettings.from_url(neo4j_uri)
    auth = neo4j.basic_auth(settings.user, settings.password or "") if settings.user else None
    driver = neo4j.GraphDatabase.driver(
        settings.uri, auth=auth, notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF
    )
    yield driver
    driver.close()


@pytest.fixture(scope="session")
def cypher(neo4j_driver: Any, neo4j_uri: str) -> Callable[..., list[dict[str, Any]]]:
    """Run a Cypher query on the test database directly; returns the records as dicts."""
    from buendnisatlas.graph.neo4j_store import Neo4jSettings

    database = Neo4jSettings.from_url(neo4j_uri).database

    def query(text: str, **params: Any) -> list[dict[str, Any]]:
        records, _, _ = neo4j_driver.execute_query(text, params, database_=database)
        return [r.data() for r in records]

    return query


@pytest.fixture
def neo4j_clean(cypher: Callable[..., list[dict[str, Any]]], neo4j_uri: str) -> str:
    """An empty database (the schema and its version node stay); returns the URI."""
    cypher("MATCH (n) WHERE NOT n:BuendnisatlasSchema DETACH DELETE n")
    return neo4j_uri


@pytest.fixture
def neo4j_store(neo4j_clean: str) -> Iterator[Any]:
    from buendnisatlas.graph.neo4j_store import Neo4jStore

    s = Neo4jStore(neo4j_clean)
    yield s
    s.close()


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def any_store(request: pytest.FixtureRequest, db_path: Path) -> Iterator[Any]:
    """The same test against each store: a fresh SQLite file, then an emptied Neo4j database."""
    if request.param == "sqlite":
        s = SqliteStore(db_path)
        yield s
        s.close()
    else:
        yield request.getfixturevalue("neo4j_store")


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file holding the regions and the demo network; copy it, never write to it."""
    path = tmp_path_factory.mktemp("template") / "demo.db"
    store = SqliteStore(path)
    store.upsert_regions(reference_regions())
    import_canonical(store, [DEMO_DIR])
    store.close()
    return path


@contextmanager
def serving(url: str, workers: int = 2, env: dict[str, str] | None = None) -> Iterator[tuple[str, Any]]:
    """``buendnisatlas serve`` on a free loopback port in its own processes; yields its base URL and process.

    Waits until the server answers (at most a minute); stops it afterwards.
    """
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = Path(sys.executable).with_name("buendnisatlas")
    server = subprocess.Popen(
        [str(exe), "--store", url, "serve", "--port", str(port), "--workers", str(workers)],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while server.poll() is None:
            try:
                urllib.request.urlopen(f"{base}/api/stats").close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        yield base, server
    finally:
        server.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.communicate(timeout=30)
        if server.poll() is None:
            server.kill()


def write_workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """An ``.xlsx`` file with the given sheets and rows, as Excel would save it."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


# -- Browser -------------------------------------------------------------------------

CHROMIUM = os.environ.get("BUENDNISATLAS_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("BUENDNISATLAS_CHROMEDRIVER", "/usr/bin/chromedriver")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A real headless Chromium through Debian's chromedriver (skips locally without it, fails in CI)."""
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not (os.path.exists(p) or shutil.which(p))]
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium is required in CI but missing: {missing}")
        pytest.skip(f"BROWSER TESTS SKIPPED: {missing} not installed (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--window-size=1400,900",
        "--lang=de-DE",  # German date fields and messages, as a German user sees them
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    # Leave dialogs open, so that a test can see that one was raised.
    options.set_capability("unhandledPromptBehavior", "ignore")
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


def requests_made(driver: Any) -> set[str]:
    urls = set()
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.add(message["params"]["request"]["url"])
    return urls


def console_errors(driver: Any) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
