"""Fairness: load against contracted time over the days a schedule uses, and the makespan
slack a workshop may give up for it (hand-made cases whose fair answer is known)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time

import pytest

from cordwain.domain import Shift
from cordwain.schedule import HumaneRules, Machine, jain_index, solve
from cordwain.schedule.calendar import (
    calendars,
    contract_minutes,
    expand_tasks,
    style_bundle_sizes,
)
from cordwain.schedule.engine import _rank

from .conftest import MONDAY

EIGHT = datetime.combine(MONDAY, time(8, 0))


def test_contract_counts_a_days_share_of_the_week_for_the_days_the_schedule_uses(shop):
    style = shop.style("MARA", [("closing", 20)])
    full = shop.artisan("ANA", {"closing": 20})
    part = shop.artisan(
        "BEN", {"closing": 20}, weekly_hours=32,
        shift=Shift(("mon", "tue", "wed", "thu"), time(8, 0), time(16, 30)),
    )  # fmt: skip
    p = shop.problem([style], [full, part], [("MARA-BLK-9", 4)], days=5)
    cal = calendars(p)
    assert contract_minutes(full, cal["ANA"]) == 5 * 8 * 60
    assert contract_minutes(part, cal["BEN"]) == 4 * 8 * 60
    # A schedule that ends on Tuesday afternoon uses two days of each contract, not the week.
    tuesday_noon = 24 * 60 + 12 * 60
    assert contract_minutes(full, cal["ANA"], tuesday_noon) == 2 * 8 * 60
    assert contract_minutes(part, cal["BEN"], tuesday_noon) == 2 * 8 * 60


def test_two_identical_artisans_and_even_work_share_it_exactly(shop):
    style = shop.style("MARA", [("closing", 20)])
    people = [shop.artisan("ANA", {"closing": 20}), shop.artisan("BEN", {"closing": 20})]
    p = shop.problem([style], people, [("MARA-BLK-9", 8), ("MARA-BLK-10", 8)], days=2,
                     start=EIGHT)  # fmt: skip
    res = solve(p, time_limit=10)
    assert res.feasible and not res.violations
    minutes = {x.artisan_code: x.minutes for x in res.loads}
    assert minutes == {"ANA": 160, "BEN": 160}
    assert res.jain_index == pytest.approx(1.0)


def test_work_off_the_critical_path_is_shared_between_equal_hands(shop):
    # Only ANA cuts, so the makespan is set by her; who closes does not change it, and the
    # two identical closers should get half each.
    style = shop.style("MARA", [("clicking", 10), ("closing", 5)])
    people = [
        shop.artisan("ANA", {"clicking": 10}),
        shop.artisan("BEN", {"closing": 5}),
        shop.artisan("CAL", {"closing": 5}),
    ]
    p = shop.problem([style], people, [("MARA-BLK-9", 16), ("MARA-BLK-10", 16)], days=2,
                     start=EIGHT)  # fmt: skip
    res = solve(p, time_limit=10)
    assert res.feasible and not res.violations
    minutes = {x.artisan_code: x.minutes for x in res.loads}
    assert minutes["BEN"] == minutes["CAL"] == 80


def _one_post(shop, slack: float):
    style = shop.style("MARA", [("closing", 10)])
    people = [shop.artisan("FAST", {"closing": 10}), shop.artisan("SLOW", {"closing": 20})]
    return shop.problem(
        [style], people, [("MARA-BLK-9", 10), ("MARA-BLK-10", 10)], days=1, bundle_size=2,
        machines=[Machine("SEW", "sewing post", ("closing",), 1)], start=EIGHT,
        rules=HumaneRules(makespan_slack=slack),
    )  # fmt: skip


def test_strict_order_gives_the_slow_hand_only_what_costs_the_post_nothing(shop):
    # Between the start and the first rest (115 min) the post fits five 20-min bundles of
    # FAST's or three of his and one 40-min bundle of SLOW's: the same finish, fairer.
    res = solve(_one_post(shop, 0.0), time_limit=10)
    assert res.feasible and not res.violations
    assert res.makespan_minutes == res.bound  # proven: the order stayed strict
    minutes = {x.artisan_code: x.minutes for x in res.loads}
    assert minutes == {"FAST": 180, "SLOW": 40}
    assert not any("makespan_allowed" in s for s in res.stages)


def test_makespan_slack_buys_fairness_within_the_stated_tolerance(shop):
    strict = solve(_one_post(shop, 0.0), time_limit=10)
    loose = solve(_one_post(shop, 0.15), time_limit=10)
    assert loose.feasible and not loose.violations
    stage = next(s for s in loose.stages if s.get("stage") == "fairness")
    assert stage["makespan_slack"] == 0.15
    assert stage["makespan_best"] == strict.makespan_minutes
    assert stage["makespan_allowed"] == strict.makespan_minutes + int(
        strict.makespan_minutes * 0.15
    )
    # The slow hand takes some bundles; the post finishes later, but within the allowance.
    minutes = {x.artisan_code: x.minutes for x in loose.loads}
    assert minutes["SLOW"] > 0
    assert strict.makespan_minutes < loose.makespan_minutes <= stage["makespan_allowed"]
    assert loose.jain_index > strict.jain_index
    # The gap is against the proven bound, so the slack shows in it.
    given_up = (loose.makespan_minutes - strict.makespan_minutes) / loose.makespan_minutes
    assert loose.gap == pytest.approx(given_up, abs=1e-4)


def test_a_makespan_slack_outside_reason_is_refused():
    with pytest.raises(ValueError, match="makespan_slack"):
        HumaneRules(makespan_slack=0.8)
    assert replace(HumaneRules(), makespan_slack=0.02).makespan_slack == 0.02


def test_jain_over_ratios_is_scale_free():
    assert jain_index([0.2, 0.4]) == pytest.approx(jain_index([0.5, 1.0]))


def test_plans_ending_within_the_slack_are_ranked_by_fairness(shop):
    style = shop.style("MARA", [("closing", 10)])
    people = [shop.artisan("ANA", {"closing": 10}), shop.artisan("BEN", {"closing": 10})]
    p = shop.problem([style], people, [("MARA-BLK-9", 4)], days=1, bundle_size=2, start=EIGHT)
    cal = calendars(p)
    tasks = expand_tasks(p, style_bundle_sizes(p, cal))
    keys = [t.key for t in tasks]
    alone = {keys[0]: ("ANA", 0, False), keys[1]: ("ANA", 20, False)}  # ends at 40, unfair
    shared = {keys[0]: ("ANA", 0, False), keys[1]: ("BEN", 25, False)}  # ends at 45, fair
    assert _rank(p, tasks, alone, [], cal) < _rank(p, tasks, shared, [], cal)
    assert _rank(p, tasks, shared, [], cal, 45) < _rank(p, tasks, alone, [], cal, 45)
    assert _rank(p, tasks, alone, [], cal, 44) < _rank(p, tasks, shared, [], cal, 44)
