"""The demo catalogue looks like a small brand's: styles, size runs, BOMs, pattern pieces."""

from __future__ import annotations

from collections import Counter

import pytest

from cordwain.demo import DemoWorkshop
from cordwain.domain import (
    Grade,
    GrainRule,
    MaterialKind,
    Operation,
    SizeSystem,
)

BOOTS = {"boot"}


def test_at_least_six_styles_three_colourways_each_and_180_variants(
    workshop: DemoWorkshop,
) -> None:
    assert len(workshop.styles) >= 6
    per_style = Counter(c.style_code for c in workshop.colourways)
    assert set(per_style) == {s.code for s in workshop.styles}
    assert all(n == 3 for n in per_style.values())
    variants = workshop.variants()
    assert len(variants) >= 180
    assert len({v.sku for v in variants}) == len(variants)


def test_the_range_has_a_sneaker_a_high_top_a_chelsea_a_derby_a_loafer_and_a_womens_line(
    workshop: DemoWorkshop,
) -> None:
    categories = {s.category for s in workshop.styles}
    assert {"sneaker", "high-top", "boot", "derby", "loafer", "sneaker-women"} <= categories
    womens = [s for s in workshop.styles if s.size_run.system is SizeSystem.US_WOMEN]
    assert womens and all(s.size_run.sizes[0] == "5" for s in womens)
    mens = [s for s in workshop.styles if s.size_run.system is SizeSystem.US_MEN]
    assert all({"7", "9.5", "13"} <= set(s.size_run.sizes) for s in mens)


def test_prices_and_costs_sit_in_a_small_brands_range(workshop: DemoWorkshop) -> None:
    for s in workshop.styles:
        assert 150 <= s.retail_price <= 300, s.code
        assert 60 <= s.unit_cost <= 120, s.code
        assert s.retail_price >= 2 * s.unit_cost, s.code


def test_routings_are_the_full_workshop_order_with_drying_after_lasting(
    workshop: DemoWorkshop,
) -> None:
    for s in workshop.styles:
        assert [r.operation for r in s.routing] == list(Operation)
        assert 70 <= s.minutes_per_pair <= 130, s.code
        assert 30 <= s.step(Operation.LASTING).lag_minutes <= 60, s.code
        assert 25 <= s.step(Operation.CLOSING).minutes_per_pair <= 45, s.code
        # Closing is the longest operation of every style.
        longest = max(s.routing, key=lambda r: r.minutes_per_pair)
        assert longest.operation is Operation.CLOSING


def test_every_bom_material_exists_and_every_colourway_has_a_bom(
    workshop: DemoWorkshop,
) -> None:
    codes = {m.code for m in workshop.materials}
    for bom in workshop.boms:
        for line in bom.lines:
            assert line.material_code in codes, (bom.style_code, line.material_code)
    assert {(b.style_code, b.colourway_code) for b in workshop.boms} == {
        (c.style_code, c.code) for c in workshop.colourways
    }


def test_leather_is_priced_and_timed_like_the_trade(workshop: DemoWorkshop) -> None:
    leathers = [m for m in workshop.materials if m.kind is MaterialKind.LEATHER]
    assert len(leathers) >= 6
    for m in leathers:
        assert 5 <= m.unit_cost <= 12, m.code
        assert 14 <= m.lead_time_days <= 56, m.code
        assert m.min_order > 0
        # ~17 kg CO2e per m² of leather is ~1.6 kg per square foot.
        assert 1.3 <= m.co2e_per_unit <= 2.1, m.code


def test_soles_are_bought_per_size_with_minimums_and_long_lead_times(
    workshop: DemoWorkshop,
) -> None:
    soles = [m for m in workshop.materials if m.code.startswith("SOLE")]
    assert len(soles) >= 4
    for m in soles:
        assert m.per_size and m.min_order >= 100
        assert 28 <= m.lead_time_days <= 56


def _leather_line(workshop: DemoWorkshop, style_code: str, colourway: str):
    kinds = {m.code: m.kind for m in workshop.materials}
    bom = workshop.bom(style_code, colourway)
    (line,) = [ln for ln in bom.lines if kinds[ln.material_code] is MaterialKind.LEATHER]
    return line


def test_upper_leather_per_pair_is_1_5_to_3_sqft_for_shoes_and_4_to_6_for_boots(
    workshop: DemoWorkshop,
) -> None:
    for c in workshop.colourways:
        style = workshop.style(c.style_code)
        line = _leather_line(workshop, c.style_code, c.code)
        low, high = (4, 6) if style.category in BOOTS else (1.5, 3)
        assert low <= line.base_quantity <= high, (style.code, line.base_quantity)
        assert 0.015 <= line.grade_per_step <= 0.025


def test_a_bigger_size_takes_more_leather(workshop: DemoWorkshop) -> None:
    mara = workshop.style("MARA")
    line = _leather_line(workshop, "MARA", "BLK")
    q7, q9, q13 = (line.quantity_for(s, mara.size_run) for s in ("7", "9", "13"))
    assert q7 < q9 < q13
    assert q13 / q9 == pytest.approx(1 + 8 * line.grade_per_step)


def _pieces_of(workshop: DemoWorkshop, style_code: str, colourway: str):
    materials = {ln.material_code for ln in workshop.bom(style_code, colourway).lines}
    return [
        p
        for p in workshop.pattern_pieces
        if p.style_code == style_code and p.material_code in materials
    ]


def test_pattern_net_area_matches_the_bom_leather_within_25_percent_at_every_size(
    workshop: DemoWorkshop,
) -> None:
    kinds = {m.code: m.kind for m in workshop.materials}
    for c in workshop.colourways:
        style = workshop.style(c.style_code)
        line = _leather_line(workshop, c.style_code, c.code)
        pieces = [
            p
            for p in _pieces_of(workshop, c.style_code, c.code)
            if kinds[p.material_code] is MaterialKind.LEATHER
        ]
        assert pieces
        for size in style.size_run.sizes:
            net = sum(p.area_sqft_per_pair(size) for p in pieces)
            bom = line.quantity_for(size, style.size_run)
            assert abs(net - bom) <= 0.25 * bom, (style.code, c.code, size, net, bom)


def test_every_colourway_has_vamp_quarters_lining_and_a_back_piece(
    workshop: DemoWorkshop,
) -> None:
    for c in workshop.colourways:
        names = {p.name.split(" (")[0] for p in _pieces_of(workshop, c.style_code, c.code)}
        assert "vamp" in names
        assert any("quarter" in n and "lining" not in n for n in names)
        assert any("lining" in n for n in names)
        assert names & {"counter", "counter cover", "heel tab", "back strap", "pull tab"}


def test_piece_names_are_unique_within_a_style(workshop: DemoWorkshop) -> None:
    keys = [(p.style_code, p.name) for p in workshop.pattern_pieces]
    assert len(keys) == len(set(keys))


def test_vamps_and_toe_caps_want_a_grade_leather_along_the_backbone(
    workshop: DemoWorkshop,
) -> None:
    kinds = {m.code: m.kind for m in workshop.materials}
    for p in workshop.pattern_pieces:
        base = p.name.split(" (")[0]
        if base in ("vamp", "toe cap"):
            assert p.min_grade is Grade.A
            assert p.grain is GrainRule.ALONG_BACKBONE and p.grain_tolerance_deg == 10
            assert p.mirrored and p.count_per_pair == 2
        elif "quarter" in base and "lining" not in base:
            assert p.min_grade is Grade.B and p.mirrored
        elif "lining" in base or base.startswith("counter"):
            assert p.min_grade is Grade.C and p.grain is GrainRule.ANY
        if "lining" in base:
            assert kinds[p.material_code] is MaterialKind.FABRIC


def test_pieces_are_graded_to_every_size_by_a_paris_step_in_length(
    workshop: DemoWorkshop,
) -> None:
    mara = workshop.style("MARA")
    vamp = next(
        p for p in workshop.pattern_pieces if p.name == "vamp (LTH_BLK)" and p.style_code == "MARA"
    )
    assert set(vamp.outlines) == set(mara.size_run.sizes)

    def length(size: str) -> float:
        x0, _, x1, _ = vamp.outline_for(size).bounds
        return x1 - x0

    def width(size: str) -> float:
        _, y0, _, y1 = vamp.outline_for(size).bounds
        return y1 - y0

    # A half size adds 4.23 mm on a 270 mm last: ~1.57% of the piece's length.
    assert length("9.5") / length("9") == pytest.approx(1 + 4.23 / 270, rel=1e-6)
    assert length("13") > length("9") > length("7")
    assert 1 < width("9.5") / width("9") < length("9.5") / length("9")


def test_small_pieces_fit_in_a_hide_and_big_ones_look_like_a_shoe(
    workshop: DemoWorkshop,
) -> None:
    for p in workshop.pattern_pieces:
        for poly in p.outlines.values():
            x0, y0, x1, y1 = poly.bounds
            assert 20 < x1 - x0 < 650 and 10 < y1 - y0 < 350, p.name
