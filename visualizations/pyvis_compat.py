"""The one place that talks to pyvis 0.3.2, and every workaround it needs.

pyvis is unmaintained (last release 2023), so it is wrapped here and nowhere else:

* ``Network.show()`` crashes with its default arguments (pyvis #216), and
  ``write_html()`` opens the file without an encoding (umlauts break on a non-UTF-8
  locale) and, with ``cdn_resources="local"``, copies a ``lib/`` folder next to the
  current directory. We only call ``generate_html()`` and write the file ourselves.
* Its template loads Bootstrap and tom-select from a CDN even with
  ``cdn_resources="in_line"`` (pyvis #228/#229): a map shown offline on a projector
  would break. We render our own template (``templates/map.html``) that inlines the
  vis-network JS/CSS shipped inside the pyvis wheel, so the file has no external
  ``src``/``href`` at all.
* pyvis's template puts data into ``<script>`` with ``tojson``/``json.dumps`` and
  passes tooltips to vis-network as HTML; we embed data with :func:`script_json`
  (``</`` escaped) and build tooltips in the page as DOM nodes with ``textContent``.
* ``add_node``/``add_edge`` check membership in Python lists and scan all edges for
  duplicates: O(n·m) for a whole map, minutes at 10,000 nodes. :func:`add_nodes` and
  :func:`add_edges` append through pyvis's own ``Node``/``Edge`` classes in O(1) each;
  callers hand over unique ids and merged edges.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from pyvis.edge import Edge
from pyvis.network import Network
from pyvis.node import Node

VIS_DIR = "lib/vis-9.1.2"  # what the pyvis 0.3.2 wheel ships (it also has an older 9.0.4)
TEMPLATE = "map.html"


def new_network() -> Network:
    """An empty pyvis network whose rendering uses our template."""
    net = Network(height="100%", width="100%", directed=False, cdn_resources="in_line")
    net.templateEnv = _environment()
    net.path = TEMPLATE
    return net


def add_nodes(net: Network, nodes: Iterable[Mapping[str, Any]]) -> None:
    """Append vis-network node dicts (each with a unique ``id``) to ``net``."""
    for data in nodes:
        options = {k: v for k, v in data.items() if k not in ("id", "label", "shape")}
        node = Node(data["id"], data.get("shape", "dot"), label=data.get("label", ""), **options)
        net.nodes.append(node.options)
        net.node_ids.append(data["id"])
        net.node_map[data["id"]] = node.options


def add_edges(net: Network, edges: Iterable[Mapping[str, Any]]) -> None:
    """Append vis-network edge dicts (``from``, ``to``, …) to ``net``; no duplicate check."""
    for data in edges:
        options = {k: v for k, v in data.items() if k not in ("from", "to")}
        net.edges.append(Edge(data["from"], data["to"], **options).options)


def render(net: Network, page: Mapping[str, Any]) -> str:
    """The complete, self-contained HTML page for ``net``.

    ``page`` holds what our template shows besides the graph (title, legend, filters,
    mode); strings in it are HTML-escaped by Jinja's autoescape. ``net.options`` must be
    a plain dict of vis-network options.
    """
    scripts = {
        "vis_js": vis_asset("vis-network.min.js"),
        "app_js": _template_text("map.js"),
        "data_js": "window.BA_DATA = " + script_json({"nodes": net.nodes, "edges": net.edges, "page": page}) + ";",
        "options_js": "window.BA_OPTIONS = " + script_json(net.options) + ";",
    }
    # The page's Content-Security-Policy allows exactly these scripts by hash: even if
    # some text slipped through unescaped, an injected handler or <script> would not run,
    # and default-src 'none' stops any request leaving the page.
    hashes = " ".join(f"'sha256-{_sha256(text)}'" for text in scripts.values())
    net.templateEnv.globals.update(
        page=page,
        csp=f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; font-src data:",
        vis_css=Markup(_style_safe(vis_asset("vis-network.css"))),
        app_css=Markup(_style_safe(_template_text("map.css"))),
        **{name: Markup(_script_safe(text)) for name, text in scripts.items()},
    )
    return str(net.generate_html())


def script_json(data: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` element.

    Examples
    --------
    >>> script_json({"name": "</script><img src=x>"})
    '{"name": "<\\\\/script><img src=x>"}'
    """
    return json.dumps(data, ensure_ascii=False, default=str).replace("</", "<\\/").replace("<!--", "<\\!--")


@cache
def vis_asset(name: str) -> str:
    """A file of the vis-network build shipped in the pyvis wheel."""
    return resources.files("pyvis").joinpath(f"{VIS_DIR}/{name}").read_text(encoding="utf-8")


def _template_text(name: str) -> str:
    return resources.files("buendnisatlas.visualizations").joinpath(f"templates/{name}").read_text(encoding="utf-8")


@cache
def _environment_loader() -> PackageLoader:
    return PackageLoader("buendnisatlas.visualizations", "templates")


def _environment() -> Environment:
    return Environment(loader=_environment_loader(), autoescape=select_autoescape(["html"]))


def _script_safe(text: str) -> str:
    # A literal "</script" would end the element early; our own code and vis never contain it.
    if re.search(r"</script", text, re.IGNORECASE):
        raise ValueError("script text contains </script")
    return text


def _style_safe(text: str) -> str:
    if re.search(r"</style", text, re.IGNORECASE):
        raise ValueError("style text contains </style")
    return text


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
