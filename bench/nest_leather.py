"""Hide nesting on the public baldacci1–6 leather instances, against a first-fit baseline.

Usage: python bench/nest_leather.py [DIR] [--quick] [--time-limit S] [--no-scale] [--workers N]
Prints one JSON line per instance and a summary line. Full run: 60 s per instance, searched
from 2 seeds at once (one process per core, ``--workers``), free rotation in steps of 30
degrees (``--rotation-step``; the baseline turns by right angles only), then a synthetic
scale case (40 demo hides, a batch of about 2,400 pieces, 120 s, one process). Before it,
three demo hides are cut full of shoe pieces (``demo_hides_cut_full``, the instances' time
limit; ``--quick``: one hide): the yield a workshop's clicker would compare with.

Yield figures, for ours and the baseline alike:
- ``mean_utilisation``: mean over the hides used of piece area / usable area (outline less
  holes), each hide counting once: the issue's figure. The last, least-filled hide of each
  instance pulls it down, so ``mean_utilisation_without_last`` leaves that hide out.
- ``density``: total piece area / total gross outline area of the hides used, holes not
  subtracted: the definition of jagua-rs (``BPSolution::density``), whose JSON the baldacci
  instances come from. No published figures for these instances are on file (see the data
  folder's PROVENANCE.md), so the baseline in the same run is the reference.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import shapely

from cordwain.nest import load_jagua_bins, solve, solve_greedy

DEFAULT = (
    Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "nesting" / "leather_baldacci"
)


def yields(prob, res) -> dict[str, float]:
    gross = {s.id: float(shapely.Polygon(s.outline).area) for s in prob.sheets}
    per = sorted((u.utilisation for u in res.usage), reverse=True)
    used = sum(gross[u.sheet_id.split("#")[0]] for u in res.usage)
    return {
        "mean": sum(per) / len(per) if per else 0.0,
        "mean_wo_last": sum(per[:-1]) / (len(per) - 1) if len(per) > 1 else 0.0,
        "last": per[-1] if per else 0.0,
        "density": sum(u.piece_area for u in res.usage) / used if used else 0.0,
        "per_hide": per,
    }


def scale_case(limit: float) -> dict:
    """40 demo hides (zones, defects, backbone) and ~200 pairs of three sneaker styles."""
    import numpy as np

    from cordwain.demo import catalogue
    from cordwain.demo.hides import make_hide
    from cordwain.nest import NestProblem, PieceDemand

    rng = np.random.default_rng(7)
    hides = [make_hide(rng, f"H{k:03d}", "LTH_BLK", "L1", 1.4) for k in range(40)]
    styles = ("MARA", "ECHO", "LUNA")
    sizes = ("8", "9", "10", "11")
    pieces = [
        p
        for p in catalogue.all_pattern_pieces()
        if p.material_code == "LTH_BLK" and p.style_code in styles
    ]
    demands = [PieceDemand(p, s, 16, article=p.style_code) for p in pieces for s in sizes]
    prob = NestProblem.from_domain(hides, demands)
    n = sum(i.demand for i in prob.items)
    t = time.monotonic()
    base = solve_greedy(prob)
    tb = time.monotonic() - t
    res = solve(prob, time_limit=limit, seed=1)
    return {
        "instance": "scale_demo_40_hides", "pairs": 16 * len(styles) * len(sizes),
        "pieces": n, "placed": len(res.placements), "hides": res.hides_used,
        "hides_baseline": base.hides_used, "placed_baseline": len(base.placements),
        "utilisation": round(res.utilisation, 4),
        "utilisation_baseline": round(base.utilisation, 4),
        "violations": len(res.violations), "time_s": round(res.runtime, 1),
        "time_baseline_s": round(tb, 1), "iterations": res.iterations, "time_limit_s": limit,
    }  # fmt: skip


def full_hides_case(limit: float, hides_n: int) -> dict:
    """Demo hides cut full of shoe pieces: about four times the pairs of two sneakers the hides
    hold, so no kind of piece runs out (counters for the belly, vamps for the A leather) and
    the yield is the packer's, not the batch's mix."""
    import numpy as np

    from cordwain.demo import catalogue
    from cordwain.demo.hides import make_hide
    from cordwain.nest import NestProblem, PieceDemand

    rng = np.random.default_rng(11)
    hides = [make_hide(rng, f"F{k:02d}", "LTH_BLK", "L1", 1.4) for k in range(hides_n)]
    pieces = [
        p
        for p in catalogue.all_pattern_pieces()
        if p.material_code == "LTH_BLK" and p.style_code in ("MARA", "ECHO")
    ]
    pairs = 7 * hides_n
    demands = [PieceDemand(p, s, pairs, article=p.style_code) for p in pieces for s in ("9", "10")]
    prob = NestProblem.from_domain(hides, demands)
    t = time.monotonic()
    base = solve_greedy(prob)
    tb = time.monotonic() - t
    res = solve(prob, time_limit=limit, seed=1)

    def per_hide(r):
        return sorted((round(u.utilisation, 3) for u in r.usage), reverse=True)

    return {
        "instance": "demo_hides_cut_full", "hides_on_hand": hides_n,
        "pieces": sum(i.demand for i in prob.items), "placed": len(res.placements),
        "placed_baseline": len(base.placements), "hides": res.hides_used,
        "hides_baseline": base.hides_used, "hide_yields": per_hide(res),
        "hide_yields_baseline": per_hide(base), "utilisation": round(res.utilisation, 4),
        "utilisation_baseline": round(base.utilisation, 4),
        "violations": len(res.violations), "time_s": round(res.runtime, 1),
        "time_baseline_s": round(tb, 1), "time_limit_s": limit,
    }  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", nargs="?", default=str(DEFAULT))
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--time-limit", type=float, default=None)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-scale", action="store_true", help="skip the 40-hide scale case")
    ap.add_argument("--workers", type=int, default=2, help="processes per instance (cores)")
    ap.add_argument(
        "--rotation-step", type=float, default=30.0, help="degrees between free-rotation angles"
    )
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
    ours, base_y = [], []
    violations = 0
    all_placed = True
    rows = []
    for f in files:
        prob = load_jagua_bins(f, rotation_step_deg=args.rotation_step)
        pieces = sum(i.demand for i in prob.items)
        t = time.monotonic()
        base = solve_greedy(prob)
        tb = time.monotonic() - t
        res = solve(prob, time_limit=limit, seed=args.seed, workers=args.workers)
        ours_total += res.hides_used
        base_total += base.hides_used
        y, yb = yields(prob, res), yields(prob, base)
        ours.append(y)
        base_y.append(yb)
        violations += len(res.violations)
        all_placed &= not res.unplaced
        row = {
            "instance": f.stem, "pieces": pieces, "placed": len(res.placements),
            "hides": res.hides_used, "hides_baseline": base.hides_used,
            "placed_baseline": len(base.placements), "area_bound_hides": res.bound,
            "utilisation": round(res.utilisation, 4),
            "utilisation_baseline": round(base.utilisation, 4),
            "mean_hide_yield": round(y["mean"], 4),
            "mean_hide_yield_baseline": round(yb["mean"], 4),
            "last_hide_yield": round(y["last"], 4), "density": round(y["density"], 4),
            "density_baseline": round(yb["density"], 4),
            "hide_yields": [round(v, 3) for v in y["per_hide"]],
            "violations": len(res.violations), "violations_baseline": len(base.violations),
            "time_s": round(res.runtime, 1), "time_baseline_s": round(tb, 1),
            "iterations": res.iterations, "time_limit_s": limit,
        }  # fmt: skip
        rows.append(row)
        print(json.dumps(row), flush=True)
    full = full_hides_case(limit, 1 if args.quick else 3)
    print(json.dumps(full), flush=True)
    if not args.quick and not args.no_scale:
        print(json.dumps(scale_case(120.0)), flush=True)

    def mean_of(ys, key):
        vals = [v for y in ys for v in y["per_hide"]] if key == "per_hide" else [y[key] for y in ys]
        return round(sum(vals) / len(vals), 4) if vals else 0.0

    def pooled_density(ys_rows, key):
        return round(sum(r[key] for r in ys_rows) / len(ys_rows), 4) if ys_rows else 0.0

    summary = {
        "bench": "nest_leather",
        "instances": len(files),
        "mean_utilisation": mean_of(ours, "per_hide"),
        "mean_utilisation_baseline": mean_of(base_y, "per_hide"),
        "mean_utilisation_without_last": round(
            sum(v for y in ours for v in y["per_hide"][:-1])
            / max(1, sum(len(y["per_hide"]) - 1 for y in ours)),
            4,
        ),
        "mean_density": pooled_density(rows, "density"),
        "mean_density_baseline": pooled_density(rows, "density_baseline"),
        "hides": ours_total,
        "hides_baseline": base_total,
        "hides_vs_baseline": round(ours_total / base_total, 4) if base_total else None,
        "never_worse_than_baseline": all(r["hides"] <= r["hides_baseline"] for r in rows),
        "demo_full_hide_yield": full["utilisation"],
        "demo_full_hide_yield_baseline": full["utilisation_baseline"],
        "all_placed": all_placed,
        "violations": violations,
        "time_limit_s": limit,
        "workers": args.workers,
        "rotation_step_deg": args.rotation_step,
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
