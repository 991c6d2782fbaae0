"""The proven makespan bound, the flow dispatcher and the load spread by contract."""

from __future__ import annotations

from cordwain.schedule import jain_index, solve
from cordwain.schedule.bound import makespan_lower_bound
from cordwain.schedule.calendar import calendars, expand_tasks, style_bundle_sizes
from cordwain.schedule.engine import _assemble, _sku_due
from cordwain.schedule.flow import balance, flow_dispatch
from cordwain.schedule.greedy import dispatch


def _plan(placed):
    return {k: (p.artisan, p.start, p.overtime) for k, p in placed.items()}


def test_one_closer_with_one_bundle_per_stretch_is_proven_optimal(shop):
    # 4 pairs x 20 min = 80 min: one bundle per 115-min stretch between breaks, so three
    # bundles end 80 min into the third stretch; the bound must prove exactly that.
    style = shop.style("MARA", [("closing", 20)])
    ana = shop.artisan("ANA", {"closing": 20})
    p = shop.problem([style], [ana], [("MARA-BLK-9", 12)], days=2, bundle_size=4)
    res = solve(p, time_limit=10)
    assert res.feasible and not res.violations
    third = sorted(a.start_minute for a in res.assignments)[2]
    assert res.makespan_minutes == third + 80
    assert res.bound == res.makespan_minutes and res.gap == 0.0


def test_the_bound_never_exceeds_a_real_schedule_with_a_shared_sewing_post(shop):
    style = shop.style("MARA", [("clicking", 10), ("closing", 25), ("lasting", 15, 45)])
    people = [
        shop.artisan("ANA", {"clicking": 10, "closing": 24}),
        shop.artisan("BEN", {"closing": 26, "lasting": 15}),
        shop.artisan("CAL", {"closing": 33, "lasting": 14}),
    ]
    p = shop.problem(
        [style], people, [("MARA-BLK-9", 18), ("MARA-BLK-10", 12)], days=3, bundle_size=3,
        machines=[shop.Machine("SEW", "sewing post", ("closing",), 1)],
    )  # fmt: skip
    cal = calendars(p)
    tasks = expand_tasks(p, style_bundle_sizes(p, cal))
    placed = dispatch(p, tasks, cal, _sku_due(p))
    end = max(x.end for x in placed.values())
    lb = makespan_lower_bound(p, tasks, cal, upper=end, overtime=True, time_limit=20)
    assert 0 < lb <= end
    res = solve(p, time_limit=10)
    assert res.feasible and not res.violations
    assert res.bound is not None and res.bound <= res.makespan_minutes
    # one post: closing alone needs 30 pairs x 24 min of post time after the first cut
    assert res.bound >= 30 * 24


def test_flow_dispatch_and_contract_balancing_keep_every_rule(shop):
    style = shop.style("MARA", [("clicking", 10), ("closing", 25), ("finishing", 8)])
    people = [
        shop.artisan("ANA", {"clicking": 10, "finishing": 8}),
        shop.artisan("BEN", {"closing": 25, "finishing": 9}),
        shop.artisan("CAL", {"closing": 27, "clicking": 11}, weekly_hours=24),
        shop.artisan("DEV", {"finishing": 8, "closing": 30}),
    ]
    p = shop.problem([style], people, [("MARA-BLK-9", 24)], days=3, bundle_size=3)
    cal = calendars(p)
    tasks = expand_tasks(p, style_bundle_sizes(p, cal))
    for rule in ("pressure", "downstream", "fast-posts", "random"):
        placed = flow_dispatch(p, tasks, cal, _sku_due(p), rule=rule, seed=3)
        assert placed is not None
        plan = _plan(placed)
        res = _assemble(p, tasks, cal, plan, status="feasible", method="greedy", stages=[],
                        runtime=0.0, explanations=[])  # fmt: skip
        assert not res.violations, (rule, res.violations)
        fair = balance(p, tasks, cal, plan)
        after = _assemble(p, tasks, cal, fair, status="feasible", method="greedy", stages=[],
                          runtime=0.0, explanations=[])  # fmt: skip
        assert after.makespan_minutes <= res.makespan_minutes
        ratios = [x.utilisation for x in after.loads]
        assert jain_index(ratios) >= jain_index([x.utilisation for x in res.loads]) - 1e-9


def test_first_fit_hands_work_to_the_least_loaded_of_equally_early_artisans(shop):
    style = shop.style("MARA", [("closing", 20)])
    ana = shop.artisan("ANA", {"closing": 20})
    ben = shop.artisan("BEN", {"closing": 20})
    p = shop.problem([style], [ana, ben], [("MARA-BLK-9", 8), ("MARA-BLK-10", 8)], days=1,
                     bundle_size=4)  # fmt: skip
    cal = calendars(p)
    tasks = expand_tasks(p, style_bundle_sizes(p, cal))
    placed = dispatch(p, tasks, cal, {})
    per = {}
    for x in placed.values():
        per[x.artisan] = per.get(x.artisan, 0) + 1
    assert per == {"ANA": 2, "BEN": 2}
