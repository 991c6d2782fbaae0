"""Hide nesting on the public baldacci1–6 leather instances, against a first-fit baseline.

Usage: python bench/nest_leather.py [DIR] [--quick] [--time-limit S]
Prints one JSON line per instance and a summary line. Full run: 60 s per instance.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from cordwain.nest import load_jagua_bins, solve, solve_greedy

DEFAULT = (
    Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "nesting" / "leather_baldacci"
)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", nargs="?", default=str(DEFAULT))
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--time-limit", type=float, default=None)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    folder = Path(args.dir)
    files = sorted(folder.glob("baldacci*.json"))
    if not files:
        print(json.dumps({"bench": "nest_leather", "skipped": f"no data in {folder}"}))
        return 0
    if args.quick:
        files = files[:1]
    limit = args.time_limit or (5.0 if args.quick else 60.0)
    ours_total = base_total = 0
    utils = []
    violations = 0
    all_placed = True
    rows = []
    for f in files:
        prob = load_jagua_bins(f)
        pieces = sum(i.demand for i in prob.items)
        t = time.monotonic()
        base = solve_greedy(prob)
        tb = time.monotonic() - t
        res = solve(prob, time_limit=limit, seed=args.seed)
        ours_total += res.hides_used
        base_total += base.hides_used
        utils.extend(u.utilisation for u in res.usage)
        violations += len(res.violations)
        all_placed &= not res.unplaced
        row = {
            "instance": f.stem, "pieces": pieces, "placed": len(res.placements),
            "hides": res.hides_used, "hides_baseline": base.hides_used,
            "placed_baseline": len(base.placements), "area_bound_hides": res.bound,
            "utilisation": round(res.utilisation, 4),
            "utilisation_baseline": round(base.utilisation, 4),
            "violations": len(res.violations), "violations_baseline": len(base.violations),
            "time_s": round(res.runtime, 1), "time_baseline_s": round(tb, 1),
            "iterations": res.iterations, "time_limit_s": limit,
        }  # fmt: skip
        rows.append(row)
        print(json.dumps(row), flush=True)
    summary = {
        "bench": "nest_leather",
        "instances": len(files),
        "mean_utilisation": round(sum(utils) / len(utils), 4) if utils else 0.0,
        "hides": ours_total,
        "hides_baseline": base_total,
        "hides_vs_baseline": round(ours_total / base_total, 4) if base_total else None,
        "never_worse_than_baseline": all(r["hides"] <= r["hides_baseline"] for r in rows),
        "all_placed": all_placed,
        "violations": violations,
        "time_limit_s": limit,
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
