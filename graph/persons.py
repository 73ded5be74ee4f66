"""Data-subject rights for persons in the network (DSGVO Art. 15, 17 and retention).

* :func:`person_record` — everything stored about a person, for a copy under Art. 15:
  every field of the element (whatever fields the model has, consent included), every
  relation with the name of the other end, every audit entry.
* :func:`mentions` — other elements whose text names the person (a note, a contact); an
  erasure replaces the name there by „[gelöscht]“, and the DPO sees beforehand where.
* :func:`retention_review` — persons whose every relation ended more than N months ago,
  for a periodic review of whether their data is still needed.

Erasure (Art. 17) is a store operation, :meth:`~buendnisatlas.graph.store.GraphStore.erase_person`,
because it has to reach the store's own files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from .dates import months_before
from .model import Node, Relation
from .store import GraphStore, Redactor, erasure_check, identifying_texts
from .vocab import ActorForm, NodeKind


def person_record(store: GraphStore, person_id: str, now: datetime | None = None) -> dict[str, Any]:
    """Everything the store holds about one person, JSON-ready.

    Examples
    --------
    >>> import os, tempfile
    >>> from buendnisatlas.graph.model import Actor, Alliance, Relation
    >>> from buendnisatlas.graph.sqlite_store import SqliteStore
    >>> store = SqliteStore(os.path.join(tempfile.mkdtemp(), "atlas.db"))
    >>> store.upsert_nodes([Alliance(id="pfd", name="PfD"), Actor(id="p1", name="Lea Hoffmann", form="person")])
    UpsertCounts(new=2, changed=0, unchanged=0)
    >>> _ = store.add_relation(Relation(source="p1", target="pfd", type="MEMBER_OF", role="Sprecherin"))
    >>> record = person_record(store, "p1")
    >>> record["person"]["name"], record["relations"][0]["other_name"], len(record["audit"])
    ('Lea Hoffmann', 'PfD', 2)
    >>> store.close()
    """
    person = store.get_node(person_id)
    erasure_check(person)
    relations = []
    for rel in store.find_relations(node_id=person_id):
        other = rel.target if rel.source == person_id else rel.source
        relations.append(
            {
                **rel.model_dump(mode="json"),
                "key": rel.key,
                "other_id": other,
                "other_name": store.get_node(other).name,
            }
        )
    dumped = person.model_dump(mode="json")
    return {
        "about": "Auskunft nach Art. 15 DSGVO: alle im Bündnisatlas gespeicherten Daten dieser Person",
        "created": (now or datetime.now(UTC)).replace(microsecond=0).isoformat(),
        "store": store.url,
        "person": dumped,
        "consent": dumped.get("consent"),
        "relations": relations,
        "audit": [entry.model_dump(mode="json") for entry in store.history(person_id)],
        "mentioned_in": [
            {"id": node.id, "name": node.name, "fields": fields} for node, fields in mentions(store, person)
        ],
    }


def mentions(store: GraphStore, person: Node) -> list[tuple[Node, list[str]]]:
    """Other elements with the person's name or contact (also an earlier one) in one of their fields.

    Case-insensitive; texts shorter than 5 characters are not searched (too many false hits).
    An erasure replaces exactly these (:class:`~buendnisatlas.graph.store.Redactor`).
    """
    redact = Redactor(identifying_texts(person, store.history(person.id)))
    found = []
    for node in store.find_nodes():
        if node.id == person.id:
            continue
        fields = [name for name, value in node.data().items() if name not in ("id", "kind") and redact.mentions(value)]
        if fields:
            found.append((node, fields))
    return found


@dataclass
class ReviewItem:
    """A person due for review, with when their last relation ended (``None``: never had one)."""

    person: Node
    relations: int
    last_end: date | None = None


def _still_current(rel: Relation, cutoff: date) -> bool:
    # Active on the cutoff day (Relation.active_at, the one rule), or begun after it.
    return rel.active_at(cutoff) or (rel.since is not None and rel.since > cutoff)


def retention_review(store: GraphStore, months: int, today: date | None = None) -> list[ReviewItem]:
    """Persons none of whose relations held on any day of the last ``months`` months.

    Persons without any relation are listed too: nothing ties them to an alliance.
    """
    if months < 1:
        raise ValueError("months must be positive")
    cutoff = months_before(today or date.today(), months)
    by_person: dict[str, list[Relation]] = {}
    persons = store.find_nodes(kind=NodeKind.ACTOR, form=ActorForm.PERSON)
    for person in persons:
        by_person[person.id] = store.find_relations(node_id=person.id)
    due = []
    for person in persons:
        relations = by_person[person.id]
        if any(_still_current(rel, cutoff) for rel in relations):
            continue
        ends = sorted(rel.until for rel in relations if rel.until is not None)
        due.append(ReviewItem(person, len(relations), ends[-1] if ends else None))
    return due
