"""Likely duplicate actors across sources, and merging two of them without losing a tie.

:func:`likely_duplicates` only suggests; :func:`merge_nodes` merges exactly the pair a
person chose. Names are compared after folding case, umlauts and ß, punctuation, legal
forms and word order and compounds ("Stadtverwaltung Sangerhausen" and "Stadt
Sangerhausen – Verwaltung" fold to the same letters); a shared e-mail domain and the
same Gemeinde raise the score, different Gemeinden lower it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import combinations
from typing import Any

import networkx as nx

from buendnisatlas.graph.model import Node, Relation
from buendnisatlas.graph.store import GraphStore, NotFound, StoreError
from buendnisatlas.graph.text import fold
from buendnisatlas.graph.vocab import NodeKind, Visibility

# Legal forms and filler words that say nothing about who an organisation is.
STOP_WORDS = frozenset(
    [
        "e",
        "v",
        "ev",
        "eg",
        "gmbh",
        "ggmbh",
        "mbh",
        "ag",
        "kg",
        "ug",
        "gbr",
        "der",
        "die",
        "das",
        "des",
        "dem",
        "den",
        "und",
        "fuer",
        "in",
        "im",
        "am",
        "an",
        "von",
        "vom",
        "zu",
        "zur",
        "zum",
        "fur",
    ]
)
# Mail providers shared by unrelated people; their domain is no evidence.
FREEMAIL = frozenset(
    [
        "gmx.de",
        "gmx.net",
        "web.de",
        "gmail.com",
        "googlemail.com",
        "t-online.de",
        "yahoo.de",
        "yahoo.com",
        "outlook.com",
        "outlook.de",
        "hotmail.com",
        "hotmail.de",
        "posteo.de",
        "mailbox.org",
        "freenet.de",
        "aol.com",
        "icloud.com",
        "arcor.de",
    ]
)
_MAIL_DOMAIN = re.compile(r"@([a-z0-9.-]+\.[a-z]{2,})", re.IGNORECASE)
# A token shared by more actors than this (e.g. "verein") does not make them candidates.
_COMMON = 200


def name_tokens(name: str) -> list[str]:
    """The telling words of a name, folded.

    >>> name_tokens("Stadt Sangerhausen – Verwaltung"), name_tokens("Jugendclub Roßla e. V.")
    (['stadt', 'sangerhausen', 'verwaltung'], ['jugendclub', 'rossla'])
    """
    return [t for t in fold(name).split() if t not in STOP_WORDS]


def mail_domain(contact: str | None) -> str | None:
    """The domain of an e-mail address in a contact field, unless a free mail provider's."""
    match = _MAIL_DOMAIN.search(contact or "")
    domain = match.group(1).lower() if match else None
    return None if domain in FREEMAIL else domain


def _compound(token: str, parts: set[str]) -> list[str] | None:
    """The parts ``token`` is glued from (``stadtverwaltung`` = ``stadt`` + ``verwaltung``), if any."""
    if token in parts:
        return [token]
    for part in parts:
        if len(part) >= 3 and token.startswith(part) and len(token) > len(part):
            rest = token[len(part) :].removeprefix("s")  # Fugen-s: Ordnungsamt
            found = _compound(rest, parts - {part}) if rest else []
            if found is not None:
                return [part, *found]
    return None


def name_similarity(a: str, b: str, weight: Callable[[str], float] = len) -> float:
    """0…1: how alike two names are, ignoring order, compounds, umlauts, ß and legal forms.

    Words both names share, words one name glues together that the other spells apart,
    and near-identical spellings (``Jugendklub``/``Jugendclub``) count as agreeing; the
    score is the weighted share of agreeing words. ``weight`` lets common words
    (``Landkreis``) count less than telling ones.

    >>> name_similarity("Stadtverwaltung Sangerhausen", "Stadt Sangerhausen – Verwaltung")
    1.0
    >>> name_similarity("Jugendclub Roßla e. V.", "Jugendclub Rossla")
    1.0
    >>> name_similarity("Buntes Eisleben e. V.", "Sportverein Hettstedt")
    0.0
    """
    ta, tb = set(name_tokens(a)), set(name_tokens(b))
    if not ta or not tb:
        return 0.0
    only_a, only_b = ta - tb, tb - ta
    for mine, theirs in ((only_a, only_b), (only_b, only_a)):
        for token in sorted(mine):
            parts = _compound(token, theirs | (ta & tb))
            if parts is not None and len(parts) > 1:
                mine.discard(token)
                theirs.difference_update(parts)
    for token in sorted(only_a):
        close = max(only_b, key=lambda t: SequenceMatcher(None, token, t).ratio(), default=None)
        if close is not None and SequenceMatcher(None, token, close).ratio() >= 0.85:
            only_a.discard(token)
            only_b.discard(close)
    total = sum(map(weight, ta)) + sum(map(weight, tb))
    return round(1 - (sum(map(weight, only_a)) + sum(map(weight, only_b))) / total, 3)


@dataclass
class Candidate:
    """A pair that may be one actor twice, with the score and the reasons in German."""

    a: str
    b: str
    score: float
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "score": round(self.score, 3), "reasons": self.reasons}


def likely_duplicates(G: nx.MultiDiGraph, threshold: float = 0.8) -> list[Candidate]:
    """Pairs of actors in ``G`` that are likely the same, best first.

    Parameters
    ----------
    G : the graph a store's ``subgraph()`` returns
    threshold : the lowest score reported (0…1)

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("sv", kind="actor", form="organisation", name="Stadtverwaltung Sangerhausen",
    ...            ags="15087370", contact="buergerbuero@sangerhausen.de")
    >>> G.add_node("sv2", kind="actor", form="organisation", name="Stadt Sangerhausen – Verwaltung",
    ...            ags="15087370", contact="info@sangerhausen.de")
    >>> G.add_node("kjr", kind="actor", form="organisation", name="Kreis-Kinder- und Jugendring")
    >>> [(c.a, c.b, c.score) for c in likely_duplicates(G)]
    [('sv', 'sv2', 1.0)]
    """
    actors = {n: a for n, a in G.nodes(data=True) if a.get("kind") == NodeKind.ACTOR}
    index: dict[str, set[str]] = {}
    for node, attrs in actors.items():
        keys = set(name_tokens(attrs.get("name", ""))) | {"@" + d for d in [mail_domain(attrs.get("contact"))] if d}
        for key in keys:
            index.setdefault(key, set()).add(node)
    # A word in many names ("Landkreis", a town) tells little; a rare one tells much.
    total = len(actors) or 1

    def weight(token: str) -> float:
        return len(token) * math.log(1 + total / len(index.get(token, ()) or (1,)))

    pairs = {tuple(sorted(p)) for nodes in index.values() if len(nodes) <= _COMMON for p in combinations(nodes, 2)}
    found = []
    for a, b in sorted(pairs):
        candidate = _score(a, actors[a], b, actors[b], weight)
        if candidate.score >= threshold:
            found.append(candidate)
    return sorted(found, key=lambda c: (-c.score, c.a, c.b))


def _score(a: str, x: dict[str, Any], b: str, y: dict[str, Any], weight: Callable[[str], float]) -> Candidate:
    if (x.get("form") == "person") != (y.get("form") == "person"):
        return Candidate(a, b, 0.0)
    similarity = name_similarity(x.get("name", ""), y.get("name", ""), weight)
    score, reasons = similarity, [f"Namen zu {similarity:.0%} gleich"]
    domain = mail_domain(x.get("contact"))
    if domain and domain == mail_domain(y.get("contact")):
        score += 0.15
        reasons.append(f"gleiche E-Mail-Domain {domain}")
    if x.get("ags") and y.get("ags"):
        same = x["ags"] == y["ags"]
        score += 0.05 if same else -0.2
        reasons.append("gleiche Gemeinde" if same else "verschiedene Gemeinden")
    return Candidate(a, b, round(max(0.0, min(1.0, score)), 3), reasons)


@dataclass
class MergeReport:
    """What :func:`merge_nodes` did (or, with ``dry_run``, would do)."""

    kept: str
    removed: str
    fields: dict[str, Any] = field(default_factory=dict)
    moved: list[str] = field(default_factory=list)
    already_there: list[str] = field(default_factory=list)
    dropped_between: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kept": self.kept,
            "removed": self.removed,
            "fields": {
                k: v if isinstance(v, (str, int, float, list, type(None))) else str(v) for k, v in self.fields.items()
            },
            "moved": self.moved,
            "already_there": self.already_there,
            "dropped_between": self.dropped_between,
        }


_RANK = [Visibility.PUBLIC, Visibility.NETWORK, Visibility.RESTRICTED]


def merged_fields(keep: Node, drop: Node) -> dict[str, Any]:
    """The changes to ``keep``: its empty fields filled from ``drop``, lists united, the stricter visibility."""
    mine, theirs = keep.data(), drop.data()
    changes: dict[str, Any] = {}
    for name, value in theirs.items():
        if name in ("id", "kind", "name", "visibility", "note") or value in (None, []):
            continue
        current = mine.get(name)
        if isinstance(value, list):
            united = list(dict.fromkeys([*(current or []), *value]))
            if united != current:
                changes[name] = united
        elif current is None:
            changes[name] = value
    stricter = max(keep.visibility, drop.visibility, key=_RANK.index)
    if stricter != keep.visibility:
        changes["visibility"] = stricter
    trail = f"Zusammengeführt mit „{drop.name}“ ({drop.id})" + (f": {drop.note}" if drop.note else "")
    changes["note"] = f"{keep.note}\n{trail}" if keep.note else trail
    return changes


def merge_nodes(store: GraphStore, keep_id: str, drop_id: str, dry_run: bool = False) -> MergeReport:
    """Merge ``drop_id`` into ``keep_id`` in one transaction, through the store protocol only.

    Every relation of the removed element moves to the kept one; one that the kept
    element has already (same type, other end and start) is not doubled; a tie between
    the two would become a tie to itself and is dropped. Both are reported.
    """
    if keep_id == drop_id:
        raise StoreError("Ein Element lässt sich nicht mit sich selbst zusammenführen")
    keep, drop = store.get_node(keep_id), store.get_node(drop_id)
    if keep.kind != drop.kind:
        raise StoreError(f"„{keep.name}“ und „{drop.name}“ sind verschiedene Arten von Elementen")
    if keep.is_person != drop.is_person:
        raise StoreError("Eine Person und eine Organisation lassen sich nicht zusammenführen")
    report = MergeReport(keep_id, drop_id, merged_fields(keep, drop))
    moves: list[tuple[Relation, Relation]] = []
    for relation in store.find_relations(node_id=drop_id):
        ends = {"source": relation.source, "target": relation.target}
        moved = relation.model_copy(update={k: keep_id if v == drop_id else v for k, v in ends.items()})
        if moved.source == moved.target:
            report.dropped_between.append(relation.key)
            continue
        moves.append((relation, Relation.model_validate(moved.model_dump())))
    with store.transaction():
        for old, new in moves:
            store.delete_relation(old.key)
            if _exists(store, new.key):
                report.already_there.append(new.key)
            else:
                store.add_relation(new)
                report.moved.append(new.key)
        for key in report.dropped_between:
            store.delete_relation(key)
        store.update_node(keep_id, **report.fields)
        store.delete_node(drop_id)
        if dry_run:
            raise _DryRun(report)
    return report


def merge_preview(store: GraphStore, keep_id: str, drop_id: str) -> MergeReport:
    """What :func:`merge_nodes` would do; the store stays as it is."""
    try:
        merge_nodes(store, keep_id, drop_id, dry_run=True)
    except _DryRun as done:
        return done.report
    raise AssertionError("unreachable")  # pragma: no cover


class _DryRun(Exception):
    def __init__(self, report: MergeReport):
        self.report = report


def _exists(store: GraphStore, key: str) -> bool:
    try:
        store.get_relation(key)
    except NotFound:
        return False
    return True
