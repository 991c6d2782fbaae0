"""The hide search from several seeds at once, the ranking of their plans, and the angles
that square up a piece drawn askew; small hand-made cases."""

from __future__ import annotations

import dataclasses
import math

from cordwain.nest import ItemType, NestProblem, Sheet, solve, validate
from cordwain.nest import engine as engine_mod
from cordwain.nest.engine import _Nester, _rank


def rect(w: float, h: float, x: float = 0.0, y: float = 0.0):
    return ((x, y), (x + w, y), (x + w, y + h), (x, y + h))


def two_hides_of_two_squares() -> NestProblem:
    # Each 210 x 110 hide holds two 100 x 100 squares side by side and no third: four
    # squares need exactly two hides.
    return NestProblem(
        sheets=(Sheet("A", rect(210, 110)), Sheet("B", rect(210, 110)), Sheet("C", rect(210, 110))),
        items=(ItemType("SQ", rect(100, 100), demand=4),),
        gap=2.0,
        rotation_step_deg=90.0,
        resolution=5.0,
    )


def test_a_search_from_two_seeds_in_two_processes_returns_the_best_sound_plan(monkeypatch):
    monkeypatch.setattr(engine_mod, "MULTI_START_MIN_S", 0.0)
    prob = two_hides_of_two_squares()
    res = solve(prob, time_limit=3.0, seed=1, workers=2)
    assert res.status == "complete" and res.violations == ()
    assert res.hides_used == 2 and len(res.placements) == 4
    assert validate(prob, res.placements, res.unplaced) == []
    # Both searches ran: each counts at least its first plan.
    assert res.iterations >= 2


def test_a_plan_that_breaks_a_rule_ranks_after_any_sound_one_even_with_fewer_hides():
    prob = two_hides_of_two_squares()
    good = solve(prob, time_limit=1.0, seed=1)
    assert good.hides_used == 2
    # All four squares stacked on one hide: one hide fewer, but they overlap.
    first = good.placements[0]
    stacked = tuple(
        dataclasses.replace(p, sheet_id=first.sheet_id, x=first.x, y=first.y, angle=first.angle)
        for p in good.placements
    )
    one = dataclasses.replace(good.usage[0], pieces=4, piece_area=4 * 100 * 100)
    bad = dataclasses.replace(good, placements=stacked, usage=(one,), violations=())
    assert _rank(prob, bad) > _rank(prob, good)
    assert _rank(prob, good)[0] is False


def test_a_piece_drawn_askew_is_also_tried_squared_up_and_then_fits_a_tight_hide():
    # A 100 x 40 strip drawn turned by 20 degrees, on a 104 x 44 hide: no multiple of 45
    # degrees gets it in, squared up it fits.
    a = math.radians(20.0)
    c, s = math.cos(a), math.sin(a)
    askew = tuple((x * c - y * s, x * s + y * c) for x, y in rect(100, 40))
    prob = NestProblem(
        sheets=(Sheet("H", rect(104, 44)),),
        items=(ItemType("STRIP", askew, demand=1),),
        gap=0.0,
        rotation_step_deg=45.0,
        resolution=1.0,
    )
    extra = engine_mod.square_angles(prob.items[0], [k * 45.0 for k in range(8)])
    assert sorted(round(x) for x in extra) == [70, 160, 250, 340]
    res = solve(prob, time_limit=2.0, seed=1)
    assert res.status == "complete" and res.violations == ()
    assert round(res.placements[0].angle) % 180 == 160


def test_the_trials_of_a_sheet_keep_a_full_layout_and_hand_back_the_rest():
    prob = two_hides_of_two_squares()
    n = _Nester(prob, seed=2)
    copies = n.copies(0.0)
    st, rest = n.fill_best(n.by_id["A"], copies, trials=4, deadline=math.inf)
    assert len(st.pieces) == 2 and len(rest) == 2
