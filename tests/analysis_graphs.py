"""Small hand-made alliance graphs for the analysis tests, built from real model objects."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

import networkx as nx

from buendnisatlas.graph.model import Actor, Alliance, Body, Event, Node, Project, Relation, WorkingGroup
from buendnisatlas.graph.store import build_graph

AT = date(2025, 6, 30)
RECENT = date(2025, 3, 1)  # inside every default dormancy window before AT
GEMEINDEN = {"15087130": "Lutherstadt Eisleben", "15087370": "Sangerhausen", "15087220": "Hettstedt"}


class Net:
    """A growing alliance network: add actors and relations, then take ``graph()``."""

    def __init__(self, subtype: str = "Partnerschaft für Demokratie", topics: list[str] | None = None):
        self.nodes: dict[str, Node] = {}
        self.relations: list[Relation] = []
        self.alliance = "pfd"
        self.add(Alliance(id="pfd", name="PfD Test", subtype=subtype, area=["15087"], topics=topics or []))

    def add(self, node: Node) -> Node:
        self.nodes[node.id] = node
        return node

    def actor(
        self,
        id: str,
        sector: str | None = "civil_society",
        ags: str | None = "15087130",
        member: bool = True,
        since: date | None = RECENT,
        **attrs: Any,
    ) -> str:
        self.add(Actor(id=id, name=attrs.pop("name", id.replace("-", " ").title()), sector=sector, ags=ags, **attrs))
        if member:
            self.rel(id, "pfd", "MEMBER_OF", since=since)
        return id

    def rel(self, source: str, target: str, type: str, **attrs: Any) -> None:
        self.relations.append(Relation(source=source, target=target, type=type, **attrs))

    def coop(self, a: str, b: str, since: date | None = RECENT, **attrs: Any) -> None:
        self.rel(a, b, "COOPERATES_WITH", since=since, **attrs)

    def body(self, id: str, subtype: str) -> str:
        self.add(Body(id=id, name=id.title(), subtype=subtype))
        self.rel(id, "pfd", "PART_OF")
        return id

    def working_group(self, id: str, topics: list[str] | None = None, of_alliance: bool = True) -> str:
        self.add(WorkingGroup(id=id, name=id.title(), topics=topics or []))
        if of_alliance:
            self.rel(id, "pfd", "PART_OF")
        return id

    def project(self, id: str, topics: list[str] | None = None) -> str:
        self.add(Project(id=id, name=id.title(), topics=topics or []))
        self.rel(id, "pfd", "PART_OF")
        return id

    def event(self, id: str, day: date) -> str:
        self.add(Event(id=id, name=id.title(), date=day))
        self.rel(id, "pfd", "PART_OF")
        return id

    def graph(self) -> nx.MultiDiGraph:
        return build_graph(self.nodes.values(), self.relations)


def chain(net: Net, ids: list[str], sector: str = "civil_society") -> list[str]:
    """Members tied in a line a–b–c–…, each recently active through the cooperation."""
    for i in ids:
        net.actor(i, sector=sector)
    for a, b in itertools.pairwise(ids):
        net.coop(a, b)
    return ids
