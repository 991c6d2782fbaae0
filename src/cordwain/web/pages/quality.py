"""Quality: the sampling-plan calculator, final-lot inspection on a tablet, holds and their
release, non-conformances, control charts, the defect Pareto, first-pass yield, and the trace
search (a pair serial or a hide code)."""

from __future__ import annotations

import threading
import time
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from cordwain.api.cache import data_changed
from cordwain.domain import Operation
from cordwain.services import ServiceError
from cordwain.services import quality as qc
from cordwain.services import web_engines as we
from cordwain.services.accounts import Permission, User
from cordwain.store import SqlUnitOfWork

from ..templating import render
from .common import UowDep, allow

router = APIRouter(include_in_schema=False)
Viewer = Depends(allow(Permission.VIEW_PRODUCTION))
Inspector = Depends(allow(Permission.RECORD_INSPECTIONS))
Short = Annotated[str | None, Query(max_length=40)]
CHART_OPERATIONS = [o.value for o in Operation if o is not Operation.INSPECTION] + ["final"]
#: Finding rows on the lot form: inspectors rarely find more defects than this in one sample.
FINDING_ROWS = 8


def _maybe(make, *args, **kw):
    """The chart or table, or the plain-language reason there is none yet."""
    try:
        return make(*args, **kw), None
    except ServiceError as exc:
        return None, str(exc)


class _Figures:
    """The quality page's figures (lots, control chart, Pareto, yields) kept a few seconds.

    They read every inspection and return on each call; fifty inspectors reloading the page
    need not recompute them fifty times a second. Forgotten at once after a change made here,
    and at most :data:`FRESH_SECONDS` old otherwise (as the dashboard).
    """

    FRESH_SECONDS = 5.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: dict[tuple, tuple[float, dict]] = {}

    def get(self, key: tuple, make) -> dict:
        now = time.monotonic()
        with self._lock:
            hit = self._kept.get(key)
        if hit is not None and now - hit[0] < self.FRESH_SECONDS:
            return hit[1]
        value = make()
        with self._lock:
            self._kept[key] = (time.monotonic(), value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()


#: Kept on the app (like the dashboard cache), made on first use.
_FIGURES_ATTR = "quality_figures"


def _figures(request: Request) -> _Figures:
    figures = getattr(request.app.state, _FIGURES_ATTR, None)
    if figures is None:
        figures = _Figures()
        setattr(request.app.state, _FIGURES_ATTR, figures)
    return figures


def _changed(request: Request) -> None:
    data_changed(request.app)
    _figures(request).clear()


def _sampling(lot_size: int, level: str, severity: str):
    return qc.quality_plan(lot_size, level=level, severity=severity)


@router.get("/quality")
def quality(
    request: Request,
    operation: Annotated[Literal[tuple(CHART_OPERATIONS)], Query()] = "final",  # type: ignore[valid-type]
    kind: Annotated[Literal["p", "u"], Query()] = "p",
    by: Annotated[Literal["family", "code", "severity"], Query()] = "family",
    user: User = Viewer,
    uow: SqlUnitOfWork = UowDep,
) -> Response:
    def make() -> dict:
        chart, chart_error = _maybe(qc.control_chart, uow, operation, kind=kind)
        pareto, pareto_error = _maybe(qc.defect_pareto, uow, by=by)
        fpy, _ = _maybe(qc.first_pass_yields, uow)
        return {
            "lots": we.lots_to_inspect(uow),
            "holds": qc.lot_holds(uow),
            "ncrs": [qc.ncr_json(n) for n in qc.list_ncrs(uow)],
            "chart_svg": chart.svg() if chart else None,
            "chart": chart.as_dict() if chart else None,
            "chart_error": chart_error,
            "pareto_svg": pareto.svg() if pareto else None,
            "pareto_error": pareto_error,
            "fpy": fpy,
        }

    figures = _figures(request).get((operation, kind, by), make)
    return render(
        request,
        "quality.html",
        **figures,
        operations=CHART_OPERATIONS,
        operation=operation,
        kind=kind,
        by=by,
        can_inspect=user.can(Permission.RECORD_INSPECTIONS),
        sampling=_sampling(500, "II", "normal"),
        lot_size=500,
    )


@router.get("/quality/sampling")
def sampling(
    request: Request,
    lot_size: Annotated[int, Query(ge=2, le=10_000_000)],
    level: Annotated[Literal["I", "II", "III", "S-1", "S-2", "S-3", "S-4"], Query()] = "II",
    severity: Annotated[Literal["normal", "tightened", "reduced"], Query()] = "normal",
    _: User = Viewer,
) -> Response:
    plan = _sampling(lot_size, level, severity)
    template = "sampling.html" if request.headers.get("hx-request") else "sampling_page.html"
    return render(request, template, sampling=plan, lot_size=lot_size)


def _lot_form(
    request: Request,
    uow: SqlUnitOfWork,
    code: str,
    style: str | None,
    status: int = 200,
    error: str | None = None,
) -> Response:
    draw = qc.draw_sample(uow, code.strip().upper(), style=style or None)
    tax = qc.taxonomy(uow)
    return render(
        request,
        "lot_form.html",
        status=status,
        draw=draw.as_dict(),
        error=error,
        sample=list(draw.serials),
        rows=range(1, FINDING_ROWS + 1),
        defects=[
            {"code": t.code, "name": t.name, "family": t.family.value, "severity": t.severity.value}
            for t in tax.types
        ],
    )


@router.get("/quality/lots/{code}")
def lot_form(
    code: str,
    request: Request,
    style: Short = None,
    _: User = Inspector,
    uow: SqlUnitOfWork = UowDep,
) -> Response:
    # Drawing is idempotent: the lot's sample is drawn once and kept, so reloading this page
    # (or another inspector opening it) shows the very same pairs to pull.
    return _lot_form(request, uow, code, style)


@router.post("/quality/lots/{code}")
async def record_lot(
    code: str,
    request: Request,
    style: Annotated[str, Form(min_length=1, max_length=40)],
    user: User = Inspector,
    uow: SqlUnitOfWork = UowDep,
) -> Response:
    form = await request.form()
    findings = []
    for n in range(1, FINDING_ROWS + 1):
        serial = str(form.get(f"serial_{n}") or "").strip()[:40]
        defect = str(form.get(f"code_{n}") or "").strip()[:40]
        if not serial and not defect:
            continue
        if not serial or not defect:
            return _lot_form(
                request, uow, code, style, 422, f"row {n}: pick both the pair and the defect"
            )
        raw = str(form.get(f"count_{n}") or "1")
        count = int(raw) if raw.isdigit() and 1 <= int(raw) <= 1000 else 0
        if not count:
            return _lot_form(
                request,
                uow,
                code,
                style,
                422,
                f"row {n}: the count must be a whole number from 1 to 1000",
            )
        findings.append(
            qc.Finding(
                serial, defect, count, None, str(form.get(f"note_{n}") or "")[:2000], f"row {n}"
            )
        )
    try:
        report = qc.inspect_lot(
            uow, code.strip().upper(), findings, style=style, inspector=user.username
        )
    except ServiceError as exc:
        uow.rollback()
        return _lot_form(request, uow, code, style, 422, str(exc))
    _changed(request)
    return render(request, "lot_result.html", r=report.as_dict())


@router.post("/quality/holds/{code}/release")
def release(
    code: str,
    request: Request,
    note: Annotated[str, Form(min_length=1, max_length=2000)],
    _: User = Inspector,
    uow: SqlUnitOfWork = UowDep,
) -> Response:
    qc.release_lot(uow, code, note=note)
    _changed(request)
    return RedirectResponse("/quality#holds", status_code=303)


@router.get("/trace")
def trace(
    request: Request,
    q: Annotated[str | None, Query(max_length=60)] = None,
    _: User = Viewer,
    uow: SqlUnitOfWork = UowDep,
) -> Response:
    kind, found, error = None, None, None
    if q and q.strip():
        try:
            kind, found = we.find_trace(uow, q)
        except ServiceError as exc:
            error = str(exc)
    return render(
        request,
        "trace.html",
        q=q or "",
        kind=kind,
        t=found,
        error=error,
        status=404 if error else 200,
    )
