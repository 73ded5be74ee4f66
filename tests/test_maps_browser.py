"""Maps in a real headless Chromium (Debian's chromium + chromedriver): they draw, stay offline, stay safe."""

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.keys import Keys

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


def view_of(driver: Any) -> dict[str, float]:
    return driver.execute_script(
        "const n = buendnisatlasMap.network, p = n.getViewPosition(); return {x: p.x, y: p.y, scale: n.getScale()};"
    )


def whole_map_shown(driver: Any, whole: dict[str, float]) -> bool:
    """Back at the first view: about its zoom (the map's frame may have changed a little), every element on screen."""
    outside = driver.execute_script(
        """
        const m = buendnisatlasMap.network, c = document.querySelector('#ba-map canvas');
        const w = c.clientWidth, h = c.clientHeight;
        return Object.values(m.getPositions()).map(p => m.canvasToDOM(p))
          .filter(p => p.x < 0 || p.y < 0 || p.x > w || p.y > h).length;
        """
    )
    return outside == 0 and view_of(driver)["scale"] == pytest.approx(whole["scale"], rel=0.1)


def settle(driver: Any, seconds: float = 0.3) -> None:
    """Wait until the view's animation has finished (the view holds still), at most 5 s."""
    time.sleep(seconds)
    deadline = time.monotonic() + 5
    last = view_of(driver)
    while time.monotonic() < deadline:
        time.sleep(0.25)
        now = view_of(driver)
        if now == last:
            return
        last = now


def test_clearing_search_or_filters_returns_to_the_whole_map(browser: Any, demo_map: tuple[Path, SqliteStore]) -> None:
    path, _ = demo_map
    open_map(browser, path)
    whole = view_of(browser)
    box = browser.find_element("id", "ba-search")
    box.send_keys("jugendamt\n")
    settle(browser)
    assert view_of(browser)["scale"] > whole["scale"] * 1.5, "the search zoomed in on its hit"
    box.send_keys(Keys.ESCAPE)
    settle(browser)
    assert whole_map_shown(browser, whole)
    assert browser.find_element("id", "ba-panel").is_displayed() is False

    browser.find_element("css selector", 'input[name="sector"][value="civil_society"]').click()
    browser.execute_script("buendnisatlasMap.network.moveTo({scale: 3, position: {x: 100, y: 100}})")
    browser.find_element("id", "ba-filter-reset").click()
    settle(browser)
    assert whole_map_shown(browser, whole)


def click_node(driver: Any, node_id: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    canvas = driver.find_element("css selector", "#ba-map canvas")
    driver.execute_script("buendnisatlasMap.network.focus(arguments[0], {scale: 1.5})", node_id)
    point = driver.execute_script(
        "const m = buendnisatlasMap.network; return m.canvasToDOM(m.getPosition(arguments[0]));", node_id
    )
    size = canvas.size
    ActionChains(driver).move_to_element_with_offset(
        canvas, int(point["x"] - size["width"] / 2), int(point["y"] - size["height"] / 2)
    ).click().perform()


def test_side_panel_shows_the_clicked_element_with_its_ties(browser: Any, demo_map: tuple[Path, SqliteStore]) -> None:
    path, _ = demo_map
    open_map(browser, path)
    click_node(browser, "lk-msh-jugendamt")
    panel = browser.find_element("id", "ba-panel")
    assert panel.is_displayed()
    assert panel.get_attribute("data-node") == "lk-msh-jugendamt"
    text = panel.text
    assert "Landkreis Mansfeld-Südharz – Jugendamt" in text
    assert "Sektor" in text and "Verwaltung" in text and "Verbindungen" in text
    assert "jugendamt@lk-msh.example" in text, "public contact details are shown"
    # Its ties are buttons that move on to the tied element.
    first = panel.find_elements("css selector", ".ba-ties button")[0]
    name = first.text
    first.click()
    settle(browser)
    assert browser.find_element("id", "ba-panel").find_element("tag name", "h2").text == name
    browser.find_element("tag name", "body").send_keys(Keys.ESCAPE)
    assert not browser.find_element("id", "ba-panel").is_displayed()
    assert console_errors(browser) == []


def test_hostile_names_in_the_side_panel_stay_text(
    browser: Any, cli: Callable[..., CliResult], store: SqliteStore, tmp_path: Path
) -> None:
    hostile_network(store)
    path = tmp_path / "feindlich.html"
    assert cli("map", "allianz", "--presentation", "-o", str(path)).code == 0
    open_map(browser, path)
    shown = browser.execute_script("return buendnisatlasMap.nodes.getIds()")
    assert {f"a{i}" for i in range(len(HOSTILE))} <= set(shown)
    for node_id in shown:
        browser.execute_script("buendnisatlasMap.showPanel(arguments[0])", node_id)
        panel = browser.find_element("id", "ba-panel")
        # shown as typed, neither run nor escaped twice
        assert panel.find_element("tag name", "h2").text == store.get_node(node_id).name
    assert alert_text(browser) is None
    assert browser.execute_script("return document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert browser.execute_script("return document.querySelectorAll('script').length") == 4
    assert requests_made(browser) == {path.as_uri()}


def test_keys_pan_zoom_and_return(browser: Any, demo_map: tuple[Path, SqliteStore]) -> None:
    path, _ = demo_map
    open_map(browser, path)
    body = browser.find_element("tag name", "body")
    whole = view_of(browser)
    body.send_keys("+")
    settle(browser, 0.4)
    assert view_of(browser)["scale"] > whole["scale"] * 1.2
    body.send_keys(Keys.ARROW_RIGHT)
    settle(browser, 0.4)
    assert view_of(browser)["x"] > whole["x"]
    body.send_keys(Keys.ARROW_DOWN)
    settle(browser, 0.4)
    assert view_of(browser)["y"] > whole["y"]
    body.send_keys("-")
    body.send_keys("-")
    settle(browser, 0.4)
    assert view_of(browser)["scale"] < whole["scale"]
    body.send_keys("0")
    settle(browser)
    assert whole_map_shown(browser, whole)


def test_legend_entries_filter_on_click(browser: Any, demo_map: tuple[Path, SqliteStore]) -> None:
    path, store = demo_map
    open_map(browser, path)
    civil = {
        n
        for n, a in store.subgraph(alliance=PFD).nodes(data=True)
        if a.get("sector") == "civil_society" and n in browser.execute_script("return buendnisatlasMap.nodes.getIds()")
    }
    entry = browser.find_element("xpath", "//aside[@id='ba-legend']//button[contains(., 'Zivilgesellschaft')]")
    entry.click()
    hidden = set(browser.execute_script("return buendnisatlasMap.nodes.get({filter: n => n.hidden}).map(n => n.id)"))
    assert hidden == civil
    assert entry.get_attribute("aria-pressed") == "false"
    events = browser.find_element("xpath", "//aside[@id='ba-legend']//button[contains(., 'Veranstaltung')]")
    events.click()
    hidden = set(browser.execute_script("return buendnisatlasMap.nodes.get({filter: n => n.hidden}).map(n => n.id)"))
    assert {n for n in hidden if store.get_node(n).kind == "event"} and civil <= hidden
    entry.click()
    events.click()
    assert browser.execute_script("return buendnisatlasMap.nodes.get({filter: n => n.hidden}).length") == 0


def test_kiosk_shows_only_the_map_and_a_qr_code_per_element(
    browser: Any, cli: Callable[..., CliResult], db_path: Path, tmp_path: Path
) -> None:
    assert cli("demo").code == 0
    path = tmp_path / "kiosk.html"
    assert cli("map", PFD, "--public", "--kiosk", "--tour", "1", "-o", str(path)).code == 0
    open_map(browser, path)
    for chrome in ("ba-title", "ba-legend", "ba-search"):
        assert not browser.find_element("id", chrome).is_displayed(), chrome
    width = browser.execute_script("return document.documentElement.clientWidth")
    assert browser.find_element("id", "ba-map").size["width"] == width, "the map fills the screen"
    # The tour moves on from group to group by itself.
    first = view_of(browser)
    time.sleep(2.8)
    assert view_of(browser) != pytest.approx(first, rel=0.01)
    browser.execute_script("buendnisatlasMap.showPanel('lk-msh-jugendamt')")
    panel = browser.find_element("id", "ba-panel")
    assert panel.is_displayed()
    assert browser.execute_script("return document.querySelectorAll('#ba-panel svg.ba-qr path').length") == 1
    assert "jugendamt@lk-msh.example" in panel.find_element("tag name", "figcaption").text
    assert requests_made(browser) == {path.as_uri()}
    assert console_errors(browser) == []
