"""Doors for analysts: NetworkX graphs and pandas DataFrames in and out, in the networkx naming style.

``from_networkx``/``to_networkx`` and ``read_dataframe``/``to_dataframe`` are pairs: what
one writes the other reads back. Whatever comes in passes the same validation as a
canonical file (:func:`~buendnisatlas.importers.canonical.plan_from_tables`), so a graph
or a frame with a bad value is refused with the element and attribute named.

Foreign graphs (saved by Gephi, NetworkX, yEd) are read leniently: attributes map onto
our fields by name (German or English, e.g. ``label`` → name, ``type`` → typ) or by an
explicit ``mapping``; nodes without a type are taken as Organisation, ties without a
type are typed by their ends, ids that are not valid become slugs of themselves — and
every such assumption is listed in the plan's warnings.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

import networkx as nx

if TYPE_CHECKING:  # pandas is loaded by the two DataFrame doors only: every import would pay for it
    import pandas as pd

from buendnisatlas.graph import vocab
from buendnisatlas.graph.model import ID_PATTERN
from buendnisatlas.graph.store import GraphStore, build_graph
from buendnisatlas.graph.text import fold
from buendnisatlas.graph.vocab import NodeKind

from .canonical import (
    COLUMNS,
    ELEMENTS,
    RELATIONS,
    Assumptions,
    ColumnMap,
    ImportFailed,
    ImportPlan,
    Problem,
    Table,
    cell_text,
    fold_header,
    make_table,
    parse_number,
    plan_from_tables,
    resolve_mapping,
)

_VALID_ID = re.compile(ID_PATTERN)
# Attributes graph libraries add for their own bookkeeping; never data.
TECHNICAL = frozenset({"key", "networkx_key", "id"})


def slugify(text: str) -> str:
    """An id from a label: lower case, umlauts spelled out, anything else a hyphen.

    >>> slugify("Jugendclub Roßla e. V."), slugify("Café Ölmühle")
    ('jugendclub-rossla-e-v', 'cafe-oelmuehle')
    """
    return re.sub(r"[^a-z0-9]+", "-", fold(str(text))).strip("-")[:100] or "element"


class IdMaker:
    """Valid, unique ids for foreign keys or labels; remembers what it made of each."""

    def __init__(self, keep: Iterable[str] = ()):
        """``keep``: refs that are valid ids already and stay as they are."""
        self.made: dict[str, str] = {k: k for k in keep}
        self.taken = set(self.made)

    def __call__(self, ref: Any) -> str:
        ref = cell_text(ref)
        if ref in self.made:
            return self.made[ref]
        self.made[ref] = self.fresh(ref)
        return self.made[ref]

    def fresh(self, ref: Any) -> str:
        """A new id for ``ref``, even if an element with the same label got one before."""
        made = slugify(cell_text(ref))
        base, n = made, 1
        while made in self.taken:
            n += 1
            made = f"{base}-{n}"
        self.taken.add(made)
        return made


def _combine_kind_form(attrs: dict[str, Any]) -> dict[str, Any]:
    """Our model splits ``typ`` into ``kind`` and, for actors, ``form``; join them back."""
    if "form" in attrs and "kind" in attrs:
        form = attrs.pop("form")
        if cell_text(attrs["kind"]) == NodeKind.ACTOR.value and cell_text(form):
            attrs["kind"] = form
    return attrs


# What peers call a person (as a type or ``Art``), folded; a given-name field says so too.
PERSON_TYPES = frozenset({"person", "personen", "people", "mensch", "menschen", "individual", "individuum", "human"})
GIVEN_NAME_FIELDS = frozenset(
    {"vorname", "first_name", "firstname", "given_name", "givenname", "prenom", "gender", "geschlecht", "anrede"}
)
# Drawing attributes (Gephi's viz, yEd's graphics, our own export's): layout, not data.
VISUAL = frozenset({"x", "y", "z", "size", "r", "g", "b", "color", "colour", "shape", "shape_type", "thickness", "viz"})


@dataclass
class PeerGraph:
    """A peer's graph as its file has it: node references, attributes and the line of each.

    ``nodes`` are ``(ref, attributes, line)``; ``edges`` ``(source, target, attributes,
    line, directed)``. Readers of graph files (GEXF, GraphML, NetworkX) fill one;
    :func:`peer_plan` maps it onto our fields.
    """

    nodes: list[tuple[Any, dict[str, Any], int]] = field(default_factory=list)
    edges: list[tuple[Any, Any, dict[str, Any], int, bool]] = field(default_factory=list)


def peer_of_networkx(G: nx.Graph) -> PeerGraph:
    """A NetworkX graph as a :class:`PeerGraph`, rows numbered in graph order."""
    peer = PeerGraph([(n, dict(a), i) for i, (n, a) in enumerate(G.nodes(data=True), start=1)])
    peer.edges = [(u, v, dict(a), i, G.is_directed()) for i, (u, v, a) in enumerate(G.edges(data=True), start=1)]
    return peer


def _peer_id(ref: Any, attrs: Mapping[str, Any]) -> str:
    """The id a node gets: its own ``id`` attribute (igraph renames XML ids to ``n0``…), else the file's."""
    own = next((cell_text(v) for k, v in attrs.items() if fold_header(k) in ("id", "kennung")), "")
    return own if _VALID_ID.match(own) else cell_text(ref)


def peer_tables(
    peer: PeerGraph,
    file: str = "Graph",
    mapping: ColumnMap | None = None,
    warnings: list[Problem] | None = None,
    assumed: Assumptions | None = None,
) -> dict[str, Table]:
    """The element and relation tables of a peer's graph; "rows" are nodes and edges, numbered by line."""
    assumed = assumed if assumed is not None else Assumptions()
    nodes_name, edges_name = f"{file} [Knoten]", f"{file} [Kanten]"
    nodes = list(peer.nodes)
    declared = {cell_text(ref) for ref, _, _ in nodes}
    for source, target, _, line, _ in peer.edges:
        for ref in (source, target):
            if cell_text(ref) not in declared:
                declared.add(cell_text(ref))
                nodes.append((ref, {}, line))
                assumed.add(nodes_name, line, "id", "Knoten, die nur in Kanten vorkommen, wurden angelegt")
    wanted = {cell_text(ref): _peer_id(ref, attrs) for ref, attrs, _ in nodes}
    counts = Counter(wanted.values())
    make_id = IdMaker(w for w, n in counts.items() if n == 1 and _VALID_ID.match(w))
    ids = {}
    for ref, attrs, line in nodes:
        text = cell_text(ref)
        ids[text] = make_id(wanted[text]) if counts[wanted[text]] == 1 else make_id(text)
        if ids[text] not in (text, cell_text(attrs.get("id"))):
            assumed.add(nodes_name, line, "id", "ungültige Kennungen wurden in gültige umgeschrieben")
    lookup = _header_lookup(ELEMENTS, mapping)
    node_rows = []
    given_name = set()
    for ref, attrs, line in nodes:
        row = _combine_kind_form({k: v for k, v in attrs.items() if fold_header(k) not in VISUAL})
        _first_name(row, lookup, mapping)
        if any(fold_header(k) in GIVEN_NAME_FIELDS and cell_text(v) for k, v in row.items()):
            given_name.add(line)
        node_rows.append((line, ids[cell_text(ref)], row))
    header = ["id", *dict.fromkeys(k for _, _, row in node_rows for k in row if k not in TECHNICAL)]
    records = [(line, [node_id, *(row.get(k) for k in header[1:])]) for line, node_id, row in node_rows]
    elements = make_table(nodes_name, ELEMENTS, header, records, mapping, False, warnings)
    elements.assume = True
    assume_persons(elements, assumed, given_name)
    for number, row in elements.rows:
        if not row.get("name"):
            row["name"] = row["id"]
            assumed.add(elements.name, number, "name", "Knoten ohne Namen heißen wie ihre Kennung")
    edge_records = []
    undirected: set[tuple[str, str]] = set()
    for source, target, attrs, line, directed in peer.edges:
        u, v = ids[cell_text(source)], ids[cell_text(target)]
        if not directed:
            if (v, u) in undirected:
                u, v = v, u  # the reciprocal of an undirected edge: the same tie, merged below
            undirected.add((u, v))
        edge_records.append((line, u, v, {k: a for k, a in attrs.items() if fold_header(k) not in VISUAL}))
    edge_header = ["von", "nach", *dict.fromkeys(k for *_, row in edge_records for k in row if k not in TECHNICAL)]
    relations = make_table(
        edges_name,
        RELATIONS,
        edge_header,
        [(line, [u, v, *(row.get(k) for k in edge_header[2:])]) for line, u, v, row in edge_records],
        mapping,
        False,
        warnings,
    )
    relations.assume = True
    assume_weights(relations, assumed)
    return {ELEMENTS: elements, RELATIONS: relations}


def _header_lookup(table: str, mapping: ColumnMap | None) -> dict[str, str]:
    lookup = {fold_header(alias): column for column, aliases in COLUMNS[table].items() for alias in aliases}
    lookup.update(resolve_mapping(mapping)[table])
    return lookup


def _first_name(row: dict[str, Any], lookup: Mapping[str, str], mapping: ColumnMap | None) -> None:
    """Of the attributes that name an element, the first one filled wins: ``--map name=…``, then
    ``name``, then ``label`` (yEd's visible label, Gephi's label)."""
    mapped = resolve_mapping(mapping)[ELEMENTS]
    order = [*mapped, *(fold_header(a) for a in COLUMNS[ELEMENTS]["name"])]
    keys = sorted(
        (k for k in row if lookup.get(fold_header(k)) == "name"),
        key=lambda k: order.index(fold_header(k)) if fold_header(k) in order else len(order),
    )
    if keys:
        value = next((row[k] for k in keys if cell_text(row[k])), "")
        for k in keys:
            del row[k]
        row[keys[0]] = value


def assume_persons(elements: Table, assumed: Assumptions, given_name: Set[int] = frozenset()) -> None:
    """Elements a peer calls Person, People, Mensch … or that have a given name are persons (confidential)."""
    for number, row in elements.rows:
        typ = fold_header(row.get("typ", ""))
        if typ == "person":
            continue
        if typ in PERSON_TYPES or (number in given_name and vocab.ELEMENT_TYPE.parse(row.get("typ", "")) is None):
            reason = f"Typ „{row['typ']}“" if row.get("typ") else "Vorname oder Geschlecht"
            row["typ"] = "Person"
            message = f"Elemente mit {reason} sind Personen (vertraulich)"
            assumed.add(elements.name, number, "typ", message)


def assume_weights(relations: Table, assumed: Assumptions) -> None:
    """Weights we cannot keep (0, negative, infinite, text: peers allow them) count as 1 and are reported."""
    for number, row in relations.rows:
        text = row.get("gewicht")
        if not text:
            continue
        try:
            weight = parse_number(text)
        except ValueError:
            weight = math.nan  # a peer's "weight" may be text or a flag
        if not 0 < weight < math.inf:
            row.pop("gewicht")
            message = "Gewichte, die keine Zahl größer 0 sind (0, negativ, unendlich, Text), zählen als 1"
            assumed.add(relations.name, number, "gewicht", message)


def peer_plan(
    peer: PeerGraph,
    store: GraphStore | None = None,
    mapping: ColumnMap | None = None,
    file: str = "Graph",
    warnings: Sequence[Problem] = (),
) -> ImportPlan:
    """Validate a peer's graph into an import plan, listing every assumption it needed."""
    found: list[Problem] = list(warnings)
    assumed = Assumptions()
    tables = peer_tables(peer, file, mapping, found, assumed)
    return plan_from_tables(tables, store, found + assumed.problems())


def graph_tables(
    G: nx.Graph,
    file: str = "Graph",
    mapping: ColumnMap | None = None,
    warnings: list[Problem] | None = None,
    assumed: Assumptions | None = None,
) -> dict[str, Table]:
    """The element and relation tables of a NetworkX graph (see :func:`peer_tables`)."""
    return peer_tables(peer_of_networkx(G), file, mapping, warnings, assumed)


def from_networkx(
    G: nx.Graph, store: GraphStore | None = None, mapping: ColumnMap | None = None, file: str = "Graph"
) -> ImportPlan:
    """Validate a NetworkX graph into an import plan (see :func:`to_networkx` for the way back).

    Examples
    --------
    >>> G = nx.karate_club_graph()
    >>> plan = from_networkx(G)
    >>> len(plan.nodes), len(plan.relations), plan.nodes[0].form
    (34, 78, <ActorForm.ORGANISATION: 'organisation'>)
    >>> for warning in plan.warnings:
    ...     print(warning.column, "–", warning.message.split(" (")[0])
    club – unbekannte Spalte, wird nicht gelesen
    name – angenommen: Knoten ohne Namen heißen wie ihre Kennung
    typ – angenommen: Elemente ohne Typ sind Organisationen
    typ – angenommen: Beziehungen ohne Typ von Akteur zu Akteur sind „Kooperation“
    """
    return peer_plan(peer_of_networkx(G), store, mapping, file)


def to_networkx(plan: ImportPlan) -> nx.MultiDiGraph:
    """The graph of a plan, shaped as every store's ``subgraph()`` is (``build_graph``).

    >>> G = to_networkx(from_networkx(nx.path_graph(3)))
    >>> sorted(G.edges(keys=True))[0]
    ('0', '1', '0|COOPERATES_WITH|1|')
    """
    return build_graph(plan.nodes, plan.relations)


def to_dataframe(G: nx.MultiDiGraph) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Elements and relations of a graph as two DataFrames (model field names, codes, lists).

    >>> plan = from_networkx(nx.path_graph(3))
    >>> elements, relations = to_dataframe(to_networkx(plan))
    >>> list(elements["id"]), list(relations["type"])
    (['0', '1', '2'], ['COOPERATES_WITH', 'COOPERATES_WITH'])
    """
    import pandas as pd

    elements = pd.DataFrame.from_records([{"id": n, **_plain(attrs)} for n, attrs in G.nodes(data=True)])
    relations = pd.DataFrame.from_records(
        [{"source": u, "target": v, **_plain(attrs)} for u, v, attrs in G.edges(data=True)],
        columns=["source", "target", "type", "role", "voting", "since", "until", "weight"],
    )
    return elements, relations


def _plain(attrs: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v.value if isinstance(v, Enum) else v for k, v in attrs.items()}


def read_dataframe(
    elements: pd.DataFrame | None,
    relations: pd.DataFrame | None = None,
    store: GraphStore | None = None,
    mapping: ColumnMap | None = None,
) -> ImportPlan:
    """Validate DataFrames (canonical columns, German or English, or :func:`to_dataframe`'s) into a plan.

    Rows are numbered as a spreadsheet would show them: the header is row 1.

    >>> import pandas as pd
    >>> plan = read_dataframe(pd.DataFrame({"id": ["a"], "name": ["Stadtjugendring"], "typ": ["Organisation"]}))
    >>> plan.nodes[0].name
    'Stadtjugendring'
    """
    warnings: list[Problem] = []
    tables = {}
    for table, frame, title in ((ELEMENTS, elements, "Elemente"), (RELATIONS, relations, "Beziehungen")):
        if frame is None:
            continue
        records = [_combine_kind_form({str(k): v for k, v in r.items()}) for r in frame.to_dict("records")]
        header: Sequence[str] = [c for c in dict.fromkeys(k for r in records for k in r) if c != "key"]
        if not records:
            header = [c for c in frame.columns if c not in ("form", "key")]
        rows = [(i, [r.get(c) for c in header]) for i, r in enumerate(records, start=2)]
        tables[table] = make_table(f"DataFrame {title}", table, header, rows, mapping, True, warnings)
    return plan_from_tables(tables, store, warnings)


Rows = list[tuple[int, dict[str, Any]]]


def sheet_rows(rows: Sequence[Sequence[Any]], renames: Mapping[str, str]) -> Rows:
    """A sheet's rows (header first) as numbered dicts, the peer's headers renamed to ours."""
    start = next((i for i, r in enumerate(rows) if any(cell_text(c) for c in r)), None)
    if start is None:
        return []
    header = [renames.get(fold_header(cell_text(h)), cell_text(h)) for h in rows[start]]
    found = []
    for number, record in enumerate(rows[start + 1 :], start=start + 2):
        cells = {h: c for h, c in zip(header, record, strict=False) if h and cell_text(c)}
        if cells:
            found.append((number, cells))
    return found


def plan_from_labelled_rows(
    file: str,
    sheets: tuple[str, str],
    elements: Rows,
    relations: Rows,
    store: GraphStore | None = None,
    mapping: ColumnMap | None = None,
) -> ImportPlan:
    """Validate a peer's rows whose ties name their ends by label (or by an optional id).

    Elements get their ``id`` column or, lacking one, a slug of their name; a tie's
    ``von``/``nach`` may be a name or an id. A name two elements share is refused there.
    """
    assumed = Assumptions()
    make_id = IdMaker(cell_text(r["id"]) for _, r in elements if _VALID_ID.match(cell_text(r.get("id"))))
    by_name: dict[str, list[str]] = {}
    for number, row in elements:
        if not cell_text(row.get("id")):
            assumed.add(f"{file} [{sheets[0]}]", number, "id", "Kennungen aus dem Namen gebildet")
        row["id"] = make_id(row["id"]) if cell_text(row.get("id")) else make_id.fresh(row.get("name", ""))
        by_name.setdefault(fold(cell_text(row.get("name"))), []).append(row["id"])
    ids = {row["id"] for _, row in elements}
    problems = []
    for number, row in relations:
        for column in ("von", "nach"):
            ref = cell_text(row.get(column))
            if not ref or ref in ids:
                continue
            matches = by_name.get(fold(ref), [])
            if len(matches) == 1:
                row[column] = matches[0]
            elif len(matches) > 1:
                problems.append(
                    Problem(
                        f"{file} [{sheets[1]}]",
                        number,
                        column,
                        ref,
                        f"Name nicht eindeutig; in Frage kommen: {', '.join(matches)}",
                    )
                )
    if problems:
        raise ImportFailed(problems)
    warnings: list[Problem] = []
    return plan_from_rows(file, elements, relations, store, mapping, warnings, assumed, sheets)


def plan_from_rows(
    file: str,
    element_rows: Sequence[tuple[int, Mapping[str, Any]]],
    relation_rows: Sequence[tuple[int, Mapping[str, Any]]],
    store: GraphStore | None,
    mapping: ColumnMap | None,
    warnings: list[Problem],
    assumed: Assumptions,
    sheets: tuple[str, str] = ("Elemente", "Beziehungen"),
) -> ImportPlan:
    """Validate rows already renamed to canonical columns (the peers' spreadsheet readers end here)."""
    tables = {}
    for table, rows, sheet in ((ELEMENTS, element_rows, sheets[0]), (RELATIONS, relation_rows, sheets[1])):
        header = list(dict.fromkeys(k for _, r in rows for k in r))
        if table == ELEMENTS and "id" not in header:
            header.insert(0, "id")
        records = [(n, [r.get(c) for c in header]) for n, r in rows]
        tables[table] = make_table(f"{file} [{sheet}]", table, header, records, mapping, False, warnings)
        tables[table].assume = True
    given_name = {
        n for n, r in element_rows if any(fold_header(k) in GIVEN_NAME_FIELDS and cell_text(v) for k, v in r.items())
    }
    assume_persons(tables[ELEMENTS], assumed, given_name)
    assume_weights(tables[RELATIONS], assumed)
    return plan_from_tables(tables, store, warnings + assumed.problems())
