"""Network maps: from a graph view to a map model, and from that to an HTML page.

:func:`build_map` turns a NetworkX view of the store into a :class:`MapView` — what is
shown (after the visibility policy), where (positions computed in Python), in which
colour, shape and size, with the legend and filter choices. :func:`render_html`
renders a view as one self-contained, offline HTML page; :mod:`.static` draws the same
view as PNG, SVG or PDF.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

import networkx as nx
import segno

from buendnisatlas.graph import vocab
from buendnisatlas.graph.centrality import betweenness_centrality, louvain_communities
from buendnisatlas.graph.model import KIND_LABELS
from buendnisatlas.graph.text import fold
from buendnisatlas.graph.ties import actor_ties
from buendnisatlas.graph.vocab import ActorForm, NodeKind, RelationType

from . import pyvis_compat
from .layout import Positions, Region, clustered_positions, layout_positions
from .places import Coordinates, place_positions

ColorBy = Literal["sector", "community", "alliance"]
SizeBy = Literal["degree", "betweenness"]
GroupBy = Literal["sector", "gemeinde", "alliance"]
Arrange = Literal["sector", "community", "gemeinde", "place", "force"]
HiddenTies = Literal["explain", "omit"]

# Above this many nodes the CLI suggests the collapsed overview (--group-by).
OVERVIEW_SUGGESTED_ABOVE = 5000
LABEL_LINE = 30  # characters per label line; two lines at most
NODE_SIZE = (10.0, 45.0)
LABEL_FONT = 14  # px on screen, standard page
LABEL_FONT_PRESENTATION = 20  # px on screen: legible from the back of a hall at 1920×1080
QR_MAX_NODES = 2000  # a QR code per element costs ~1 kB; beyond this the page would grow too much
# Above this, the side panel lists a node's drawn edges (read in the page) instead of its
# ties with their shared tables: the lists would make a big page's data megabytes larger.
TIES_LISTED_UP_TO = 2000
HIDDEN_BODY = "Mitglied in nicht-öffentlichem Gremium"
HIDDEN_ONLY = "Verbindungen nur zu nicht-öffentlichen Elementen"
MAX_GROUPS = 18  # regions a viewer can tell apart; smaller ones are merged into "weitere"

SECTOR_COLORS: dict[str, str] = {
    "administration": "#4e79a7",
    "politics": "#e15759",
    "civil_society": "#59a14f",
    "education": "#f28e2b",
    "religion": "#b07aa1",
    "business": "#9c755f",
    "youth": "#edc948",
    "sports": "#76b7b2",
    "culture": "#ff9da7",
    "migrant_organisation": "#17becf",
    "police_justice": "#8da0cb",
    "media": "#bcbd22",
    "science": "#aec7e8",
    "counselling": "#a6d854",
}
NEUTRAL = "#8a96a3"
PALETTE = list(SECTOR_COLORS.values())

KIND_SHAPES: dict[str, str] = {
    NodeKind.ACTOR: "dot",
    NodeKind.ALLIANCE: "star",
    NodeKind.BODY: "diamond",
    NodeKind.WORKING_GROUP: "hexagon",
    NodeKind.PROJECT: "square",
    NodeKind.EVENT: "triangle",
    NodeKind.ADVISORY_SERVICE: "triangleDown",
    NodeKind.GOAL: "box",
}
GROUP_LABELS: dict[str, str] = {"sector": "Sektor", "gemeinde": "Gemeinde", "alliance": "Bündnis"}
COLOR_LABELS: dict[str, str] = {"sector": "Sektor", "community": "Teilnetz", "alliance": "Bündnis"}
ARRANGE_LABELS: dict[str, str] = {
    "sector": "Sektor",
    "community": "Teilnetz",
    "gemeinde": "Gemeinde",
    "place": "Ort",
    "force": "",
}
SIZE_LABELS: dict[str, str] = {"degree": "Zahl der Verbindungen", "betweenness": "Brückenstellung (Betweenness)"}


class MapError(ValueError):
    """A map cannot be drawn as asked (message in German, for the user)."""


@dataclass(frozen=True)
class MapOptions:
    """What a map shows and how; the CLI options one to one."""

    title: str = "Netzwerkkarte"
    subtitle: str = ""
    presentation: bool = False
    ego: str | None = None
    depth: int = 1
    color_by: ColorBy = "sector"
    size_by: SizeBy = "degree"
    group_by: GroupBy | None = None
    at: date | None = None
    region_names: Mapping[str, str] = field(default_factory=dict)
    seed: int = 7
    arrange: Arrange = "sector"
    alliance_spokes: bool = False
    hidden_ties: HiddenTies = "explain"
    kiosk: bool = False
    tour: int = 0  # seconds per group in the kiosk's automatic tour; 0: no tour
    coordinates: Coordinates = field(default_factory=dict)


@dataclass
class MapView:
    """A map ready to render: vis-network nodes and edges plus what the page shows around them."""

    title: str
    subtitle: str
    presentation: bool
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    legend_colors: list[dict[str, str]]
    legend_shapes: list[dict[str, str]]
    filters: dict[str, list[dict[str, Any]]]
    size_label: str
    grouped: bool = False
    regions: list[dict[str, Any]] = field(default_factory=list)
    region_kind: str = ""
    alliances: list[str] = field(default_factory=list)
    hidden_note: bool = False
    kiosk: bool = False
    tour: int = 0

    @property
    def node_ids(self) -> set[str]:
        return {n["id"] for n in self.nodes}


def build_map(G: nx.MultiDiGraph, options: MapOptions | None = None, context: nx.MultiDiGraph | None = None) -> MapView:
    """Everything a map shows of ``G``.

    ``G`` is what the viewer may see: the service layer
    (:func:`buendnisatlas.services.maps.network_map`) has applied the visibility policy,
    so nothing here ever draws a node the viewer may not see; an ego map is cut from it.
    ``context``, the same part of the network before that filter, is only asked whether
    a drawn element's ties all lead to hidden elements: such an element is then explained
    ("Mitglied in nicht-öffentlichem Gremium") or left out.
    Membership in the alliance itself is not drawn as a spoke per member: it ties nobody
    (see :mod:`buendnisatlas.graph.ties`); the alliance is named in the legend instead.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("v", kind="actor", name="Verein", sector="civil_society", visibility="public")
    >>> G.add_node("w", kind="actor", name="Werkstatt", sector="culture", visibility="public")
    >>> G.add_node("x", kind="actor", name="Chor", sector="culture", visibility="public")
    >>> G.add_edge("w", "v", type="COOPERATES_WITH")
    0
    >>> sorted(build_map(G, MapOptions(ego="v")).node_ids)
    ['v', 'w']
    >>> H = G.copy()
    >>> H.add_node("b", kind="body", name="Ausschuss", visibility="restricted")
    >>> H.add_edge("x", "b", type="MEMBER_OF")
    0
    >>> view = build_map(G, context=H)
    >>> [n["info"]["rows"][-1] for n in view.nodes if n["id"] == "x"]
    [['Hinweis', 'Mitglied in nicht-öffentlichem Gremium']]
    """
    options = options or MapOptions()
    full = G if context is None else context
    seen = G  # what the viewer may see, before an ego map cuts it
    alliances = _alliances_of(G)
    if options.ego is not None:
        if options.ego not in G:
            raise MapError(f"„{options.ego}“ ist auf dieser Karte nicht sichtbar; keine Ego-Karte möglich.")
        if options.depth < 1:
            raise MapError("Die Tiefe einer Ego-Karte muss mindestens 1 sein.")
        near = nx.ego_graph(G.to_undirected(as_view=True), options.ego, radius=options.depth)
        G = G.subgraph(near.nodes).copy()
    if options.group_by is not None:
        return _overview(G, alliances, options)

    drawn = G if options.alliance_spokes else _without_spokes(G)
    hints = _hidden_tie_hints(full, seen, drawn)
    dropped = {n for n in G if G.nodes[n].get("kind") == NodeKind.ALLIANCE and drawn.degree(n) == 0}
    if options.hidden_ties == "omit":
        dropped |= set(hints)
    elif options.hidden_ties != "explain":
        raise MapError(f"Unbekannte Wahl „{options.hidden_ties}“ (erlaubt: explain, omit)")
    if dropped:
        if drawn is G:
            drawn = G.copy()
        drawn.remove_nodes_from(dropped)
    simple = _simple_graph(drawn)
    ties = actor_ties(drawn)
    metric = node_metric(simple, options.size_by)
    ranks = importance_ranks(drawn, simple, metric if options.size_by == "betweenness" else None)
    positions, regions = _arrange(drawn, simple, ties, ranks, options)
    colors, legend_colors = _colors(drawn, simple, alliances, options, names=G)
    roles = _roles(drawn)
    qr = options.kiosk or options.presentation
    contexts = {
        c: f"{KIND_LABELS.get(kind, 'über')} {drawn.nodes[c].get('name', c)}"
        for c, kind in drawn.nodes(data="kind")
        if kind != NodeKind.ACTOR
    }
    nodes = []
    for n in sorted(drawn.nodes, key=str):
        attrs = drawn.nodes[n]
        x, y = positions[n]
        info = _info(attrs, roles.get(n, []), alliances.get(n, []), G, options.region_names)
        if n in hints and options.hidden_ties == "explain":
            info["rows"].append(["Hinweis", hints[n]])
        if len(drawn) <= TIES_LISTED_UP_TO:
            info["ties"] = _ties_of(n, drawn, ties, contexts)
        node: dict[str, Any] = {
            "id": n,
            "lines": label_lines(str(attrs.get("name") or n)),
            "shape": KIND_SHAPES.get(attrs.get("kind", ""), "dot"),
            "x": round(x, 1),
            "y": round(y, 1),
            "value": metric.get(n, 0.0),
            "rank": ranks[n],
            "color": _color_spec(colors[n]),
            "info": info,
            "facets": {
                "sector": attrs.get("sector") or "",
                "kind": attrs.get("kind") or "",
                "topics": list(attrs.get("topics") or []),
                "alliances": sorted(alliances.get(n, [])),
            },
        }
        if n in hints:
            node["shapeProperties"] = {"borderDashes": [4, 3]}
        target = qr_target(attrs) if qr and len(drawn) <= QR_MAX_NODES else None
        if target:
            node["qr"] = {"target": target, **qr_path(target)}
        nodes.append(node)
    edges = [
        {"from": u, "to": v, "title": "\n".join(sorted(labels)), "width": 1 + math.log(len(labels))}
        for (u, v), labels in sorted(_edge_labels(drawn).items())
    ]
    kinds_present = {drawn.nodes[n].get("kind") for n in drawn}
    legend_shapes = [
        {"shape": KIND_SHAPES[k], "label": KIND_LABELS[k], "kind": str(k.value)} for k in NodeKind if k in kinds_present
    ]
    region_color = options.arrange == "sector"
    return MapView(
        title=options.title,
        subtitle=options.subtitle,
        presentation=options.presentation,
        nodes=nodes,
        edges=edges,
        legend_colors=legend_colors,
        legend_shapes=legend_shapes,
        filters=_filters(drawn, alliances, names=G),
        size_label=SIZE_LABELS[options.size_by],
        regions=[
            {
                "key": r.key,
                "label": r.label,
                "x": r.x,
                "y": r.y,
                "r": r.r,
                "size": r.size,
                "color": SECTOR_COLORS.get(r.key, NEUTRAL) if region_color else NEUTRAL,
            }
            for r in regions
        ],
        region_kind=ARRANGE_LABELS.get(options.arrange, ""),
        alliances=sorted(str(G.nodes[a].get("name", a)) for a in dropped if a not in hints),
        hidden_note=bool(hints) and options.hidden_ties == "explain",
        kiosk=options.kiosk,
        tour=options.tour,
    )


def importance_ranks(
    G: nx.MultiDiGraph, simple: nx.Graph, between: Mapping[str, float] | None = None
) -> dict[str, int]:
    """Each node's place in the order in which labels are shown (0 first).

    Bridges first (betweenness, exact up to 5,000 nodes; above, only if given as
    ``between``), then the well connected (degree), with a head start for alliances and
    bodies, which name the structure; ties broken by name.

    Examples
    --------
    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c")])
    >>> importance_ranks(G, nx.Graph(G))
    {'b': 0, 'a': 1, 'c': 2}
    """
    if between is None:
        between = node_metric(simple, "betweenness") if 2 < len(simple) <= 5000 else {}
    top_b = max(between.values(), default=0.0) or 1.0
    degree = dict(simple.degree())
    top_d = max(degree.values(), default=0) or 1
    bonus = {NodeKind.ALLIANCE: 1.0, NodeKind.BODY: 0.3, NodeKind.WORKING_GROUP: 0.2}

    def score(n: str) -> float:
        kind = G.nodes[n].get("kind")
        return 0.6 * between.get(n, 0.0) / top_b + 0.4 * degree.get(n, 0) / top_d + bonus.get(kind, 0.0)

    order = sorted(G.nodes, key=lambda n: (-score(n), str(G.nodes[n].get("name", n)), str(n)))
    return {n: i for i, n in enumerate(order)}


def label_lines(name: str, width: int = LABEL_LINE, most: int = 2) -> list[str]:
    """A name broken into at most ``most`` lines of about ``width`` characters.

    A name that needs more is cut with "…"; its full text stays in the tooltip and the
    side panel.

    Examples
    --------
    >>> label_lines("Landkreis Mansfeld-Südharz – Jugendamt")
    ['Landkreis Mansfeld-Südharz –', 'Jugendamt']
    >>> label_lines("Evangelische Kirchengemeinde St. Andreas und Nicolai zu Lutherstadt Eisleben")
    ['Evangelische Kirchengemeinde', 'St. Andreas und Nicolai zu Lu…']
    """
    words = " ".join(name.split()).split(" ")
    lines: list[str] = []
    current = ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    if len(lines) > most:
        rest = " ".join(lines[most - 1 :])
        lines = [*lines[: most - 1], rest[: width - 1].rstrip() + "…"]
    return [line if len(line) <= width + 4 else line[: width + 3] + "…" for line in lines]


def qr_target(attrs: Mapping[str, Any]) -> str | None:
    """Where an element's QR code leads: its web site, else its e-mail contact; nothing else.

    Examples
    --------
    >>> qr_target({"website": "javascript:alert(1)", "contact": "info@verein.example"})
    'mailto:info@verein.example'
    """
    website = str(attrs.get("website") or "").strip()
    if re.fullmatch(r"https?://[^\s<>\"]+", website):
        return website
    contact = str(attrs.get("contact") or "").strip()
    if re.fullmatch(r"[^\s@<>\"]+@[^\s@<>\"]+\.[^\s@<>\"]+", contact):
        return f"mailto:{contact}"
    return None


def qr_path(text: str) -> dict[str, Any]:
    """A QR code for ``text`` (made by segno, offline) as one SVG path of unit squares.

    The page draws it with ``createElementNS`` and ``setAttribute('d', …)``: no markup is
    parsed, and the text itself never reaches the page's DOM as HTML.

    Examples
    --------
    >>> code = qr_path("https://pfd.example")
    >>> code["size"], code["d"][:8]
    (29, 'M2 2h7v1')
    """
    qr = segno.make(text, error="m", micro=False)
    parts = []
    size = 0
    for y, row in enumerate(qr.matrix_iter(border=2)):
        cells = list(row)
        size = len(cells)
        x = 0
        while x < len(cells):
            if cells[x]:
                run = x
                while run < len(cells) and cells[run]:
                    run += 1
                parts.append(f"M{x} {y}h{run - x}v1h-{run - x}z")
                x = run
            else:
                x += 1
    return {"size": size, "d": "".join(parts)}


def node_metric(G: nx.Graph, metric: SizeBy) -> dict[str, float]:
    """How big each node is drawn: its degree, or its betweenness centrality.

    Betweenness is exact (the igraph kernel of :mod:`buendnisatlas.graph.centrality`) up to
    5,000 nodes; above, it is estimated from 100 sampled sources (fixed seed), which keeps
    a 10,000-node map within seconds — node sizes need ranks, not digits.

    Examples
    --------
    >>> node_metric(nx.path_graph(["a", "b", "c"]), "betweenness")["b"]
    1.0
    """
    if metric == "degree":
        return {n: float(d) for n, d in G.degree()}
    if metric == "betweenness":
        k = None if len(G) <= 5000 else 100
        return {str(n): v for n, v in betweenness_centrality(G, k=k, seed=1).items()}
    raise MapError(f"Unbekanntes Größenmaß „{metric}“ (erlaubt: degree, betweenness)")


def render_html(view: MapView) -> str:
    """The map as one self-contained HTML page (no request leaves it).

    Labels are not drawn by vis-network: the page places them itself (``map.js``), at a
    fixed size on screen, most important first, each only where it overlaps no other
    label and no node — so zooming in reveals more of them.
    """
    unit = screen_unit(view)
    net = pyvis_compat.new_network()
    pyvis_compat.add_nodes(net, (_vis_node(n, unit) for n in view.nodes))
    pyvis_compat.add_edges(net, ({**e, "width": round(e.get("width", 1) * unit, 2)} for e in view.edges))
    net.options = vis_options(view, unit)
    page = {
        "title": view.title,
        "subtitle": view.subtitle,
        "presentation": view.presentation,
        "kiosk": view.kiosk,
        "tour": view.tour,
        "grouped": view.grouped,
        "counts": {"nodes": len(view.nodes), "edges": len(view.edges)},
        "legend_colors": view.legend_colors,
        "legend_shapes": view.legend_shapes,
        "filters": view.filters,
        "size_label": view.size_label,
        "regions": view.regions,
        "region_kind": view.region_kind,
        "alliances": view.alliances,
        "hidden_note": view.hidden_note,
        "labels": {n["id"]: n["lines"] for n in view.nodes},
        "font": LABEL_FONT_PRESENTATION if view.presentation else LABEL_FONT,
    }
    return pyvis_compat.render(net, page)


def _vis_node(node: Mapping[str, Any], unit: float) -> dict[str, Any]:
    """A node as vis-network gets it: without a label of its own (the page draws the names)."""
    data = {k: v for k, v in node.items() if k != "lines"} | {"label": ""}
    if node.get("shape") == "box":
        # A box is sized by its label in vis-network; without one it needs a size of its own.
        data |= {
            "widthConstraint": {"minimum": round(30 * unit, 1)},
            "heightConstraint": {"minimum": round(18 * unit, 1)},
        }
    return data


def screen_unit(view: MapView) -> float:
    """Canvas units per screen pixel once the page has fitted the whole map on a screen.

    Node and edge sizes are given in pixels times this unit, so that a map of 30
    and one of 3,000 nodes look alike at first sight (vis-network never zooms in beyond 1).
    """
    if not view.nodes:
        return 1.0
    xs = [n["x"] for n in view.nodes] + [r["x"] + s * r["r"] for r in view.regions for s in (-1, 1)]
    ys = [n["y"] for n in view.nodes] + [r["y"] + s * r["r"] for r in view.regions for s in (-1, 1)]
    span = max(max(xs) - min(xs), (max(ys) - min(ys)) * 1.6)
    return max(span / 1000, 1.0)


def vis_options(view: MapView, unit: float = 1.0) -> dict[str, Any]:
    """vis-network options: positions fixed, physics off, no labels of its own (the page draws them)."""
    big = len(view.nodes) > 300
    low, high = ((6, 22) if view.presentation else (5, 20)) if not big else (3, 14)
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 1},
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "dragNodes": not view.presentation,
            "navigationButtons": False,
            "keyboard": False,  # the page has its own keys (arrows, + − 0 F Esc)
            "multiselect": False,
        },
        "manipulation": {"enabled": False},
        "configure": {"enabled": False},
        "nodes": {
            "borderWidth": 2,
            "scaling": {"min": low * unit, "max": high * unit, "label": {"enabled": False}},
        },
        "edges": {
            "smooth": False,
            "color": {"color": "#93a1b5" if view.presentation else "#a9b4c2", "opacity": 0.3, "highlight": "#ffb000"},
            "selectionWidth": 2,
        },
    }


# --- the parts of build_map -------------------------------------------------------


def _simple_graph(G: nx.MultiDiGraph) -> nx.Graph:
    simple = nx.Graph()
    simple.add_nodes_from(G.nodes)
    simple.add_edges_from((u, v) for u, v in G.edges() if u != v)
    return simple


def _without_spokes(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """``G`` without the membership and part-of edges into an alliance (they tie nobody)."""
    H = G.copy()
    H.remove_edges_from(
        [
            (u, v, k)
            for u, v, k, t in G.edges(keys=True, data="type")
            if t in (RelationType.MEMBER_OF, RelationType.PART_OF) and G.nodes[v].get("kind") == NodeKind.ALLIANCE
        ]
    )
    return H


def _hidden_tie_hints(full: nx.MultiDiGraph, visible: nx.MultiDiGraph, drawn: nx.MultiDiGraph) -> dict[str, str]:
    """Why a shown node has no tie on the map although it has some: they all lead to
    elements not ``visible`` to the audience (not merely outside an ego map)."""
    hints: dict[str, str] = {}
    for n in drawn:
        if drawn.degree(n) or n not in full:
            continue
        hidden = [(v, t) for _, v, t in full.out_edges(n, data="type")]
        hidden += [(u, t) for u, _, t in full.in_edges(n, data="type")]
        hidden = [(v, t) for v, t in hidden if v not in visible and full.nodes[v].get("kind") != NodeKind.ALLIANCE]
        if not hidden:
            continue
        in_body = any(
            t == RelationType.MEMBER_OF and full.nodes[v].get("kind") in (NodeKind.BODY, NodeKind.WORKING_GROUP)
            for v, t in hidden
        )
        hints[n] = HIDDEN_BODY if in_body else HIDDEN_ONLY
    return hints


def _arrange(
    G: nx.MultiDiGraph, simple: nx.Graph, ties: nx.Graph, ranks: Mapping[str, int], options: MapOptions
) -> tuple[Positions, list[Region]]:
    """Positions and group regions as ``options.arrange`` asks.

    The layout sees the drawn edges and the actors' ties (shared bodies, projects,
    events — :func:`~buendnisatlas.graph.ties.actor_ties`), so that actors who sit at one
    table end up near each other even where the table is not drawn.
    """
    layout_graph = simple.copy()
    layout_graph.add_edges_from(ties.edges())
    if options.arrange == "force":
        return layout_positions(layout_graph, seed=options.seed), []
    if options.arrange == "place":
        if not options.coordinates:
            raise MapError(
                "Für die Karte nach Orten fehlen die Koordinaten der Gemeinden "
                "(Längen- und Breitengrad aus dem Gemeindeverzeichnis)."
            )
        ranked = sorted(G.nodes, key=lambda n: ranks[n])
        place_of = {n: G.nodes[n].get("ags") for n in G}
        return place_positions(ranked, place_of, options.coordinates, options.region_names)
    if options.arrange not in ("sector", "community", "gemeinde"):
        raise MapError(f"Unbekannte Anordnung „{options.arrange}“ (erlaubt: sector, community, gemeinde, place, force)")
    group_of, labels = _groups(G, layout_graph, ranks, options)
    return clustered_positions(layout_graph, group_of, labels, seed=options.seed)


def _groups(
    G: nx.MultiDiGraph, layout_graph: nx.Graph, ranks: Mapping[str, int], options: MapOptions
) -> tuple[dict[str, str], dict[str, str]]:
    """Each node's group key and each key's caption, for the clustered layout.

    Actors go by their own sector or Gemeinde (or Teilnetz); a body, project or event
    without one joins the group most of its neighbours belong to.
    """
    group_of: dict[str, str] = {}
    labels: dict[str, str] = {}
    if options.arrange == "community":
        found = nx.community.louvain_communities(layout_graph, seed=options.seed) if len(layout_graph) else []
        found = sorted(found, key=lambda c: (-len(c), min(map(str, c))))
        for i, members in enumerate(found):
            key = f"teilnetz-{i + 1}" if len(members) > 1 else "einzeln"
            head = min(members, key=lambda n: ranks[n])
            labels[key] = f"um {G.nodes[head].get('name', head)}" if len(members) > 1 else "ohne Verbindungen"
            group_of.update(dict.fromkeys(members, key))
    else:
        for n, attrs in G.nodes(data=True):
            if options.arrange == "sector" and attrs.get("sector"):
                group_of[n] = attrs["sector"]
                labels[group_of[n]] = vocab.SECTOR.label(attrs["sector"])
            elif options.arrange == "gemeinde" and attrs.get("ags"):
                group_of[n] = attrs["ags"]
                labels[group_of[n]] = options.region_names.get(attrs["ags"], attrs["ags"])
        for n in sorted(G.nodes, key=lambda n: ranks[n]):
            if n in group_of:
                continue
            near = Counter(group_of[v] for v in layout_graph.neighbors(n) if v in group_of)
            if near:
                group_of[n] = min(near, key=lambda k: (-near[k], k))
            else:
                group_of[n] = "ohne"
                labels["ohne"] = "ohne Sektor" if options.arrange == "sector" else "ohne Gemeinde"
    sizes = Counter(group_of.values())
    keep = set(sorted(sizes, key=lambda k: (-sizes[k], k))[: MAX_GROUPS - 1]) if len(sizes) > MAX_GROUPS else set(sizes)
    for n, key in group_of.items():
        if key not in keep:
            group_of[n] = "weitere"
    labels["weitere"] = "weitere"
    return group_of, labels


def _ties_of(
    n: str, drawn: nx.MultiDiGraph, ties: nx.Graph, contexts: Mapping[str, str], most: int = 12
) -> list[list[str]]:
    """The side panel's list of what ``n`` is tied to: [id, name, how], strongest first.

    ``contexts`` names the shared tables (bodies, projects, …) as "Gremium X".
    """
    nodes = drawn.nodes
    rows: dict[str, list[str]] = defaultdict(list)
    if n in ties:
        for v, data in ties._adj[n].items():
            how = ["Kooperation"] if data.get("direct") else []
            how += [contexts[c] for c in data.get("contexts", [])]
            rows[v] += how
    for _, other, t in drawn.out_edges(n, data="type"):
        if other != n and nodes[other].get("kind") != NodeKind.ACTOR:
            rows[other].append(vocab.RELATION_TYPE.label(t or "").replace("_", " "))
    for other, _, t in drawn.in_edges(n, data="type"):
        if other != n and nodes[other].get("kind") != NodeKind.ACTOR:
            rows[other].append(vocab.RELATION_TYPE.label(t or "").replace("_", " "))
    ordered = heapq.nsmallest(most, rows, key=lambda v: (-len(rows[v]), str(nodes[v].get("name", v))))
    return [[v, str(nodes[v].get("name", v)), ", ".join(dict.fromkeys(rows[v]))] for v in ordered]


def _edge_labels(G: nx.MultiDiGraph) -> dict[tuple[str, str], list[str]]:
    """One entry per tied pair of nodes: the relations between them, in German."""
    labels: dict[tuple[str, str], list[str]] = defaultdict(list)
    for u, v, attrs in G.edges(data=True):
        if u == v:
            continue
        text = vocab.RELATION_TYPE.label(attrs.get("type", "")).replace("_", " ")
        if attrs.get("role"):
            text += f" ({attrs['role']})"
        labels[(u, v) if str(u) <= str(v) else (v, u)].append(text)
    return labels


def _alliances_of(G: nx.MultiDiGraph) -> dict[str, list[str]]:
    """For each node, the alliances it belongs to: itself, via PART_OF, or by membership."""
    part_of: dict[str, set[str]] = defaultdict(set)
    for u, v, attrs in G.edges(data=True):
        if attrs.get("type") == RelationType.PART_OF and G.nodes[v].get("kind") == NodeKind.ALLIANCE:
            part_of[u].add(v)
    result: dict[str, set[str]] = defaultdict(set)
    for n, attrs in G.nodes(data=True):
        if attrs.get("kind") == NodeKind.ALLIANCE:
            result[n].add(n)
        result[n] |= part_of.get(n, set())
    for u, v, attrs in G.edges(data=True):
        if attrs.get("type") == RelationType.MEMBER_OF:
            result[u] |= {v} if G.nodes[v].get("kind") == NodeKind.ALLIANCE else part_of.get(v, set())
    return {n: sorted(a) for n, a in result.items() if a}


def _roles(G: nx.MultiDiGraph) -> dict[str, list[str]]:
    roles: dict[str, list[str]] = defaultdict(list)
    for u, v, attrs in G.edges(data=True):
        if attrs.get("role"):
            roles[u].append(f"{attrs['role']} ({G.nodes[v].get('name', v)})")
    return roles


def _colors(
    G: nx.MultiDiGraph,
    simple: nx.Graph,
    alliances: dict[str, list[str]],
    options: MapOptions,
    names: nx.MultiDiGraph | None = None,
) -> tuple[dict[str, str], list[dict[str, str]]]:
    """Each node's colour and the legend that explains it (alliances named after their node in ``names``)."""
    names = G if names is None else names
    colors: dict[str, str] = {}
    legend: list[dict[str, str]] = []
    if options.color_by == "sector":
        for n, attrs in G.nodes(data=True):
            colors[n] = SECTOR_COLORS.get(attrs.get("sector") or "", NEUTRAL)
        present = {attrs.get("sector") for _, attrs in G.nodes(data=True)}
        legend = [{"color": c, "label": vocab.SECTOR.label(s)} for s, c in SECTOR_COLORS.items() if s in present]
        if any(colors[n] == NEUTRAL for n in G):
            legend.append({"color": NEUTRAL, "label": "ohne Sektor (Bündnisse, Gremien, Projekte …)"})
    elif options.color_by == "community":
        communities = sorted(louvain_communities(simple, seed=options.seed), key=lambda c: (-len(c), min(map(str, c))))
        for i, members in enumerate(communities):
            color = PALETTE[i % len(PALETTE)] if len(members) > 1 else NEUTRAL
            colors.update(dict.fromkeys(map(str, members), color))
            if len(members) > 1 and i < len(PALETTE):
                legend.append({"color": color, "label": f"Teilnetz {i + 1} ({len(members)} Elemente)"})
        if any(c == NEUTRAL for c in colors.values()) or len(communities) > len(PALETTE):
            legend.append({"color": NEUTRAL, "label": "weitere kleine Teilnetze"})
    elif options.color_by == "alliance":
        ids = sorted({a for members in alliances.values() for a in members})
        own = {a: PALETTE[i % len(PALETTE)] for i, a in enumerate(ids)}
        several = "#ffffff" if options.presentation else "#2b2b2b"
        for n in G:
            mine = alliances.get(n, [])
            colors[n] = own[mine[0]] if len(mine) == 1 else several if mine else NEUTRAL
        legend = [{"color": own[a], "label": str(names.nodes[a].get("name", a))} for a in ids if a in names]
        legend += [{"color": several, "label": "mehrere Bündnisse"}, {"color": NEUTRAL, "label": "ohne Bündnis"}]
    else:
        raise MapError(f"Unbekannte Färbung „{options.color_by}“ (erlaubt: sector, community, alliance)")
    return colors, legend


def _color_spec(color: str) -> dict[str, Any]:
    return {
        "background": color,
        "border": "#ffffff",
        "highlight": {"background": color, "border": "#ffb000"},
        "hover": {"background": color, "border": "#ffb000"},
    }


def _info(
    attrs: Mapping[str, Any],
    roles: list[str],
    alliances: list[str],
    G: nx.MultiDiGraph,
    region_names: Mapping[str, str],
) -> dict[str, Any]:
    """The tooltip's content as plain strings; the page builds it with textContent."""
    kind = attrs.get("kind", "")
    art = KIND_LABELS.get(kind, kind) if kind else "Element"
    if kind == NodeKind.ACTOR:
        art = vocab.ELEMENT_TYPE.label(attrs.get("form") or ActorForm.ORGANISATION)
    if attrs.get("subtype"):
        art += f" · {attrs['subtype']}"
    rows = [["Art", art]]
    if attrs.get("sector"):
        rows.append(["Sektor", vocab.SECTOR.label(attrs["sector"])])
    if attrs.get("ags"):
        rows.append(["Gemeinde", region_names.get(attrs["ags"], attrs["ags"])])
    if attrs.get("topics"):
        rows.append(["Themen", ", ".join(vocab.TOPIC.label(t) for t in attrs["topics"])])
    others = [str(G.nodes[a].get("name", a)) for a in alliances if a in G and G.nodes[a].get("kind") != kind]
    if others:
        rows.append(["Bündnisse", ", ".join(others)])
    if roles:
        rows.append(["Rollen", "; ".join(sorted(roles))])
    if attrs.get("date"):
        rows.append(["Datum", f"{attrs['date']:%d.%m.%Y}" if isinstance(attrs["date"], date) else str(attrs["date"])])
    if attrs.get("contact"):
        rows.append(["Kontakt", str(attrs["contact"])])
    if attrs.get("website"):
        rows.append(["Webseite", str(attrs["website"])])
    name = str(attrs.get("name", ""))
    # The search key is folded here, by the one fold() of the package; the page folds only the query.
    return {"name": name, "search": fold(name), "rows": rows}


def _filters(
    G: nx.MultiDiGraph, alliances: dict[str, list[str]], names: nx.MultiDiGraph | None = None
) -> dict[str, list[dict[str, Any]]]:
    """The choices of the page's filter menus, with how many nodes of ``G`` each has.

    An alliance is named after its node in ``names`` (default ``G``): it may not be drawn itself.
    """
    names = G if names is None else names
    sectors = Counter(attrs.get("sector") for _, attrs in G.nodes(data=True) if attrs.get("sector"))
    topics = Counter(t for _, attrs in G.nodes(data=True) for t in attrs.get("topics") or [])
    members = Counter(a for n in G for a in alliances.get(n, []))
    return {
        "sector": [
            {"value": s, "label": vocab.SECTOR.label(s), "count": sectors[s]} for s in SECTOR_COLORS if s in sectors
        ],
        "topics": [
            {"value": t, "label": vocab.TOPIC.label(t), "count": topics[t]} for t in vocab.TOPICS if t in topics
        ],
        "alliances": [
            {"value": a, "label": str(names.nodes[a].get("name", a)), "count": members[a]}
            for a in sorted((a for a in members if a in names), key=lambda a: str(names.nodes[a].get("name", a)))
        ],
    }


# --- the collapsed overview ----------------------------------------------------------


def _overview(G: nx.MultiDiGraph, alliances: dict[str, list[str]], options: MapOptions) -> MapView:
    """One node per group (sector, Gemeinde or alliance), ties counted between groups."""
    assert options.group_by is not None
    group_of: dict[str, tuple[str, str]] = {}
    for n, attrs in G.nodes(data=True):
        group_of[n] = _group_key(n, attrs, alliances, G, options)
    sizes = Counter(group_of.values())
    between: Counter[tuple[tuple[str, str], tuple[str, str]]] = Counter()
    inside: Counter[tuple[str, str]] = Counter()
    for u, v in G.edges():
        gu, gv = group_of[u], group_of[v]
        if gu == gv:
            inside[gu] += 1
        else:
            between[(min(gu, gv), max(gu, gv))] += 1
    groups = sorted(sizes)
    ids = {g: f"gruppe:{g[0]}" for g in groups}
    simple = nx.Graph()
    simple.add_nodes_from(ids.values())
    simple.add_edges_from((ids[a], ids[b]) for a, b in between)
    positions = layout_positions(simple, seed=options.seed, scale=150.0 * math.sqrt(len(groups) + 1))
    nodes = []
    legend = []
    by_size = {g: i for i, g in enumerate(sorted(groups, key=lambda g: (-sizes[g], g)))}
    for i, g in enumerate(groups):
        key, label = g
        color = SECTOR_COLORS.get(key, NEUTRAL) if options.group_by == "sector" else PALETTE[i % len(PALETTE)]
        x, y = positions[ids[g]]
        nodes.append(
            {
                "id": ids[g],
                "lines": label_lines(f"{label} ({sizes[g]})"),
                "rank": by_size[g],
                "shape": "dot",
                "x": round(x, 1),
                "y": round(y, 1),
                "value": float(sizes[g]),
                "color": _color_spec(color),
                "info": {
                    "name": label,
                    "search": fold(label),
                    "rows": [
                        [GROUP_LABELS[options.group_by], label],
                        ["Elemente", str(sizes[g])],
                        ["Beziehungen innerhalb", str(inside[g])],
                    ],
                },
                "facets": {
                    "sector": key if options.group_by == "sector" else "",
                    "kind": "",
                    "topics": [],
                    "alliances": [],
                },
            }
        )
        legend.append({"color": color, "label": label})
    edges = [
        {"from": ids[a], "to": ids[b], "title": f"{count} Beziehungen", "width": 1 + 2 * math.log(count)}
        for (a, b), count in sorted(between.items())
    ]
    return MapView(
        title=options.title,
        subtitle=" · ".join(p for p in (f"Übersicht nach {GROUP_LABELS[options.group_by]}", options.subtitle) if p),
        presentation=options.presentation,
        nodes=nodes,
        edges=edges,
        legend_colors=legend if len(legend) <= 30 else [],
        legend_shapes=[{"shape": "dot", "label": f"{GROUP_LABELS[options.group_by]} (Größe: Zahl der Elemente)"}],
        filters={"sector": [], "topics": [], "alliances": []},
        size_label="Zahl der Elemente",
        grouped=True,
    )


def _group_key(
    n: str, attrs: Mapping[str, Any], alliances: dict[str, list[str]], G: nx.MultiDiGraph, options: MapOptions
) -> tuple[str, str]:
    kind = attrs.get("kind", "")
    if options.group_by == "sector":
        if attrs.get("sector"):
            return attrs["sector"], vocab.SECTOR.label(attrs["sector"])
        if kind == NodeKind.ACTOR:
            return "ohne-sektor", "Sektor unbekannt"
        return f"art-{kind}", KIND_LABELS.get(kind, "Sonstige")
    if options.group_by == "gemeinde":
        ags = attrs.get("ags")
        return (ags, options.region_names.get(ags, ags)) if ags else ("ohne-gemeinde", "ohne Gemeinde")
    mine = alliances.get(n, [])
    if len(mine) == 1:
        return mine[0], str(G.nodes[mine[0]].get("name", mine[0]))
    return ("mehrere", "mehrere Bündnisse") if mine else ("ohne-buendnis", "ohne Bündnis")
