"""Bad input is refused with the row and column named; the history helpers are right."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

from cordwain.domain import SalesLine, Variant, WaitlistEntry
from cordwain.forecast import (
    ForecastInputError,
    ForecastProblem,
    StockOut,
    backtest,
    drop_outcomes,
    weekly_history,
)


def test_an_unknown_style_in_the_history_names_its_row(history, make_profile):
    hist = history(weeks=3)
    hist.loc[5, "style"] = "GHOST"
    with pytest.raises(ForecastInputError, match=r"history row 5 \(column 'style'\).*GHOST"):
        ForecastProblem(history=hist, styles=(make_profile(),))


def test_a_size_outside_the_run_is_an_unknown_variant(history, make_profile):
    hist = history(weeks=3)
    hist.loc[8, "size"] = "14"
    with pytest.raises(ForecastInputError, match=r"row 8 .*unknown variant MARA-BLK-14"):
        ForecastProblem(history=hist, styles=(make_profile(),))


def test_negative_units_name_the_row(history, make_profile):
    hist = history(weeks=3)
    hist.loc[11, "units"] = -2
    with pytest.raises(ForecastInputError, match=r"row 11 \(column 'units'\).*negative") as err:
        ForecastProblem(history=hist, styles=(make_profile(),))
    assert err.value.field == "units"


def test_a_week_after_the_forecast_start_is_a_future_date(history, make_profile):
    hist = history(weeks=10)
    with pytest.raises(ForecastInputError, match=r"row \d+ \(column 'week_start'\).*future"):
        ForecastProblem(history=hist, styles=(make_profile(),), as_of=date(2024, 2, 5))


def test_a_sale_dated_in_the_future_names_the_sales_line(make_profile):
    v = Variant("MARA", "BLK", "9")
    sales = [
        SalesLine(date(2024, 1, 3), v, 2, Decimal("180")),
        SalesLine(date(2024, 3, 1), v, 1, Decimal("180")),
    ]
    with pytest.raises(ForecastInputError, match=r"sales line 1 .*future"):
        weekly_history(sales, [make_profile()], as_of=date(2024, 2, 5))


def test_a_pre_order_for_an_unknown_variant_is_refused(history, make_profile):
    from cordwain.domain import PreOrder

    pre = PreOrder("PO7", Variant("MARA", "BLK", "15"), 1, date(2024, 1, 1), date(2024, 2, 1))
    with pytest.raises(ForecastInputError, match=r"pre_orders\[0\] \(PO7\).*MARA-BLK-15"):
        ForecastProblem(history=history(weeks=3), styles=(make_profile(),), pre_orders=(pre,))


def test_bad_quantile_levels_are_refused(history, make_profile):
    with pytest.raises(ForecastInputError, match="quantile"):
        ForecastProblem(
            history=history(weeks=3), styles=(make_profile(),), quantile_levels=(0.5, 1.2)
        )


def test_weekly_history_fills_zero_weeks_and_flags_sold_out_weeks(make_profile):
    v9, v10 = Variant("MARA", "BLK", "9"), Variant("MARA", "BLK", "10")
    sales = [
        SalesLine(date(2024, 1, 2), v9, 2, Decimal("180")),
        SalesLine(date(2024, 1, 4), v9, 1, Decimal("180"), channel="shop"),
        SalesLine(date(2024, 1, 16), v10, 1, Decimal("180")),
    ]
    out = [StockOut(v10, date(2024, 1, 8), date(2024, 1, 12))]  # 5 days of week 2
    hist = weekly_history(sales, [make_profile()], as_of=date(2024, 1, 22), stockouts=out)
    assert len(hist) == 3 * 7  # three weeks × the whole run
    nine = hist[(hist["size"] == "9")].set_index("week_start")["units"]
    assert list(nine) == [3, 0, 0]
    ten = hist[hist["size"] == "10"].set_index("week_start")["in_stock"]
    assert list(ten) == [True, False, True]
    problem = ForecastProblem(history=hist, styles=(make_profile(),))
    assert problem.as_of == date(2024, 1, 22)


def test_drop_outcomes_count_orders_after_the_waitlist_opened():
    v = Variant("MARA", "BLK", "9")
    waitlist = [
        WaitlistEntry(date(2024, 1, 1), "MARA", "BLK", None, 50, drop="D1"),
        WaitlistEntry(date(2024, 1, 5), "MARA", "BLK", "9", 30, drop="D1"),
        WaitlistEntry(date(2024, 6, 1), "MARA", "BLK", None, 10, drop="LATER"),
    ]
    sales = [
        SalesLine(date(2024, 1, 10), v, 20, Decimal("1")),
        SalesLine(date(2024, 1, 20), v, 5, Decimal("1")),
        SalesLine(date(2024, 3, 20), v, 9, Decimal("1")),
    ]
    (d1,) = drop_outcomes(waitlist, sales)  # LATER has no sale yet: still open
    assert (d1.drop, d1.signups, d1.orders) == ("D1", 80, 25)
    (first_week,) = drop_outcomes(waitlist, sales, window_weeks=1)
    assert first_week.orders == 20


def test_backtest_scores_cordwain_and_the_baselines(history, make_profile):
    problem = ForecastProblem(history=history(weeks=30, rate=12.0), styles=(make_profile(),))
    result = backtest(problem, windows=2, baselines=("naive", "window4"))
    assert set(result.scores) == {"cordwain", "naive", "window4"}
    for score in result.scores.values():
        assert score.scored == 2 * 7
        assert set(score.pinball) == {0.5, 0.75, 0.9}
        assert 0 <= score.fill_rate <= 1 and score.newsvendor_cost >= 0
    # On steady demand a fitted distribution beats last week's sales.
    assert result.ratio("cordwain", "naive") < 1.0
    line = result.scores["cordwain"].as_dict()
    assert {"pinball_075", "newsvendor_cost_075", "fill_rate_075", "wall_time_s"} <= set(line)


def test_backtest_needs_enough_history(history, make_profile):
    problem = ForecastProblem(history=history(weeks=6), styles=(make_profile(),))
    with pytest.raises(ForecastInputError, match="batches of 4 weeks"):
        backtest(problem, windows=3)


def test_missing_column_is_named(make_profile):
    with pytest.raises(ForecastInputError, match="units"):
        ForecastProblem(
            history=pd.DataFrame({"style": [], "colourway": [], "size": [], "week_start": []}),
            styles=(make_profile(),),
        )
