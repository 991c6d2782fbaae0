"""Point forecasts of weekly series with Nixtla statsforecast, as horizon totals.

The candidates are the intermittent-demand models (IMAPA, ADIDA, Croston optimised, TSB),
exponential smoothing (AutoETS) and the two baselines (WindowAverage over 4 weeks, Naive).
statsforecast is imported on first use, not when cordwain is imported.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

#: TSB smoothing of demand size and of demand probability (fixed, as statsforecast asks).
TSB_ALPHA_D = 0.2
TSB_ALPHA_P = 0.2
WINDOW = 4
#: AutoETS is exponential smoothing without trend or season: a trend fitted on weekly pairs
#: extrapolates a launch spike or a restock straight into the next batch.
#: AutoETS gives up on tiny series; below this length its fallback (Naive) is used.
ETS_MIN_LENGTH = 6


def make_model(name: str):
    """A fresh statsforecast model object for one of the candidate names."""
    from statsforecast import models as m

    makers = {
        "IMAPA": lambda: m.IMAPA(),
        "ADIDA": lambda: m.ADIDA(),
        "CrostonOptimized": lambda: m.CrostonOptimized(),
        "TSB": lambda: m.TSB(alpha_d=TSB_ALPHA_D, alpha_p=TSB_ALPHA_P),
        "AutoETS": lambda: m.AutoETS(season_length=1, model="ZNN"),
        "WindowAverage": lambda: m.WindowAverage(window_size=WINDOW),
        "Naive": lambda: m.Naive(),
    }
    return makers[name]()


def horizon_totals(
    series: Sequence[np.ndarray],
    h: int,
    models: Sequence[str],
    *,
    n_jobs: int = 1,
) -> dict[str, np.ndarray]:
    """Sum of the next ``h`` weekly forecasts of every series under every model.

    Weekly forecasts below zero count as zero; a model that fails or returns NaN on a
    series is replaced there by the mean of its last 4 weeks. Empty series get 0.
    """
    n = len(series)
    out = {name: np.zeros(n) for name in models}
    lengths = np.array([len(s) for s in series])
    usable = np.flatnonzero(lengths > 0)
    if usable.size == 0 or not models:
        return out
    fallback = np.array(
        [float(np.mean(series[i][-WINDOW:])) * h if lengths[i] else 0.0 for i in range(n)]
    )
    from statsforecast import StatsForecast
    from statsforecast.models import Naive

    groups = {
        "short": usable[lengths[usable] < ETS_MIN_LENGTH],
        "long": usable[lengths[usable] >= ETS_MIN_LENGTH],
    }
    for key, ids in groups.items():
        if ids.size == 0:
            continue
        names = [m for m in models if not (key == "short" and m == "AutoETS")]
        if key == "short" and "AutoETS" in models:
            out["AutoETS"][ids] = np.array([float(series[i][-1]) * h for i in ids])
        if not names:
            continue
        frame = pd.DataFrame(
            {
                "unique_id": np.repeat(ids, lengths[ids]),
                "ds": np.concatenate([np.arange(lengths[i]) for i in ids]),
                "y": np.concatenate([np.asarray(series[i], dtype=float) for i in ids]),
            }
        )
        sf = StatsForecast(
            models=[make_model(m) for m in names], freq=1, n_jobs=n_jobs, fallback_model=Naive()
        )
        fc = sf.forecast(df=frame, h=h)
        uid = fc["unique_id"].to_numpy()
        for name in names:
            weekly = np.clip(np.nan_to_num(fc[name].to_numpy(dtype=float), nan=np.nan), 0, None)
            totals = pd.Series(weekly).groupby(uid).sum(min_count=h)
            vals = totals.reindex(ids).to_numpy(dtype=float)
            bad = ~np.isfinite(vals)
            vals[bad] = fallback[ids][bad]
            out[name][ids] = vals
    return out
