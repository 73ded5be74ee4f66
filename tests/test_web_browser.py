"""The public referral page in a real headless Chromium, served by a real uvicorn on loopback."""

import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from buendnisatlas.api.rest import create_app
from buendnisatlas.graph.model import AdvisoryService
from buendnisatlas.graph.sqlite_store import SqliteStore

from .conftest import CliResult, console_errors, requests_made

pytestmark = pytest.mark.browser

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def site(cli: Callable[..., CliResult], db_path: Path) -> Iterator[str]:
    assert cli("demo").code == 0
    with SqliteStore(db_path) as store:
        store.add_node(
            AdvisoryService(id="hostile", name=HOSTILE, visibility="public", topics=["racism"], area=["15087370"])
        )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(f"sqlite:///{db_path}"), host="127.0.0.1", port=port, log_level="error")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_search_from_the_form_shows_ranked_services_safely(browser: Any, site: str) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    browser.get_log("browser")
    browser.get_log("performance")
    browser.get(f"{site}/beratung")
    Select(browser.find_element(By.NAME, "thema")).select_by_visible_text("Rassismus")
    browser.find_element(By.NAME, "ort").send_keys("Sangerhausen")
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "ol.results .service"))

    services = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "ol.results .service")]
    assert HOSTILE in services  # shown as text, once, not as an image
    assert not browser.find_elements(By.CSS_SELECTOR, "ol.results img")
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert  # noqa: B018  (raises when no dialog is open)
    assert "Sangerhausen" in browser.find_element(By.CSS_SELECTOR, "p.message").text
    assert console_errors(browser) == []
    assert {u for u in requests_made(browser) if not u.startswith(site)} == set()


def test_an_unknown_place_says_so_in_the_page(browser: Any, site: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{site}/beratung?thema=racism&ort=Atlantis")
    assert "Unbekannter Ort" in browser.find_element(By.CSS_SELECTOR, "[role=alert]").text
