"""Count distributions of demand: negative binomial around a mean, and floors from signals.

A variant's demand over the horizon is negative binomial with mean ``mu`` and size ``k``
(variance ``mu + mu**2 / k``; ``k`` large is Poisson). Committed demand (open pre-orders)
and expected waitlist orders put a floor under it: demand is ``max(X, F)`` with ``X`` the
history-based count and ``F = pre-orders + Binomial(sign-ups, conversion)``.
"""

from __future__ import annotations

import numpy as np

#: Dispersion values searched (size ``k``); the top is Poisson for any practical purpose.
K_GRID = np.geomspace(0.05, 1e4, 48)
POISSON_K = 1e4


def _p(mu: np.ndarray, k: np.ndarray) -> np.ndarray:
    return k / (k + np.maximum(mu, 0.0))


def nb_ppf(q: float | np.ndarray, mu: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Quantiles of NB(mu, k) as whole pairs (0 where ``mu`` is 0)."""
    from scipy import stats

    mu = np.asarray(mu, dtype=float)
    k = np.broadcast_to(np.asarray(k, dtype=float), mu.shape)
    out = stats.nbinom.ppf(q, k, _p(mu, k))
    out = np.where(mu <= 0, 0.0, out)
    return np.nan_to_num(out, nan=0.0, posinf=0.0).astype(np.int64)


def nb_cdf(x: np.ndarray, mu: np.ndarray, k: np.ndarray) -> np.ndarray:
    from scipy import stats

    mu = np.asarray(mu, dtype=float)
    k = np.broadcast_to(np.asarray(k, dtype=float), mu.shape)
    out = stats.nbinom.cdf(x, k, _p(mu, k))
    return np.where(mu <= 0, 1.0, out)


def nb_logpmf_grid(y: np.ndarray, mu: np.ndarray, grid: np.ndarray = K_GRID) -> np.ndarray:
    """Log-likelihood of each observation under each ``k`` of the grid: (len(grid), len(y))."""
    from scipy import special

    y = np.asarray(y, dtype=float)[None, :]
    mu = np.maximum(np.asarray(mu, dtype=float), 1e-6)[None, :]
    k = grid[:, None]
    return (
        special.gammaln(y + k)
        - special.gammaln(k)
        - special.gammaln(y + 1)
        + k * np.log(k / (k + mu))
        + y * np.log(mu / (k + mu))
    )


def fit_dispersion(
    y: np.ndarray,
    mu: np.ndarray,
    groups: np.ndarray,
    n_groups: int,
    *,
    prior_points: float = 20.0,
) -> tuple[np.ndarray, float]:
    """Size ``k`` per group by maximum likelihood, shrunk toward the pooled ``k``.

    Each group's log-likelihood curve over :data:`K_GRID` gets the pooled curve added with
    the weight of ``prior_points`` observations, so a style with few points takes the
    pooled dispersion and one with many points takes its own.
    Returns (k per group, pooled k). With no observations at all, Poisson.
    """
    y = np.asarray(y, dtype=float)
    if y.size == 0:
        return np.full(n_groups, POISSON_K), POISSON_K
    ll = nb_logpmf_grid(y, mu)
    per_group = np.zeros((len(K_GRID), n_groups))
    np.add.at(per_group.T, groups, ll.T)
    pooled = per_group.sum(axis=1)
    pooled_k = float(K_GRID[int(np.argmax(pooled))])
    prior = pooled / y.size * prior_points
    k = K_GRID[np.argmax(per_group + prior[:, None], axis=0)]
    return k.astype(float), pooled_k


def floor_pmf(committed: int, binomials: list[tuple[int, float]]) -> np.ndarray:
    """Distribution of the floor ``committed + sum of Binomial(n, p)`` over whole pairs."""
    from scipy import stats

    pmf = np.zeros(committed + 1)
    pmf[committed] = 1.0
    for n, p in binomials:
        if n <= 0 or p <= 0:
            continue
        pmf = np.convolve(pmf, stats.binom.pmf(np.arange(n + 1), n, min(p, 1.0)))
    return pmf


def floored_quantiles(
    levels: np.ndarray, mu: float, k: float, floor: np.ndarray
) -> tuple[np.ndarray, float]:
    """Quantiles and mean of ``max(X, F)``, X ~ NB(mu, k), F with probabilities ``floor``.

    Exact on the whole-pair grid: P(max ≤ j) = P(X ≤ j) · P(F ≤ j) for independent X, F.
    """
    from scipy import stats

    top_x = int(stats.nbinom.ppf(0.999999, k, k / (k + mu))) if mu > 0 else 0
    upper = max(len(floor) - 1, top_x, 0)
    j = np.arange(upper + 1)
    fx = nb_cdf(j, np.full(j.shape, mu), np.full(j.shape, k)) if mu > 0 else np.ones(j.shape)
    ff = np.cumsum(np.pad(floor, (0, upper + 1 - len(floor))))
    cdf = np.clip(fx * ff, 0.0, 1.0)
    cdf[-1] = 1.0
    mean = float(np.sum(1.0 - cdf[:-1]))
    q = np.searchsorted(cdf, np.asarray(levels, dtype=float) - 1e-12, side="left")
    return q.astype(np.int64), mean


def pinball(y: np.ndarray, q: np.ndarray, tau: float) -> np.ndarray:
    """Pinball (quantile) loss per observation: the newsvendor cost scaled to 1 per pair."""
    diff = np.asarray(y, dtype=float) - np.asarray(q, dtype=float)
    return np.maximum(tau * diff, (tau - 1.0) * diff)
