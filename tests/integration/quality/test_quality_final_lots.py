"""Final-lot inspection through the store: decision, hold, switching state, all or nothing."""

from __future__ import annotations

import json
from datetime import date

import pytest

from cordwain.quality import InspectionSeverity
from cordwain.services import ServiceError, unit_of_work
from cordwain.services import quality as q
from cordwain.store import snapshot

from .conftest import make_batch


def _draw(url, batch):
    with unit_of_work(url) as uow:
        return q.draw_sample(uow, batch, seed=11)


def _inspect(url, batch, findings, day=date(2026, 6, 8)):
    with unit_of_work(url) as uow:
        return q.inspect_lot(uow, batch, findings, day=day, inspector="A01")


def test_a_clean_sample_accepts_the_lot_and_records_the_inspection(shop):
    make_batch(shop, "B1", 60)
    draw = _draw(shop, "B1")
    # 60 pairs, level II -> letter E (13 pairs) for major 2.5 moves to F (20): Ac 1 / Re 2.
    assert draw.plans["major"]["sample_size"] == 20
    assert len(draw.serials) == 20 and len(set(draw.serials)) == 20
    report = _inspect(shop, "B1", [])
    assert report.accepted and not report.held and report.ncr is None
    with unit_of_work(shop) as uow:
        stored = uow.inspections.get(report.inspection_id)
        assert stored.result.value == "accepted"
        assert stored.sample_size == 20 and stored.lot_size == 60
        assert q.lot_holds(uow) == {}


def test_two_major_defects_reject_the_lot_hold_it_and_open_a_non_conformance(shop):
    make_batch(shop, "B1", 60)
    draw = _draw(shop, "B1")
    a, b = draw.sample_for("major")[:2]
    report = _inspect(shop, "B1", [q.Finding(a, "BO01"), q.Finding(b, "ST01", note="heel seam")])
    assert not report.accepted
    major = next(c for c in report.classes if c["severity"] == "major")
    assert (major["found"], major["accept"], major["reject"]) == (2, 1, 2)
    with unit_of_work(shop) as uow:
        hold = q.lot_holds(uow)["B1"]
        assert hold["status"] == "held" and hold["inspection_id"] == report.inspection_id
        ncr = q.list_ncrs(uow)[0]
        assert ncr.reference == report.ncr and ncr.batch_code == "B1"
        assert set(ncr.pair_serials) == {a, b}
        stored = uow.inspections.get(report.inspection_id)
        assert {d.pair_serial for d in stored.defects} == {a, b}
        assert stored.result.value == "rejected"


def test_a_held_lot_is_released_with_a_reason(shop):
    make_batch(shop, "B1", 60)
    draw = _draw(shop, "B1")
    _inspect(shop, "B1", [q.Finding(s, "BO01") for s in draw.sample_for("major")[:2]])
    with unit_of_work(shop) as uow:
        q.release_lot(uow, "B1", note="100% sorted, 3 pairs re-cemented", day=date(2026, 6, 10))
        assert q.lot_holds(uow) == {}
        assert q.lot_holds(uow, held_only=False)["B1"]["released"]["day"] == "2026-06-10"


def test_switching_state_is_kept_per_style_two_rejections_in_five_lots_tighten(shop):
    outcomes = [True, False, True, False, True]
    for i, ok in enumerate(outcomes, start=1):
        code = f"B{i}"
        make_batch(shop, code, 60)
        draw = _draw(shop, code)
        findings = [] if ok else [q.Finding(s, "BO01") for s in draw.sample_for("major")[:2]]
        report = _inspect(shop, code, findings, day=date(2026, 6, i))
        assert report.accepted is ok
        if i == 4:
            assert report.switching_after == "tightened"
    with unit_of_work(shop) as uow:
        state = q.switching_state(uow, "MARA")
        assert state.severity is InspectionSeverity.TIGHTENED
        history = q.switching_history(uow, "MARA")
        assert [h["accepted"] for h in history] == outcomes
        # The fifth lot was planned on tightened inspection: major 2.5 at letter F -> Ac 1/Re 2
        # on 32 pairs (tightened moves the arrow to letter G).
        lot5 = q.lot_records(uow, "B5")[0]
        assert lot5["severity"] == "tightened"
        assert lot5["plans"]["major"]["sample_size"] == 32


def test_a_resubmitted_lot_does_not_move_the_switching_state(shop):
    make_batch(shop, "B1", 60)
    draw = _draw(shop, "B1")
    _inspect(shop, "B1", [q.Finding(s, "BO01") for s in draw.sample_for("major")[:2]])
    with unit_of_work(shop) as uow:
        before = q.switching_state(uow, "MARA")
    second = _inspect(shop, "B1", [], day=date(2026, 6, 12))
    assert second.attempt == 2 and second.accepted
    with unit_of_work(shop) as uow:
        assert q.switching_state(uow, "MARA") == before
        assert q.lot_holds(uow, held_only=False)["B1"]["status"] == "released"


@pytest.mark.parametrize(
    "finding, message",
    [
        (lambda s, out: q.Finding(s[0], "ZZ99"), "not in the taxonomy"),
        (lambda s, out: q.Finding(out, "BO01"), "not in the major sample"),
        (lambda s, out: q.Finding("NOPE-0001", "BO01"), "NOPE-0001"),
    ],
)
def test_bad_findings_store_nothing_at_all(shop, finding, message):
    serials = make_batch(shop, "B1", 60)
    draw = _draw(shop, "B1")
    outside = next(s for s in serials if s not in draw.serials)
    before = snapshot(shop)
    good = q.Finding(draw.serials[0], "FI01")
    with pytest.raises(ServiceError, match=message):
        _inspect(shop, "B1", [good, finding(draw.serials, outside)])
    assert snapshot(shop) == before


def test_a_lot_already_accepted_cannot_be_inspected_again(shop):
    make_batch(shop, "B1", 60)
    _inspect(shop, "B1", [])
    with pytest.raises(ServiceError, match="already accepted"):
        _inspect(shop, "B1", [])


def test_findings_files_name_the_row_and_column(tmp_path):
    f = tmp_path / "found.csv"
    f.write_text("serial,code,count\nB1-0001,BO01,1\nB1-0002,ST01,two\n")
    with pytest.raises(ServiceError, match=r"found.csv row 3, column count"):
        q.read_findings(f)
    j = tmp_path / "found.json"
    j.write_text(json.dumps({"defects": [{"serial": "B1-0001", "code": "bo01"}]}))
    assert q.read_findings(j)[0].code == "bo01"


def test_unknown_batch_and_bad_lot_sizes_are_clear_errors(shop):
    with unit_of_work(shop) as uow, pytest.raises(ServiceError, match="batch B9 does not exist"):
        q.draw_sample(uow, "B9")
    with pytest.raises(ServiceError, match="lot size"):
        q.quality_plan(0, aql=2.5)
    with pytest.raises(ServiceError, match="AQL"):
        q.quality_plan(100, aql=3.0)
    with pytest.raises(ServiceError, match="level"):
        q.quality_plan(100, aql=2.5, level="IV")
