"""Waste accounting: leather bought vs. cut vs. scrap, unsold pairs, and the mass run."""

from __future__ import annotations

import numpy as np
import pytest

from cordwain.impact import (
    DEFAULT_FACTORS,
    EmissionFactors,
    Factor,
    batch_impact,
    leather_account,
    mass_production_run,
    season_impact,
)

FACTORS = EmissionFactors(
    leather_kg_per_sqft=Factor(0.5, "kg CO2e/sq ft", "test figure"),
    pair_kg=Factor(14.0, "kg CO2e/pair", "test figure"),
)


def test_scrap_is_what_was_neither_cut_nor_kept():
    acc = leather_account(bought_sqft=100, cut_sqft=72, offcuts_kept_sqft=8)
    assert acc.scrap_sqft == pytest.approx(20)
    assert acc.cutting_yield == pytest.approx(0.72)


def test_cutting_more_than_was_bought_is_refused():
    with pytest.raises(ValueError, match="exceeds leather bought"):
        leather_account(bought_sqft=50, cut_sqft=60)


def test_mass_run_is_sized_to_the_95th_percentile_and_leaves_the_rest_unsold():
    season = np.arange(1, 101)[None, :]  # 1..100 pairs, equally likely
    run = mass_production_run(
        season, bulk_unit_cost=50, price=200, quantile=0.95, leather_sqft_per_pair=2.0,
        cutting_yield=0.8, factors=FACTORS,
    )  # fmt: skip
    assert run.pairs == 95
    expected_sold = np.minimum(95, season[0]).mean()
    assert run.expected_unsold == pytest.approx(95 - expected_sold)
    assert run.leather_bought_sqft == pytest.approx(95 * 2.0 / 0.8)
    assert run.co2e_waste_kg == pytest.approx(
        run.expected_unsold * 14.0 + run.leather_scrap_sqft * 0.5
    )


def test_batch_footprint_counts_unsold_pairs_and_scrap_against_the_mass_run():
    mass = mass_production_run(np.full((2, 10), 30), bulk_unit_cost=50, price=200)
    leather = leather_account(bought_sqft=100, cut_sqft=75)
    impact = batch_impact(
        pairs_made=40, pairs_sold=36, pairs_unsold=4, leather=leather, factors=FACTORS, mass=mass
    )
    assert impact.co2e_unsold_kg == pytest.approx(56.0)
    assert impact.co2e_scrap_kg == pytest.approx(12.5)
    assert impact.co2e_waste_kg == pytest.approx(68.5)
    assert mass.expected_unsold == 0 and impact.unsold_vs_mass is None


def test_a_season_adds_up_its_batches():
    acc = leather_account(50, 40)
    b = batch_impact(pairs_made=10, pairs_sold=8, pairs_unsold=2, leather=acc, factors=FACTORS)
    season = season_impact([b, b])
    assert (season.pairs_made, season.pairs_unsold) == (20, 4)
    assert season.leather.scrap_sqft == pytest.approx(20)


def test_default_factors_name_their_sources():
    assert "Cheah" in DEFAULT_FACTORS.pair_kg.source
    assert "PEFCR" in DEFAULT_FACTORS.leather_kg_per_sqft.source or "Product Environmental" in (
        DEFAULT_FACTORS.leather_kg_per_sqft.source
    )
