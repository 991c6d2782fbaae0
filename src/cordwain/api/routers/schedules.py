"""Schedules: run one for a batch in the background, read it back, its Gantt charts (SVG)
and each artisan's day sheet. An artisan reads only their own scheduled days."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from cordwain.services import gantt, stored_schedule
from cordwain.services import web_engines as we
from cordwain.services.accounts import Permission, User
from cordwain.store import SqlUnitOfWork

from ..deps import UowDep, allow
from ..errors import ERROR_RESPONSES, ApiError
from ..jobs import JobBusy, start_schedule
from .jobs import BUSY, JobOut, busy

router = APIRouter(tags=["schedules"])
Viewer = Depends(allow(Permission.VIEW_PRODUCTION))
Planner = Depends(allow(Permission.RUN_PLANS))
Artisan = Depends(allow(Permission.RECORD_OWN_WORK))
Day = Annotated[date | None, Query(description="The day (YYYY-MM-DD); default today.")]


class ScheduleIn(BaseModel):
    batch_code: str = Field(..., min_length=1, max_length=40)
    days: int = Field(10, ge=1, le=60, description="Working days the batch may take.")
    time_limit: float = Field(30.0, gt=0, le=600, description="Solver seconds at most.")


class DaySheetRowOut(BaseModel):
    start: str
    end: str
    kind: str
    operation: str
    sku: str
    bundle: int | None
    pairs: int
    overtime: bool
    minutes: int


class ScheduledDaySheetOut(BaseModel):
    batch: str
    artisan: str
    name: str
    day: str
    shift: str
    rows: list[DaySheetRowOut]
    pairs: int
    work_minutes: int


class MyScheduledDayOut(BaseModel):
    batch: str
    day: str
    tasks: int
    pairs: int
    first: str
    last: str


def _code(code: str) -> str:
    return code.strip().upper()


@router.post(
    "/schedules",
    response_model=JobOut,
    status_code=202,
    responses=BUSY,
    summary="Schedule a batch in the background (follow /jobs/{id})",
)
def run_schedule(body: ScheduleIn, request: Request, user: User = Planner) -> dict:
    try:
        job = start_schedule(
            request.app,
            user.username,
            batch_code=body.batch_code,
            days=body.days,
            time_limit=body.time_limit,
        )
    except JobBusy as exc:
        raise busy(exc) from exc
    return job.as_dict()


@router.get("/schedules", response_model=list[str], summary="Batches with a stored schedule")
def list_schedules(_: User = Viewer, uow: SqlUnitOfWork = UowDep) -> list[str]:
    return we.scheduled_batches(uow)


@router.get(
    "/schedules/{code}",
    response_model=dict[str, Any],
    summary="A stored schedule: makespan, loads, promises, checked against the rules",
)
def get_schedule(code: str, user: User = Viewer, uow: SqlUnitOfWork = UowDep) -> dict[str, Any]:
    if _code(code) not in we.scheduled_batches(uow):
        raise ApiError(404, f"batch {code} has no stored schedule")
    report = stored_schedule(uow, _code(code)).as_dict()
    # Overtime cost is pay: only for those who see the artisans' rates.
    return report if user.can(Permission.VIEW_PEOPLE) else we.schedule_without_pay(report)


@router.get(
    "/schedules/{code}/gantt",
    response_class=Response,
    summary="The Gantt chart (SVG), one row per artisan or per machine post",
    responses={200: {"content": {"image/svg+xml": {}}}, **ERROR_RESPONSES},
)
def schedule_gantt(
    code: str,
    by: Annotated[Literal["artisan", "machine"], Query()] = "artisan",
    _: User = Viewer,
    uow: SqlUnitOfWork = UowDep,
) -> Response:
    if _code(code) not in we.scheduled_batches(uow):
        raise ApiError(404, f"batch {code} has no stored schedule")
    return Response(gantt(uow, _code(code), by), media_type="image/svg+xml")


@router.get(
    "/schedules/{code}/day-sheets/{artisan}",
    response_model=ScheduledDaySheetOut,
    summary="An artisan's day in a stored schedule: tasks and breaks",
)
def schedule_day_sheet(
    code: str, artisan: str, day: Day = None, _: User = Viewer, uow: SqlUnitOfWork = UowDep
) -> dict[str, Any]:
    return we.day_sheet_rows(uow, _code(code), artisan.strip().upper(), day or date.today())


@router.get(
    "/my/schedule",
    response_model=list[MyScheduledDayOut],
    summary="An artisan's own scheduled days (today and the next two weeks)",
)
def my_schedule(since: Day = None, user: User = Artisan, uow: SqlUnitOfWork = UowDep) -> list:
    if not user.artisan_code:
        raise ApiError(400, f"account {user.username} is not linked to an artisan record")
    return we.my_scheduled_work(uow, user.artisan_code, since=since)


@router.get(
    "/my/schedule/{code}",
    response_model=ScheduledDaySheetOut,
    summary="An artisan's own day sheet in a batch's schedule",
)
def my_day_sheet(
    code: str, day: Day = None, user: User = Artisan, uow: SqlUnitOfWork = UowDep
) -> dict[str, Any]:
    if not user.artisan_code:
        raise ApiError(400, f"account {user.username} is not linked to an artisan record")
    return we.day_sheet_rows(uow, _code(code), user.artisan_code, day or date.today())
