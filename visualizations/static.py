"""Static pictures of a map (PNG, SVG) for printed reports, drawn with matplotlib.

The picture shows the same :class:`~.maps.MapView` as the HTML page: the same nodes
(after the visibility policy), positions, colours and legend. Text is drawn without
matplotlib's math parsing, so a ``$`` in a name stays a ``$``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

# A bare Figure, not pyplot: no GUI backend, no global state, nothing to close.
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .maps import NODE_SIZE, MapView

ImageFormat = Literal["png", "svg"]
# vis-network shapes → matplotlib markers
MARKERS = {"dot": "o", "star": "*", "diamond": "D", "hexagon": "h", "square": "s", "triangle": "^", "triangleDown": "v"}
LABELLED_NODES = 40


def write_static(view: MapView, path: str | Path, fmt: ImageFormat = "png") -> None:
    """Draw ``view`` into ``path`` as PNG or SVG (A4 landscape proportions)."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"unknown image format {fmt!r}")
    dark = view.presentation
    fg, bg = ("#ffffff", "#0d1626") if dark else ("#1b2430", "#ffffff")
    fig = Figure(figsize=(11.69, 8.27), dpi=150)
    ax = fig.subplots()
    fig.patch.set_facecolor(bg)
    ax.set_facecolor(bg)
    ax.set_axis_off()
    # screen y grows downwards, plot y upwards
    pos = {n["id"]: (n["x"], -n["y"]) for n in view.nodes}
    segments = [(pos[e["from"]], pos[e["to"]]) for e in view.edges if e["from"] in pos and e["to"] in pos]
    widths = [0.4 * e.get("width", 1) for e in view.edges if e["from"] in pos and e["to"] in pos]
    ax.add_collection(LineCollection(segments, colors="#93a1b5", linewidths=widths, alpha=0.6, zorder=1))
    sizes = _marker_sizes(view)
    for marker_shape, marker in MARKERS.items():
        chosen = [n for n in view.nodes if n.get("shape", "dot") == marker_shape]
        if chosen:
            ax.scatter(
                [pos[n["id"]][0] for n in chosen],
                [pos[n["id"]][1] for n in chosen],
                s=[sizes[n["id"]] for n in chosen],
                c=[n["color"]["background"] for n in chosen],
                marker=marker,
                edgecolors=fg if dark else "#ffffff",
                linewidths=0.8,
                zorder=2,
            )
    for n in sorted(view.nodes, key=lambda n: -sizes[n["id"]])[:LABELLED_NODES]:
        x, y = pos[n["id"]]
        ax.text(x, y, " " + n["label"], fontsize=7, color=fg, va="center", zorder=3, parse_math=False, clip_on=True)
    if view.nodes:
        ax.autoscale_view()
        ax.margins(0.05)
    ax.set_title(view.title, color=fg, fontsize=14, loc="left", parse_math=False)
    handles = [
        Line2D([], [], marker="o", linestyle="", markersize=8, markerfacecolor=item["color"], markeredgecolor=bg)
        for item in view.legend_colors
    ]
    if handles:
        legend = ax.legend(
            handles,
            [item["label"] for item in view.legend_colors],
            loc="upper left",
            bbox_to_anchor=(1.0, 1.0),
            fontsize=7,
            frameon=False,
            labelcolor=fg,
        )
        for text in legend.get_texts():
            text.set_parse_math(False)
    caption = f"{len(view.nodes)} Elemente · {len(view.edges)} Verbindungen · Größe: {view.size_label}"
    if view.subtitle:
        caption = f"{view.subtitle} · {caption}"
    fig.text(0.01, 0.01, caption, color=fg, fontsize=7, parse_math=False)
    fig.savefig(path, format=fmt, facecolor=bg, bbox_inches="tight")


def _marker_sizes(view: MapView) -> dict[str, float]:
    """Marker areas scaled like vis-network scales ``value`` between its min and max size."""
    values = [float(n.get("value", 0)) for n in view.nodes]
    low, high = (min(values), max(values)) if values else (0.0, 0.0)
    small, big = NODE_SIZE
    sizes = {}
    for n in view.nodes:
        share = 0.5 if high == low else (float(n.get("value", 0)) - low) / (high - low)
        radius = (small + share * (big - small)) / 2.5
        sizes[n["id"]] = radius * radius
    return sizes
