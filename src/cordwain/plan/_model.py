"""Internal pieces shared by the exact and greedy solvers: scenario reduction, the economics of
one more pair, evaluation of a plan, and the flexible-labour feasibility LP."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

from .problem import BatchProblem


@dataclass(frozen=True)
class Reduced:
    """Per-variant demand as distinct values with probabilities (exact for expectations:
    a variant's sales depend only on its own quantity and demand, so correlation between
    variants does not change expected sales)."""

    values: list[np.ndarray]  # per variant: distinct demand values, ascending
    weights: list[np.ndarray]  # per variant: probability of each value
    scenarios_given: int
    scenarios_used: int


def reduce_scenarios(problem: BatchProblem, seed: int) -> Reduced:
    demand = problem.demand
    given = demand.shape[1]
    if given > problem.max_scenarios:
        rng = np.random.default_rng(seed)
        cols = np.sort(rng.choice(given, size=problem.max_scenarios, replace=False))
        demand = demand[:, cols]
    used = demand.shape[1]
    values, weights = [], []
    for row in demand:
        vals, counts = np.unique(row, return_counts=True)
        values.append(vals.astype(float))
        weights.append(counts / used)
    return Reduced(values, weights, given, used)


def sale_gain(problem: BatchProblem) -> np.ndarray:
    """Money from turning one unsold pair into a sold one: price − salvage + waste penalty."""
    return problem.price - problem.salvage + problem.waste_penalty


def overage(problem: BatchProblem) -> np.ndarray:
    """Cost of a pair made and not sold: unit cost − salvage + waste penalty."""
    return problem.unit_cost - problem.salvage + problem.waste_penalty


def marginal_gain(problem: BatchProblem, red: Reduced, v: int, supply: float) -> float:
    """Expected objective change from one more pair of variant ``v`` when ``supply`` pairs are
    already there for new demand: sells with probability P(D > supply)."""
    p_more = float(red.weights[v][red.values[v] > supply + 1e-9].sum())
    return float(sale_gain(problem)[v] * p_more - overage(problem)[v])


def expected_sales(red: Reduced, v: int, supply: float) -> float:
    return float(np.minimum(red.values[v], supply) @ red.weights[v])


@dataclass(frozen=True)
class Evaluation:
    objective: float
    sold: np.ndarray  # expected pairs sold per variant, pre-orders included
    unsold: np.ndarray  # expected pairs left per variant (stock included)
    demand: np.ndarray  # expected demand per variant, pre-orders included
    margin: np.ndarray  # revenue + salvage − cost of pairs made


def evaluate(problem: BatchProblem, red: Reduced, quantities: np.ndarray) -> Evaluation:
    q = np.asarray(quantities, dtype=float)
    supply = problem.free_stock + q - problem.firm
    sold_new = np.array([expected_sales(red, v, supply[v]) for v in range(len(q))])
    mean_d = np.array([float(red.values[v] @ red.weights[v]) for v in range(len(q))])
    unsold = supply - sold_new
    sold = problem.preorders + sold_new
    margin = problem.price * sold + problem.salvage * unsold - problem.unit_cost * q
    objective = float((margin - problem.waste_penalty * unsold).sum())
    return Evaluation(objective, sold, unsold, problem.preorders + mean_d, margin)


class LabourSplit:
    """Shares the workers' minutes among operations: the flexible-capacity feasibility LP.

    Variables are minutes of worker ``a`` on operation ``o`` (only where skilled) and a slack
    ``t``; it maximises ``t`` such that every operation has ``t`` heavy pairs of spare
    standard minutes beyond its load. Infeasible means the load cannot be done at all.
    """

    def __init__(self, problem: BatchProblem) -> None:
        self.problem = problem
        ops = problem.operations
        used = np.flatnonzero(problem.routing.max(axis=0) > 0)
        self.used_ops = used
        workers = problem.capacity.workers if problem.capacity else ()
        self.pairs: list[tuple[int, int, float]] = []  # (worker, op column, speed)
        for a, w in enumerate(workers):
            for j in used:
                if ops[j] in w.speed:
                    self.pairs.append((a, int(j), w.speed[ops[j]]))
        self.minutes = np.array([w.minutes for w in workers])
        heavy = problem.routing.max(axis=0)
        self.unit = np.where(heavy > 0, heavy, 1.0)
        self.max_minutes = np.zeros(len(ops))
        for a, j, s in self.pairs:
            self.max_minutes[j] += self.minutes[a] * s

    def split(self, load: np.ndarray) -> np.ndarray | None:
        """Standard minutes given to each operation under the best split, or None."""
        ops_n = len(self.problem.operations)
        if np.any(load[self.max_minutes <= 0] > 1e-9):
            return None
        if not self.pairs:
            return np.zeros(ops_n)
        n = len(self.pairs) + 1
        c = np.zeros(n)
        c[-1] = -1.0
        a_ub, b_ub = [], []
        for j in self.used_ops:
            if self.max_minutes[j] <= 0:
                continue
            row = np.zeros(n)
            for k, (_, jj, s) in enumerate(self.pairs):
                if jj == j:
                    row[k] = -s
            row[-1] = self.unit[j]
            a_ub.append(row)
            b_ub.append(-load[j])
        for a in range(len(self.minutes)):
            row = np.zeros(n)
            for k, (aa, _, _) in enumerate(self.pairs):
                if aa == a:
                    row[k] = 1.0
            if row.any():
                a_ub.append(row)
                b_ub.append(self.minutes[a])
        res = linprog(
            c, A_ub=np.array(a_ub), b_ub=np.array(b_ub), bounds=[(0, None)] * n, method="highs"
        )
        if res.status != 0:
            return None
        given = np.zeros(ops_n)
        for k, (_, j, s) in enumerate(self.pairs):
            given[j] += s * res.x[k]
        return given

    def headroom(self, load: np.ndarray, j: int) -> float:
        """Extra standard minutes operation ``j`` could still take with the others' loads kept."""
        if self.max_minutes[j] <= 0:
            return 0.0
        n = len(self.pairs)
        c = np.zeros(n)
        a_ub, b_ub = [], []
        for jj in self.used_ops:
            if jj == j or self.max_minutes[jj] <= 0:
                continue
            row = np.zeros(n)
            for k, (_, j2, s) in enumerate(self.pairs):
                if j2 == jj:
                    row[k] = -s
            a_ub.append(row)
            b_ub.append(-load[jj])
        for a in range(len(self.minutes)):
            row = np.zeros(n)
            for k, (aa, _, _) in enumerate(self.pairs):
                if aa == a:
                    row[k] = 1.0
            if row.any():
                a_ub.append(row)
                b_ub.append(self.minutes[a])
        for k, (_, j2, s) in enumerate(self.pairs):
            if j2 == j:
                c[k] = -s
        res = linprog(
            c,
            A_ub=np.array(a_ub) if a_ub else None,
            b_ub=np.array(b_ub) if b_ub else None,
            bounds=[(0, None)] * n,
            method="highs",
        )
        if res.status != 0:
            return 0.0
        return max(0.0, -res.fun - load[j])
