"""Elements: the list with filters, the detail page with relations and history, and the forms.

Every read is the viewer's (:attr:`Visit.view`), every write a unit of work of theirs, so
the pages show and change exactly what the REST API would. Forms are checked against the
model before anything is written; a change based on an older version of the element is
refused and shown beside the stored one (optimistic concurrency, never a silent overwrite).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from buendnisatlas.api.web import fields as F
from buendnisatlas.api.web.paging import Pager
from buendnisatlas.api.web.render import EditorVisit, SignedInVisit, Visit, form_lists, page, redirect
from buendnisatlas.api.web.session import csrf_ok
from buendnisatlas.graph import vocab
from buendnisatlas.graph.accounts import AuditEntry
from buendnisatlas.graph.model import KIND_LABELS, NODE_CLASSES, Node, Relation
from buendnisatlas.graph.store import NotFound, StoreError
from buendnisatlas.graph.vocab import NodeKind, RelationType
from buendnisatlas.importers.frames import slugify
from buendnisatlas.services import audit
from buendnisatlas.services import elements as service

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
STALE_FORM = "Das Formular ist abgelaufen. Bitte die Seite neu laden und es erneut versuchen."
ACTIONS = {
    "create": "angelegt",
    "update": "geändert",
    "delete": "gelöscht",
    "restore": "wiederhergestellt",
    "erase": "nach Art. 17 DSGVO gelöscht",
    "merge": "zusammengeführt",
}
DONE = {
    "angelegt": "Das Element ist angelegt.",
    "gespeichert": "Die Änderungen sind gespeichert.",
    "beziehung": "Die Beziehung ist angelegt.",
    "beendet": "Die Beziehung ist beendet.",
    "entfernt": "Die Beziehung ist entfernt.",
    "wiederhergestellt": "Der frühere Stand ist wiederhergestellt.",
}


def _kind(code: str) -> NodeKind | None:
    try:
        return NodeKind(code)
    except ValueError:
        return None


# -- list ------------------------------------------------------------------------------


@router.get("/elemente", response_class=HTMLResponse)
def element_list(
    request: Request,
    visit: SignedInVisit,
    art: str = "",
    sektor: str = "",
    gemeinde: str = "",
    thema: str = "",
    sichtbarkeit: str = "",
    suche: str = "",
    seite: str = "1",
) -> Any:
    """Every element the viewer may see, filtered, one page at a time, by name."""
    query = {
        "art": art,
        "sektor": sektor,
        "gemeinde": gemeinde,
        "thema": thema,
        "sichtbarkeit": sichtbarkeit,
        "suche": suche,
    }
    number = int(seite) if seite.isdigit() else 1
    kind = _kind(art)
    found = service.find_page(visit.view, kind, skip=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE, **_filters(query))
    pager = Pager.of(found.total, number=number, size=PAGE_SIZE, path="/elemente", query=query)
    if pager.number != number:  # beyond the last page: show the last one
        found = service.find_page(visit.view, kind, skip=pager.skip, limit=PAGE_SIZE, **_filters(query))
    context = {
        "query": query,
        "items": found.items,
        "pager": pager,
        "kinds": {k.value: label for k, label in KIND_LABELS.items()},
        "sectors": vocab.SECTORS,
        "topics": vocab.TOPICS,
        "visibilities": vocab.VISIBILITIES,
        "creatable": creatable_kinds(visit),
    }
    return page(request, visit, "elemente.html", context)


def _filters(query: dict[str, str]) -> dict[str, Any]:
    return {
        "text": query["suche"].strip() or None,
        "sector": query["sektor"] or None,
        "ags": query["gemeinde"].strip() or None,
        "topic": query["thema"] or None,
        "visibility": query["sichtbarkeit"] or None,
    }


def creatable_kinds(visit: Visit) -> dict[NodeKind, str]:
    """The kinds the viewer may create here (coordinators: what joins an alliance)."""
    viewer = visit.viewer
    if not (viewer.is_admin or viewer.role == "coordinator"):
        return {}
    kinds = [k for k in KIND_LABELS if k in service.JOINS] if not viewer.is_admin else list(KIND_LABELS)
    if viewer.edits_unaffiliated and not viewer.is_admin:
        kinds.append(NodeKind.ADVISORY_SERVICE)
    return {k: KIND_LABELS[k] for k in kinds if k != NodeKind.GOAL}


# -- detail ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Tie:
    """A relation as the detail page shows it: from this element's side."""

    relation: Relation
    outgoing: bool
    other: Node

    @property
    def ended(self) -> bool:
        return self.relation.until is not None and self.relation.until < date.today()


@router.get("/elemente/{element_id}", response_class=HTMLResponse)
def element_detail(request: Request, visit: SignedInVisit, element_id: str) -> Any:
    return _detail(request, visit, element_id)


def _detail(request: Request, visit: Visit, element_id: str, status_code: int = 200, **context: Any) -> Response:
    view = visit.view
    node = service.read_element(view, element_id)
    may_edit = view.may_edit(node) and (visit.viewer.is_admin or visit.viewer.role == "coordinator")
    ties = []
    for relation in service.list_relations(view, element_id):
        outgoing = relation.source == node.id
        ties.append(Tie(relation, outgoing, view.get(relation.target if outgoing else relation.source)))
    ties.sort(key=lambda t: (t.ended, vocab.RELATION_TYPE.label(t.relation.type), t.other.name))
    history = list(reversed(audit.history(view, node.id))) if may_edit else []
    shown = {
        "node": node,
        "kind_label": KIND_LABELS[node.kind],
        "rows": [(F.label(f), F.display(f, getattr(node, f, None))) for f in _shown_fields(node)],
        "ties": ties,
        "may_edit": may_edit,
        "history": [_entry(e) for e in history],
        "relation_types": vocab.RELATION_TYPES,
        "relation_form": {"typ": "", "richtung": "aus", "anderes": "", "rolle": "", "seit": ""},
        "relation_errors": {},
        "done": DONE.get(request.query_params.get("erledigt", "")),
        "error": None,
        "today": date.today().isoformat(),
        **context,
    }
    return page(request, visit, "element.html", shown, status_code)


def _shown_fields(node: Node) -> list[str]:
    """The data fields in the model's order, then when the record was made and changed."""
    names = [f for f in type(node).model_fields if f not in ("kind", "id")]
    return [f for f in names if f not in F.NOT_EDITED] + [f for f in names if f in F.NOT_EDITED]


@dataclass(frozen=True)
class Entry:
    """One audit entry as the history shows it."""

    entry: AuditEntry
    action: str
    subject: str
    changes: list[tuple[str, str, str]]  # label, before, after
    restorable: bool


def _entry(entry: AuditEntry) -> Entry:
    if entry.relation_key is not None:
        source, type_, target, _since = entry.relation_key.split("|")
        subject = f"Beziehung {vocab.RELATION_TYPE.label(type_)}: {source} → {target}"
    else:
        subject = "Element"
    changes = [
        (F.label(name), F.display(name, before), F.display(name, after))
        for name, (before, after) in entry.changes().items()
        if name not in F.NOT_EDITED or name == "id"
    ]
    restorable = entry.relation_key is None and entry.after is not None and entry.action in ("create", "update")
    return Entry(entry, ACTIONS.get(entry.action, entry.action), subject, changes, restorable)


# -- relations -------------------------------------------------------------------------


@router.post("/elemente/{element_id}/beziehungen", response_class=HTMLResponse)
async def add_relation(request: Request, visit: EditorVisit, element_id: str) -> Any:
    posted = await form_lists(request)
    sent = {k: (posted.get(k) or [""])[0].strip() for k in ("typ", "richtung", "anderes", "rolle", "seit", "csrf")}
    if not csrf_ok(visit.session, sent["csrf"]):
        return _detail(request, visit, element_id, 400, error=STALE_FORM)
    node = service.editable(visit.view, element_id)
    errors: dict[str, str] = {}
    other: Node | None = None
    if not sent["anderes"]:
        errors["anderes"] = "Bitte das andere Element angeben (Kennung oder Name)."
    else:
        try:
            other = visit.view.resolve(sent["anderes"])
        except StoreError as exc:
            errors["anderes"] = str(exc)
    type_ = vocab.RELATION_TYPE.parse(sent["typ"]) if sent["typ"] else None
    if type_ is None:
        errors["typ"] = "Bitte die Art der Beziehung wählen."
    relation: Relation | None = None
    if other is not None and type_ is not None:
        ends = (node.id, other.id) if sent["richtung"] != "ein" else (other.id, node.id)
        try:
            relation = Relation(
                source=ends[0],
                target=ends[1],
                type=RelationType(type_),
                role=sent["rolle"] or None,
                since=F.parse(["since"], {"since": [sent["seit"]]})["since"],
            )
        except ValidationError as exc:
            found = F.german_errors(exc)
            errors["seit"] = found.pop("since", "") or errors.get("seit", "")
            if found:
                errors["typ"] = "; ".join(found.values())
            errors = {k: v for k, v in errors.items() if v}
    if relation is not None and not errors:
        try:
            service.create_relation(visit.uow, relation)
        except StoreError as exc:  # the kinds do not fit the type, or it exists already
            errors["typ"] = str(exc)
    if errors:
        return _detail(request, visit, element_id, 422, relation_form=sent, relation_errors=errors)
    return redirect(f"/elemente/{element_id}?erledigt=beziehung#beziehungen")


@router.post("/elemente/{element_id}/beziehungen/beenden", response_class=HTMLResponse)
async def end_relation(request: Request, visit: EditorVisit, element_id: str) -> Any:
    posted = await form_lists(request)
    sent = {k: (posted.get(k) or [""])[0].strip() for k in ("schluessel", "bis", "csrf")}
    if not csrf_ok(visit.session, sent["csrf"]):
        return _detail(request, visit, element_id, 400, error=STALE_FORM)
    until = F.parse(["until"], {"until": [sent["bis"]]})["until"] or date.today().isoformat()
    try:
        service.update_relation(visit.uow, sent["schluessel"], {"until": until})
    except NotFound:
        raise
    except StoreError as exc:
        return _detail(request, visit, element_id, 422, error=f"Die Beziehung ließ sich nicht beenden: {exc}")
    return redirect(f"/elemente/{element_id}?erledigt=beendet#beziehungen")


@router.post("/elemente/{element_id}/beziehungen/entfernen", response_class=HTMLResponse)
async def remove_relation(request: Request, visit: EditorVisit, element_id: str) -> Any:
    posted = await form_lists(request)
    sent = {k: (posted.get(k) or [""])[0].strip() for k in ("schluessel", "csrf")}
    if not csrf_ok(visit.session, sent["csrf"]):
        return _detail(request, visit, element_id, 400, error=STALE_FORM)
    service.delete_relation(visit.uow, sent["schluessel"])
    return redirect(f"/elemente/{element_id}?erledigt=entfernt#beziehungen")


# -- history ---------------------------------------------------------------------------


@router.post("/elemente/{element_id}/wiederherstellen", response_class=HTMLResponse)
async def restore_version(request: Request, visit: EditorVisit, element_id: str) -> Any:
    """Bring back the element's fields as they were after one recorded change."""
    posted = await form_lists(request)
    sent = {k: (posted.get(k) or [""])[0].strip() for k in ("stand", "csrf")}
    if not csrf_ok(visit.session, sent["csrf"]):
        return _detail(request, visit, element_id, 400, error=STALE_FORM)
    node = service.editable(visit.view, element_id)
    entry = next((e for e in audit.history(visit.view, node.id) if str(e.seq) == sent["stand"]), None)
    if entry is None or entry.relation_key is not None or entry.after is None:
        raise NotFound(f"Keinen Stand „{sent['stand']}“ im Änderungsprotokoll von „{node.name}“")
    current = node.model_dump(mode="json")
    changes = {f: entry.after.get(f) for f in F.editable_fields(node.kind) if entry.after.get(f) != current.get(f)}
    if changes:
        try:
            service.update_element(visit.uow, node.id, changes)
        except StoreError as exc:
            return _detail(request, visit, element_id, 422, error=f"Der Stand ließ sich nicht wiederherstellen: {exc}")
    return redirect(f"/elemente/{element_id}?erledigt=wiederhergestellt")


# -- create and edit -------------------------------------------------------------------


def _form_page(
    request: Request,
    visit: Visit,
    kind: NodeKind,
    values: dict[str, Any],
    errors: dict[str, str],
    *,
    node: Node | None = None,
    status_code: int = 200,
    **context: Any,
) -> Response:
    alliances = {a: visit.view.get(a).name for a in sorted(visit.viewer.alliances) if visit.view.sees(a)}
    shown = {
        "kind": kind,
        "kind_label": KIND_LABELS[kind],
        "node": node,
        "fields": F.form_fields(kind, values, errors),
        "errors": errors,
        "labels": {**F.LABELS, "allianz": "Bündnis"},
        "values": values,
        "alliances": alliances,
        "joins": kind in service.JOINS,
        "id_hint": F.ID_HINT,
        "stale": None,
        **context,
    }
    return page(request, visit, "element_form.html", shown, status_code)


@router.get("/elemente/neu/{art}", response_class=HTMLResponse)
def new_element_form(request: Request, visit: EditorVisit, art: str) -> Any:
    kind = _creatable(visit, art)
    model = NODE_CLASSES[kind].model_fields
    # The model's defaults, except that a new actor starts confidential (it may be a person).
    default = {n: model[n].get_default(call_default_factory=True) for n in F.editable_fields(kind)}
    if kind == NodeKind.ACTOR:
        default["visibility"] = "restricted"
    values = {name: F.form_value(name, default.get(name)) for name in F.editable_fields(kind)}
    allianz = next(iter(sorted(visit.viewer.alliances)), "")
    return _form_page(request, visit, kind, {**values, "id": "", "allianz": allianz}, {})


def _creatable(visit: Visit, art: str) -> NodeKind:
    kind = _kind(art)
    if kind is None or kind not in creatable_kinds(visit):
        raise NotFound(f"Elemente der Art „{art}“ können Sie hier nicht anlegen")
    return kind


@router.post("/elemente/neu/{art}", response_class=HTMLResponse)
async def create_element(request: Request, visit: EditorVisit, art: str) -> Any:
    kind = _creatable(visit, art)
    posted = await form_lists(request)
    names = F.editable_fields(kind)
    values = F.parse(names, posted)
    sent_id = (posted.get("id") or [""])[0].strip()
    alliance = (posted.get("allianz") or [""])[0].strip() or None
    redisplay = {**{n: _redisplay(n, v) for n, v in values.items()}, "id": sent_id, "allianz": alliance or ""}
    if not csrf_ok(visit.session, (posted.get("csrf") or [""])[0]):
        return _form_page(request, visit, kind, redisplay, {"_": STALE_FORM}, status_code=400)
    if kind not in service.JOINS:
        alliance = None
    data = {k: v for k, v in values.items() if v is not None}
    data["id"] = sent_id or _fresh_id(visit, values.get("name") or "")
    errors = _check(kind, data)
    if not errors:
        try:
            created = service.create_element(visit.uow, kind, data, alliance)
        except NotFound as exc:
            errors["allianz"] = str(exc)
        except StoreError as exc:
            errors["id" if "Kennung" in str(exc) or sent_id else "_"] = str(exc)
        else:
            return redirect(f"/elemente/{created.id}?erledigt=angelegt")
    return _form_page(request, visit, kind, redisplay, errors, status_code=422)


def _fresh_id(visit: Visit, name: str) -> str:
    """An id from the name; with a number if it is taken (also by an element the viewer cannot see)."""
    base = slugify(name)[:100] or "element"
    candidate, n = base, 2
    while True:
        try:
            visit.store.get_node(candidate)
        except NotFound:
            return candidate
        candidate, n = f"{base}-{n}", n + 1


def _check(kind: NodeKind, data: dict[str, Any]) -> dict[str, str]:
    """The model's verdict on the record, per field, in German."""
    try:
        NODE_CLASSES[kind].model_validate({**data, "kind": kind})
    except ValidationError as exc:
        return F.german_errors(exc)
    return {}


def _redisplay(name: str, value: Any) -> Any:
    """A parsed value back into its control (a list field as text, a bool as ja/nein)."""
    if name in F.LISTS and isinstance(value, list):
        return ", ".join(value)
    return F.form_value(name, value)
