"""Hide nesting on small hand-made hides where the right answer is known."""

from __future__ import annotations

import math

import shapely

from cordwain.domain import Grade, GrainRule, Hide, PatternPiece, Polygon, QualityZone
from cordwain.nest import NestProblem, PieceDemand, offcuts_from, solve, validate


def hide(code="H1", w=310.0, h=210.0, **kw) -> Hide:
    return Hide(
        code=code,
        material_code="CALF",
        lot="L1",
        stamped_area_sqft=w * h / 92903.0,
        outline=Polygon.rectangle(w, h),
        **kw,
    )


def piece(name="COUNTER", w=100.0, h=100.0, **kw) -> PatternPiece:
    kw.setdefault("mirrored", False)
    kw.setdefault("count_per_pair", 1)
    kw.setdefault("grain", GrainRule.ANY)
    return PatternPiece("S1", name, "CALF", {"9": Polygon.rectangle(w, h)}, **kw)


def test_a_rectangle_hide_holds_exactly_six_squares_and_reports_the_seventh():
    prob = NestProblem.from_domain(
        [hide()], [PieceDemand(piece(), "9", 7)], gap_mm=0.0, resolution_mm=5.0
    )
    res = solve(prob, time_limit=2, seed=1)
    assert len(res.placements) == 6
    assert res.unplaced[0].count == 1 and "no room left" in res.unplaced[0].reason
    assert res.violations == ()
    assert res.hides_used == 1


def test_a_piece_needing_grade_a_never_lands_on_a_b_zone():
    zone = QualityZone(Grade.B, Polygon.rectangle(200, 200, x=200))
    h = hide(w=400, h=200, zones=(zone,))
    p = piece(w=90, h=90, min_grade=Grade.A)
    res = solve(NestProblem.from_domain([h], [PieceDemand(p, "9", 4)], gap_mm=1.0), time_limit=2)
    assert len(res.placements) == 4 and res.violations == ()
    for pl in res.placements:
        assert max(x for x, _ in pl.outline) <= 200 + 1e-6
        assert pl.grade is Grade.A


def test_a_hole_in_the_hide_is_never_cut():
    hole = Polygon.rectangle(60, 60, x=120, y=70)
    h = hide(w=300, h=200, holes=(hole,))
    res = solve(
        NestProblem.from_domain([h], [PieceDemand(piece(w=70, h=50), "9", 8)]), time_limit=2
    )
    assert len(res.placements) == 8 and res.violations == ()
    hole_poly = shapely.Polygon(hole.points)
    for pl in res.placements:
        assert shapely.Polygon(pl.outline).intersection(hole_poly).area < 1e-6


def test_vamps_follow_the_backbone_within_tolerance():
    h = hide(w=600, h=600, backbone=((0.0, 0.0), (100.0, 100.0 * math.tan(math.radians(30)))))
    vamp = piece("VAMP", w=200, h=80, grain=GrainRule.ALONG_BACKBONE, grain_tolerance_deg=10)
    res = solve(NestProblem.from_domain([h], [PieceDemand(vamp, "9", 6)]), time_limit=2)
    assert len(res.placements) == 6 and res.violations == ()
    for pl in res.placements:
        off = min(abs((pl.angle - a + 180) % 360 - 180) for a in (30.0, 210.0))
        assert off <= 10 + 1e-6


def test_the_knife_gap_is_kept_between_pieces_and_from_the_edge():
    prob = NestProblem.from_domain(
        [hide(w=400, h=300)], [PieceDemand(piece(w=60, h=40), "9", 12)], gap_mm=5.0
    )
    res = solve(prob, time_limit=2)
    assert len(res.placements) == 12 and res.violations == ()
    polys = [shapely.Polygon(p.outline) for p in res.placements]
    for i, a in enumerate(polys):
        assert (
            a.exterior.distance(shapely.Polygon(Polygon.rectangle(400, 300).points).exterior)
            >= 2.5 - 1e-6
        )
        for b in polys[i + 1 :]:
            assert a.distance(b) >= 5 - 1e-6


def test_mirrored_quarters_come_out_in_left_right_pairs():
    quarter = piece("QUARTER", w=120, h=60, mirrored=True, count_per_pair=2)
    res = solve(
        NestProblem.from_domain([hide(w=500, h=400)], [PieceDemand(quarter, "9", 3)]), time_limit=2
    )
    sides = [p.side for p in res.placements]
    assert sides.count("left") == 3 and sides.count("right") == 3
    assert all(p.mirror == (p.side == "left") for p in res.placements)
    assert res.violations == ()


def test_a_piece_larger_than_any_hide_is_reported_with_the_reason():
    big = piece("BOOT_SHAFT", w=500, h=500)
    res = solve(NestProblem.from_domain([hide()], [PieceDemand(big, "9", 1)]), time_limit=1)
    assert res.placements == () and res.status == "partial"
    assert "does not fit" in res.unplaced[0].reason


def test_a_later_plan_uses_offcuts_before_opening_a_new_hide():
    first = NestProblem.from_domain(
        [hide("H1", w=400, h=300)], [PieceDemand(piece(w=200, h=300), "9", 1)], gap_mm=2.0
    )
    r1 = solve(first, time_limit=1)
    offcuts = offcuts_from(first, r1)
    assert offcuts and all(o.hide_code == "H1" for o in offcuts)
    tabs = PieceDemand(piece("TAB", w=50, h=40), "9", 4)
    second = NestProblem.from_domain([hide("H2", w=400, h=300)], [tabs], offcuts=offcuts)
    r2 = solve(second, time_limit=2)
    assert len(r2.placements) == 4 and r2.violations == ()
    assert r2.hides_used == 0
    assert all(p.sheet_id.startswith("H1_OFF") for p in r2.placements)


def test_the_validator_catches_an_overlap():
    prob = NestProblem.from_domain([hide()], [PieceDemand(piece(), "9", 2)], gap_mm=0.0)
    res = solve(prob, time_limit=1)
    a, b = res.placements
    moved = type(b)(**{**b.__dict__, "x": a.x, "y": a.y, "angle": a.angle, "outline": a.outline})
    problems = validate(prob, [a, moved])
    assert any("overlap" in p for p in problems)


def test_yield_per_pair_is_the_net_area_of_a_pair():
    quarter = piece("QUARTER", w=100, h=100, mirrored=True, count_per_pair=2)
    res = solve(
        NestProblem.from_domain([hide(w=500, h=400)], [PieceDemand(quarter, "9", 2, "S1_BLK")]),
        time_limit=1,
    )
    per_pair = res.sqft_per_pair()[("S1_BLK", "9")]
    assert abs(per_pair - 2 * 100 * 100 / 92903.04) < 1e-6
