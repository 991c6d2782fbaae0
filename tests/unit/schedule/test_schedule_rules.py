"""Hard rules of the workshop schedule on tiny hand-made cases."""

from __future__ import annotations

from datetime import date, datetime, time

from cordwain.schedule import solve, validate


def test_lasting_waits_for_closing_and_bottoming_waits_for_cement_to_dry(shop):
    style = shop.style("MARA", [("closing", 20), ("lasting", 15, 90), ("bottoming", 10)])
    ana = shop.artisan("ANA", {"closing": 20, "lasting": 15, "bottoming": 10})
    ben = shop.artisan("BEN", {"closing": 20, "lasting": 15, "bottoming": 10})
    res = solve(shop.problem([style], [ana, ben], [("MARA-BLK-9", 4)], days=2), time_limit=10)
    assert res.feasible and not res.violations
    by = {(a.bundle, a.operation.value): a for a in res.assignments}
    for b in {a.bundle for a in res.assignments}:
        assert by[(b, "lasting")].start_minute >= by[(b, "closing")].end_minute
        assert by[(b, "bottoming")].start_minute >= by[(b, "lasting")].end_minute + 90


def test_a_trainee_takes_their_own_slower_time(shop):
    style = shop.style("MARA", [("closing", 20)])
    trainee = shop.artisan("TIA", {"closing": 26})
    res = solve(shop.problem([style], [trainee], [("MARA-BLK-9", 2)], days=1), time_limit=5)
    assert res.feasible
    (a,) = res.assignments
    assert a.artisan_code == "TIA" and a.minutes == 52


def test_meal_break_comes_before_the_fifth_hour_and_no_task_spans_a_break(shop):
    style = shop.style("MARA", [("closing", 25)])
    ana = shop.artisan("ANA", {"closing": 25})
    p = shop.problem([style], [ana], [("MARA-BLK-9", 16)], days=2, bundle_size=3)
    res = solve(p, time_limit=10)
    assert res.feasible and not res.violations
    meals = [b for b in res.breaks if b.kind == "meal"]
    assert meals and all(b.start.time() <= time(13, 0) for b in meals)  # shift starts 8:00
    for task in res.assignments:
        for br in res.breaks:
            assert task.end_minute <= br.start_minute or task.start_minute >= br.end_minute


def test_no_one_works_more_than_eight_hours_a_day_or_past_their_shift(shop):
    style = shop.style("MARA", [("closing", 30)])
    ana = shop.artisan("ANA", {"closing": 30})
    res = solve(shop.problem([style], [ana], [("MARA-BLK-9", 24)], days=5), time_limit=10)
    assert res.feasible and not res.violations
    per_day: dict[date, int] = {}
    for a in res.assignments:
        per_day[a.start.date()] = per_day.get(a.start.date(), 0) + a.minutes
        assert a.end.time() <= time(16, 30)
    assert max(per_day.values()) <= 480


def test_an_artisan_who_did_not_opt_in_never_gets_overtime(shop):
    style = shop.style("MARA", [("closing", 30)])
    ana = shop.artisan("ANA", {"closing": 30}, overtime_opt_in=False)
    ben = shop.artisan("BEN", {"closing": 30}, overtime_opt_in=True)
    # Each fits 12 pairs in a normal day (four 115-min stretches); 26 pairs need 2 more,
    # which only BEN may do, in his one hour of overtime.
    rules = shop.HumaneRules(max_same_operation_minutes=None)
    p = shop.problem([style], [ana, ben], [("MARA-BLK-9", 26)], days=1, bundle_size=1, rules=rules)
    res = solve(p, time_limit=10)
    assert res.feasible and not res.violations
    assert all(not a.overtime for a in res.assignments if a.artisan_code == "ANA")
    assert all(a.end.time() <= time(16, 30) for a in res.assignments if a.artisan_code == "ANA")
    ben_load = next(x for x in res.loads if x.artisan_code == "BEN")
    assert res.overtime_minutes == ben_load.overtime_minutes == 60
    assert ben_load.overtime_cost == 60 / 60 * 25.0 * 1.5


def test_a_single_skiving_machine_forces_skivers_to_take_turns(shop):
    style = shop.style("MARA", [("skiving", 20)])
    skivers = [shop.artisan(c, {"skiving": 20}) for c in ("ANA", "BEN", "CAL")]
    machine = shop.Machine("SKV", "skiving machine", ("skiving",), 1)
    p = shop.problem([style], skivers, [("MARA-BLK-9", 9)], days=2, machines=[machine])
    res = solve(p, time_limit=10)
    assert res.feasible and not res.violations
    spans = sorted((a.start_minute, a.end_minute) for a in res.assignments)
    assert all(b[0] >= a[1] for a, b in zip(spans, spans[1:], strict=False))


def test_a_promise_that_cannot_be_kept_is_flagged_late(shop):
    style = shop.style("MARA", [("closing", 30), ("packing", 5)])
    ana = shop.artisan("ANA", {"closing": 30, "packing": 5})
    tight = shop.pre_order("PO-1", "MARA-BLK-9", 20, date(2027, 3, 1))  # 20 pairs in a day: no
    p = shop.problem([style], [ana], [("MARA-BLK-9", 20)], days=5, pre_orders=[tight])
    res = solve(p, time_limit=10)
    assert res.feasible and not res.violations
    (outcome,) = res.promises
    assert outcome.late and outcome.minutes_late > 0 and res.late_promises == (outcome,)


def test_the_validator_catches_a_hand_broken_schedule(shop):
    style = shop.style("MARA", [("closing", 20), ("lasting", 15)])
    ana = shop.artisan("ANA", {"closing": 20, "lasting": 15})
    p = shop.problem([style], [ana], [("MARA-BLK-9", 2)], days=1)
    res = solve(p, time_limit=5)
    assert not validate(p, res.assignments, res.breaks)
    closing = next(a for a in res.assignments if a.operation.value == "closing")
    lasting = next(a for a in res.assignments if a.operation.value == "lasting")
    # Move lasting before closing, onto the meal break.
    meal = next(b for b in res.breaks if b.kind == "meal")
    broken_start = meal.start_minute - 5
    moved = type(lasting)(**{
        **{f: getattr(lasting, f) for f in lasting.__dataclass_fields__},
        "start_minute": broken_start, "end_minute": broken_start + lasting.minutes,
        "start": p.moment(broken_start), "end": p.moment(broken_start + lasting.minutes),
    })  # fmt: skip
    broken = [a for a in res.assignments if a is not lasting] + [moved]
    if moved.start_minute >= closing.end_minute:
        broken = [moved if a is lasting else a for a in res.assignments]
    rules = {v.rule for v in validate(p, broken, res.breaks)}
    assert "break" in rules
    assert datetime  # imported for readability of the case above
