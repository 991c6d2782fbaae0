"""How long forecasting a whole workshop takes: a demo-sized catalogue and 10,000 series.

Synthetic weekly history (negative-binomial colourway totals, a bell-shaped size curve,
seasonality, a few sold-out weeks), two years long. cordwain's full forecast (model choice
by cross-validation over seven statsforecast models, pooled size curves, quantiles) is timed
against the plainest forecaster in the same run: one WindowAverage model with no choice.
Targets (issue 3): demo workshop < 10 s, 10,000 series < 60 s on 2 cores.

    python bench/forecast_scale.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
import pandas as pd

from cordwain.forecast import ForecastProblem, StyleProfile, solve

SIZES = ("7", "7.5", "8", "8.5", "9", "9.5", "10", "10.5", "11", "11.5", "12", "12.5", "13")
START = pd.Timestamp("2024-12-02")  # a Monday
WEEKS = 104


def workshop(styles: int, colourways: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    curve = np.exp(-0.5 * ((np.arange(len(SIZES)) - 6) / 2.4) ** 2)
    curve /= curve.sum()
    season = 1 + 0.3 * np.sin(2 * np.pi * np.arange(WEEKS) / 52)
    weeks = [START + pd.Timedelta(weeks=w) for w in range(WEEKS)]
    frames, profiles = [], []
    for s in range(styles):
        code = f"S{s:04d}"
        cws = tuple(f"C{c}" for c in range(colourways))
        profiles.append(
            StyleProfile(code=code, category=f"CAT{s % 5}", last=f"L{s % 7}",
                         price_band="core", sizes=SIZES, colourways=cws)
        )  # fmt: skip
        for cw in cws:
            rate = rng.gamma(2.0, 4.0)
            totals = rng.negative_binomial(3, 3 / (3 + rate * season))
            units = np.array([rng.multinomial(t, curve) for t in totals])  # weeks × sizes
            in_stock = rng.random(units.shape) > 0.03
            units = np.where(in_stock, units, 0)
            frames.append(
                pd.DataFrame({
                    "style": code, "colourway": cw,
                    "size": np.tile(SIZES, WEEKS),
                    "week_start": np.repeat(weeks, len(SIZES)),
                    "units": units.ravel(), "in_stock": in_stock.ravel(),
                })
            )  # fmt: skip
    return pd.concat(frames, ignore_index=True), tuple(profiles)


def timed(history, profiles, models) -> tuple[float, int]:
    problem = ForecastProblem(history=history, styles=profiles, candidate_models=models)
    t0 = time.perf_counter()
    result = solve(problem)
    elapsed = time.perf_counter() - t0
    assert np.isfinite(result.mean).all() and (result.quantiles >= 0).all()
    return elapsed, len(result.variants)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="demo-sized catalogue only")
    args = parser.parse_args()
    cases = [("demo_workshop", 6, 3, 10.0)]
    if not args.quick:
        cases.append(("10k_series", 256, 3, 60.0))  # 256 × 3 × 13 = 9,984 variants
    # Warm statsforecast's numba kernels once so the first case is not charged for JIT.
    warm, warm_profiles = workshop(1, 1, seed=99)
    timed(warm, warm_profiles, ("WindowAverage",))
    timed(warm, warm_profiles, ("IMAPA", "ADIDA", "CrostonOptimized", "TSB", "AutoETS"))
    for name, styles, cws, target in cases:
        history, profiles = workshop(styles, cws)
        cordwain_s, variants = timed(history, profiles, ForecastProblem.__dataclass_fields__[
            "candidate_models"].default)  # fmt: skip
        baseline_s, _ = timed(history, profiles, ("WindowAverage",))
        print(json.dumps({
            "bench": "forecast_scale", "case": name, "variants": variants,
            "cordwain_s": round(cordwain_s, 2), "window_average_only_s": round(baseline_s, 2),
            "cordwain_vs_single_model_time": round(cordwain_s / baseline_s, 2),
            "target_s": target, "within_target": cordwain_s < target,
        }))  # fmt: skip


if __name__ == "__main__":
    main()
