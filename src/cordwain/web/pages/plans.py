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
from cordwain.services import get_plan, plan_versions
from cordwain.services import web_engines as we
from cordwain.services.accounts import Permission, User
from cordwain.store import SqlUnitOfWork

from ..templating import env, render
from .common import UowDep, allow
from .jobs import job_context

router = APIRouter(include_in_schema=False)
Planner = Depends(allow(Permission.RUN_PLANS))
Short = Annotated[str | None, Query(max_length=40)]


#: Rendered plans by (batch code, when the plan was written): a stored plan only changes by
#: being written again, which changes its stamp, so a rendering is reused while it is current
#: and the plan body is neither read nor parsed again. A handful of plans is all a workshop
#: looks at.
_RENDERED: dict[tuple[str, str], tuple[dict, Markup]] = {}
_RENDERED_LOCK = threading.Lock()
_MAX_RENDERED = 8
_HEADER = ("code", "start", "end", "planned_on", "weeks")
_INLINE_CHARTS = 3


def _fan(group: dict) -> str:
    title = f"{group['group']}: demand over the batch window vs pairs planned"
    return we.plan_fan_svg(group["lines"], title=title)


def _rendered(uow: SqlUnitOfWork, code: str, stamp: str) -> tuple[dict, Markup]:
    key = (code, stamp)
    with _RENDERED_LOCK:
        cached = _RENDERED.get(key)
    if cached is not None:
        return cached
    plan = get_plan(uow, code)
    if plan is None:  # removed between the two reads
        from cordwain.services.web_views import NotFound

        raise NotFound(f"no plan stored for batch {code}")
    # The first groups (shown open) are drawn inline; the rest are fetched as pictures when a
    # planner opens them, which keeps the page a fraction of its size.
    groups = [
        (g, _fan(g) if k < _INLINE_CHARTS else None) for k, g in enumerate(we.plan_groups(plan))
    ]
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
    value = ({k: plan.get(k) for k in _HEADER}, body)
    with _RENDERED_LOCK:
        if len(_RENDERED) >= _MAX_RENDERED:
            _RENDERED.pop(next(iter(_RENDERED)))
        _RENDERED[key] = value
    return value


def _page(
    request: Request, user: User, uow: SqlUnitOfWork, code: str | None, job: str | None
) -> Response:
    # Always asked (one cheap query, no plan body): a plan re-written by another process
    # (the other worker, the CLI) is shown at once, never an earlier rendering.
    versions = plan_versions(uow)
    if code:
        code = code.strip().upper()
        if code not in versions:
            from cordwain.services.web_views import NotFound

            raise NotFound(f"no plan stored for batch {code}")
    elif versions:
        # The newest plan written (ties: the later batch code), as get_plan(None) picks.
        code = max(versions, key=lambda c: (versions[c], c))
    context: dict = {"plan": None, "codes": sorted(versions, reverse=True)}
    if code:
        context["plan"], context["plan_body"] = _rendered(uow, code, versions[code])
    jobs = job_context(request, user, job, "plan", uow)
    # Everything is read: the connection goes back to the pool before the page is rendered
    # and sent, so fifty concurrent page loads need far fewer connections than requests.
    uow.release()
    return render(
        request,
        "plan.html",
        today=date.today().isoformat(),
        **context,
        **jobs,
    )


@router.get("/plans")
def plans(
    request: Request, job: Short = None, user: User = Planner, uow: SqlUnitOfWork = UowDep
) -> Response:
    return _page(request, user, uow, None, job)


@router.get("/plans/{code}/charts/{group}.svg")
def plan_chart(
    code: str, group: str, request: Request, _: User = Planner, uow: SqlUnitOfWork = UowDep
) -> Response:
    """One style × colourway's demand fan of a stored plan, as a picture (ETag-cached)."""
    from cordwain.services.web_views import NotFound

    code = code.strip().upper()
    stamp = plan_versions(uow).get(code)
    if stamp is None:
        raise NotFound(f"no plan stored for batch {code}")
    tag = f'"{code}-{stamp}-{group}"'
    headers = {"ETag": tag, "Cache-Control": "private, max-age=300"}
    if request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers=headers)
    plan = get_plan(uow, code)
    found = next((g for g in we.plan_groups(plan or {"lines": []}) if g["group"] == group), None)
    if found is None:
        raise NotFound(f"plan {code} has no style and colourway {group!r}")
    return Response(_fan(found), media_type="image/svg+xml", headers=headers)


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
    cut_and_schedule: Annotated[str, Form(max_length=5)] = "",
    user: User = Planner,
) -> Response:
    first = we.iso_day(start, "start")
    more = bool(cut_and_schedule)
    try:
        job = start_plan(
            request.app, user.username, weeks=weeks, start=first, two_stage=bool(two_stage),
            cut=more, schedule=more,
        )  # fmt: skip
    except JobBusy as exc:
        return RedirectResponse(f"/plans?job={exc.job_id}", status_code=303)
    return RedirectResponse(f"/plans?job={job.id}", status_code=303)
