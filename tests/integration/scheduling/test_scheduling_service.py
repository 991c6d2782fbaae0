"""Scheduling a stored batch end to end, on SQLite and PostgreSQL.

The tiny workshop (see conftest): only ANA can click, both ANA and BEN close and pack,
40 pairs of TOTE from Monday 1 March 2027.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from cordwain.domain import BatchStatus, Operation
from cordwain.schedule import Absence, Assignment, BreakSlot, ScheduleProblem, validate
from cordwain.services import ServiceError, scheduling
from cordwain.store import SqlUnitOfWork, snapshot

from .conftest import ARTISANS, MONDAY, TOTE, store_tiny_workshop, style

LIMIT = 1.0  # the greedy plan is kept when the optimiser finds nothing better


def _schedule(url: str, batch: str = "B1", **kw) -> scheduling.ScheduleReport:
    with SqlUnitOfWork(url) as uow:
        report = scheduling.schedule_batch(uow, batch, time_limit=LIMIT, **kw)
        uow.commit()
    return report


def _stored(url: str, batch: str = "B1") -> dict:
    with SqlUnitOfWork(url) as uow:
        return uow.documents.get("schedule", batch)


def _independent_check(url: str, body: dict) -> list:
    """Re-validate the stored rows against a problem built from the hand-made objects."""
    with SqlUnitOfWork(url) as uow:
        batch = uow.batches.get("B1")
    p = body["problem"]
    problem = ScheduleProblem(
        batch=batch,
        styles=[TOTE],
        artisans=ARTISANS,
        start=datetime.fromisoformat(p["start"]),
        working_days=[date.fromisoformat(d) for d in p["working_days"]],
        absences=[Absence(a["artisan"], datetime.fromisoformat(a["start"])) for a in p["absences"]],
    )
    dt = datetime.fromisoformat
    assignments = [
        Assignment(a["task"], a["sku"], a["bundle"], Operation(a["operation"]), a["pairs"],
                   a["artisan"], dt(a["start"]), dt(a["end"]), a["start_minute"],
                   a["end_minute"], a["overtime"])
        for a in body["assignments"]
    ]  # fmt: skip
    breaks = [
        BreakSlot(b["artisan"], date.fromisoformat(b["day"]), b["kind"], dt(b["start"]),
                  dt(b["end"]), b["start_minute"], b["end_minute"], b["paid"])
        for b in body["breaks"]
    ]  # fmt: skip
    return validate(problem, assignments, breaks)


def test_a_stored_schedule_passes_the_independent_check_and_clicking_is_anas(tiny):
    report = _schedule(tiny.url)
    assert report.status in ("optimal", "feasible")
    assert report.pairs == 40
    body = _stored(tiny.url)
    assert _independent_check(tiny.url, body) == []
    clicking = [a for a in body["assignments"] if a["operation"] == "clicking"]
    assert {a["artisan"] for a in clicking} == {"ANA"}  # BEN cannot click
    assert sum(a["pairs"] for a in clicking) == 40
    # Every stored row says who, what, which SKU, how many pairs, when.
    assert {"artisan", "operation", "sku", "pairs", "start", "end"} <= set(clicking[0])
    assert body["breaks"] and body["loads"] and body["jain_index"] is not None
    assert report.completion is not None and report.completion.date() < MONDAY + timedelta(7)


def test_work_orders_cover_every_pair_of_every_operation_once(tiny):
    report = _schedule(tiny.url)
    with SqlUnitOfWork(tiny.url) as uow:
        orders = uow.work_orders.list("B1")
    assert len(orders) == report.work_orders == report.tasks
    for op in ("clicking", "closing", "packing"):
        for sku in ("TOTE-BLK-9", "TOTE-BLK-10"):
            mine = [o for o in orders if o.operation.value == op and o.variant.sku == sku]
            assert sum(o.pairs for o in mine) == 20


def test_scheduling_again_replaces_the_schedule_and_its_work_orders(tiny):
    _schedule(tiny.url)
    again = _schedule(tiny.url)
    with SqlUnitOfWork(tiny.url) as uow:
        assert uow.documents.list("schedule") == ["B1"]
        assert len(uow.work_orders.list("B1")) == again.work_orders


def test_an_operation_nobody_is_skilled_for_is_explained_and_nothing_is_written(workshop_url):
    boot = style("BOOT", [("clicking", 12), ("closing", 25), ("bottoming", 15)])
    store_tiny_workshop(workshop_url, styles=(boot,), batch_code="B2")
    before = snapshot(workshop_url)
    with SqlUnitOfWork(workshop_url) as uow:
        with pytest.raises(ServiceError) as caught:
            scheduling.schedule_batch(uow, "B2", time_limit=LIMIT)
        uow.commit()
    message = str(caught.value)
    assert "Nobody is skilled for bottoming" in message and "BOOT" in message
    assert "INFEASIBLE" not in message.upper().replace("CANNOT BE SCHEDULED", "")
    assert snapshot(workshop_url) == before


@pytest.mark.parametrize("status", [BatchStatus.RELEASED, BatchStatus.CANCELLED])
def test_only_a_planned_or_released_batch_is_scheduled(tiny, status):
    with SqlUnitOfWork(tiny.url) as uow:
        batch = uow.batches.get("B1")
        batch.move_to(status)
        uow.batches.save(batch)
        uow.commit()
    if status is BatchStatus.RELEASED:
        assert _schedule(tiny.url).status in ("optimal", "feasible")
        return
    before = snapshot(tiny.url)
    with pytest.raises(ServiceError, match="B1 is cancelled; only a planned or released"):
        _schedule(tiny.url)
    assert snapshot(tiny.url) == before


def test_an_unknown_batch_is_named(tiny):
    with pytest.raises(ServiceError, match="No batch B9"):
        _schedule(tiny.url, "B9")


def test_repair_after_an_absence_keeps_what_was_done_and_moves_the_absent_artisans_work(tiny):
    _schedule(tiny.url)
    before = _stored(tiny.url)
    bens = sorted(a["start"] for a in before["assignments"] if a["artisan"] == "BEN")
    cut = datetime.fromisoformat(bens[len(bens) // 2])  # BEN goes home in the middle
    with SqlUnitOfWork(tiny.url) as uow:
        rep = scheduling.repair_schedule(uow, "B1", absent="BEN", from_=cut, time_limit=LIMIT)
        uow.commit()
    after = _stored(tiny.url)
    old = {a["task"]: a for a in before["assignments"]}
    new = {a["task"]: a for a in after["assignments"]}
    assert set(new) == set(old)
    started = [k for k, a in old.items() if datetime.fromisoformat(a["start"]) < cut]
    assert started and all(new[k] == old[k] for k in started)  # nobody's past work moves
    for a in new.values():
        if a["artisan"] == "BEN":
            assert datetime.fromisoformat(a["end"]) <= cut
    moved_from_ben = [k for k, a in old.items() if a["artisan"] == "BEN" and k not in started]
    assert moved_from_ben and all(new[k]["artisan"] == "ANA" for k in moved_from_ben)
    assert rep.by_artisan["BEN"]["lost"] == len(moved_from_ben)
    assert rep.by_artisan["ANA"]["gained"] == len(moved_from_ben)
    assert rep.by_artisan["ANA"]["lost"] == 0
    assert "BEN absent" in rep.event
    assert after["problem"]["absences"][0]["artisan"] == "BEN"
    assert after["history"][-1]["changed"] == len(rep.changes)
    assert _independent_check(tiny.url, after) == []


def test_repair_names_an_unknown_artisan_and_writes_nothing(tiny):
    _schedule(tiny.url)
    before = snapshot(tiny.url)
    with SqlUnitOfWork(tiny.url) as uow, pytest.raises(ServiceError, match="No artisan ZOE"):
        scheduling.repair_schedule(uow, "B1", absent="ZOE", from_=datetime(2027, 3, 2, 8))
    assert snapshot(tiny.url) == before


def test_repair_without_a_stored_schedule_says_how_to_make_one(tiny):
    with SqlUnitOfWork(tiny.url) as uow, pytest.raises(ServiceError, match="schedule run B1"):
        scheduling.repair_schedule(uow, "B1", absent="BEN", from_=datetime(2027, 3, 2, 8))


def test_the_day_sheet_lists_that_artisans_tasks_and_breaks(tiny):
    _schedule(tiny.url)
    body = _stored(tiny.url)
    mine = [
        a for a in body["assignments"]
        if a["artisan"] == "ANA" and a["start"].startswith(MONDAY.isoformat())
    ]  # fmt: skip
    with SqlUnitOfWork(tiny.url) as uow:
        text = scheduling.day_sheet(uow, "B1", "ANA", MONDAY)
        page = scheduling.day_sheet(uow, "B1", "ANA", MONDAY, html=True)
    assert "Ana Ruiz (ANA)" in text
    task_lines = [ln for ln in text.splitlines() if " pairs  TOTE-" in ln]
    assert len(task_lines) == len(mine)
    for a in mine:
        assert f"{a['start'][11:16]}-{a['end'][11:16]}" in text
    assert "meal break" in text and "paid rest" in text
    assert "<html>" in page and "meal break" in page


def test_the_gantt_chart_has_a_row_per_artisan(tiny):
    _schedule(tiny.url)
    with SqlUnitOfWork(tiny.url) as uow:
        svg = scheduling.gantt(uow, "B1", "artisan")
        with pytest.raises(ServiceError, match="by artisan or by machine"):
            scheduling.gantt(uow, "B1", "colour")
    assert svg.startswith("<svg") and ">ANA<" in svg and ">BEN<" in svg


def test_settings_default_to_two_sewing_posts_one_skiving_machine_and_california(workshop_url):
    with SqlUnitOfWork(workshop_url) as uow:
        settings = scheduling.schedule_settings(uow)
    caps = {m.code: (tuple(o.value for o in m.operations), m.capacity) for m in settings.machines}
    assert caps == {"SEW": (("closing",), 2), "SKV": (("skiving",), 1)}
    assert settings.rules.meal_minutes == 30 and settings.rules.overtime_daily_cap_minutes == 60


def test_a_bad_settings_document_names_the_field(workshop_url):
    with SqlUnitOfWork(workshop_url) as uow:
        uow.documents.put("workshop-settings", "schedule", {"rules": {"lunch_minutes": 45}})
        with pytest.raises(ServiceError, match="unknown rule 'lunch_minutes'"):
            scheduling.schedule_settings(uow)


def test_preorders_the_next_batch_will_make_are_not_this_batchs_late_promises():
    from cordwain.domain import Batch, BatchLine, PreOrder, Variant

    a, b = Variant("MARA", "BLK", "9"), Variant("MARA", "BLK", "10")
    batch = Batch("B1", date(2026, 12, 7), date(2026, 12, 20), [BatchLine(a, 3)])  # 2 weeks
    placed = date(2026, 11, 1)

    def po(ref, variant, qty, due):
        return PreOrder(ref, variant, qty, placed, due)

    orders = [
        po("P1", a, 2, date(2026, 12, 15)),  # pairs 1–2: made in the batch
        po("P2", a, 2, date(2026, 12, 30)),  # pairs 3–4: the batch reaches its first pair
        po("P3", a, 1, date(2027, 1, 2)),  # not reached, but due before the next batch ends
        po("P4", a, 1, date(2027, 2, 1)),  # not reached, the next batch (to 3 Jan) makes it
        po("P5", b, 1, date(2026, 12, 10)),  # another SKU: not this batch's at all
    ]
    served = scheduling._preorders_served(batch, orders)
    assert [p.reference for p in served] == ["P1", "P2", "P3"]
