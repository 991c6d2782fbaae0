"""The catalogue: styles with price and cost, a style's colourways, pieces and BOMs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from cordwain.services import web_views as views
from cordwain.services.accounts import Permission, User
from cordwain.store import SqlUnitOfWork

from ..templating import money, render
from .common import Limit, Offset, UowDep, allow, link, num, paging

router = APIRouter(include_in_schema=False)
Viewer = Depends(allow(Permission.VIEW_CATALOGUE))


@router.get("/catalogue")
def catalogue(
    request: Request,
    q: Annotated[str | None, Query(max_length=80)] = None,
    category: Annotated[str | None, Query(max_length=80)] = None,
    offset: Offset = 0,
    limit: Limit = 50,
    _: User = Viewer,
    uow: SqlUnitOfWork = UowDep,
) -> Response:
    categories = sorted({s.category for s in views.styles(uow)})
    page = views.paginate(views.styles(uow, category=category or None, q=q), offset, limit)
    rows = [
        [link(s.code, f"/catalogue/{s.code}"), s.name, s.last, s.category,
         num(len(s.size_run)), num(f"{s.minutes_per_pair:g}"), num(money(s.retail_price)),
         num(money(s.unit_cost)),
         num(f"{(1 - s.unit_cost / s.retail_price) * 100:.0f}%" if s.retail_price else "—")]
        for s in page.items
    ]  # fmt: skip
    return render(
        request, "table.html", title="Catalogue",
        filters=[{"name": "q", "label": "Search", "value": q or ""},
                 {"name": "category", "label": "Category", "value": category or "",
                  "options": categories}],
        columns=["Style", "Name", "Last", "Category", "Sizes", "Min/pair", "Retail", "Unit cost",
                 "Margin"],
        rows=rows, paging=paging(request, page),
    )  # fmt: skip


@router.get("/catalogue/{code}")
def style_page(code: str, request: Request, _: User = Viewer, uow: SqlUnitOfWork = UowDep):
    return render(request, "style.html", d=views.style_detail(uow, code))
