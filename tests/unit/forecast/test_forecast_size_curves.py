"""Size curves: censored weeks, shrinkage toward the category, fit signals, core sizes."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from cordwain.domain import Feedback, Variant
from cordwain.forecast import ForecastProblem, solve
from cordwain.forecast.sizecurve import SizeRows, apply_fit_feedback, floor_core, ladder_curves


def _shares(result, style="MARA", colourway="BLK"):
    rows = [
        i
        for i, v in enumerate(result.variants)
        if v.style_code == style and v.colourway_code == colourway
    ]
    return {result.variants[i].size: result.share[i] for i in rows}


def test_a_sold_out_week_does_not_pull_the_size_down(history, make_profile):
    hist = history(rate=40.0, weeks=30)
    # Size 10 sold out for 10 weeks: those weeks show zero pairs of 10, flagged.
    out = (hist["size"] == "10") & (hist["week_start"] >= pd.Timestamp("2024-03-04"))
    out &= hist["week_start"] < pd.Timestamp("2024-05-13")
    flagged = hist.copy()
    flagged.loc[out, "units"] = 0
    flagged.loc[out, "in_stock"] = False
    unflagged = flagged.assign(in_stock=True)
    styles = (make_profile(),)
    honest = _shares(solve(ForecastProblem(history=flagged, styles=styles)))
    naive = _shares(solve(ForecastProblem(history=unflagged, styles=styles)))
    assert abs(honest["10"] - 0.20) < 0.03, honest["10"]  # the true share of size 10
    assert naive["10"] < honest["10"] - 0.04  # reading sold-out weeks as zero demand


def test_shrinkage_moves_a_sparse_style_toward_its_category(history, make_profile):
    big = [history(style=f"B{i}", rate=30.0, seed=i) for i in range(4)]
    # A new style with 6 pairs, all in size 8: its plain share would be 100 % size 8.
    sparse = history(style="TINY", weeks=40, rate=0.0)
    sparse.loc[(sparse["size"] == "8") & (sparse.index < 6 * 7), "units"] = 1
    styles = tuple(make_profile(f"B{i}") for i in range(4)) + (make_profile("TINY"),)
    problem = ForecastProblem(history=pd.concat(big + [sparse]), styles=styles)
    pooled = _shares(solve(problem), "TINY")
    plain = _shares(
        solve(ForecastProblem(history=problem.history, styles=styles, size_pooling=False)), "TINY"
    )
    assert plain["8"] > 0.99
    assert pooled["8"] < 0.5 and pooled["9.5"] > 0.1  # most mass follows the category


def test_shrunk_curves_beat_plain_shares_on_held_out_weeks():
    rng = np.random.default_rng(7)
    truth = np.array([0.05, 0.10, 0.20, 0.25, 0.20, 0.12, 0.08])
    n_units, n_sizes = 12, len(truth)
    train, test = [], []
    for _u in range(n_units):
        p = rng.dirichlet(truth * 200)  # each style near the category's curve
        train.append(rng.multinomial(15, p))  # a few weeks of sales
        test.append(rng.multinomial(400, p))
    train, test = np.array(train, dtype=float), np.array(test, dtype=float)
    rows = SizeRows(counts=train, avail=np.ones_like(train, dtype=bool), unit=np.arange(n_units))
    run = np.ones((n_units, n_sizes), dtype=bool)
    levels = [np.zeros(n_units, dtype=int), np.arange(n_units)]
    shrunk, alphas = ladder_curves(rows, run, levels)
    plain, _ = ladder_curves(rows, run, levels, pooled=False)
    actual = test / test.sum(axis=1, keepdims=True)
    assert np.abs(shrunk - actual).sum() < 0.6 * np.abs(plain - actual).sum()
    assert alphas[-1] > 10  # the data say styles are alike: strong pooling


def test_runs_small_reviews_move_demand_to_the_larger_size():
    sizes = ["8", "8.5", "9"]
    shares = np.array([0.3, 0.4, 0.3])
    v = Variant("MARA", "BLK", "8.5")
    reviews = [Feedback(date(2024, 5, 1), v, "review", rating=4, fit="small") for _ in range(30)]
    moved, info = apply_fit_feedback(shares, sizes, reviews, np.array([100, 100, 100]))
    assert info["review_shift"] > 0.1
    assert moved[2] > 0.3 + 0.05 and moved[0] < 0.3
    assert abs(moved.sum() - 1.0) < 1e-12


def test_exchanges_from_8_to_8_5_move_that_share_of_size_8():
    sizes = ["8", "8.5", "9"]
    shares = np.array([0.3, 0.4, 0.3])
    v = Variant("MARA", "BLK", "8")
    swaps = [Feedback(date(2024, 5, 1), v, "exchange", exchanged_to_size="8.5")] * 20
    moved, info = apply_fit_feedback(shares, sizes, swaps, np.array([95, 100, 100]))
    # 20 of 95 (+5 prior) pairs of size 8 came back as 8.5: a fifth of its demand moves.
    assert abs(moved[0] - 0.3 * 0.8) < 1e-9 and abs(moved[1] - (0.4 + 0.3 * 0.2)) < 1e-9
    assert moved[2] == 0.3


def test_fit_feedback_reaches_the_forecast(history, make_profile):
    base = ForecastProblem(history=history(), styles=(make_profile(),))
    v = Variant("MARA", "BLK", "10")
    reviews = tuple(
        Feedback(date(2024, 6, 1), v, "review", rating=3, fit="small") for _ in range(40)
    )
    shifted = ForecastProblem(history=history(), styles=(make_profile(),), feedback=reviews)
    before, after = _shares(solve(base)), _shares(solve(shifted))
    assert after["11"] > before["11"] and after["8"] < before["8"]


def test_core_sizes_keep_a_share():
    shares = np.array([0.0, 0.5, 0.5])
    kept = floor_core(shares, np.array([True, False, False]), 0.3)
    assert abs(kept[0] - 0.1) < 1e-12 and abs(kept.sum() - 1) < 1e-12
