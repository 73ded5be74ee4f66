"""The import page: upload, validation report, confirm, progress and result, templates.

Nothing is written before the editor confirms: the upload is read and validated
(:func:`buendnisatlas.services.data.read_files`, which also checks that a coordinator
imports only into what they may change), counted with a dry run, and the checked plan
is kept in this process under a random id that the editor's session names. Confirming
writes exactly that plan, in one transaction and in a background thread, so that the
page can show how far it got; the uploaded files are deleted once they are read.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.datastructures import UploadFile

from buendnisatlas.api.web.render import EditorVisit, Visit, page, redirect, sessions
from buendnisatlas.api.web.session import csrf_ok
from buendnisatlas.graph.store import StoreError
from buendnisatlas.importers.canonical import ImportFailed, ImportPlan, ImportResult, Problem
from buendnisatlas.importers.detect import FORMAT_LABELS
from buendnisatlas.services import UnitOfWork, Viewer, data

router = APIRouter(include_in_schema=False)
log = logging.getLogger(__name__)

UPLOAD_LIMIT_ENV = "BUENDNISATLAS_UPLOAD_MB"
DEFAULT_UPLOAD_MB = 50
# A checked import waits this long for its confirmation; a finished one stays readable as long.
KEEP_SECONDS = 3600
SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".json", ".graphml", ".gexf", ".xml")
EXPIRED = "Diese Prüfung ist abgelaufen oder gehört zu einer anderen Sitzung. Bitte die Dateien erneut hochladen."


def upload_limit() -> int:
    """The most an upload may hold, in bytes: ``$BUENDNISATLAS_UPLOAD_MB`` megabytes (default 50)."""
    try:
        megabytes = float(os.environ.get(UPLOAD_LIMIT_ENV, DEFAULT_UPLOAD_MB))
    except ValueError:
        megabytes = DEFAULT_UPLOAD_MB
    return int(megabytes * 1024 * 1024)


@dataclass
class ImportJob:
    """One checked upload: its plan, the dry run's counts, and, once confirmed, how far the write got."""

    id: str
    owner: str
    files: list[str]
    format: str
    plan: ImportPlan
    preview: ImportResult
    state: Literal["checked", "running", "done", "failed"] = "checked"
    written: int = 0
    result: ImportResult | None = None
    error: str | None = None
    problems: list[Problem] = field(default_factory=list)
    touched: float = field(default_factory=time.monotonic)

    @property
    def total(self) -> int:
        return len(self.plan.regions) + len(self.plan.nodes) + len(self.plan.relations)

    def status(self) -> dict[str, Any]:
        return {"state": self.state, "written": self.written, "total": self.total}


class ImportJobs:
    """The checked and running imports of this process, dropped an hour after their last use."""

    def __init__(self) -> None:
        self._jobs: dict[str, ImportJob] = {}
        self._lock = threading.Lock()

    def add(self, job: ImportJob) -> None:
        with self._lock:
            self._drop_old()
            # One waiting check per editor: a new upload replaces the last one not confirmed.
            for key in [k for k, j in self._jobs.items() if j.owner == job.owner and j.state == "checked"]:
                del self._jobs[key]
            self._jobs[job.id] = job

    def get(self, job_id: object, owner: str) -> ImportJob | None:
        with self._lock:
            self._drop_old()
            job = self._jobs.get(job_id) if isinstance(job_id, str) else None
            if job is None or job.owner != owner:
                return None
            job.touched = time.monotonic()
            return job

    def discard(self, job_id: str) -> None:
        with self._lock:
            self._jobs.pop(job_id, None)

    def _drop_old(self) -> None:
        limit = time.monotonic() - KEEP_SECONDS
        for key in [k for k, j in self._jobs.items() if j.touched < limit and j.state != "running"]:
            del self._jobs[key]


_JOBS_LOCK = threading.Lock()


def jobs(request: Request) -> ImportJobs:
    with _JOBS_LOCK:
        if not hasattr(request.app.state, "imports"):
            request.app.state.imports = ImportJobs()
    found: ImportJobs = request.app.state.imports
    return found


def _owner(visit: Visit) -> str:
    return visit.viewer.who


def _safe_name(name: str | None, number: int) -> str:
    """The upload's own file name without folders or odd characters (its name says which table it is)."""
    base = Path((name or "").replace("\\", "/")).name
    base = re.sub(r"[^\w.\- äöüÄÖÜß]", "_", base).strip(". ") or f"datei-{number}"
    return base[:120]


def _shown(problem: Problem, folder: Path) -> dict[str, Any]:
    """A problem as the report shows it: the file as the editor named it, not our temporary folder."""
    shown = problem.to_dict()
    shown["file"] = str(problem.file).replace(f"{folder}{os.sep}", "").replace(str(folder), "Upload")
    return shown


def _context(visit: Visit, **extra: Any) -> dict[str, Any]:
    return {
        "formats": FORMAT_LABELS,
        "limit_mb": round(upload_limit() / 1024 / 1024),
        "templates": [*data.template_tables(), "vorlage.xlsx"],
        "problems": [],
        "error": None,
        **extra,
    }


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request, visit: EditorVisit) -> Any:
    """The upload form, with the templates to download."""
    return page(request, visit, "import.html", _context(visit))


async def _save_uploads(uploads: list[UploadFile], folder: Path) -> list[Path] | str:
    """Write the uploads into ``folder``; a German message instead if they are too big, odd or missing."""
    limit, used = upload_limit(), 0
    paths: list[Path] = []
    for number, upload in enumerate(uploads, 1):
        name = _safe_name(upload.filename, number)
        if not upload.filename:
            continue
        if not name.lower().endswith(SUFFIXES):
            return f"„{name}“: dieses Dateiformat wird nicht gelesen (erlaubt: {', '.join(SUFFIXES)})."
        path = folder / name
        if path.exists():
            return f"„{name}“ wurde zweimal hochgeladen."
        with path.open("wb") as handle:
            while chunk := await upload.read(1024 * 1024):
                used += len(chunk)
                if used > limit:
                    return (
                        f"Die Dateien sind zu groß: höchstens {round(limit / 1024 / 1024)} MB zusammen. "
                        "Bitte die Datei aufteilen oder die Verwaltung bitten, die Grenze zu erhöhen."
                    )
                handle.write(chunk)
        paths.append(path)
    if not paths:
        return "Bitte mindestens eine Datei auswählen."
    return paths


@router.post("/import", response_class=HTMLResponse)
async def check_upload(request: Request, visit: EditorVisit) -> Any:
    """Read and validate the upload and count what it would change; write nothing."""
    try:
        fields = await request.form()
    except Exception:  # a broken multipart body: the framework's message is English
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST, "Das Formular kam unvollständig an. Bitte erneut senden."
        ) from None
    if not csrf_ok(visit.session, str(fields.get("csrf") or "")):
        context = _context(visit, error="Das Formular ist abgelaufen. Bitte die Seite neu laden und erneut hochladen.")
        return page(request, visit, "import.html", context, status.HTTP_400_BAD_REQUEST)
    fmt = str(fields.get("format") or "auto")
    if fmt != "auto" and fmt not in FORMAT_LABELS:
        fmt = "auto"
    uploads = [f for f in fields.getlist("dateien") if isinstance(f, UploadFile)]
    folder = Path(tempfile.mkdtemp(prefix="buendnisatlas-import-"))
    try:
        saved = await _save_uploads(uploads, folder)
        if isinstance(saved, str):
            code = status.HTTP_413_CONTENT_TOO_LARGE if "zu groß" in saved else status.HTTP_400_BAD_REQUEST
            return page(request, visit, "import.html", _context(visit, error=saved), code)
        names = [p.name for p in saved]
        uow = visit.uow
        try:
            detected, plan = data.read_files(uow, saved, None if fmt == "auto" else fmt, shown_as=", ".join(names))
            preview = data.import_plan(uow, plan, dry_run=True)
        except ImportFailed as exc:
            problems = [_shown(p, folder) for p in exc.problems]
            context = _context(visit, problems=problems, files=names)
            return page(request, visit, "import_bericht.html", context, status.HTTP_422_UNPROCESSABLE_CONTENT)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    job = ImportJob(secrets.token_urlsafe(18), _owner(visit), names, detected, plan, preview)
    jobs(request).add(job)
    visit.session["import"] = job.id
    warnings = [_shown(w, folder) for w in plan.warnings]
    context = _context(visit, job=job, files=names, warnings=warnings, format_label=FORMAT_LABELS[detected])
    return page(request, visit, "import_bericht.html", context)


def _run(job: ImportJob, stores: Any, viewer: Viewer) -> None:
    """Write the checked plan in one transaction (the background thread of a confirmed import)."""

    def progress(count: int) -> None:
        job.written += count

    try:
        with stores.connection() as store:
            job.result = data.import_plan(UnitOfWork(store, viewer), job.plan, progress=progress)
        job.state = "done"
    except ImportFailed as exc:  # what the editor may change changed since the check
        job.problems, job.state = exc.problems, "failed"
        job.error = "Seit der Prüfung hat sich etwas geändert, das Sie nicht ändern dürfen. Nichts wurde gespeichert."
    except StoreError as exc:
        job.error, job.state = f"{exc} – nichts wurde gespeichert.", "failed"
    except Exception:
        log.exception("import %s failed", job.id)
        job.error, job.state = "Interner Fehler beim Speichern. Nichts wurde gespeichert.", "failed"
    finally:
        job.touched = time.monotonic()


@router.post("/import/bestaetigen", response_class=HTMLResponse)
async def confirm(request: Request, visit: EditorVisit) -> Any:
    """Write exactly the checked plan; the status page shows how far it got."""
    fields = await request.form()
    if not csrf_ok(visit.session, str(fields.get("csrf") or "")):
        context = _context(visit, error="Das Formular ist abgelaufen. Bitte die Dateien erneut hochladen.")
        return page(request, visit, "import.html", context, status.HTTP_400_BAD_REQUEST)
    job = jobs(request).get(fields.get("auftrag"), _owner(visit))
    if job is None:
        return page(request, visit, "import.html", _context(visit, error=EXPIRED), status.HTTP_409_CONFLICT)
    if job.state == "checked":
        job.state = "running"
        visit.session["import"] = job.id
        worker = threading.Thread(
            target=_run, args=(job, request.app.state.stores, visit.viewer), name=f"import-{job.id}", daemon=True
        )
        worker.start()
    response = redirect("/import/stand")
    sessions(request).save(request, response, visit.session)
    return response


@router.post("/import/verwerfen", response_class=HTMLResponse)
async def discard(request: Request, visit: EditorVisit) -> Any:
    fields = await request.form()
    if csrf_ok(visit.session, str(fields.get("csrf") or "")):
        job = jobs(request).get(fields.get("auftrag"), _owner(visit))
        if job is not None and job.state == "checked":
            jobs(request).discard(job.id)
    return redirect("/import")


@router.get("/import/stand", response_class=HTMLResponse)
def import_status(request: Request, visit: EditorVisit) -> Any:
    """The confirmed import of this session: progress while it runs, then new / changed / unchanged."""
    job = jobs(request).get(visit.session.get("import"), _owner(visit))
    problems = [p.to_dict() for p in job.problems] if job else []
    return page(request, visit, "import_stand.html", _context(visit, job=job, problems=problems))


@router.get("/import/stand.json")
def import_status_json(request: Request, visit: EditorVisit) -> Response:
    """How far the import of this session got, for the status page's progress bar."""
    job = jobs(request).get(visit.session.get("import"), _owner(visit))
    body = job.status() if job else {"state": "none", "written": 0, "total": 0}
    return JSONResponse(body, headers={"Cache-Control": "no-store"})


@router.get("/import/vorlage/{name}")
def template_file(name: str, visit: EditorVisit) -> Response:
    """The templates: the demo's elemente.csv and beziehungen.csv, and both as one workbook."""
    if name == "vorlage.xlsx":
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        body = data.template_workbook()
    elif (path := data.template_tables().get(name)) is not None:
        media, body = "text/csv; charset=utf-8", path.read_bytes()
    else:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"Keine Vorlage „{name}“.")
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})
