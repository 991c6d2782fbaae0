"""`cordwain plan` on the demo workshop: wall time, MIP gap, and the integer program against
the greedy newsvendor on the same problem.

Usage: ``python bench/plan_demo.py [--quick]``. Creates the demo workshop in a temporary
SQLite file, runs the planning service (forecast, batch sizing, MRP, mass-production
comparison, storing) and prints one JSON line per run: the single plan over 3 weeks, and
(without ``--quick``) the two-stage plan and a 4-week window. ``objective_vs_greedy`` is the
integer program's objective over the greedy plan's (≥ 1: the greedy is its fallback).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path


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
    return 0


if __name__ == "__main__":
    sys.exit(main())
