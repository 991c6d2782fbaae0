"""The API's routers, one per area of the workshop, all mounted under ``/api/v1``.

To add an area (plans, cutting plans, schedules, quality...): write a module here with a
``router = APIRouter(prefix="/...", tags=[...])`` whose routes are thin calls into one
service function each, gated by ``Depends(allow(Permission.X))``, and list it in
:data:`AREAS`. The permission-matrix test picks up every new route by itself.
"""

from __future__ import annotations

from fastapi import APIRouter

from . import (
    account,
    catalogue,
    cutting,
    demand,
    files,
    forecasts,
    jobs,
    people,
    plans,
    production,
    quality,
    schedules,
    stock,
    users,
    workshop,
)

AREAS: list[APIRouter] = [
    account.router,
    users.router,
    workshop.router,
    catalogue.router,
    stock.router,
    demand.router,
    people.router,
    production.router,
    files.router,
    jobs.router,
    forecasts.router,
    plans.router,
    schedules.router,
    cutting.router,
    quality.router,
]

__all__ = ["AREAS"]
