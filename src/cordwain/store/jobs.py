"""Background jobs of the web app: their state, progress, result and error, in the database.

A job runs in the server process that started it, but its row is what every process reads,
so a page polling the other uvicorn worker still sees its progress. At most one unfinished
job per kind (a partial unique index): starting a second one raises
:class:`~cordwain.store.errors.DuplicateError` naming the one that runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from . import tables as t
from .errors import DuplicateError

UNFINISHED = ("queued", "running")


@dataclass(frozen=True, slots=True)
class JobRecord:
    id: str
    kind: str
    label: str
    started_by: str
    status: str
    step: str
    done: int
    total: int
    result: dict[str, Any]
    error: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    heartbeat_at: datetime


def _job(row: Any) -> JobRecord:
    return JobRecord(**{k: row[k] for k in JobRecord.__slots__})


class JobRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, job_id: str, kind: str, label: str, started_by: str, *, now: datetime) -> None:
        """A queued job; ``DuplicateError`` if one of ``kind`` is unfinished (its key: that
        job's id, or the kind when another process added one at the same moment — the
        unique index refused it, and the transaction must be rolled back)."""
        values = {
            "id": job_id, "kind": kind, "label": label[:200], "started_by": started_by[:80],
            "status": "queued", "step": "waiting to start", "done": 0, "total": 0,
            "result": {}, "error": None, "created_at": now, "started_at": None,
            "finished_at": None, "heartbeat_at": now,
        }  # fmt: skip
        running = self.unfinished(kind)
        if running is not None:
            raise DuplicateError("job", running.id)
        try:
            self._conn.execute(insert(t.web_jobs), values)
        except IntegrityError:
            raise DuplicateError("job", kind) from None

    def get(self, job_id: str) -> JobRecord | None:
        row = self._conn.execute(select(t.web_jobs).where(t.web_jobs.c.id == job_id))
        found = row.mappings().first()
        return None if found is None else _job(found)

    def unfinished(self, kind: str) -> JobRecord | None:
        c = t.web_jobs.c
        stmt = select(t.web_jobs).where(c.kind == kind, c.status.in_(UNFINISHED))
        found = self._conn.execute(stmt).mappings().first()
        return None if found is None else _job(found)

    def list(self, kinds: set[str] | None = None, *, limit: int = 100) -> list[JobRecord]:
        """The newest jobs first (of ``kinds`` when given)."""
        c = t.web_jobs.c
        stmt = select(t.web_jobs).order_by(c.created_at.desc(), c.id.desc()).limit(limit)
        if kinds is not None:
            stmt = stmt.where(c.kind.in_(sorted(kinds)))
        return [_job(r) for r in self._conn.execute(stmt).mappings()]

    def update(self, job_id: str, **values: Any) -> bool:
        """Change some columns of a job (status, step, progress, result, heartbeat...)."""
        stmt = update(t.web_jobs).where(t.web_jobs.c.id == job_id).values(**values)
        return self._conn.execute(stmt).rowcount > 0

    def progress(self, job_id: str, **values: Any) -> bool:
        """Like :meth:`update`, but only while the job is unfinished: late progress never
        overwrites how a job ended."""
        c = t.web_jobs.c
        stmt = update(t.web_jobs).where(c.id == job_id, c.status.in_(UNFINISHED))
        return self._conn.execute(stmt.values(**values)).rowcount > 0

    def beat(self, job_ids: list[str], now: datetime) -> None:
        """Mark jobs as still being worked on by a live process."""
        if job_ids:
            c = t.web_jobs.c
            stmt = update(t.web_jobs).where(c.id.in_(job_ids), c.status.in_(UNFINISHED))
            self._conn.execute(stmt.values(heartbeat_at=now))

    def abandon(self, before: datetime, error: str, now: datetime) -> int:
        """Fail the unfinished jobs whose heartbeat stopped before ``before`` (their process
        died); returns how many."""
        c = t.web_jobs.c
        stmt = (
            update(t.web_jobs)
            .where(c.status.in_(UNFINISHED), c.heartbeat_at < before)
            .values(status="failed", error=error, finished_at=now)
        )
        return self._conn.execute(stmt).rowcount

    def prune(self, keep: int) -> None:
        """Forget finished jobs but the ``keep`` newest."""
        c = t.web_jobs.c
        finished = select(func.count()).select_from(t.web_jobs).where(c.status.not_in(UNFINISHED))
        if int(self._conn.execute(finished).scalar_one()) <= keep:
            return
        newest = (
            select(c.id)
            .where(c.status.not_in(UNFINISHED))
            .order_by(c.created_at.desc(), c.id.desc())
            .limit(keep)
        )
        self._conn.execute(
            delete(t.web_jobs).where(c.status.not_in(UNFINISHED), c.id.not_in(newest))
        )
