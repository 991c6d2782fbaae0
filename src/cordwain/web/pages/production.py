"""Batches and inspections (with the inspection form), and an artisan's own day sheet."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from cordwain.api.cache import data_changed
from cordwain.domain import DefectFamily, InspectionResult, Operation, Severity
from cordwain.services import ServiceError
from cordwain.services import web_production as prod
from cordwain.services.accounts import Permission, User
from cordwain.store import SqlUnitOfWork

from ..templating import render
from .common import UowDep, allow

router = APIRouter(include_in_schema=False)
Viewer = Depends(allow(Permission.VIEW_PRODUCTION))
Inspector = Depends(allow(Permission.RECORD_INSPECTIONS))
Artisan = Depends(allow(Permission.RECORD_OWN_WORK))
Short = Annotated[str, Form(max_length=40)]
Note = Annotated[str, Form(max_length=2000)]

CHOICES = {
    "operations": [o.value for o in Operation],
    "families": [f.value for f in DefectFamily],
    "severities": [s.value for s in Severity],
    "results": [r.value for r in InspectionResult],
}


def _production(request: Request, user: User, uow: SqlUnitOfWork, status: int = 200,
                error: str | None = None, done: str | None = None) -> Response:  # fmt: skip
    return render(
        request, "production.html", status=status, batches=prod.batches(uow),
        inspections=[prod.inspection_dict(*i) for i in prod.inspections(uow, user)][-50:],
        can_inspect=user.can(Permission.RECORD_INSPECTIONS), error=error, done=done,
        today=date.today().isoformat(), **CHOICES,
    )  # fmt: skip


@router.get("/production")
def production(request: Request, user: User = Viewer, uow: SqlUnitOfWork = UowDep) -> Response:
    return _production(request, user, uow)


def _defect(family: str, code: str, severity: str, count: int, note: str) -> list[dict]:
    if not code.strip():
        return []
    return [{"family": family, "code": code, "severity": severity, "count": count, "note": note}]


@router.post("/production/inspections")
def add_inspection(
    request: Request,
    batch_code: Short,
    operation: Short,
    lot_size: Annotated[int, Form(ge=1, le=1_000_000)],
    sample_size: Annotated[int, Form(ge=1, le=1_000_000)],
    result: Short,
    defect_family: Short = "upper",
    defect_code: Short = "",
    defect_severity: Short = "minor",
    defect_count: Annotated[int, Form(ge=1, le=10_000)] = 1,
    defect_note: Note = "",
    user: User = Inspector,
    uow: SqlUnitOfWork = UowDep,
) -> Response:
    try:
        new_id = prod.record_inspection(
            uow, user, batch_code=batch_code, operation=operation, lot_size=lot_size,
            sample_size=sample_size, result=result,
            defects=_defect(defect_family, defect_code, defect_severity, defect_count,
                            defect_note),
        )  # fmt: skip
    except ServiceError as exc:
        uow.rollback()
        return _production(request, user, uow, status=422, error=str(exc))
    uow.commit()
    data_changed(request.app)
    return _production(request, user, uow, done=f"Inspection {new_id} recorded.")


def _my_day(request: Request, user: User, uow: SqlUnitOfWork, status: int = 200,
            error: str | None = None, done: str | None = None) -> Response:  # fmt: skip
    sheet = prod.day_sheet(uow, user)
    return render(
        request, "my_day.html", status=status, sheet=sheet.as_dict(), error=error, done=done,
        now=datetime.now().strftime("%Y-%m-%dT%H:%M"), **CHOICES,
    )  # fmt: skip


@router.get("/my-day")
def my_day(request: Request, user: User = Artisan, uow: SqlUnitOfWork = UowDep) -> Response:
    return _my_day(request, user, uow)


def _when(value: str, name: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise ServiceError(f"{name} {value!r} is not a date and time") from None


@router.post("/my-day/operations")
def add_operation(
    request: Request,
    batch_code: Short,
    operation: Short,
    started: Short,
    finished: Short,
    user: User = Artisan,
    uow: SqlUnitOfWork = UowDep,
) -> Response:
    try:
        prod.record_own_operation(
            uow, user, batch_code=batch_code, operation=operation,
            started=_when(started, "start"), finished=_when(finished, "finish"),
        )  # fmt: skip
    except ServiceError as exc:
        uow.rollback()
        return _my_day(request, user, uow, status=422, error=str(exc))
    uow.commit()
    data_changed(request.app)
    return RedirectResponse("/my-day", status_code=303)


@router.post("/my-day/defects")
def add_defect(
    request: Request,
    batch_code: Short,
    operation: Short,
    family: Short,
    code: Short,
    severity: Short,
    count: Annotated[int, Form(ge=1, le=10_000)] = 1,
    note: Note = "",
    user: User = Artisan,
    uow: SqlUnitOfWork = UowDep,
) -> Response:
    try:
        prod.record_own_defect(
            uow, user, batch_code=batch_code, operation=operation,
            defect={"family": family, "code": code, "severity": severity, "count": count,
                    "note": note},
        )  # fmt: skip
    except ServiceError as exc:
        uow.rollback()
        return _my_day(request, user, uow, status=422, error=str(exc))
    uow.commit()
    data_changed(request.app)
    return _my_day(request, user, uow, done="Defect reported; an inspector will review it.")
