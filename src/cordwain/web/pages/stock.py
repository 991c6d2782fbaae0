"""Materials, inventory, and hides with a picture of each hide's outline and quality zones."""

from __future__ import annotations

import hashlib
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from cordwain.services import web_svg
from cordwain.services import web_views as views
from cordwain.services.accounts import Permission, User
from cordwain.store import SqlUnitOfWork

from ..templating import money, render
from .common import Limit, Offset, UowDep, allow, link, num, paging

router = APIRouter(include_in_schema=False)
Stock = Depends(allow(Permission.VIEW_STOCK))
Hides = Depends(allow(Permission.VIEW_HIDES))
Text = Annotated[str | None, Query(max_length=80)]


@router.get("/materials")
def materials(
    request: Request,
    q: Text = None,
    kind: Annotated[Literal["", "leather", "fabric", "component"], Query()] = "",
    offset: Offset = 0,
    limit: Limit = 50,
    _: User = Stock,
    uow: SqlUnitOfWork = UowDep,
) -> Response:
    page = views.paginate(views.materials(uow, kind=kind or None, q=q), offset, limit)
    rows = [
        [m.code, m.name, m.kind.value, m.unit.value, num(money(m.unit_cost)), m.supplier,
         num(m.lead_time_days), num(f"{m.min_order:g}"), num(f"{m.default_yield:.0%}")]
        for m in page.items
    ]  # fmt: skip
    return render(
        request, "table.html", title="Materials",
        filters=[{"name": "q", "label": "Search", "value": q or ""},
                 {"name": "kind", "label": "Kind", "value": kind,
                  "options": ["leather", "fabric", "component"]}],
        columns=["Code", "Name", "Kind", "Unit", "Unit cost", "Supplier", "Lead days",
                 "Min order", "Yield"],
        rows=rows, paging=paging(request, page),
    )  # fmt: skip


@router.get("/inventory")
def inventory(
    request: Request,
    q: Text = None,
    kind: Annotated[Literal["", "material", "finished"], Query()] = "",
    offset: Offset = 0,
    limit: Limit = 50,
    _: User = Stock,
    uow: SqlUnitOfWork = UowDep,
) -> Response:
    page = views.paginate(views.inventory(uow, kind=kind or None, q=q), offset, limit)
    rows = [
        [i.kind.value, i.code, i.size or "", i.location, num(f"{i.quantity:g}")] for i in page.items
    ]
    return render(
        request, "table.html", title="Inventory",
        filters=[{"name": "q", "label": "Search", "value": q or ""},
                 {"name": "kind", "label": "Kind", "value": kind,
                  "options": ["material", "finished"]}],
        columns=["Kind", "Code", "Size", "Location", "Quantity"],
        rows=rows, paging=paging(request, page),
    )  # fmt: skip


@router.get("/hides")
def hides(
    request: Request,
    material: Text = None,
    grade: Annotated[Literal["", "A", "B", "C"], Query()] = "",
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=100)] = 24,
    _: User = Hides,
    uow: SqlUnitOfWork = UowDep,
) -> Response:
    # Labels only: each card's picture is an <img> of /hides/{code}.svg, drawn once and then
    # kept by the browser (ETag), instead of forty outlines built and inlined on every load.
    every = views.hide_labels(uow)
    uow.release()
    leathers = sorted({h["material_code"] for h in every})
    found = [h for h in every if (not material or h["material_code"] == material.upper())
             and (not grade or h["base_grade"] == grade)]  # fmt: skip
    page = views.paginate(found, offset, limit)
    return render(
        request, "hides.html", cards=page.items, paging=paging(request, page),
        filters=[{"name": "material", "label": "Leather", "value": material or "",
                  "options": leathers},
                 {"name": "grade", "label": "Base grade", "value": grade,
                  "options": ["A", "B", "C"]}],
    )  # fmt: skip


# Declared before /hides/{code}, which would otherwise take "H0412.svg" as a hide code.
@router.get("/hides/{code}.svg")
def hide_svg(
    code: str,
    request: Request,
    thumb: Annotated[bool, Query()] = False,
    _: User = Hides,
    uow: SqlUnitOfWork = UowDep,
) -> Response:
    """The hide's picture (``?thumb=1``: without the legend, for the shelf's cards).

    Revalidated by ETag: a browser that has the picture gets a bodiless 304 while the hide
    is unchanged. ``private``: only the signed-in browser keeps it, never a shared cache.
    """
    svg = web_svg.hide_svg(views.hide(uow, code), legend=not thumb).encode()
    uow.release()
    tag = '"' + hashlib.blake2b(svg, digest_size=12).hexdigest() + '"'
    headers = {"ETag": tag, "Cache-Control": "private, max-age=300"}
    if tag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    return Response(svg, media_type="image/svg+xml", headers=headers)


@router.get("/hides/{code}")
def hide_page(code: str, request: Request, _: User = Hides, uow: SqlUnitOfWork = UowDep):
    h = views.hide(uow, code)
    return render(request, "hide.html", h=h, svg=web_svg.hide_svg(h), link=link)
