"""The one visibility policy that maps, exports, directories and comparisons ask.

Three audiences see the network:

* ``public`` — anyone: the public map, the public directory, ``export --public``.
  Only nodes marked ``public`` — and never a person, whatever their marking.
* ``network`` — members of the same alliance: ``public`` and ``network`` nodes.
* ``restricted`` — coordinators: everything.

A relation is shown only if both its ends are shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx

from .model import Node
from .vocab import ActorForm, Visibility

_RANK = {Visibility.PUBLIC: 0, Visibility.NETWORK: 1, Visibility.RESTRICTED: 2}


def may_show(node: Mapping[str, Any] | Node, audience: Visibility | str) -> bool:
    """Whether a node (a model, or its attribute mapping in a graph) may be shown to ``audience``.

    Examples
    --------
    >>> may_show({"visibility": "public", "form": "organisation"}, "public")
    True
    >>> may_show({"visibility": "public", "form": "person"}, "public")
    False
    >>> may_show({"visibility": "network"}, "network")
    True
    """
    audience = Visibility(audience)
    if isinstance(node, Mapping):
        form, visibility = node.get("form"), node.get("visibility")
    else:  # a model: read its fields, no dump needed
        form, visibility = getattr(node, "form", None), node.visibility
    if audience == Visibility.PUBLIC and form == ActorForm.PERSON:
        return False
    level = Visibility(visibility or Visibility.RESTRICTED)
    return _RANK[level] <= _RANK[audience]


def visible_subgraph(G: nx.MultiDiGraph, audience: Visibility | str) -> nx.MultiDiGraph:
    """A copy of ``G`` with only the nodes (and ties between them) ``audience`` may see.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", visibility="public", form="organisation")
    >>> G.add_node("p", visibility="public", form="person")
    >>> G.add_edge("p", "a", type="MEMBER_OF")
    0
    >>> sorted(visible_subgraph(G, "public"))
    ['a']
    """
    keep = [n for n, attrs in G.nodes(data=True) if may_show(attrs, audience)]
    return G.subgraph(keep).copy()
