"""Network maps: which part of the graph, as the viewer may see it, with which title and notes."""

from __future__ import annotations

from datetime import date

from buendnisatlas.graph.regions import PlaceError
from buendnisatlas.graph.vocab import NodeKind
from buendnisatlas.services import cache
from buendnisatlas.services.viewer import View
from buendnisatlas.visualizations.maps import (
    Arrange,
    ColorBy,
    GroupBy,
    HiddenTies,
    MapError,
    MapOptions,
    MapView,
    SizeBy,
    build_map,
    render_html,
)
from buendnisatlas.visualizations.places import region_coordinates


def network_map(
    view: View,
    alliance: str | None = None,
    region: str | None = None,
    *,
    ego: str | None = None,
    depth: int = 1,
    at: date | None = None,
    color_by: ColorBy = "sector",
    size_by: SizeBy = "degree",
    group_by: GroupBy | None = None,
    title: str | None = None,
    presentation: bool = False,
    arrange: Arrange = "sector",
    show_membership: bool = False,
    hidden_ties: HiddenTies = "explain",
    kiosk: bool = False,
    tour: int = 0,
) -> MapView:
    """The map of an alliance (id or name) or of a region (AGS), drawn from what the viewer may see.

    Raises :class:`~buendnisatlas.visualizations.maps.MapError` if it cannot be drawn as asked.
    """
    store = view.store
    regions = store.find_regions()  # their coordinates: a map by place needs the store's own
    index = cache.regions(store)
    region_names = {key: r.name for key, r in index.by_ags.items()}
    if alliance is not None:
        node = view.resolve(alliance, NodeKind.ALLIANCE)
        alliance_id, region_ags = node.id, None
        place = node.name
    else:
        try:  # a key or a name, read as every door reads it
            found = index.place(region or "")
        except PlaceError as exc:
            raise MapError(f"--region: {exc}") from exc
        place = found.name
        alliance_id, region_ags = None, found.ags
    # Read once, unfiltered: the map draws only what the viewer may see of it, and asks the
    # rest only whether an element's ties all lead to hidden elements (explained or left out).
    context = store.subgraph(alliance=alliance_id, region=region_ags, at=at)
    G = view.readable(context)
    ego_id = view.resolve(ego).id if ego else None
    public = not view.viewer.signed_in
    notes = ["öffentliche Karte" if public else "interne Karte – enthält nicht-öffentliche Angaben"]
    if ego_id:
        notes.append(f"Umfeld von {G.nodes[ego_id]['name'] if ego_id in G else ego} (Tiefe {depth})")
    notes.append(f"Stand {(at or date.today()):%d.%m.%Y}")
    options = MapOptions(
        title=title or f"Netzwerk {place}",
        subtitle=" · ".join(notes),
        presentation=presentation or kiosk,
        ego=ego_id,
        depth=depth,
        color_by=color_by,
        size_by=size_by,
        group_by=group_by,
        at=at,
        region_names=region_names,
        arrange=arrange,
        alliance_spokes=show_membership,
        hidden_ties=hidden_ties,
        kiosk=kiosk,
        tour=tour,
        coordinates=region_coordinates(regions),
    )
    return build_map(G, options, context=context)


def network_map_html(view: View, alliance: str | None = None, region: str | None = None, **options: object) -> str:
    """The map as one offline HTML page (see :func:`network_map` for the options)."""
    return render_html(network_map(view, alliance, region, **options))  # type: ignore[arg-type]
