"""Materials with their costs, stock on the shelf, purchase orders, and hides."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from cordwain.services import web_svg
from cordwain.services import web_views as views
from cordwain.services.accounts import Permission, User
from cordwain.store import SqlUnitOfWork

from ..deps import UowDep, allow
from ..errors import ERROR_RESPONSES
from ..schemas import (
    HideDetailOut,
    HideOut,
    InventoryOut,
    MaterialOut,
    Page,
    PurchaseOrderOut,
    hide_detail_out,
    hide_out,
    inventory_out,
    material_out,
    page_of,
    purchase_order_out,
)
from .common import Limit, Offset, Search

router = APIRouter(tags=["stock"])
Stock = Depends(allow(Permission.VIEW_STOCK))
Hides = Depends(allow(Permission.VIEW_HIDES))

MaterialKind = Annotated[Literal["leather", "fabric", "component"] | None, Query()]
GradeQ = Annotated[Literal["A", "B", "C", "reject"] | None, Query()]


@router.get("/materials", response_model=Page[MaterialOut], summary="Materials with unit costs")
def list_materials(
    kind: MaterialKind = None,
    q: Search = None,
    offset: Offset = 0,
    limit: Limit = 50,
    _: User = Stock,
    uow: SqlUnitOfWork = UowDep,
) -> dict:
    found = views.materials(uow, kind=kind, q=q)
    return page_of(views.paginate(found, offset, limit), material_out)


@router.get("/inventory", response_model=Page[InventoryOut], summary="Stock on the shelf")
def list_inventory(
    kind: Annotated[Literal["material", "finished"] | None, Query()] = None,
    q: Search = None,
    offset: Offset = 0,
    limit: Limit = 50,
    _: User = Stock,
    uow: SqlUnitOfWork = UowDep,
) -> dict:
    found = views.inventory(uow, kind=kind, q=q)
    return page_of(views.paginate(found, offset, limit), inventory_out)


@router.get("/purchase-orders", response_model=Page[PurchaseOrderOut],
            summary="Material ordered, not yet received")  # fmt: skip
def list_purchase_orders(
    material: Search = None,
    offset: Offset = 0,
    limit: Limit = 50,
    _: User = Stock,
    uow: SqlUnitOfWork = UowDep,
) -> dict:
    found = views.purchase_orders(uow, material=material)
    return page_of(views.paginate(found, offset, limit), purchase_order_out)


@router.get("/hides", response_model=Page[HideOut], summary="Hides on the shelf")
def list_hides(
    material: Search = None,
    grade: GradeQ = None,
    offset: Offset = 0,
    limit: Limit = 50,
    _: User = Hides,
    uow: SqlUnitOfWork = UowDep,
) -> dict:
    found = views.hides(uow, material=material, grade=grade)
    return page_of(views.paginate(found, offset, limit), hide_out)


@router.get("/hides/{code}", response_model=HideDetailOut,
            summary="A hide with its outline, quality zones and holes (mm)")  # fmt: skip
def get_hide(code: str, _: User = Hides, uow: SqlUnitOfWork = UowDep) -> HideDetailOut:
    return hide_detail_out(views.hide(uow, code))


@router.get(
    "/hides/{code}/svg",
    response_class=Response,
    summary="A picture of the hide: outline, quality zones, holes, backbone",
    responses={200: {"content": {"image/svg+xml": {}}}, **ERROR_RESPONSES},
)
def hide_picture(code: str, _: User = Hides, uow: SqlUnitOfWork = UowDep) -> Response:
    svg = web_svg.hide_svg(views.hide(uow, code))
    return Response(svg, media_type="image/svg+xml")
