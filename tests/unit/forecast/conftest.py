"""Small hand-made workshops for the demand engine tests."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from cordwain.forecast import StyleProfile

SIZES = ("8", "8.5", "9", "9.5", "10", "10.5", "11")
CURVE = np.array([0.05, 0.10, 0.20, 0.25, 0.20, 0.12, 0.08])
START = pd.Timestamp("2024-01-01")  # a Monday


def profile(code: str = "MARA", **kw) -> StyleProfile:
    args = dict(code=code, category="SNEAKER", last="L1", price_band="core", sizes=SIZES)
    args.update(kw)
    return StyleProfile(**args)


def poisson_history(
    style: str = "MARA",
    colourway: str = "BLK",
    *,
    weeks: int = 40,
    rate: float = 20.0,
    curve: np.ndarray = CURVE,
    seed: int = 0,
    start: pd.Timestamp = START,
) -> pd.DataFrame:
    """Weekly pairs of one colourway: Poisson total split over sizes by ``curve``."""
    rng = np.random.default_rng(seed)
    rows = []
    for w in range(weeks):
        week = start + pd.Timedelta(weeks=w)
        for size, n in zip(SIZES, rng.multinomial(rng.poisson(rate), curve), strict=True):
            rows.append((style, colourway, size, week, int(n), True))
    return pd.DataFrame(
        rows, columns=["style", "colourway", "size", "week_start", "units", "in_stock"]
    )


@pytest.fixture
def history() -> Callable[..., pd.DataFrame]:
    return poisson_history


@pytest.fixture
def make_profile() -> Callable[..., StyleProfile]:
    return profile
