"""The workshop at a glance: the status the CLI prints, and the dashboard."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from cordwain.services import workshop_status
from cordwain.services.accounts import Permission, User
from cordwain.store import SqlUnitOfWork

from ..cache import cached_dashboard
from ..deps import UowDep, allow
from ..schemas import DashboardOut, StatusOut

router = APIRouter(tags=["workshop"])
Viewer = Depends(allow(Permission.VIEW_WORKSHOP))


@router.get("/status", response_model=StatusOut, summary="Counts, stock value, pre-orders, sales")
def status(_: User = Viewer, uow: SqlUnitOfWork = UowDep) -> dict:
    return workshop_status(uow).as_dict()


@router.get("/dashboard", response_model=DashboardOut, summary="What the dashboard page shows")
def dashboard(request: Request, _: User = Viewer, uow: SqlUnitOfWork = UowDep) -> Response:
    d = cached_dashboard(request, uow)
    # Validated and serialised once per computed dashboard, not once per request.
    body = request.app.state.dashboard_cache.derived(
        d, "json", lambda: DashboardOut.model_validate(d.as_dict()).model_dump_json().encode()
    )
    return Response(body, media_type="application/json")
