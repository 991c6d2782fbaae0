"""The demand engine: from a :class:`ForecastProblem` to a distribution per variant.

Steps (docs/forecasting.md tells the same story for a workshop owner):

1. Each style × colourway is one weekly series (sizes added up; weeks with sizes sold out
   are scaled up by the share of the run that was on the shelf).
2. Size curves per colourway, shrunk up the ladder colourway → style → category → all.
3. Rolling-origin cross-validation over the last ``cv_windows`` batches picks, per series,
   the statsforecast model with the lowest pinball loss at the critical ratio, measured on
   the variants (series forecast × size share), as the batch planner will use them.
4. Negative binomial dispersion per style, fitted on those same held-out batches; the
   workshop's spread is that or Poisson, whichever lost less on those batches.
5. Series too short to fit follow the launch curve of similar past colourways (category,
   last, price band), scaled by what they sold so far; with no similar launch, the pooled
   weekly rate of their category.
6. Signals: open pre-orders and waitlist sign-ups (times a conversion rate learned from
   past drops) raise the floor; fit reviews and size exchanges move the size curve.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from cordwain.domain import Variant

from .distribution import (
    POISSON_K,
    fit_dispersion,
    floor_pmf,
    floored_quantiles,
    nb_ppf,
    pinball,
)
from .problem import ForecastProblem, StyleProfile, monday
from .series import horizon_totals
from .sizecurve import SizeRows, apply_fit_feedback, floor_core, ladder_curves

#: Prior of the waitlist conversion when no past drop is known: Beta(1, 9), mean 10 %.
CONVERSION_PRIOR = (1.0, 9.0)
#: A sold-out week is scaled up by at most 1 / this share of the run on the shelf.
MIN_SHELF_SHARE = 0.25
LAUNCH = "launch-curve"
POOLED = "pooled-category-rate"


@dataclass(frozen=True, slots=True)
class SeriesForecast:
    """What was decided for one style × colourway series."""

    style: str
    colourway: str
    model: str
    mean: float
    weeks_of_history: int
    cv_loss: float | None
    dispersion: float
    note: str = ""


@dataclass(frozen=True, eq=False)
class ForecastResult:
    """Demand distributions for every variant over the horizon (whole pairs).

    ``mean``, ``dispersion``, ``committed`` and the rows of ``quantiles`` follow
    ``variants``; ``quantiles[:, j]`` is the level ``quantile_levels[j]``. ``objective`` is
    the mean held-out pinball loss (pairs per variant and batch) of the chosen models at the
    critical ratio; ``bound`` is unused (None) for this engine.
    """

    status: str
    objective: float
    bound: float | None
    runtime: float
    as_of: date
    horizon_weeks: int
    variants: tuple[Variant, ...]
    mean: np.ndarray
    quantile_levels: tuple[float, ...]
    quantiles: np.ndarray
    dispersion: np.ndarray
    base_mean: np.ndarray
    share: np.ndarray
    committed: np.ndarray
    conversion: float
    series: tuple[SeriesForecast, ...]
    diagnostics: dict = field(default_factory=dict)
    _unit: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int), repr=False)
    _floors: dict = field(default_factory=dict, repr=False)

    def index(self, sku: str | Variant) -> int:
        """Row of a variant (by SKU text or :class:`Variant`)."""
        key = sku.sku if isinstance(sku, Variant) else Variant.parse(sku).sku
        for i, v in enumerate(self.variants):
            if v.sku == key:
                return i
        raise KeyError(f"variant {key} is not in this forecast")

    def quantile(self, level: float) -> np.ndarray:
        """Demand quantile at any level in (0, 1), whole pairs, per variant."""
        if not 0 < level < 1:
            raise ValueError(f"quantile level must lie in (0, 1), got {level}")
        for j, q in enumerate(self.quantile_levels):
            if abs(q - level) < 1e-12:
                return self.quantiles[:, j].copy()
        out = nb_ppf(level, self.base_mean, self.dispersion)
        for i, pmf in self._floors.items():
            q, _ = floored_quantiles(np.array([level]), self.base_mean[i], self.dispersion[i], pmf)
            out[i] = q[0]
        return out

    def sample(self, n: int, rng: np.random.Generator | int | None = None) -> np.ndarray:
        """``n`` demand scenarios per variant (int array, variants × n), for the planner.

        Sizes of one colourway share a gamma-distributed demand level (a slow or busy batch
        hits every size), so each variant is negative binomial on its own and sizes move
        together; floors from pre-orders and waitlists are drawn and applied per scenario.
        """
        rng = np.random.default_rng(rng)
        n = int(n)
        if n < 0:
            raise ValueError("number of scenarios cannot be negative")
        if not len(self.variants):
            return np.zeros((0, n), dtype=np.int64)
        n_units = int(self._unit.max()) + 1
        k_unit = np.full(n_units, POISSON_K)
        k_unit[self._unit] = self.dispersion
        level = rng.gamma(k_unit[:, None], 1.0 / k_unit[:, None], size=(n_units, n))
        draws = rng.poisson(self.base_mean[:, None] * level[self._unit])
        for i, pmf in self._floors.items():
            floor = rng.choice(len(pmf), size=n, p=pmf / pmf.sum())
            draws[i] = np.maximum(draws[i], floor)
        return draws.astype(np.int64)

    def to_frame(self) -> pd.DataFrame:
        """One row per variant: SKU, mean, quantiles, dispersion, model, committed pairs."""
        model = {(s.style, s.colourway): s.model for s in self.series}
        frame = pd.DataFrame(
            {
                "sku": [v.sku for v in self.variants],
                "style": [v.style_code for v in self.variants],
                "colourway": [v.colourway_code for v in self.variants],
                "size": [v.size for v in self.variants],
                "mean": self.mean,
                "size_share": self.share,
                "dispersion": self.dispersion,
                "committed": self.committed,
                "model": [model[(v.style_code, v.colourway_code)] for v in self.variants],
            }
        )
        for j, q in enumerate(self.quantile_levels):
            frame[f"q{q:g}"] = self.quantiles[:, j]
        return frame


@dataclass
class _Layout:
    """Dense arrays of the history: units (style × colourway) × weeks × sizes."""

    units: list[tuple[str, str]]
    profiles: list[StyleProfile]
    sizes: list[str]
    weeks: pd.DatetimeIndex
    sold: np.ndarray  # (U, T, S)
    avail: np.ndarray  # (U, T, S) bool, False off-run and when sold out
    run: np.ndarray  # (U, S) bool
    start: np.ndarray  # (U,) first week index of each series (T if none)
    live: np.ndarray  # (U,) first week on sale: the launch week when sales came before it
    age0: np.ndarray  # (U,) week index of the launch (may be < 0 or ≥ T)
    is_launch: np.ndarray  # (U,) the history holds this colourway's launch
    style_id: np.ndarray
    category_id: np.ndarray
    style_codes: list[str]


def _layout(problem: ForecastProblem) -> _Layout:
    h = problem.horizon_weeks
    as_of = pd.Timestamp(problem.as_of)
    hist = problem.history
    weeks = problem.weeks
    t_len = len(weeks)
    units_set = set(zip(hist["style"], hist["colourway"], strict=True))
    for s in problem.styles:
        for c in s.colourways:
            launch = s.launch_of(c)
            if launch is None or pd.Timestamp(launch) < as_of + pd.Timedelta(weeks=h):
                units_set.add((s.code, c))
    for p in problem.open_pre_orders:
        units_set.add((p.variant.style_code, p.variant.colourway_code))
    for w in problem.waitlist:
        units_set.add((w.style_code.strip().upper(), w.colourway_code.strip().upper()))
    units = sorted(units_set)
    uidx = {u: i for i, u in enumerate(units)}
    profiles = [problem.style_index[s] for s, _ in units]
    sizes = sorted({z for p in problem.styles for z in p.sizes}, key=float)
    sidx = {z: i for i, z in enumerate(sizes)}
    n_u, n_s = len(units), len(sizes)
    run = np.zeros((n_u, n_s), dtype=bool)
    for i, p in enumerate(profiles):
        run[i, [sidx[z] for z in p.sizes]] = True
    sold = np.zeros((n_u, t_len, n_s))
    avail = np.repeat(run[:, None, :], t_len, axis=1)
    first_row = np.full(n_u, t_len)
    if len(hist):
        u = np.array([uidx[k] for k in zip(hist["style"], hist["colourway"], strict=True)])
        w = ((hist["week_start"] - weeks[0]).dt.days // 7).to_numpy()
        z = hist["size"].map(sidx).to_numpy()
        np.add.at(sold, (u, w, z), hist["units"].to_numpy(dtype=float))
        out = ~hist["in_stock"].to_numpy()
        avail[u[out], w[out], z[out]] = False
        np.minimum.at(first_row, u, w)
    age0 = first_row.copy()
    is_launch = first_row > 0
    origin = pd.Timestamp(weeks[0]) if t_len else as_of
    for i, (_, c) in enumerate(units):
        launch = profiles[i].launch_of(c)
        if launch is not None:
            idx = (pd.Timestamp(monday(launch)) - origin).days // 7
            age0[i] = idx
            is_launch[i] = idx >= 0
    start = np.minimum(first_row, np.clip(age0, 0, t_len))
    known = np.array(
        [p.launch_of(c) is not None for p, (_, c) in zip(profiles, units, strict=True)]
    )
    # Pre-release sales (a marketplace, early pre-orders) are not a fitted series yet.
    live = np.where(known & (age0 > start), age0, start)
    style_codes = sorted({s for s, _ in units})
    st = {s: i for i, s in enumerate(style_codes)}
    cats = sorted({p.category for p in profiles})
    ct = {c: i for i, c in enumerate(cats)}
    return _Layout(
        units=units,
        profiles=profiles,
        sizes=sizes,
        weeks=weeks,
        sold=sold,
        avail=avail,
        run=run,
        start=start,
        live=live,
        age0=age0,
        is_launch=is_launch,
        style_id=np.array([st[s] for s, _ in units], dtype=int),
        category_id=np.array([ct[p.category] for p in profiles], dtype=int),
        style_codes=style_codes,
    )


def _size_rows(lay: _Layout, cutoff: int) -> SizeRows:
    sold = lay.sold[:, :cutoff]
    u, w = np.nonzero(sold.sum(axis=2) > 0)
    return SizeRows(counts=sold[u, w], avail=lay.avail[:, :cutoff][u, w], unit=u)


def _curves(problem: ForecastProblem, lay: _Layout, cutoff: int) -> np.ndarray:
    """Size shares (U, S) learned from weeks before ``cutoff``, with fit signals applied."""
    rows = _size_rows(lay, cutoff)
    levels = [lay.category_id, lay.style_id, np.arange(len(lay.units))]
    shares, _ = ladder_curves(rows, lay.run, levels, pooled=problem.size_pooling)
    cutoff_day = (lay.weeks[0] + pd.Timedelta(weeks=cutoff)).date() if len(lay.weeks) else None
    by_style: dict[str, list] = {}
    for f in problem.feedback:
        if cutoff_day is None or f.day < cutoff_day:
            by_style.setdefault(f.variant.style_code, []).append(f)
    sold_style = np.zeros((len(lay.style_codes), len(lay.sizes)))
    np.add.at(sold_style, lay.style_id, lay.sold[:, :cutoff].sum(axis=1))
    for i, p in enumerate(lay.profiles):
        cols = np.flatnonzero(lay.run[i])
        fb = by_style.get(p.code)
        if fb:
            shares[i, cols], _ = apply_fit_feedback(
                shares[i, cols], [lay.sizes[c] for c in cols], fb, sold_style[lay.style_id[i], cols]
            )
        core = np.array([lay.sizes[c] in p.core_sizes for c in cols])
        shares[i, cols] = floor_core(shares[i, cols], core, problem.core_share_floor)
    return shares


def _unit_totals(lay: _Layout, shares: np.ndarray) -> np.ndarray:
    """Weekly pairs per series, scaled up in weeks when part of the run was sold out."""
    on_shelf = np.einsum("uts,us->ut", lay.avail.astype(float), shares)
    scale = 1.0 / np.clip(on_shelf, MIN_SHELF_SHARE, 1.0)
    return lay.sold.sum(axis=2) * scale


#: A launch "takes off" in the first week selling at least this fraction of its best week.
TAKE_OFF = 0.1


def _take_off(row: np.ndarray, first: int, cutoff: int) -> int:
    """First week from ``first`` on that sells ``TAKE_OFF`` of the best week before cutoff.

    Launch days on record and the first real selling week often differ by weeks (a drop
    announced, then shipped); aligning launch curves on the take-off keeps their peaks
    together.
    """
    first = max(int(first), 0)
    seen = row[first:cutoff]
    if seen.size == 0 or seen.max() <= 0:
        return first
    return first + int(np.argmax(seen >= TAKE_OFF * seen.max()))


def _launch_curves(
    lay: _Layout, totals: np.ndarray, target: int, cutoff: int, length: int
) -> np.ndarray | None:
    """Mean weekly pairs by week since take-off of the launches most like ``target``.

    Similar means: same category (3 points), same last (2), same price band (1); the
    launches with the highest score are averaged.
    """
    p = lay.profiles[target]
    best, refs = -1, []
    for r in range(len(lay.units)):
        if r == target or not lay.is_launch[r] or lay.live[r] >= cutoff - 1:
            continue
        q = lay.profiles[r]
        score = (
            3 * (q.category == p.category) + 2 * (q.last == p.last) + (q.price_band == p.price_band)
        )
        if score > best:
            best, refs = score, [r]
        elif score == best:
            refs.append(r)
    if not refs:
        return None
    starts = {r: _take_off(totals[r], lay.live[r], cutoff) for r in refs}
    curve = np.full(length, np.nan)
    for a in range(length):
        vals = [totals[r, starts[r] + a] for r in refs if starts[r] + a < cutoff]
        if vals:
            curve[a] = float(np.mean(vals))
        elif a > 0:
            curve[a] = curve[a - 1]
    return np.nan_to_num(curve, nan=0.0)


def _short_series_mean(
    problem: ForecastProblem, lay: _Layout, totals: np.ndarray, u: int, cutoff: int
) -> tuple[float, str, str]:
    """Horizon mean of a series too short to fit: launch curve, else pooled category rate.

    The launch curve of similar colourways is scaled by what this one sold since its own
    take-off against what the curve expected for those weeks, tempered by
    ``pooling_weeks`` weeks at the curve's own rate.
    """
    h = problem.horizon_weeks
    kappa = problem.pooling_weeks
    live = int(lay.live[u])
    sold_yet = live < cutoff and totals[u, max(live, 0) : cutoff].sum() > 0
    age0 = _take_off(totals[u], live, cutoff) if sold_yet else int(lay.age0[u])
    observed = totals[u, max(age0, 0) : cutoff]
    n_obs = observed.size
    ages = np.arange(cutoff, cutoff + h) - age0
    length = int(max(ages.max() + 1, 1))
    curve = _launch_curves(lay, totals, u, cutoff, length)
    if curve is not None and curve.sum() > 0:
        expected_seen = float(curve[: min(n_obs, length)].sum())
        rate = float(curve[: max(n_obs, 1)].mean()) or float(curve.mean())
        ratio = (float(observed.sum()) + kappa * rate) / (expected_seen + kappa * rate)
        mean = float(curve[ages[ages >= 0]].sum()) * ratio
        return mean, LAUNCH, f"launch curve of similar colourways × {ratio:.2f}"
    peers = [
        r
        for r in range(len(lay.units))
        if r != u and lay.category_id[r] == lay.category_id[u] and lay.start[r] < cutoff
    ]
    recent = totals[peers, max(cutoff - 8, 0) : cutoff] if peers else np.zeros((0, 0))
    live = [lay.start[r] for r in peers]
    if recent.size:
        weeks_live = np.clip(cutoff - np.maximum(np.array(live), cutoff - 8), 1, 8)
        pooled = float(recent.sum() / weeks_live.sum())
    else:
        pooled = float(observed.mean()) if observed.size else 0.0
    weeks_ahead = int(np.sum(ages >= 0))
    rate = (float(observed.sum()) + kappa * pooled) / (observed.size + kappa)
    return rate * weeks_ahead, POOLED, f"pooled category rate {pooled:.2f}/week"


def solve(
    problem: ForecastProblem,
    *,
    time_limit: float | None = None,
    seed: int = 0,
    n_jobs: int = 1,
) -> ForecastResult:
    """Forecast every variant of ``problem`` over its horizon (see the module docstring).

    ``time_limit`` (seconds) cuts model selection short: series then use the model chosen
    so far (status ``"time_limit"``). ``seed`` is kept for a reproducible interface; the
    fit is deterministic. ``n_jobs`` is passed to statsforecast.
    """
    del seed  # every step is deterministic
    t0 = time.perf_counter()
    timings: dict[str, float] = {}
    h = problem.horizon_weeks
    cr = float(problem.critical_ratio)
    models = list(problem.candidate_models)
    lay = _layout(problem)
    n_u, t_len = len(lay.units), len(lay.weeks)
    status = "ok"
    shares = _curves(problem, lay, t_len)
    totals = _unit_totals(lay, shares)
    timings["size_curves"] = time.perf_counter() - t0

    # Rolling-origin cross-validation on the last cv_windows batches of the history.
    y_pts: list[np.ndarray] = []
    mu_pts: dict[str, list[np.ndarray]] = {m: [] for m in models}
    unit_pts: list[np.ndarray] = []
    win_pts: list[np.ndarray] = []
    windows_used = 0
    for j in range(1, problem.cv_windows + 1):
        cutoff = t_len - j * h
        if cutoff < problem.min_history_weeks:
            break
        if time_limit is not None and time.perf_counter() - t0 > time_limit:
            status = "time_limit"
            break
        fit_units = np.flatnonzero(cutoff - lay.live >= problem.min_history_weeks)
        if fit_units.size == 0:
            continue
        cut_shares = _curves(problem, lay, cutoff)
        series = [totals[u, lay.live[u] : cutoff] for u in fit_units]
        fc = horizon_totals(series, h, models, n_jobs=n_jobs)
        actual = lay.sold[fit_units, cutoff : cutoff + h].sum(axis=1)
        ui, si = np.nonzero(lay.run[fit_units])
        y_pts.append(actual[ui, si])
        for m in models:
            mu_pts[m].append(fc[m][ui] * cut_shares[fit_units[ui], si])
        unit_pts.append(fit_units[ui])
        win_pts.append(np.full(ui.size, j))
        windows_used += 1
    timings["cross_validation"] = time.perf_counter() - t0 - timings["size_curves"]

    chosen = np.full(n_u, -1)
    cv_loss = np.full(n_u, np.nan)
    objective = 0.0
    n_styles = len(lay.style_codes)
    k_style = np.full(n_styles, POISSON_K)
    pooled_k = POISSON_K
    global_rel = np.zeros(len(models))
    quantile_model = "negative-binomial" if y_pts else "poisson"
    if y_pts:
        y = np.concatenate(y_pts)
        pu = np.concatenate(unit_pts)
        pw = np.concatenate(win_pts)
        ps = lay.style_id[pu]
        loss = np.zeros((n_u, len(models)))
        windows_of = np.zeros(n_u)
        for u_, _ in set(zip(pu.tolist(), pw.tolist(), strict=True)):
            windows_of[u_] += 1
        point_loss = {}
        # Models are compared on the Poisson quantile around their mean: the spread is
        # fitted once a model is chosen, so a model cannot win by a luckily wide spread.
        for mi, m in enumerate(models):
            mu = np.concatenate(mu_pts[m])
            point_loss[m] = pinball(y, nb_ppf(cr, mu, POISSON_K), cr)
            np.add.at(loss[:, mi], pu, point_loss[m])
        has = windows_of > 0
        per_batch = loss[has] / windows_of[has, None]
        rel = per_batch / np.maximum(per_batch.mean(axis=1, keepdims=True), 1e-9)
        global_rel = rel.mean(axis=0)
        lam = float(problem.selection_pooling)
        score = (windows_of[has, None] * rel + lam * global_rel) / (windows_of[has, None] + lam)
        chosen[has] = np.argmin(score, axis=1)
        cv_loss[has] = per_batch[np.arange(per_batch.shape[0]), chosen[has]] / np.maximum(
            lay.run[has].sum(axis=1), 1
        )
        # Dispersion per style from the held-out batches of the models actually chosen.
        mu_chosen = np.zeros_like(y)
        for mi, m in enumerate(models):
            sel = chosen[pu] == mi
            mu_chosen[sel] = np.concatenate(mu_pts[m])[sel]
        k_style, pooled_k = fit_dispersion(y, mu_chosen, ps, n_styles)
        # A style with no held-out batch of its own takes the pooled dispersion.
        seen = np.zeros(n_styles, dtype=bool)
        seen[ps] = True
        k_style[~seen] = pooled_k
        # Negative binomial or Poisson around the mean: whichever lost less on the
        # held-out batches at the critical ratio (one choice for the whole workshop, so
        # it cannot chase noise style by style).
        nb_loss = float(pinball(y, nb_ppf(cr, mu_chosen, k_style[ps]), cr).mean())
        poisson_loss = float(pinball(y, nb_ppf(cr, mu_chosen, POISSON_K), cr).mean())
        if poisson_loss <= nb_loss:
            k_style[:] = POISSON_K
            pooled_k = POISSON_K
            quantile_model = "poisson"
        objective = min(nb_loss, poisson_loss)
    default_model = int(np.argmin(global_rel)) if y_pts else _default_index(models)

    # Final fit on the whole history.
    unit_mean = np.zeros(n_u)
    unit_model = [""] * n_u
    notes = [""] * n_u
    long_units = np.flatnonzero(t_len - lay.live >= problem.min_history_weeks)
    chosen[long_units] = np.where(chosen[long_units] < 0, default_model, chosen[long_units])
    needed = sorted({int(chosen[u]) for u in long_units})
    if long_units.size:
        fc = horizon_totals(
            [totals[u, lay.live[u] :] for u in long_units],
            h,
            [models[i] for i in needed],
            n_jobs=n_jobs,
        )
        for pos, u in enumerate(long_units):
            name = models[chosen[u]]
            unit_mean[u] = fc[name][pos]
            unit_model[u] = name
            if np.isnan(cv_loss[u]):
                notes[u] = "no held-out batch: model chosen on all series"
    for u in np.setdiff1d(np.arange(n_u), long_units):
        unit_mean[u], unit_model[u], notes[u] = _short_series_mean(problem, lay, totals, u, t_len)
    unit_mean = np.clip(np.nan_to_num(unit_mean, nan=0.0, posinf=0.0), 0.0, None)
    timings["final_fit"] = time.perf_counter() - t0 - sum(timings.values())

    # Variants, signals and distributions.
    ui, si = np.nonzero(lay.run)
    variants = tuple(
        Variant(lay.units[u][0], lay.units[u][1], lay.sizes[s]) for u, s in zip(ui, si, strict=True)
    )
    row_of = {v.sku: i for i, v in enumerate(variants)}
    share = shares[ui, si]
    base_mean = unit_mean[ui] * share
    dispersion = k_style[lay.style_id[ui]].astype(float)
    committed = np.zeros(len(variants), dtype=np.int64)
    for p in problem.open_pre_orders:
        committed[row_of[p.variant.sku]] += p.quantity
    signups = sum(d.signups for d in problem.past_drops)
    orders = sum(d.orders for d in problem.past_drops)
    a, b = CONVERSION_PRIOR
    conversion = float(min((orders + a) / (signups + a + b), 1.0))
    binoms: dict[int, list[tuple[int, float]]] = {}
    unit_of = {u: i for i, u in enumerate(lay.units)}
    for w in problem.waitlist:
        key = (w.style_code.strip().upper(), w.colourway_code.strip().upper())
        u = unit_of[key]
        if w.size is not None:
            i = row_of[Variant(key[0], key[1], w.size).sku]
            binoms.setdefault(i, []).append((int(w.signups), conversion))
        else:
            for i in np.flatnonzero(ui == u):
                binoms.setdefault(int(i), []).append((int(w.signups), conversion * share[i]))
    levels = np.array(problem.quantile_levels)
    quantiles = np.column_stack([nb_ppf(q, base_mean, dispersion) for q in levels]).reshape(
        len(variants), len(levels)
    )
    mean = base_mean.copy()
    floors: dict[int, np.ndarray] = {}
    for i in sorted(set(np.flatnonzero(committed > 0).tolist()) | set(binoms)):
        pmf = floor_pmf(int(committed[i]), binoms.get(i, []))
        floors[i] = pmf
        quantiles[i], mean[i] = floored_quantiles(levels, base_mean[i], dispersion[i], pmf)
    quantiles = np.maximum.accumulate(np.maximum(quantiles, 0), axis=1)

    k_unit = k_style[lay.style_id]
    series_out = tuple(
        SeriesForecast(
            style=lay.units[u][0],
            colourway=lay.units[u][1],
            model=unit_model[u],
            mean=float(unit_mean[u]),
            weeks_of_history=int(max(t_len - lay.live[u], 0)),
            cv_loss=None if np.isnan(cv_loss[u]) else float(cv_loss[u]),
            dispersion=float(k_unit[u]),
            note=notes[u],
        )
        for u in range(n_u)
    )
    model_counts: dict[str, int] = {}
    for m in unit_model:
        model_counts[m] = model_counts.get(m, 0) + 1
    runtime = time.perf_counter() - t0
    timings["total"] = runtime
    return ForecastResult(
        status=status if n_u else "empty",
        objective=float(objective),
        bound=None,
        runtime=runtime,
        as_of=problem.as_of,
        horizon_weeks=h,
        variants=variants,
        mean=np.clip(np.nan_to_num(mean), 0.0, None),
        quantile_levels=tuple(float(q) for q in levels),
        quantiles=quantiles.astype(np.int64),
        dispersion=dispersion,
        base_mean=np.clip(np.nan_to_num(base_mean), 0.0, None),
        share=share,
        committed=committed,
        conversion=conversion,
        series=series_out,
        diagnostics={
            "cv_windows_used": windows_used,
            "model_counts": model_counts,
            "pooled_dispersion": float(pooled_k),
            "quantile_model": quantile_model,
            "model_relative_cv_loss": dict(zip(models, map(float, global_rel), strict=True)),
            "seconds": timings,
        },
        _unit=ui.astype(int),
        _floors=floors,
    )


def _default_index(models: list[str]) -> int:
    return models.index("WindowAverage") if "WindowAverage" in models else 0
