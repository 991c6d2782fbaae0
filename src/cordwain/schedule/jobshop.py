"""The classic job-shop problem: a generic interface used to benchmark the scheduling engine.

Every job visits machines in its own route order; each machine does one operation at a time;
the goal is the shortest makespan. ``read_jobshop`` reads the OR-Library / Taillard text
format, ``greedy_jobshop`` is the first-fit dispatcher in routing order (how common ERPs load
work), and ``solve_jobshop`` is the CP-SAT model, hinted with the greedy schedule.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class JobShop:
    """Jobs as routes of ``(machine, duration)``; machines are numbered from 0."""

    name: str
    jobs: tuple[tuple[tuple[int, int], ...], ...]

    def __post_init__(self) -> None:
        if not self.jobs:
            raise ValueError(f"job-shop {self.name!r}: no jobs")
        for j, route in enumerate(self.jobs):
            if not route:
                raise ValueError(f"job-shop {self.name!r}: job {j} has no operations")
            for k, (m, p) in enumerate(route):
                if m < 0 or p < 0:
                    raise ValueError(
                        f"job-shop {self.name!r}: job {j} operation {k} has machine {m} and "
                        f"duration {p}; both must be >= 0"
                    )

    @property
    def n_machines(self) -> int:
        return 1 + max(m for route in self.jobs for m, _ in route)

    @property
    def trivial_lower_bound(self) -> int:
        """Longest job or busiest machine: no schedule can be shorter."""
        loads = [0] * self.n_machines
        for route in self.jobs:
            for m, p in route:
                loads[m] += p
        return max(max(loads), max(sum(p for _, p in r) for r in self.jobs))


@dataclass(frozen=True, slots=True)
class JobShopResult:
    """``starts[j][k]`` is when operation ``k`` of job ``j`` starts."""

    status: str
    makespan: int | None
    bound: int
    runtime: float
    starts: tuple[tuple[int, ...], ...] = field(default=())

    @property
    def gap(self) -> float | None:
        if self.makespan is None or self.makespan == 0:
            return None
        return (self.makespan - self.bound) / self.makespan


def read_jobshop(path: str | Path) -> JobShop:
    """Read the standard format: comment lines with '#', ``n m``, then one route line per job."""
    path = Path(path)
    rows: list[tuple[int, list[int]]] = []
    for lineno, raw in enumerate(path.read_text().splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            rows.append((lineno, [int(x) for x in line.split()]))
        except ValueError as exc:
            raise ValueError(f"{path}:{lineno}: not a list of integers: {line!r}") from exc
    if not rows or len(rows[0][1]) != 2:
        raise ValueError(f"{path}: first data line must be '<jobs> <machines>'")
    n_jobs, n_machines = rows[0][1]
    if len(rows) - 1 < n_jobs:
        raise ValueError(f"{path}: header says {n_jobs} jobs, found {len(rows) - 1} route lines")
    jobs = []
    for lineno, values in rows[1 : 1 + n_jobs]:
        if len(values) != 2 * n_machines:
            raise ValueError(
                f"{path}:{lineno}: expected {2 * n_machines} numbers (machine, time pairs), "
                f"found {len(values)}"
            )
        route = tuple((values[i], values[i + 1]) for i in range(0, len(values), 2))
        for m, _ in route:
            if not 0 <= m < n_machines:
                raise ValueError(f"{path}:{lineno}: machine {m} outside 0..{n_machines - 1}")
        jobs.append(route)
    return JobShop(name=path.name, jobs=tuple(jobs))


def greedy_jobshop(shop: JobShop) -> JobShopResult:
    """First fit in routing order: all first operations, then all second ones, and so on.

    Each operation goes into the earliest gap on its machine after its job's previous
    operation ends (insertion), the way an ERP loads a routing onto finite capacity.
    """
    t0 = time.perf_counter()
    busy: dict[int, list[tuple[int, int]]] = {}
    starts = [[0] * len(r) for r in shop.jobs]
    ready = [0] * len(shop.jobs)
    depth = max(len(r) for r in shop.jobs)
    for k in range(depth):
        for j, route in enumerate(shop.jobs):
            if k >= len(route):
                continue
            m, p = route[k]
            slots = busy.setdefault(m, [])
            s = _first_gap(slots, ready[j], p)
            slots.append((s, s + p))
            slots.sort()
            starts[j][k] = s
            ready[j] = s + p
    makespan = max(ready)
    return JobShopResult(
        status="feasible",
        makespan=makespan,
        bound=shop.trivial_lower_bound,
        runtime=time.perf_counter() - t0,
        starts=tuple(tuple(s) for s in starts),
    )


def _first_gap(slots: list[tuple[int, int]], earliest: int, duration: int) -> int:
    t = earliest
    for a, b in slots:
        if b <= t:
            continue
        if a >= t + duration:
            return t
        t = max(t, b)
    return t


def solve_jobshop(
    shop: JobShop, *, time_limit: float = 60.0, seed: int = 0, workers: int = 2
) -> JobShopResult:
    """Minimum makespan by CP-SAT (intervals, one no-overlap per machine), greedy as hint."""
    from ortools.sat.python import cp_model

    t0 = time.perf_counter()
    hint = greedy_jobshop(shop)
    horizon = sum(p for r in shop.jobs for _, p in r)
    model = cp_model.CpModel()
    starts, ends = [], []
    per_machine: dict[int, list] = {}
    for j, route in enumerate(shop.jobs):
        js, je = [], []
        for k, (m, p) in enumerate(route):
            s = model.new_int_var(0, horizon - p, f"s{j}_{k}")
            e = model.new_int_var(p, horizon, f"e{j}_{k}")
            iv = model.new_interval_var(s, p, e, f"o{j}_{k}")
            per_machine.setdefault(m, []).append(iv)
            model.add_hint(s, hint.starts[j][k])
            js.append(s)
            je.append(e)
            if k:
                model.add(s >= je[k - 1])
        starts.append(js)
        ends.append(je)
    for ivs in per_machine.values():
        model.add_no_overlap(ivs)
    makespan = model.new_int_var(shop.trivial_lower_bound, horizon, "makespan")
    model.add_max_equality(makespan, [je[-1] for je in ends])
    model.minimize(makespan)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit - (time.perf_counter() - t0))
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    code = solver.solve(model)
    runtime = time.perf_counter() - t0
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        ms = int(solver.value(makespan))
        sol = tuple(tuple(int(solver.value(s)) for s in js) for js in starts)
        if ms > hint.makespan:  # cannot happen with a kept hint, but never return worse
            ms, sol = hint.makespan, hint.starts
        return JobShopResult(
            status="optimal" if code == cp_model.OPTIMAL else "feasible",
            makespan=ms,
            bound=max(int(solver.best_objective_bound), shop.trivial_lower_bound),
            runtime=runtime,
            starts=sol,
        )
    return JobShopResult(
        status="feasible",
        makespan=hint.makespan,
        bound=shop.trivial_lower_bound,
        runtime=runtime,
        starts=hint.starts,
    )


def check_jobshop(shop: JobShop, starts: tuple[tuple[int, ...], ...]) -> list[str]:
    """Independent check of a job-shop schedule: route order and one job per machine."""
    problems = []
    per_machine: dict[int, list[tuple[int, int, int]]] = {}
    for j, route in enumerate(shop.jobs):
        prev_end = 0
        for k, (m, p) in enumerate(route):
            s = starts[j][k]
            if s < prev_end:
                problems.append(f"job {j} operation {k} starts before operation {k - 1} ends")
            prev_end = s + p
            per_machine.setdefault(m, []).append((s, s + p, j))
    for m, slots in per_machine.items():
        slots.sort()
        for (_, b1, j1), (a2, _, j2) in zip(slots, slots[1:], strict=False):
            if a2 < b1:
                problems.append(f"machine {m}: jobs {j1} and {j2} overlap at {a2}")
    return problems
