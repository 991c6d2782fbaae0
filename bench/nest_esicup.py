"""Roll (strip) packing on the ESICUP instances: spyrrow behind our interface vs a shelf packer.

Usage: python bench/nest_esicup.py [DIR] [--quick] [--time-limit S]
Density = item area / (length used x roll width), validated with shapely; compared with the
best published density (sparrow records, listed in the data folder's PROVENANCE.md).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from cordwain.nest import RollItem, RollProblem, load_jagua_strip, solve_roll, solve_roll_shelf

DEFAULT = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "nesting" / "esicup"
#: Record densities (%) from the data folder's PROVENANCE.md (sparrow, arXiv:2509.13329).
RECORDS = {
    "albano": 89.82, "blaz1": 86.22, "dagli": 90.17, "fu": 92.39, "jakobs1": 89.24,
    "jakobs2": 87.72, "mao": 86.87, "marques": 92.02, "shapes0": 69.98, "shapes1": 76.72,
    "shirts": 90.92, "swim": 79.83, "trousers": 92.62,
}  # fmt: skip
QUICK = ["fu"]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", nargs="?", default=str(DEFAULT))
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--time-limit", type=float, default=None)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    folder = Path(args.dir)
    names = QUICK if args.quick else sorted(RECORDS)
    names = [n for n in names if (folder / f"{n}.json").exists()]
    if not names:
        print(json.dumps({"bench": "nest_esicup", "skipped": f"no data in {folder}"}))
        return 0
    limit = args.time_limit or (3.0 if args.quick else 30.0)
    ratios, base_ratios, bad = [], [], 0
    for name in names:
        title, height, items = load_jagua_strip(folder / f"{name}.json")
        prob = RollProblem(
            width=height,
            items=tuple(
                RollItem(i["id"], i["shape"], i["demand"],
                         None if i["orientations"] is None else tuple(i["orientations"]))
                for i in items
            ),
            name=title,
        )  # fmt: skip
        base = solve_roll_shelf(prob)
        res = solve_roll(prob, time_limit=limit, seed=args.seed)
        rec = RECORDS[name] / 100.0
        ratio = res.density / rec if not res.violations else 0.0
        ratios.append(ratio)
        base_ratios.append(base.density / rec)
        bad += len(res.violations)
        print(json.dumps({
            "instance": name, "density": round(res.density, 4), "record": rec,
            "vs_record": round(ratio, 4), "density_shelf": round(base.density, 4),
            "violations": len(res.violations), "time_s": round(res.runtime, 1),
        }), flush=True)  # fmt: skip
    print(json.dumps({
        "bench": "nest_esicup", "instances": len(names),
        "mean_density_vs_record": round(sum(ratios) / len(ratios), 4),
        "shelf_mean_density_vs_record": round(sum(base_ratios) / len(base_ratios), 4),
        "violations": bad, "time_limit_s": limit, "threads": os.cpu_count(),
    }))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
