"""The API documentation works offline: /docs and /redoc load only this server's own files."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from buendnisatlas.api.rest import create_app


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(f"sqlite:///{tmp_path / 'atlas.db'}")) as c:
        yield c


def referenced(html: str) -> list[str]:
    """Every address the page loads: src/href attributes and the url strings the inline script passes."""
    attrs = re.findall(r'(?:src|href)\s*=\s*"([^"]+)"', html)
    script = re.findall(r"""(?:url|spec-url|oauth2RedirectUrl)['"]?\s*[:=]\s*['"]([^'"]+)['"]""", html)
    return attrs + script


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_docs_load_only_local_files(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200
    assert "Bündnisatlas" in page.text
    addresses = referenced(page.text)
    assert any(a.startswith("/static/vendor/") and a.endswith(".js") for a in addresses), addresses
    assert "/openapi.json" in addresses
    # Nothing from outside: no absolute address anywhere in the page (no CDN, no Google Fonts).
    assert not re.search(r"https?://|//[a-z]", page.text.replace("http://127.0.0.1", "")), page.text
    for address in addresses:
        assert address.startswith("/"), address
        answer = client.get(address)
        assert answer.status_code == 200, (address, answer.status_code)
        assert len(answer.content) > 0


def test_vendored_assets_carry_their_licences() -> None:
    from buendnisatlas.api.web.render import STATIC

    vendor = STATIC / "vendor"
    readme = (vendor / "README.md").read_text(encoding="utf-8")
    for package, version in [("swagger-ui-dist", "5.35.0"), ("redoc", "2.5.4")]:
        assert package in readme and version in readme
    assert "Apache License" in (vendor / "swagger-ui" / "LICENSE").read_text()
    assert "MIT" in (vendor / "redoc" / "LICENSE").read_text()


def test_oauth2_redirect_page_is_local(client: TestClient) -> None:
    answer = client.get("/docs/oauth2-redirect")
    assert answer.status_code == 200
    assert "<script" in answer.text and "https://" not in answer.text
