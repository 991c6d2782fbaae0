"""Background jobs: the slow verbs (forecast, batch plan, schedule, cutting plan) run off the
request, and the page polls their progress.

A :class:`JobRunner` lives on the app (``app.state.jobs``): a small thread pool, one job of
each kind at a time, and the last jobs kept in memory with their progress (the service's own
``progress(step, done, total)`` callback), their result (what was stored, and where to see
it) or their error in plain words. What a job stores goes through the service's own unit of
work and is committed whole by the job, so a crash leaves the workshop as it was.

Jobs live in the server process: after a restart the finished results are still in the
database (a plan, a schedule), only the progress of a job that was running is forgotten.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cordwain.services import ServiceError
from cordwain.services.accounts import Permission

log = logging.getLogger("cordwain.jobs")

#: Who may start (and follow) each kind of job.
KIND_PERMISSIONS: dict[str, Permission] = {
    "forecast": Permission.RUN_PLANS,
    "plan": Permission.RUN_PLANS,
    "schedule": Permission.RUN_PLANS,
    "cutting": Permission.RUN_PLANS,
}

#: Finished jobs remembered (oldest forgotten first).
KEEP_FINISHED = 100

Progress = Callable[[str, int, int], None]
#: A job's work: given a progress callback, does the work (committing it) and returns its
#: result: a small JSON-able dict, with ``"url"`` where the page shows what was made.
Work = Callable[[Progress], dict[str, Any]]


class JobBusy(ServiceError):
    """A job of the same kind is already running; ``job_id`` names it."""

    def __init__(self, kind: str, job_id: str) -> None:
        super().__init__(f"a {kind} job is already running (job {job_id}); wait for it to end")
        self.job_id = job_id


@dataclass
class Job:
    id: str
    kind: str
    label: str
    started_by: str
    created_at: datetime
    status: str = "queued"  # queued, running, done, failed
    step: str = "waiting to start"
    done: int = 0
    total: int = 0
    started_at: float | None = None
    finished_at: float | None = None
    result: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")

    @property
    def fraction(self) -> float:
        if self.status == "done":
            return 1.0
        return min(1.0, self.done / self.total) if self.total > 0 else 0.0

    @property
    def seconds(self) -> float:
        if self.started_at is None:
            return 0.0
        return round((self.finished_at or time.monotonic()) - self.started_at, 1)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "status": self.status,
            "step": self.step,
            "done": self.done,
            "total": self.total,
            "fraction": round(self.fraction, 4),
            "seconds": self.seconds,
            "started_by": self.started_by,
            "created_at": self.created_at.isoformat(timespec="seconds"),
            "result": self.result,
            "error": self.error,
        }


class JobRunner:
    """A thread pool running at most one job per kind, with every job's progress."""

    def __init__(self, workers: int = 2) -> None:
        self._pool: ThreadPoolExecutor | None = None
        self._workers = workers
        self._lock = threading.Lock()
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._running: dict[str, str] = {}  # kind -> job id

    def _executor(self) -> ThreadPoolExecutor:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self._workers, thread_name_prefix="cordwain-job")
        return self._pool

    def submit(self, kind: str, label: str, user: str, work: Work) -> Job:
        """Start ``work`` in the background, or raise :class:`JobBusy` if ``kind`` runs."""
        if kind not in KIND_PERMISSIONS:
            raise ValueError(f"unknown job kind {kind!r}")
        with self._lock:
            running = self._running.get(kind)
            if running is not None:
                raise JobBusy(kind, running)
            job = Job(secrets.token_hex(8), kind, label, user, datetime.now())
            self._jobs[job.id] = job
            self._running[kind] = job.id
            self._forget_old()
        self._executor().submit(self._run, job, work)
        return job

    def _forget_old(self) -> None:
        finished = [k for k, j in self._jobs.items() if j.finished]
        for k in finished[: max(0, len(finished) - KEEP_FINISHED)]:
            del self._jobs[k]

    def _run(self, job: Job, work: Work) -> None:
        def progress(step: str, done: int, total: int) -> None:
            job.step, job.done, job.total = step, done, total

        job.status, job.started_at = "running", time.monotonic()
        try:
            result = work(progress)
        except ServiceError as exc:
            job.status, job.error = "failed", str(exc)
        except Exception as exc:  # a crash must end the job, not leave it running forever
            log.exception("job %s (%s) crashed", job.id, job.kind)
            job.status = "failed"
            job.error = f"something went wrong on the server ({type(exc).__name__}); it was logged"
        else:
            job.status, job.result, job.step = "done", result or {}, "done"
        finally:
            job.finished_at = time.monotonic()
            with self._lock:
                if self._running.get(job.kind) == job.id:
                    del self._running[job.kind]

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def running(self, kind: str) -> Job | None:
        with self._lock:
            job_id = self._running.get(kind)
            return self._jobs.get(job_id) if job_id else None

    def latest(self, kind: str) -> Job | None:
        with self._lock:
            for job in reversed(self._jobs.values()):
                if job.kind == kind:
                    return job
        return None

    def list(self, kinds: set[str] | None = None) -> list[Job]:
        with self._lock:
            jobs = list(self._jobs.values())
        return [j for j in reversed(jobs) if kinds is None or j.kind in kinds]

    def wait(self, job_id: str, timeout: float = 60.0) -> Job | None:
        """Block until the job ends (for tests and scripts run in-process)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            job = self.get(job_id)
            if job is None or job.finished:
                return job
            time.sleep(0.05)
        return self.get(job_id)

    def shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def runner(app: Any) -> JobRunner:
    """The app's job runner (made on first use, so building the app starts no thread)."""
    jobs = getattr(app.state, "jobs", None)
    if jobs is None:
        jobs = app.state.jobs = JobRunner()
    return jobs


# --- the jobs the app starts ----------------------------------------------------------------


def _url(app: Any) -> str | None:
    return app.state.config.url


def _changed(app: Any) -> None:
    from .cache import data_changed

    data_changed(app)


def start_forecast(app: Any, user: str, *, horizon_weeks: int = 4) -> Job:
    """Re-run the demand forecast of every variant and store it."""
    from cordwain.services import forecast_demand, unit_of_work

    def work(progress: Progress) -> dict[str, Any]:
        with unit_of_work(_url(app)) as uow:
            report = forecast_demand(uow, horizon_weeks=horizon_weeks, progress=progress)
            uow.commit()
        _changed(app)
        return {
            "as_of": report.as_of.isoformat(),
            "variants": len(report.rows),
            "url": "/demand",
            "api": "/api/v1/forecasts/latest",
        }

    return runner(app).submit("forecast", f"forecast, {horizon_weeks} weeks", user, work)


def start_plan(
    app: Any,
    user: str,
    *,
    weeks: int = 3,
    start: Any = None,
    two_stage: bool = False,
    time_limit: float = 30.0,
) -> Job:
    """Plan the next batch (``plan_next_batch``) and store the batch and its plan."""
    from cordwain.services import plan_next_batch, unit_of_work

    def work(progress: Progress) -> dict[str, Any]:
        with unit_of_work(_url(app)) as uow:
            report = plan_next_batch(
                uow,
                start=start,
                weeks=weeks,
                two_stage=two_stage,
                time_limit=time_limit,
                progress=progress,
            )
            uow.commit()
        _changed(app)
        s = report.summary
        return {
            "code": report.code,
            "replaced": report.replaced,
            "pairs": s["pairs"],
            "url": f"/plans/{report.code}",
            "api": f"/api/v1/plans/{report.code}",
        }

    label = f"batch plan, {weeks} weeks" + (" (two stages)" if two_stage else "")
    return runner(app).submit("plan", label, user, work)


def start_schedule(
    app: Any, user: str, *, batch_code: str, days: int = 10, time_limit: float = 30.0
) -> Job:
    """Schedule a planned or released batch on the artisans and machines, and store it."""
    from cordwain.services import schedule_batch, unit_of_work

    code = batch_code.strip().upper()

    def work(progress: Progress) -> dict[str, Any]:
        with unit_of_work(_url(app)) as uow:
            report = schedule_batch(uow, code, days=days, time_limit=time_limit, progress=progress)
            uow.commit()
        _changed(app)
        return {
            "code": code,
            "status": report.status,
            "tasks": report.tasks,
            "late_preorders": len(report.late_preorders),
            "url": f"/schedule/{code}",
            "api": f"/api/v1/schedules/{code}",
        }

    return runner(app).submit("schedule", f"schedule of {code}", user, work)


def start_cutting(
    app: Any, user: str, *, batch_code: str, time_limit: float = 60.0, replan: bool = False
) -> Job:
    """Nest a batch's pattern pieces on the hides and rolls, and store the cutting plan."""
    from cordwain.services import unit_of_work
    from cordwain.services.cutting import plan_cutting

    code = batch_code.strip().upper()

    def work(progress: Progress) -> dict[str, Any]:
        with unit_of_work(_url(app)) as uow:
            report = plan_cutting(
                uow, code, time_limit=time_limit, replan=replan, progress=progress
            )
        _changed(app)
        return {
            "code": code,
            "status": report.status,
            "hides_used": report.hides_used,
            "placed": report.placed,
            "pieces": report.pieces,
            "url": f"/cutting/{code}",
            "api": f"/api/v1/cutting-plans/{code}",
        }

    return runner(app).submit("cutting", f"cutting plan of {code}", user, work)
