"""Batch policy backtest: real StockX sales as the demand of a workshop making 4-week batches.

Usage: ``python bench/batch_policy_stockx.py [PATH] [--quick] [--seed N]``

PATH is the folder ``stockx_2019_sneaker_sales`` (default: ``$CORDWAIN_STOCKX``, else
``$CORDWAIN_DATA/demand/stockx_2019_sneaker_sales``, else ``../shared/data/demand/...`` beside
the repository). Without it the bench prints a ``skipped`` line and exits 0.

The 2017–2019 StockX sales (style × colourway × US size, weekly) are replayed as the demand of
a workshop that makes a batch every 4 weeks. Every policy sees the same demand and the same
costs (unit cost 45% of retail, outlet 20% of retail for a pair left at the end; the mass run
alone gets a bulk unit cost, 80% of the workshop's). A colourway enters the replay at the
first batch with at least 4 pairs sold in the 8 weeks before it. Pairs not sold carry over
as finished stock; what is left when the season ends is the unsold pairs.

- ``cordwain``: the production path, as the service ``plan_next_batch`` runs it: before each
  batch the demand engine (``cordwain.forecast``) is refitted on the weeks before it (StockX
  names split into style × colourway as in ``bench/demand_stockx.py``), its demand scenarios
  go to the sample-average integer program with a minimum run per colourway, the waste
  penalty, and the finished stock netted.
- ``last_period``: "make what sold last period", topping finished stock up to the pairs each
  size sold in the 4 weeks before the batch.
- ``fixed_run``: the same run per size every batch, whatever is on the shelf: the size's
  average weekly sales over the 8 weeks before the colourway enters × 4, rounded half up.
- ``mass``: one seasonal run per colourway when it enters, sized per size to the 95th
  percentile of its season demand (whole past weeks redrawn from its last 8 weeks).
- ``cordwain_bootstrap`` (extra): the same integer program with scenarios from a bootstrap
  of the colourway's last 8 weeks split over sizes by its 26-week size curve — no forecaster.

Prints one JSON line per policy (pairs made, sold, unsold, lost sales, fill rate, margin),
then (full run only) the trade-off line as the waste penalty varies, and a final line
``{"bench": "batch_policy", "unsold_vs_last_period", "margin_vs_last_period",
"unsold_vs_mass", ...}`` for ``cordwain``. ``--quick`` replays the last 5 batches of 12
colourways.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

from cordwain.domain import Variant
from cordwain.plan import BatchProblem, solve

BENCH = "batch_policy"
PERIOD = 4  # weeks per batch
HISTORY = 8  # weeks before a batch that the bootstrap, fixed run and mass run look at
SCENARIOS = 200
COST_SHARE = 0.45  # unit cost as a share of retail price
SALVAGE_SHARE = 0.20  # outlet price of a pair left at the end
BULK_SHARE = 0.80  # mass production's unit cost relative to the workshop's
MASS_QUANTILE = 0.95
WASTE_PENALTY = 20.0  # per unsold pair, in the planner's objective only (the default run)
FRONTIER_PENALTIES = (0.0, 10.0, 30.0, 60.0)
MIN_RUN = 6  # pairs per colourway per batch when made
RECENCY_HALF_LIFE = 3.0  # weeks: how fast older weeks lose weight in the bootstrap
CURVE_WEEKS = 26  # weeks of history for each colourway's size curve
MIN_ENTRY_SALES = 4  # pairs in the HISTORY weeks before a batch for a colourway to enter
POLICIES = ("cordwain", "last_period", "fixed_run", "mass", "cordwain_bootstrap")


def default_dir() -> Path:
    if os.environ.get("CORDWAIN_STOCKX"):
        return Path(os.environ["CORDWAIN_STOCKX"])
    root = os.environ.get("CORDWAIN_DATA")
    base = Path(root) if root else Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
    return base / "demand" / "stockx_2019_sneaker_sales"


def emit(obj: dict) -> None:
    print(json.dumps(obj), flush=True)


def load(folder: Path):
    """Sales cube (colourways × sizes × weeks) and what the forecaster needs about each name."""
    import pandas as pd

    weekly = pd.read_csv(folder / "weekly_style_size_counts.csv", parse_dates=["week_start"])
    sales = pd.read_csv(
        folder / "stockx_2019_sales.csv",
        usecols=["sneaker_name", "retail_price_usd", "brand", "release_date"],
    )
    price = sales.groupby("sneaker_name")["retail_price_usd"].first()
    meta = sales.groupby("sneaker_name")[["brand", "release_date"]].first()
    weeks = pd.date_range(weekly.week_start.min(), weekly.week_start.max(), freq="7D")
    weeks = weeks[:-1]  # the last week is partial
    names = sorted(weekly.sneaker_name.unique())
    sizes = sorted(weekly.shoe_size_us.unique())
    cube = np.zeros((len(names), len(sizes), len(weeks)), dtype=np.int64)
    wi = {w: i for i, w in enumerate(weeks)}
    ni = {n: i for i, n in enumerate(names)}
    si = {s: i for i, s in enumerate(sizes)}
    for row in weekly.itertuples(index=False):
        if row.week_start in wi:
            cube[ni[row.sneaker_name], si[row.shoe_size_us], wi[row.week_start]] += (
                row.units_sampled
            )
    prices = np.array([float(price[n]) for n in names])
    return names, [str(s) for s in sizes], cube, prices, weeks, meta


def bootstrap(history: np.ndarray, horizon: int, rng: np.random.Generator, n: int) -> np.ndarray:
    """Sizes × scenarios: ``horizon`` whole weeks drawn with replacement from ``history``
    (sizes × weeks), summed — sizes stay correlated as they were in each week."""
    picks = rng.integers(0, history.shape[1], size=(n, horizon))
    return history[:, picks].sum(axis=2)


def size_curve_bootstrap(
    recent: np.ndarray, longer: np.ndarray, horizon: int, rng: np.random.Generator, n: int
) -> np.ndarray:
    """Sizes × scenarios: the colourway's total over ``horizon`` weeks drawn from its recent
    weekly totals (later weeks likelier, as demand drifts), split over sizes by a multinomial
    draw on the size curve of the longer history (a size's own recent weeks are too sparse)."""
    totals = recent.sum(axis=0)
    age = np.arange(len(totals))[::-1]
    w = 0.5 ** (age / RECENCY_HALF_LIFE)
    picks = rng.choice(len(totals), size=(n, horizon), p=w / w.sum())
    total = totals[picks].sum(axis=1)
    curve = longer.sum(axis=1) + 0.5
    curve = curve / curve.sum()
    return rng.multinomial(total, curve).T


def fixed_run_of(history: np.ndarray) -> np.ndarray:
    """Pairs per size made every batch: average weekly sales × batch weeks, rounded half up."""
    return np.floor(history.mean(axis=1) * PERIOD + 0.5).astype(np.int64)


def critical_ratio(penalty: float, prices: np.ndarray) -> float:
    """The ratio the service hands the forecaster: the median variant's (price − cost) over
    (price − salvage + waste penalty)."""
    p = float(np.median(prices))
    return round((1 - COST_SHARE) * p / ((1 - SALVAGE_SHARE) * p + penalty), 3)


def _split_name(name: str) -> tuple[str, str]:
    """Style and colourway codes of a StockX name, as bench/demand_stockx.py splits them."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from demand_stockx import split_name

    return split_name(name)


def _brand_code(brand: str) -> str:
    """The forecaster's category: the brand, upper case, spaces and dashes as underscores."""
    return "".join(c if c.isalnum() else "_" for c in brand.strip().upper())


class ForecastScenarios:
    """Demand scenarios from the real demand engine (cordwain.forecast), refitted each batch
    on the weeks before it — what ``plan_next_batch`` does in the product."""

    def __init__(self, names, sizes, cube, prices, weeks, meta, styles) -> None:
        import pandas as pd

        from cordwain.domain import format_size
        from cordwain.forecast import StyleProfile, price_band_of

        self.weeks = weeks
        self.parts = {s: _split_name(names[s]) for s in styles}
        self.sizes = [format_size(z) for z in sizes]
        rows = []
        for s in styles:
            st, cw = self.parts[s]
            zi, wi = np.nonzero(cube[s])
            for z, w in zip(zi, wi, strict=True):
                rows.append((st, cw, self.sizes[z], weeks[w], int(cube[s, z, w]), True))
        self.history = pd.DataFrame(
            rows, columns=["style", "colourway", "size", "week_start", "units", "in_stock"]
        )
        brand = {s: _brand_code(meta.loc[names[s], "brand"]) for s in styles}
        by_brand: dict[str, set[str]] = {}
        for s in styles:
            seen = {self.sizes[z] for z in np.flatnonzero(cube[s].sum(axis=1) > 0)}
            by_brand.setdefault(brand[s], set()).update(seen)
        profiles: dict[str, dict] = {}
        for s in styles:
            st, cw = self.parts[s]
            p = profiles.setdefault(st, {"category": brand[s], "price": prices[s], "launches": {}})
            p["launches"][cw] = pd.Timestamp(meta.loc[names[s], "release_date"]).date()
        self.profiles = tuple(
            StyleProfile(
                code=st, category=p["category"], last=st,
                price_band=price_band_of(float(p["price"])),
                sizes=tuple(sorted(by_brand[p["category"]], key=float)),
                colourways=tuple(p["launches"]), colourway_launches=p["launches"],
            )
            for st, p in profiles.items()
        )  # fmt: skip
        self.runtime = 0.0
        self.fits = 0

    def draw(self, t: int, ratio: float, rows, rng: np.random.Generator, n: int) -> np.ndarray:
        """Scenarios (rows × n) of the ``PERIOD`` weeks from week ``t`` for (colourway, size)
        rows, from a forecast fitted on the weeks before ``t`` at critical ratio ``ratio``."""
        from cordwain.forecast import ForecastProblem
        from cordwain.forecast import solve as forecast

        problem = ForecastProblem(
            history=self.history[self.history.week_start < self.weeks[t]],
            styles=self.profiles,
            horizon_weeks=PERIOD,
            as_of=self.weeks[t].date(),
            critical_ratio=ratio,
        )
        t0 = time.perf_counter()
        result = forecast(problem)
        self.runtime += time.perf_counter() - t0
        self.fits += 1
        draws = result.sample(n, rng)
        index = {v.sku: i for i, v in enumerate(result.variants)}
        out = np.zeros((len(rows), n), dtype=np.int64)
        for k, (s, z) in enumerate(rows):
            st, cw = self.parts[s]
            i = index.get(f"{st}-{cw}-{self.sizes[z]}")
            if i is not None:
                out[k] = draws[i]
        return out


class Replay:
    """The data, the colourways in play and their entry batches: shared by every run."""

    def __init__(self, folder: Path, quick: bool) -> None:
        self.names, self.sizes, self.cube, self.prices, weeks, meta = load(folder)
        n_weeks = self.cube.shape[2]
        starts = list(range(HISTORY + PERIOD, n_weeks - PERIOD + 1, PERIOD))
        styles = list(range(len(self.names)))
        if quick:
            starts = starts[-5:]
            top = np.argsort(-self.cube.sum(axis=(1, 2)))
            styles = sorted(int(s) for s in top[::3][:12])
        self.starts = starts
        self.entry: dict[int, int] = {}
        for s in styles:
            for t in starts:
                if self.cube[s, :, t - HISTORY : t].sum() >= MIN_ENTRY_SALES:
                    self.entry[s] = t
                    break
        self.engine = ForecastScenarios(
            self.names, self.sizes, self.cube, self.prices, weeks, meta, styles
        )

    def run(self, seed: int, penalty: float, policies: tuple[str, ...]) -> dict[str, dict]:
        cube, prices = self.cube, self.prices
        cost = prices * COST_SHARE
        salvage = prices * SALVAGE_SHARE
        ratio = critical_ratio(penalty, prices)
        # One stream per source of randomness, so a policy's draws do not depend on which
        # other policies run alongside it.
        rng_mass = np.random.default_rng(seed)
        rng_boot = np.random.default_rng(seed + 2)
        rng_fc = np.random.default_rng(seed + 1)
        shape = cube.shape[:2]
        stock = {p: np.zeros(shape, dtype=np.int64) for p in policies}
        made = {p: np.zeros(shape, dtype=np.int64) for p in policies}
        sold = {p: np.zeros(shape, dtype=np.int64) for p in policies}
        demand = np.zeros(shape, dtype=np.int64)
        fixed = np.zeros(shape, dtype=np.int64)
        season_end = self.starts[-1] + PERIOD
        solver = {p: {"seconds": 0.0, "gaps": [], "statuses": {}} for p in policies}
        fc_before = self.engine.runtime

        def make(p: str, s, q) -> None:
            made[p][s] += q
            stock[p][s] += q

        def plan(p: str, t: int, active: list[int]) -> None:
            rows, variants = [], []
            scen_rows = []
            for s in active:
                seen = np.flatnonzero(cube[s, :, :t].sum(axis=1) > 0)
                if p == "cordwain_bootstrap":
                    hist = cube[s, seen, t - HISTORY : t]
                    longer = cube[s, seen, max(0, t - CURVE_WEEKS) : t]
                    scen_rows.append(
                        size_curve_bootstrap(hist, longer, PERIOD, rng_boot, SCENARIOS)
                    )
                for z in seen:
                    rows.append((s, z))
                    variants.append(Variant(f"S{s:02d}", "CW", self.sizes[z]))
            if p == "cordwain":
                scen = self.engine.draw(t, ratio, rows, rng_fc, SCENARIOS)
            else:
                scen = np.vstack(scen_rows)
            problem = BatchProblem(
                tuple(variants), scen,
                price=[prices[s] for s, _ in rows], unit_cost=[cost[s] for s, _ in rows],
                salvage=[salvage[s] for s, _ in rows], waste_penalty=penalty,
                finished_stock=[stock[p][s, z] for s, z in rows],
                min_run={f"S{s:02d}-CW": MIN_RUN for s in active}, max_scenarios=SCENARIOS,
            )  # fmt: skip
            result = solve(problem, time_limit=20, seed=seed)
            info = solver[p]
            info["seconds"] += result.runtime
            info["gaps"].append(result.gap)
            info["statuses"][result.status] = info["statuses"].get(result.status, 0) + 1
            for (s, z), v in zip(rows, variants, strict=True):
                make(p, (s, z), result.quantities[v])

        for t in self.starts:
            active = [s for s, t0 in self.entry.items() if t0 <= t]
            if not active:
                continue
            for s in active:
                hist = cube[s, :, t - HISTORY : t]
                if self.entry[s] == t:
                    fixed[s] = fixed_run_of(hist)
                    if "mass" in policies:
                        season = bootstrap(hist, season_end - t, rng_mass, SCENARIOS)
                        q = np.quantile(season, MASS_QUANTILE, axis=1, method="inverted_cdf")
                        make("mass", s, np.ceil(q).astype(np.int64))
                if "last_period" in policies:
                    last = cube[s, :, t - PERIOD : t].sum(axis=1)
                    make("last_period", s, np.maximum(0, last - stock["last_period"][s]))
                if "fixed_run" in policies:
                    make("fixed_run", s, fixed[s])
            for p in ("cordwain", "cordwain_bootstrap"):
                if p in policies:
                    plan(p, t, active)
            # The batch's demand arrives.
            for s in active:
                d = cube[s, :, t : t + PERIOD].sum(axis=1)
                demand[s] += d
                for p in policies:
                    got = np.minimum(stock[p][s], d)
                    sold[p][s] += got
                    stock[p][s] -= got

        out = {}
        for p in policies:
            unit = cost * (BULK_SHARE if p == "mass" else 1.0)
            margin = (
                (sold[p].sum(axis=1) * prices).sum()
                + (stock[p].sum(axis=1) * salvage).sum()
                - (made[p].sum(axis=1) * unit).sum()
            )
            row = {
                "bench": BENCH,
                "policy": p,
                "batches": len(self.starts),
                "colourways": len(self.entry),
                "pairs_made": int(made[p].sum()),
                "pairs_sold": int(sold[p].sum()),
                "unsold": int(stock[p].sum()),
                "lost_sales": int(demand.sum() - sold[p].sum()),
                "fill_rate": round(float(sold[p].sum() / max(1, demand.sum())), 4),
                "margin": round(float(margin), 2),
            }
            if p.startswith("cordwain"):
                info = solver[p]
                row["waste_penalty"] = penalty
                row["solve_seconds"] = round(info["seconds"], 2)
                row["max_gap"] = round(float(max(info["gaps"])), 5)
                row["statuses"] = info["statuses"]
            if p == "cordwain":
                row["critical_ratio"] = ratio
                row["forecast_seconds"] = round(self.engine.runtime - fc_before, 2)
            out[p] = row
        return out


def ratios(out: dict[str, dict], policy: str) -> dict:
    """``policy`` against the baselines: unsold pairs and margin as ratios, fill rate as a
    difference in share of demand met."""
    mine, last, mass, fixed = out[policy], out["last_period"], out["mass"], out["fixed_run"]
    return {
        "unsold_vs_last_period": round(mine["unsold"] / max(1, last["unsold"]), 4),
        "margin_vs_last_period": round(mine["margin"] / last["margin"], 4),
        "unsold_vs_mass": round(mine["unsold"] / max(1, mass["unsold"]), 4),
        "fill_rate_delta": round(mine["fill_rate"] - last["fill_rate"], 4),
        "fill_rate_delta_vs_mass": round(mine["fill_rate"] - mass["fill_rate"], 4),
        "margin_vs_mass": round(mine["margin"] / mass["margin"], 4),
        "unsold_vs_fixed_run": round(mine["unsold"] / max(1, fixed["unsold"]), 4),
        "fill_rate_delta_vs_fixed_run": round(mine["fill_rate"] - fixed["fill_rate"], 4),
        "margin_vs_fixed_run": round(mine["margin"] / fixed["margin"], 4),
    }


def targets_met(r: dict) -> bool:
    """The issue's targets: at equal or better fill rate than both baselines, unsold ≤ 0.7×
    "last period" and ≤ 0.3× the mass run, margin ≥ "last period"'s."""
    return (
        r["fill_rate_delta"] >= 0
        and r["fill_rate_delta_vs_mass"] >= 0
        and r["unsold_vs_last_period"] <= 0.7
        and r["unsold_vs_mass"] <= 0.3
        and r["margin_vs_last_period"] >= 1.0
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=None, help="StockX data folder")
    parser.add_argument("--quick", action="store_true", help="last 5 batches of 12 colourways")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    folder = args.path or default_dir()
    if not (folder / "weekly_style_size_counts.csv").exists():
        emit({"bench": BENCH, "skipped": f"StockX data folder absent: {folder}"})
        return 0
    t0 = time.perf_counter()
    replay = Replay(folder, args.quick)
    out = replay.run(args.seed, WASTE_PENALTY, POLICIES)
    for p in POLICIES:
        emit(out[p])
    if not args.quick:
        # The waste penalty is the workshop's knob between fill rate and unsold pairs.
        points = []
        for pen in FRONTIER_PENALTIES:
            o = replay.run(args.seed, pen, ("cordwain", "last_period", "fixed_run", "mass"))
            r = ratios(o, "cordwain")
            points.append(
                {"waste_penalty": pen, "unsold": o["cordwain"]["unsold"],
                 "fill_rate": o["cordwain"]["fill_rate"]}
                | {k: r[k] for k in ("unsold_vs_last_period", "unsold_vs_mass",
                                     "fill_rate_delta", "margin_vs_last_period")}
            )  # fmt: skip
        emit({"bench": f"{BENCH}_frontier", "policy": "cordwain", "points": points})
    final = ratios(out, "cordwain")
    boot = ratios(out, "cordwain_bootstrap")
    emit(
        {"bench": BENCH} | final
        | {"targets_met": targets_met(final), "waste_penalty": WASTE_PENALTY,
           "batches": len(replay.starts), "colourways": len(replay.entry)}
        | {f"bootstrap_{k}": boot[k] for k in ("unsold_vs_last_period", "margin_vs_last_period",
                                               "unsold_vs_mass", "fill_rate_delta")}
        | {"wall_s": round(time.perf_counter() - t0, 1)}
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
