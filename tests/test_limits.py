"""Limits against a real server: oversized bodies, a 100,000-deep JSON and an over-long name are
refused in German, quickly, without the server's memory growing; a zip bomb is refused by the
import (there is no upload door in this branch: measured in this process).

The server is ``buendnisatlas serve`` in its own process on loopback; its memory is read from
``/proc/<pid>/status`` (resident set) before and after. The bounds are generous (5 s, 50 MB):
they tell a refusal before parsing from one after it (a 200 MB body parsed costs ~600 MB).
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from buendnisatlas.api.rest.deps import TOKEN_ENV
from buendnisatlas.importers.canonical import ImportFailed
from buendnisatlas.importers.detect import read_any

TOKEN = "limits-token"
MB = 1024 * 1024
BOUND_SECONDS = 5.0  # the 1 s on a quiet machine; the suite shares two cores with others
BOUND_GROWTH = 50 * MB


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("kein VmRSS")


@pytest.fixture(scope="module")
def server(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    db = tmp_path_factory.mktemp("limits") / "demo.db"
    shutil.copy(demo_db_template, db)
    port = _free_port()
    env = {**os.environ, TOKEN_ENV: TOKEN}
    command = [sys.executable, "-m", "buendnisatlas", "--store", f"sqlite:///{db}", "serve", "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(f"{url}/api/stats", timeout=2).raise_for_status()
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            pytest.fail("Der Server ist nicht angelaufen")
        for _ in range(3):  # warm: first answers fill caches and import modules
            httpx.post(f"{url}/api/actors", json={"id": "warm", "name": "w" * 301}, headers=_auth())
        yield url, process.pid
    finally:
        process.terminate()
        process.wait(timeout=20)


def _auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}


def raw_request(url: str, head: str, body: Iterator[bytes]) -> tuple[int, dict[str, str], str]:
    """Send ``head`` and as much of ``body`` as the server reads, then read its answer."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(head.encode())
        try:
            for chunk in body:
                sock.sendall(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed: the rest was never read
        answer = b""
        while chunk := _recv(sock):
            answer += chunk
    status_line, _, rest = answer.partition(b"\r\n")
    header_block, _, text = rest.partition(b"\r\n\r\n")
    headers = {}
    for line in header_block.decode("latin-1").split("\r\n"):
        key, _, value = line.partition(":")
        headers[key.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers, text.decode("utf-8", errors="replace")


def _recv(sock: socket.socket) -> bytes:
    try:
        return sock.recv(65536)
    except (ConnectionResetError, TimeoutError):
        return b""


def refused(server: tuple[str, int], send: object) -> tuple[int, dict[str, str], str, float, int]:
    url, pid = server
    before = rss(pid)
    started = time.monotonic()
    status, headers, text = send(url)  # type: ignore[operator]
    elapsed = time.monotonic() - started
    time.sleep(0.2)
    return status, headers, text, elapsed, rss(pid) - before


def test_a_200_mb_body_announced_by_content_length_is_refused_before_it_is_read(server: tuple[str, int]) -> None:
    size = 200 * MB
    head = f"POST /api/actors HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {size}\r\n\r\n"
    body = (b"[" + b"0," * (MB // 2) for _ in range(200))
    status, headers, text, elapsed, growth = refused(server, lambda url: raw_request(url, head, body))
    assert status == 413 and headers["content-type"] == "application/problem+json"
    assert "zu groß: höchstens 10 MB" in json.loads(text)["detail"]
    assert elapsed < BOUND_SECONDS and growth < BOUND_GROWTH


def test_a_streamed_body_without_length_is_cut_off_at_the_limit(server: tuple[str, int]) -> None:
    head = (
        "POST /api/actors HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    chunk = b"0," * (MB // 2)
    body = (f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n" for _ in range(200))
    status, _, text, elapsed, growth = refused(server, lambda url: raw_request(url, head, body))
    assert status == 413 and "höchstens 10 MB" in json.loads(text)["detail"]
    assert elapsed < BOUND_SECONDS and growth < BOUND_GROWTH


def test_json_nested_100000_deep_is_refused_not_a_recursion_error(server: tuple[str, int]) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000

    def send(url: str) -> tuple[int, dict[str, str], str]:
        response = httpx.post(
            f"{url}/api/actors", content=deep, headers={**_auth(), "Content-Type": "application/json"}, timeout=30
        )
        return response.status_code, dict(response.headers), response.text

    status, headers, text, elapsed, growth = refused(server, send)
    assert status == 422 and headers["content-type"] == "application/problem+json"
    assert json.loads(text)["detail"] == "Das JSON ist zu tief verschachtelt: höchstens 64 Ebenen."
    assert elapsed < BOUND_SECONDS and growth < BOUND_GROWTH


def test_an_over_long_name_and_note_are_refused_naming_the_field(server: tuple[str, int]) -> None:
    def send(url: str) -> tuple[int, dict[str, str], str]:
        body = {"id": "zu-lang", "name": "N" * 301, "note": "n" * 10_001}
        response = httpx.post(f"{url}/api/actors", json=body, headers=_auth(), timeout=30)
        return response.status_code, dict(response.headers), response.text

    status, _, text, elapsed, growth = refused(server, send)
    problem = json.loads(text)
    assert status == 422
    assert {"field": "name", "message": "zu lang: höchstens 300 Zeichen erlaubt (hier 301)"} in problem["errors"]
    assert {"field": "note", "message": "zu lang: höchstens 10000 Zeichen erlaubt (hier 10001)"} in problem["errors"]
    assert elapsed < BOUND_SECONDS and growth < BOUND_GROWTH
    assert httpx.get(f"{server[0]}/api/actors/zu-lang", headers=_auth()).status_code == 404


def test_a_zip_bomb_workbook_is_refused_from_its_directory(tmp_path: Path) -> None:
    bomb = tmp_path / "netzwerk.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            for _ in range(600):
                sheet.write(b" " * MB)  # 600 MB of spaces pack to well under 3 MB
    assert bomb.stat().st_size < 3 * MB
    before = rss(os.getpid())
    started = time.monotonic()
    with pytest.raises(ImportFailed) as refused_import:
        read_any([bomb])  # the import's one entry for every door (CLI, pages)
    elapsed = time.monotonic() - started
    [problem] = refused_import.value.problems
    assert problem.file == "netzwerk.xlsx"
    assert problem.message == "Die Datei würde entpackt 600 MB groß (erlaubt: 500 MB); bitte in kleinere Dateien teilen"
    assert elapsed < BOUND_SECONDS and rss(os.getpid()) - before < BOUND_GROWTH
