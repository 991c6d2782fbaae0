"""The catalogue: styles (with prices and costs), colourways, a style's pieces and BOMs."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from cordwain.services import web_views as views
from cordwain.services.accounts import Permission, User
from cordwain.store import SqlUnitOfWork

from ..deps import UowDep, allow
from ..schemas import (
    ColourwayOut,
    Page,
    StyleDetailOut,
    StyleOut,
    colourway_out,
    page_of,
    style_out,
)
from .common import Limit, Offset, Search

router = APIRouter(tags=["catalogue"])
Viewer = Depends(allow(Permission.VIEW_CATALOGUE))


@router.get("/styles", response_model=Page[StyleOut], summary="Styles of the catalogue")
def list_styles(
    category: Search = None,
    q: Search = None,
    offset: Offset = 0,
    limit: Limit = 50,
    _: User = Viewer,
    uow: SqlUnitOfWork = UowDep,
) -> dict:
    found = views.styles(uow, category=category, q=q)
    return page_of(views.paginate(found, offset, limit), style_out)


@router.get("/styles/{code}", response_model=StyleDetailOut,
            summary="A style with its colourways, pattern pieces and BOMs")  # fmt: skip
def get_style(code: str, _: User = Viewer, uow: SqlUnitOfWork = UowDep) -> dict:
    d = views.style_detail(uow, code)
    return {
        "style": style_out(d.style),
        "colourways": [colourway_out(c) for c in d.colourways],
        "pattern_pieces": d.pattern_pieces,
        "bom_lines": d.bom_lines,
    }


@router.get("/colourways", response_model=Page[ColourwayOut], summary="Colourways")
def list_colourways(
    style: Search = None,
    offset: Offset = 0,
    limit: Limit = 50,
    _: User = Viewer,
    uow: SqlUnitOfWork = UowDep,
) -> dict:
    found = views.colourways(uow, style_code=style)
    return page_of(views.paginate(found, offset, limit), colourway_out)
