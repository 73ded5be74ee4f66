"""The browser walk: a new coordinator and a public visitor use the pages in a real headless Chromium.

A real ``buendnisatlas serve`` runs on loopback over a real SQLite file; Debian's Chromium
(through chromedriver) clicks through the pages as a person would. On every page of the
walk axe-core (from npm, ``make peer-tools``) checks accessibility: no serious or critical
violation. Each step leaves a full-page screenshot in ``build/screenshots/``; with
``BUENDNISATLAS_SCREENSHOTS=docs/screenshots`` (``make screenshots``) the pictures the
README shows are refreshed too.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from buendnisatlas.graph.model import Alliance
from buendnisatlas.graph.sqlite_store import SqliteStore

from .conftest import console_errors, requests_made, serving
from .test_leaks import spellings
from .test_maps_browser import painted_share

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "build" / "screenshots"
DOCS_SHOTS = {"dashboard", "luecken", "import-bericht", "karte"}  # the steps whose pictures docs/ shows
NPM = Path(os.environ.get("BUENDNISATLAS_NPM", Path.home() / ".cache" / "buendnisatlas" / "npm"))
AXE = NPM / "node_modules" / "axe-core" / "axe.min.js"
COORDINATOR = "koordination@pfd-msh.example.org"
PASSWORD = "Ein-langes-Passwort-fuer-den-Rundgang-2026"
ALLIANCE = "pfd-msh"
# The demo files hold a second alliance (a Lokale Allianz the PfD's office also coordinates)
# and advisory services of no alliance; an admin names the coordinator for all of them.
SECOND_ALLIANCE = "lokale-allianz-goldene-aue"


def axe_source() -> str:
    if not AXE.is_file():
        message = f"axe-core fehlt ({AXE}); make peer-tools installiert es (npm)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(f"BROWSER-RUNDGANG ÜBERSPRUNGEN: {message}")
    return AXE.read_text(encoding="utf-8")


def cli(db: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """``buendnisatlas ARGS`` in its own process against ``db``, as an administrator would type it."""
    env = {**os.environ, "BUENDNISATLAS_STORE": f"sqlite:///{db}"}
    return subprocess.run(
        [sys.executable, "-m", "buendnisatlas", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@dataclass
class Server:
    url: str
    db: Path


def serve(db: Path) -> Iterator[Server]:
    """``buendnisatlas serve`` (one process) on a free loopback port until the test is done."""
    with serving(f"sqlite:///{db}", workers=1) as (base, _):
        yield Server(base, db)


@pytest.fixture
def new_installation(tmp_path: Path) -> Iterator[Server]:
    """What an administrator sets up for a new coordinator: the store, the alliance, the account."""
    db = tmp_path / "atlas.db"
    assert cli(db, "init").returncode == 0
    with SqliteStore(db) as store:
        store.add_node(Alliance(id=ALLIANCE, name="Partnerschaft für Demokratie Mansfeld-Südharz", area=["15087"]))
        store.add_node(Alliance(id=SECOND_ALLIANCE, name="Lokale Allianz für Demokratie Goldene Aue"))
    added = cli(
        db,
        "user",
        "add",
        COORDINATOR,
        "--role",
        "coordinator",
        "--alliance",
        ALLIANCE,
        "--alliance",
        SECOND_ALLIANCE,
        "--edits-unaffiliated",
        "--password-stdin",
        stdin=f"{PASSWORD}\n",
    )
    assert added.returncode == 0, added.stderr
    yield from serve(db)


@pytest.fixture
def demo_site(tmp_path: Path) -> Iterator[Server]:
    """The demo network, served (for the public visitor)."""
    db = tmp_path / "demo.db"
    assert cli(db, "demo").returncode == 0
    yield from serve(db)


@dataclass
class Walk:
    """One walk through the pages: each step is checked (axe, console, requests) and photographed."""

    driver: Any
    site: str
    name: str
    axe: str
    steps: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # every page's source, for the privacy check

    def __post_init__(self) -> None:
        for old in ARTIFACTS.glob(f"{self.name}-*.png"):  # this walk's pictures of an earlier run
            old.unlink()

    def open(self, path: str) -> None:
        self.driver.get(self.site + path)

    def by(self, css: str) -> Any:
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.CSS_SELECTOR, css)

    def all(self, css: str) -> list[Any]:
        from selenium.webdriver.common.by import By

        return list(self.driver.find_elements(By.CSS_SELECTOR, css))

    def wait(self, condition: Any, seconds: float = 20, what: str = "") -> Any:
        from selenium.webdriver.support.ui import WebDriverWait

        return WebDriverWait(self.driver, seconds).until(condition, what)

    def wait_for(self, css: str, seconds: float = 20) -> Any:
        return self.wait(lambda d: self.all(css), seconds, f"nothing matches {css}")[0]

    def fill(self, name: str, value: str) -> None:
        element = self.by(f"[name='{name}']")
        element.clear()
        element.send_keys(value)

    def submit(self, css: str = "main form button[type=submit]") -> None:
        old = self.by("html")
        self.by(css).click()
        self.wait(lambda d: _stale(old), 60, "the page did not change after submitting")

    def step(self, name: str, answered: int = 200) -> None:
        """Check the page now shown and photograph it; ``answered``: the status the page came with."""
        number = len(self.steps) + 1
        self.steps.append(name)
        assert self.driver.execute_script("return document.documentElement.lang") == "de"
        self.texts.append(self.driver.page_source)
        violations = self.accessibility()
        assert not violations, f"{name}: axe-core findet {json.dumps(violations, ensure_ascii=False, indent=1)}"
        expected = f"status of {answered} " if answered != 200 else None
        errors = [e for e in console_errors(self.driver) if not (expected and expected in e)]
        assert errors == [], f"{name}: Fehler in der Browser-Konsole: {errors}"
        outside = {u for u in requests_made(self.driver) if not u.startswith((self.site, "data:", "blob:", "about:"))}
        assert outside == set(), f"{name}: Anfragen nach außen: {outside}"
        shot = full_page_png(self.driver)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / f"{self.name}-{number:02d}-{name}.png").write_bytes(shot)
        target = os.environ.get("BUENDNISATLAS_SCREENSHOTS")
        if target and name in DOCS_SHOTS:
            Path(ROOT / target).mkdir(parents=True, exist_ok=True)
            (ROOT / target / f"{name}.png").write_bytes(shot)

    def accessibility(self) -> list[dict[str, Any]]:
        """Serious and critical axe-core violations of the page and of its frames."""
        found = self._axe()
        for index in range(len(self.all("iframe"))):
            self.driver.switch_to.frame(index)
            try:
                found += self._axe()
            finally:
                self.driver.switch_to.default_content()
        return found

    def _axe(self) -> list[dict[str, Any]]:
        self.driver.execute_script(self.axe)
        results = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations), e => done(String(e)));"
        )
        assert isinstance(results, list), results
        return [
            {
                "regel": v["id"],
                "wirkung": v["impact"],
                "hilfe": v["help"],
                "stellen": [n["target"] for n in v["nodes"]][:5],
            }
            for v in results
            if v["impact"] in ("serious", "critical")
        ]


def _stale(element: Any) -> bool:
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    try:
        element.tag_name  # noqa: B018  (raises once the page it belonged to is gone)
    except StaleElementReferenceException:
        return True
    except WebDriverException as exc:
        # Chromium 156 may answer for an element of a replaced page with an inspector error
        # instead of "stale element": the same fact. Any other driver error still fails.
        if "does not belong to the document" in str(exc.msg):
            return True
        raise
    return False


def full_page_png(driver: Any) -> bytes:
    """The whole page, not only the window (Chrome DevTools: capture beyond the viewport)."""
    import base64

    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    width, height = max(1400, int(size["width"])), min(int(size["height"]), 6000)
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
        },
    )
    return base64.b64decode(shot["data"])


@pytest.fixture
def fresh_browser(browser: Any) -> Iterator[Any]:
    """The session's Chromium without cookies or logs of earlier tests, back in one tab."""
    browser.delete_all_cookies()
    browser.get("about:blank")
    browser.get_log("browser")
    browser.get_log("performance")
    yield browser
    for handle in browser.window_handles[1:]:
        browser.switch_to.window(handle)
        browser.close()
    browser.switch_to.window(browser.window_handles[0])
    browser.delete_all_cookies()


def sign_in(walk: Walk) -> None:
    walk.open("/anmelden")
    walk.fill("email", COORDINATOR)
    walk.fill("password", PASSWORD)
    walk.step("anmelden")
    walk.submit()
    assert COORDINATOR in walk.by("header").text


def import_the_demo_files(walk: Walk) -> None:
    """Upload the demo's two files, read the report (nothing written yet), confirm, see the result."""
    from buendnisatlas.demo import DEMO_DIR

    walk.open("/import")
    walk.step("import")
    files = [str(DEMO_DIR / "elemente.csv"), str(DEMO_DIR / "beziehungen.csv")]
    walk.by("input[type=file][name=dateien]").send_keys("\n".join(files))
    walk.submit("form.upload button[type=submit]")
    assert walk.by("h1").text == "Prüfbericht", walk.by("main").text
    assert not walk.all("table.problems"), walk.by("main").text
    assert "Noch ist nichts gespeichert" in walk.by("main").text
    new_elements = walk.by("table.counts tbody tr td").text
    assert int(new_elements.replace(".", "")) > 100, new_elements
    walk.step("import-bericht")
    walk.submit("form[action='/import/bestaetigen'] button[type=submit]")
    walk.wait(lambda d: "Import abgeschlossen" in walk.by("main").text, 120, "the import did not finish")
    walk.step("import-ergebnis")


def see_the_dashboard(walk: Walk) -> None:
    walk.open(f"/uebersicht?buendnis={ALLIANCE}")
    assert walk.by("h1").text == "Partnerschaft für Demokratie Mansfeld-Südharz"
    assert len(walk.all("ul.bars li")) > 3, "no members by sector"
    walk.step("dashboard")


NEW_ACTOR = "Jugendclub Rundgang Hettstedt"


def add_an_actor(walk: Walk) -> str:
    """Create an actor through the form; returns the address of its page."""
    from selenium.webdriver.support.ui import Select

    walk.open("/elemente/neu/actor")
    walk.fill("name", NEW_ACTOR)
    Select(walk.by("select[name=allianz]")).select_by_value(ALLIANCE)
    Select(walk.by("select[name=sector]")).select_by_visible_text("Jugend")
    walk.step("akteur-anlegen")
    walk.submit("form.form button[type=submit]")
    assert "Das Element ist angelegt" in walk.by("main").text, walk.by("main").text
    walk.step("akteur-angelegt")
    return str(walk.driver.current_url).split("?")[0]


def edit_in_two_tabs(walk: Walk, detail: str) -> None:
    """Two tabs edit the same actor; the second save is refused and shows both versions."""
    driver = walk.driver
    first = driver.current_window_handle
    driver.get(f"{detail}/bearbeiten")
    driver.switch_to.new_window("tab")
    second = driver.current_window_handle
    driver.get(f"{detail}/bearbeiten")
    driver.switch_to.window(first)
    walk.fill("contact", "Frau Erste, 03476 111")
    walk.submit("form.form button[type=submit]")
    assert "Frau Erste" in walk.by("main").text
    driver.switch_to.window(second)
    walk.fill("contact", "Herr Zweite, 03476 222")
    walk.submit("form.form button[type=submit]")
    conflict = walk.by("#konflikt").text
    assert "inzwischen" in conflict and "gespeichert" in conflict, conflict
    table = walk.by("table.compare-table").text
    assert "Herr Zweite" in table and "Frau Erste" in table, table
    walk.step("bearbeiten-konflikt", answered=409)
    driver.close()
    driver.switch_to.window(first)


def read_the_history(walk: Walk, detail: str) -> None:
    walk.driver.get(f"{detail}#verlauf")
    entries = walk.all("ol.history > li")
    assert len(entries) >= 2, "creation and the change are in the history"
    assert "Frau Erste" in walk.by("#verlauf").text and "Herr Zweite" not in walk.by("#verlauf").text
    walk.step("verlauf")


def read_the_gap_report(walk: Walk) -> None:
    walk.open(f"/luecken?buendnis={ALLIANCE}")
    assert walk.all("ol.gaps > li"), "no gap in the demo's report"
    assert walk.all("ol.gaps svg.path"), "no introduction path drawn"
    walk.step("luecken")


def see_the_map(walk: Walk) -> None:
    walk.open(f"/karte?buendnis={ALLIANCE}")
    frame = walk.wait_for("iframe#karte")
    walk.driver.switch_to.frame(frame)
    try:
        walk.wait(
            lambda d: d.execute_script("return Boolean(window.buendnisatlasMap && window.buendnisatlasMap.ready)")
        )
        assert painted_share(walk.driver) > 0.01, "the map's canvas stays empty"
    finally:
        walk.driver.switch_to.default_content()
    assert "Elemente" in walk.by(".map-bar").text
    walk.step("karte")
    # Vollbild / Beamer: the frame fills the screen in the projector look
    walk.by("#beamer").click()
    walk.wait(
        lambda d: d.execute_script("return document.fullscreenElement && document.fullscreenElement.id") == "karte"
    )
    walk.driver.switch_to.frame(walk.by("iframe#karte"))
    try:
        walk.wait(
            lambda d: d.execute_script(
                "return document.body.classList.contains('ba-presentation') && window.buendnisatlasMap && buendnisatlasMap.ready"
            )
        )
    finally:
        walk.driver.switch_to.default_content()
    walk.step("karte-beamer")
    walk.driver.execute_script("document.exitFullscreen()")
    walk.wait(lambda d: not d.execute_script("return document.fullscreenElement"))
    # the downloads are offered for the USB stick, as picture and as vector graphic
    links = {a.get_attribute("href").split("?")[0].rsplit("/", 1)[-1] for a in walk.all(".downloads a[download]")}
    assert links == {"html", "png", "svg"}


def referral_with_warm_path(walk: Walk) -> None:
    from selenium.webdriver.support.ui import Select

    walk.open("/beratung")
    Select(walk.by("select[name=thema]")).select_by_visible_text("Rechtsextremismus")
    walk.fill("ort", "Sangerhausen")
    # the origin is one of her alliances already; she picks the PfD
    assert walk.by("[name=von]").get_attribute("value") in {
        "Partnerschaft für Demokratie Mansfeld-Südharz",
        "Lokale Allianz für Demokratie Goldene Aue",
    }
    walk.fill("von", "Partnerschaft für Demokratie Mansfeld-Südharz")
    walk.submit()
    paths = walk.all(".warm-path")
    assert paths, "no warm path through the own network"
    assert "in Ihrem Bündnis" in walk.driver.page_source
    walk.step("beratung-kontaktweg")


def keep_the_services_directory(walk: Walk) -> None:
    """She is named for the services of no alliance: the directory offers her the forms."""
    walk.open("/beratungsangebote")
    assert len(walk.all("table.services tbody tr")) > 5
    assert walk.all("a[href='/elemente/neu/advisory_service']") and walk.all("table.services a[href$='/bearbeiten']")
    walk.step("beratungsangebote")


def sign_out(walk: Walk) -> None:
    walk.submit("header form.session button[type=submit]")
    assert walk.all("a.session[href='/anmelden']"), "still signed in"
    walk.step("abgemeldet")


def test_a_new_coordinator_walks_through_the_workbench(fresh_browser: Any, new_installation: Server) -> None:
    walk = Walk(fresh_browser, new_installation.url, "koordination", axe_source())
    sign_in(walk)
    import_the_demo_files(walk)
    see_the_dashboard(walk)
    read_the_gap_report(walk)
    see_the_map(walk)
    detail = add_an_actor(walk)
    edit_in_two_tabs(walk, detail)
    read_the_history(walk, detail)
    referral_with_warm_path(walk)
    keep_the_services_directory(walk)
    sign_out(walk)
    assert walk.steps == [
        "anmelden",
        "import",
        "import-bericht",
        "import-ergebnis",
        "dashboard",
        "luecken",
        "karte",
        "karte-beamer",
        "akteur-anlegen",
        "akteur-angelegt",
        "bearbeiten-konflikt",
        "verlauf",
        "beratung-kontaktweg",
        "beratungsangebote",
        "abgemeldet",
    ]


PUBLIC_PAGES = ["/", "/karte", f"/karte?buendnis={ALLIANCE}", "/beratung?thema=racism&ort=Sangerhausen", "/anmelden"]
# Pages for signed-in users: the public lands on the sign-in page and sees nothing of them.
SIGNED_IN_PAGES = [
    "/uebersicht",
    "/elemente",
    "/elemente/person-amira-haddad",
    f"/luecken?buendnis={ALLIANCE}",
    "/aenderungen",
    "/vergleich",
    "/import",
    "/beratungsangebote",
    "/konto",
]


def test_a_public_visitor_sees_no_person_and_nothing_non_public(fresh_browser: Any, demo_site: Server) -> None:
    walk = Walk(fresh_browser, demo_site.url, "oeffentlich", axe_source())
    for number, path in enumerate(PUBLIC_PAGES, 1):
        walk.open(path)
        for index in range(len(walk.all("iframe"))):  # the map's frame too
            walk.driver.switch_to.frame(index)
            walk.wait(
                lambda d: d.execute_script("return Boolean(window.buendnisatlasMap && window.buendnisatlasMap.ready)")
            )
            walk.texts.append(walk.driver.page_source)
            walk.driver.switch_to.default_content()
        walk.step(f"seite-{number}")
    for path in SIGNED_IN_PAGES:
        walk.open(path)
        assert walk.driver.current_url.startswith(f"{demo_site.url}/anmelden?weiter="), path
        walk.texts.append(walk.driver.page_source)
    # the links a visitor can follow from the start page lead only to pages for everyone
    walk.open("/")
    hrefs = {a.get_attribute("href") for a in walk.all("a[href]")}
    for href in sorted(h for h in hrefs if h.startswith(demo_site.url) and "/docs" not in h and "/redoc" not in h):
        walk.driver.get(href)
        walk.texts.append(walk.driver.page_source)
    whole = "\n".join(walk.texts)
    with SqliteStore(demo_site.db) as store:  # the rule, spelled out: public and not a person
        hidden = [n for n in store.find_nodes() if n.visibility != "public" or n.is_person]
    assert any(n.is_person for n in hidden) and len(hidden) > 20
    seen = sorted(n.name for n in hidden if any(s in whole for s in spellings(n.name)))
    assert seen == [], f"the public sees: {seen}"
    assert "Jugendamt" in whole  # the walk reached the data: public elements are shown


def test_walk_artifacts_are_not_committed() -> None:
    ignored = subprocess.run(["git", "check-ignore", "-q", str(ARTIFACTS / "x.png")], cwd=ROOT, check=False)
    assert ignored.returncode == 0 or shutil.which("git") is None
