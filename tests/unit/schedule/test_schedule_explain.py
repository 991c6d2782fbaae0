"""Impossible plans are explained in the workshop's words, naming the rule and who/what."""

from __future__ import annotations

from datetime import date

from cordwain.schedule import HumaneRules, solve


def test_an_operation_nobody_is_skilled_for_is_named(shop):
    style = shop.style("MARA", [("closing", 20), ("bottoming", 10)])
    ana = shop.artisan("ANA", {"closing": 20})
    res = solve(shop.problem([style], [ana], [("MARA-BLK-9", 2)]), time_limit=5)
    assert res.status == "infeasible"
    (why,) = [e for e in res.explanations if e.blocking]
    assert why.rule == "skill" and "bottoming" in why.message and "MARA" in why.message


def test_a_calendar_with_no_working_time_is_explained(shop):
    style = shop.style("MARA", [("closing", 20)])
    weekend = shop.artisan("ANA", {"closing": 20}, shift=shop.Shift(days=("sat", "sun")))
    res = solve(shop.problem([style], [weekend], [("MARA-BLK-9", 2)]), time_limit=5)
    assert res.status == "infeasible"
    assert any(e.rule == "calendar" and "ANA" in e.message for e in res.explanations)
    assert any(e.rule == "calendar" and e.blocking for e in res.explanations)


def test_a_promise_due_before_the_batch_can_start_is_explained(shop):
    style = shop.style("MARA", [("closing", 20)])
    ana = shop.artisan("ANA", {"closing": 20})
    early = shop.pre_order("PO-7", "MARA-BLK-9", 2, date(2027, 2, 26))
    hard = HumaneRules(promises_are_hard=True)
    p = shop.problem([style], [ana], [("MARA-BLK-9", 2)], pre_orders=[early], rules=hard)
    res = solve(p, time_limit=5)
    assert res.status == "infeasible"
    (why,) = [e for e in res.explanations if e.blocking]
    assert why.rule == "promise" and "PO-7" in why.message and "before" in why.message


def test_a_pair_longer_than_any_stretch_between_breaks_is_explained(shop):
    style = shop.style("BOOT", [("closing", 150)])
    ana = shop.artisan("ANA", {"closing": 150})
    res = solve(shop.problem([style], [ana], [("BOOT-BRN-9", 1)]), time_limit=5)
    assert res.status == "infeasible"
    assert any(e.rule == "breaks" and "closing" in e.message for e in res.explanations)


def test_too_much_of_one_operation_for_the_rotation_limit_is_explained(shop):
    style = shop.style("MARA", [("closing", 25)])
    ana = shop.artisan("ANA", {"closing": 25})
    res = solve(shop.problem([style], [ana], [("MARA-BLK-9", 16)], days=1), time_limit=10)
    assert res.status == "infeasible"
    assert any(e.rule == "rotation" and "closing" in e.message for e in res.explanations)
