"""No door leaks: the public, a member of A and the coordinator of the other alliance ask everything.

The demo plus a second alliance (``tests/accessdata.py``). For each of the three viewers
every answer of every door is collected — REST (every list, every element by id, every
relation, counts, referral with origins, services, gap reports), pages, maps, exports,
the referral CLI and indicators, error messages included — and searched for the id and
the name of every element that viewer may not see. Who may not see what is written out
from the rule (``graph/visibility.py``) over the fixture, not asked of the code.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from buendnisatlas.api.rest import create_app
from buendnisatlas.api.rest.routes.elements import PATHS as KIND_PATHS
from buendnisatlas.graph.model import Node
from buendnisatlas.graph.sqlite_store import SqliteStore
from buendnisatlas.graph.store import StoreError
from buendnisatlas.graph.vocab import TOPICS, NodeKind
from buendnisatlas.importers.export import export
from buendnisatlas.services import View, Viewer, analysis, data
from buendnisatlas.services.maps import network_map_html

from .accessdata import A_CONSENTED, EMAILS, PASSWORD, A, Access, B, build
from .conftest import CliResult
from .test_authorization import sign_in

PLACES = ["Sangerhausen", "15087"]
ORIGINS = ["pfd-msh", "pfd-harz", "harz-verein", "person-amira-haddad", "lk-msh-jugendamt", "gibt-es-nicht"]


def confidential(node: Node) -> bool:
    """Restricted for everyone but the element's coordinators: marked so, or a person without consent."""
    return node.visibility == "restricted" or (node.is_person and getattr(node, "consent", None) is None)


def owners(store: SqliteStore) -> tuple[set[str], set[str]]:
    """The elements of alliance A (with the Goldene Aue, which A's viewers hold too) and of B; services of none."""
    services = {n.id for n in store.find_nodes(kind=NodeKind.ADVISORY_SERVICE)}
    owned_by_a = set(store.subgraph(alliance=A)) | set(store.subgraph(alliance="lokale-allianz-goldene-aue"))
    return owned_by_a - services, set(store.subgraph(alliance=B)) - services


def notes_hidden_from(viewer: str, store: SqliteStore) -> tuple[set[str], set[str]]:
    """Notes the viewer may not read (of elements it sees only as the public does), and notes it may read.

    The public reads no note; a member or coordinator reads those of its own alliance's
    elements and of elements of no alliance, never those of the other alliance's.
    """
    owned_by_a, owned_by_b = owners(store)
    notes = {n.id: n.note for n in store.find_nodes() if n.note and len(n.note) >= 20}
    own, other = (owned_by_a, owned_by_b) if viewer == "member_a" else (owned_by_b, owned_by_a)
    hidden = set(notes) if viewer == "public" else other - own
    readable = set() if viewer == "public" else {i for i in notes if i not in hidden and not confidential_id(store, i)}
    shown = {notes[i] for i in readable}
    return {notes[i] for i in hidden if i in notes} - shown, shown


def confidential_id(store: SqliteStore, node_id: str) -> bool:
    return confidential(store.get_node(node_id))


def hidden_from(viewer: str, store: SqliteStore) -> list[Node]:
    nodes = store.find_nodes()
    owned_by_a, owned_by_b = owners(store)
    public = {n.id for n in nodes if n.visibility == "public" and not n.is_person}
    if viewer == "public":
        return [n for n in nodes if n.id not in public]
    if viewer == "member_a":
        return [n for n in nodes if confidential(n) or (n.id in owned_by_b and n.id not in public)]
    assert viewer == "coord_b"
    return [
        n for n in nodes if (n.id in owned_by_a and n.id not in public) or (confidential(n) and n.id not in owned_by_b)
    ]


class Answers(list[str]):
    """Answers as text; the ids each one was asked about (an answer may repeat what it was asked)."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[set[str]] = []

    def append(self, text: str, asked: set[str] | None = None) -> None:
        super().append(text)
        self.asked.append(asked or set())

    def __iadd__(self, texts: object) -> Answers:
        for text in texts:  # type: ignore[attr-defined]
            self.append(text)
        return self


def collect(viewer: str, access: Access, cli: Callable[..., CliResult], tmp_path: Path) -> Answers:
    """Every answer of every door, as text.

    Every element is asked for by id; relations by key and by element wherever an end is
    hidden from the viewer (where a leak would be) and for a sample of the rest.
    """
    texts = Answers()
    auth = {} if viewer == "public" else {"Authorization": f"Bearer {access.tokens[viewer]}"}
    url = f"sqlite:///{access.db}"
    with SqliteStore(access.db) as store:
        everything = store.find_nodes()
        hidden = {n.id for n in hidden_from(viewer, store)}
        relations = store.find_relations()
    keys = [r.key for i, r in enumerate(relations) if {r.source, r.target} & hidden or i % 10 == 0]
    with TestClient(create_app(url)) as client:

        def get(path: str, asked: set[str] | None = None, **params: str) -> None:
            response = client.get(path, params=params, headers=auth)
            texts.append(response.text, asked)

        for path in KIND_PATHS.values():
            get(f"/api/{path}", limit="1000")
        for node in everything:
            get(f"/api/{KIND_PATHS[node.kind]}/{node.id}", {node.id})
            if node.id in hidden or len(texts) % 5 == 0:
                get("/api/relations", {node.id}, element=node.id)
        get("/api/relations")
        for key in keys:
            get(f"/api/relations/{key}", set(key.split("|")))
        get("/api/stats")
        get("/api/services")
        for alliance in (A, B):
            get(f"/api/alliances/{alliance}/gaps", {alliance})
            for fmt in ("json", "markdown"):
                get(f"/api/alliances/{alliance}/goals", {alliance}, format=fmt)
        for topic in ("right_wing_extremism", "racism"):
            for place in PLACES:
                get("/api/referral", topic=topic, place=place)
                for origin in ORIGINS:
                    get("/api/referral", {origin}, topic=topic, place=place, origin=origin)
        # pages, signed in as the viewer
        if viewer != "public":
            assert sign_in(client, EMAILS[viewer], PASSWORD).status_code == 303
        texts.append(client.get("/").text)
        texts.append(client.get("/anmelden").text)
        for topic in TOPICS:
            for place in PLACES:
                texts.append(client.get("/beratung", params={"thema": topic, "ort": place}).text)
    # maps, exports, indicators: the public through the CLI (--public), the others through the services
    if viewer == "public":
        for target in ([A], [B], ["--region", "15087"], ["--region", "15085"]):
            out = tmp_path / "karte.html"
            result = cli("map", *target, "--public", "-o", str(out))
            texts.append(result.err, set(target))
            texts += [result.out, out.read_text(encoding="utf-8") if result.code == 0 else ""]
        for fmt in ("json", "csv", "graphml"):
            out = tmp_path / f"export-{fmt}"
            result = cli("export", str(out), "--format", fmt, "--public", "--force")
            texts += [result.out, result.err]
            texts += [p.read_text(encoding="utf-8-sig") for p in ([out] if out.is_file() else out.glob("*"))]
        for origin in ORIGINS:
            result = cli("referral", "--topic", "Rassismus", "--ort", "Sangerhausen", "--public", "--from", origin)
            texts.append(result.out + result.err, {origin})
        result = cli("services", "--public", "--json")
        texts += [result.out, result.err]
    with SqliteStore(access.db) as store:
        view = View(store, Viewer.public() if viewer == "public" else Viewer.for_user(store.get_user(EMAILS[viewer])))
        for alliance, region in ((A, None), (B, None), (None, "15087"), (None, "15085")):
            try:
                texts.append(network_map_html(view, alliance, region))
            except StoreError as exc:
                texts.append(str(exc), {alliance or ""})
        for fmt in ("json", "csv"):
            out = tmp_path / f"view-export-{fmt}"
            shutil.rmtree(out, ignore_errors=True)
            written = export(data.export_network(view), out, fmt)
            texts += [p.read_text(encoding="utf-8-sig") for p in written]
        for alliance in (A, B):
            try:
                texts.append(json.dumps(analysis.indicators(view, alliance).to_dict(), ensure_ascii=False, default=str))
            except StoreError as exc:
                texts.append(str(exc), {alliance})
    return texts


def spellings(text: str) -> set[str]:
    """How a name can appear in an answer: as is, HTML-escaped, JSON-escaped."""
    return {text, html.escape(text), json.dumps(text)[1:-1]}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Access:
    return build(tmp_path_factory.mktemp("lecks") / "vorlage.db")


@pytest.mark.slow
@pytest.mark.parametrize("viewer", ["public", "member_a", "coord_b"])
def test_no_door_shows_what_the_viewer_may_not_see(
    viewer: str, pristine: Access, db_path: Path, cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    shutil.copy(pristine.db, db_path)  # the cli fixture works on db_path
    access = Access(db_path, pristine.tokens)
    texts = collect(viewer, access, cli, tmp_path)
    whole = "\n".join(texts)
    with SqliteStore(db_path) as store:
        hidden = hidden_from(viewer, store)
    assert len(hidden) > 20
    leaks = set()
    for node in hidden:
        pattern = re.compile(rf"(?<![\w.:-]){re.escape(node.id)}(?![\w.:-])")
        for text, asked in zip(texts, texts.asked, strict=True):
            if node.id not in asked and pattern.search(text):
                leaks.add(f"id {node.id}")
        if any(s in whole for s in spellings(node.name)):
            leaks.add(f"name {node.name} ({node.id}, {node.visibility})")
    assert not leaks, f"{viewer} sees: {sorted(leaks)}"
    # Notes are internal working text: never public, whatever the element's marking.
    with SqliteStore(db_path) as store:
        secret_notes, readable_notes = notes_hidden_from(viewer, store)
    assert len(secret_notes) > (20 if viewer == "public" else 0)
    assert not [note for note in secret_notes if any(s in whole for s in spellings(note))], viewer
    assert viewer == "public" or any(note in whole for note in readable_notes), viewer
    # the collection really reached the data: what the viewer may see is there
    seen = {
        "public": ["Heimatbund Vorharz", "Partnerschaft für Demokratie Mansfeld-Südharz"],
        "member_a": ["Katrin Albrecht", "Heimatbund Vorharz"],  # A's person with consent; B's public actor
        "coord_b": ["Berta Vorharzperson", "Schutzraum Vorharz gGmbH", "Heimatbund Vorharz"],
    }[viewer]
    assert all(name in whole for name in seen), viewer
    assert A_CONSENTED not in {n.id for n in hidden} or viewer != "member_a"
