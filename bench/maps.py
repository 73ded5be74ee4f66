"""Benchmark: network maps of 10,000 nodes.

Targets (issue 6): the layout of a 10,000-node map is computed in < 30 s on 2 cores, and
the page is interactive (first frame drawn, handlers attached) in < 3 s in headless Chromium.

Baselines measured in the same run:
* layout: NetworkX's spring layout on 450 nodes (its dense path; larger graphs need SciPy
  and take minutes at 10,000) — the
  figure shows how many times more nodes per second our layout handles;
* page: the demo-sized map (~150 nodes), so the ratio shows what 10,000 nodes cost.
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar

import networkx as nx

from buendnisatlas.visualizations.layout import layout_positions
from buendnisatlas.visualizations.maps import MapOptions, build_map, render_html

P = ParamSpec("P")
T = TypeVar("T")
SECTORS = ["administration", "civil_society", "education", "religion", "business", "youth", "culture", "sports"]


def synthetic_network(n: int, seed: int = 1) -> nx.MultiDiGraph:
    """An alliance-like network: alliances with bodies, actors as members, cooperation between actors."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    alliances = max(1, n // 400)
    for a in range(alliances):
        G.add_node(f"al{a}", kind="alliance", name=f"Bündnis {a}", visibility="public")
        for b in range(3):
            G.add_node(f"b{a}.{b}", kind="body", name=f"Gremium {a}.{b}", visibility="public")
            G.add_edge(f"b{a}.{b}", f"al{a}", type="PART_OF")
    actors = n - len(G)
    for i in range(actors):
        a = i % alliances
        G.add_node(
            f"x{i}",
            kind="actor",
            form="organisation",
            name=f"Akteur {i}",
            sector=SECTORS[i % len(SECTORS)],
            visibility="public",
            topics=["racism"] if i % 3 else ["participation"],
        )
        G.add_edge(f"x{i}", f"al{a}" if rng.random() < 0.7 else f"b{a}.{rng.randrange(3)}", type="MEMBER_OF")
    for i in range(actors):
        for _ in range(2):
            # mostly within the own alliance, sometimes across
            j = rng.randrange(actors) if rng.random() < 0.1 else (i + rng.randrange(1, 400) * alliances) % actors
            if i != j:
                G.add_edge(f"x{i}", f"x{j}", type="COOPERATES_WITH")
    return G


def timed(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> tuple[T, float]:
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start


def page_ready_seconds(path: Path, runs: int = 3) -> float | None:
    """Median time from navigation start until the map has drawn its first frame."""
    chromium, driver_path = "/usr/bin/chromium", "/usr/bin/chromedriver"
    if not (os.path.exists(chromium) and os.path.exists(driver_path)):
        print("  (Chromium missing: page timing skipped)")
        return None
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--window-size=1600,900",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        times = []
        for _ in range(runs):
            driver.get("about:blank")
            driver.get(path.as_uri())
            deadline = time.monotonic() + 60
            ready = None
            while time.monotonic() < deadline and ready is None:
                ready = driver.execute_script("return window.buendnisatlasMap && window.buendnisatlasMap.readyAt")
                time.sleep(0.02)
            if ready is None:
                return float("inf")
            times.append(float(ready) / 1000)  # performance.now() counts from navigation start
        return sorted(times)[len(times) // 2]
    finally:
        driver.quit()


def main() -> None:
    n = 10_000
    big = synthetic_network(n)
    simple = nx.Graph(big)
    print(f"  network: {big.number_of_nodes()} nodes, {simple.number_of_edges()} ties")

    base_n = 450
    _, spring = timed(nx.spring_layout, nx.Graph(synthetic_network(base_n)), seed=1)
    _, ours = timed(layout_positions, simple)
    rate = (n / ours) / (base_n / spring)
    print(f"  layout 10,000 nodes (igraph FR, grid): {ours:.1f} s   target < 30 s")
    print(f"  baseline networkx spring_layout, {base_n} nodes: {spring:.2f} s  -> ours lays out {rate:.0f}x nodes/s")

    view, whole = timed(build_map, big, MapOptions(title="Benchmark"))
    _, heavy = timed(build_map, big, MapOptions(size_by="betweenness", color_by="community"))
    print(f"  with betweenness (100 sampled sources) and Louvain communities: {heavy:.1f} s   target < 30 s")
    html, render = timed(render_html, view)
    print(
        f"  whole map model (visibility, sizes, colours, layout): {whole:.1f} s; HTML: {render:.1f} s, "
        f"{len(html) / 1e6:.1f} MB"
    )

    with tempfile.TemporaryDirectory() as folder:
        big_file = Path(folder) / "gross.html"
        big_file.write_text(html, encoding="utf-8")
        small_file = Path(folder) / "klein.html"
        small_file.write_text(render_html(build_map(synthetic_network(150))), encoding="utf-8")
        small_ready = page_ready_seconds(small_file)
        big_ready = page_ready_seconds(big_file)
    if big_ready is not None and small_ready:
        print(f"  page interactive, 10,000 nodes: {big_ready:.2f} s   target < 3 s")
        print(f"  baseline page, 150 nodes: {small_ready:.2f} s  -> ratio {big_ready / small_ready:.1f}x")


if __name__ == "__main__":
    main()
