"""Labour from artisans' shifts, and the two-stage plan's top-up slot and decision date."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from cordwain.domain import Artisan, Operation, Shift, Variant
from cordwain.plan import (
    BatchProblem,
    Capacity,
    capacity_from_artisans,
    productive_minutes_per_day,
    solve_two_stage,
)


def test_a_californian_shift_loses_its_meal_break_and_rests():
    # 8:00–16:30 is 510 minutes: 30 minutes meal, two 10-minute rests.
    assert productive_minutes_per_day(510) == 460


def test_capacity_counts_working_days_and_relative_pace():
    ana = Artisan("ANA", "Ana", {Operation.CLOSING: 30})
    ben = Artisan(
        "BEN", "Ben", {Operation.CLOSING: 45, Operation.LASTING: 15},
        shift=Shift(("mon", "tue", "wed")),
    )  # fmt: skip
    cap = capacity_from_artisans(
        [ana, ben], date(2025, 3, 3), date(2025, 3, 9), utilisation=1.0, holidays=[]
    )
    minutes = {w.code: w.minutes for w in cap.workers}
    assert minutes == {"ANA": 5 * 460, "BEN": 3 * 460}
    speed = {w.code: w.speed for w in cap.workers}
    assert speed["ANA"][Operation.CLOSING] == pytest.approx(37.5 / 30)
    assert speed["BEN"][Operation.CLOSING] == pytest.approx(37.5 / 45)
    assert speed["BEN"][Operation.LASTING] == pytest.approx(1.0)


def test_weekly_hours_cap_a_long_shift():
    long_days = Artisan("CAL", "Cal", {Operation.CLOSING: 30}, weekly_hours=20)
    cap = capacity_from_artisans([long_days], date(2025, 3, 3), date(2025, 3, 16), utilisation=1)
    assert cap.workers[0].minutes == 2 * 20 * 60


def test_two_stage_holds_back_labour_and_dates_the_top_up_decision():
    v = Variant("MARA", "BLK", "9")
    demand = np.arange(0, 41)[None, :]
    routing = np.zeros((1, len(Operation)))
    routing[0, list(Operation).index(Operation.CLOSING)] = 30
    problem = BatchProblem(
        (v,),
        demand,
        price=[200],
        unit_cost=[80],
        routing=routing,
        capacity=Capacity.per_operation({Operation.CLOSING: 3000}),
    )
    plan = solve_two_stage(
        problem,
        start=date(2025, 3, 3),
        end=date(2025, 3, 28),
        first_ratio=0.3,
        reserve_share=0.25,
        top_up_lead_days=10,
    )
    # 20 working days; the last 5 are kept: the top-up slot opens Monday 24 March and the
    # decision is due 10 days earlier, Friday 14 March.
    assert plan.top_up_start == date(2025, 3, 24)
    assert plan.decision_due == date(2025, 3, 14)
    assert plan.reserved_minutes == pytest.approx(750)
    assert plan.first.quantities[v] == 12  # the 30% quantile of 0..40
    assert plan.single.quantities[v] == 24  # critical ratio 0.6
    assert plan.top_up_up_to == {v: 12}
