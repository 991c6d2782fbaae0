"""Demand forecasting: a distribution of pairs per style × colourway × size over a horizon.

``ForecastProblem`` (history, style profiles, signals) → :func:`solve` → ``ForecastResult``
(means, quantiles, scenarios for the batch planner); :func:`backtest` scores it against
baselines on past batches. statsforecast is imported on first use only.
"""

from .backtest import BASELINES, BacktestResult, ModelScore, backtest
from .engine import ForecastResult, SeriesForecast, solve
from .problem import (
    DEFAULT_MODELS,
    HISTORY_COLUMNS,
    PRICE_BANDS,
    DropOutcome,
    ForecastInputError,
    ForecastProblem,
    StockOut,
    StyleProfile,
    drop_outcomes,
    monday,
    price_band_of,
    weekly_history,
)

__all__ = [
    "BASELINES",
    "DEFAULT_MODELS",
    "HISTORY_COLUMNS",
    "PRICE_BANDS",
    "BacktestResult",
    "DropOutcome",
    "ForecastInputError",
    "ForecastProblem",
    "ForecastResult",
    "ModelScore",
    "SeriesForecast",
    "StockOut",
    "StyleProfile",
    "backtest",
    "drop_outcomes",
    "monday",
    "price_band_of",
    "solve",
    "weekly_history",
]
