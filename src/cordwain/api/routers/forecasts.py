"""The demand forecast: the latest stored forecast per variant, and re-running it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from cordwain.services.accounts import Permission, User
from cordwain.store import SqlUnitOfWork

from ..deps import UowDep, allow
from ..errors import ApiError
from ..jobs import JobBusy, start_forecast
from .common import Limit, Offset
from .jobs import BUSY, JobOut, busy

router = APIRouter(tags=["demand"])
Viewer = Depends(allow(Permission.VIEW_DEMAND))
Planner = Depends(allow(Permission.RUN_PLANS))


class ForecastVariantOut(BaseModel):
    sku: str
    style: str
    colourway: str
    size: str
    mean: float
    quantiles: list[int]
    committed: int
    model: str


class ForecastOut(BaseModel):
    """The forecast of the ``horizon_weeks`` from ``as_of``: per variant, total pairs; the
    ``quantiles`` are at ``quantile_levels`` (0.1 ... 0.9)."""

    as_of: str
    horizon_weeks: int
    quantile_levels: list[float]
    models: dict[str, int]
    waitlist_conversion: float | None = None
    runtime_s: float | None = None
    variants: list[ForecastVariantOut]
    total: int
    offset: int
    limit: int
    next_offset: int | None


class ForecastIn(BaseModel):
    horizon_weeks: int = Field(4, ge=1, le=26, description="Weeks ahead to forecast.")


@router.get(
    "/forecasts/latest",
    response_model=ForecastOut,
    summary="The latest demand forecast, variant by variant",
)
def latest_forecast(
    style: Annotated[str | None, Query(max_length=40, description="Only this style.")] = None,
    offset: Offset = 0,
    limit: Limit = 100,
    _: User = Viewer,
    uow: SqlUnitOfWork = UowDep,
) -> dict[str, Any]:
    from cordwain.services import latest_forecast as latest

    body = latest(uow)
    if body is None:
        raise ApiError(404, "no forecast stored yet: run one with POST /api/v1/forecasts")
    rows = [r for r in body["variants"] if not style or r["style"] == style.strip().upper()]
    page = rows[offset : offset + limit]
    return {
        **{k: v for k, v in body.items() if k != "variants"},
        "variants": page,
        "total": len(rows),
        "offset": offset,
        "limit": limit,
        "next_offset": offset + limit if offset + limit < len(rows) else None,
    }


@router.post(
    "/forecasts",
    response_model=JobOut,
    status_code=202,
    summary="Re-run the forecast in the background (follow /jobs/{id})",
    responses=BUSY,
)
def run_forecast(body: ForecastIn, request: Request, user: User = Planner) -> dict:
    try:
        return start_forecast(
            request.app, user.username, horizon_weeks=body.horizon_weeks
        ).as_dict()
    except JobBusy as exc:
        raise busy(exc) from exc
