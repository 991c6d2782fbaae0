"""Background jobs live in the database: every server process answers about every job.

``cordwain serve --workers 2`` runs two app instances over one database; a page that
started a plan on one worker may poll the other. Two app instances in one test stand for
the two workers: each has its own job runner and thread pool, and shares nothing but the
database.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta

from cordwain.services import unit_of_work

from .conftest import sign_in, token_for


def _two_workers(shop_url):
    from cordwain.api import WebConfig, create_app

    return (
        create_app(shop_url, config=WebConfig(dashboard_seconds=0)),
        create_app(shop_url, config=WebConfig(dashboard_seconds=0)),
    )


def test_a_job_started_on_one_worker_is_followed_from_the_other(shop_url):
    from fastapi.testclient import TestClient

    first, second = _two_workers(shop_url)
    assert first.state.jobs is not second.state.jobs
    started, release = threading.Event(), threading.Event()

    def slow_plan(progress):
        progress("sizing the batch", 1, 4)
        started.set()
        release.wait(30)
        progress("sizing the batch", 4, 4)
        return {"code": "B2026W49", "url": "/plans/B2026W49"}

    job = first.state.jobs.submit("plan", "batch plan, 3 weeks", "pia", slow_plan)
    try:
        assert started.wait(10)
        planner = token_for(second, "planner")
        with TestClient(second) as other:
            for _ in range(100):  # progress is written every half second: poll as a page does
                seen = other.get(f"/api/v1/jobs/{job.id}", headers=planner)
                assert seen.status_code == 200, seen.text
                body = seen.json()
                if body["step"] == "sizing the batch":
                    break
                time.sleep(0.05)
            assert (body["status"], body["step"], body["done"], body["total"]) == (
                "running", "sizing the batch", 1, 4
            )  # fmt: skip
            assert body["label"] == "batch plan, 3 weeks" and body["started_by"] == "pia"
            assert [j["id"] for j in other.get("/api/v1/jobs", headers=planner).json()] == [job.id]
            # One plan at a time across the processes: the second worker refuses, naming it.
            refused = other.post("/api/v1/plans", json={"weeks": 2}, headers=planner)
            assert refused.status_code == 409 and job.id in refused.json()["error"]["message"]
            # The page's progress block, polled on the other worker.
            block = sign_in(second, "planner").get(
                f"/jobs/{job.id}", headers={"HX-Request": "true"}
            )
            assert block.status_code == 200 and f'id="job-{job.id}"' in block.text
            assert "sizing the batch (1/4)" in block.text
    finally:
        release.set()
    assert first.state.jobs.wait(job.id, 10).status == "done"
    ended = second.state.jobs.get(job.id)
    assert ended.status == "done" and ended.result["url"] == "/plans/B2026W49"
    assert ended.fraction == 1.0 and ended.finished_at is not None


def test_a_failed_job_says_why_on_every_worker(shop_url):
    first, second = _two_workers(shop_url)

    def broken(progress):
        from cordwain.services import ServiceError

        raise ServiceError("no forecast yet: run the forecast first")

    job = first.state.jobs.submit("forecast", "forecast, 4 weeks", "olga", broken)
    assert first.state.jobs.wait(job.id, 10).status == "failed"
    seen = second.state.jobs.get(job.id)
    assert seen.status == "failed" and seen.error == "no forecast yet: run the forecast first"
    assert second.state.jobs.running("forecast") is None


def test_a_job_whose_process_died_is_reported_failed_and_no_longer_blocks(shop_url):
    from cordwain.api.jobs import ABANDONED

    _, second = _two_workers(shop_url)
    long_ago = datetime.now() - timedelta(minutes=5)
    with unit_of_work(shop_url) as uow:  # a worker killed while it ran a schedule
        uow.jobs.add("deadbeefdeadbeef", "schedule", "schedule of B1", "pia", now=long_ago)
        uow.jobs.update("deadbeefdeadbeef", status="running", started_at=long_ago)
        uow.commit()
    dead = second.state.jobs.get("deadbeefdeadbeef")
    assert dead.status == "failed" and dead.error == ABANDONED
    assert second.state.jobs.running("schedule") is None
    fresh = second.state.jobs.submit("schedule", "schedule of B1", "pia", lambda p: {})
    assert second.state.jobs.wait(fresh.id, 10).status == "done"
    with unit_of_work(shop_url) as uow:
        assert uow.jobs.get("deadbeefdeadbeef").status == "failed"
