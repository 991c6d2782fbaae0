"""Hide outlines drawn in a DXF or SVG file next to the hides CSV."""

from __future__ import annotations

import ezdxf
import pytest

from cordwain.domain import Hide, Polygon
from cordwain.formats import CsvErrors, OutlineFileError, parse, read_outline

SQUARE = ((0.0, 0.0), (1000.0, 0.0), (1000.0, 900.0), (0.0, 900.0))


def dxf_with(path, points, *, closed=True, units=4, bulge=0.0, count=1):
    doc = ezdxf.new()
    doc.header["$INSUNITS"] = units
    for _ in range(count):
        pts = [(x, y, 0, 0, bulge) for x, y in points]
        doc.modelspace().add_lwpolyline(pts, format="xyseb", close=closed)
    doc.saveas(path)
    return path


def test_dxf_closed_lwpolyline_in_millimetres(tmp_path):
    assert read_outline(dxf_with(tmp_path / "h.dxf", SQUARE)) == Polygon(SQUARE)


def test_dxf_in_inches_is_converted_to_millimetres(tmp_path):
    path = dxf_with(tmp_path / "h.dxf", [(0, 0), (10, 0), (10, 5)], units=1)
    assert read_outline(path) == Polygon(((0, 0), (254, 0), (254, 127)))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"closed": False}, "the LWPOLYLINE is not closed"),
        ({"bulge": 0.5}, "arcs (bulges) in the outline are not read yet"),
        ({"count": 2}, "must hold exactly one LWPOLYLINE (the outline), found 2"),
    ],
)
def test_dxf_that_is_not_one_straight_closed_outline(tmp_path, kwargs, message):
    with pytest.raises(OutlineFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_outline(dxf_with(tmp_path / "h.dxf", SQUARE, **kwargs))


def svg(path, body):
    path.write_text(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2000 2000">{body}</svg>')
    return path


def test_svg_polygon_and_path_of_straight_segments(tmp_path):
    poly = svg(tmp_path / "a.svg", '<polygon points="0,0 1000,0 1000,900 0,900"/>')
    path = svg(tmp_path / "b.svg", '<g><path d="M0 0 h1000 V900 l-1000 0 Z"/></g>')
    assert read_outline(poly) == Polygon(SQUARE)
    assert read_outline(path) == Polygon(SQUARE)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('<path d="M0 0 C 10 10 20 20 30 0 Z"/>', r"curves \(C\) in the path are not read yet"),
        ('<polygon points="0,0 1,0 1,1"/><polygon points="0,0 2,0 2,2"/>', "found 2"),
        ('<g transform="scale(2)"><polygon points="0,0 1,0 1,1"/></g>', "transforms"),
        ('<path d="M0 0 L10 0 L10 10 Z M20 20 L30 20 L30 30 Z"/>', "more than one outline"),
    ],
)
def test_svg_that_is_not_one_straight_outline(tmp_path, body, message):
    with pytest.raises(OutlineFileError, match=message):
        read_outline(svg(tmp_path / "h.svg", body))


def test_hides_csv_resolves_outline_files_next_to_it(ctx, tmp_path):
    (tmp_path / "outlines").mkdir()
    dxf_with(tmp_path / "outlines" / "H1.dxf", SQUARE)
    svg(tmp_path / "outlines" / "H2.svg", '<polygon points="0,0 1000,0 1000,900 0,900"/>')
    csv_path = tmp_path / "hides.csv"
    csv_path.write_text(
        "code,material,stamped_area_sqft,outline_file\n"
        "H1,CALF_BLK,10,outlines/H1.dxf\nH2,CALF_BLK,10,outlines/H2.svg\n"
    )
    assert parse("hides", csv_path, ctx) == [
        Hide("H1", "CALF_BLK", "", 10.0, Polygon(SQUARE)),
        Hide("H2", "CALF_BLK", "", 10.0, Polygon(SQUARE)),
    ]


def test_bad_outline_files_point_at_the_outline_file_column(ctx, tmp_path):
    svg(tmp_path / "bow.svg", '<polygon points="0,0 1000,800 1000,0 0,1000"/>')
    (tmp_path / "h.txt").write_text("not a drawing")
    csv_path = tmp_path / "hides.csv"
    csv_path.write_text(
        "code,material,stamped_area_sqft,outline,outline_file\n"
        "H1,CALF_BLK,10,,bow.svg\nH2,CALF_BLK,10,,missing.dxf\nH3,CALF_BLK,10,,h.txt\n"
        'H4,CALF_BLK,10,"[[0,0],[9,0],[9,9]]",bow.svg\n'
    )
    with pytest.raises(CsvErrors) as info:
        parse("hides", csv_path, ctx)
    assert [str(e) for e in info.value.errors] == [
        'hides.csv, row 2, column "outline_file": bow.svg: the polygon intersects itself',
        f'hides.csv, row 3, column "outline_file": missing.dxf: file not found'
        f" (looked in {tmp_path})",
        'hides.csv, row 4, column "outline_file": h.txt: only .dxf and .svg outline files are read',
        'hides.csv, row 5, column "outline_file": give the outline or an outline_file, not both',
    ]
