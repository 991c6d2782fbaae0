"""Cutting plans stored in the workshop, on SQLite and PostgreSQL.

Hand-made cases whose answer is known: square pieces on rectangle hides, a vamp that needs
A leather beside a B zone, offcuts kept by one plan and used by the next.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import shapely

from cordwain.domain import (
    BOM,
    Batch,
    BatchLine,
    BOMLine,
    Colourway,
    Grade,
    GrainRule,
    Hide,
    InventoryLevel,
    Material,
    MaterialKind,
    PatternPiece,
    Polygon,
    QualityZone,
    RoutingStep,
    SizeRun,
    SizeSystem,
    StockKind,
    Style,
    Unit,
    Variant,
)
from cordwain.domain.units import mm2_to_sqft
from cordwain.services import ServiceError
from cordwain.services.cutting import (
    cutting_plan,
    import_patterns,
    placed_outline,
    plan_cutting,
    read_cutting_yield,
)
from cordwain.services.workshop import unit_of_work
from cordwain.store import snapshot

LEATHER = "LTH_TST"


def _workshop(url: str, hides: list[Hide], pieces: list[PatternPiece]) -> None:
    with unit_of_work(url) as uow:
        uow.materials.add(Material(LEATHER, "test calf", MaterialKind.LEATHER, Unit.SQFT,
                                   Decimal("8"), "tannery", 21))  # fmt: skip
        uow.styles.add(Style(
            "TST", "Test shoe", "L1", "sneaker", SizeRun(SizeSystem.US_MEN, ("9", "10")),
            (RoutingStep("clicking", 10),), Decimal("100"), Decimal("40"),
        ))  # fmt: skip
        uow.colourways.add(Colourway("TST", "BLK", "black"))
        uow.boms.put(BOM("TST", "BLK", (BOMLine(LEATHER, "9", 1.0),)))
        for p in pieces:
            uow.patterns.add(p)
        for h in hides:
            uow.hides.add(h)
        uow.commit()


def _hide(code: str, w: float = 1000, h: float = 500, zones=()) -> Hide:
    return Hide(code, LEATHER, "L1", mm2_to_sqft(w * h), Polygon.rectangle(w, h), zones=zones)


def _square(name: str = "counter", side: float = 240, grade: Grade = Grade.C) -> PatternPiece:
    sq = Polygon.rectangle(side, side)
    return PatternPiece("TST", name, LEATHER, {"9": sq, "10": sq}, count_per_pair=2,
                        mirrored=False, min_grade=grade, grain=GrainRule.ANY)  # fmt: skip


def _batch(url: str, code: str, pairs: dict[str, int]) -> None:
    with unit_of_work(url) as uow:
        lines = [BatchLine(Variant("TST", "BLK", s), q) for s, q in pairs.items()]
        uow.batches.add(Batch(code, date(2026, 12, 1), date(2026, 12, 10), lines))
        uow.commit()


def test_twelve_squares_need_exactly_two_of_three_hides(workshop_url):
    # 8 squares of 240 mm fit a 1000 x 500 hide with a 2 mm gap; 12 cannot fit on one.
    _workshop(workshop_url, [_hide("H1"), _hide("H2"), _hide("H3")], [_square()])
    _batch(workshop_url, "B1", {"9": 3, "10": 3})
    with unit_of_work(workshop_url) as uow:
        report = plan_cutting(uow, "B1", time_limit=2)
        assert report.status == "complete"
        assert report.placed == report.pieces == 12
        assert report.hides_used == 2
        assert not report.unplaced
        # the two hides opened are off the shelf, the third is still there
        assert len(uow.hides.list(LEATHER)) == 1
        body = cutting_plan(uow, "B1")
    assert len(body["placements"]) == 12
    # every pair of the batch gets its two counters, numbered as serialise_batch numbers pairs
    per_serial: dict[str, int] = {}
    for p in body["placements"]:
        per_serial[p["serial"]] = per_serial.get(p["serial"], 0) + 1
        assert p["hide_code"] in {"H1", "H2", "H3"}
    assert per_serial == {f"B1-{n:04d}": 2 for n in range(1, 7)}


def test_a_grade_vamp_is_never_on_the_b_zone_in_the_stored_plan(workshop_url):
    b_zone = QualityZone(Grade.B, Polygon.rectangle(500, 500), "belly")
    vamp = PatternPiece("TST", "vamp", LEATHER, {"9": Polygon.rectangle(200, 100),
                        "10": Polygon.rectangle(210, 100)}, count_per_pair=2, mirrored=True,
                        min_grade=Grade.A, grain=GrainRule.ALONG_BACKBONE)  # fmt: skip
    counter = _square("counter", 120, Grade.B)
    _workshop(workshop_url, [_hide("H1", zones=(b_zone,))], [vamp, counter])
    _batch(workshop_url, "B2", {"9": 2, "10": 2})
    with unit_of_work(workshop_url) as uow:
        report = plan_cutting(uow, "B2", time_limit=2)
        body = cutting_plan(uow, "B2")
    assert report.status == "complete"
    zone = shapely.Polygon(b_zone.outline.points)
    vamps = [p for p in body["placements"] if p["piece"] == "vamp"]
    assert len(vamps) == 8 and {p["side"] for p in vamps} == {"left", "right"}
    for p in vamps:
        assert p["zone"] == "A" and p["min_grade"] == "A"
        cut = shapely.Polygon(placed_outline(body["shapes"][p["shape"]], p["x"], p["y"],
                                             p["rotation"], p["mirror"]))  # fmt: skip
        assert cut.intersection(zone).area < 1e-6
        assert shapely.Polygon(Polygon.rectangle(1000, 500).points).buffer(1e-6).contains(cut)


def test_offcuts_kept_by_one_plan_are_used_by_the_next_before_a_new_hide(workshop_url):
    _workshop(workshop_url, [_hide("H1"), _hide("H2")], [_square("counter", 150)])
    _batch(workshop_url, "B3", {"9": 1})  # two small squares: most of H1 is left over
    _batch(workshop_url, "B4", {"10": 1})
    with unit_of_work(workshop_url) as uow:
        first = plan_cutting(uow, "B3", time_limit=2)
        assert first.hides_used == 1 and first.offcuts_kept
        kept = {o.code for o in uow.offcuts.list(LEATHER)}
        assert kept == set(first.offcuts_kept)
        second = plan_cutting(uow, "B4", time_limit=2)
        assert second.status == "complete"
        assert second.hides_used == 0 and second.offcuts_used
        assert set(second.offcuts_used) <= kept
        left = {o.code for o in uow.offcuts.list(LEATHER)}
        assert not set(second.offcuts_used) & left  # used offcuts are gone from stock
        assert len(uow.hides.list(LEATHER)) == 1  # H2 was never opened
        body = cutting_plan(uow, "B4")
    # traceability still names the hide the offcut came from
    assert {p["hide_code"] for p in body["placements"]} == {first.sheets[0].code}


def test_yield_document_records_the_measured_yield_per_leather_article(workshop_url):
    _workshop(workshop_url, [_hide("H1"), _hide("H2")], [_square()])
    _batch(workshop_url, "B5", {"9": 2, "10": 2})
    with unit_of_work(workshop_url) as uow:
        report = plan_cutting(uow, "B5", time_limit=2)
        doc = read_cutting_yield(uow)
    entry = doc[LEATHER]
    piece_sqft = mm2_to_sqft(2 * 240 * 240)  # two counters a pair
    assert entry["sqft_per_pair"] == pytest.approx(piece_sqft, rel=1e-3)
    usable = mm2_to_sqft(1000 * 500) * report.hides_used
    assert entry["yield"] == pytest.approx(4 * piece_sqft / usable, rel=1e-3)
    assert entry["gross_sqft_per_pair"] == pytest.approx(piece_sqft / entry["yield"], rel=1e-3)
    assert entry["batches"]["B5"]["pairs"] == 4
    assert entry["by_variant"]["TST-BLK-9"] == pytest.approx(piece_sqft, rel=1e-3)


def test_replanning_puts_the_hides_back_and_plans_again(workshop_url):
    _workshop(workshop_url, [_hide("H1"), _hide("H2")], [_square()])
    _batch(workshop_url, "B6", {"9": 2})
    with unit_of_work(workshop_url) as uow:
        plan_cutting(uow, "B6", time_limit=1)
        with pytest.raises(ServiceError, match="already has a cutting plan"):
            plan_cutting(uow, "B6", time_limit=1)
        again = plan_cutting(uow, "B6", time_limit=1, replan=True)
        assert again.status == "complete"
        assert len(uow.hides.list(LEATHER)) == 1
        assert list(read_cutting_yield(uow)[LEATHER]["batches"]) == ["B6"]


def test_cut_hides_leave_the_stock_count_the_planner_reads_and_come_back_on_replan(
    workshop_url,
):
    hide_sqft = mm2_to_sqft(1000 * 500)
    _workshop(workshop_url, [_hide("H1"), _hide("H2"), _hide("H3")], [_square()])
    _batch(workshop_url, "B9", {"9": 3, "10": 3})  # 12 squares: two hides
    with unit_of_work(workshop_url) as uow:
        # The count is split over two stores; the main one is drawn down first.
        uow.inventory.set(InventoryLevel(StockKind.MATERIAL, LEATHER, 1.5 * hide_sqft))
        uow.inventory.set(InventoryLevel(StockKind.MATERIAL, LEATHER, 1.5 * hide_sqft,
                                         location="annex"))  # fmt: skip
        uow.commit()
        plan_cutting(uow, "B9", time_limit=2)
        main = uow.inventory.get(StockKind.MATERIAL, LEATHER).quantity
        annex = uow.inventory.get(StockKind.MATERIAL, LEATHER, location="annex").quantity
        assert main == pytest.approx(0.0, abs=1e-3)
        assert annex == pytest.approx(1.0 * hide_sqft, abs=1e-3)
        # Re-planning puts the two hides' area back before taking it again: same counts.
        plan_cutting(uow, "B9", time_limit=2, replan=True)
        again = uow.inventory.get(StockKind.MATERIAL, LEATHER, location="annex").quantity
        assert again == pytest.approx(annex, abs=1e-3)
        assert uow.inventory.get(StockKind.MATERIAL, LEATHER).quantity == pytest.approx(
            0.0, abs=1e-3
        )


def test_explicit_lines_plan_a_batch_that_is_not_stored_yet(workshop_url):
    _workshop(workshop_url, [_hide("H1")], [_square()])
    with unit_of_work(workshop_url) as uow:
        report = plan_cutting(uow, "DRAFT1", lines=[("TST-BLK-9", 2)], time_limit=1)
        assert report.placed == 4 and report.status == "complete"
        with pytest.raises(ServiceError, match="does not exist"):
            plan_cutting(uow, "NOPE", time_limit=1)


def test_pieces_without_leather_on_the_shelf_are_reported_with_the_reason(workshop_url):
    _workshop(workshop_url, [_hide("H1", 300, 300)], [_square()])
    _batch(workshop_url, "B7", {"9": 3})  # 6 squares, one fits the small hide
    with unit_of_work(workshop_url) as uow:
        report = plan_cutting(uow, "B7", time_limit=1)
    assert report.status == "partial"
    assert report.placed == 1
    assert sum(u["count"] for u in report.unplaced) == 5
    assert all(u["reason"] for u in report.unplaced)


def test_a_bad_pattern_file_names_file_and_entity_and_changes_nothing(workshop_url, tmp_path):
    import ezdxf

    _workshop(workshop_url, [_hide("H1")], [_square()])
    doc = ezdxf.new("R2010")
    doc.header["$INSUNITS"] = 4
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (100, 0), (100, 50), (0, 50)], close=True,
                       dxfattribs={"layer": "vamp"})  # fmt: skip
    bad = msp.add_lwpolyline([(0, 0), (80, 0), (80, 40)], dxfattribs={"layer": "quarter"})
    path = tmp_path / "tst-pattern.dxf"
    doc.saveas(path)
    before = snapshot(workshop_url)
    with unit_of_work(workshop_url) as uow, pytest.raises(ServiceError) as err:
        import_patterns(uow, "TST", path, LEATHER)
    message = str(err.value)
    assert "tst-pattern.dxf" in message
    assert f"handle {bad.dxf.handle}" in message and "quarter" in message
    assert snapshot(workshop_url) == before


def test_a_good_pattern_file_is_graded_to_the_size_run(workshop_url, tmp_path):
    import ezdxf

    _workshop(workshop_url, [_hide("H1")], [_square()])
    doc = ezdxf.new("R2010")
    doc.header["$INSUNITS"] = 4
    doc.modelspace().add_lwpolyline([(0, 0), (270, 0), (270, 100), (0, 100)], close=True,
                                    dxfattribs={"layer": "vamp"})  # fmt: skip
    path = tmp_path / "vamp.dxf"
    doc.saveas(path)
    with unit_of_work(workshop_url) as uow:
        result = import_patterns(uow, "TST", path, LEATHER, size="9", min_grade="A")
        piece = uow.patterns.get("TST", "vamp")
    assert result.pieces == ("vamp",) and result.sizes == ("9", "10")
    assert piece is not None and piece.min_grade is Grade.A
    x0, _, x1, _ = piece.outline_for("10").bounds
    assert x1 - x0 == pytest.approx(270 + 2 * 4.23)  # two half sizes up on a 270 mm last
