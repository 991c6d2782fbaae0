"""The dashboard: pairs in progress, pre-orders due, stock, defects this week, sales chart."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from cordwain.api.cache import cached_dashboard
from cordwain.services import web_svg
from cordwain.services.accounts import Permission, User
from cordwain.store import SqlUnitOfWork

from ..nav import home_for
from ..templating import render
from .common import SIGNED_IN, UowDep, allow

router = APIRouter(include_in_schema=False)


@router.get("/")
def dashboard(
    request: Request, user: User = Depends(allow(SIGNED_IN)), uow: SqlUnitOfWork = UowDep
) -> Response:
    if not user.can(Permission.VIEW_WORKSHOP):
        # An artisan's home is their own day sheet, which shows no money.
        return RedirectResponse(home_for(user), status_code=303)
    d = cached_dashboard(request, uow)
    chart = request.app.state.dashboard_cache.derived(
        d,
        "chart",
        lambda: web_svg.bar_chart(
            [w["pairs"] for w in d.weekly_sales],
            [w["week"][5:] for w in d.weekly_sales],
            title=f"Pairs sold per week, last {len(d.weekly_sales)} weeks",
        ),
    )
    return render(request, "dashboard.html", d=d, s=d.status, chart=chart)
