"""The demo workshop's past season: deterministic, stored whole, and something to look at."""

from __future__ import annotations

from datetime import date

import pytest

from cordwain import demo
from cordwain.demo.history import history
from cordwain.services import quality as q
from cordwain.services import store_workshop, unit_of_work
from cordwain.services import trace as tr

TODAY = date(2026, 11, 27)


@pytest.fixture(scope="module")
def shop_and_season():
    shop = demo.generate(7, today=TODAY)
    return shop, history(shop, seed=7)


def test_the_same_seed_gives_the_same_season(shop_and_season):
    shop, season = shop_and_season
    again = history(shop, seed=7)
    assert [b.code for b in again.batches] == [b.code for b in season.batches]
    assert again.pairs == season.pairs and again.operations == season.operations
    assert again.inspections == season.inspections and again.feedback == season.feedback
    other = history(shop, seed=8)
    assert other.inspections != season.inspections


def test_the_season_is_finished_before_today_and_every_pair_has_a_hide(shop_and_season):
    _, season = shop_and_season
    assert len(season.batches) == 6
    assert all(b.end < TODAY and b.status.value == "done" for b in season.batches)
    assert all(p.hide_codes for p in season.pairs)
    assert all(f.day < TODAY for f in season.feedback)
    assert all(p.serial.startswith(p.batch_code + "-") for p in season.pairs)


def test_the_stored_season_shows_charts_recalls_and_lot_decisions(workshop_url, shop_and_season):
    shop, season = shop_and_season
    with unit_of_work(workshop_url) as uow:
        store_workshop(uow, shop)
        q.store_history(uow, season)
        uow.commit()
        lots = q.lot_records(uow)
        chart = q.control_chart(uow, "bottoming")
        pair = tr.trace_pair(uow, season.pairs[0].serial)
        bad = next(h.code for h in season.used_hides if h.note)
        recall = tr.trace_hide(uow, bad)
        pareto = q.defect_pareto(uow)
        ncrs = q.list_ncrs(uow)
    assert {d["batch_code"] for d in lots} == {b.code for b in season.batches}
    assert len(chart.chart.values) >= 30
    # The bad cement lot shows up on the bottoming chart.
    assert any(v.rule == "N1" for v in chart.violations)
    assert [o["operation"] for o in pair["operations"]] == [
        s.operation.value for s in shop.style(season.pairs[0].variant.style_code).routing
    ]
    assert pair["hides"] and pair["hides"][0]["pieces"]
    assert any(f["reason_code"] == "UP03" for p in recall["pairs"] for f in p["feedback"])
    assert recall["ncrs"]
    assert pareto.from_returns > 0 and pareto.from_inspections > 0
    assert any(n.status.value == "closed" for n in ncrs)
