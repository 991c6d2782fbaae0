"""Sales history (paged from the database) and pre-orders."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from cordwain.services import web_views as views
from cordwain.services.accounts import Permission, User
from cordwain.store import SqlUnitOfWork

from ..templating import money, render
from .common import Limit, Offset, UowDep, allow, num, paging

router = APIRouter(include_in_schema=False)
Viewer = Depends(allow(Permission.VIEW_DEMAND))
Text = Annotated[str | None, Query(max_length=80)]


def _day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        from cordwain.services import ServiceError

        raise ServiceError(f"{name} {value!r} is not a date (YYYY-MM-DD)") from None


@router.get("/sales")
def sales(
    request: Request,
    style: Text = None,
    channel: Text = None,
    since: Annotated[str | None, Query(max_length=10)] = None,
    until: Annotated[str | None, Query(max_length=10)] = None,
    offset: Offset = 0,
    limit: Limit = 50,
    _: User = Viewer,
    uow: SqlUnitOfWork = UowDep,
) -> Response:
    page = views.sales(
        uow, since=_day(since, "since"), until=_day(until, "until"), style_code=style or None,
        channel=channel or None, offset=offset, limit=limit,
    )  # fmt: skip
    rows = [
        [s.day.isoformat(), s.variant.sku, num(s.quantity), num(money(s.unit_price)), s.channel]
        for s in page.items
    ]
    return render(
        request, "table.html", title="Sales",
        filters=[{"name": "style", "label": "Style", "value": style or ""},
                 {"name": "channel", "label": "Channel", "value": channel or ""},
                 {"name": "since", "label": "Since", "value": since or "", "type": "date"},
                 {"name": "until", "label": "Until", "value": until or "", "type": "date"}],
        columns=["Day", "SKU", "Pairs", "Unit price", "Channel"],
        rows=rows, paging=paging(request, page),
    )  # fmt: skip


@router.get("/preorders")
def preorders(
    request: Request,
    style: Text = None,
    status: Annotated[Literal["", "open", "fulfilled", "cancelled"], Query()] = "open",
    offset: Offset = 0,
    limit: Limit = 50,
    _: User = Viewer,
    uow: SqlUnitOfWork = UowDep,
) -> Response:
    found = views.preorders(uow, status=status or None, style_code=style or None)
    page = views.paginate(found, offset, limit)
    today = date.today()
    rows = [
        [p.reference, p.variant.sku, num(p.quantity), p.placed_on.isoformat(),
         p.promised_by.isoformat() + (" (late)" if p.status.value == "open"
                                      and p.promised_by < today else ""), p.status.value]
        for p in page.items
    ]  # fmt: skip
    return render(
        request, "table.html", title="Pre-orders",
        filters=[{"name": "style", "label": "Style", "value": style or ""},
                 {"name": "status", "label": "Status", "value": status,
                  "options": ["open", "fulfilled", "cancelled"]}],
        columns=["Reference", "SKU", "Pairs", "Placed", "Promised by", "Status"],
        rows=rows, paging=paging(request, page),
    )  # fmt: skip
