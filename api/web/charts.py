"""Small pictures drawn on the server as inline SVG: an introduction path, a benchmark strip.

No script and nothing from outside: the SVG is part of the page, prints with it and is
read out by screen readers through its ``aria-label`` (every text in it is escaped).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from markupsafe import Markup

from buendnisatlas.graph.ties import VIA_LABELS

_BOX_W, _BOX_H, _GAP = 150, 46, 78


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _lines(text: str, width: int = 20) -> list[str]:
    """A name in at most two lines of about ``width`` characters."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    if len(lines) > 2:
        lines = [lines[0], _short(" ".join(lines[1:]), width)]
    return [_short(x, width + 2) for x in lines]


def path_svg(path: Sequence[Mapping[str, Any]], described: str, uid: str = "1") -> Markup:
    """An introduction path as boxes and arrows: a member, whom they know, the candidate.

    ``described`` is the path in words (its accessible name); ``uid`` tells apart the
    arrowheads of several pictures on one page (ids are unique per page).

    >>> svg = path_svg([{"name": "Amt", "via": "start"}, {"name": "Verein <e. V.>", "via": "direct"}], "Amt → Verein")
    >>> svg.count("<rect"), "Kooperation" in svg, "&lt;e. V.&gt;" in svg
    (2, True, True)
    """
    count = len(path)
    width = count * _BOX_W + (count - 1) * _GAP + 4
    height = _BOX_H + 8
    parts = [
        f'<svg class="path" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(described)}">',
        f'<defs><marker id="pfeil-{escape(uid)}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#3b4a63"/></marker></defs>',
    ]
    for i, step in enumerate(path):
        x = 2 + i * (_BOX_W + _GAP)
        kind = "start" if i == 0 else "goal" if i == count - 1 else "via"
        parts.append(f'<g class="step {kind}"><title>{escape(str(step.get("name", "")))}</title>')
        parts.append(f'<rect x="{x}" y="4" width="{_BOX_W}" height="{_BOX_H}" rx="8"/>')
        lines = _lines(str(step.get("name", "")))
        first_y = 4 + _BOX_H / 2 - (len(lines) - 1) * 8 + 5
        for n, line in enumerate(lines):
            parts.append(
                f'<text x="{x + _BOX_W / 2}" y="{first_y + n * 16:.0f}" text-anchor="middle">{escape(line)}</text>'
            )
        parts.append("</g>")
        if i:
            start = x - _GAP + 3
            how = VIA_LABELS.get(str(step.get("via")), str(step.get("via")))
            parts.append(
                f'<line x1="{start}" y1="{4 + _BOX_H / 2}" x2="{x - 3}" y2="{4 + _BOX_H / 2}" '
                f'class="arrow" marker-end="url(#pfeil-{escape(uid)})"/>'
            )
            parts.append(
                f'<text class="via" x="{start + (_GAP - 6) / 2}" y="{_BOX_H / 2 - 4}" '
                f'text-anchor="middle">{escape(_short(how, 13))}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def benchmark_svg(
    values: Mapping[str, float],
    q1: float,
    median: float,
    q3: float,
    mine: str | None,
    described: str,
    shown: Mapping[str, str] | None = None,
    ends: tuple[str, str] = ("", ""),
) -> Markup:
    """One indicator across alliances: the range, the middle half (box), the median (line), each
    alliance as a tick and ``mine`` as a dot. ``shown``: the values as the page writes them;
    ``ends``: the smallest and largest value so written, under the ends of the line.

    >>> svg = benchmark_svg({"A": 1.0, "B": 2.0, "C": 4.0}, 1.5, 2.0, 3.0, "C", "C: 4")
    >>> svg.count('class="tick"'), 'class="mine"' in svg
    (3, True)
    """
    width, height, pad = 260, 56, 14
    low, high = min(values.values()), max(values.values())
    span = high - low

    def x(v: float) -> float:
        if not span:  # every alliance alike: all in the middle
            return width / 2
        return pad + (v - low) / span * (width - 2 * pad)

    parts = [
        f'<svg class="bench" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(described)}">',
        f'<line class="range" x1="{x(low):.1f}" y1="20" x2="{x(high):.1f}" y2="20"/>',
        f'<rect class="middle" x="{x(q1):.1f}" y="12" width="{max(x(q3) - x(q1), 1.5):.1f}" height="16"/>',
        f'<line class="median" x1="{x(median):.1f}" y1="9" x2="{x(median):.1f}" y2="31"/>',
    ]
    for label, v in values.items():
        if label != mine:
            parts.append(
                f'<line class="tick" x1="{x(v):.1f}" y1="34" x2="{x(v):.1f}" y2="40">'
                f"<title>{escape(label)}</title></line>"
            )
    if span and any(ends):
        parts.append(f'<text class="end" x="{x(low) - 4:.1f}" y="53" text-anchor="start">{escape(ends[0])}</text>')
        parts.append(f'<text class="end" x="{x(high) + 4:.1f}" y="53" text-anchor="end">{escape(ends[1])}</text>')
    if mine is not None and mine in values:
        text = (shown or {}).get(mine, "")
        parts.append(
            f'<line class="tick" x1="{x(values[mine]):.1f}" y1="34" x2="{x(values[mine]):.1f}" y2="40"/>'
            f'<circle class="mine" cx="{x(values[mine]):.1f}" cy="20" r="6"><title>{escape(mine)}: '
            f"{escape(text)}</title></circle>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
