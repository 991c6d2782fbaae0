"""The demand engine on small workshops whose right answer is known."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from cordwain.domain import PreOrder, Variant, WaitlistEntry
from cordwain.forecast import DropOutcome, ForecastProblem, solve


def test_steady_poisson_demand_is_forecast_at_its_rate(history, make_profile):
    problem = ForecastProblem(history=history(rate=20.0, weeks=40), styles=(make_profile(),))
    result = solve(problem)
    assert result.status == "ok"
    assert len(result.variants) == 7
    total = result.mean.sum()
    assert abs(total - 80.0) < 12.0, total  # 20 pairs a week over a 4-week batch
    assert np.all(np.isfinite(result.mean)) and np.all(result.mean >= 0)
    assert np.all(result.quantiles >= 0)
    assert np.all(np.diff(result.quantiles, axis=1) >= 0), "quantiles must rise with the level"
    # Size 9.5 is the peak of the run.
    assert result.variants[int(np.argmax(result.mean))].size == "9.5"


def test_scenarios_are_whole_pairs_around_the_mean(history, make_profile):
    result = solve(ForecastProblem(history=history(), styles=(make_profile(),)))
    draws = result.sample(4000, np.random.default_rng(3))
    assert draws.shape == (7, 4000)
    assert draws.dtype.kind == "i" and draws.min() >= 0
    assert np.allclose(draws.mean(axis=1), result.mean, rtol=0.15, atol=0.5)


def test_open_pre_orders_raise_the_floor_to_the_pairs_ordered(history, make_profile):
    variant = Variant("MARA", "BLK", "8")  # a small size: about 4 pairs a batch
    pre = PreOrder("PO1", variant, 15, date(2024, 9, 1), date(2024, 11, 1))
    problem = ForecastProblem(history=history(), styles=(make_profile(),), pre_orders=(pre,))
    result = solve(problem)
    i = result.index(variant)
    assert result.committed[i] == 15
    assert result.quantiles[i, 0] >= 15  # even the 10 % quantile covers the pre-orders
    assert result.mean[i] >= 15
    assert result.sample(500, 1)[i].min() >= 15


def test_waitlist_signups_with_learned_conversion_raise_demand(history, make_profile):
    base = ForecastProblem(history=history(rate=5.0), styles=(make_profile(),))
    signups = WaitlistEntry(date(2024, 9, 20), "MARA", "BLK", None, 400)
    drops = (DropOutcome("FALL23", 200, 100), DropOutcome("SPRING24", 100, 50))
    with_list = ForecastProblem(
        history=history(rate=5.0),
        styles=(make_profile(),),
        waitlist=(signups,),
        past_drops=drops,
    )
    plain, signalled = solve(base), solve(with_list)
    assert abs(signalled.conversion - 151 / 310) < 1e-9  # half convert, Beta(1, 9) prior
    # 400 sign-ups × ~0.49 ≈ 195 pairs, far above the ~20 pairs the history alone says.
    assert signalled.mean.sum() > 150 > plain.mean.sum()


def test_a_short_series_gets_a_finite_pooled_forecast(history, make_profile):
    full = history(style="MARA", weeks=40, rate=10.0)
    short = history(style="OTTO", weeks=3, rate=10.0, start=pd.Timestamp("2024-09-09"))
    problem = ForecastProblem(
        history=pd.concat([full, short]), styles=(make_profile("MARA"), make_profile("OTTO"))
    )
    result = solve(problem)
    otto = [s for s in result.series if s.style == "OTTO"][0]
    assert otto.model in ("launch-curve", "pooled-category-rate")
    rows = [i for i, v in enumerate(result.variants) if v.style_code == "OTTO"]
    assert np.all(np.isfinite(result.mean[rows])) and result.mean[rows].sum() > 0


def test_a_new_style_borrows_the_launch_curve_of_a_similar_style(make_profile, history):
    # MARA launched on 2024-03-04 and sold 30, 20, 10, 5 pairs a week, then 5.
    launch = pd.Timestamp("2024-03-04")
    weekly = [30, 20, 10, 5] + [5] * 20
    curve = np.array([0.0, 0.1, 0.2, 0.4, 0.2, 0.1, 0.0])
    rows = []
    for w, n in enumerate(weekly):
        for size, k in zip(make_profile().sizes, np.round(curve * n).astype(int), strict=True):
            rows.append(("MARA", "BLK", size, launch + pd.Timedelta(weeks=w), int(k), True))
    # An unrelated boot style keeps the history from starting at MARA's launch.
    other = history(style="BOOTY", weeks=40, rate=3.0)
    hist = pd.concat([pd.DataFrame(rows, columns=other.columns), other], ignore_index=True)
    as_of = date(2024, 10, 7)
    styles = (
        make_profile("MARA", launched_on=launch.date()),
        make_profile("BOOTY", category="BOOT", last="B9", price_band="premium"),
        make_profile("NOVA", colourways=("RED",), launched_on=as_of),
    )
    result = solve(ForecastProblem(history=hist, styles=styles, as_of=as_of))
    nova = [s for s in result.series if s.style == "NOVA"][0]
    assert nova.model == "launch-curve"
    assert abs(nova.mean - 65.0) < 8.0, nova.mean  # 30 + 20 + 10 + 5 from MARA's launch
    rows = [i for i, v in enumerate(result.variants) if v.style_code == "NOVA"]
    peak = result.variants[rows[int(np.argmax(result.mean[rows]))]]
    assert peak.size == "9.5"  # the size curve of its category


def test_time_limit_still_returns_a_complete_forecast(history, make_profile):
    result = solve(ForecastProblem(history=history(), styles=(make_profile(),)), time_limit=0.0)
    assert result.status == "time_limit"
    assert np.all(np.isfinite(result.mean)) and len(result.variants) == 7


def test_no_sales_at_all_forecasts_zero_not_nan(make_profile):
    empty = pd.DataFrame(
        {
            "style": ["MARA"] * 10,
            "colourway": ["BLK"] * 10,
            "size": ["9"] * 10,
            "week_start": pd.date_range("2024-01-01", periods=10, freq="7D"),
            "units": [0] * 10,
        }
    )
    result = solve(ForecastProblem(history=empty, styles=(make_profile(),)))
    assert np.all(result.mean == 0) and np.all(result.quantiles == 0)
    assert result.to_frame()["mean"].notna().all()


def test_frame_lists_every_variant_with_its_quantiles(history, make_profile):
    result = solve(ForecastProblem(history=history(), styles=(make_profile(),)))
    frame = result.to_frame()
    assert list(frame["sku"])[:2] == ["MARA-BLK-8", "MARA-BLK-8.5"]
    assert {"q0.1", "q0.5", "q0.9", "model", "mean"} <= set(frame.columns)
    assert result.as_of == (pd.Timestamp("2024-01-01") + timedelta(weeks=40)).date()
