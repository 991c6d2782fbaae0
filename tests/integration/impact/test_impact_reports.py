"""Waste accounting of stored batches on SQLite and PostgreSQL: the workshop of conftest,
where every figure is known by hand."""

from __future__ import annotations

from datetime import date

import pytest

from cordwain import services
from cordwain.domain import Pair
from cordwain.services import ServiceError
from cordwain.services.impact import (
    batch_impact_report,
    impact_factors,
    impact_factors_report,
    save_impact_factors,
    season_impact_report,
)

from .conftest import BLK, LEATHER_KG, PAIR_KG, _plan


def test_a_cut_batch_accounts_its_leather_from_the_cutting_plan(workshop):
    with services.unit_of_work(workshop) as uow:
        rep = batch_impact_report(uow, "b1")
    leather = rep["leather"]
    assert leather["source"] == "cutting plan"
    assert (leather["bought_sqft"], leather["cut_sqft"]) == (100.0, 70.0)
    assert (leather["offcuts_kept_sqft"], leather["scrap_sqft"]) == (10.0, 20.0)
    assert leather["cutting_yield"] == 0.7
    assert [a["material"] for a in leather["articles"]] == ["LTH_BLK"]  # the lining roll is not
    pairs = rep["pairs"]
    assert pairs["made"] == 12 and pairs["made_source"] == "serialised pairs"
    assert (pairs["expected_sold"], pairs["expected_unsold"]) == (10.0, 2.0)
    assert pairs["returned"] == 2  # not B2's pair, not the return without a serial


def test_the_footprint_counts_unsold_pairs_and_scrap_against_the_mass_run(workshop):
    with services.unit_of_work(workshop) as uow:
        rep = batch_impact_report(uow, "B1")
    fp = rep["footprint_co2e"]
    assert fp["unsold_kg"] == pytest.approx(2 * PAIR_KG, abs=0.05)
    assert fp["scrap_kg"] == pytest.approx(20 * LEATHER_KG, abs=0.05)
    assert fp["waste_kg"] == pytest.approx(2 * PAIR_KG + 20 * LEATHER_KG, abs=0.05)
    assert fp["returned_kg"] == pytest.approx(2 * PAIR_KG)
    assert fp["pairs_made_kg"] == pytest.approx(12 * PAIR_KG)
    mass_waste = 19 * PAIR_KG + 80 * LEATHER_KG
    assert rep["mass_production"]["co2e_waste_kg"] == pytest.approx(mass_waste, abs=0.05)
    saved = rep["compared_with_mass"]
    assert saved["unsold_pairs_saved"] == 17.0
    assert saved["leather_scrap_saved_sqft"] == 60.0
    assert saved["unsold_vs_mass"] == pytest.approx(2 / 19, abs=1e-4)
    waste = 2 * PAIR_KG + 20 * LEATHER_KG
    assert saved["co2e_saved_kg"] == pytest.approx(mass_waste - waste, abs=0.05)
    sources = {f["source"] for f in rep["factors"].values()}
    assert any("COTANCE" in s for s in sources) and any("Cheah" in s for s in sources)


def test_without_a_cutting_plan_the_plans_expected_leather_is_used_and_said(workshop):
    with services.unit_of_work(workshop) as uow:
        rep = batch_impact_report(uow, "B2")
    leather = rep["leather"]
    assert leather["source"] == "plan (expected figures)"
    assert (leather["bought_sqft"], leather["cut_sqft"], leather["scrap_sqft"]) == (20, 16, 4)
    assert leather["offcuts_kept_sqft"] == 0.0
    assert any("cordwain cut plan B2" in n for n in rep["notes"])
    assert rep["pairs"]["returned"] == 1


def test_without_any_plan_the_bills_of_materials_give_the_leather_and_unsold_is_unknown(
    workshop,
):
    with services.unit_of_work(workshop) as uow:
        rep = batch_impact_report(uow, "B3")
    leather = rep["leather"]
    assert leather["source"] == "bills of materials × pairs made"
    # 5 pairs × 2 sq ft net at a 0.8 yield: 12.5 bought, 10 cut, 2.5 scrap.
    assert (leather["bought_sqft"], leather["cut_sqft"], leather["scrap_sqft"]) == (12.5, 10, 2.5)
    assert rep["pairs"]["made"] == 5
    assert rep["pairs"]["made_source"].startswith("planned")
    assert rep["pairs"]["expected_unsold"] is None
    assert rep["footprint_co2e"]["waste_kg"] is None
    assert rep["mass_production"] is None and rep["compared_with_mass"] is None


def test_the_bills_of_materials_take_the_workshops_pooled_yield_as_the_planner_does(workshop):
    # Black calf has only 4 pairs cut of its own (at 90 %, not trusted alone); another
    # leather 30 pairs at 50 %. Pooled: (45 + 7.2) / (90 + 8) = 53.3 %, as `cordwain plan`
    # would size the batch with, not black calf's configured 80 %.
    doc = {
        "LTH_RED": {"yield": 0.5, "pairs": 30,
                    "batches": {"B9": {"piece_sqft": 45.0, "usable_sqft": 90.0, "pairs": 30}}},
        "LTH_BLK": {"yield": 0.9, "pairs": 4,
                    "batches": {"B8": {"piece_sqft": 7.2, "usable_sqft": 8.0, "pairs": 4}}},
    }  # fmt: skip
    with services.unit_of_work(workshop) as uow:
        uow.documents.put("cutting-yield", "current", doc)
        uow.commit()
        rep = batch_impact_report(uow, "B3")
    leather = rep["leather"]
    y = 52.2 / 98.0
    # 5 pairs × 2 sq ft net: 10 cut, 10 / y bought.
    assert leather["cut_sqft"] == pytest.approx(10.0, abs=0.05)
    assert leather["bought_sqft"] == pytest.approx(10.0 / y, abs=0.05)
    assert any("workshop's measured yield (53%)" in n for n in rep["notes"])


def test_pairs_made_off_plan_cap_the_expected_sales(workshop):
    with services.unit_of_work(workshop) as uow:
        # B2 was planned at 10 pairs (9 expected sold) but only 8 were made: 8 cannot sell 9.
        uow.documents.put("plan", "B2", _plan("B2", pairs=10, sold=9.0, bought=20.0, cut=16.0))
        uow.pairs.add(Pair("B1-0099", "B1", BLK))  # one more than planned in B1
        uow.commit()
    with services.unit_of_work(workshop) as uow:
        b1 = batch_impact_report(uow, "B1")
        b2 = batch_impact_report(uow, "B2")
    assert b1["pairs"]["made"] == 13
    # The extra pair sells at least what was expected; it is counted unsold (a ceiling).
    assert (b1["pairs"]["expected_sold"], b1["pairs"]["expected_unsold"]) == (10.0, 3.0)
    assert (b2["pairs"]["expected_sold"], b2["pairs"]["expected_unsold"]) == (8.0, 0.0)
    assert any("other quantities than planned" in n for n in b1["notes"])


def test_a_season_over_two_batches_is_their_sum(workshop):
    with services.unit_of_work(workshop) as uow:
        b1 = batch_impact_report(uow, "B1")
        b2 = batch_impact_report(uow, "B2")
        season = season_impact_report(uow, since=date(2026, 1, 1), until=date(2026, 2, 28))
    assert season["batches"] == 2
    assert [b["batch"] for b in season["by_batch"]] == ["B1", "B2"]  # B3 starts in March
    for key in ("bought_sqft", "cut_sqft", "offcuts_kept_sqft", "scrap_sqft"):
        assert season["leather"][key] == pytest.approx(b1["leather"][key] + b2["leather"][key])
    assert season["leather"]["sources"] == {"cutting plan": 1, "plan (expected figures)": 1}
    for key in ("made", "expected_sold", "expected_unsold", "returned"):
        assert season["pairs"][key] == pytest.approx(b1["pairs"][key] + b2["pairs"][key])
    for key in ("unsold_kg", "scrap_kg", "waste_kg", "returned_kg"):
        total = b1["footprint_co2e"][key] + b2["footprint_co2e"][key]
        assert season["footprint_co2e"][key] == pytest.approx(total, abs=0.1)
    mass = season["mass_production"]
    assert mass["expected_unsold"] == 38.0 and mass["batches"] == ["B1", "B2"]
    assert season["compared_with_mass"]["unsold_pairs_saved"] == pytest.approx(38 - 3)


def test_a_season_with_an_unplanned_batch_compares_only_the_planned_ones(workshop):
    with services.unit_of_work(workshop) as uow:
        season = season_impact_report(uow, since=date(2026, 2, 1))
    assert [b["batch"] for b in season["by_batch"]] == ["B2", "B3"]
    assert season["pairs"]["made"] == 8 + 5
    assert season["pairs"]["expected_known_for"] == 1
    assert season["compared_with_mass"]["batches"] == ["B2"]
    assert season["compared_with_mass"]["pairs_made"] == 8
    assert any("1 of 2 batches" in n for n in season["notes"])


def test_overriding_a_factor_changes_the_footprint_and_keeps_its_source(workshop):
    with services.unit_of_work(workshop) as uow:
        save_impact_factors(uow, pair_kg=20.0, pair_source="Our own product footprint, 2026")
        uow.commit()
    with services.unit_of_work(workshop) as uow:
        rep = batch_impact_report(uow, "B1")
        factors = impact_factors_report(uow)
        assert impact_factors(uow).leather_kg_per_sqft.value == pytest.approx(LEATHER_KG)
        assert uow.documents.get("settings", "impact-factors")["pair_kg"]["value"] == 20.0
    assert rep["footprint_co2e"]["unsold_kg"] == pytest.approx(40.0)
    assert rep["mass_production"]["co2e_waste_kg"] == pytest.approx(19 * 20 + 80 * LEATHER_KG, 0.01)
    assert rep["factors"]["pair_kg"]["source"] == "Our own product footprint, 2026"
    assert factors["pair_kg"]["default"] is False and factors["leather_kg_per_sqft"]["default"]
    with services.unit_of_work(workshop) as uow:
        save_impact_factors(uow, reset=True)
        uow.commit()
    with services.unit_of_work(workshop) as uow:
        rep = batch_impact_report(uow, "B1")
    assert rep["footprint_co2e"]["unsold_kg"] == pytest.approx(2 * PAIR_KG)


def test_a_factor_without_its_source_is_refused(workshop):
    with services.unit_of_work(workshop) as uow:
        with pytest.raises(ServiceError, match="source"):
            save_impact_factors(uow, leather_kg_per_sqft=1.0)
        with pytest.raises(ServiceError, match="leather_kg_per_sqft"):
            save_impact_factors(uow, leather_kg_per_sqft=-1.0, leather_source="a study")
        uow.documents.put("settings", "impact-factors", {"pair_kg": {"value": 3}})
        with pytest.raises(ServiceError, match="settings/impact-factors.*pair_kg"):
            impact_factors(uow)


def test_an_unknown_batch_or_an_empty_season_is_a_clear_error(workshop):
    with services.unit_of_work(workshop) as uow:
        with pytest.raises(ServiceError, match="batch 'B9' is not known.*B1, B2, B3"):
            batch_impact_report(uow, "B9")
        with pytest.raises(ServiceError, match="no batch starts in 2027-01-01"):
            season_impact_report(uow, since=date(2027, 1, 1))
        with pytest.raises(ServiceError, match="ends .* before it starts"):
            season_impact_report(uow, since=date(2026, 3, 1), until=date(2026, 1, 1))
