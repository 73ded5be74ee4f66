"""The comparison page: an alliance's indicators against others, without any personal data.

Indicator files (from ``buendnisatlas indicators`` or the download here) are uploaded, or
alliances of this installation are picked; the page shows median, middle half and range
per indicator, the chosen alliance's place, and a small picture per indicator. The
download is the alliance's own indicator file: aggregated figures only, small counts
suppressed (:mod:`buendnisatlas.graph.indicators`).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from buendnisatlas.api.goals_text import excel_csv
from buendnisatlas.api.text import indicator_text
from buendnisatlas.api.web.charts import benchmark_svg
from buendnisatlas.api.web.render import SignedInVisit, Visit, page
from buendnisatlas.api.web.routes.gaps import NONE_TO_ANALYSE, PageInputError, day_field
from buendnisatlas.api.web.routes.imports import upload_limit
from buendnisatlas.api.web.session import csrf_ok
from buendnisatlas.graph.comparison import Comparison
from buendnisatlas.graph.indicators import IndicatorFileError, Indicators
from buendnisatlas.graph.profiles import ProfileError
from buendnisatlas.graph.store import InvalidData
from buendnisatlas.services import analysis

router = APIRouter(include_in_schema=False)


def _table(comparison: Comparison, target: str | None) -> list[dict[str, Any]]:
    rows = []
    for b in comparison.benchmarks:
        shown = {label: indicator_text(v, b.unit) for label, v in b.values.items()}
        numbers = {k: float(v) for k, v in b.values.items() if isinstance(v, int | float) and not isinstance(v, bool)}
        picture = None
        if b.unit != "bool" and b.median is not None and b.q1 is not None and b.q3 is not None and len(numbers) > 1:
            mine = target if target in numbers else None
            words = f"{b.label}: Median {indicator_text(b.median, b.unit)}" + (
                f", {mine}: {shown[mine]}" if mine else ""
            )
            ends = (indicator_text(b.min, b.unit), indicator_text(b.max, b.unit))
            picture = benchmark_svg(numbers, b.q1, b.median, b.q3, mine, words, shown, ends)
        rows.append(
            {
                "label": b.label,
                "mine": shown.get(target, "–") if target else None,
                "median": indicator_text(b.median, b.unit) if b.unit != "bool" else "–",
                "middle": "–"
                if b.q1 is None or b.unit == "bool"
                else f"{indicator_text(b.q1, b.unit)} – {indicator_text(b.q3, b.unit)}",
                "range": "–" if b.min is None else f"{indicator_text(b.min, b.unit)} – {indicator_text(b.max, b.unit)}",
                "rank": f"{b.ranks[target]} von {b.n}" if target in b.ranks else "–",
                "flagged": bool(target and target in b.flagged),
                "picture": picture,
            }
        )
    return rows


def _context(visit: Visit, **extra: Any) -> dict[str, Any]:
    choices = analysis.analysable_alliances(visit.view)
    return {
        "choices": choices,
        "picked": [],
        "stand": "",
        "rows": None,
        "error": None,
        "limit_mb": round(upload_limit() / 1024 / 1024),
        "none_to_analyse": NONE_TO_ANALYSE if not choices else None,
        **extra,
    }


def _show(
    request: Request, visit: Visit, picked: list[str], received: list[tuple[str, Indicators]], stand: str, ziel: str
) -> Response:
    context = _context(visit, picked=picked, stand=stand, ziel=ziel)
    if not picked and not received:
        return page(request, visit, "vergleich.html", context)
    try:
        day = day_field(stand, "Stichtag") or date.today()
        sets, found = analysis.comparison(visit.view, picked, received, day)
    except (PageInputError, ProfileError, InvalidData) as exc:
        context["error"] = str(exc)
        return page(request, visit, "vergleich.html", context, status.HTTP_400_BAD_REQUEST)
    # The alliance set against the others: the one asked for, else the first of this installation.
    named = {name: found_set.label for name, found_set in sets}
    labels = list(named.values())
    target = named.get(ziel) or (ziel if ziel in labels else None) or labels[0]
    thresholds = sorted({s.threshold for _, s in sets})
    context.update(rows=_table(found, target), target=target, labels=labels, named=named, thresholds=thresholds)
    return page(request, visit, "vergleich.html", context)


@router.get("/vergleich", response_class=HTMLResponse)
def comparison_page(request: Request, visit: SignedInVisit, stand: str = "", ziel: str = "") -> Response:
    """Pick alliances of this installation (``?buendnis=a&buendnis=b``) or upload indicator files."""
    picked = [v for v in request.query_params.getlist("buendnis") if v]
    return _show(request, visit, picked, [], stand, ziel)


def _read_upload(name: str, raw: bytes) -> Indicators:
    try:
        return Indicators.from_dict(json.loads(raw.decode("utf-8-sig")))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise PageInputError(f"„{name}“ ist keine Kennzahlen-Datei (kein gültiges JSON).") from None
    except IndicatorFileError as exc:
        raise PageInputError(f"„{name}“: {exc}") from None


@router.post("/vergleich", response_class=HTMLResponse)
async def compare_uploads(request: Request, visit: SignedInVisit) -> Response:
    """Compare uploaded indicator files (and the alliances picked)."""
    try:
        fields = await request.form()
    except Exception:  # a broken multipart body: the framework's message is English
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "Das Formular kam unvollständig an.") from None
    picked = [str(v) for v in fields.getlist("buendnis") if v]
    stand, ziel = str(fields.get("stand") or ""), str(fields.get("ziel") or "")
    if not csrf_ok(visit.session, str(fields.get("csrf") or "")):
        context = _context(visit, picked=picked, error="Das Formular ist abgelaufen. Bitte die Seite neu laden.")
        return page(request, visit, "vergleich.html", context, status.HTTP_400_BAD_REQUEST)
    received: list[tuple[str, Indicators]] = []
    used, limit = 0, upload_limit()
    try:
        for upload in fields.getlist("dateien"):
            if not isinstance(upload, UploadFile) or not upload.filename:
                continue
            raw = await upload.read(limit + 1 - used)
            used += len(raw)
            if used > limit:
                message = f"Die Dateien sind zu groß: höchstens {round(limit / 1024 / 1024)} MB zusammen."
                context = _context(visit, picked=picked, error=message)
                return page(request, visit, "vergleich.html", context, status.HTTP_413_CONTENT_TOO_LARGE)
            name = upload.filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
            received.append((name.removesuffix(".json"), _read_upload(name, raw)))
    except PageInputError as exc:
        context = _context(visit, picked=picked, error=str(exc))
        return page(request, visit, "vergleich.html", context, status.HTTP_400_BAD_REQUEST)
    return _show(request, visit, picked, received, stand, ziel)


@router.get("/vergleich/kennzahlen")
def own_indicators(visit: SignedInVisit, buendnis: str = "", stand: str = "", format: str = "json") -> Response:
    """The alliance's own indicator file, to pass on: JSON (for comparing) or CSV (for Excel)."""
    try:
        day = day_field(stand, "Stichtag") or date.today()
    except PageInputError as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(exc)) from None
    if not buendnis:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "Bitte ein Bündnis wählen.")
    found = analysis.indicators(visit.view, buendnis, day)
    stem = f"kennzahlen-{found.ags or 'buendnis'}-{day.isoformat()}"
    if format == "csv":
        rows = [
            {"kennzahl": i.label, "wert": i.value, "einheit": i.unit, "schluessel": i.key} for i in found.indicators
        ]
        body = "\ufeff" + excel_csv(rows)
        media, name = "text/csv; charset=utf-8", f"{stem}.csv"
    else:
        body = json.dumps(found.to_dict(), ensure_ascii=False, indent=2) + "\n"
        media, name = "application/json; charset=utf-8", f"{stem}.json"
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})
