"""The batch plan: run ``plan_next_batch`` in the background with its progress shown, and
read a stored plan — quantities against demand, capacity, materials to buy, pre-orders at
risk, and what it saves against a mass-production run. Planners and owners only."""

from __future__ import annotations

import threading
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from cordwain.api.jobs import JobBusy, start_plan
from cordwain.services import get_plan
from cordwain.services import web_engines as we
from cordwain.services.accounts import Permission, User
from cordwain.store import SqlUnitOfWork

from ..templating import env, render
from .common import UowDep, allow
from .jobs import job_context

router = APIRouter(include_in_schema=False)
Planner = Depends(allow(Permission.RUN_PLANS))
Short = Annotated[str | None, Query(max_length=40)]


#: Rendered plan bodies by (batch code, planned on, runtime): a stored plan never changes
#: in place (re-planning writes a new one with a new time), so a body can be reused for as
#: long as it is the current one. A handful of plans is all a workshop looks at.
_BODIES: dict[tuple, Markup] = {}
_BODIES_LOCK = threading.Lock()
_MAX_BODIES = 8


def _plan_body(plan: dict) -> Markup:
    key = (plan.get("code"), plan.get("planned_on"), plan.get("runtime_s"))
    with _BODIES_LOCK:
        cached = _BODIES.get(key)
    if cached is not None:
        return cached
    groups = [
        (g, we.plan_fan_svg(
            g["lines"], title=f"{g['group']}: demand over the batch window vs pairs planned"))
        for g in we.plan_groups(plan)
    ]  # fmt: skip
    body = Markup(
        env()
        .get_template("plan_body.html")
        .render(
            plan=plan,
            groups=groups,
            capacity_svg=we.capacity_svg(plan),
            shortfalls=[m for m in plan["materials"] if m["shortfall"] > 0],
        )
    )
    with _BODIES_LOCK:
        if len(_BODIES) >= _MAX_BODIES:
            _BODIES.pop(next(iter(_BODIES)))
        _BODIES[key] = body
    return body


def _page(
    request: Request, user: User, uow: SqlUnitOfWork, code: str | None, job: str | None
) -> Response:
    plan = get_plan(uow, code.strip().upper() if code else None)
    if code and plan is None:
        from cordwain.services.web_views import NotFound

        raise NotFound(f"no plan stored for batch {code}")
    context: dict = {"plan": plan, "codes": we.plan_codes(uow)}
    if plan is not None:
        context["plan_body"] = _plan_body(plan)
    return render(
        request,
        "plan.html",
        today=date.today().isoformat(),
        **context,
        **job_context(request, user, job, "plan"),
    )


@router.get("/plans")
def plans(
    request: Request, job: Short = None, user: User = Planner, uow: SqlUnitOfWork = UowDep
) -> Response:
    return _page(request, user, uow, None, job)


@router.get("/plans/{code}")
def plan(
    code: str,
    request: Request,
    job: Short = None,
    user: User = Planner,
    uow: SqlUnitOfWork = UowDep,
) -> Response:
    return _page(request, user, uow, code, job)


@router.post("/plans/run")
def run_plan(
    request: Request,
    weeks: Annotated[int, Form(ge=1, le=26)],
    start: Annotated[str, Form(max_length=10)] = "",
    two_stage: Annotated[str, Form(max_length=5)] = "",
    user: User = Planner,
) -> Response:
    first = we.iso_day(start, "start")
    try:
        job = start_plan(
            request.app, user.username, weeks=weeks, start=first, two_stage=bool(two_stage)
        )
    except JobBusy as exc:
        return RedirectResponse(f"/plans?job={exc.job_id}", status_code=303)
    return RedirectResponse(f"/plans?job={job.id}", status_code=303)
