"""Tracing pairs and hides through the store; charts, Pareto and yield from stored records."""

from __future__ import annotations

import math
from datetime import date

import pytest

from cordwain.domain import (
    Defect,
    DefectFamily,
    Feedback,
    FeedbackKind,
    Inspection,
    InspectionResult,
    Operation,
    OperationRecord,
    Severity,
    Variant,
)
from cordwain.quality import HideLink
from cordwain.services import ServiceError, unit_of_work
from cordwain.services import quality as q
from cordwain.services import trace as tr

from .conftest import at, make_batch


@pytest.fixture
def traced(shop):
    """Batch B1 of 4 pairs: 0001-0003 cut from hide H7 (0003 also from H8); 0004 from H8."""
    hides = {"B1-0001": "H7", "B1-0002": "H7", "B1-0003": "H7", "B1-0004": "H8"}
    make_batch(shop, "B1", 4, hides=hides)
    make_batch(shop, "B2", 2)
    with unit_of_work(shop) as uow:
        tr.put_links(uow, "B1", [
            HideLink("B1-0001", "H7", "vamp", "A"),
            HideLink("B1-0001", "H7", "quarter", "B"),
            HideLink("B1-0003", "H8", "tongue", "B"),
        ])  # fmt: skip
        tr.put_used_hide(uow, "H7", "LTH_BLK", "MX-2605-578", date(2026, 5, 13))
        uow.operation_records.add(
            OperationRecord(
                "B1", Operation.CLICKING, "A01", at(1, 8), at(1, 9), ("B1-0001", "B1-0002")
            )
        )
        uow.operation_records.add(
            OperationRecord("B1", Operation.CLOSING, "A03", at(2, 8), at(2, 12), ("B1-0001",))
        )
        uow.operation_records.add(
            OperationRecord("B1", Operation.CLOSING, "A03", at(2, 13), at(2, 15), ("B1-0002",))
        )
        uow.inspections.add(
            Inspection(
                "B1",
                Operation.CLOSING,
                "A01",
                date(2026, 6, 2),
                4,
                4,
                (Defect(DefectFamily.STITCHING, "ST02", Severity.MAJOR, 1, "B1-0001"),),
                InspectionResult.REJECTED,
            )
        )
        uow.commit()  # fmt: skip
    return shop


def test_trace_pair_gives_its_hides_with_pieces_and_zones(traced):
    with unit_of_work(traced) as uow:
        t = tr.trace_pair(uow, "B1-0001")
    assert t["batch_code"] == "B1" and t["sku"] == "MARA-BLK-9"
    (h7,) = t["hides"]
    assert h7["hide_code"] == "H7" and h7["lot"] == "MX-2605-578" and not h7["in_stock"]
    assert h7["pieces"] == [{"piece": "vamp", "zone": "A"}, {"piece": "quarter", "zone": "B"}]


def test_trace_pair_says_who_did_each_operation_and_when(traced):
    with unit_of_work(traced) as uow:
        t = tr.trace_pair(uow, "B1-0002")
    ops = [(o["operation"], o["artisan"], o["name"], o["started"]) for o in t["operations"]]
    assert ops == [
        ("clicking", "A01", "Maribel Ortega", "2026-06-01T08:00:00"),
        ("closing", "A03", "Rosa Villanueva", "2026-06-02T13:00:00"),
    ]


def test_trace_pair_lists_its_inspections_and_the_defects_found_on_it(traced):
    with unit_of_work(traced) as uow:
        first = tr.trace_pair(uow, "B1-0001")
        second = tr.trace_pair(uow, "B1-0002")
    (insp,) = first["inspections"]
    assert insp["operation"] == "closing" and insp["in_sample"] is True
    assert [d["code"] for d in insp["defects_on_pair"]] == ["ST02"]
    assert [d["code"] for d in first["defects"]] == ["ST02"]
    assert second["defects"] == []


def test_trace_hide_lists_every_pair_cut_from_it(traced):
    with unit_of_work(traced) as uow:
        h7 = tr.trace_hide(uow, "h7")
        h8 = tr.trace_hide(uow, "H8")
    assert [p["serial"] for p in h7["pairs"]] == ["B1-0001", "B1-0002", "B1-0003"]
    assert h7["batches"] == ["B1"] and h7["skus"] == ["MARA-BLK-10", "MARA-BLK-9"]
    # B1-0003 is on H8 only through its piece-level cut record.
    assert [p["serial"] for p in h8["pairs"]] == ["B1-0003", "B1-0004"]


def test_unknown_serials_and_uncut_hides_are_clear_errors(traced):
    with unit_of_work(traced) as uow:
        with pytest.raises(ServiceError, match="pair serial B1-0099 does not exist"):
            tr.trace_pair(uow, "B1-0099")
        with pytest.raises(ServiceError, match="no pair was cut from hide H99"):
            tr.trace_hide(uow, "H99")


def test_returns_with_a_defect_code_feed_the_defect_statistics(traced):
    v = Variant("MARA", "BLK", "9")
    with unit_of_work(traced) as uow:
        uow.feedback.add(
            Feedback(
                date(2026, 7, 1),
                v,
                FeedbackKind.RETURN,
                reason_code="BO01",
                text="sole came off",
                pair_serial="B1-0001",
            )
        )
        uow.feedback.add(
            Feedback(
                date(2026, 7, 2), v, FeedbackKind.RETURN, reason_code="BO01", pair_serial="B1-0002"
            )
        )
        uow.feedback.add(
            Feedback(
                date(2026, 7, 3),
                v,
                FeedbackKind.RETURN,
                reason_code="TOO_SMALL",
                pair_serial="B1-0003",
            )
        )
        uow.commit()  # fmt: skip
        report = q.defect_pareto(uow, by="code")
        without = q.defect_pareto(uow, by="code", returns=False)
        t = tr.trace_pair(uow, "B1-0001")
    bars = {b.key: b.count for b in report.bars}
    # Two returns for sole separation, the fit return is not a defect.
    assert bars == {"BO01": 2, "ST02": 1}
    assert report.from_returns == 2 and report.from_inspections == 1
    assert report.bars[0].key == "BO01" and math.isclose(report.bars[0].share, 2 / 3)
    assert {b.key: b.count for b in without.bars} == {"ST02": 1}
    assert [f["reason_code"] for f in t["feedback"]] == ["BO01"]


def _closing(day, sample, defective, batch="B2"):
    found = tuple(
        Defect(DefectFamily.STITCHING, "ST05", Severity.MINOR, 1, f"X{day}-{k}")
        for k in range(defective)
    )
    return Inspection(batch, Operation.CLOSING, "A01", date(2026, 6, day), 50, sample, found)


def test_p_chart_from_stored_inspections_equals_the_hand_computation(shop):
    make_batch(shop, "B2", 2)
    samples = [(1, 20, 1), (2, 25, 3), (3, 20, 0), (4, 40, 2)]
    with unit_of_work(shop) as uow:
        for day, n, d in samples:
            uow.inspections.add(_closing(day, n, d))
        uow.commit()
        report = q.control_chart(uow, "closing", kind="p")
    # p̄ = 6 / 105; UCLᵢ = p̄ + 3·√(p̄(1 − p̄)/nᵢ)
    pbar = 6 / 105
    c = report.chart
    assert math.isclose(c.center, pbar)
    for i, (_, n, d) in enumerate(samples):
        assert math.isclose(c.values[i], d / n)
        assert math.isclose(c.ucl[i], pbar + 3 * math.sqrt(pbar * (1 - pbar) / n))
        assert c.lcl[i] == 0.0
    assert report.as_dict()["points"][1]["label"] == "2026-06-02 B2"


def test_first_pass_yield_per_operation_from_stored_inspections(shop):
    make_batch(shop, "B2", 2)
    with unit_of_work(shop) as uow:
        uow.inspections.add(_closing(1, 20, 1))
        uow.inspections.add(_closing(2, 30, 4))
        uow.commit()
        data = q.first_pass_yields(uow)
    (closing,) = data["operations"]
    assert (closing["pairs"], closing["first_pass"]) == (50, 45)
    assert math.isclose(data["rolled_throughput_yield"], 0.9)


def test_a_checklist_records_one_inspection_with_a_defect_per_failed_item(shop):
    serials = make_batch(shop, "B3", 4)
    answers = {
        serials[0]: {"CS1": True, "CS2": 4.0, "CS3": True, "CS4": True},
        serials[1]: {"CS1": False, "CS2": 5.1, "CS3": True, "CS4": True},
    }
    with unit_of_work(shop) as uow:
        report = q.record_checklist(uow, "B3", "closing", answers, day=date(2026, 6, 3))
        stored = uow.inspections.get(report.inspection_id)
        t = tr.trace_pair(uow, serials[1])
    assert report.failed_pairs == [serials[1]]
    assert sorted(d.code for d in stored.defects) == ["ST02", "ST04"]
    assert (stored.sample_size, stored.lot_size) == (2, 4)
    assert [i["in_sample"] for i in t["inspections"]] == [True]


def test_a_failed_lab_test_opens_a_non_conformance(shop):
    make_batch(shop, "B3", 4)
    with unit_of_work(shop) as uow:
        report = q.record_lab_tests(uow, "B3", {"SOLE_BOND": [4.6, 3.8]}, day=date(2026, 6, 4))
        ncrs = q.list_ncrs(uow)
    assert not report.passed and report.results["SOLE_BOND"]["worst"] == 3.8
    assert [n.reference for n in ncrs] == [report.ncr]


def test_non_conformance_moves_through_its_steps_in_order(shop):
    with unit_of_work(shop) as uow:
        ncr = q.open_ncr(uow, "grain crack on vamps", hide_codes=["h7"], day=date(2026, 7, 1))
        assert ncr.hide_codes == ("H7",)
        with pytest.raises(ServiceError, match="open cannot become verified"):
            q.move_ncr(uow, ncr.reference, "verified")
        q.move_ncr(uow, ncr.reference, "action-planned", note="grade bends B")
        moved = q.move_ncr(uow, ncr.reference, "action-taken")
    assert moved.status.value == "action-taken" and moved.action == "grade bends B"
    assert [s.value for _, s, _ in moved.history] == ["open", "action-planned", "action-taken"]
