"""The engine areas over the API and the pages: forecasts, batch plans run as background jobs,
schedules with Gantt charts and day sheets, final-lot inspection, holds and traces — on the
hand-made Mara workshop, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import threading
import time

import pytest

from cordwain.services import quality as qc
from cordwain.services import unit_of_work
from cordwain.services.trace import serialise_batch

from .conftest import SECRET_MONEY, sign_in, token_for


def _wait(client, headers, job_id: str, timeout: float = 90.0) -> dict:
    """Poll the job as a page would, until it ends."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        r = client.get(f"/api/v1/jobs/{job_id}", headers=headers)
        assert r.status_code == 200, r.text
        job = r.json()
        assert job["status"] in ("queued", "running", "done", "failed")
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not end in {timeout} s")


def _no_money(text: str) -> list[str]:
    return [m for m in SECRET_MONEY if m in text]


# --- batch plans as background jobs ----------------------------------------------------------


def test_a_planner_runs_a_plan_in_the_background_and_finds_it_stored(app, client, shop_url):
    planner = token_for(app, "planner")
    r = client.post("/api/v1/plans", json={"weeks": 3, "time_limit": 10}, headers=planner)
    assert r.status_code == 202, r.text
    job = r.json()
    assert job["kind"] == "plan" and job["status"] in ("queued", "running", "done")
    done = _wait(client, planner, job["id"])
    assert done["status"] == "done", done["error"]
    assert done["fraction"] == 1.0 and done["step"] == "done"
    code = done["result"]["code"]
    assert done["result"]["url"] == f"/plans/{code}"

    plan = client.get(f"/api/v1/plans/{code}", headers=planner).json()
    assert plan["summary"]["pairs"] == sum(ln["quantity"] for ln in plan["lines"]) > 0
    assert {c["operation"] for c in plan["capacity"]} == {"clicking", "closing", "lasting"}
    assert client.get("/api/v1/plans", headers=planner).json()[0]["code"] == code
    with unit_of_work(shop_url) as uow:
        assert uow.documents.get("plan", code) is not None
        assert uow.batches.get(code).status.value == "planned"

    page = sign_in(app, "planner").get(f"/plans/{code}")
    assert page.status_code == 200
    text = page.text
    for heading in (
        "What it saves against mass production",
        "Capacity",
        "Materials to buy",
        "Pre-orders at risk",
        "Quantities against demand",
    ):
        assert heading in text, heading
    assert 'class="chart plan-fan"' in text and 'class="chart hbar"' in text


def test_a_plan_asked_to_cut_and_schedule_carries_both_and_shows_them(app, client):
    planner = token_for(app, "planner")
    body = {"weeks": 2, "time_limit": 10, "cut": True, "schedule": True}
    r = client.post("/api/v1/plans", json=body, headers=planner)
    assert r.status_code == 202, r.text
    assert "cut and scheduled" in r.json()["label"]
    done = _wait(client, planner, r.json()["id"], timeout=240)
    assert done["status"] == "done", done["error"]
    code = done["result"]["code"]
    plan = client.get(f"/api/v1/plans/{code}", headers=planner).json()
    cut, sch = plan["cutting"], plan["schedule"]
    # Each step is there: its summary, or what held it back in words.
    assert cut["status"] in ("complete", "partial") or cut["reason"]
    assert sch["status"] in ("optimal", "feasible") or sch["reason"]
    page = sign_in(app, "planner").get(f"/plans/{code}").text
    assert "<h2>Cutting plan</h2>" in page and "<h2>Schedule</h2>" in page
    if sch["status"] in ("optimal", "feasible"):
        assert f'href="/schedule/{code}"' in page and sch["work_orders"] > 0


def test_a_rewritten_plan_is_shown_at_once_not_the_earlier_rendering(app, shop_url):
    from cordwain.services import plan_next_batch

    with unit_of_work(shop_url) as uow:
        code = plan_next_batch(uow, weeks=3, time_limit=10).code
        uow.commit()
    browser = sign_in(app, "planner")
    first = browser.get("/plans")
    assert first.status_code == 200 and code in first.text
    with unit_of_work(shop_url) as uow:
        plan = uow.documents.get("plan", code)
        plan["summary"]["pairs"] = 987654  # a re-plan writes the document again
        uow.documents.put("plan", code, plan)
        uow.commit()
    again = browser.get("/plans")
    assert "987654" in again.text and "987654" not in first.text
    assert browser.get(f"/plans/{code}").text.count("987654") >= 1
    assert browser.get("/plans/B1999W01").status_code == 404


def test_a_plan_chart_is_served_as_a_cached_picture(app, shop_url):
    from cordwain.services import plan_next_batch

    with unit_of_work(shop_url) as uow:
        report = plan_next_batch(uow, weeks=3, time_limit=10)
        uow.commit()
    line = report.body["lines"][0]
    group = f"{line['style']}-{line['colourway']}"
    browser = sign_in(app, "planner")
    url = f"/plans/{report.code}/charts/{group}.svg"
    first = browser.get(url)
    assert first.status_code == 200 and first.text.startswith("<svg")
    assert first.headers["content-type"].startswith("image/svg+xml")
    again = browser.get(url, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert browser.get(f"/plans/{report.code}/charts/NOPE-XXX.svg").status_code == 404
    assert sign_in(app, "artisan").get(url).status_code == 403


def test_a_second_plan_while_one_runs_is_refused_and_named(app, client):
    planner = token_for(app, "planner")
    release = threading.Event()
    blocking = app.state.jobs.submit(
        "plan", "a slow plan", "pia", lambda p: release.wait(30) and {}
    )
    try:
        r = client.post("/api/v1/plans", json={"weeks": 2}, headers=planner)
        assert r.status_code == 409
        assert blocking.id in r.json()["error"]["message"]
        page = sign_in(app, "planner").post(
            "/plans/run", data={"weeks": "2"}, follow_redirects=False
        )
        assert page.status_code == 303 and page.headers["location"] == f"/plans?job={blocking.id}"
    finally:
        release.set()
    assert app.state.jobs.wait(blocking.id, 10).status == "done"


def test_a_job_that_fails_says_why_and_only_its_kind_may_follow_it(app, client):
    owner = token_for(app, "owner")
    r = client.post(
        "/api/v1/schedules", json={"batch_code": "NOPE", "time_limit": 2}, headers=owner
    )
    assert r.status_code == 202
    job = _wait(client, owner, r.json()["id"])
    assert job["status"] == "failed" and "No batch NOPE" in job["error"]
    artisan = token_for(app, "artisan")
    assert client.get(f"/api/v1/jobs/{job['id']}", headers=artisan).status_code == 404
    assert client.get("/api/v1/jobs", headers=artisan).json() == []


def test_the_job_page_polls_until_done_then_links_the_result(app, client):
    browser = sign_in(app, "planner")
    r = browser.post("/demand/forecast", data={"horizon_weeks": "4"}, follow_redirects=False)
    assert r.status_code == 303
    job_id = r.headers["location"].split("job=")[1]
    running = browser.get(f"/jobs/{job_id}", headers={"HX-Request": "true"}).text
    assert f'id="job-{job_id}"' in running
    job = app.state.jobs.wait(job_id, 60)
    assert job.status == "done", job.error
    done = browser.get(f"/jobs/{job_id}", headers={"HX-Request": "true"}).text
    assert 'hx-trigger="every 1s"' not in done and 'href="/demand"' in done


# --- demand -------------------------------------------------------------------------------


def test_the_forecast_reruns_and_the_demand_page_draws_a_fan_per_variant(app, client):
    planner = token_for(app, "planner")
    r = client.post("/api/v1/forecasts", json={"horizon_weeks": 4}, headers=planner)
    assert r.status_code == 202
    assert _wait(client, planner, r.json()["id"])["status"] == "done"
    body = client.get("/api/v1/forecasts/latest", headers=planner).json()
    skus = [v["sku"] for v in body["variants"]]
    assert body["horizon_weeks"] == 4 and body["total"] == len(skus) == 5
    assert all(len(v["quantiles"]) == len(body["quantile_levels"]) for v in body["variants"])
    page = sign_in(app, "planner").get("/demand?group=MARA-BLK").text
    assert page.count('class="chart fan"') == 5
    assert 'class="chart size-curve"' in page and "Re-run the forecast" in page
    # An inspector sees no demand at all; the menu never offers it.
    assert sign_in(app, "inspector").get("/demand").status_code == 403


# --- schedules ----------------------------------------------------------------------------


@pytest.fixture
def scheduled(app, client):
    owner = token_for(app, "owner")
    r = client.post(
        "/api/v1/schedules", json={"batch_code": "B1", "days": 10, "time_limit": 10}, headers=owner
    )
    assert r.status_code == 202
    job = _wait(client, owner, r.json()["id"])
    assert job["status"] == "done", job["error"]
    return owner


def test_a_schedule_shows_gantt_charts_and_day_sheets_without_pay_to_inspectors(
    app, client, scheduled
):
    assert client.get("/api/v1/schedules", headers=scheduled).json() == ["B1"]
    full = client.get("/api/v1/schedules/B1", headers=scheduled).json()
    assert full["violations"] == [] and full["pairs"] == 6 and "overtime_cost" in full
    inspector = token_for(app, "inspector")
    seen = client.get("/api/v1/schedules/B1", headers=inspector).json()
    assert "overtime_cost" not in seen and all("overtime_cost" not in ld for ld in seen["loads"])
    svg = client.get("/api/v1/schedules/B1/gantt?by=machine", headers=inspector)
    assert svg.headers["content-type"].startswith("image/svg+xml") and "<svg" in svg.text

    page = sign_in(app, "inspector").get("/schedule/B1").text
    assert page.count('<div class="gantt"><svg') == 2
    assert "day-sheet?artisan=ANA" in page and "Overtime cost" not in page
    day = full["working_days"][0]
    sheet = client.get(f"/api/v1/schedules/B1/day-sheets/ANA?day={day}", headers=inspector).json()
    assert sheet["artisan"] == "ANA" and sheet["rows"][0]["kind"] == "task"
    assert [r["start"] for r in sheet["rows"]] == sorted(r["start"] for r in sheet["rows"])


def test_an_artisan_reads_only_their_own_day_sheet_with_no_money(app, client, scheduled):
    with unit_of_work(app.state.config.url) as uow:
        body = uow.documents.get("schedule", "B1")
    ana_days = sorted({a["start"][:10] for a in body["assignments"] if a["artisan"] == "ANA"})
    artisan = token_for(app, "artisan")
    mine = client.get(f"/api/v1/my/schedule?since={ana_days[0]}", headers=artisan).json()
    assert [d["day"] for d in mine] == ana_days and {d["batch"] for d in mine} == {"B1"}
    browser = sign_in(app, "artisan")
    page = browser.get(f"/my-schedule?batch=B1&day={ana_days[0]}")
    assert page.status_code == 200 and "Day sheet · Ana (ANA)" in page.text
    assert _no_money(page.text) == []
    # Someone else's sheet, or the whole schedule, is not for an artisan.
    assert browser.get(f"/schedule/B1/day-sheet?artisan=RUI&day={ana_days[0]}").status_code == 403
    assert client.get("/api/v1/schedules/B1", headers=artisan).status_code == 403


# --- quality and traces -------------------------------------------------------------------


@pytest.fixture
def serialised(shop_url):
    with unit_of_work(shop_url) as uow:
        serialise_batch(uow, "B1")
    return shop_url


def test_the_sampling_plan_follows_iso_2859_for_a_lot_of_500(app, client):
    r = client.get("/api/v1/quality/sampling-plan?lot_size=500", headers=token_for(app, "owner"))
    body = r.json()
    assert body["pairs_to_inspect"] == 50
    assert (body["plans"]["major"]["accept"], body["plans"]["major"]["reject"]) == (3, 4)
    page = sign_in(app, "inspector").get(
        "/quality/sampling?lot_size=500", headers={"HX-Request": "true"}
    )
    assert "pull <strong>50</strong> pairs" in page.text


def test_an_inspector_rejects_a_lot_on_the_tablet_form_and_it_goes_on_hold(app, client, serialised):
    browser = sign_in(app, "inspector")
    form = browser.get("/quality/lots/B1?style=MARA")
    assert form.status_code == 200 and 'class="finding"' in form.text
    with unit_of_work(serialised) as uow:
        sample = list(uow.documents.get(qc.KIND_DRAW, "B1/MARA/1")["serials"])
    assert len(sample) == 5
    # A major defect on a sampled pair: Ac 0 for 5 pairs, so the lot is rejected.
    r = browser.post(
        "/quality/lots/B1",
        data={"style": "MARA", "serial_1": sample[0], "code_1": "UP01", "count_1": "1"},
    )
    assert r.status_code == 200, r.text
    assert "rejected" in r.text and "on hold" in r.text
    inspector = token_for(app, "inspector")
    holds = client.get("/api/v1/quality/holds", headers=inspector).json()
    assert holds["B1"]["status"] == "held" and holds["B1"]["ncr"]
    ncrs = client.get("/api/v1/quality/ncrs?status=open", headers=inspector).json()
    assert [n["batch_code"] for n in ncrs] == ["B1"]
    chart = client.get("/api/v1/quality/control-charts/final", headers=inspector).json()
    assert chart["points"][-1]["count"] == 1
    pareto = client.get("/api/v1/quality/pareto?by=code", headers=inspector).json()
    assert pareto["bars"][0]["key"] == "UP01"

    trace = client.get(f"/api/v1/traces/pairs/{sample[0]}", headers=inspector).json()
    assert trace["hold"]["status"] == "held" and trace["defects"][0]["code"] == "UP01"
    page = browser.get(f"/trace?q={sample[0]}").text
    assert f"Pair {sample[0]}" in page and "UP01" in page

    released = browser.post(
        "/quality/holds/B1/release", data={"note": "100% sorted"}, follow_redirects=False
    )
    assert released.status_code == 303
    assert client.get("/api/v1/quality/holds", headers=inspector).json() == {}


def test_a_finding_on_a_pair_outside_the_sample_is_refused_in_plain_words(app, client, serialised):
    inspector = token_for(app, "inspector")
    drawn = client.post("/api/v1/quality/lots/B1/draw", json={"style": "MARA"}, headers=inspector)
    assert drawn.status_code == 200
    outside = next(
        f"B1-{n:04d}" for n in range(1, 7) if f"B1-{n:04d}" not in drawn.json()["serials"]
    )
    r = client.post(
        "/api/v1/quality/lots/B1/inspections",
        headers=inspector,
        json={"style": "MARA", "findings": [{"serial": outside, "code": "UP01"}]},
    )
    assert r.status_code == 400
    assert f"pair {outside} is not in the major sample" in r.json()["error"]["message"]
    clean = client.post(
        "/api/v1/quality/lots/B1/inspections",
        headers=inspector,
        json={"style": "MARA", "findings": []},
    )
    assert clean.status_code == 201 and clean.json()["accepted"] is True


def test_tracing_an_unknown_code_is_a_plain_not_found(app, client):
    owner = token_for(app, "owner")
    r = client.get("/api/v1/traces/hides/H1", headers=owner)
    assert r.status_code == 404 and "not cut yet" in r.json()["error"]["message"]
    page = sign_in(app, "owner").get("/trace?q=NOSUCH")
    assert page.status_code == 404 and "no pair has the serial NOSUCH" in page.text


def test_the_new_pages_show_an_artisan_no_costs_or_margins(app, client, serialised):
    browser = sign_in(app, "artisan")
    menu = browser.get("/my-day").text
    assert ">My schedule<" in menu and ">Cutting<" in menu
    for label in ("Plans", "Demand", "Schedule", "Quality", "Trace"):
        assert f">{label}<" not in menu
    for path in ("/my-schedule", "/cutting", "/plans", "/demand", "/quality", "/trace"):
        r = browser.get(path)
        assert r.status_code in (200, 403), path
        assert _no_money(r.text) == [], path
