"""Leather bought vs. cut vs. scrap, pairs made vs. sold vs. unsold, their footprint, and the
counterfactual mass-production run for the same demand."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

SQFT_PER_M2 = 10.7639


@dataclass(frozen=True, slots=True)
class Factor:
    """An emission or material factor with its unit and the published source it comes from."""

    value: float
    unit: str
    source: str

    def __post_init__(self) -> None:
        if not self.value >= 0:
            raise ValueError(f"factor ({self.unit}) must be >= 0, got {self.value}")
        if not self.source.strip():
            raise ValueError(f"factor ({self.unit}) must name its source")


@dataclass(frozen=True, slots=True)
class EmissionFactors:
    """Footprint factors; defaults are published figures, to be replaced by the workshop's own
    (its tannery's LCA, its own product footprint) when it has them."""

    leather_kg_per_sqft: Factor
    pair_kg: Factor


DEFAULT_FACTORS = EmissionFactors(
    leather_kg_per_sqft=Factor(
        5.39 / SQFT_PER_M2,
        "kg CO2e per sq ft of finished bovine leather",
        "COTANCE Product Environmental Footprint Category Rules for leather: livestock share "
        "allocated to full-grain bovine leather, 2.7–5.39 kg CO2e/m² (upper value used). "
        "Farming share only — tanning and finishing add to it, so this is a floor.",
    ),
    pair_kg=Factor(
        14.0,
        "kg CO2e per finished pair",
        "Cheah et al. (2013), 'Manufacturing-focused emissions reductions in footwear "
        "production', Journal of Cleaner Production 44:18–29: 14 ± 2.7 kg CO2e for a typical "
        "pair of running shoes, cradle to grave.",
    ),
)


@dataclass(frozen=True, slots=True)
class LeatherAccount:
    """Where the bought leather went, in square feet."""

    bought_sqft: float
    cut_sqft: float
    offcuts_kept_sqft: float
    scrap_sqft: float

    @property
    def cutting_yield(self) -> float:
        return self.cut_sqft / self.bought_sqft if self.bought_sqft > 0 else 0.0


def leather_account(
    bought_sqft: float, cut_sqft: float, offcuts_kept_sqft: float = 0.0
) -> LeatherAccount:
    """Scrap is what was bought and neither cut into pieces nor kept as a usable offcut.

    ``cut_sqft`` comes from the cutting plans when there are some (net area of the pieces),
    else from the BOM's net area of the pairs made.
    """
    for name, x in (("bought", bought_sqft), ("cut", cut_sqft), ("offcuts", offcuts_kept_sqft)):
        if not x >= 0:
            raise ValueError(f"leather {name} area must be >= 0 sq ft, got {x}")
    scrap = bought_sqft - cut_sqft - offcuts_kept_sqft
    if scrap < -1e-6:
        raise ValueError(
            f"leather cut ({cut_sqft:.1f}) plus offcuts kept ({offcuts_kept_sqft:.1f}) exceeds "
            f"leather bought ({bought_sqft:.1f} sq ft)"
        )
    return LeatherAccount(bought_sqft, cut_sqft, offcuts_kept_sqft, max(0.0, scrap))


@dataclass(frozen=True, slots=True)
class MassRun:
    """One seasonal run sized to a high quantile of demand, at a bulk unit cost."""

    quantile: float
    pairs: int
    expected_sold: float
    expected_unsold: float
    unit_cost: float
    cost: float
    expected_margin: float
    leather_bought_sqft: float
    leather_scrap_sqft: float
    co2e_waste_kg: float


def mass_production_run(
    season_demand: np.ndarray,
    *,
    bulk_unit_cost: float | np.ndarray,
    price: float | np.ndarray,
    salvage: float | np.ndarray = 0.0,
    quantile: float = 0.95,
    leather_sqft_per_pair: float | np.ndarray = 0.0,
    cutting_yield: float = 0.75,
    factors: EmissionFactors = DEFAULT_FACTORS,
) -> MassRun:
    """What one big run sized to the ``quantile`` of season demand per variant would leave.

    ``season_demand`` is variants × scenarios of whole-season demand (the same scenarios the
    batch plan used, summed over the season's batches). ``leather_sqft_per_pair`` is the net
    leather in a pair; the run buys it at ``cutting_yield``.
    """
    d = np.asarray(season_demand, dtype=float)
    if d.ndim == 1:
        d = d[:, None]
    if d.ndim != 2 or d.size == 0 or np.any(d < 0):
        raise ValueError("season demand must be a non-negative variants × scenarios array")
    if not 0 < quantile < 1:
        raise ValueError(f"quantile must be in (0, 1), got {quantile}")
    if not 0 < cutting_yield <= 1:
        raise ValueError(f"cutting yield must be in (0, 1], got {cutting_yield}")
    q = np.ceil(np.quantile(d, quantile, axis=1, method="inverted_cdf") - 1e-9)
    sold = np.minimum(q[:, None], d).mean(axis=1)
    unsold = q - sold
    cost_v = np.broadcast_to(np.asarray(bulk_unit_cost, float), q.shape) * q
    margin = (
        np.broadcast_to(np.asarray(price, float), q.shape) * sold
        + np.broadcast_to(np.asarray(salvage, float), q.shape) * unsold
        - cost_v
    )
    net = np.broadcast_to(np.asarray(leather_sqft_per_pair, float), q.shape)
    bought = float((net * q).sum() / cutting_yield)
    scrap = bought * (1 - cutting_yield)
    co2e = float(unsold.sum()) * factors.pair_kg.value + scrap * factors.leather_kg_per_sqft.value
    return MassRun(
        quantile=quantile,
        pairs=int(q.sum()),
        expected_sold=float(sold.sum()),
        expected_unsold=float(unsold.sum()),
        unit_cost=float(np.mean(bulk_unit_cost)),
        cost=float(cost_v.sum()),
        expected_margin=float(margin.sum()),
        leather_bought_sqft=bought,
        leather_scrap_sqft=scrap,
        co2e_waste_kg=co2e,
    )


@dataclass(frozen=True, slots=True)
class BatchImpact:
    """Waste of one batch (or a season) and, when given, the mass run's for the same demand."""

    pairs_made: int
    pairs_sold: float
    pairs_unsold: float
    pairs_returned: float
    leather: LeatherAccount
    co2e_unsold_kg: float
    co2e_scrap_kg: float
    mass: MassRun | None

    @property
    def co2e_waste_kg(self) -> float:
        return self.co2e_unsold_kg + self.co2e_scrap_kg

    @property
    def unsold_vs_mass(self) -> float | None:
        if self.mass is None or self.mass.expected_unsold <= 0:
            return None
        return self.pairs_unsold / self.mass.expected_unsold

    @property
    def co2e_saved_vs_mass_kg(self) -> float | None:
        return None if self.mass is None else self.mass.co2e_waste_kg - self.co2e_waste_kg


def batch_impact(
    *,
    pairs_made: int,
    pairs_sold: float,
    pairs_unsold: float,
    leather: LeatherAccount,
    pairs_returned: float = 0.0,
    factors: EmissionFactors = DEFAULT_FACTORS,
    mass: MassRun | None = None,
) -> BatchImpact:
    """Footprint of a batch's waste: every unsold pair carries a whole pair's footprint (it was
    made for nothing) and every square foot of leather scrap carries the leather factor.

    Sold/unsold may be expected figures (from the plan) or actual ones (after the season).
    """
    for name, x in (
        ("made", pairs_made),
        ("sold", pairs_sold),
        ("unsold", pairs_unsold),
        ("returned", pairs_returned),
    ):
        if not x >= 0:
            raise ValueError(f"pairs {name} must be >= 0, got {x}")
    return BatchImpact(
        pairs_made=int(pairs_made),
        pairs_sold=float(pairs_sold),
        pairs_unsold=float(pairs_unsold),
        pairs_returned=float(pairs_returned),
        leather=leather,
        co2e_unsold_kg=float(pairs_unsold) * factors.pair_kg.value,
        co2e_scrap_kg=leather.scrap_sqft * factors.leather_kg_per_sqft.value,
        mass=mass,
    )


def season_impact(batches: Sequence[BatchImpact], mass: MassRun | None = None) -> BatchImpact:
    """The season as the sum of its batches (the mass run is for the whole season's demand)."""
    if not batches:
        raise ValueError("a season needs at least one batch")
    leather = LeatherAccount(
        sum(b.leather.bought_sqft for b in batches),
        sum(b.leather.cut_sqft for b in batches),
        sum(b.leather.offcuts_kept_sqft for b in batches),
        sum(b.leather.scrap_sqft for b in batches),
    )
    return BatchImpact(
        pairs_made=sum(b.pairs_made for b in batches),
        pairs_sold=sum(b.pairs_sold for b in batches),
        pairs_unsold=sum(b.pairs_unsold for b in batches),
        pairs_returned=sum(b.pairs_returned for b in batches),
        leather=leather,
        co2e_unsold_kg=sum(b.co2e_unsold_kg for b in batches),
        co2e_scrap_kg=sum(b.co2e_scrap_kg for b in batches),
        mass=mass,
    )
