"""Pattern and hide files in and out: DXF, SVG, our JSON, the public jagua-rs instances."""

from __future__ import annotations

from pathlib import Path

import ezdxf
import pytest
import shapely

from cordwain.domain import Grade, Hide, Polygon, QualityZone
from cordwain.nest import (
    NestInputError,
    NestProblem,
    PieceDemand,
    load_jagua_bins,
    pieces_svg,
    plan_svg,
    read_hide_dxf,
    read_hides_json,
    read_outlines,
    read_pattern_dxf,
    read_pattern_svg,
    solve,
    write_hides_json,
    write_pieces_dxf,
    write_plan_dxf,
)

DATA = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "nesting"
VAMP = ((0.0, 0.0), (220.0, 10.0), (240.0, 60.0), (200.0, 110.0), (30.0, 95.0))
TONGUE = ((0.0, 0.0), (60.0, 0.0), (60.0, 150.0), (30.0, 170.0), (0.0, 150.0))


def test_dxf_round_trip_gives_back_the_same_outlines(tmp_path):
    path = tmp_path / "pattern.dxf"
    write_pieces_dxf(path, {"VAMP": VAMP, "TONGUE": TONGUE})
    pieces = read_pattern_dxf(path, style_code="S1", material_code="CALF", size="9")
    by_name = {p.name: p.outline_for("9").points for p in pieces}
    for name, ring in (("VAMP", VAMP), ("TONGUE", TONGUE)):
        got = shapely.Polygon(by_name[name])
        assert got.symmetric_difference(shapely.Polygon(ring)).area < 1e-6


def test_dxf_in_inches_is_converted_to_millimetres(tmp_path):
    doc = ezdxf.new()
    doc.header["$INSUNITS"] = 1
    doc.modelspace().add_lwpolyline([(0, 0), (2, 0), (2, 1), (0, 1)], close=True)
    doc.saveas(tmp_path / "inch.dxf")
    (o,) = read_outlines(tmp_path / "inch.dxf")
    assert abs(shapely.Polygon(o.points).area - 2 * 25.4 * 25.4) < 1e-6


def test_an_open_polyline_is_refused_naming_the_entity(tmp_path):
    doc = ezdxf.new()
    doc.header["$INSUNITS"] = 4
    e = doc.modelspace().add_lwpolyline([(0, 0), (100, 0), (100, 50)], dxfattribs={"layer": "VAMP"})
    doc.saveas(tmp_path / "open.dxf")
    with pytest.raises(NestInputError) as err:
        read_outlines(tmp_path / "open.dxf")
    msg = str(err.value)
    assert "open.dxf" in msg and e.dxf.handle in msg and "open" in msg


def test_unknown_units_and_crossing_outlines_are_refused(tmp_path):
    doc = ezdxf.new()
    doc.header["$INSUNITS"] = 0
    doc.modelspace().add_lwpolyline([(0, 0), (1, 0), (1, 1)], close=True)
    doc.saveas(tmp_path / "nounits.dxf")
    with pytest.raises(NestInputError, match="units unknown"):
        read_outlines(tmp_path / "nounits.dxf")
    doc = ezdxf.new()
    doc.header["$INSUNITS"] = 4
    bow = doc.modelspace().add_lwpolyline([(0, 0), (10, 10), (10, 0), (0, 10)], close=True)
    doc.saveas(tmp_path / "bowtie.dxf")
    with pytest.raises(NestInputError, match=f"handle {bow.dxf.handle}.*intersects itself"):
        read_outlines(tmp_path / "bowtie.dxf")


def test_a_spline_outline_is_flattened(tmp_path):
    doc = ezdxf.new()
    doc.header["$INSUNITS"] = 4
    pts = [(0, 0), (100, 0), (120, 60), (50, 90), (-10, 50), (0, 0)]
    doc.modelspace().add_spline(pts, dxfattribs={"layer": "TOE_CAP"})
    doc.saveas(tmp_path / "spline.dxf")
    (o,) = read_outlines(tmp_path / "spline.dxf")
    assert len(o.points) > 10 and shapely.Polygon(o.points).area > 5000


def test_svg_pieces_with_curves_read_back(tmp_path):
    svg = tmp_path / "p.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg">'
        '<path class="vamp" d="M 0 0 L 200 0 C 250 0 250 100 200 100 L 0 100 Z"/>'
        '<polygon class="tab" points="300,0 340,0 340,30 300,30"/></svg>'
    )
    pieces = read_pattern_svg(svg, style_code="S1", material_code="CALF", size="9")
    assert [p.name for p in pieces] == ["vamp", "tab"]
    assert 22900 < pieces[0].outline_for("9").area < 23100  # cap of the curve ~2980 mm²
    (tmp_path / "out.svg").write_text(pieces_svg({"VAMP": VAMP}))
    (back,) = read_pattern_svg(tmp_path / "out.svg", style_code="S1", material_code="C", size="9")
    assert (
        shapely.Polygon(back.outline_for("9").points)
        .symmetric_difference(shapely.Polygon(VAMP))
        .area
        < 1e-3
    )


def test_hides_json_round_trip_and_hide_dxf_layers(tmp_path):
    h = Hide(
        "H7",
        "CALF",
        "L2",
        20.0,
        Polygon.rectangle(1000, 800),
        zones=(QualityZone(Grade.C, Polygon.rectangle(200, 800), "belly"),),
        holes=(Polygon.rectangle(50, 50, x=500, y=400),),
        backbone=((0.0, 400.0), (1000.0, 400.0)),
    )
    write_hides_json(tmp_path / "h.json", [h])
    assert read_hides_json(tmp_path / "h.json") == [h]
    doc = ezdxf.new()
    doc.header["$INSUNITS"] = 4
    msp = doc.modelspace()
    msp.add_lwpolyline(h.outline.points, close=True, dxfattribs={"layer": "HIDE"})
    msp.add_lwpolyline(h.holes[0].points, close=True, dxfattribs={"layer": "HOLE"})
    msp.add_lwpolyline(h.zones[0].outline.points, close=True, dxfattribs={"layer": "ZONE_C"})
    msp.add_line((0, 400), (1000, 400), dxfattribs={"layer": "BACKBONE"})
    doc.saveas(tmp_path / "hide.dxf")
    got = read_hide_dxf(
        tmp_path / "hide.dxf", code="H7", material_code="CALF", stamped_area_sqft=20
    )
    assert got.zones[0].grade is Grade.C and len(got.holes) == 1 and got.backbone is not None


def test_a_cutting_plan_exports_to_svg_and_dxf(tmp_path):
    from cordwain.domain import GrainRule, PatternPiece

    h = Hide(
        "H1",
        "CALF",
        "L",
        10.0,
        Polygon.rectangle(600, 400),
        zones=(QualityZone(Grade.B, Polygon.rectangle(100, 400)),),
    )
    p = PatternPiece("S1", "VAMP", "CALF", {"9": Polygon(VAMP)}, grain=GrainRule.ANY)
    prob = NestProblem.from_domain([h], [PieceDemand(p, "9", 2, "S1_BLK")])
    res = solve(prob, time_limit=1)
    svg = plan_svg(prob, res, "H1")
    assert svg.count("<path") == 2 + 4 and "S1_BLK VAMP 9" in svg
    write_plan_dxf(tmp_path / "plan.dxf", prob, res, "H1")
    layers = {e.dxf.layer for e in ezdxf.readfile(tmp_path / "plan.dxf").modelspace()}
    assert {"HIDE", "PIECES", "LABELS", "ZONE_B"} <= layers


def test_the_public_baldacci_instance_loads_with_its_quality_rule():
    path = DATA / "leather_baldacci" / "baldacci3.json"
    if not path.exists():
        pytest.skip(f"shared data absent: {path}")
    prob = load_jagua_bins(path)
    assert len(prob.sheets) == 12 and sum(i.demand for i in prob.items) == 39
    best = prob.sheets[0].base_level
    assert all(z.level < best for s in prob.sheets for z in s.zones)
    needs_best = [i for i in prob.items if i.min_level == best]
    assert len(needs_best) == 18 and all(s.holes for s in prob.sheets)
