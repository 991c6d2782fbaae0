"""Background jobs: the slow verbs (forecast, batch plan, schedule, cutting plan) run off the
request, and the page polls their progress.

A :class:`JobRunner` lives on the app (``app.state.jobs``): a small thread pool runs the jobs
this server process started, and every job's state — status, progress (the service's own
``progress(step, done, total)`` callback), result (what was stored, and where to see it) or
error in plain words — is kept in the database (``web_jobs``). So with ``cordwain serve
--workers 2`` a page polling the other worker sees the same job, and at most one job of each
kind runs across all the processes (a unique index, not a lock in one process's memory).

What a job stores goes through the service's own unit of work and is committed whole by the
job, so a crash leaves the workshop as it was. The process running a job refreshes its
heartbeat every few seconds; a job whose heartbeat stopped (its process was killed or
restarted) is reported as failed, and no longer blocks a new job of its kind.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from cordwain.services import ServiceError
from cordwain.services.accounts import Permission
from cordwain.store import DuplicateError, SqlUnitOfWork
from cordwain.store.jobs import UNFINISHED, JobRecord

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
#: Progress is written at most this often (the page polls every second).
PROGRESS_SECONDS = 0.5
#: The process running a job says so this often...
HEARTBEAT_SECONDS = 5.0
#: ...and a job not heard of for this long was abandoned by a process that stopped.
ABANDONED_AFTER = timedelta(seconds=30)
ABANDONED = "the server process running this job stopped before it ended; start it again"

Progress = Callable[[str, int, int], None]
#: A job's work: given a progress callback, does the work (committing it) and returns its
#: result: a small JSON-able dict, with ``"url"`` where the page shows what was made.
Work = Callable[[Progress], dict[str, Any]]


class JobBusy(ServiceError):
    """A job of the same kind is already running; ``job_id`` names it."""

    def __init__(self, kind: str, job_id: str) -> None:
        super().__init__(f"a {kind} job is already running (job {job_id}); wait for it to end")
        self.job_id = job_id


def _now() -> datetime:
    return datetime.now()


@dataclass
class Job:
    """A job as read from the database (a snapshot: read it again to follow it)."""

    id: str
    kind: str
    label: str
    started_by: str
    created_at: datetime
    status: str = "queued"  # queued, running, done, failed
    step: str = "waiting to start"
    done: int = 0
    total: int = 0
    started_at: datetime | None = None
    finished_at: datetime | None = None
    result: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    @classmethod
    def of(cls, r: JobRecord, now: datetime | None = None) -> Job:
        status, error, finished = r.status, r.error, r.finished_at
        if status in UNFINISHED and (now or _now()) - r.heartbeat_at > ABANDONED_AFTER:
            status, error, finished = "failed", ABANDONED, r.heartbeat_at
        return cls(
            r.id, r.kind, r.label, r.started_by, r.created_at, status, r.step, r.done,
            r.total, r.started_at, finished, dict(r.result or {}), error,
        )  # fmt: skip

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
        end = self.finished_at or _now()
        return round(max(0.0, (end - self.started_at).total_seconds()), 1)

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
    """Runs this process's jobs on a thread pool; reads and writes every job's state in the
    database at ``url`` (None: ``$CORDWAIN_DATABASE_URL``, read when used)."""

    def __init__(self, url: str | None = None, workers: int = 2) -> None:
        self.url = url
        self._pool: ThreadPoolExecutor | None = None
        self._workers = workers
        self._lock = threading.Lock()
        # The jobs this process runs, with their progress not yet written.
        self._mine: dict[str, dict[str, Any]] = {}
        self._keeper: threading.Thread | None = None
        self._stop = threading.Event()

    def _uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.url)

    def _executor(self) -> ThreadPoolExecutor:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self._workers, thread_name_prefix="cordwain-job")
        return self._pool

    def submit(self, kind: str, label: str, user: str, work: Work) -> Job:
        """Start ``work`` in the background, or raise :class:`JobBusy` if ``kind`` runs
        (in this process or any other on the same database)."""
        if kind not in KIND_PERMISSIONS:
            raise ValueError(f"unknown job kind {kind!r}")
        job_id = secrets.token_hex(8)
        now = _now()
        with self._uow() as uow:
            running = uow.jobs.unfinished(kind)
            if running is not None:
                if Job.of(running, now).finished:
                    # Left unfinished by a process that died: it must not block its kind.
                    uow.jobs.abandon(now - ABANDONED_AFTER, ABANDONED, now)
                else:
                    raise JobBusy(kind, running.id)  # refused without writing anything
            try:
                uow.jobs.add(job_id, kind, label, user, now=now)
            except DuplicateError as exc:
                running_id = str(exc.key)
                if running_id == kind:  # another process started one this very moment
                    uow.rollback()
                    found = uow.jobs.unfinished(kind)
                    running_id = found.id if found is not None else "just started"
                raise JobBusy(kind, running_id) from None
            uow.jobs.prune(KEEP_FINISHED)
            uow.commit()
            record = uow.jobs.get(job_id)
        assert record is not None
        with self._lock:
            self._mine[job_id] = {}
        self._start_keeper()
        self._executor().submit(self._run, job_id, kind, work)
        return Job.of(record, now)

    def _write(self, job_id: str, *, final: bool = False, **values: Any) -> None:
        with self._uow() as uow:
            if final:
                uow.jobs.update(job_id, heartbeat_at=_now(), **values)
            else:
                uow.jobs.progress(job_id, heartbeat_at=_now(), **values)
            uow.commit()

    def _note(self, job_id: str, **values: Any) -> None:
        """Progress for the keeper thread to write: the job itself never waits on the
        database for it (on SQLite the job's own unstored writes hold the write lock)."""
        with self._lock:
            pending = self._mine.get(job_id)
            if pending is not None:
                pending.update(values)

    def _run(self, job_id: str, kind: str, work: Work) -> None:
        def progress(step: str, done: int, total: int) -> None:
            self._note(job_id, step=str(step)[:200], done=int(done), total=int(total))

        final: dict[str, Any]
        started = _now()
        try:
            self._note(job_id, status="running", step="starting", started_at=started)
            result = work(progress)
        except ServiceError as exc:
            final = {"status": "failed", "error": str(exc)}
        except Exception as exc:  # a crash must end the job, not leave it running forever
            log.exception("job %s (%s) crashed", job_id, kind)
            final = {
                "status": "failed",
                "error": f"something went wrong on the server ({type(exc).__name__}); "
                "it was logged",
            }
        else:
            final = {"status": "done", "result": result or {}, "step": "done"}
        with self._lock:
            self._mine.pop(job_id, None)
        for attempt in range(5):
            try:
                self._write(job_id, final=True, started_at=started, finished_at=_now(), **final)
                return
            except Exception:
                if attempt == 4:
                    log.exception("could not record how job %s ended", job_id)
                    return
                time.sleep(1.0)

    def _start_keeper(self) -> None:
        with self._lock:
            if self._keeper is not None and self._keeper.is_alive():
                return
            self._keeper = threading.Thread(
                target=self._keep, name="cordwain-job-keeper", daemon=True
            )
            self._keeper.start()

    def _keep(self) -> None:
        """Writes this process's jobs' progress, and their heartbeat, until none is left."""
        last_beat = 0.0
        while not self._stop.wait(PROGRESS_SECONDS):
            with self._lock:
                if not self._mine:
                    self._keeper = None
                    return
                pending = {k: dict(v) for k, v in self._mine.items() if v}
                for values in self._mine.values():
                    values.clear()
                mine = sorted(self._mine)
            try:
                for job_id, values in pending.items():
                    with self._lock:
                        if job_id not in self._mine:
                            continue  # ended meanwhile: its final state is written
                    self._write(job_id, **values)
                if time.monotonic() - last_beat >= HEARTBEAT_SECONDS:
                    with self._uow() as uow:
                        uow.jobs.beat(mine, _now())
                        uow.commit()
                    last_beat = time.monotonic()
            except Exception:  # busy database: try again at the next turn
                log.warning("could not record the progress of jobs %s", mine, exc_info=True)
                with self._lock:
                    for job_id, values in pending.items():
                        if job_id in self._mine:
                            self._mine[job_id] = {**values, **self._mine[job_id]}

    # --- reading: any process, any job --------------------------------------------------

    def _read(self, uow: SqlUnitOfWork | None, read: Callable[[SqlUnitOfWork], Any]) -> Any:
        if uow is not None:
            return read(uow)
        with self._uow() as own:
            return read(own)

    def get(self, job_id: str, uow: SqlUnitOfWork | None = None) -> Job | None:
        record = self._read(uow, lambda u: u.jobs.get(job_id))
        return None if record is None else Job.of(record)

    def running(self, kind: str, uow: SqlUnitOfWork | None = None) -> Job | None:
        record = self._read(uow, lambda u: u.jobs.unfinished(kind))
        job = None if record is None else Job.of(record)
        return job if job is not None and not job.finished else None

    def latest(self, kind: str, uow: SqlUnitOfWork | None = None) -> Job | None:
        records = self._read(uow, lambda u: u.jobs.list({kind}, limit=1))
        return Job.of(records[0]) if records else None

    def list(self, kinds: set[str] | None = None, uow: SqlUnitOfWork | None = None) -> list[Job]:
        now = _now()
        return [Job.of(r, now) for r in self._read(uow, lambda u: u.jobs.list(kinds))]

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
        self._stop.set()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def runner(app: Any) -> JobRunner:
    """The app's job runner (made on first use, so building the app starts no thread)."""
    jobs = getattr(app.state, "jobs", None)
    if jobs is None:
        jobs = app.state.jobs = JobRunner(app.state.config.url)
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
    cut: bool = False,
    schedule: bool = False,
) -> Job:
    """Plan the next batch (``plan_next_batch``) and store the batch and its plan; with
    ``cut`` / ``schedule`` also cut it on the hides and schedule it, as ``cordwain plan``."""
    from cordwain.services import unit_of_work
    from cordwain.services.batch_plan import plan_cut_and_schedule

    def work(progress: Progress) -> dict[str, Any]:
        with unit_of_work(_url(app)) as uow:
            report = plan_cut_and_schedule(
                uow,
                cut=cut,
                schedule=schedule,
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
    label += {(True, True): ", cut and scheduled", (True, False): ", cut",
              (False, True): ", scheduled"}.get((cut, schedule), "")  # fmt: skip
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
