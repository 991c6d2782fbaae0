"""Fabric rolls: spyrrow behind our interface, always re-checked."""

from __future__ import annotations

from cordwain.nest import RollItem, RollProblem, solve_roll, solve_roll_shelf
from cordwain.nest.rolls import RollPlacement, check_roll


def lining_problem() -> RollProblem:
    return RollProblem(
        width=1400.0,
        items=(
            RollItem("LINING_VAMP", ((0, 0), (300, 0), (320, 120), (0, 150)), 6),
            RollItem("LINING_QUARTER", ((0, 0), (250, 0), (250, 90), (0, 90)), 8, None),
        ),
    )


def test_the_roll_plan_cuts_every_lining_inside_the_roll():
    res = solve_roll(lining_problem(), time_limit=1, seed=3)
    assert res.status == "complete" and res.violations == ()
    assert len(res.placements) == 14
    assert res.bound <= res.objective and 0 < res.density <= 1


def test_the_shelf_baseline_is_valid_but_uses_more_roll():
    prob = lining_problem()
    shelf = solve_roll_shelf(prob)
    assert shelf.violations == () and len(shelf.placements) == 14
    assert solve_roll(prob, time_limit=1, seed=3).objective <= shelf.objective + 1e-6


def test_the_roll_check_flags_an_overlap():
    prob = RollProblem(100.0, (RollItem("TAB", ((0, 0), (10, 0), (10, 10), (0, 10)), 2),))
    sq = ((0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0))
    problems = check_roll(prob, [RollPlacement("TAB", 0, 0, 0, sq)] * 2, 10.0)
    assert any("overlap" in p for p in problems)
