"""The map by place: each actor at its Gemeinde, no tiles, nothing fetched.

A Gemeinde's point comes from its coordinates (WGS84 latitude, longitude — the
Gemeindeverzeichnis' *Breitengrad*/*Längengrad*), projected flat around the middle of the
map. The actors of one Gemeinde gather in a small disc around that point (a sunflower
spiral, the most important one in the middle: a deterministic jitter), and the discs
are pushed apart just enough not to overlap, so that a town with many actors does not
hide its neighbour village.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from .layout import Positions, Region, separate_discs, sunflower

Coordinates = Mapping[str, tuple[float, float]]
NO_PLACE = "ohne-gemeinde"
NO_PLACE_LABEL = "kreisweit oder ohne Gemeinde"


def coordinates_from(rows: Iterable[tuple[str, float | None, float | None]]) -> dict[str, tuple[float, float]]:
    """AGS → (latitude, longitude) from (ags, latitude, longitude) rows, skipping rows without both.

    Examples
    --------
    >>> coordinates_from([("15087370", 51.47, 11.3), ("15087010", None, None)])
    {'15087370': (51.47, 11.3)}
    """
    return {ags: (float(lat), float(lon)) for ags, lat, lon in rows if lat is not None and lon is not None}


def place_positions(
    ranked: list[str],
    place_of: Mapping[str, str | None],
    coordinates: Coordinates,
    names: Mapping[str, str],
    spacing: float = 130.0,
) -> tuple[Positions, list[Region]]:
    """Positions of the nodes ``ranked`` (most important first) at their places, and one region per place.

    ``place_of`` maps a node to its Gemeinde's AGS; nodes without a place, or whose place
    has no coordinates, gather in one group beside the map.

    Examples
    --------
    >>> coords = {"1": (51.5, 11.3), "2": (51.4, 11.6)}
    >>> names = {"1": "Eins", "2": "Zwei"}
    >>> pos, regions = place_positions(["a", "b", "c"], {"a": "1", "b": "2", "c": None}, coords, names)
    >>> [r.label for r in regions]
    ['Eins', 'Zwei', 'kreisweit oder ohne Gemeinde']
    >>> pos["a"][0] < pos["b"][0]  # west stays west
    True
    """
    at: dict[str, list[str]] = {}
    for n in ranked:
        ags = place_of.get(n)
        at.setdefault(ags if ags is not None and ags in coordinates else NO_PLACE, []).append(n)
    places = sorted((k for k in at if k != NO_PLACE), key=lambda k: (names.get(k, k), k))
    radii = [spacing * (math.sqrt(len(at[k])) + 1.0) for k in places]
    if places:
        lat0 = sum(coordinates[k][0] for k in places) / len(places)
        lon0 = sum(coordinates[k][1] for k in places) / len(places)
        flat = [((coordinates[k][1] - lon0) * math.cos(math.radians(lat0)), lat0 - coordinates[k][0]) for k in places]
        # Scale degrees so that the places spread over about as much room as their discs need.
        span = max(max(abs(x) for x, _ in flat), max(abs(y) for _, y in flat), 1e-6)
        factor = math.sqrt(sum(r * r for r in radii)) * 1.6 / span
        centers = separate_discs([(x * factor, y * factor) for x, y in flat], radii, gap=spacing * 2.2, aspect=1.0)
    else:
        centers = []
    keys = list(places)
    if NO_PLACE in at:
        radius = spacing * (math.sqrt(len(at[NO_PLACE])) + 1.0)
        right = max((c[0] + r for c, r in zip(centers, radii, strict=True)), default=0.0)
        keys.append(NO_PLACE)
        centers.append((right + radius + spacing * 3, 0.0))
        radii.append(radius)
    positions: Positions = {}
    regions = []
    for key, (cx, cy), r in zip(keys, centers, radii, strict=True):
        for n, (dx, dy) in zip(at[key], sunflower(len(at[key]), spacing), strict=True):
            positions[n] = (cx + dx, cy + dy)
        label = NO_PLACE_LABEL if key == NO_PLACE else names.get(key, key)
        regions.append(Region(key, label, round(cx, 1), round(cy, 1), round(r, 1), len(at[key])))
    return positions, regions


def region_coordinates(regions: Iterable[object]) -> dict[str, tuple[float, float]]:
    """AGS → (latitude, longitude) of the regions that carry coordinates (others are left out).

    Reads ``lat``/``lon`` (or ``latitude``/``longitude``) from each region, so a map by
    place works as soon as the store's regions know where they are.

    Examples
    --------
    >>> from types import SimpleNamespace as R
    >>> region_coordinates([R(ags="15087370", lat=51.47, lon=11.3), R(ags="15087", name="Kreis")])
    {'15087370': (51.47, 11.3)}
    >>> region_coordinates([R(ags="15087130", latitude=51.53, longitude=11.55)])
    {'15087130': (51.53, 11.55)}
    """
    return coordinates_from(
        (
            str(getattr(r, "ags", "")),
            getattr(r, "lat", getattr(r, "latitude", None)),
            getattr(r, "lon", getattr(r, "longitude", None)),
        )
        for r in regions
    )
