"""The schedule of a batch: Gantt charts per artisan and per machine, each artisan's printable
day sheet, and the form that schedules a batch in the background. An artisan sees only their
own day sheets (``/my-schedule``), never anyone's pay."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from cordwain.api.jobs import JobBusy, start_schedule
from cordwain.services import gantt, stored_schedule
from cordwain.services import web_engines as we
from cordwain.services import web_production as prod
from cordwain.services.accounts import Permission, User
from cordwain.services.web_views import NotFound
from cordwain.store import SqlUnitOfWork

from ..templating import render
from .common import UowDep, allow
from .jobs import job_context

router = APIRouter(include_in_schema=False)
Viewer = Depends(allow(Permission.VIEW_PRODUCTION))
Planner = Depends(allow(Permission.RUN_PLANS))
Artisan = Depends(allow(Permission.RECORD_OWN_WORK))
Short = Annotated[str | None, Query(max_length=40)]
DayQ = Annotated[str | None, Query(max_length=10)]


@router.get("/schedule")
def schedules(
    request: Request, job: Short = None, user: User = Viewer, uow: SqlUnitOfWork = UowDep
) -> Response:
    open_batches = [b for s in ("planned", "released") for b in prod.batches(uow, status=s)]
    return render(
        request,
        "schedules.html",
        scheduled=we.scheduled_batches(uow),
        batches=open_batches,
        can_run=user.can(Permission.RUN_PLANS),
        **job_context(request, user, job, "schedule"),
    )


@router.post("/schedule/run")
def run_schedule(
    request: Request,
    batch_code: Annotated[str, Form(min_length=1, max_length=40)],
    days: Annotated[int, Form(ge=1, le=60)] = 10,
    time_limit: Annotated[float, Form(gt=0, le=600)] = 30.0,
    user: User = Planner,
) -> Response:
    try:
        job = start_schedule(
            request.app, user.username, batch_code=batch_code, days=days, time_limit=time_limit
        )
    except JobBusy as exc:
        return RedirectResponse(f"/schedule?job={exc.job_id}", status_code=303)
    return RedirectResponse(f"/schedule?job={job.id}", status_code=303)


@router.get("/schedule/{code}")
def schedule(
    code: str, request: Request, user: User = Viewer, uow: SqlUnitOfWork = UowDep
) -> Response:
    code = code.strip().upper()
    if code not in we.scheduled_batches(uow):
        raise NotFound(f"batch {code} has no stored schedule")
    report = stored_schedule(uow, code).as_dict()
    if not user.can(Permission.VIEW_PEOPLE):
        report = we.schedule_without_pay(report)
    return render(
        request,
        "schedule.html",
        r=report,
        code=code,
        days=we.schedule_days(uow, code),
        gantt_artisan=gantt(uow, code, "artisan"),
        gantt_machine=gantt(uow, code, "machine"),
        show_pay=user.can(Permission.VIEW_PEOPLE),
    )


@router.get("/schedule/{code}/day-sheet")
def day_sheet(
    code: str,
    request: Request,
    artisan: Annotated[str, Query(min_length=1, max_length=40)],
    day: DayQ = None,
    _: User = Viewer,
    uow: SqlUnitOfWork = UowDep,
) -> Response:
    sheet = we.day_sheet_rows(
        uow, code.strip().upper(), artisan.strip().upper(), we.iso_day(day, "day") or date.today()
    )
    return render(request, "day_sheet.html", sheet=sheet, back=f"/schedule/{sheet['batch']}")


@router.get("/my-schedule")
def my_schedule(
    request: Request,
    batch: Short = None,
    day: DayQ = None,
    user: User = Artisan,
    uow: SqlUnitOfWork = UowDep,
) -> Response:
    if not user.artisan_code:
        raise NotFound(f"account {user.username} is not linked to an artisan record")
    days = we.my_scheduled_work(uow, user.artisan_code)
    sheet = None
    chosen = we.iso_day(day, "day")
    if batch and chosen:
        sheet = we.day_sheet_rows(uow, batch.strip().upper(), user.artisan_code, chosen)
    elif days:
        first = days[0]
        sheet = we.day_sheet_rows(
            uow, first["batch"], user.artisan_code, date.fromisoformat(first["day"])
        )
    return render(request, "my_schedule.html", days=days, sheet=sheet)
