"""Plain-language reasons why a batch cannot be planned, or why a colourway was left out."""

from __future__ import annotations

import numpy as np

from ._model import LabourSplit, Reduced, evaluate, marginal_gain
from .problem import BatchProblem

_EPS = 1e-7


def _material_name(problem: BatchProblem, m: int) -> str:
    code, size = problem.material_keys[m]
    return code if size is None else f"{code} size {size}"


def _amount(problem: BatchProblem, m: int, qty: float) -> str:
    unit = problem.material_units.get(problem.material_keys[m][0], "")
    return f"{qty:,.1f} {unit}".rstrip()


def _minimum_of(problem: BatchProblem, c: str, *, forced: bool) -> np.ndarray:
    """The fewest pairs colourway ``c`` can be made in: pre-orders, core sizes, minimum run.

    Extra pairs to reach the minimum run go to the variant with the fewest routing minutes.
    """
    p = problem
    idx = p.colourways[c]
    q = np.zeros(p.n_variants)
    q[idx] = p.firm[idx]
    for v in p.core_indices(c):
        q[v] = max(q[v], 1)
    short = int(p.min_run.get(c, 0)) - q[idx].sum()
    if short > 0:
        cheapest = min(idx, key=lambda v: (p.routing[v].sum(), p.material_use[v].sum()))
        q[cheapest] += short
    if not forced:
        q[idx] = np.maximum(q[idx], 0)
    return q


def _why(problem: BatchProblem, c: str, q: np.ndarray) -> str:
    idx = problem.colourways[c]
    m = int(problem.min_run.get(c, 0))
    total = int(q[idx].sum())
    firm = int(problem.firm[idx].sum())
    if m > 0 and total == m and m > firm:
        return f"minimum run of {m} pairs for {c}"
    if firm and total == firm:
        return f"open pre-orders of {firm} pairs for {c}"
    return f"{total} pairs for {c} (pre-orders, core sizes and minimum run)"


def _limits_alone(problem: BatchProblem, c: str, q: np.ndarray) -> list[str]:
    """Messages for any single operation or material that cannot take ``q`` on its own."""
    p = problem
    out = []
    what = _why(p, c, q)
    cap = p.capacity
    for j, op in enumerate(p.operations):
        need = float(p.routing[:, j] @ q)
        if need <= _EPS:
            continue
        avail = cap.max_minutes(op) if cap is not None else 0.0
        if avail <= 0:
            out.append(f"no artisan can do {op.value}, which the {what} needs")
        elif need > avail + _EPS:
            verb = "need" if what.startswith("open pre-orders") else "needs"
            out.append(
                f"{what} {verb} {need:,.0f} {op.value} minutes but only {avail:,.0f} are available"
            )
    for m in range(len(p.material_keys)):
        need = float(p.material_use[:, m] @ q)
        if need > p.material_available[m] + _EPS:
            verb = "need" if what.startswith("open pre-orders") else "needs"
            out.append(
                f"{what} {verb} {_amount(p, m, need)} of {_material_name(p, m)} but only "
                f"{_amount(p, m, p.material_available[m])} are on hand or arriving in time"
            )
    return out


def diagnose_forced(problem: BatchProblem) -> list[str]:
    """Why the must-make pairs (pre-orders, and the runs they force) cannot be made."""
    p = problem
    total = p.firm.astype(float).copy()
    reasons: list[str] = []
    for c, idx in p.colourways.items():
        if p.firm[idx].sum() <= 0:
            continue
        q = _minimum_of(p, c, forced=True)
        total[idx] = q[idx]
        reasons += _limits_alone(p, c, q)
    if reasons:
        return reasons
    # Each colourway fits alone: look at them together.
    if p.capacity is not None:
        load = p.routing.T @ total
        for j, op in enumerate(p.operations):
            avail = p.capacity.max_minutes(op)
            if load[j] > avail + _EPS:
                reasons.append(
                    f"pre-orders and minimum runs together need {load[j]:,.0f} {op.value} "
                    f"minutes but only {avail:,.0f} are available"
                )
        if not reasons and LabourSplit(p).split(load) is None:
            ops = [f"{op.value} {load[j]:,.0f}" for j, op in enumerate(p.operations) if load[j] > 0]
            minutes = sum(w.minutes for w in p.capacity.workers)
            reasons.append(
                "pre-orders and minimum runs together need more labour than the artisans "
                f"have: {', '.join(ops)} standard minutes against {minutes:,.0f} minutes of "
                "work time, shared by people who cannot all do every operation"
            )
    used = p.material_use.T @ total
    for m in range(len(p.material_keys)):
        if used[m] > p.material_available[m] + _EPS:
            reasons.append(
                f"pre-orders and minimum runs together need {_amount(p, m, used[m])} of "
                f"{_material_name(p, m)} but only {_amount(p, m, p.material_available[m])} "
                "are on hand or arriving in time"
            )
    if not reasons:
        reasons.append(
            "the pre-orders and the minimum runs they force cannot all be made with this "
            "labour and these materials"
        )
    return reasons


def explain_min_run(problem: BatchProblem, red: Reduced, c: str) -> str | None:
    """Why colourway ``c`` with a minimum run was left out (None if nobody would buy it)."""
    p = problem
    idx = p.colourways[c]
    m = int(p.min_run.get(c, 0))
    q = np.zeros(p.n_variants)
    for v in idx:
        while marginal_gain(p, red, v, p.free_stock[v] + q[v] - p.firm[v]) > _EPS:
            q[v] += 1
    wanted = int(q[idx].sum())
    if wanted == 0:
        return None
    alone = _limits_alone(p, c, _minimum_of(p, c, forced=False))
    if alone:
        return f"{c} is not made: " + "; ".join(alone)
    mean = float(sum(red.values[v] @ red.weights[v] for v in idx))
    # Compare the colourway made at its run rules with not made at all.
    qa = q.copy()
    for v in p.core_indices(c):
        qa[v] = max(qa[v], 1)
    while qa[idx].sum() < m:
        best = max(idx, key=lambda v: marginal_gain(p, red, v, p.free_stock[v] + qa[v]))
        qa[best] += 1
    ev = evaluate(p, red, qa)
    value = float((ev.margin - p.waste_penalty * ev.unsold)[idx].sum())
    if value <= 0:
        return (
            f"{c} is not made: expected demand of {mean:,.1f} pairs does not carry its "
            f"minimum run of {m} pairs (it would be worth making {wanted})"
        )
    return (
        f"{c} is not made: its minimum run of {m} pairs earns less than the other "
        "colourways competing for the same artisans and materials"
    )
