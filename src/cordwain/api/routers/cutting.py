"""Cutting plans: nest a batch on the hides and rolls in the background, read the stored plan
(yield per hide, sq ft per pair, pieces not cut) and each hide's plan as a picture. No
money here: the clickers (artisans) read cutting plans too."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from cordwain.services import web_engines as we
from cordwain.services.accounts import Permission, User
from cordwain.store import SqlUnitOfWork

from ..deps import UowDep, allow
from ..errors import ERROR_RESPONSES, ApiError
from ..jobs import JobBusy, start_cutting
from .jobs import BUSY, JobOut, busy

router = APIRouter(tags=["cutting"])
Viewer = Depends(allow(Permission.VIEW_HIDES))
Planner = Depends(allow(Permission.RUN_PLANS))


class CuttingIn(BaseModel):
    batch_code: str = Field(..., min_length=1, max_length=40)
    time_limit: float = Field(60.0, gt=0, le=1800, description="Nesting seconds at most.")
    replan: bool = Field(False, description="Put back what an earlier plan took, plan again.")


def _plan(uow: SqlUnitOfWork, code: str) -> dict[str, Any]:
    from cordwain.services.cutting import cutting_plan

    if code.strip().upper() not in we.cutting_batches(uow):
        raise ApiError(404, f"batch {code} has no cutting plan")
    return cutting_plan(uow, code)


@router.post(
    "/cutting-plans",
    response_model=JobOut,
    status_code=202,
    responses=BUSY,
    summary="Plan a batch's cutting in the background (follow /jobs/{id})",
)
def run_cutting(body: CuttingIn, request: Request, user: User = Planner) -> dict:
    try:
        job = start_cutting(
            request.app,
            user.username,
            batch_code=body.batch_code,
            time_limit=body.time_limit,
            replan=body.replan,
        )
    except JobBusy as exc:
        raise busy(exc) from exc
    return job.as_dict()


@router.get("/cutting-plans", response_model=list[str], summary="Batches with a cutting plan")
def list_cutting_plans(_: User = Viewer, uow: SqlUnitOfWork = UowDep) -> list[str]:
    return we.cutting_batches(uow)


@router.get(
    "/cutting-plans/{code}",
    response_model=dict[str, Any],
    summary="A stored cutting plan: yield per hide and article, pieces not cut",
)
def get_cutting_plan(code: str, _: User = Viewer, uow: SqlUnitOfWork = UowDep) -> dict:
    return we.cutting_summary(_plan(uow, code))


@router.get(
    "/cutting-plans/{code}/sheets/{sheet}/svg",
    response_class=Response,
    summary="One hide's (offcut's, roll's) cutting plan as a picture",
    responses={200: {"content": {"image/svg+xml": {}}}, **ERROR_RESPONSES},
)
def cutting_sheet(code: str, sheet: str, _: User = Viewer, uow: SqlUnitOfWork = UowDep) -> Response:
    _plan(uow, code)
    return Response(we.cutting_sheet_svg(uow, code, sheet), media_type="image/svg+xml")
