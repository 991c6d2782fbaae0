"""Workshop scheduling benchmark: a synthetic demo-like batch, CP-SAT vs the greedy dispatcher.

About 200 pairs of 6 styles on 12 artisans over two weeks (California rules, 2 sewing posts,
1 skiving machine, pre-orders with promise dates). Prints one JSON line per method and a
summary; every schedule is re-checked by the independent validator (violations must be 0).
``--quick``: the same batch with a 10 s limit (the full run uses 60 s).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from cordwain.domain import (  # noqa: E402
    Artisan,
    Batch,
    BatchLine,
    PreOrder,
    RoutingStep,
    Shift,
    SizeRun,
    Style,
    Variant,
)
from cordwain.schedule import Machine, ScheduleProblem, solve, validate  # noqa: E402
from cordwain.schedule.calendar import calendars, expand_tasks, style_bundle_sizes  # noqa: E402
from cordwain.schedule.engine import _assemble, _sku_due  # noqa: E402
from cordwain.schedule.greedy import dispatch  # noqa: E402

MONDAY = date(2027, 3, 1)


def demo_problem(seed: int = 7) -> ScheduleProblem:
    rng = random.Random(seed)
    ops = ["clicking", "skiving", "closing", "lasting", "bottoming", "finishing", "inspection",
           "packing"]  # fmt: skip
    base = {"clicking": 10, "skiving": 4, "closing": 28, "lasting": 14, "bottoming": 13,
            "finishing": 10, "inspection": 3, "packing": 2}  # fmt: skip
    styles = []
    for i, code in enumerate(["MARA", "TOLA", "VEGA", "ORLO", "BRIX", "CADE"]):
        steps = []
        for op in ops:
            minutes = round(base[op] * rng.uniform(0.8, 1.2), 1)
            lag = 45 if op == "lasting" else 0
            steps.append(RoutingStep(op, minutes, lag))
        styles.append(
            Style(code, code.title(), f"L{i}", "sneaker", SizeRun("us-m", ("8", "9", "10", "11")),
                  tuple(steps), Decimal("210"), Decimal("85"))
        )  # fmt: skip
    skills_of = [
        ("clicking", "skiving"), ("clicking", "finishing"), ("skiving", "closing"),
        ("closing", "finishing"), ("closing", "lasting"), ("closing", "inspection"),
        ("lasting", "bottoming"), ("bottoming", "finishing"), ("lasting", "closing"),
        ("bottoming", "packing", "inspection"), ("finishing", "packing", "clicking"),
        ("closing", "skiving", "packing"),
    ]  # fmt: skip
    artisans = []
    for k, skills in enumerate(skills_of):
        trainee = k in (5, 11)
        pace = 1.3 if trainee else rng.uniform(0.9, 1.1)
        artisans.append(
            Artisan(
                code=f"A{k + 1:02d}", name=f"Artisan {k + 1}",
                skills={op: round(base[op] * pace, 1) for op in skills},
                weekly_hours=32.0 if k in (3, 9) else 40.0,
                shift=Shift(start=datetime.strptime("07:30" if k % 3 == 0 else "08:00",
                                                    "%H:%M").time(),
                            end=datetime.strptime("16:00" if k % 3 == 0 else "16:30",
                                                  "%H:%M").time()),
                overtime_opt_in=k in (0, 4, 6, 8),
                hourly_rate=24.0 + k,
            )
        )  # fmt: skip
    lines, pre_orders = [], []
    for s in styles:
        for size, q in zip(("8", "9", "10", "11"), (6, 10, 11, 7), strict=True):
            v = Variant(s.code, "BLK", size)
            lines.append(BatchLine(v, q))
            if size in ("9", "10"):
                by = MONDAY + timedelta(days=rng.choice([4, 7, 8, 10]))
                pre_orders.append(PreOrder(f"PO-{s.code}-{size}", v, 4, MONDAY, by))
    days = [
        MONDAY + timedelta(days=i) for i in range(14) if (MONDAY + timedelta(days=i)).weekday() < 5
    ]
    return ScheduleProblem(
        batch=Batch("DEMO1", MONDAY, MONDAY + timedelta(days=13), lines),
        styles=styles, artisans=artisans, start=datetime.combine(MONDAY, datetime.min.time()),
        working_days=days, pre_orders=pre_orders, bundle_size=3,
        machines=[Machine("SEW", "sewing posts", ("closing",), 2),
                  Machine("SKV", "skiving machine", ("skiving",), 1)],
    )  # fmt: skip


def figures(label: str, res) -> dict:
    return {
        "bench": "schedule_demo", "method": label, "status": res.status,
        "violations": len(res.violations), "makespan_h": round(res.makespan_minutes / 60, 2),
        "makespan_bound_h": None if res.bound is None else round(res.bound / 60, 2),
        "gap": res.gap, "tardiness_min": res.tardiness_minutes,
        "late_promises": len(res.late_promises), "overtime_min": res.overtime_minutes,
        "jain": None if res.jain_index is None else round(res.jain_index, 4),
        "seconds": res.runtime,
    }  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--time-limit", type=float, default=None)
    args = ap.parse_args()
    limit = args.time_limit or (10.0 if args.quick else 60.0)
    problem = demo_problem()
    print(json.dumps({"bench": "schedule_demo", "pairs": problem.batch.pairs,
                      "styles": len(problem.styles), "artisans": len(problem.artisans),
                      "working_days": len(problem.working_days)}))  # fmt: skip

    t0 = time.perf_counter()
    cal = calendars(problem)
    tasks = expand_tasks(problem, style_bundle_sizes(problem, cal))
    placed = dispatch(problem, tasks, cal, _sku_due(problem))
    plan = {k: (p.artisan, p.start, p.overtime) for k, p in placed.items()}
    greedy = _assemble(problem, tasks, cal, plan, status="feasible", method="greedy", stages=[],
                       runtime=time.perf_counter() - t0, explanations=[])  # fmt: skip
    print(json.dumps(figures("greedy", greedy)))

    # Time to the first validated schedule (the feasibility target), then the full search.
    first = solve(problem, time_limit=min(limit, 10.0), seed=0)
    ff = figures("cp-sat-10s", first)
    print(json.dumps(ff))
    res = first if limit <= 10.0 else solve(problem, time_limit=limit, seed=0)
    full = figures(f"cp-sat-{int(limit)}s", res)
    if res is not first:
        print(json.dumps(full))
    # The engine validated already; re-check here so the figure does not rest on its word.
    rechecked = validate(problem, res.assignments, res.breaks)
    print(json.dumps({
        "bench": "schedule_demo", "summary": True, "time_limit_s": limit,
        "violations": len(rechecked) + ff["violations"] + len(greedy.violations),
        "feasible_within_10s": first.feasible and not first.violations,
        "gap": full["gap"], "jain": full["jain"],
        "makespan_greedy_vs_cordwain": round(greedy.makespan_minutes / res.makespan_minutes, 4),
        "method": res.method, "tardiness_greedy_min": greedy.tardiness_minutes,
        "tardiness_cordwain_min": res.tardiness_minutes,
        "jain_greedy": figures("g", greedy)["jain"],
    }))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
