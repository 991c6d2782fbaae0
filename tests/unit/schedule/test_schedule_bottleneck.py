"""The sewing-post bound with whole bundles, and the bottleneck-first plan."""

from __future__ import annotations

from datetime import time

from cordwain.domain import Shift
from cordwain.schedule import solve
from cordwain.schedule.bottleneck import _units, bottleneck_dispatch, machine_pattern_bound
from cordwain.schedule.bound import MakespanBound
from cordwain.schedule.calendar import calendars, expand_tasks, style_bundle_sizes
from cordwain.schedule.engine import _assemble, _sku_due
from cordwain.schedule.flow import flow_dispatch


def _pattern_bound(p, overtime=False):
    cal = calendars(p)
    tasks = expand_tasks(p, style_bundle_sizes(p, cal))
    mb = MakespanBound(p, tasks, cal, overtime=overtime)
    return machine_pattern_bound(
        p, tasks, cal, overtime=overtime, heads=mb.op_heads(), finish_after=mb.finish_after,
        time_limit=20,
    )  # fmt: skip


def test_one_sewing_post_takes_one_whole_bundle_per_stretch_between_breaks(shop):
    # Two closers share one post; a 3-pair bundle takes 78 min of a 115-min stretch, so the
    # post takes one bundle per stretch although it has minutes for 1.5: four bundles a day,
    # the sixth ends 78 min into Tuesday's second stretch (10:05 + 78 min).
    style = shop.style("MARA", [("closing", 26)])
    people = [shop.artisan("ANA", {"closing": 26}), shop.artisan("BEN", {"closing": 26})]
    p = shop.problem(
        [style], people, [("MARA-BLK-9", 18)], days=2, bundle_size=3,
        machines=[shop.Machine("SEW", "sewing post", ("closing",), 1)],
    )  # fmt: skip
    tuesday_second_stretch = 1440 + 10 * 60 + 5
    assert _pattern_bound(p) == tuesday_second_stretch + 78
    res = solve(p, time_limit=20)
    assert res.feasible and not res.violations
    assert res.makespan_minutes == tuesday_second_stretch + 78
    assert res.bound == res.makespan_minutes and res.gap == 0.0


def test_the_post_bound_never_exceeds_a_real_schedule_with_staggered_shifts(shop):
    early = Shift(start=time(7, 30), end=time(16, 0))
    style = shop.style("MARA", [("clicking", 10), ("closing", 26), ("lasting", 14, 45)])
    people = [
        shop.artisan("ANA", {"clicking": 10, "closing": 26}, shift=early),
        shop.artisan("BEN", {"closing": 28, "lasting": 14}),
        shop.artisan("CAL", {"closing": 36, "lasting": 15}),
        shop.artisan("DEV", {"clicking": 11, "lasting": 14}, shift=early),
    ]
    p = shop.problem(
        [style], people, [("MARA-BLK-9", 20), ("MARA-BLK-10", 13)], days=5, bundle_size=3,
        machines=[shop.Machine("SEW", "sewing posts", ("closing",), 1)],
    )  # fmt: skip
    lb = _pattern_bound(p)
    res = solve(p, time_limit=20)
    assert res.feasible and not res.violations
    assert lb is not None and 0 < lb <= res.makespan_minutes
    assert res.bound is not None and res.bound <= res.makespan_minutes


def test_bottleneck_first_plan_books_the_post_and_keeps_every_rule(shop):
    early = Shift(start=time(7, 30), end=time(16, 0))
    style = shop.style(
        "MARA", [("clicking", 10), ("closing", 26), ("lasting", 14, 45), ("packing", 2)]
    )
    people = [
        shop.artisan("ANA", {"clicking": 10, "packing": 2}, shift=early),
        shop.artisan("BEN", {"closing": 26, "lasting": 14}),
        shop.artisan("CAL", {"closing": 27, "lasting": 15}, shift=early),
        shop.artisan("DEV", {"lasting": 14, "packing": 2}),
    ]
    p = shop.problem(
        [style], people, [("MARA-BLK-9", 22), ("MARA-BLK-10", 14)], days=5, bundle_size=3,
        machines=[shop.Machine("SEW", "sewing post", ("closing",), 1)],
    )  # fmt: skip
    cal = calendars(p)
    tasks = expand_tasks(p, style_bundle_sizes(p, cal))
    mb = MakespanBound(p, tasks, cal, overtime=False)
    booked = bottleneck_dispatch(
        p, tasks, cal, _sku_due(p), heads=mb.op_heads(), offset=30, time_limit=20
    )
    assert booked is not None
    # every closing booked, each after its bundle was cut
    closing = [t for t in tasks if t.operation.value == "closing"]
    assert sum(t.key in booked for t in closing) >= len(closing) - 2
    for t in closing:
        if t.key in booked:
            cut = booked.get(t.key.replace("/closing", "/clicking"))
            assert cut is not None and cut[2] <= booked[t.key][1]
    placed = flow_dispatch(p, tasks, cal, _sku_due(p), fixed=booked)
    assert placed is not None and len(placed) == len(tasks)
    plan = {k: (x.artisan, x.start, x.overtime) for k, x in placed.items()}
    res = _assemble(p, tasks, cal, plan, status="feasible", method="greedy", stages=[],
                    runtime=0.0, explanations=[])  # fmt: skip
    assert not res.violations, res.violations[:3]


def test_the_coarse_clock_widens_windows_for_the_bound_and_narrows_them_for_a_plan():
    # A 78-minute bundle in the stretch 8:00-9:55 on a 5-minute clock.
    lo, hi = 8 * 60, 9 * 60 + 55
    assert _units(lo, hi, 78, 5, relax=True) == (96, 119, 15)  # may start 8:00, takes 75
    assert _units(lo, hi, 78, 5, relax=False) == (96, 119, 16)  # takes 80: always fits
    assert _units(lo + 3, hi - 3, 52, 5, relax=True) == (96, 118, 10)
    assert _units(lo + 3, hi - 3, 52, 5, relax=False) == (97, 118, 11)
