"""The artisans, with their skills, hours and hourly rates (not for artisans' eyes)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from cordwain.services import web_views as views
from cordwain.services.accounts import Permission, User
from cordwain.store import SqlUnitOfWork

from ..deps import UowDep, allow
from ..schemas import ArtisanOut, Page, artisan_out, page_of
from .common import Limit, Offset

router = APIRouter(tags=["people"])
Viewer = Depends(allow(Permission.VIEW_PEOPLE))


@router.get("/artisans", response_model=Page[ArtisanOut], summary="Artisans of the workshop")
def list_artisans(
    skill: Annotated[str | None, Query(max_length=16)] = None,
    offset: Offset = 0,
    limit: Limit = 50,
    _: User = Viewer,
    uow: SqlUnitOfWork = UowDep,
) -> dict:
    found = views.artisans(uow, skill=skill)
    return page_of(views.paginate(found, offset, limit), artisan_out)
