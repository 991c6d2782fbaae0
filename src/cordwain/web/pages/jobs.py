"""A background job's progress, polled by the page every second until it ends."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from cordwain.api.jobs import Job, runner
from cordwain.api.routers.jobs import job_for
from cordwain.services.accounts import User
from cordwain.store import SqlUnitOfWork

from ..templating import render
from .common import SIGNED_IN, allow

router = APIRouter(include_in_schema=False)


def job_context(
    request: Request, user: User, job_id: str | None, kind: str, uow: SqlUnitOfWork | None = None
) -> dict:
    """The job a page shows: the one named in ``?job=``, else the kind's running job.

    Read from the database (any worker process may be running it), in the page's own unit
    of work when it passes one.
    """
    job: Job | None = None
    if job_id:
        found = runner(request.app).get(job_id, uow)
        if found is not None and found.kind == kind:
            job = found
    if job is None:
        job = runner(request.app).running(kind, uow)
    return {"job": job.as_dict() if job else None}


@router.get("/jobs/{job_id}")
def job(job_id: str, request: Request, user: User = Depends(allow(SIGNED_IN))) -> Response:
    found = job_for(request, user, job_id).as_dict()
    if request.headers.get("hx-request"):
        return render(request, "job.html", job=found)
    return render(request, "job_page.html", job=found)
