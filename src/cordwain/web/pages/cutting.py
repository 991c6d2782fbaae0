"""Cutting plans: per batch, the yield of every hide, offcut and roll, each hide's plan drawn
(zoom with the mouse wheel, drag to pan), and the form that nests a batch in the background.
No money here: the clickers read these pages too."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from cordwain.api.jobs import JobBusy, start_cutting
from cordwain.services import web_engines as we
from cordwain.services import web_production as prod
from cordwain.services.accounts import Permission, User
from cordwain.services.web_views import NotFound
from cordwain.store import SqlUnitOfWork

from ..templating import render
from .common import UowDep, allow
from .jobs import job_context

router = APIRouter(include_in_schema=False)
Viewer = Depends(allow(Permission.VIEW_HIDES))
Planner = Depends(allow(Permission.RUN_PLANS))
Short = Annotated[str | None, Query(max_length=40)]


def _plan(uow: SqlUnitOfWork, code: str) -> dict:
    from cordwain.services.cutting import cutting_plan

    if code.strip().upper() not in we.cutting_batches(uow):
        raise NotFound(f"batch {code} has no cutting plan")
    return we.cutting_summary(cutting_plan(uow, code))


@router.get("/cutting")
def cutting(
    request: Request, job: Short = None, user: User = Viewer, uow: SqlUnitOfWork = UowDep
) -> Response:
    can_run = user.can(Permission.RUN_PLANS)
    batches = [b for s in ("planned", "released") for b in prod.batches(uow, status=s)]
    return render(
        request,
        "cutting.html",
        planned=we.cutting_batches(uow),
        batches=batches,
        can_run=can_run,
        **(job_context(request, user, job, "cutting") if can_run else {}),
    )


@router.post("/cutting/run")
def run_cutting(
    request: Request,
    batch_code: Annotated[str, Form(min_length=1, max_length=40)],
    time_limit: Annotated[float, Form(gt=0, le=1800)] = 60.0,
    replan: Annotated[str, Form(max_length=5)] = "",
    user: User = Planner,
) -> Response:
    try:
        job = start_cutting(
            request.app,
            user.username,
            batch_code=batch_code,
            time_limit=time_limit,
            replan=bool(replan),
        )
    except JobBusy as exc:
        return RedirectResponse(f"/cutting?job={exc.job_id}", status_code=303)
    return RedirectResponse(f"/cutting?job={job.id}", status_code=303)


@router.get("/cutting/{code}")
def cutting_plan(
    code: str, request: Request, _: User = Viewer, uow: SqlUnitOfWork = UowDep
) -> Response:
    plan = _plan(uow, code)
    return render(request, "cutting_plan.html", p=plan, code=plan.get("batch", code.upper()))


@router.get("/cutting/{code}/sheets/{sheet}.svg")
def sheet_svg(code: str, sheet: str, _: User = Viewer, uow: SqlUnitOfWork = UowDep) -> Response:
    _plan(uow, code)
    return Response(we.cutting_sheet_svg(uow, code, sheet), media_type="image/svg+xml")


@router.get("/cutting/{code}/sheets/{sheet}")
def sheet_page(
    code: str, sheet: str, request: Request, _: User = Viewer, uow: SqlUnitOfWork = UowDep
) -> Response:
    plan = _plan(uow, code)
    found = next((s for s in plan["sheets"] if s["code"] == sheet), None)
    if found is None:
        raise NotFound(f"cutting plan {code} has no hide, offcut or roll {sheet}")
    return render(
        request,
        "cutting_sheet.html",
        p=plan,
        s=found,
        code=plan.get("batch", code),
        svg=we.cutting_sheet_svg(uow, code, sheet),
    )
