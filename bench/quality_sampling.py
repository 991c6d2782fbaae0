"""Z1.4 single sampling vs a naive "inspect 10%, accept only with 0 defects" rule.

For each lot size and AQL, both plans' chance of accepting a lot (hypergeometric: the lot is
finite and sampled without replacement; binomial figures are printed alongside) gives:
producer's risk = chance a lot exactly at the AQL is rejected; consumer's risk = chance a lot
at 4 x AQL is accepted; and pairs inspected. Each JSON line carries the ratios naive / Z1.4.

    python bench/quality_sampling.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import math
import time

from cordwain.domain import Severity
from cordwain.quality import SamplingPlan, acceptance_probability, sampling_plan


def naive_plan(lot_size: int) -> SamplingPlan:
    n = max(1, math.ceil(0.10 * lot_size))
    return SamplingPlan("-", n, 0, 1, n >= lot_size, lot_size, "naive", "-")


def risks(plan: SamplingPlan, aql_pct: float, model: str) -> tuple[float, float]:
    p0 = aql_pct / 100.0
    return (
        1.0 - acceptance_probability(plan, p0, model=model),
        acceptance_probability(plan, 4 * p0, model=model),
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="two lot sizes, one AQL")
    args = ap.parse_args()
    lots = [150, 1200] if args.quick else [50, 150, 280, 500, 1200, 3200, 10000]
    aqls = [2.5] if args.quick else [1.0, 2.5, 4.0]
    t0 = time.perf_counter()
    sums = {"z_prod": 0.0, "z_cons": 0.0, "z_n": 0, "b_prod": 0.0, "b_cons": 0.0, "b_n": 0}
    rows = 0
    for aql in aqls:
        for lot in lots:
            z = sampling_plan(lot, aql)
            b = naive_plan(lot)
            zp, zc = risks(z, aql, "hypergeometric")
            bp, bc = risks(b, aql, "hypergeometric")
            zpb, zcb = risks(z, aql, "binomial")
            bpb, bcb = risks(b, aql, "binomial")
            line = {
                "bench": "quality_sampling",
                "severity_class": Severity.MAJOR.value,
                "lot_size": lot,
                "aql": aql,
                "z14": {"code_letter": z.code_letter, "n": z.sample_size, "ac": z.ac,
                        "re": z.re, "producers_risk": round(zp, 4),
                        "consumers_risk_4xAQL": round(zc, 4),
                        "producers_risk_binomial": round(zpb, 4),
                        "consumers_risk_binomial": round(zcb, 4)},
                "naive_10pct_c0": {"n": b.sample_size, "producers_risk": round(bp, 4),
                                   "consumers_risk_4xAQL": round(bc, 4),
                                   "producers_risk_binomial": round(bpb, 4),
                                   "consumers_risk_binomial": round(bcb, 4)},
                "ratio_producers_risk_naive_over_z14": round(bp / zp, 3) if zp else None,
                "ratio_consumers_risk_naive_over_z14": round(bc / zc, 3) if zc else None,
                "ratio_sample_naive_over_z14": round(b.sample_size / z.sample_size, 3),
            }  # fmt: skip
            print(json.dumps(line))
            rows += 1
            sums["z_prod"] += zp
            sums["z_cons"] += zc
            sums["z_n"] += z.sample_size
            sums["b_prod"] += bp
            sums["b_cons"] += bc
            sums["b_n"] += b.sample_size
    summary = {
        "bench": "quality_sampling",
        "summary": True,
        "quick": args.quick,
        "cases": rows,
        "mean_producers_risk": {"z14": round(sums["z_prod"] / rows, 4),
                                "naive": round(sums["b_prod"] / rows, 4)},
        "mean_consumers_risk_4xAQL": {"z14": round(sums["z_cons"] / rows, 4),
                                      "naive": round(sums["b_cons"] / rows, 4)},
        "average_sample_size": {"z14": round(sums["z_n"] / rows, 1),
                                "naive": round(sums["b_n"] / rows, 1)},
        "ratio_mean_producers_risk_naive_over_z14": round(sums["b_prod"] / sums["z_prod"], 3),
        "ratio_mean_consumers_risk_naive_over_z14": round(sums["b_cons"] / sums["z_cons"], 3),
        "ratio_average_sample_naive_over_z14": round(sums["b_n"] / sums["z_n"], 3),
        "runtime_s": round(time.perf_counter() - t0, 3),
    }  # fmt: skip
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
