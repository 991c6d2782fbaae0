"""Job-shop benchmark: CP-SAT (cordwain.schedule) vs the greedy first-fit dispatcher.

Reads the classic instances in ../shared/data/jobshop (or DIR / $CORDWAIN_JOBSHOP_DIR) with their
optima from instances.json, solves each with CP-SAT and with the greedy dispatcher in the same
run, and prints one JSON line per instance and summary lines.

Full run: ft06, ft10, ft20, la01-la40 at 60 s each on 2 CP-SAT workers (the targets of issue 6);
instances proven optimal stop early, so a full run takes roughly 25-35 minutes on 2 shared cores.
``--quick``: ft06 and la01 at 5 s each.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from cordwain.schedule.jobshop import (  # noqa: E402
    check_jobshop,
    greedy_jobshop,
    read_jobshop,
    solve_jobshop,
)

FULL = ["ft06", "ft10", "ft20"] + [f"la{i:02d}" for i in range(1, 41)]
QUICK = ["ft06", "la01"]


def best_known(meta: dict) -> int:
    if meta.get("optimum") is not None:
        return int(meta["optimum"])
    return int(meta["bounds"]["upper"])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", nargs="?", default=None, help="job-shop data folder")
    ap.add_argument("--quick", action="store_true", help="ft06 + la01 at 5 s")
    ap.add_argument("--time-limit", type=float, default=None, help="seconds per instance")
    ap.add_argument("--instances", default=None, help="comma-separated names")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()

    folder = Path(
        args.dir
        or os.environ.get("CORDWAIN_JOBSHOP_DIR")
        or ROOT / ".." / "shared" / "data" / "jobshop"
    )
    meta_path = folder / "instances.json"
    if not meta_path.exists():
        print(json.dumps({"bench": "jobshop", "skipped": f"no job-shop data at {folder}"}))
        return 0
    meta = {m["name"]: m for m in json.loads(meta_path.read_text())}
    names = args.instances.split(",") if args.instances else (QUICK if args.quick else FULL)
    limit = args.time_limit or (5.0 if args.quick else 60.0)

    rows = []
    for name in names:
        shop = read_jobshop(folder / meta[name]["path"])
        greedy = greedy_jobshop(shop)
        res = solve_jobshop(shop, time_limit=limit, seed=0, workers=args.workers)
        problems = check_jobshop(shop, res.starts)
        best = best_known(meta[name])
        row = {
            "bench": "jobshop",
            "instance": name,
            "size": f"{len(shop.jobs)}x{shop.n_machines}",
            "makespan": res.makespan,
            "lower_bound": res.bound,
            "optimum_or_best_known": best,
            "gap_to_best_known": round((res.makespan - best) / best, 4),
            "status": res.status,
            "seconds": round(res.runtime, 2),
            "greedy_makespan": greedy.makespan,
            "greedy_vs_cordwain": round(greedy.makespan / res.makespan, 4),
            "violations": len(problems),
        }
        rows.append(row)
        print(json.dumps(row), flush=True)

    def summary(label: str, subset: list[dict]) -> None:
        if not subset:
            return
        print(
            json.dumps(
                {
                    "bench": "jobshop",
                    "set": label,
                    "time_limit_s": limit,
                    "workers": args.workers,
                    "optimal_found": sum(
                        r["makespan"] == r["optimum_or_best_known"] for r in subset
                    ),
                    "proven_optimal": sum(r["status"] == "optimal" for r in subset),
                    "instances": len(subset),
                    "mean_gap_to_best_known": round(
                        statistics.mean(r["gap_to_best_known"] for r in subset), 4
                    ),
                    "greedy_vs_cordwain": round(
                        statistics.mean(r["greedy_vs_cordwain"] for r in subset), 4
                    ),
                    "violations": sum(r["violations"] for r in subset),
                }
            ),
            flush=True,
        )

    easy = {"ft06", "ft20"} | {f"la{i:02d}" for i in range(1, 21)}
    summary("ft06+ft20+la01-la20", [r for r in rows if r["instance"] in easy])
    summary("ft10", [r for r in rows if r["instance"] == "ft10"])
    summary("la21-la40", [r for r in rows if r["instance"] in {f"la{i}" for i in range(21, 41)}])
    summary("all", rows)
    return 1 if any(r["violations"] for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
