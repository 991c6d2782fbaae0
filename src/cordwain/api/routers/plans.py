"""Batch plans: run ``plan_next_batch`` in the background, read stored plans, and the
planning settings. Planners and owners only: a plan is full of prices, costs and margins."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from cordwain.services import get_plan, load_settings, save_settings
from cordwain.services import web_engines as we
from cordwain.services.accounts import Permission, User
from cordwain.services.plan import PlanSettings
from cordwain.store import SqlUnitOfWork

from ..cache import data_changed
from ..deps import UowDep, allow
from ..errors import ApiError
from ..jobs import JobBusy, start_plan
from .jobs import BUSY, JobOut, busy

router = APIRouter(tags=["plans"])
Planner = Depends(allow(Permission.RUN_PLANS))


class PlanIn(BaseModel):
    """What to plan: the batch starting on ``start`` (next Monday by default), ``weeks`` long."""

    weeks: int = Field(3, ge=1, le=26)
    start: date | None = Field(None, description="First day of the batch (YYYY-MM-DD).")
    two_stage: bool = Field(False, description="A first batch now and a top-up later.")
    time_limit: float = Field(30.0, gt=0, le=600, description="Solver seconds at most.")
    cut: bool = Field(False, description="Also cut the batch on the hides on the shelf.")
    schedule: bool = Field(False, description="Also schedule the batch on the artisans.")


class PlanListOut(BaseModel):
    code: str
    start: str
    end: str
    planned_on: str
    pairs: int
    expected_demand: float
    preorder_pairs_at_risk: int


class PlanSettingsIO(BaseModel):
    """The workshop's planning rules and economics (see ``cordwain plan --help``)."""

    salvage_share: float = Field(0.35, ge=0, le=1)
    waste_penalty: float = Field(20.0, ge=0, le=1e6)
    min_run: int = Field(12, ge=0, le=100_000)
    min_run_by_colourway: dict[str, int] = Field(default_factory=dict)
    whole_size_run: bool = True
    scenarios: int = Field(200, ge=1, le=5000)
    mass_quantile: float = Field(0.95, gt=0, lt=1)
    bulk_cost_share: float = Field(0.8, gt=0, le=2)
    utilisation: float = Field(0.9, gt=0, le=1)
    first_ratio: float = Field(0.5, gt=0, lt=1)
    reserve_share: float = Field(0.3, gt=0, lt=1)


def _plan(uow: SqlUnitOfWork, code: str | None) -> dict[str, Any]:
    body = get_plan(uow, code.strip().upper() if code else None)
    if body is None:
        what = f"batch {code}" if code else "any batch"
        raise ApiError(404, f"no plan stored for {what}: run one with POST /api/v1/plans")
    return body


@router.post(
    "/plans",
    response_model=JobOut,
    status_code=202,
    responses=BUSY,
    summary="Plan the next batch in the background (follow /jobs/{id})",
)
def run_plan(body: PlanIn, request: Request, user: User = Planner) -> dict:
    try:
        job = start_plan(
            request.app,
            user.username,
            weeks=body.weeks,
            start=body.start,
            two_stage=body.two_stage,
            time_limit=body.time_limit,
            cut=body.cut,
            schedule=body.schedule,
        )
    except JobBusy as exc:
        raise busy(exc) from exc
    return job.as_dict()


@router.get("/plans", response_model=list[PlanListOut], summary="Stored batch plans, newest first")
def list_plans(_: User = Planner, uow: SqlUnitOfWork = UowDep) -> list[dict]:
    out = []
    for code in we.plan_codes(uow):
        p = _plan(uow, code)
        s = p["summary"]
        out.append(
            {
                "code": code,
                "start": p["start"],
                "end": p["end"],
                "planned_on": p["planned_on"],
                "pairs": s["pairs"],
                "expected_demand": s["expected_demand"],
                "preorder_pairs_at_risk": s.get("preorder_pairs_at_risk", 0),
            }
        )
    return out


@router.get(
    "/plans/latest",
    response_model=dict[str, Any],
    summary="The newest stored plan (the document `cordwain plan --json` prints)",
)
def latest_plan(_: User = Planner, uow: SqlUnitOfWork = UowDep) -> dict[str, Any]:
    return _plan(uow, None)


@router.get(
    "/plans/{code}",
    response_model=dict[str, Any],
    summary="A stored plan: quantities, demand, capacity, materials, impact",
)
def plan_by_code(code: str, _: User = Planner, uow: SqlUnitOfWork = UowDep) -> dict[str, Any]:
    return _plan(uow, code)


@router.get("/plan-settings", response_model=PlanSettingsIO, summary="The planning settings")
def get_settings(_: User = Planner, uow: SqlUnitOfWork = UowDep) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(load_settings(uow))


@router.put("/plan-settings", response_model=PlanSettingsIO, summary="Change the planning settings")
def put_settings(
    body: PlanSettingsIO, request: Request, _: User = Planner, uow: SqlUnitOfWork = UowDep
) -> dict[str, Any]:
    from dataclasses import asdict

    settings = PlanSettings.from_dict(body.model_dump())
    save_settings(uow, settings)
    uow.commit()
    data_changed(request.app)
    return asdict(settings)
