"""The leather room: ~40 irregular sides with zones and defects inside them, and fabric rolls."""

from __future__ import annotations

import math
from collections import Counter

import shapely
from shapely.geometry import LineString
from shapely.geometry import Polygon as ShapelyPolygon

from cordwain.demo import DemoWorkshop
from cordwain.domain import Grade, MaterialKind


def _shape(polygon) -> ShapelyPolygon:
    return ShapelyPolygon(polygon.points)


def test_about_forty_sides_of_20_to_28_square_feet(workshop: DemoWorkshop) -> None:
    assert 35 <= len(workshop.hides) <= 45
    assert len({h.code for h in workshop.hides}) == len(workshop.hides)
    for h in workshop.hides:
        assert 20 <= h.stamped_area_sqft <= 28, h.code


def test_the_stamped_area_is_within_3_percent_of_the_drawn_outline(
    workshop: DemoWorkshop,
) -> None:
    for h in workshop.hides:
        assert abs(h.outline_area_sqft / h.stamped_area_sqft - 1) <= 0.03, h.code


def test_outlines_are_irregular_valid_polygons_about_a_metre_by_two_and_a_half(
    workshop: DemoWorkshop,
) -> None:
    for h in workshop.hides:
        shape = _shape(h.outline)
        assert shape.is_valid, h.code
        x0, y0, x1, y1 = h.outline.bounds
        assert 1700 < x1 - x0 < 3200 and 700 < y1 - y0 < 1600, h.code
        # Not a rectangle or an ellipse: the hull is visibly bigger than the hide.
        assert shape.convex_hull.area > 1.03 * shape.area, h.code
    outlines = {h.outline.points for h in workshop.hides}
    assert len(outlines) == len(workshop.hides)


def test_the_backbone_runs_along_one_long_edge(workshop: DemoWorkshop) -> None:
    for h in workshop.hides:
        assert h.backbone is not None
        (bx0, by0), (bx1, by1) = h.backbone
        x0, _, x1, y1 = h.outline.bounds
        assert abs(by0 - y1) < 1 and abs(by1 - y1) < 1, h.code
        assert bx1 - bx0 > 0.3 * (x1 - x0)


def test_zones_and_holes_lie_inside_the_hide(workshop: DemoWorkshop) -> None:
    for h in workshop.hides:
        hide = _shape(h.outline)
        for z in h.zones:
            zone = _shape(z.outline)
            assert zone.is_valid and hide.contains(zone), (h.code, z.note)
        for hole in h.holes:
            assert hide.contains(_shape(hole)), h.code


def _across(shape: ShapelyPolygon, x: float) -> tuple[float, float]:
    """Lowest and highest y of the hide on the vertical line at ``x``."""
    _, y0, _, y1 = shape.bounds
    cut = shape.intersection(LineString([(x, y0 - 1), (x, y1 + 1)]))
    _, lo, _, hi = cut.bounds
    return lo, hi


def test_belly_and_neck_are_c_the_shoulder_b_and_the_butt_a(workshop: DemoWorkshop) -> None:
    for h in workshop.hides:
        notes = {z.note: z.grade for z in h.zones if z.grade is not Grade.REJECT}
        assert notes == {"belly": Grade.C, "neck": Grade.C, "shoulder": Grade.B}
        assert h.base_grade is Grade.A
        shape = _shape(h.outline)
        x0, _, x1, _ = h.outline.bounds
        width = x1 - x0
        # The spine is at the top (+y); the head to the left, the tail to the right.
        lo, hi = _across(shape, x0 + 0.5 * width)
        belly = (x0 + 0.5 * width, lo + 0.05 * (hi - lo))
        lo, hi = _across(shape, x0 + 0.75 * width)
        butt = (x0 + 0.75 * width, hi - 0.2 * (hi - lo))
        lo, hi = _across(shape, x0 + 0.03 * width)
        neck = (x0 + 0.03 * width, (lo + hi) / 2)
        lo, hi = _across(shape, x0 + 0.3 * width)
        shoulder = (x0 + 0.3 * width, hi - 0.3 * (hi - lo))
        assert h.grade_at(butt) in (Grade.A, Grade.REJECT), h.code
        assert h.grade_at(belly) in (Grade.C, Grade.REJECT), h.code
        assert h.grade_at(neck) in (Grade.C, Grade.REJECT), h.code
        assert h.grade_at(shoulder) in (Grade.B, Grade.C, Grade.REJECT), h.code


def test_each_hide_has_two_to_six_small_reject_defects(workshop: DemoWorkshop) -> None:
    kinds: Counter[str] = Counter()
    for h in workshop.hides:
        defects = [z for z in h.zones if z.grade is Grade.REJECT]
        assert 2 <= len(defects) + len(h.holes) <= 6, h.code
        for z in defects:
            kinds[z.note] += 1
            assert z.outline.area < 12_000, (h.code, z.note)  # smaller than a palm
        for hole in h.holes:
            kinds["hole"] += 1
            assert hole.area < 1_000
    assert {"scar", "hole", "insect bites", "brand mark"} <= set(kinds)


def test_a_usable_majority_of_each_hide_is_a_or_b(workshop: DemoWorkshop) -> None:
    for h in workshop.hides:
        hide = _shape(h.outline)
        worse = shapely.union_all(
            [_shape(z.outline) for z in h.zones if z.grade in (Grade.C, Grade.REJECT)]
        )
        share_c = worse.area / hide.area
        assert 0.15 < share_c < 0.5, (h.code, share_c)


def test_hides_are_of_leather_articles_and_grouped_in_lots(workshop: DemoWorkshop) -> None:
    kinds = {m.code: m.kind for m in workshop.materials}
    assert all(kinds[h.material_code] is MaterialKind.LEATHER for h in workshop.hides)
    lots = Counter(h.lot for h in workshop.hides)
    assert all(1 <= n <= 5 for n in lots.values())
    assert len(lots) < len(workshop.hides)
    assert all(0.9 <= h.thickness_mm <= 2.1 for h in workshop.hides)
    assert not any(math.isnan(h.thickness_mm) for h in workshop.hides)


def test_several_fabric_rolls_of_the_lining_and_goring_in_the_boms(
    workshop: DemoWorkshop,
) -> None:
    kinds = {m.code: m.kind for m in workshop.materials}
    assert len(workshop.rolls) >= 4
    assert all(kinds[r.material_code] is MaterialKind.FABRIC for r in workshop.rolls)
    used = {ln.material_code for b in workshop.boms for ln in b.lines}
    assert {r.material_code for r in workshop.rolls} <= used
