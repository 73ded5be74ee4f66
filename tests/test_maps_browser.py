"""Maps in a real headless Chromium (Debian's chromium + chromedriver): they draw, stay offline, stay safe."""

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from buendnisatlas.graph.sqlite_store import SqliteStore

from .conftest import CliResult, console_errors, requests_made
from .mapdata import HOSTILE, hostile_network

pytestmark = pytest.mark.browser

PFD = "pfd-msh"


def open_map(driver: Any, path: Path) -> None:
    driver.get_log("browser")  # forget what earlier pages logged
    driver.get_log("performance")
    driver.get(path.as_uri())
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if driver.execute_script("return Boolean(window.buendnisatlasMap && window.buendnisatlasMap.ready)"):
            return
        time.sleep(0.05)
    raise AssertionError("the map never finished drawing")


def alert_text(driver: Any) -> str | None:
    from selenium.common.exceptions import NoAlertPresentException

    try:
        return str(driver.switch_to.alert.text)
    except NoAlertPresentException:
        return None


def painted_share(driver: Any) -> float:
    """Share of the map's canvas pixels that differ from its top-left (background) pixel."""
    return float(
        driver.execute_script(
            """
            const canvas = document.querySelector('#ba-map canvas');
            const ctx = canvas.getContext('2d');
            const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
            let differs = 0;
            for (let i = 0; i < data.length; i += 4) {
              if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2] || data[i + 3] !== data[3]) differs++;
            }
            return differs / (data.length / 4);
            """
        )
    )


def hover_every_node(driver: Any) -> list[str]:
    """Move the mouse onto each node, wait for its tooltip, and return the tooltips' texts."""
    from selenium.webdriver.common.action_chains import ActionChains

    canvas = driver.find_element("css selector", "#ba-map canvas")
    ids = driver.execute_script("return buendnisatlasMap.nodes.getIds()")
    texts = []
    for node_id in ids:
        driver.execute_script("buendnisatlasMap.network.focus(arguments[0], {scale: 1.5})", node_id)
        point = driver.execute_script(
            "const m = buendnisatlasMap.network;return m.canvasToDOM(m.getPosition(arguments[0]));",
            node_id,
        )
        size = canvas.size
        dx, dy = point["x"] - size["width"] / 2, point["y"] - size["height"] / 2
        ActionChains(driver).move_to_element_with_offset(canvas, 0, 0).move_by_offset(int(dx), int(dy)).perform()
        ActionChains(driver).move_by_offset(1, 1).perform()
        deadline = time.monotonic() + 3
        text = ""
        while time.monotonic() < deadline and not text:
            text = driver.execute_script(
                "const t = document.querySelector('div.vis-tooltip');"
                "return t && t.style.visibility !== 'hidden' ? t.textContent : '';"
            )
            time.sleep(0.05)
        assert text, f"no tooltip for {node_id}"
        texts.append(text)
        ActionChains(driver).move_to_element_with_offset(canvas, 0, 0).perform()
        driver.execute_script("document.querySelector('div.vis-tooltip').style.visibility = 'hidden'")
    return texts


@pytest.fixture
def demo_map(cli: Callable[..., CliResult], db_path: Path, tmp_path: Path) -> tuple[Path, SqliteStore]:
    assert cli("demo").code == 0
    out = tmp_path / "karte.html"
    result = cli("map", PFD, "-o", str(out))
    assert result.code == 0, result.err
    return out, SqliteStore(db_path)


def test_demo_map_draws_offline_with_legend_and_all_nodes(browser: Any, demo_map: tuple[Path, SqliteStore]) -> None:
    path, store = demo_map
    open_map(browser, path)
    assert painted_share(browser) > 0.02, "the canvas is blank"
    expected = len(store.subgraph(alliance=PFD))
    assert browser.execute_script("return buendnisatlasMap.nodes.length") == expected
    assert f"{expected} Elemente" in browser.find_element("id", "ba-counts").text
    legend = browser.find_element("id", "ba-legend")
    assert legend.is_displayed()
    assert "Zivilgesellschaft" in legend.text and "Bündnis" in legend.text
    assert console_errors(browser) == []
    assert requests_made(browser) == {path.as_uri()}, "no request leaves the page"


def test_search_and_sector_filter(browser: Any, demo_map: tuple[Path, SqliteStore]) -> None:
    path, store = demo_map
    open_map(browser, path)
    box = browser.find_element("id", "ba-search")
    box.send_keys("jugendamt\n")
    time.sleep(0.3)
    hits = [b.text for b in browser.find_elements("css selector", "#ba-search-results button")]
    assert "Landkreis Mansfeld-Südharz – Jugendamt" in hits
    assert browser.execute_script("return buendnisatlasMap.network.getSelectedNodes()") == ["lk-msh-jugendamt"]

    total = browser.execute_script("return buendnisatlasMap.nodes.length")
    civil = sum(1 for _, a in store.subgraph(alliance=PFD).nodes(data=True) if a.get("sector") == "civil_society")
    browser.find_element("css selector", 'input[name="sector"][value="civil_society"]').click()
    hidden = browser.execute_script("return buendnisatlasMap.nodes.get({filter: n => n.hidden}).length")
    assert hidden == civil
    assert f"{total - civil} von {total}" in browser.find_element("id", "ba-counts").text
    browser.find_element("id", "ba-filter-reset").click()
    assert browser.execute_script("return buendnisatlasMap.nodes.get({filter: n => n.hidden}).length") == 0
    assert console_errors(browser) == []


def test_search_folds_the_query_as_the_package_folds_names(browser: Any, demo_map: tuple[Path, SqliteStore]) -> None:
    # The names are folded by graph/text.py; the page folds the query the same way.
    path, _ = demo_map
    open_map(browser, path)
    box = browser.find_element("id", "ba-search")
    for query in ("Buero-Suedharz", "büro südharz", "BÜRO SÜDHARZ"):
        box.clear()
        box.send_keys(query + "\n")
        time.sleep(0.3)
        hits = [b.text for b in browser.find_elements("css selector", "#ba-search-results button")]
        assert "Antidiskriminierungsbüro Südharz e.V." in hits, query
    assert console_errors(browser) == []


def test_hostile_names_raise_no_dialog_and_inject_nothing(
    browser: Any, cli: Callable[..., CliResult], store: SqliteStore, tmp_path: Path
) -> None:
    hostile_network(store)
    path = tmp_path / "feindlich.html"
    result = cli("map", "allianz", "--color-by", "alliance", "--title", HOSTILE[0], "-o", str(path))
    assert result.code == 0, result.err
    open_map(browser, path)
    tooltips = hover_every_node(browser)
    assert alert_text(browser) is None, "a hostile name opened a dialog"
    assert browser.execute_script("return document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert browser.execute_script("return document.querySelectorAll('script').length") == 4
    injected = browser.execute_script(
        "return [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on')))"
        ".map(e => e.outerHTML)"
    )
    assert injected == []
    # Shown as typed: once, neither run nor escaped twice.
    for name in HOSTILE[1:]:
        assert sum(t.count(name) for t in tooltips) >= 1, name
    assert all(t.count(HOSTILE[3]) <= 1 for t in tooltips)
    assert browser.find_element("id", "ba-title").text == HOSTILE[0]
    legend = browser.find_element("id", "ba-legend").text
    assert HOSTILE[1] in legend  # the alliance's name, as colour legend
    assert requests_made(browser) == {path.as_uri()}, "the injected <img src=x> fetched nothing"
    assert console_errors(browser) == []
