"""Demand backtest on real sneaker sales (StockX 2019 data contest), cordwain vs baselines.

Usage: ``python bench/demand_stockx.py [PATH] [--quick]``

PATH is the folder ``stockx_2019_sneaker_sales`` (default: ``../shared/data/demand/...``
beside the repository, or ``$CORDWAIN_STOCKX``). Rolling origin over the last 12 full
weeks (2018-11-19 .. 2019-02-10): 3 batches of 4 weeks; each model forecasts every
style × colourway × size from the weeks before the batch and is scored on what sold in it.
Prints one JSON line per model, one on the size curves, and a final line with cordwain's
pinball loss at τ = 0.75 over naive, window4 and the best single model. ``--quick`` takes
8 colourways and 1 batch.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO / ".." / "shared" / "data" / "demand" / "stockx_2019_sneaker_sales"
LAST_FULL_WEEK = pd.Timestamp("2019-02-04")  # the week of 2019-02-11 is partial: dropped

#: Product lines (longest first); what follows in the name is the colourway.
STYLE_PREFIXES = (
    "Adidas-Yeezy-Boost-350-Low-V2",
    "Adidas-Yeezy-Boost-350-Low",
    "Adidas-Yeezy-Boost-350-V2",
    "Air-Jordan-1-Retro-High-Off-White",
    "Nike-Air-Force-1-Low",
    "Nike-Air-Max-90",
    "Nike-Air-Max-97",
    "Nike-Air-Presto",
    "Nike-Air-VaporMax",
    "Nike-Blazer-Mid",
    "Nike-React-Hyperdunk-2017-Flyknit",
    "Nike-Zoom-Fly-Mercurial",
    "Nike-Zoom-Fly",
)


def code(text: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in text.strip().upper()).strip("_")


def split_name(name: str) -> tuple[str, str]:
    for prefix in STYLE_PREFIXES:
        if name.lower().startswith(prefix.lower()):
            rest = name[len(prefix) :].strip("-")
            return code(prefix), code(rest) or "OG"
    return code(name), "OG"


def load(folder: Path, *, quick: bool):
    from cordwain.forecast import ForecastProblem, StyleProfile, monday, price_band_of

    sales = pd.read_csv(folder / "stockx_2019_sales.csv")
    names = sorted(sales["sneaker_name"].unique())
    if quick:
        names = names[::6][:8]
        sales = sales[sales["sneaker_name"].isin(names)]
    sales = sales.assign(
        week_start=pd.to_datetime(sales["order_date"]).map(lambda d: pd.Timestamp(monday(d.date())))
    )
    sales = sales[sales["week_start"] <= LAST_FULL_WEEK]
    parts = {n: split_name(n) for n in names}
    sales["style"] = sales["sneaker_name"].map(lambda n: parts[n][0])
    sales["colourway"] = sales["sneaker_name"].map(lambda n: parts[n][1])
    sales["category"] = sales["brand"].str.strip().map(code)
    sales["size"] = sales["shoe_size_us"].map(lambda s: f"{s:g}")
    history = (
        sales.groupby(["style", "colourway", "size", "week_start"])["order_date"]
        .count()
        .rename("units")
        .reset_index()
    )
    history["in_stock"] = True
    # The size run of a line is every size its brand sold: catalogue knowledge, not sales.
    run = sales.groupby("category")["size"].agg(lambda s: tuple(sorted(set(s), key=float)))
    profiles = []
    for style, grp in sales.groupby("style"):
        category = grp["category"].iloc[0]
        launches = (
            grp.groupby("colourway")["release_date"].first().map(lambda d: pd.Timestamp(d).date())
        )
        profiles.append(
            StyleProfile(
                code=style,
                category=category,
                last=style,
                price_band=price_band_of(float(grp["retail_price_usd"].iloc[0])),
                sizes=run[category],
                colourways=tuple(launches.index),
                colourway_launches=launches.to_dict(),
            )
        )
    return ForecastProblem(history=history, styles=tuple(profiles), horizon_weeks=4)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=os.environ.get("CORDWAIN_STOCKX", DEFAULT))
    parser.add_argument("--quick", action="store_true", help="8 colourways, 1 batch")
    args = parser.parse_args(argv)
    folder = Path(args.path)
    if not (folder / "stockx_2019_sales.csv").exists():
        print(json.dumps({"bench": "demand_stockx", "skipped": f"no data at {folder}"}))
        return 0
    t0 = time.perf_counter()
    import statsforecast  # noqa: F401  (imported here so its load time is reported apart)

    from cordwain.forecast import BASELINES, backtest

    import_s = time.perf_counter() - t0
    problem = load(folder, quick=args.quick)
    windows = 1 if args.quick else 3
    result = backtest(problem, windows=windows, batch_weeks=4, plain_share=True)
    for score in result.scores.values():
        print(json.dumps({"bench": "demand_stockx", **score.as_dict()}))
    singles = [b for b in BASELINES if b in result.scores]
    best = min(singles, key=lambda b: result.scores[b].pinball[0.75])
    print(
        json.dumps(
            {
                "bench": "demand_stockx",
                "size_curve": "shrunk_vs_plain_share",
                "pinball_075_ratio": round(result.ratio("cordwain", "cordwain_plain_share"), 4),
                "pinball_075_existing_series_ratio": round(
                    result.scores["cordwain"].pinball_075_existing
                    / max(result.scores["cordwain_plain_share"].pinball_075_existing, 1e-12),
                    4,
                ),
                "origins": [str(o) for o in result.origins],
                "variant_batches": result.scores["cordwain"].scored,
                "import_s": round(import_s, 3),
                "total_s": round(time.perf_counter() - t0, 3),
                "best_single_model": best,
                "cordwain_models": result.details["cordwain_models"],
                "quantile_model": result.details["quantile_model"],
            }
        )
    )
    print(
        json.dumps(
            {
                "bench": "demand_stockx",
                "cordwain_vs_naive": round(result.ratio("cordwain", "naive"), 4),
                "cordwain_vs_window4": round(result.ratio("cordwain", "window4"), 4),
                "cordwain_vs_best_single_model": round(result.ratio("cordwain", best), 4),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
