"""Polygons, hides with quality zones, and pattern pieces."""

import pytest

from cordwain.domain import Grade, Hide, InvalidGeometry, PatternPiece, Polygon, QualityZone
from cordwain.domain.units import mm2_to_sqft, sqft_to_dm2

SQUARE_FOOT_MM = 304.8


def test_a_bow_tie_outline_is_refused_as_self_intersecting():
    with pytest.raises(InvalidGeometry):
        Polygon(((0, 0), (10, 10), (10, 0), (0, 10)))
    with pytest.raises(InvalidGeometry, match="intersects"):
        Polygon(((0, 0), (10, 0), (10, 10), (5, -5), (0, 10)))


def test_a_closed_ring_from_cad_is_accepted():
    p = Polygon(((0, 0), (10, 0), (10, 10), (0, 10), (0, 0)))
    assert len(p.points) == 4 and p.area == 100


def test_one_square_foot_is_9_29_square_decimetres():
    assert mm2_to_sqft(SQUARE_FOOT_MM**2) == pytest.approx(1.0, rel=1e-4)
    assert sqft_to_dm2(1) == pytest.approx(9.2903)


def hide():
    return Hide(
        code="h001",
        material_code="calf_blk",
        lot="L1",
        stamped_area_sqft=2.2,
        outline=Polygon.rectangle(600, 350),
        zones=(
            QualityZone("C", Polygon.rectangle(600, 80)),
            QualityZone("reject", Polygon.rectangle(20, 20, x=300, y=200)),
        ),
        backbone=((0, 340), (600, 340)),
    )


def test_grade_at_a_point_takes_the_worst_zone_and_rejects_outside():
    h = hide()
    assert h.grade_at((100, 200)) is Grade.A
    assert h.grade_at((100, 40)) is Grade.C
    assert h.grade_at((310, 210)) is Grade.REJECT
    assert h.grade_at((700, 10)) is Grade.REJECT


def test_a_zone_outside_the_hide_is_refused():
    with pytest.raises(InvalidGeometry, match="outside"):
        Hide(
            "h2",
            "calf",
            "L1",
            2.0,
            Polygon.rectangle(100, 100),
            zones=(QualityZone("B", Polygon.rectangle(50, 50, x=200)),),
        )


def test_grade_a_leather_satisfies_a_b_piece_but_not_the_reverse():
    assert Grade.A.satisfies(Grade.B)
    assert not Grade.C.satisfies(Grade.B)
    assert not Grade.REJECT.satisfies(Grade.C)


def test_a_mirrored_piece_is_cut_in_pairs_and_knows_its_area():
    vamp = Polygon.rectangle(SQUARE_FOOT_MM, SQUARE_FOOT_MM / 2)
    piece = PatternPiece("MARA", "vamp", "CALF", {"9": vamp}, count_per_pair=2, min_grade="A")
    assert piece.area_sqft_per_pair("9.0") == pytest.approx(1.0, rel=1e-4)
    with pytest.raises(Exception, match="count"):
        PatternPiece("MARA", "vamp", "CALF", {"9": vamp}, count_per_pair=1, mirrored=True)


def test_mirroring_keeps_area_and_flips_x():
    p = Polygon(((0, 0), (30, 0), (0, 10)))
    m = p.mirrored()
    assert m.area == p.area
    assert m.bounds == (-30, 0, 0, 10)
