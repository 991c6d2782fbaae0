"""Demand: each variant's fan chart (sales history and the latest forecast), the size curve of
a colourway, and the button that re-runs the forecast in the background."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from cordwain.api.jobs import JobBusy, start_forecast
from cordwain.services import web_engines as we
from cordwain.services.accounts import Permission, User
from cordwain.store import SqlUnitOfWork

from ..templating import render
from .common import UowDep, allow
from .jobs import job_context

router = APIRouter(include_in_schema=False)
Viewer = Depends(allow(Permission.VIEW_DEMAND))
Planner = Depends(allow(Permission.RUN_PLANS))
Short = Annotated[str | None, Query(max_length=40)]


@router.get("/demand")
def demand(
    request: Request,
    group: Short = None,
    job: Short = None,
    user: User = Viewer,
    uow: SqlUnitOfWork = UowDep,
) -> Response:
    view = we.demand_view(uow, group or None)
    fans, curve = [], None
    if view is not None:
        h, levels = view["horizon_weeks"], view["quantile_levels"]
        for v in view["variants"]:
            fans.append(
                (
                    v,
                    we.fan_svg(
                        v["history"],
                        v["quantiles"],
                        levels,
                        h,
                        v["mean"],
                        title=f"{v['sku']} · mean {v['mean']:.1f} pairs",
                    ),
                )
            )
        curve = we.size_curve_svg(
            view["variants"], title=f"Size curve of {view['group']}: share of forecast demand"
        )
    return render(
        request,
        "forecast.html",
        view=view,
        fans=fans,
        curve=curve,
        can_run=user.can(Permission.RUN_PLANS),
        **job_context(request, user, job, "forecast"),
    )


@router.post("/demand/forecast")
def run_forecast(
    request: Request,
    horizon_weeks: Annotated[int, Form(ge=1, le=26)],
    user: User = Planner,
) -> Response:
    try:
        job = start_forecast(request.app, user.username, horizon_weeks=horizon_weeks)
    except JobBusy as exc:
        return RedirectResponse(f"/demand?job={exc.job_id}", status_code=303)
    return RedirectResponse(f"/demand?job={job.id}", status_code=303)
