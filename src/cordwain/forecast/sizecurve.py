"""Size curves: how a colourway's demand splits over its size run.

Shares are learned on a ladder — all styles → category → style → colourway — and each rung
is shrunk toward the one above it (empirical Bayes with a Dirichlet prior whose strength
``alpha`` is fitted by the Dirichlet-multinomial marginal likelihood of the rung). A style
with a few hundred pairs keeps mostly its own curve; a style with ten pairs mostly takes
its category's.

Sold-out weeks are censored, not zeros: in a week when some sizes were out of stock, the
pairs sold are split only among the sizes on the shelf. Shares are the maximum a posteriori
estimate of that model, found by a minorise–maximise iteration (closed form when nothing was
ever sold out). Demand that moved to a neighbouring size while one was sold out is not
modelled: those pairs count for the size that sold.

Fit signals then move mass between neighbours: size exchanges (8 → 8.5) move the exchanged
fraction of a size's demand, and "runs small" / "runs large" reviews move a share toward the
larger / smaller neighbour.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from cordwain.domain import Feedback, FeedbackKind, Fit, format_size

ALPHA_GRID = np.geomspace(0.5, 5e3, 40)
#: Fraction of buyers who move a half size when every fit review says it runs small/large.
REVIEW_SHIFT = 0.5
#: Pseudo-reviews saying "true to size" that temper a handful of fit reviews.
REVIEW_PRIOR = 10.0
#: Pseudo-pairs sold per size that temper an exchange rate from a few sales.
EXCHANGE_PRIOR = 5.0
#: No more than this fraction of a size's demand is moved by exchanges.
EXCHANGE_CAP = 0.5


@dataclass(frozen=True, slots=True)
class SizeRows:
    """Weeks with sales, flattened: one row per (unit, week) with pairs per size.

    ``avail`` is False for a size that was sold out that week or is not in the unit's run.
    """

    counts: np.ndarray  # (R, S) float
    avail: np.ndarray  # (R, S) bool
    unit: np.ndarray  # (R,) int: index of the colourway series the row belongs to


def dm_loglik(n: np.ndarray, prior: np.ndarray, alphas: np.ndarray) -> np.ndarray:
    """Dirichlet-multinomial log-likelihood of count rows ``n`` for each alpha (summed)."""
    from scipy import special

    out = np.empty(len(alphas))
    total = n.sum(axis=1)
    keep = total > 0
    n, prior, total = n[keep], prior[keep], total[keep]
    for i, a in enumerate(alphas):
        ap = a * prior
        mask = prior > 0
        term = np.where(mask, special.gammaln(n + ap) - special.gammaln(np.where(mask, ap, 1)), 0)
        out[i] = np.sum(special.gammaln(a) - special.gammaln(total + a)) + term.sum()
    return out


def shrink_level(
    rows: SizeRows,
    group_of_unit: np.ndarray,
    n_groups: int,
    parent: np.ndarray,
    run_mask: np.ndarray,
    *,
    alpha: float | None = None,
    iterations: int = 60,
) -> tuple[np.ndarray, float]:
    """Shares per group, shrunk toward ``parent`` (G, S); returns (shares (G, S), alpha).

    ``run_mask`` (G, S) says which sizes each group makes. ``alpha`` is fitted on the
    Dirichlet-multinomial marginal likelihood when not given.
    """
    prior = np.where(run_mask, parent, 0.0)
    prior = _normalise(prior + run_mask * 1e-9)
    g = group_of_unit[rows.unit] if rows.unit.size else np.zeros(0, dtype=int)
    seen = rows.counts * rows.avail
    n = np.zeros((n_groups, prior.shape[1]))
    np.add.at(n, g, seen)
    n *= run_mask
    if alpha is None:
        alpha = float(ALPHA_GRID[int(np.argmax(dm_loglik(n, prior, ALPHA_GRID)))])
    per_row_total = seen.sum(axis=1)
    p = _normalise(n + alpha * prior)
    # Without sold-out weeks the first step is already the closed form and the loop stops.
    if rows.counts.size:
        avail = rows.avail.astype(float)
        for _ in range(iterations):
            offered = np.sum(avail * p[g], axis=1)
            weight = np.where(offered > 0, per_row_total / np.maximum(offered, 1e-12), 0.0)
            d = np.zeros_like(n)
            np.add.at(d, g, avail * weight[:, None])
            new = np.where(run_mask, (n + alpha * prior) / (d + alpha), 0.0)
            new = _normalise(new)
            if np.max(np.abs(new - p)) < 1e-9:
                p = new
                break
            p = new
    return np.where(run_mask, p, 0.0), alpha


def _normalise(m: np.ndarray) -> np.ndarray:
    s = m.sum(axis=-1, keepdims=True)
    return np.divide(m, s, out=np.zeros_like(m, dtype=float), where=s > 0)


def ladder_curves(
    rows: SizeRows,
    unit_run_mask: np.ndarray,
    levels: Sequence[np.ndarray],
    *,
    pooled: bool = True,
) -> tuple[np.ndarray, list[float]]:
    """Shares per unit down the ladder of ``levels`` (group index of each unit per rung,
    coarsest first, the last rung being the units themselves).

    With ``pooled=False`` each unit gets its plain historical share (no shrinkage) — the
    baseline the ladder has to beat.
    """
    n_units, n_sizes = unit_run_mask.shape
    if not pooled:
        n = np.zeros((n_units, n_sizes))
        np.add.at(n, rows.unit, rows.counts * rows.avail)
        n *= unit_run_mask
        share = _normalise(n)
        empty = share.sum(axis=1) == 0
        share[empty] = _normalise(unit_run_mask[empty].astype(float))
        return share, []
    # The top of the ladder: all colourways together, censoring-corrected like every rung,
    # with half a pair per size of uniform prior so no size of any run is left at zero.
    anywhere = unit_run_mask.any(axis=0, keepdims=True)
    curve, _ = shrink_level(
        rows,
        np.zeros(n_units, dtype=int),
        1,
        _normalise(anywhere.astype(float)),
        anywhere,
        alpha=0.5 * float(anywhere.sum()),
    )
    parent_of_unit = np.zeros(n_units, dtype=int)
    alphas: list[float] = []
    for group_of_unit in levels:
        n_groups = int(group_of_unit.max()) + 1 if group_of_unit.size else 0
        mask = np.zeros((n_groups, n_sizes), dtype=bool)
        np.logical_or.at(mask, group_of_unit, unit_run_mask)
        parent = np.zeros((n_groups, n_sizes))
        parent[group_of_unit] = curve[parent_of_unit]
        curve, alpha = shrink_level(rows, group_of_unit, n_groups, parent, mask)
        alphas.append(alpha)
        parent_of_unit = group_of_unit
    return curve[parent_of_unit], alphas


def apply_fit_feedback(
    shares: np.ndarray,
    sizes: Sequence[str],
    feedback: Iterable[Feedback],
    sold: np.ndarray,
) -> tuple[np.ndarray, dict[str, float]]:
    """Move demand between neighbouring sizes of one style from its fit signals.

    ``shares`` and ``sold`` (pairs sold per size, all colourways) follow ``sizes``. An
    exchange a → b moves ``exchanges / (sold_a + prior)`` of size a's share to b (capped).
    Reviews: the net share saying "runs small" (against "runs large", tempered by
    pseudo-reviews "true to size") moves half of it to the next larger size; "runs large"
    to the next smaller. Returns the new shares and a summary of what moved.
    """
    position = {s: i for i, s in enumerate(sizes)}
    out = np.asarray(shares, dtype=float).copy()
    small = large = true = 0
    moved = np.zeros((len(sizes), len(sizes)))
    for f in feedback:
        if f.fit is Fit.SMALL:
            small += 1
        elif f.fit is Fit.LARGE:
            large += 1
        elif f.fit is Fit.TRUE:
            true += 1
        if f.kind is FeedbackKind.EXCHANGE and f.exchanged_to_size is not None:
            a, b = position.get(f.variant.size), position.get(format_size(f.exchanged_to_size))
            if a is not None and b is not None and a != b:
                moved[a, b] += 1
    base = out.copy()
    exchanged = 0.0
    for a in range(len(sizes)):
        if moved[a].sum() == 0:
            continue
        rates = moved[a] / (float(sold[a]) + EXCHANGE_PRIOR)
        scale = min(1.0, EXCHANGE_CAP / max(rates.sum(), 1e-12))
        flow = base[a] * rates * scale
        out[a] -= flow.sum()
        out += flow
        exchanged += float(flow.sum())
    net = (small - large) / (small + large + true + REVIEW_PRIOR)
    shift = float(np.clip(REVIEW_SHIFT * net, -0.5, 0.5))
    if shift > 0:
        flow = out[:-1] * shift
        out[:-1] -= flow
        out[1:] += flow
    elif shift < 0:
        flow = out[1:] * -shift
        out[1:] -= flow
        out[:-1] += flow
    total = out.sum()
    if total > 0:
        out /= total
    return out, {"exchanged_share": exchanged, "review_shift": shift}


def floor_core(shares: np.ndarray, core: np.ndarray, floor_fraction: float) -> np.ndarray:
    """Keep the core of the run: a core size gets at least ``floor_fraction`` of a uniform
    share, taken proportionally from the other sizes."""
    if not core.any() or floor_fraction <= 0:
        return shares
    floor = floor_fraction / len(shares)
    out = shares.copy()
    need = core & (out < floor)
    if not need.any():
        return out
    deficit = float(np.sum(floor - out[need]))
    out[need] = floor
    donors = ~need
    pool = float(out[donors].sum())
    if pool > deficit:
        out[donors] *= (pool - deficit) / pool
    return out / out.sum()
