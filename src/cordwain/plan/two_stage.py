"""Two-stage planning ("accurate response"): a cautious first batch now, and labour held back
for a top-up once early sales and pre-orders have been seen."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from cordwain.domain import Variant

from ._model import evaluate, reduce_scenarios
from .problem import BatchProblem, Capacity, WorkTime, working_days
from .solve import BatchResult, solve


@dataclass(frozen=True)
class TwoStagePlan:
    """The first batch, the slot kept free for a top-up, and when the top-up must be decided.

    ``top_up_up_to`` is what a single plan at the workshop's real economics would add on top
    of the first batch: the most the top-up is expected to need. ``decision_due`` is the last
    day to decide the top-up so its materials (longest lead time ``top_up_lead_days``) arrive
    by ``top_up_start``.
    """

    first: BatchResult
    single: BatchResult
    first_ratio: float
    reserve_share: float
    reserved_minutes: float
    top_up_start: date
    decision_due: date
    top_up_up_to: dict[Variant, int]
    notes: tuple[str, ...]


def _previous_working_day(day: date, weekdays: tuple[str, ...]) -> date:
    for back in range(8):
        d = day - timedelta(days=back)
        if working_days(d, d, weekdays):
            return d
    return day


def solve_two_stage(
    problem: BatchProblem,
    *,
    start: date,
    end: date,
    first_ratio: float = 0.5,
    reserve_share: float = 0.3,
    top_up_lead_days: int = 0,
    weekdays: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri"),
    time_limit: float = 30.0,
    seed: int = 0,
    mip_gap: float = 0.01,
) -> TwoStagePlan:
    """Plan a first batch at critical ratio ``first_ratio`` in the first ``1 − reserve_share``
    of the window's labour, keeping the last ``reserve_share`` of working days for a top-up.

    The first batch is made more cautious by raising the cost of an unsold pair until each
    variant's critical ratio (price − cost) ÷ (price − salvage + penalty) is at most
    ``first_ratio`` — never lowering what the workshop already charges for waste.
    """
    if not 0 < first_ratio < 1:
        raise ValueError(f"first_ratio must be in (0, 1), got {first_ratio}")
    if not 0 < reserve_share < 1:
        raise ValueError(f"reserve_share must be in (0, 1), got {reserve_share}")
    if top_up_lead_days < 0:
        raise ValueError("top_up_lead_days cannot be negative")
    days = working_days(start, end, weekdays)
    if len(days) < 2:
        raise ValueError(f"the window {start}..{end} has fewer than two working days")
    first_days = min(len(days) - 1, max(1, math.floor(len(days) * (1 - reserve_share))))
    top_up_start = days[first_days]
    kept = first_days / len(days)

    p = problem
    margin = p.price - p.unit_cost
    cautious = np.maximum(p.waste_penalty, margin / first_ratio - (p.price - p.salvage))
    capacity = None
    reserved = 0.0
    if p.capacity is not None:
        capacity = Capacity(
            tuple(WorkTime(w.code, w.minutes * kept, w.speed) for w in p.capacity.workers)
        )
        reserved = sum(w.minutes for w in p.capacity.workers) * (1 - kept)
    first_problem = dataclasses.replace(p, waste_penalty=cautious, capacity=capacity)
    first = solve(first_problem, time_limit=time_limit / 2, seed=seed, mip_gap=mip_gap)
    single = solve(p, time_limit=time_limit / 2, seed=seed, mip_gap=mip_gap)
    notes = []
    up_to: dict[Variant, int] = {}
    if first.status != "infeasible":
        # Report the first batch at the real economics, so its figures compare with the
        # single plan.
        first = _reprice(p, first, seed)
        for v in p.variants:
            extra = single.quantities.get(v, 0) - first.quantities.get(v, 0)
            if extra > 0:
                up_to[v] = extra
    due = _previous_working_day(top_up_start - timedelta(days=top_up_lead_days), weekdays)
    if due < start:
        notes.append(
            f"the top-up decision would be due on {due}, before the batch starts: materials "
            f"with a {top_up_lead_days}-day lead time must be ordered with the first batch"
        )
    return TwoStagePlan(
        first=first,
        single=single,
        first_ratio=first_ratio,
        reserve_share=1 - kept,
        reserved_minutes=reserved,
        top_up_start=top_up_start,
        decision_due=due,
        top_up_up_to=up_to,
        notes=tuple(notes),
    )


def _reprice(problem: BatchProblem, result: BatchResult, seed: int) -> BatchResult:
    """The first batch's objective under the workshop's real waste penalty (expected sales,
    unsold pairs and margin do not depend on the penalty; the objective does)."""
    red = reduce_scenarios(problem, seed)
    q = np.array([result.quantities[v] for v in problem.variants], dtype=float)
    ev = evaluate(problem, red, q)
    demand = float(ev.demand.sum())
    return dataclasses.replace(
        result,
        objective=ev.objective,
        expected_sold=float(ev.sold.sum()),
        expected_unsold=float(ev.unsold.sum()),
        fill_rate=float(ev.sold.sum() / demand) if demand > 0 else 1.0,
        expected_margin=float(ev.margin.sum()),
    )
