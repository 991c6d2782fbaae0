"""Background jobs: follow a forecast, batch plan, schedule or cutting plan while it runs."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from cordwain.services.accounts import User

from ..deps import SIGNED_IN, allow
from ..errors import ApiError, ErrorBody
from ..jobs import KIND_PERMISSIONS, Job, JobBusy, runner

router = APIRouter(tags=["jobs"])


class JobOut(BaseModel):
    """A background job: ``status`` is queued, running, done or failed; ``result.url`` is the
    page showing what it made, ``result.api`` the same as JSON."""

    id: str
    kind: str
    label: str
    status: str
    step: str
    done: int
    total: int
    fraction: float
    seconds: float
    started_by: str
    created_at: str
    result: dict[str, Any]
    error: str | None


def visible_kinds(user: User) -> set[str]:
    return {k for k, p in KIND_PERMISSIONS.items() if user.can(p)}


def job_for(request: Request, user: User, job_id: str) -> Job:
    """The job, if it exists and the user may follow its kind (else 404: no leak)."""
    job = runner(request.app).get(job_id)
    if job is None or job.kind not in visible_kinds(user):
        raise ApiError(404, f"job {job_id} does not exist (or has been forgotten)")
    return job


#: Declared on the routes that start a job: a job of that kind may already be running.
BUSY: dict[int | str, dict[str, Any]] = {
    409: {"model": ErrorBody, "description": "a job of this kind is already running"}
}


def busy(exc: JobBusy) -> ApiError:
    return ApiError(409, str(exc), code="conflict")


@router.get("/jobs", response_model=list[JobOut], summary="Recent background jobs you may follow")
def list_jobs(request: Request, user: User = Depends(allow(SIGNED_IN))) -> list[dict]:
    return [j.as_dict() for j in runner(request.app).list(visible_kinds(user))]


@router.get("/jobs/{job_id}", response_model=JobOut, summary="A background job's progress")
def get_job(job_id: str, request: Request, user: User = Depends(allow(SIGNED_IN))) -> dict:
    return job_for(request, user, job_id).as_dict()
