"""Network maps: from a graph view to a map model, and from that to an HTML page.

:func:`build_map` turns a NetworkX view of the store into a :class:`MapView` — what is
shown (after the visibility policy), where (positions computed in Python), in which
colour, shape and size, with the legend and filter choices. :func:`render_html`
renders a view as one self-contained, offline HTML page; :mod:`.static` draws the same
view as PNG or SVG.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

import networkx as nx

from buendnisatlas.graph import vocab
from buendnisatlas.graph.centrality import betweenness_centrality
from buendnisatlas.graph.model import KIND_LABELS
from buendnisatlas.graph.text import fold
from buendnisatlas.graph.visibility import visible_subgraph
from buendnisatlas.graph.vocab import ActorForm, NodeKind, RelationType, Visibility

from . import pyvis_compat
from .layout import layout_positions

ColorBy = Literal["sector", "community", "alliance"]
SizeBy = Literal["degree", "betweenness"]
GroupBy = Literal["sector", "gemeinde", "alliance"]

# Above this many nodes the CLI suggests the collapsed overview (--group-by).
OVERVIEW_SUGGESTED_ABOVE = 5000
LABEL_MAX = 40
NODE_SIZE = (10.0, 45.0)

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
SIZE_LABELS: dict[str, str] = {"degree": "Zahl der Verbindungen", "betweenness": "Brückenstellung (Betweenness)"}


class MapError(ValueError):
    """A map cannot be drawn as asked (message in German, for the user)."""


@dataclass(frozen=True)
class MapOptions:
    """What a map shows and how; the CLI options one to one."""

    audience: Visibility = Visibility.RESTRICTED
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

    @property
    def node_ids(self) -> set[str]:
        return {n["id"] for n in self.nodes}


def build_map(G: nx.MultiDiGraph, options: MapOptions | None = None) -> MapView:
    """Everything a map shows of ``G``, for ``options.audience``.

    The visibility policy is applied first, so nothing else here ever sees a node the
    audience may not see; an ego map is cut from what is visible.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("v", kind="actor", name="Verein", sector="civil_society", visibility="public")
    >>> G.add_node("p", kind="actor", form="person", name="Eva", visibility="public")
    >>> G.add_edge("p", "v", type="COOPERATES_WITH")
    0
    >>> sorted(build_map(G, MapOptions(audience=Visibility.PUBLIC)).node_ids)
    ['v']
    """
    options = options or MapOptions()
    G = visible_subgraph(G, options.audience)
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

    simple = _simple_graph(G)
    metric = node_metric(simple, options.size_by)
    positions = layout_positions(simple, seed=options.seed)
    colors, legend_colors = _colors(G, simple, alliances, options)
    roles = _roles(G)
    nodes = []
    for n in sorted(G.nodes, key=str):
        attrs = G.nodes[n]
        x, y = positions[n]
        nodes.append(
            {
                "id": n,
                "label": _short(attrs.get("name") or n),
                "shape": KIND_SHAPES.get(attrs.get("kind", ""), "dot"),
                "x": round(x, 1),
                "y": round(y, 1),
                "value": metric.get(n, 0.0),
                "color": _color_spec(colors[n]),
                "info": _info(attrs, roles.get(n, []), alliances.get(n, []), G, options.region_names),
                "facets": {
                    "sector": attrs.get("sector") or "",
                    "topics": list(attrs.get("topics") or []),
                    "alliances": sorted(alliances.get(n, [])),
                },
            }
        )
    edges = [
        {"from": u, "to": v, "title": "\n".join(sorted(labels)), "width": 1 + math.log(len(labels))}
        for (u, v), labels in sorted(_edge_labels(G).items())
    ]
    kinds_present = {G.nodes[n].get("kind") for n in G}
    return MapView(
        title=options.title,
        subtitle=options.subtitle,
        presentation=options.presentation,
        nodes=nodes,
        edges=edges,
        legend_colors=legend_colors,
        legend_shapes=[{"shape": KIND_SHAPES[k], "label": KIND_LABELS[k]} for k in NodeKind if k in kinds_present],
        filters=_filters(G, alliances),
        size_label=SIZE_LABELS[options.size_by],
    )


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
    """The map as one self-contained HTML page (no request leaves it)."""
    unit = screen_unit(view)
    # Small labels are drawn below vis-network's drawThreshold: they appear on zooming in
    # (and in tooltips), so that the first view shows legible headline names, not a blur.
    big_font, small_font = (22, 6) if view.presentation else (16, 6)
    headline = _headline_nodes(view, big_font * unit)
    net = pyvis_compat.new_network()
    pyvis_compat.add_nodes(
        net,
        (
            {**n, "font": {"size": round((big_font if n["id"] in headline else small_font) * unit, 1)}}
            for n in view.nodes
        ),
    )
    pyvis_compat.add_edges(net, ({**e, "width": round(e.get("width", 1) * unit, 2)} for e in view.edges))
    net.options = vis_options(view, unit)
    page = {
        "title": view.title,
        "subtitle": view.subtitle,
        "presentation": view.presentation,
        "grouped": view.grouped,
        "counts": {"nodes": len(view.nodes), "edges": len(view.edges)},
        "legend_colors": view.legend_colors,
        "legend_shapes": view.legend_shapes,
        "filters": view.filters,
        "size_label": view.size_label,
    }
    return pyvis_compat.render(net, page)


def screen_unit(view: MapView) -> float:
    """Canvas units per screen pixel once the page has fitted the whole map on a screen.

    Node, label and edge sizes are given in pixels times this unit, so that a map of 30
    and one of 3,000 nodes look alike at first sight (vis-network never zooms in beyond 1).
    """
    if not view.nodes:
        return 1.0
    xs = [n["x"] for n in view.nodes]
    ys = [n["y"] for n in view.nodes]
    span = max(max(xs) - min(xs), (max(ys) - min(ys)) * 1.6)
    return max(span / 1000, 1.0)


def _headline_nodes(view: MapView, font: float) -> set[str]:
    """The nodes whose names are legible before zooming in: the largest ones whose
    labels (``font`` canvas units high) do not overlap a larger one's."""
    count = min(16, max(6, len(view.nodes) // 8)) if view.presentation else min(40, max(12, len(view.nodes) // 5))
    if view.grouped:
        count = len(view.nodes)  # an overview is about its groups: name them all
    ranked = sorted(view.nodes, key=lambda n: (-float(n.get("value", 0)), str(n["id"])))
    taken: list[tuple[float, float, float, float]] = []
    chosen: set[str] = set()
    for n in ranked:
        if len(chosen) >= count:
            break
        half = 0.3 * font * len(n["label"])
        box = (n["x"] - half, n["y"], n["x"] + half, n["y"] + 2.2 * font)  # the label sits below its node
        if not any(box[0] < t[2] and t[0] < box[2] and box[1] < t[3] and t[1] < box[3] for t in taken):
            taken.append(box)
            chosen.add(n["id"])
    return chosen


def vis_options(view: MapView, unit: float = 1.0) -> dict[str, Any]:
    """vis-network options: positions fixed, physics off, labels readable on a projector."""
    big = len(view.nodes) > 300
    low, high = (9, 40) if view.presentation else (6, 28) if not big else (3, 20)
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
            "multiselect": False,
        },
        "manipulation": {"enabled": False},
        "configure": {"enabled": False},
        "nodes": {
            "borderWidth": 2,
            "font": {
                "face": "Inter, Segoe UI, Helvetica, Arial, sans-serif",
                "color": "#ffffff" if view.presentation else "#1b2430",
                "strokeWidth": round(5 * unit, 1),
                "strokeColor": "#0d1626" if view.presentation else "#ffffff",
            },
            # Sizes per node follow its value; its label size is set per node (the
            # headline nodes large). Labels drawn smaller than drawThreshold pixels are
            # left out until one zooms in: the important names legible, not all as a blur.
            "scaling": {
                "min": low * unit,
                "max": high * unit,
                "label": {"enabled": False, "drawThreshold": 8, "maxVisible": 40},
            },
        },
        "edges": {
            "smooth": False,
            "color": {"color": "#93a1b5" if view.presentation else "#a9b4c2", "opacity": 0.55, "highlight": "#ffb000"},
            "selectionWidth": 2,
        },
    }


# --- the parts of build_map -------------------------------------------------------


def _simple_graph(G: nx.MultiDiGraph) -> nx.Graph:
    simple = nx.Graph()
    simple.add_nodes_from(G.nodes)
    simple.add_edges_from((u, v) for u, v in G.edges() if u != v)
    return simple


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
    G: nx.MultiDiGraph, simple: nx.Graph, alliances: dict[str, list[str]], options: MapOptions
) -> tuple[dict[str, str], list[dict[str, str]]]:
    """Each node's colour and the legend that explains it."""
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
        communities = sorted(
            nx.community.louvain_communities(simple, seed=options.seed), key=lambda c: (-len(c), min(map(str, c)))
        )
        for i, members in enumerate(communities):
            color = PALETTE[i % len(PALETTE)] if len(members) > 1 else NEUTRAL
            colors.update(dict.fromkeys(members, color))
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
        legend = [{"color": own[a], "label": str(G.nodes[a].get("name", a))} for a in ids]
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
    if attrs.get("website"):
        rows.append(["Webseite", str(attrs["website"])])
    name = str(attrs.get("name", ""))
    # The search key is folded here, by the one fold() of the package; the page folds only the query.
    return {"name": name, "search": fold(name), "rows": rows}


def _filters(G: nx.MultiDiGraph, alliances: dict[str, list[str]]) -> dict[str, list[dict[str, Any]]]:
    """The choices of the page's filter menus, with how many nodes each has."""
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
            {"value": a, "label": str(G.nodes[a].get("name", a)), "count": members[a]}
            for a in sorted(members, key=lambda a: str(G.nodes[a].get("name", a)))
            if a in G
        ],
    }


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1] + "…"


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
    for i, g in enumerate(groups):
        key, label = g
        color = SECTOR_COLORS.get(key, NEUTRAL) if options.group_by == "sector" else PALETTE[i % len(PALETTE)]
        x, y = positions[ids[g]]
        nodes.append(
            {
                "id": ids[g],
                "label": f"{_short(label)} ({sizes[g]})",
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
                "facets": {"sector": key if options.group_by == "sector" else "", "topics": [], "alliances": []},
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
