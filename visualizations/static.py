"""Static pictures of a map (PNG, SVG, PDF) for printed reports, drawn with matplotlib.

The picture shows the same :class:`~.maps.MapView` as the HTML page: the same nodes
(after the visibility policy), positions, group regions, colours and legend, and the
same label rules — most important first, a name only where it overlaps no other name
and no node; an important element whose name does not fit gets a number, explained in
a numbered list beside the map. A4 landscape; PNG at 300 dpi. Text is drawn without
matplotlib's math parsing, so a ``$`` in a name stays a ``$``.

(The page places its labels in ``templates/map.js`` on every zoom; this module places them
once for paper, by the same rule.)
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

# A bare Figure, not pyplot: no GUI backend, no global state, nothing to close.
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Circle

from .maps import NODE_SIZE, MapView

ImageFormat = Literal["png", "svg", "pdf"]
# vis-network shapes → matplotlib markers
MARKERS: dict[str, Any] = {
    "dot": "o",
    "star": "*",
    "diamond": "D",
    "hexagon": "h",
    "square": "s",
    "triangle": "^",
    "triangleDown": "v",
    "box": [(-1.5, -0.9), (1.5, -0.9), (1.5, 0.9), (-1.5, 0.9), (-1.5, -0.9)],  # a wide rectangle, as on the page
}
A4_LANDSCAPE = (11.69, 8.27)
DPI = 300
LABEL_PT = 6.5
NUMBERED_MAX = 24  # numbered names in the list beside the map
LEADERS = 25  # this many of the most important names may stand off with a leader line (as on the page)


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1


def free_spot(anchor: tuple[float, float], radius: float, size: tuple[float, float], taken: list[Box]) -> Box | None:
    """The first of eight spots around a node (below, above, right, left, corners) where a
    ``size`` box overlaps nothing ``taken``; ``None`` if there is none.

    Examples
    --------
    >>> free_spot((0, 0), 1, (4, 2), []) == Box(-2.0, -3.0, 2.0, -1.0)  # below the node
    True
    >>> free_spot((0, 0), 1, (4, 2), [Box(-100, -100, 100, 100)]) is None
    True
    """
    x, y = anchor
    w, h = size
    # display coordinates: y grows upwards, so "below" is y - …
    spots = [
        (x, y - radius - h / 2),
        (x, y + radius + h / 2),
        (x + radius + w / 2, y),
        (x - radius - w / 2, y),
        (x + radius + w / 2, y - radius - h / 2),
        (x - radius - w / 2, y - radius - h / 2),
        (x + radius + w / 2, y + radius + h / 2),
        (x - radius - w / 2, y + radius + h / 2),
    ]
    for cx, cy in spots:
        box = Box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
        if not any(box.overlaps(t) for t in taken):
            return box
    return None


def write_static(view: MapView, path: str | Path | IO[bytes], fmt: ImageFormat = "png") -> None:
    """Draw ``view`` into ``path`` (a file name or a binary file) as PNG (300 dpi), SVG or PDF, A4 landscape."""
    if fmt not in ("png", "svg", "pdf"):
        raise ValueError(f"unknown image format {fmt!r}")
    fig = draw_static(view)
    fig.savefig(path, format=fmt, facecolor=fig.get_facecolor(), dpi=DPI)


def draw_static(view: MapView) -> Figure:
    """The A4 landscape figure of ``view``: map, region captions, names, legends."""
    dark = view.presentation
    fg, bg = ("#ffffff", "#0d1626") if dark else ("#1b2430", "#ffffff")
    fig = Figure(figsize=A4_LANDSCAPE, dpi=DPI)
    FigureCanvasAgg(fig)  # text extents need a renderer before saving
    fig.patch.set_facecolor(bg)
    ax = fig.add_axes((0.01, 0.05, 0.72, 0.86))
    ax.set_facecolor(bg)
    ax.set_axis_off()
    ax.set_aspect("equal", adjustable="box")
    # screen y grows downwards, plot y upwards
    pos = {n["id"]: (n["x"], -n["y"]) for n in view.nodes}
    for region in view.regions:
        ax.add_patch(
            Circle(
                (region["x"], -region["y"]),
                region["r"],
                facecolor=region["color"],
                alpha=0.12,
                edgecolor=region["color"],
                linewidth=0.8,
                zorder=0,
            )
        )
    drawn = [e for e in view.edges if e["from"] in pos and e["to"] in pos]
    segments = [(pos[e["from"]], pos[e["to"]]) for e in drawn]
    widths = [0.3 * e.get("width", 1) for e in drawn]
    ax.add_collection(LineCollection(segments, colors="#93a1b5", linewidths=widths, alpha=0.35, zorder=1))
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
                linewidths=0.5,
                zorder=2,
            )
    xs = [p[0] for p in pos.values()] + [r["x"] + s * r["r"] for r in view.regions for s in (-1, 1)]
    ys = [p[1] for p in pos.values()] + [-r["y"] + s * r["r"] for r in view.regions for s in (-1, 1)]
    if xs:
        pad = 0.04 * max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
        ax.set_xlim(min(xs) - pad, max(xs) + pad)
        ax.set_ylim(min(ys) - pad, max(ys) + pad)
    ax.apply_aspect()
    numbered = _labels(fig, ax, view, pos, sizes, fg, bg)
    fig.text(0.01, 0.965, view.title, color=fg, fontsize=14, fontweight="bold", parse_math=False, va="top")
    caption = f"{len(view.nodes)} Elemente · {len(view.edges)} Verbindungen · Größe: {view.size_label}"
    if view.subtitle:
        caption = f"{view.subtitle} · {caption}"
    fig.text(0.01, 0.925, caption, color=fg, fontsize=7.5, parse_math=False, va="top")
    _legend(fig, view, numbered, fg, bg)
    return fig


def _labels(
    fig: Figure,
    ax: Axes,
    view: MapView,
    pos: dict[str, tuple[float, float]],
    sizes: dict[str, float],
    fg: str,
    bg: str,
) -> list[tuple[int, str]]:
    """Place captions and names without overlaps; return the numbered (number, name) pairs."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # FigureCanvasAgg
    to_px = ax.transData.transform
    px_per_pt = DPI / 72
    font = FontProperties(family="DejaVu Sans", size=LABEL_PT)
    bold = FontProperties(family="DejaVu Sans", size=LABEL_PT * 1.25, weight="bold")
    frame = ax.get_window_extent()
    inside = Box(frame.x0, frame.y0, frame.x1, frame.y1)
    taken: list[Box] = []
    for n in view.nodes:
        x, y = to_px(pos[n["id"]])
        r = (sizes[n["id"]] ** 0.5) / 2 * px_per_pt + 1
        taken.append(Box(x - r, y - r, x + r, y + r))

    def extent(text: str, props: FontProperties) -> tuple[float, float]:
        lines = text.split("\n")
        width = max(renderer.get_text_width_height_descent(line, props, ismath=False)[0] for line in lines)
        line_height = props.get_size_in_points() * px_per_pt * 1.25
        return width + 6, line_height * len(lines) + 4

    def fits(box: Box) -> bool:
        return box.x0 >= inside.x0 and box.x1 <= inside.x1 and box.y0 >= inside.y0 and box.y1 <= inside.y1

    def put(box: Box, text: str, props: FontProperties, color: str) -> None:
        taken.append(box)
        x, y = ax.transData.inverted().transform(((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2))
        ax.text(
            x,
            y,
            text,
            fontproperties=props,
            color=color,
            ha="center",
            va="center",
            zorder=4,
            parse_math=False,
            linespacing=1.1,
        )

    for region in sorted(view.regions, key=lambda r: -r["size"]):
        text = f"{region['label']} ({region['size']})"
        w, h = extent(text, bold)
        cx, cy = to_px((region["x"], -region["y"]))
        top = to_px((region["x"], -region["y"] + region["r"]))[1]
        for y in (top + h / 2 + 2, 2 * cy - top - h / 2 - 2, top - h / 2 - 2):
            box = Box(cx - w / 2, y - h / 2, cx + w / 2, y + h / 2)
            if fits(box) and not any(box.overlaps(t) for t in taken):
                put(box, text, bold, fg)
                break
    numbered: list[tuple[int, str]] = []
    font_px = LABEL_PT * px_per_pt
    for k, n in enumerate(sorted(view.nodes, key=lambda n: n.get("rank", 0))):
        px, py = to_px(pos[n["id"]])
        anchor = (float(px), float(py))
        r = (sizes[n["id"]] ** 0.5) / 2 * px_per_pt + 1
        text = "\n".join(n["lines"])
        size = extent(text, font)
        spot = free_spot(anchor, r, size, taken)
        if spot is not None and fits(spot):
            put(spot, text, font, fg)
            continue
        # As on the page: the most important names may stand off with a leader line.
        far = [free_spot(anchor, r + d, size, taken) for d in (2 * font_px, 4 * font_px)] if k < LEADERS else []
        spot = next((b for b in far if b is not None and fits(b)), None)
        if spot is not None:
            put(spot, text, font, fg)
            cx, cy = (spot.x0 + spot.x1) / 2, (spot.y0 + spot.y1) / 2
            length = max(((cx - anchor[0]) ** 2 + (cy - anchor[1]) ** 2) ** 0.5, 1.0)
            ux, uy = (cx - anchor[0]) / length, (cy - anchor[1]) / length
            start = ax.transData.inverted().transform((anchor[0] + ux * r, anchor[1] + uy * r))
            end = ax.transData.inverted().transform(_edge_point(spot, anchor))
            ax.plot([start[0], end[0]], [start[1], end[1]], color=fg, linewidth=0.4, alpha=0.6, zorder=3)
            continue
        if len(numbered) >= NUMBERED_MAX:
            continue
        number = str(len(numbered) + 1)
        spot = free_spot(anchor, r, extent(number, bold), taken)
        if spot is not None and fits(spot):
            put(spot, number, bold, fg)
            numbered.append((len(numbered) + 1, n["info"]["name"]))
    return numbered


def _edge_point(box: Box, toward: tuple[float, float]) -> tuple[float, float]:
    """Where the line from ``box``'s middle to ``toward`` leaves the box."""
    cx, cy = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
    dx, dy = toward[0] - cx, toward[1] - cy
    scale = min(
        (box.x1 - cx) / abs(dx) if dx else float("inf"),
        (box.y1 - cy) / abs(dy) if dy else float("inf"),
    )
    return (cx + dx * scale, cy + dy * scale) if scale != float("inf") else (cx, cy)


def _legend(fig: Figure, view: MapView, numbered: list[tuple[int, str]], fg: str, bg: str) -> None:
    """Colours, then the numbered names, in the column right of the map."""
    handles = [
        Line2D([], [], marker="o", linestyle="", markersize=6, markerfacecolor=item["color"], markeredgecolor=bg)
        for item in view.legend_colors
    ]
    top = 0.91
    if handles:
        legend = fig.legend(
            handles,
            [item["label"] for item in view.legend_colors],
            loc="upper left",
            bbox_to_anchor=(0.74, top),
            fontsize=6.5,
            frameon=False,
            labelcolor=fg,
            title="Farben",
            title_fontsize=7.5,
            alignment="left",
        )
        legend.get_title().set_color(fg)
        for text in legend.get_texts():
            text.set_parse_math(False)
        fig.draw_without_rendering()
        box = legend.get_window_extent(fig.canvas.get_renderer()).transformed(fig.transFigure.inverted())  # type: ignore[attr-defined]
        top = box.y0 - 0.02
    if numbered:
        fig.text(0.745, top, "Nummerierte Elemente", color=fg, fontsize=7.5, fontweight="bold", va="top")
        entries = [textwrap.wrap(f"{number}  {name}", 56, subsequent_indent="     ") for number, name in numbered]
        step = min(0.016, (top - 0.03) / (sum(len(e) for e in entries) + 1.5))
        line = 1.3
        for entry in entries:
            fig.text(0.745, top - line * step, "\n".join(entry), color=fg, fontsize=6, va="top", parse_math=False)
            line += len(entry) + 0.15


def _marker_sizes(view: MapView) -> dict[str, float]:
    """Marker areas (pt²) scaled like vis-network scales ``value`` between its min and max size."""
    values = [float(n.get("value", 0)) for n in view.nodes]
    low, high = (min(values), max(values)) if values else (0.0, 0.0)
    small, big = NODE_SIZE
    sizes = {}
    for n in view.nodes:
        share = 0.5 if high == low else (float(n.get("value", 0)) - low) / (high - low)
        radius = (small + share * (big - small)) / 3.5
        sizes[n["id"]] = radius * radius
    return sizes
