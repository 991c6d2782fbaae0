"""`cordwain plan` on the demo workshop: wall time, MIP gap, and the integer program against
the greedy newsvendor on the same problem; then the batch sizer alone on a synthetic workshop.

Usage: ``python bench/plan_demo.py [--quick]``. Creates the demo workshop in a temporary
SQLite file, runs the planning service (forecast, batch sizing, MRP, mass-production
comparison, storing) and prints one JSON line per run: the single plan over 3 weeks, and
(without ``--quick``) the two-stage plan and a 4-week window. ``objective_vs_greedy`` is the
integer program's objective over the greedy plan's (≥ 1: the greedy is its fallback).

The ``plan_synthetic`` line sizes a synthetic workshop of 192 variants (8 styles × 3
colourways × 8 sizes) and 10 artisans, with black leather short (60% of what the plan would
want), minimum runs of 12 pairs per colourway and whole core size runs: the integer
program's runtime and gap against the greedy newsvendor's objective.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import numpy as np

from cordwain.domain import Artisan, Operation, RoutingStep, SizeRun, SizeSystem, Style, Variant
from cordwain.plan import BatchProblem, capacity_from_artisans, routing_matrix, solve, solve_greedy

SCENARIOS = 200


def emit(obj: dict) -> None:
    print(json.dumps(obj), flush=True)


def run(url: str, *, weeks: int, two_stage: bool, time_limit: float) -> dict:
    from cordwain import services
    from cordwain.services.plan import plan_next_batch

    t0 = time.perf_counter()
    with services.unit_of_work(url) as uow:
        report = plan_next_batch(uow, weeks=weeks, two_stage=two_stage, time_limit=time_limit)
        uow.commit()
    wall = time.perf_counter() - t0
    body = report.body
    s, solver = body["summary"], body["solver"]
    return {
        "bench": "plan_demo",
        "weeks": weeks,
        "two_stage": two_stage,
        "variants": s["variants"],
        "artisans": body["labour"]["artisans"],
        "wall_s": round(wall, 2),
        "forecast_s": body["forecast"]["runtime_s"],
        "solve_s": solver["runtime_s"],
        "status": solver["status"],
        "method": solver["method"],
        "gap": solver["gap"],
        "objective_vs_greedy": solver["objective_vs_greedy"],
        "pairs": s["pairs"],
        "fill_rate": s["fill_rate"],
        "expected_unsold": s["expected_unsold"],
        "unsold_vs_mass": body["impact"]["unsold_vs_mass"],
        "cores": os.cpu_count(),
    }


TYPICAL = {  # minutes per pair at the workshop's usual pace (FOOTWEAR.md)
    Operation.CLICKING: 11,
    Operation.SKIVING: 4,
    Operation.CLOSING: 35,
    Operation.LASTING: 15,
    Operation.BOTTOMING: 15,
    Operation.FINISHING: 10,
    Operation.INSPECTION: 3,
    Operation.PACKING: 2,
}

SKILL_SETS = [
    (Operation.CLICKING, Operation.SKIVING),
    (Operation.CLICKING, Operation.SKIVING, Operation.CLOSING),
    (Operation.CLOSING,),
    (Operation.CLOSING,),
    (Operation.CLOSING, Operation.FINISHING),
    (Operation.CLOSING, Operation.LASTING),
    (Operation.LASTING, Operation.BOTTOMING),
    (Operation.LASTING, Operation.BOTTOMING),
    (Operation.BOTTOMING, Operation.FINISHING),
    (Operation.FINISHING, Operation.INSPECTION, Operation.PACKING),
]


def synthetic(seed: int, time_limit: float) -> dict:
    rng = np.random.default_rng(seed)
    size_run = SizeRun.between(SizeSystem.US_MEN, "7", "12", core=("8", "9", "10", "11"))
    sizes = [s for s in size_run.sizes if s in ("7", "8", "8.5", "9", "9.5", "10", "10.5", "11")]
    share = np.array([0.05, 0.10, 0.12, 0.16, 0.16, 0.17, 0.13, 0.11])
    styles, variants = {}, []
    for k in range(8):
        scale = rng.uniform(0.8, 1.3)
        routing = tuple(RoutingStep(op, round(m * scale, 1)) for op, m in TYPICAL.items())
        price = Decimal(int(rng.choice([160, 190, 220, 260])))
        code = f"ST{k}"
        styles[code] = Style(
            code, f"Style {k}", f"L{k}", "sneaker", size_run, routing, price, price * Decimal("0.4")
        )
        for cw in ("BLK", "TAN", "OLV"):
            variants += [Variant(code, cw, s) for s in sizes]
    n = len(variants)
    cw_level = {
        (v.style_code, v.colourway_code): rng.gamma(2.0, 30.0) for v in variants
    }  # pairs per batch per colourway
    mean = np.array(
        [cw_level[(v.style_code, v.colourway_code)] * share[sizes.index(v.size)] for v in variants]
    )
    demand = rng.negative_binomial(3, 3 / (3 + mean[:, None]), size=(n, SCENARIOS))
    price = np.array([float(styles[v.style_code].retail_price) for v in variants])
    cost = np.array([float(styles[v.style_code].unit_cost) for v in variants])
    artisans = [
        Artisan(
            f"A{i}",
            f"Artisan {i}",
            {op: TYPICAL[op] * rng.uniform(0.85, 1.3) for op in ops},
        )
        for i, ops in enumerate(SKILL_SETS)
    ]
    capacity = capacity_from_artisans(artisans, date(2025, 3, 3), date(2025, 3, 21))
    # Leather of the black colourways is short this time: 60% of what the plan would want.
    leather_use = np.array([[2.4 / 0.75 if v.colourway_code == "BLK" else 0.0] for v in variants])
    problem = BatchProblem(
        tuple(variants),
        demand,
        price=price,
        unit_cost=cost,
        salvage=cost * 0.4,
        waste_penalty=8.0,
        routing=routing_matrix(variants, styles),
        capacity=capacity,
        material_keys=(("BLKCALF", None),),
        material_use=leather_use,
        material_available=[0.6 * float(leather_use[:, 0] @ mean)],
        material_units={"BLKCALF": "sq ft"},
        min_run={f"{s}-{c}": 12 for s in styles for c in ("BLK", "TAN", "OLV")},
        whole_size_run=True,
        core_sizes={s: size_run.core for s in styles},
    )
    t0 = time.perf_counter()
    greedy = solve_greedy(problem, seed=seed)
    t_greedy = time.perf_counter() - t0
    exact = solve(problem, time_limit=time_limit, seed=seed, mip_gap=0.01)
    row = {
        "bench": "plan_synthetic",
        "variants": n,
        "artisans": len(artisans),
        "colourways": len(problem.colourways),
        "scenarios": exact.scenarios_used,
        "status": exact.status,
        "method": exact.method,
        "milp_runtime_s": round(exact.runtime, 3),
        "greedy_runtime_s": round(t_greedy, 3),
        "gap": round(exact.gap, 6),
        "objective": round(exact.objective, 2),
        "greedy_objective": round(greedy.objective, 2),
        "objective_vs_greedy": round(exact.objective / greedy.objective, 5),
        "pairs": exact.pairs,
        "fill_rate": round(exact.fill_rate, 4),
        "binding": sorted({f"{b.kind}:{b.name}" for b in exact.binding}),
    }
    emit(row)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one 3-week plan only")
    parser.add_argument("--time-limit", type=float, default=30.0)
    args = parser.parse_args(argv)
    from cordwain import services

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'demo.db'}"
        t0 = time.perf_counter()
        services.init_workshop(url, demo=True)
        emit({"bench": "plan_demo", "init_demo_s": round(time.perf_counter() - t0, 2)})
        settings = [(3, False)] if args.quick else [(3, False), (3, True), (4, False)]
        for weeks, two in settings:
            emit(run(url, weeks=weeks, two_stage=two, time_limit=args.time_limit))
        from cordwain.store.engine import dispose_engine

        dispose_engine(url)
    synthetic(0, time_limit=args.time_limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
