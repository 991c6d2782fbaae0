"""Planning the next batch of a tiny workshop whose right plan is known (see conftest)."""

from __future__ import annotations

import pytest

from cordwain import services
from cordwain.domain import BatchStatus
from cordwain.services.errors import ServiceError
from cordwain.services.plan import PlanSettings, plan_next_batch
from cordwain.store import snapshot

from .conftest import START, TODAY, build

SETTINGS = PlanSettings(min_run=6, min_run_by_colourway={"MARA-RED": 0}, whole_size_run=False)


def _plan(url, **kw):
    kw.setdefault("settings", SETTINGS)
    kw.setdefault("time_limit", 10)
    with services.unit_of_work(url) as uow:
        report = plan_next_batch(uow, start=START, today=TODAY, **kw)
        uow.commit()
    return report


def _line(report, sku):
    return next(ln for ln in report.body["lines"] if ln["sku"] == sku)


def test_closing_time_caps_the_batch_and_preorders_are_netted_first(small_workshop):
    report = _plan(small_workshop)
    body = report.body
    assert report.code == "B2026W11" and body["start"] == "2026-03-09"
    # Red: 5 pre-ordered − 2 on the shelf = 3 to make, and leather for exactly 3.
    assert _line(report, "MARA-RED-9")["quantity"] == 3
    # 810 closing minutes make 13 pairs: the 10 left go to the steady black seller.
    assert _line(report, "MARA-BLK-9")["quantity"] == 10
    assert body["summary"]["pairs"] == 13
    closing = next(c for c in body["capacity"] if c["operation"] == "closing")
    assert closing["standard_minutes"] == 780 and closing["binding"]
    assert any(b["kind"] == "capacity" and b["name"] == "closing" for b in body["binding"])
    assert body["summary"]["preorder_pairs_at_risk"] == 0
    assert body["solver"]["gap"] <= 0.01


def test_a_colourway_that_cannot_carry_its_minimum_run_is_left_out_and_said_why(
    small_workshop,
):
    report = _plan(small_workshop)
    assert _line(report, "MARA-TAN-9")["quantity"] == 0
    why = [b for b in report.body["binding"] if b["kind"] == "min_run"]
    assert [b["name"] for b in why] == ["MARA-TAN"]
    assert "MARA-TAN is not made" in why[0]["message"]


def test_missing_laces_are_suggested_at_the_suppliers_minimum(small_workshop):
    report = _plan(small_workshop)
    buys = {p["material"]: p for p in report.body["purchases"]}
    laces = buys["LACE"]
    assert laces["shortfall"] == 13 and laces["quantity"] == 50  # minimum order 50 pairs
    assert laces["supplier"] == "Findings" and not laces["late"]
    # Black leather: 10 pairs × 2.0 sq ft ÷ 0.8 yield, nothing on the shelf.
    assert buys["LTH_BLK"]["shortfall"] == pytest.approx(25.0)
    # Red leather is on the shelf: nothing to buy.
    assert "LTH_RED" not in buys


def test_the_plan_is_stored_as_a_planned_batch_with_its_document(small_workshop):
    report = _plan(small_workshop)
    with services.unit_of_work(small_workshop) as uow:
        batch = uow.batches.get("B2026W11")
        doc = uow.documents.get("plan", "B2026W11")
    assert batch.status is BatchStatus.PLANNED
    assert {ln.variant.sku: ln.quantity for ln in batch.lines} == {
        "MARA-BLK-9": 10, "MARA-RED-9": 3,
    }  # fmt: skip
    assert doc == report.body
    mass = doc["impact"]["mass_production"]
    assert mass["expected_unsold"] > doc["impact"]["batch"]["expected_unsold"] - 2


def test_replanning_the_same_window_replaces_the_batch_instead_of_adding_one(small_workshop):
    first = _plan(small_workshop)
    second = _plan(small_workshop, seed=3)
    assert not first.replaced and second.replaced
    with services.unit_of_work(small_workshop) as uow:
        assert [b.code for b in uow.batches.list()] == ["B2026W11"]
        assert uow.documents.list("plan") == ["B2026W11"]


def test_a_released_batch_is_never_replanned_and_nothing_changes(small_workshop):
    _plan(small_workshop)
    with services.unit_of_work(small_workshop) as uow:
        batch = uow.batches.get("B2026W11")
        batch.move_to(BatchStatus.RELEASED)
        uow.batches.save(batch)
        uow.commit()
    before = snapshot(small_workshop)
    with pytest.raises(ServiceError, match="already released"):
        _plan(small_workshop)
    assert snapshot(small_workshop) == before


@pytest.mark.parametrize(
    "kw, message",
    [
        ({"weeks": 0}, "1 to 26 weeks"),
        ({"critical_ratio": 1.5}, "critical ratio"),
        ({"time_limit": 0}, "time limit"),
    ],
)
def test_bad_input_is_refused_and_leaves_the_database_unchanged(small_workshop, kw, message):
    before = snapshot(small_workshop)
    with pytest.raises(ServiceError, match=message):
        _plan(small_workshop, **kw)
    assert snapshot(small_workshop) == before


def test_a_minimum_run_beyond_closing_capacity_is_diagnosed_in_plain_words(small_workshop):
    strict = PlanSettings(min_run=6, min_run_by_colourway={"MARA-RED": 30}, whole_size_run=False)
    before = snapshot(small_workshop)
    with pytest.raises(ServiceError) as err:
        _plan(small_workshop, settings=strict, strict_preorders=True)
    text = str(err.value)
    assert "minimum run of 30 pairs for MARA-RED" in text
    assert "1,800 closing minutes but only 810 are available" in text
    assert "solver" not in text.lower() and "status" not in text.lower()
    assert snapshot(small_workshop) == before
    # Without strict, the batch is planned and the pre-orders at risk carry the same reason.
    report = _plan(small_workshop, settings=strict)
    risk = report.body["preorders_at_risk"]
    assert risk["pairs"] == 3 and risk["variants"][0]["sku"] == "MARA-RED-9"
    assert any("1,800 closing minutes" in w for w in risk["why"])


def test_no_artisan_who_can_last_is_named_as_what_holds_the_boots_back(workshop_url):
    build(workshop_url, boots=True)
    report = _plan(workshop_url)
    assert _line(report, "BOOT-BLK-9")["quantity"] == 0
    skill = [b for b in report.body["binding"] if b["kind"] == "skill"]
    assert skill and skill[0]["name"] == "lasting"
    assert "no artisan can do lasting" in skill[0]["message"]


def test_preordered_boots_nobody_can_last_are_refused_with_the_reason(workshop_url):
    build(workshop_url, boots=True, boot_preorder=True)
    with pytest.raises(ServiceError, match="no artisan can do lasting"):
        _plan(workshop_url, strict_preorders=True)


def test_two_stage_plan_states_when_the_top_up_must_be_decided(small_workshop):
    report = _plan(small_workshop, two_stage=True)
    t = report.body["two_stage"]
    assert t["top_up_start"] > report.body["start"]
    assert t["decision_due"] <= t["top_up_start"]
    assert report.body["summary"]["pairs"] <= 13
    assert _line(report, "MARA-RED-9")["quantity"] == 3


def test_a_measured_cutting_yield_replaces_the_configured_one_for_buying_leather(
    small_workshop,
):
    with services.unit_of_work(small_workshop) as uow:
        # What `cordwain cut plan` stores after cutting 40 pairs at 50% yield.
        uow.documents.put("cutting-yield", "current", {"LTH_BLK": {"yield": 0.5, "pairs": 40}})
        uow.commit()
    report = _plan(small_workshop)
    buys = {p["material"]: p for p in report.body["purchases"]}
    # 10 pairs × 2.0 sq ft ÷ 0.5 measured yield (instead of ÷ 0.8 configured).
    assert buys["LTH_BLK"]["shortfall"] == pytest.approx(40.0)
    assert "measured by cutting plans for LTH_BLK" in report.body["impact"]["cutting_yield_source"]


def test_a_yield_measured_on_too_few_pairs_is_not_trusted_yet(small_workshop):
    with services.unit_of_work(small_workshop) as uow:
        uow.documents.put("cutting-yield", "current", {"LTH_BLK": {"yield": 0.5, "pairs": 4}})
        uow.commit()
    buys = {p["material"]: p for p in _plan(small_workshop).body["purchases"]}
    assert buys["LTH_BLK"]["shortfall"] == pytest.approx(25.0)


def test_the_plan_states_how_many_pairs_of_each_final_lot_will_be_inspected(small_workshop):
    body = _plan(small_workshop).body
    mara = body["inspection"]["MARA"]
    # 13 pairs, level II → code letter B; at AQL 2.5 the table's arrow points down to
    # letter C: 5 pairs, accept on 0 major defects, reject on 1.
    assert mara["lot_size"] == 13 and mara["severity"] == "normal"
    assert mara["pairs_to_inspect"] == 5
    major = mara["plans"]["major"]
    assert (major["code_letter"], major["sample_size"], major["accept"], major["reject"]) == (
        "C",
        5,
        0,
        1,
    )


def test_an_article_with_too_few_pairs_cut_takes_the_workshops_pooled_yield(small_workshop):
    def entry(pairs: float, piece: float, usable: float) -> dict:
        batch = {"piece_sqft": piece, "usable_sqft": usable, "pairs": pairs}
        return {"yield": piece / usable, "pairs": pairs, "batches": {"B1": batch}}

    with services.unit_of_work(small_workshop) as uow:
        # Red calf: 30 pairs cut at 50 %; black calf: only 4 pairs (at 60 %, not trusted
        # alone). Pooled over both: (45 + 4.8) / (90 + 8) = 50.8 %.
        doc = {"LTH_RED": entry(30, 45.0, 90.0), "LTH_BLK": entry(4, 4.8, 8.0)}
        uow.documents.put("cutting-yield", "current", doc)
        uow.commit()
    report = _plan(small_workshop)
    buys = {p["material"]: p for p in report.body["purchases"]}
    # 2.0 sq ft a black or tan pair (none on the shelf) ÷ 0.5082, not ÷ 0.8 configured.
    black = sum(ln["quantity"] for ln in report.body["lines"]
                if ln["sku"].split("-")[1] in ("BLK", "TAN"))  # fmt: skip
    assert black > 0
    assert buys["LTH_BLK"]["shortfall"] == pytest.approx(black * 2.0 / 0.5082, abs=0.05)
    source = report.body["impact"]["cutting_yield_source"]
    assert "measured by cutting plans for LTH_RED" in source
    assert "the workshop's measured yield (51%) for LTH_BLK" in source
