"""Demand: sales history (paged from the database), weekly totals, pre-orders, feedback."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query

from cordwain.services import web_views as views
from cordwain.services.accounts import Permission, User
from cordwain.store import SqlUnitOfWork

from ..deps import UowDep, allow
from ..schemas import (
    FeedbackOut,
    Page,
    PreOrderOut,
    SalesLineOut,
    WaitlistOut,
    WeekOut,
    feedback_out,
    page_of,
    preorder_out,
    sales_out,
    waitlist_out,
)
from .common import Limit, Offset, Search

router = APIRouter(tags=["demand"])
Viewer = Depends(allow(Permission.VIEW_DEMAND))
Day = Annotated[date | None, Query()]


@router.get("/sales", response_model=Page[SalesLineOut], summary="Sales lines, newest first")
def list_sales(
    since: Day = None,
    until: Day = None,
    style: Search = None,
    channel: Search = None,
    offset: Offset = 0,
    limit: Limit = 50,
    _: User = Viewer,
    uow: SqlUnitOfWork = UowDep,
) -> dict:
    page = views.sales(uow, since=since, until=until, style_code=style, channel=channel,
                       offset=offset, limit=limit)  # fmt: skip
    return page_of(page, sales_out)


@router.get("/sales/weekly", response_model=list[WeekOut], summary="Pairs sold per week")
def weekly_sales(
    weeks: Annotated[int, Query(ge=1, le=260)] = 26,
    _: User = Viewer,
    uow: SqlUnitOfWork = UowDep,
) -> list[dict]:
    return views.weekly_sales(uow, weeks=weeks)


@router.get("/preorders", response_model=Page[PreOrderOut], summary="Pre-orders by promise date")
def list_preorders(
    status: Annotated[Literal["open", "fulfilled", "cancelled"] | None, Query()] = None,
    style: Search = None,
    offset: Offset = 0,
    limit: Limit = 50,
    _: User = Viewer,
    uow: SqlUnitOfWork = UowDep,
) -> dict:
    found = views.preorders(uow, status=status, style_code=style)
    return page_of(views.paginate(found, offset, limit), preorder_out)


@router.get("/feedback", response_model=Page[FeedbackOut],
            summary="Reviews, returns and exchanges, newest first")  # fmt: skip
def list_feedback(
    kind: Annotated[Literal["review", "return", "exchange"] | None, Query()] = None,
    style: Search = None,
    offset: Offset = 0,
    limit: Limit = 50,
    _: User = Viewer,
    uow: SqlUnitOfWork = UowDep,
) -> dict:
    found = views.feedback(uow, kind=kind, style_code=style)
    return page_of(views.paginate(found, offset, limit), feedback_out)


@router.get("/waitlist", response_model=Page[WaitlistOut], summary="Waitlist sign-ups")
def list_waitlist(
    style: Search = None,
    offset: Offset = 0,
    limit: Limit = 50,
    _: User = Viewer,
    uow: SqlUnitOfWork = UowDep,
) -> dict:
    found = views.waitlist(uow, style_code=style)
    return page_of(views.paginate(found, offset, limit), waitlist_out)
