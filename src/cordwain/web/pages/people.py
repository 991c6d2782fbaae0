"""The artisans, their skills, hours and rates (owners and planners only)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from cordwain.services import web_views as views
from cordwain.services.accounts import Permission, User
from cordwain.store import SqlUnitOfWork

from ..templating import render
from .common import Limit, Offset, UowDep, allow, num, paging

router = APIRouter(include_in_schema=False)


@router.get("/artisans")
def artisans(
    request: Request,
    offset: Offset = 0,
    limit: Limit = 50,
    _: User = Depends(allow(Permission.VIEW_PEOPLE)),
    uow: SqlUnitOfWork = UowDep,
) -> Response:
    page = views.paginate(views.artisans(uow), offset, limit)
    rows = [
        [a.code, a.name,
         ", ".join(f"{op.value} ({m:g} min)" for op, m in a.skills.items()),
         num(f"{a.weekly_hours:g}"), " ".join(a.shift.days),
         f"{a.shift.start:%H:%M}–{a.shift.end:%H:%M}", "yes" if a.overtime_opt_in else "no",
         num(f"{a.hourly_rate:.2f}")]
        for a in page.items
    ]  # fmt: skip
    return render(
        request, "table.html", title="Artisans", filters=[],
        columns=["Code", "Name", "Skills (pace)", "Hours/week", "Days", "Shift", "Overtime",
                 "Rate/hour"],
        rows=rows, paging=paging(request, page),
    )  # fmt: skip
