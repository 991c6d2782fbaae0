"""Batch sizing: the exact sample-average integer program (HiGHS) and the marginal-greedy
newsvendor that is its baseline and fallback."""

from __future__ import annotations

import heapq
import time
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from cordwain.domain import Variant

from ._model import LabourSplit, Reduced, evaluate, marginal_gain, reduce_scenarios
from .diagnose import diagnose_forced, explain_min_run
from .problem import BatchProblem, colourway_of

_EPS = 1e-7


@dataclass(frozen=True, slots=True)
class VariantPlan:
    """One line of the plan: pairs to make and what they are expected to do."""

    variant: Variant
    quantity: int
    expected_demand: float
    expected_sold: float
    expected_unsold: float
    fill_rate: float
    expected_margin: float


@dataclass(frozen=True, slots=True)
class BindingConstraint:
    """A limit that held the plan back, in the workshop's words.

    ``kind`` is ``capacity``, ``skill``, ``material`` or ``min_run``; ``used``/``available``
    are in the constraint's unit (standard minutes, material units, pairs).
    """

    kind: str
    name: str
    used: float
    available: float
    message: str


@dataclass(frozen=True)
class BatchResult:
    """The batch plan and its expected outcome over the demand scenarios.

    ``status`` is ``optimal`` (proved within ``mip_gap``), ``feasible`` (time ran out; ``gap``
    says how far from proven), ``greedy`` (the newsvendor heuristic's plan) or
    ``infeasible`` (``diagnosis`` says why, in plain words). ``objective`` is expected margin
    minus the waste penalty on unsold pairs; ``bound`` is the best proven upper bound on it.
    """

    status: str
    method: str
    objective: float
    bound: float
    gap: float
    runtime: float
    quantities: dict[Variant, int]
    lines: tuple[VariantPlan, ...]
    expected_sold: float
    expected_unsold: float
    fill_rate: float
    expected_margin: float
    greedy_objective: float
    capacity_use: dict[str, float]
    binding: tuple[BindingConstraint, ...]
    diagnosis: tuple[str, ...]
    scenarios_given: int
    scenarios_used: int

    @property
    def pairs(self) -> int:
        return int(sum(self.quantities.values()))


# -- greedy ---------------------------------------------------------------------------------


class _Greedy:
    def __init__(self, problem: BatchProblem, red: Reduced) -> None:
        self.p = problem
        self.red = red
        self.labour = LabourSplit(problem)
        self.cw = problem.colourways
        self.ruled = {
            c for c in self.cw if int(problem.min_run.get(c, 0)) > 0 or problem.core_indices(c)
        }

    def _state(self, q: np.ndarray):
        load = self.p.routing.T @ q
        mat = self.p.material_use.T @ q
        return load, mat

    def _fill(self, on: set[str], off: set[str], order: list[str]):
        """Greedy from the firm quantities; returns (q, failed colourway or None)."""
        p = self.p
        q = p.firm.astype(float).copy()
        load, mat = self._state(q)
        cap = self.labour.split(load) if p.capacity is not None else None
        if p.capacity is not None and cap is None:
            return q, "*"
        if np.any(mat > p.material_available + _EPS):
            return q, "*"

        def try_add(v: int) -> bool:
            nonlocal load, mat, cap
            r = p.routing[v]
            new_load = load + r
            if cap is not None and np.any((r > 0) & (new_load > cap + _EPS)):
                split = self.labour.split(new_load)
                if split is None:
                    return False
                cap = split
            new_mat = mat + p.material_use[v]
            if np.any(new_mat > p.material_available + _EPS):
                return False
            load, mat = new_load, new_mat
            q[v] += 1
            return True

        supply = lambda v: p.free_stock[v] + q[v] - p.firm[v]  # noqa: E731
        for c in order:
            if c not in on:
                continue
            idx = self.cw[c]
            for v in p.core_indices(c):
                if q[v] < 1 and not try_add(v):
                    return q, c
            need = int(p.min_run.get(c, 0))
            while q[idx].sum() < need:
                cands = sorted(idx, key=lambda v: -marginal_gain(p, self.red, v, supply(v)))
                if not any(try_add(v) for v in cands):
                    return q, c
        heap = []
        for v in range(p.n_variants):
            if colourway_of(p.variants[v]) in off:
                continue
            g = marginal_gain(p, self.red, v, supply(v))
            if g > _EPS:
                heap.append((-g, v))
        heapq.heapify(heap)
        while heap:
            _, v = heapq.heappop(heap)
            if not try_add(v):
                continue  # loads only grow: this variant stays blocked
            g = marginal_gain(p, self.red, v, supply(v))
            if g > _EPS:
                heapq.heappush(heap, (-g, v))
        return q, None

    def _value_at_rule(self, q: np.ndarray, c: str) -> float:
        """Objective change of colourway ``c`` if brought up to its rules vs. not made."""
        p = self.p
        idx = self.cw[c]
        qa = q.copy()
        supply = lambda v: p.free_stock[v] + qa[v] - p.firm[v]  # noqa: E731
        for v in p.core_indices(c):
            qa[v] = max(qa[v], 1)
        while qa[idx].sum() < int(p.min_run.get(c, 0)):
            best = max(idx, key=lambda v: marginal_gain(p, self.red, v, supply(v)))
            qa[best] += 1
        q0 = q.copy()
        q0[idx] = p.firm[idx]
        sub = np.zeros(p.n_variants, dtype=bool)
        sub[idx] = True
        ea, e0 = evaluate(p, self.red, qa), evaluate(p, self.red, q0)
        pen = p.waste_penalty
        va = (ea.margin - pen * ea.unsold)[sub].sum()
        v0 = (e0.margin - pen * e0.unsold)[sub].sum()
        return float(va - v0)

    def run(self) -> tuple[np.ndarray | None, list[str]]:
        p = self.p
        forced = [c for c in self.cw if p.firm[self.cw[c]].sum() > 0 and c in self.ruled]
        on, off = set(forced), set()
        order = list(forced)
        for _ in range(len(self.cw) + 2):
            q, failed = self._fill(on, off, order)
            if failed == "*" or (failed is not None and failed in forced):
                return None, []
            if failed is not None:
                on.discard(failed)
                off.add(failed)
                order.remove(failed)
                continue
            violators = []
            for c in self.ruled - on - off:
                idx = self.cw[c]
                total = q[idx].sum()
                short_run = total < int(p.min_run.get(c, 0))
                short_core = any(q[v] < 1 for v in p.core_indices(c))
                if total > 0 and (short_run or short_core):
                    violators.append(c)
                elif total > 0:
                    on.add(c)
                    order.append(c)
            if not violators:
                return q, []
            for c in sorted(violators, key=lambda c: -self._value_at_rule(q, c)):
                if self._value_at_rule(q, c) > _EPS:
                    on.add(c)
                    order.append(c)
                else:
                    off.add(c)
        return q, []


# -- exact ----------------------------------------------------------------------------------


def _milp(problem: BatchProblem, red: Reduced, time_limit: float, mip_gap: float):
    p = problem
    n = p.n_variants
    firm = p.firm.astype(float)
    free = p.free_stock.astype(float)
    gain = p.price - p.salvage + p.waste_penalty
    over = p.unit_cost - p.salvage + p.waste_penalty
    cws = p.colourways
    ruled = [c for c in cws if int(p.min_run.get(c, 0)) > 0 or p.core_indices(c)]

    # q_v, then sales x_{v,k} per distinct positive demand value, then colourway switches,
    # then labour minutes per (worker, operation).
    ub_q = firm + np.maximum(0.0, np.array([vals.max() for vals in red.values]) - free)
    for c in ruled:
        for v in cws[c]:
            ub_q[v] = max(ub_q[v], firm[v] + int(p.min_run.get(c, 0)), firm[v] + 1)
    xs: list[tuple[int, float, float]] = []
    for v in range(n):
        for d, w in zip(red.values[v], red.weights[v], strict=True):
            if d > 0:
                xs.append((v, d, w))
    labour = LabourSplit(p) if p.capacity is not None else None
    lab_pairs = labour.pairs if labour else []
    nx, ny, nl = len(xs), len(ruled), len(lab_pairs)
    nvar = n + nx + ny + nl
    c = np.zeros(nvar)
    c[:n] = over  # minimise cost of overage minus sale gains
    lo = np.zeros(nvar)
    hi = np.full(nvar, np.inf)
    lo[:n], hi[:n] = firm, ub_q
    integrality = np.zeros(nvar)
    integrality[:n] = 1
    for k, (v, d, w) in enumerate(xs):
        c[n + k] = -w * gain[v]
        hi[n + k] = d
    for k, cname in enumerate(ruled):
        j = n + nx + k
        integrality[j] = 1
        hi[j] = 1
        if firm[cws[cname]].sum() > 0:
            lo[j] = 1
    rows, cols, vals, lb, ub = [], [], [], [], []
    r = 0

    def add(entries, lower, upper):
        nonlocal r
        for col, val in entries:
            rows.append(r)
            cols.append(col)
            vals.append(val)
        lb.append(lower)
        ub.append(upper)
        r += 1

    for k, (v, _, _) in enumerate(xs):  # sales ≤ supply = free + q − firm
        add([(n + k, 1.0), (v, -1.0)], -np.inf, free[v] - firm[v])
    for k, cname in enumerate(ruled):
        y = n + nx + k
        idx = cws[cname]
        m = int(p.min_run.get(cname, 0))
        if m > 0:
            add([(v, 1.0) for v in idx] + [(y, -float(m))], 0.0, np.inf)
        for v in idx:
            add([(v, 1.0), (y, -ub_q[v])], -np.inf, 0.0)
        for v in p.core_indices(cname):
            add([(v, 1.0), (y, -1.0)], 0.0, np.inf)
    if labour is not None:
        base = n + nx + ny
        for j in labour.used_ops:
            ent = [(v, float(p.routing[v, j])) for v in range(n) if p.routing[v, j] > 0]
            ent += [(base + k, -s) for k, (_, jj, s) in enumerate(lab_pairs) if jj == j]
            add(ent, -np.inf, 0.0)
        for a in range(len(labour.minutes)):
            ent = [(base + k, 1.0) for k, (aa, _, _) in enumerate(lab_pairs) if aa == a]
            if ent:
                add(ent, -np.inf, float(labour.minutes[a]))
    for m_i in range(len(p.material_keys)):
        ent = [(v, float(p.material_use[v, m_i])) for v in range(n) if p.material_use[v, m_i] > 0]
        if ent:
            add(ent, -np.inf, float(p.material_available[m_i]))
    constraints = []
    if r:
        a = sparse.csr_array((vals, (rows, cols)), shape=(r, nvar))
        constraints.append(LinearConstraint(a, lb, ub))
    res = milp(
        c,
        integrality=integrality,
        bounds=Bounds(lo, hi),
        constraints=constraints,
        options={"time_limit": max(0.5, time_limit), "mip_rel_gap": mip_gap, "presolve": True},
    )
    constant = float((p.price * p.preorders + (p.salvage - p.waste_penalty) * (free - firm)).sum())
    q = None
    if res.x is not None:
        q = np.round(res.x[:n])
    bound = None
    dual = getattr(res, "mip_dual_bound", None)
    if dual is not None and np.isfinite(dual):
        bound = constant - float(dual)
    return res.status, q, bound


# -- public ---------------------------------------------------------------------------------


def _result(
    problem: BatchProblem,
    red: Reduced,
    q: np.ndarray,
    *,
    status: str,
    method: str,
    bound: float,
    runtime: float,
    greedy_objective: float,
    notes: list[str],
) -> BatchResult:
    ev = evaluate(problem, red, q)
    lines = tuple(
        VariantPlan(
            v,
            int(q[i]),
            float(ev.demand[i]),
            float(ev.sold[i]),
            float(ev.unsold[i]),
            float(ev.sold[i] / ev.demand[i]) if ev.demand[i] > 0 else 1.0,
            float(ev.margin[i]),
        )
        for i, v in enumerate(problem.variants)
    )
    binding, explain = _binding(problem, red, q)
    gap = max(0.0, (bound - ev.objective) / max(abs(ev.objective), 1.0))
    demand = float(ev.demand.sum())
    load = problem.routing.T @ q
    return BatchResult(
        status=status,
        method=method,
        objective=ev.objective,
        bound=max(bound, ev.objective),
        gap=gap,
        runtime=runtime,
        quantities={v: int(q[i]) for i, v in enumerate(problem.variants)},
        lines=lines,
        expected_sold=float(ev.sold.sum()),
        expected_unsold=float(ev.unsold.sum()),
        fill_rate=float(ev.sold.sum() / demand) if demand > 0 else 1.0,
        expected_margin=float(ev.margin.sum()),
        greedy_objective=greedy_objective,
        capacity_use={
            op.value: float(load[j]) for j, op in enumerate(problem.operations) if load[j] > 0
        },
        binding=binding,
        diagnosis=tuple(notes + explain),
        scenarios_given=red.scenarios_given,
        scenarios_used=red.scenarios_used,
    )


def _infeasible(problem: BatchProblem, red: Reduced, runtime: float) -> BatchResult:
    reasons = diagnose_forced(problem)
    return BatchResult(
        status="infeasible",
        method="none",
        objective=float("nan"),
        bound=float("nan"),
        gap=float("nan"),
        runtime=runtime,
        quantities={v: 0 for v in problem.variants},
        lines=(),
        expected_sold=0.0,
        expected_unsold=float(problem.free_stock.sum()),
        fill_rate=0.0,
        expected_margin=0.0,
        greedy_objective=float("nan"),
        capacity_use={},
        binding=(),
        diagnosis=tuple(reasons),
        scenarios_given=red.scenarios_given,
        scenarios_used=red.scenarios_used,
    )


def _upper_bound_unconstrained(problem: BatchProblem, red: Reduced) -> float:
    """Objective of the plain newsvendor per variant, ignoring every coupling limit."""
    q = problem.firm.astype(float).copy()
    for v in range(problem.n_variants):
        while marginal_gain(problem, red, v, problem.free_stock[v] + q[v] - problem.firm[v]) > 0:
            q[v] += 1
    return evaluate(problem, red, q).objective


def solve_greedy(problem: BatchProblem, *, seed: int = 0) -> BatchResult:
    """The marginal-greedy newsvendor: add the pair with the highest expected gain while it
    fits labour and materials; then settle minimum runs and core sizes colourway by colourway.

    With no coupling limits (no capacity or material bind, no run rules) this is the exact
    per-variant newsvendor optimum.
    """
    t0 = time.perf_counter()
    red = reduce_scenarios(problem, seed)
    q, notes = _Greedy(problem, red).run()
    if q is None:
        return _infeasible(problem, red, time.perf_counter() - t0)
    obj = evaluate(problem, red, q).objective
    bound = _upper_bound_unconstrained(problem, red)
    return _result(
        problem,
        red,
        q,
        status="greedy",
        method="greedy",
        bound=bound,
        runtime=time.perf_counter() - t0,
        greedy_objective=obj,
        notes=notes,
    )


def solve(
    problem: BatchProblem, *, time_limit: float = 30.0, seed: int = 0, mip_gap: float = 0.01
) -> BatchResult:
    """Size the batch exactly: the sample-average integer program solved by HiGHS.

    The greedy plan is computed first; the integer program's plan replaces it only when it is
    at least as good, so the answer is never worse than the baseline (scipy's HiGHS interface
    takes no starting solution, so the greedy serves as the incumbent to beat and fallback).
    """
    if time_limit <= 0:
        raise ValueError(f"time_limit must be positive, got {time_limit}")
    if not 0 <= mip_gap < 1:
        raise ValueError(f"mip_gap must be in [0, 1), got {mip_gap}")
    t0 = time.perf_counter()
    red = reduce_scenarios(problem, seed)
    q_g, notes = _Greedy(problem, red).run()
    g_obj = evaluate(problem, red, q_g).objective if q_g is not None else float("-inf")
    remaining = time_limit - (time.perf_counter() - t0)
    status, q_m, bound = _milp(problem, red, remaining, mip_gap)
    runtime = time.perf_counter() - t0
    if status == 2 or (q_m is None and q_g is None):
        return _infeasible(problem, red, runtime)
    m_obj = evaluate(problem, red, q_m).objective if q_m is not None else float("-inf")
    if bound is None:
        bound = _upper_bound_unconstrained(problem, red)
    if q_m is not None and m_obj >= g_obj - 1e-9 * max(1.0, abs(g_obj)):
        q, method = q_m, "milp"
    else:
        q, method = q_g, "greedy"
    best = max(m_obj, g_obj)
    gap = max(0.0, (bound - best) / max(abs(best), 1.0))
    proved = status == 0 or gap <= mip_gap + 1e-12
    return _result(
        problem,
        red,
        q,
        status="optimal" if proved else "feasible",
        method=method,
        bound=bound,
        runtime=runtime,
        greedy_objective=g_obj,
        notes=notes,
    )


def _binding(problem: BatchProblem, red: Reduced, q: np.ndarray):
    """Which limits held the plan back: a limit binds when it has no room for one more pair
    of a variant that would still be worth making."""
    p = problem
    wanting = [
        v
        for v in range(p.n_variants)
        if marginal_gain(p, red, v, p.free_stock[v] + q[v] - p.firm[v]) > _EPS
    ]
    out: list[BindingConstraint] = []
    if p.capacity is not None:
        labour = LabourSplit(p)
        load = p.routing.T @ q
        for j in labour.used_ops:
            op = p.operations[j].value
            users = [v for v in wanting if p.routing[v, j] > 0]
            if not users:
                continue
            if labour.max_minutes[j] <= 0:
                out.append(
                    BindingConstraint(
                        "skill",
                        op,
                        0.0,
                        0.0,
                        f"no artisan can do {op}: {len(users)} variants that would sell "
                        "cannot be made",
                    )
                )
                continue
            room = labour.headroom(load, j)
            if room + _EPS < min(p.routing[v, j] for v in users):
                out.append(
                    BindingConstraint(
                        "capacity",
                        op,
                        float(load[j]),
                        float(load[j] + room),
                        f"{op} is full: {load[j]:,.0f} of {load[j] + room:,.0f} standard "
                        "minutes used",
                    )
                )
        # Shared people can leave every operation some room on its own while no whole pair
        # (which needs all its operations) fits any more.
        per_op = {b.name for b in out if b.kind in ("capacity", "skill")}
        users = [v for v in wanting if p.routing[v].any()]
        if users and not per_op:
            shapes = np.unique(p.routing[users], axis=0)
            if all(labour.split(load + r) is None for r in shapes):
                planned = ", ".join(
                    f"{op.value} {load[j]:,.0f}" for j, op in enumerate(p.operations) if load[j] > 0
                )
                total = float(labour.minutes.sum())
                out.append(
                    BindingConstraint(
                        "capacity",
                        "labour",
                        float(load.sum()),
                        total,
                        "the artisans' time is fully booked: no further pair still worth "
                        f"making fits ({planned} standard minutes planned on "
                        f"{total:,.0f} minutes of work time)",
                    )
                )
    if len(p.material_keys):
        used = p.material_use.T @ q
        for m, key in enumerate(p.material_keys):
            users = [v for v in wanting if p.material_use[v, m] > 0]
            if users and used[m] + min(p.material_use[v, m] for v in users) > (
                p.material_available[m] + _EPS
            ):
                name = key[0] if key[1] is None else f"{key[0]} size {key[1]}"
                out.append(
                    BindingConstraint(
                        "material",
                        name,
                        float(used[m]),
                        float(p.material_available[m]),
                        f"{name} runs out: {used[m]:,.1f} of {p.material_available[m]:,.1f} "
                        "on hand or arriving in time",
                    )
                )
    explain: list[str] = []
    for c, idx in p.colourways.items():
        m = int(p.min_run.get(c, 0))
        if m > 0 and q[idx].sum() == 0:
            reason = explain_min_run(p, red, c)
            if reason:
                out.append(BindingConstraint("min_run", c, 0.0, float(m), reason))
                explain.append(reason)
    return tuple(out), explain
