"""Rolling-origin backtests: how cordwain and plain baselines would have done, batch by batch.

For each of the last ``windows`` batches of the history, every model forecasts from the
weeks before the batch only and is scored on what each variant actually sold in the batch:
pinball loss at τ = 0.5, 0.75, 0.9 (pairs per variant and batch), the newsvendor cost of
making the 0.75 quantile (1 per unsold pair, 3 per missed sale: critical ratio 0.75), the
fill rate of that quantity, and wall time.

Baselines forecast each variant's own weekly series with one statsforecast model and put a
Poisson distribution around that mean; cordwain runs :func:`~cordwain.forecast.solve`.
Backtests score the sales history alone: pre-orders, waitlists and drops are left out
(their dates do not line up with past origins); feedback counts only before each origin.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from .distribution import pinball
from .engine import _layout, solve
from .problem import ForecastInputError, ForecastProblem
from .series import horizon_totals

TAUS = (0.5, 0.75, 0.9)
#: Newsvendor costs per pair: unsold (overage) 1, missed sale (underage) 3 → ratio 0.75.
OVERAGE, UNDERAGE = 1.0, 3.0
NEWSVENDOR_TAU = UNDERAGE / (UNDERAGE + OVERAGE)

#: Baseline names → the statsforecast model they run per variant.
BASELINES: dict[str, str] = {
    "naive": "Naive",
    "window4": "WindowAverage",
    "IMAPA": "IMAPA",
    "ADIDA": "ADIDA",
    "CrostonOptimized": "CrostonOptimized",
    "TSB": "TSB",
    "AutoETS": "AutoETS",
}


@dataclass(frozen=True, slots=True)
class ModelScore:
    """One model's figures over all scored batches (means are per variant and batch)."""

    model: str
    pinball: dict[float, float]
    newsvendor_cost: float
    fill_rate: float
    unsold_pairs: float
    missed_pairs: float
    pinball_075_existing: float
    wall_time: float
    scored: int

    def as_dict(self) -> dict:
        out = {"model": self.model}
        for tau, v in self.pinball.items():
            out[f"pinball_{int(round(tau * 100)):03d}"] = round(v, 6)
        out.update(
            newsvendor_cost_075=round(self.newsvendor_cost, 6),
            fill_rate_075=round(self.fill_rate, 6),
            unsold_pairs=round(self.unsold_pairs, 3),
            missed_pairs=round(self.missed_pairs, 3),
            pinball_075_existing_series=round(self.pinball_075_existing, 6),
            wall_time_s=round(self.wall_time, 3),
            variant_batches=self.scored,
        )
        return out


@dataclass(frozen=True, slots=True)
class BacktestResult:
    origins: tuple[date, ...]
    batch_weeks: int
    scores: dict[str, ModelScore]
    details: dict = field(default_factory=dict)

    def ratio(self, model: str, baseline: str, tau: float = 0.75) -> float:
        """Pinball of ``model`` over that of ``baseline`` at ``tau`` (below 1: better)."""
        den = self.scores[baseline].pinball[tau]
        num = self.scores[model].pinball[tau]
        return float(num / den) if den > 0 else float("inf") if num > 0 else 1.0


@dataclass
class _Acc:
    y: list = field(default_factory=list)
    q: dict = field(default_factory=lambda: {t: [] for t in TAUS})
    existing: list = field(default_factory=list)
    seconds: float = 0.0


def backtest(
    problem: ForecastProblem,
    *,
    windows: int = 3,
    batch_weeks: int | None = None,
    baselines: Sequence[str] = tuple(BASELINES),
    plain_share: bool = False,
    n_jobs: int = 1,
    progress: Callable[[str], None] | None = None,
) -> BacktestResult:
    """Score cordwain and ``baselines`` on the last ``windows`` batches of the history.

    ``plain_share=True`` also scores cordwain with plain historical size shares (model
    ``cordwain_plain_share``), to show what the shrunk size curves are worth.
    """
    from scipy import stats

    h = int(batch_weeks or problem.horizon_weeks)
    unknown = [b for b in baselines if b not in BASELINES]
    if unknown:
        raise ForecastInputError(f"unknown baselines {unknown}; choose from {list(BASELINES)}")
    weeks = problem.weeks
    if len(weeks) < windows * h + 2:
        raise ForecastInputError(
            f"the history has {len(weeks)} weeks; {windows} batches of {h} weeks need more",
            field="history",
        )
    hist = problem.history
    accs: dict[str, _Acc] = {"cordwain": _Acc()}
    if plain_share:
        accs["cordwain_plain_share"] = _Acc()
    for b in baselines:
        accs[b] = _Acc()
    origins = []
    details: dict = {"cordwain_models": [], "quantile_model": []}
    for i in range(windows):
        origin = weeks[len(weeks) - (windows - i) * h]
        end = origin + pd.Timedelta(weeks=h)
        origins.append(origin.date())
        past = hist[hist["week_start"] < origin]
        ahead = hist[(hist["week_start"] >= origin) & (hist["week_start"] < end)]
        actual = (
            ahead.groupby(["style", "colourway", "size"])["units"].sum().to_dict()
            if len(ahead)
            else {}
        )
        sub = dataclasses.replace(
            problem,
            history=past.reset_index(drop=True),
            as_of=origin.date(),
            horizon_weeks=h,
            quantile_levels=TAUS,
            pre_orders=(),
            waitlist=(),
            past_drops=(),
            feedback=tuple(f for f in problem.feedback if f.day < origin.date()),
        )
        preds: dict[str, dict[tuple, dict[float, float]]] = {}
        runs = [("cordwain", sub)]
        if plain_share:
            runs.append(("cordwain_plain_share", dataclasses.replace(sub, size_pooling=False)))
        for name, prob in runs:
            t = time.perf_counter()
            res = solve(prob, n_jobs=n_jobs)
            accs[name].seconds += time.perf_counter() - t
            preds[name] = {
                (v.style_code, v.colourway_code, v.size): {
                    tau: float(res.quantiles[r, j]) for j, tau in enumerate(TAUS)
                }
                for r, v in enumerate(res.variants)
            }
            if name == "cordwain":
                details["cordwain_models"].append(res.diagnostics["model_counts"])
                details["quantile_model"].append(res.diagnostics["quantile_model"])
        lay = _layout(sub)
        existing = set()
        keys, series = [], []
        t_len = len(lay.weeks)
        for u, (style, colour) in enumerate(lay.units):
            if lay.start[u] >= t_len:
                continue
            for s in np.flatnonzero(lay.run[u]):
                keys.append((style, colour, lay.sizes[s]))
                series.append(lay.sold[u, lay.start[u] :, s])
                existing.add((style, colour, lay.sizes[s]))
        for b in baselines:
            t = time.perf_counter()
            mu = horizon_totals(series, h, [BASELINES[b]], n_jobs=n_jobs)[BASELINES[b]]
            qs = {tau: stats.poisson.ppf(tau, np.maximum(mu, 1e-12)) for tau in TAUS}
            accs[b].seconds += time.perf_counter() - t
            preds[b] = {
                k: {tau: float(np.nan_to_num(qs[tau][n])) for tau in TAUS}
                for n, k in enumerate(keys)
            }
        universe = set(actual) | existing | set(preds["cordwain"])
        ordered = sorted(universe)
        y = np.array([actual.get(k, 0) for k in ordered], dtype=float)
        is_existing = np.array([k in existing for k in ordered])
        for name, acc in accs.items():
            table = preds[name]
            acc.y.append(y)
            acc.existing.append(is_existing)
            for tau in TAUS:
                acc.q[tau].append(np.array([table.get(k, {}).get(tau, 0.0) for k in ordered]))
        if progress:
            progress(f"window {i + 1}/{windows} from {origin.date()}: {len(ordered)} variants")
    scores = {}
    for name, acc in accs.items():
        y = np.concatenate(acc.y)
        ex = np.concatenate(acc.existing)
        qs = {tau: np.concatenate(acc.q[tau]) for tau in TAUS}
        q75 = qs[NEWSVENDOR_TAU]
        unsold = np.maximum(q75 - y, 0)
        missed = np.maximum(y - q75, 0)
        scores[name] = ModelScore(
            model=name,
            pinball={tau: float(pinball(y, qs[tau], tau).mean()) for tau in TAUS},
            newsvendor_cost=float((OVERAGE * unsold + UNDERAGE * missed).mean()),
            fill_rate=float(np.minimum(q75, y).sum() / max(y.sum(), 1e-12)),
            unsold_pairs=float(unsold.sum()),
            missed_pairs=float(missed.sum()),
            pinball_075_existing=float(pinball(y[ex], q75[ex], 0.75).mean()) if ex.any() else 0.0,
            wall_time=acc.seconds,
            scored=int(y.size),
        )
    return BacktestResult(tuple(origins), h, scores, details)
