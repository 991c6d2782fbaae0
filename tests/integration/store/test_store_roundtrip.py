"""What is stored comes back equal: every aggregate, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from cordwain.domain import (
    BOM,
    Batch,
    BatchLine,
    BatchStatus,
    BOMLine,
    Colourway,
    Defect,
    FabricRoll,
    Feedback,
    Grade,
    GrainRule,
    Hide,
    Inspection,
    InventoryLevel,
    Offcut,
    Operation,
    OperationRecord,
    Pair,
    PatternPiece,
    Polygon,
    PreOrder,
    PurchaseOrder,
    QualityZone,
    SalesLine,
    Variant,
    WaitlistEntry,
    WorkOrder,
)
from cordwain.store import SqlUnitOfWork

BLK9 = Variant("MARA", "BLK", "9")
TAN10 = Variant("MARA", "TAN", "10")


def _vamp() -> PatternPiece:
    base = Polygon(((0, 0), (210.5, 0), (230, 60), (180, 110), (0, 95)))
    return PatternPiece(
        "MARA",
        "vamp",
        "CALF_BLK",
        {"9": base, "9.5": base.scaled(1.02), "10": base.scaled(1.04)},
        count_per_pair=2,
        mirrored=True,
        min_grade=Grade.A,
        grain=GrainRule.ALONG_BACKBONE,
        grain_tolerance_deg=7.5,
    )


def _hide(code: str = "H001") -> Hide:
    return Hide(
        code=code,
        material_code="CALF_BLK",
        lot="LOT-2024-11",
        stamped_area_sqft=23.5,
        outline=Polygon(((0, 0), (1400, -30), (1520, 800), (700, 1350), (-40, 900))),
        zones=(
            QualityZone(Grade.B, Polygon.rectangle(300, 200, 100, 100), "belly"),
            QualityZone(Grade.REJECT, Polygon.rectangle(50, 40, 900, 600), "brand mark"),
        ),
        base_grade=Grade.A,
        backbone=((0.0, 650.0), (1500.0, 650.0)),
        thickness_mm=1.4,
        holes=(Polygon.rectangle(20, 20, 1200, 300),),
    )


def _batch() -> Batch:
    return Batch(
        "B2025_03",
        date(2025, 3, 3),
        date(2025, 3, 21),
        [BatchLine(BLK9, 12), BatchLine(TAN10, 8), BatchLine(Variant("MARA", "BLK", "10.5"), 0)],
        note="spring drop",
    )


def test_a_style_comes_back_with_its_size_run_routing_and_prices(db_url, mara):
    with SqlUnitOfWork(db_url) as uow:
        uow.styles.add(mara)
        uow.commit()
    with SqlUnitOfWork(db_url) as uow:
        stored = uow.styles.get("MARA")
        assert stored == mara
        assert stored.size_run.core == ("9", "9.5", "10")
        assert stored.step(Operation.LASTING).lag_minutes == 720.0
        assert stored.unit_cost == Decimal("61.375")
        assert uow.styles.list() == [mara]
        assert uow.styles.get("NOPE") is None


def test_catalogue_colourways_materials_and_bom_round_trip(catalogue, sample_materials):
    with SqlUnitOfWork(catalogue) as uow:
        assert uow.colourways.list() == [
            Colourway("MARA", "BLK", "Black"),
            Colourway("MARA", "TAN", "Tan"),
        ]
        assert uow.colourways.get("MARA", "TAN") == Colourway("MARA", "TAN", "Tan")
        assert uow.colourways.list(style_code="OTHER") == []
        assert uow.materials.list() == sorted(sample_materials, key=lambda m: m.code)
        assert uow.materials.get("SOLE_LTHR").per_size is True
        bom = uow.boms.get("MARA", "BLK")
        assert [ln.material_code for ln in bom.lines] == ["CALF_BLK", "LINING_NAT", "SOLE_LTHR"]
        assert bom.lines[0].grade_per_step == 0.03
        assert bom.lines[2].overrides == {"12": 1.0}
        assert uow.boms.get("MARA", "TAN") is None


def test_putting_a_bom_again_replaces_its_lines(catalogue):
    new = BOM("MARA", "BLK", (BOMLine("SOLE_LTHR", "9", 1.0), BOMLine("CALF_BLK", "9", 2.3)))
    with SqlUnitOfWork(catalogue) as uow:
        uow.boms.put(new)
        uow.boms.put(BOM("MARA", "TAN", ()))
        uow.commit()
    with SqlUnitOfWork(catalogue) as uow:
        assert uow.boms.get("MARA", "BLK") == new
        assert uow.boms.get("MARA", "TAN") == BOM("MARA", "TAN", ())
        assert [(b.style_code, b.colourway_code) for b in uow.boms.list()] == [
            ("MARA", "BLK"),
            ("MARA", "TAN"),
        ]


def test_a_pattern_piece_keeps_its_graded_outlines(catalogue):
    vamp = _vamp()
    with SqlUnitOfWork(catalogue) as uow:
        uow.patterns.add(vamp)
        uow.commit()
    with SqlUnitOfWork(catalogue) as uow:
        assert uow.patterns.list(style_code="MARA") == [vamp]
        assert uow.patterns.get("MARA", "vamp").outline_for("10") == vamp.outline_for("10")
        assert uow.patterns.list(style_code="OTHER") == []


def test_a_hide_keeps_its_outline_zones_holes_and_backbone(catalogue):
    hide = _hide()
    plain = Hide("H002", "CALF_BLK", "LOT-2024-11", 19.0, Polygon.rectangle(1000, 800))
    with SqlUnitOfWork(catalogue) as uow:
        uow.hides.add(hide)
        uow.hides.add(plain)
        uow.commit()
    with SqlUnitOfWork(catalogue) as uow:
        stored = uow.hides.get("H001")
        assert stored == hide
        assert stored.grade_at((925, 620)) is Grade.REJECT
        assert uow.hides.get("H002") == plain
        assert uow.hides.list(material_code="CALF_BLK") == [hide, plain]
        assert uow.hides.list(material_code="LINING_NAT") == []
        uow.hides.remove("H002")
        uow.commit()
    with SqlUnitOfWork(catalogue) as uow:
        assert [h.code for h in uow.hides.list()] == ["H001"]


def test_fabric_rolls_and_offcuts_round_trip_and_can_be_used_up(catalogue):
    roll = FabricRoll("R07", "LINING_NAT", 1.4, 48.5, lot="ML-339")
    offcut = Offcut(
        "OC1",
        "H001",
        "CALF_BLK",
        Polygon.rectangle(300, 180),
        Grade.A,
        (QualityZone(Grade.C, Polygon.rectangle(30, 30, 10, 10)),),
    )
    with SqlUnitOfWork(catalogue) as uow:
        uow.rolls.add(roll)
        uow.offcuts.add(offcut)
        uow.commit()
    with SqlUnitOfWork(catalogue) as uow:
        assert uow.rolls.get("R07") == roll
        assert uow.rolls.list(material_code="LINING_NAT") == [roll]
        assert uow.offcuts.list() == [offcut]
        assert uow.offcuts.get("OC1") == offcut
        uow.rolls.save(FabricRoll("R07", "LINING_NAT", 1.4, 31.0, lot="ML-339"))
        uow.offcuts.remove("OC1")
        uow.commit()
    with SqlUnitOfWork(catalogue) as uow:
        assert uow.rolls.get("R07").length_m == 31.0
        assert uow.offcuts.list() == []


def test_artisans_keep_their_skills_hours_and_shift(catalogue):
    with SqlUnitOfWork(catalogue) as uow:
        ana, rui = uow.artisans.list()
        assert ana.skills == {Operation.CLICKING: 16.0, Operation.CLOSING: 40.0}
        assert ana.shift.days == ("mon", "tue", "wed", "thu", "fri")
        assert rui.shift.start.hour == 9 and rui.shift.end.minute == 30
        assert rui.weekly_hours == 32.0 and rui.overtime_opt_in and rui.hourly_rate == 27.5
        assert uow.artisans.get("RUI") == rui


def test_two_years_of_sales_load_in_one_batch_and_filter_by_day_and_style(catalogue):
    start = date(2023, 1, 2)
    lines = [
        SalesLine(start + timedelta(days=i % 730), BLK9 if i % 3 else TAN10, 1 + i % 4,
                  Decimal("245.00") if i % 5 else Decimal("196.50"), "web" if i % 2 else "shop")
        for i in range(12_000)
    ]  # fmt: skip
    with SqlUnitOfWork(catalogue) as uow:
        assert uow.sales.add_many(iter(lines)) == 12_000
        uow.commit()
    with SqlUnitOfWork(catalogue) as uow:
        assert uow.sales.count() == 12_000
        january = uow.sales.list(since=date(2023, 1, 2), until=date(2023, 1, 31))
        expected = [ln for ln in lines if date(2023, 1, 2) <= ln.day <= date(2023, 1, 31)]
        assert sorted(january, key=_sales_key) == sorted(expected, key=_sales_key)
        assert uow.sales.count(style_code="MARA", until=date(2023, 1, 31)) == len(expected)
        assert uow.sales.count(style_code="OTHER") == 0
        assert uow.sales.first_day() == date(2023, 1, 2)
        assert uow.sales.last_day() == start + timedelta(days=729)
        assert [ln.day for ln in january] == sorted(ln.day for ln in january)


def _sales_key(line: SalesLine):
    return (line.day, line.variant, line.quantity, line.unit_price, line.channel)


def test_pre_orders_waitlist_and_feedback_round_trip(catalogue):
    open_order = PreOrder("PO-1001", BLK9, 2, date(2025, 2, 1), date(2025, 4, 15))
    done = PreOrder("PO-0999", TAN10, 1, date(2025, 1, 5), date(2025, 3, 1), status="fulfilled")
    waits = [
        WaitlistEntry(date(2025, 2, 3), "MARA", "TAN", None, 14, drop="spring"),
        WaitlistEntry(date(2025, 2, 4), "MARA", "TAN", "10", 3),
    ]
    notes = [
        Feedback(date(2025, 2, 10), BLK9, "review", rating=4, fit="small", text="snug toe"),
        Feedback(date(2025, 2, 11), BLK9, "return", reason_code="FIT", pair_serial="P0001"),
        Feedback(date(2025, 2, 12), TAN10, "exchange", fit="large", exchanged_to_size="9.5"),
    ]
    with SqlUnitOfWork(catalogue) as uow:
        for item in (open_order, done):
            uow.preorders.add(item)
        for w in waits:
            uow.waitlist.add(w)
        for f in notes:
            uow.feedback.add(f)
        uow.commit()
    with SqlUnitOfWork(catalogue) as uow:
        assert uow.preorders.list() == [done, open_order]
        assert uow.preorders.list(status="open") == [open_order]
        assert uow.preorders.get("PO-0999") == done
        assert uow.waitlist.list() == waits
        assert uow.feedback.list() == notes


def test_inventory_set_replaces_the_count_for_the_same_shelf(catalogue):
    with SqlUnitOfWork(catalogue) as uow:
        uow.inventory.set(InventoryLevel("material", "CALF_BLK", 180.5))
        uow.inventory.set(InventoryLevel("material", "SOLE_LTHR", 12, size="9"))
        uow.inventory.set(InventoryLevel("finished", "MARA-BLK-9", 4, location="shop"))
        uow.inventory.set(InventoryLevel("material", "CALF_BLK", 150.0))
        uow.commit()
    with SqlUnitOfWork(catalogue) as uow:
        assert uow.inventory.list(kind="material") == [
            InventoryLevel("material", "CALF_BLK", 150.0),
            InventoryLevel("material", "SOLE_LTHR", 12.0, size="9"),
        ]
        assert uow.inventory.get("finished", "MARA-BLK-9", location="shop").quantity == 4
        assert uow.inventory.get("material", "SOLE_LTHR") is None
        assert len(uow.inventory.list()) == 3


def test_purchase_orders_round_trip_with_and_without_size(catalogue):
    orders = [
        PurchaseOrder("PUR-7", "CALF_BLK", 200.0, date(2025, 3, 10)),
        PurchaseOrder("PUR-8", "SOLE_LTHR", 24, date(2025, 3, 12), size="9"),
        PurchaseOrder("PUR-8", "SOLE_LTHR", 12, date(2025, 3, 12), size="10"),
    ]
    with SqlUnitOfWork(catalogue) as uow:
        for o in orders:
            uow.purchase_orders.add(o)
        uow.commit()
    with SqlUnitOfWork(catalogue) as uow:
        assert uow.purchase_orders.list() == [orders[0], orders[2], orders[1]]
        assert uow.purchase_orders.remove("PUR-8") == 2
        assert uow.purchase_orders.list() == [orders[0]]


def test_a_batch_moves_through_its_statuses_and_keeps_its_lines(catalogue):
    batch = _batch()
    with SqlUnitOfWork(catalogue) as uow:
        uow.batches.add(batch)
        uow.commit()
    with SqlUnitOfWork(catalogue) as uow:
        stored = uow.batches.get("B2025_03")
        assert (stored.code, stored.start, stored.end, stored.status, stored.note) == (
            "B2025_03", date(2025, 3, 3), date(2025, 3, 21), BatchStatus.PLANNED, "spring drop"
        )  # fmt: skip
        assert stored.lines == batch.lines
        assert stored.pairs == 20
        stored.move_to(BatchStatus.RELEASED)
        stored.lines = [BatchLine(BLK9, 14)]
        uow.batches.save(stored)
        uow.commit()
    with SqlUnitOfWork(catalogue) as uow:
        again = uow.batches.get("B2025_03")
        assert again.status is BatchStatus.RELEASED and again.lines == [BatchLine(BLK9, 14)]
        assert [b.code for b in uow.batches.list(status="released")] == ["B2025_03"]
        assert uow.batches.list(status="planned") == []


def test_work_orders_are_stored_per_bundle_and_replaced_on_replan(catalogue):
    orders = [
        WorkOrder("B2025_03", BLK9, Operation.CLICKING, 6, bundle=1),
        WorkOrder("B2025_03", BLK9, Operation.CLICKING, 6, bundle=2),
        WorkOrder("B2025_03", TAN10, Operation.CLOSING, 8),
    ]
    with SqlUnitOfWork(catalogue) as uow:
        uow.batches.add(_batch())
        assert uow.work_orders.add_many(orders) == 3
        uow.commit()
    with SqlUnitOfWork(catalogue) as uow:
        assert sorted(uow.work_orders.list("B2025_03"), key=str) == sorted(orders, key=str)
        uow.work_orders.replace("B2025_03", [WorkOrder("B2025_03", BLK9, "lasting", 12)])
        uow.commit()
    with SqlUnitOfWork(catalogue) as uow:
        assert uow.work_orders.list() == [WorkOrder("B2025_03", BLK9, "lasting", 12)]


def test_a_pair_stays_traceable_to_its_hides_after_they_are_cut(catalogue):
    with SqlUnitOfWork(catalogue) as uow:
        uow.hides.add(_hide("H001"))
        uow.hides.add(_hide("H002"))
        uow.batches.add(_batch())
        uow.pairs.add(Pair("P0001", "B2025_03", BLK9, ("H002", "H001")))
        uow.pairs.add_many(
            [Pair("P0002", "B2025_03", BLK9, ("H002",)), Pair("P0003", "B2025_03", TAN10)]
        )
        uow.hides.remove("H002")
        uow.commit()
    with SqlUnitOfWork(catalogue) as uow:
        assert uow.pairs.get("P0001") == Pair("P0001", "B2025_03", BLK9, ("H002", "H001"))
        assert [p.serial for p in uow.pairs.list(hide_code="H002")] == ["P0001", "P0002"]
        assert [p.serial for p in uow.pairs.list(batch_code="B2025_03")] == [
            "P0001", "P0002", "P0003"
        ]  # fmt: skip
        assert uow.pairs.get("P0003").hide_codes == ()
        assert uow.pairs.get("P9999") is None


def test_operation_records_say_who_worked_on_which_pair(catalogue):
    t0 = datetime(2025, 3, 4, 8, 0)
    clicking = OperationRecord("B2025_03", "clicking", "ANA", t0, t0 + timedelta(minutes=95),
                               ("P0001", "P0002"))  # fmt: skip
    lasting = OperationRecord("B2025_03", "lasting", "RUI", t0 + timedelta(hours=3),
                              t0 + timedelta(hours=3, minutes=25), ("P0002",))  # fmt: skip
    with SqlUnitOfWork(catalogue) as uow:
        uow.batches.add(_batch())
        first = uow.operation_records.add(clicking)
        second = uow.operation_records.add(lasting)
        assert second != first
        uow.commit()
    with SqlUnitOfWork(catalogue) as uow:
        assert uow.operation_records.list(batch_code="B2025_03") == [clicking, lasting]
        assert uow.operation_records.list(pair_serial="P0001") == [clicking]
        assert uow.operation_records.list(pair_serial="P0002") == [clicking, lasting]


def test_an_inspection_keeps_its_defects_and_gets_a_number(catalogue):
    inspection = Inspection(
        "B2025_03",
        Operation.INSPECTION,
        "ANA",
        date(2025, 3, 20),
        lot_size=20,
        sample_size=8,
        defects=(
            Defect("stitching", "SKIPPED_STITCH", "major", 2, pair_serial="P0004"),
            Defect("finishing", "GLUE_MARK", "minor", note="heel"),
        ),
        result="accepted",
    )
    with SqlUnitOfWork(catalogue) as uow:
        uow.batches.add(_batch())
        number = uow.inspections.add(inspection)
        assert isinstance(number, int)
        uow.commit()
    with SqlUnitOfWork(catalogue) as uow:
        assert uow.inspections.get(number) == inspection
        assert uow.inspections.list(batch_code="B2025_03") == [inspection]
        assert uow.inspections.list_with_ids() == [(number, inspection)]
        assert uow.inspections.list(batch_code="OTHER") == []


def test_documents_store_engine_output_as_json_and_replace_by_key(db_url):
    plan = {"batch": "B2025_03", "quantities": {"MARA-BLK-9": 12}, "expected_waste": 0.8}
    with SqlUnitOfWork(db_url) as uow:
        uow.documents.put("plan", "B2025_03", plan, now=datetime(2025, 2, 1, 9, 0))
        uow.documents.put("plan", "B2025_04", {"draft": True}, now=datetime(2025, 2, 2, 9, 0))
        uow.documents.put("forecast", "2025-W06", {"series": [1.5, 2.0, (3, 4)]})
        uow.commit()
    with SqlUnitOfWork(db_url) as uow:
        assert uow.documents.get("plan", "B2025_03") == plan
        assert uow.documents.get("forecast", "2025-W06") == {"series": [1.5, 2.0, [3, 4]]}
        assert uow.documents.list("plan") == ["B2025_03", "B2025_04"]
        assert uow.documents.latest("plan") == ("B2025_04", {"draft": True})
        uow.documents.put("plan", "B2025_03", {"v": 2}, now=datetime(2025, 2, 3, 9, 0))
        assert uow.documents.get("plan", "B2025_03") == {"v": 2}
        assert uow.documents.latest("plan") == ("B2025_03", {"v": 2})
        assert uow.documents.delete("plan", "B2025_04") is True
        assert uow.documents.get("nothing", "here") is None


def test_counts_report_rows_per_table(catalogue):
    with SqlUnitOfWork(catalogue) as uow:
        counts = uow.counts()
        assert uow.sales.last_day() is None
    assert counts["styles"] == 1
    assert counts["colourways"] == 2
    assert counts["materials"] == 3
    assert counts["boms"] == 1
    assert counts["artisans"] == 2
    assert counts["sales_lines"] == 0


@pytest.mark.parametrize("value", [float("nan"), Decimal("1.5"), {1, 2}])
def test_a_document_that_is_not_plain_json_is_refused_with_its_key(db_url, value):
    from cordwain.store import StoreError

    with SqlUnitOfWork(db_url) as uow, pytest.raises(StoreError, match="plan/B1"):
        uow.documents.put("plan", "B1", {"x": value})


def test_document_stamps_change_when_a_document_is_written_again(db_url):
    with SqlUnitOfWork(db_url) as uow:
        uow.documents.put("plan", "B1", {"n": 1})
        uow.documents.put("plan", "B2", {"n": 2})
        uow.commit()
        first = uow.documents.stamps("plan")
    assert set(first) == {"B1", "B2"}
    with SqlUnitOfWork(db_url) as uow:
        uow.documents.put("plan", "B1", {"n": 3})
        uow.commit()
        second = uow.documents.stamps("plan")
    assert second["B1"] > first["B1"] and second["B2"] == first["B2"]
