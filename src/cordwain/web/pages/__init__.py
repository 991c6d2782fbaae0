"""The web pages, one router per area of the workshop.

To add an area (plans, cutting plans, schedules, quality): write a module here with a
``router = APIRouter(include_in_schema=False)`` whose pages call one service function each
and are gated by ``Depends(allow(Permission.X))``, list it in :data:`AREAS`, and add its
menu entry to :data:`cordwain.web.nav.NAV`.
"""

from __future__ import annotations

from fastapi import APIRouter

from . import (
    accounts,
    auth,
    catalogue,
    cutting,
    dashboard,
    demand,
    files,
    forecast,
    jobs,
    people,
    plans,
    production,
    quality,
    schedules,
    stock,
)

AREAS: list[APIRouter] = [
    auth.router,
    dashboard.router,
    catalogue.router,
    stock.router,
    demand.router,
    people.router,
    production.router,
    files.router,
    jobs.router,
    forecast.router,
    plans.router,
    schedules.router,
    cutting.router,
    quality.router,
    accounts.router,
]

__all__ = ["AREAS"]
