"""DXF in and out: pattern pieces from pattern CAD, hides, and cutting plans for CNC tables.

Reading: every closed LWPOLYLINE, POLYLINE, SPLINE, CIRCLE or ELLIPSE is one outline (curves
and arc bulges are flattened to within ``flatten_mm``), converted to mm from the drawing's
``$INSUNITS``. Open or self-intersecting outlines and unknown units are errors that name the
file and the entity (type and handle).

Hides in DXF use layers: the outline on ``HIDE`` (or the largest outline when no layer says
so), holes and defects to skip on ``HOLE`` / ``REJECT``, quality zones on ``ZONE_A``,
``ZONE_B``, ``ZONE_C``, and the spine as a LINE on ``BACKBONE``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import shapely

from cordwain.domain import Grade, Hide, PatternPiece, Polygon, QualityZone

from .model import LEVEL_GRADE, NestInputError, NestProblem, NestResult, Ring

#: $INSUNITS code -> millimetres per drawing unit (0 = unitless is refused unless told).
INSUNITS_MM = {1: 25.4, 2: 304.8, 4: 1.0, 5: 10.0, 6: 1000.0, 8: 0.0000254, 9: 0.0254, 14: 100.0}
#: AutoCAD colour index per quality level (reject red, C orange, B yellow, A green).
LEVEL_ACI = {0: 1, 1: 30, 2: 2, 3: 3}


@dataclass(frozen=True)
class DxfOutline:
    """A closed outline read from a drawing: where it came from, and its points in mm."""

    layer: str
    handle: str
    kind: str
    points: Ring


def _units(doc, path: Path, units_mm: float | None) -> float:
    if units_mm is not None:
        return units_mm
    code = int(doc.header.get("$INSUNITS", 0))
    if code not in INSUNITS_MM:
        raise NestInputError(
            f"{path}: drawing units unknown ($INSUNITS={code}); save the DXF in mm or inches, "
            "or pass the units explicitly"
        )
    return INSUNITS_MM[code]


def read_outlines(
    path: str | Path, *, units_mm: float | None = None, flatten_mm: float = 0.2
) -> list[DxfOutline]:
    """Every closed outline of the modelspace, in mm; raises on open or crossing outlines."""
    import ezdxf
    from ezdxf import path as dxfpath

    p = Path(path)
    try:
        doc = ezdxf.readfile(p)
    except (OSError, ezdxf.DXFError) as exc:
        raise NestInputError(f"{p}: cannot read DXF ({exc})") from exc
    scale = _units(doc, p, units_mm)
    out: list[DxfOutline] = []
    kinds = ("LWPOLYLINE", "POLYLINE", "SPLINE", "CIRCLE", "ELLIPSE")
    for e in doc.modelspace():
        kind = e.dxftype()
        if kind not in kinds:
            continue
        where = f"{p}: {kind} handle {e.dxf.handle} on layer {e.dxf.layer!r}"
        try:
            pth = dxfpath.make_path(e)
        except Exception as exc:  # ezdxf raises several types for malformed entities
            raise NestInputError(f"{where}: cannot read the outline ({exc})") from exc
        pts = [(v.x * scale, v.y * scale) for v in pth.flattening(flatten_mm / scale)]
        closed = kind in ("CIRCLE",) or (
            len(pts) > 2 and abs(pts[0][0] - pts[-1][0]) + abs(pts[0][1] - pts[-1][1]) < 1e-6
        )
        if kind in ("LWPOLYLINE", "POLYLINE") and e.is_closed:
            closed = True
        if kind == "SPLINE" and e.closed:
            closed = True
        if kind == "ELLIPSE":
            closed = abs((e.dxf.end_param - e.dxf.start_param) % 6.283185307179586) < 1e-9
        if not closed:
            raise NestInputError(f"{where}: the outline is open (first and last points differ)")
        dedup = [pts[0]]
        for q in pts[1:]:
            if abs(q[0] - dedup[-1][0]) + abs(q[1] - dedup[-1][1]) > 1e-9:
                dedup.append(q)
        if len(dedup) > 1 and dedup[0] == dedup[-1]:
            dedup.pop()
        if len(dedup) < 3:
            raise NestInputError(f"{where}: the outline has fewer than 3 points")
        poly = shapely.Polygon(dedup)
        if not poly.is_valid or poly.area <= 0:
            raise NestInputError(f"{where}: the outline intersects itself")
        out.append(DxfOutline(e.dxf.layer, e.dxf.handle, kind, tuple(dedup)))
    if not out:
        raise NestInputError(f"{p}: no closed outline found")
    return out


def read_pattern_dxf(
    path: str | Path,
    *,
    style_code: str,
    material_code: str,
    size: str,
    units_mm: float | None = None,
    **piece: object,
) -> list[PatternPiece]:
    """One pattern piece per closed outline, named after its layer (or handle on layer 0).

    Extra keyword arguments (count_per_pair, mirrored, min_grade, grain, ...) go to every
    :class:`PatternPiece`.
    """
    pieces = []
    seen: dict[str, int] = {}
    for o in read_outlines(path, units_mm=units_mm):
        name = o.layer if o.layer not in ("0", "") else f"piece {o.handle}"
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            name = f"{name} {seen[name]}"
        pieces.append(
            PatternPiece(
                style_code=style_code,
                name=name,
                material_code=material_code,
                outlines={size: Polygon(o.points)},
                **piece,  # type: ignore[arg-type]
            )
        )
    return pieces


def read_hide_dxf(
    path: str | Path,
    *,
    code: str,
    material_code: str,
    stamped_area_sqft: float,
    lot: str = "",
    base_grade: Grade = Grade.A,
    units_mm: float | None = None,
) -> Hide:
    """A hide drawn in CAD or exported by a hide scanner (layers described above)."""
    import ezdxf

    p = Path(path)
    outlines = read_outlines(p, units_mm=units_mm)
    hides = [o for o in outlines if o.layer.upper() == "HIDE"]
    rest = [o for o in outlines if o.layer.upper() != "HIDE"]
    if not hides:
        biggest = max(outlines, key=lambda o: shapely.Polygon(o.points).area)
        hides = [biggest]
        rest = [o for o in outlines if o is not biggest]
    if len(hides) > 1:
        raise NestInputError(f"{p}: more than one outline on layer HIDE")
    holes, zones = [], []
    for o in rest:
        layer = o.layer.upper()
        if layer in ("HOLE", "HOLES", "REJECT", "ZONE_REJECT"):
            holes.append(Polygon(o.points))
        elif layer.startswith("ZONE_") and layer[5:] in ("A", "B", "C"):
            zones.append(QualityZone(Grade(layer[5:]), Polygon(o.points)))
        else:
            raise NestInputError(
                f"{p}: {o.kind} handle {o.handle} is on layer {o.layer!r}; use HIDE, HOLE, "
                "REJECT or ZONE_A/B/C"
            )
    backbone = None
    scale = units_mm or INSUNITS_MM.get(int(ezdxf.readfile(p).header.get("$INSUNITS", 0)), 1.0)
    for e in ezdxf.readfile(p).modelspace().query("LINE"):
        if e.dxf.layer.upper() == "BACKBONE":
            s, t = e.dxf.start, e.dxf.end
            backbone = ((s.x * scale, s.y * scale), (t.x * scale, t.y * scale))
    return Hide(
        code=code,
        material_code=material_code,
        lot=lot,
        stamped_area_sqft=stamped_area_sqft,
        outline=Polygon(hides[0].points),
        zones=tuple(zones),
        holes=tuple(holes),
        base_grade=base_grade,
        backbone=backbone,
    )


def write_pieces_dxf(path: str | Path, outlines: dict[str, Ring]) -> None:
    """Outlines (mm) as closed LWPOLYLINEs, one layer per piece name."""
    import ezdxf

    doc = ezdxf.new("R2010")
    doc.header["$INSUNITS"] = 4
    msp = doc.modelspace()
    for name, ring in outlines.items():
        layer = _layer_name(name)
        if layer not in doc.layers:
            doc.layers.add(layer)
        msp.add_lwpolyline(list(ring), close=True, dxfattribs={"layer": layer})
    doc.saveas(Path(path))


def _layer_name(name: str) -> str:
    bad = '<>/\\":;?*|=`'
    return "".join("_" if c in bad else c for c in name)[:200] or "PIECE"


def write_plan_dxf(
    path: str | Path, problem: NestProblem, result: NestResult, sheet_id: str
) -> None:
    """The cutting plan of one hide for a CNC / laser table: hide, holes, zones coloured by
    quality, each placed piece as a closed polyline with its label (layers HIDE, HOLE,
    ZONE_<level>, PIECES, LABELS)."""
    import ezdxf

    sheets = {s.id: s for s in problem.sheets}
    sheet = sheets.get(sheet_id.split("#")[0])
    if sheet is None:
        raise KeyError(f"no hide or offcut {sheet_id!r} in the problem")
    doc = ezdxf.new("R2010")
    doc.header["$INSUNITS"] = 4
    msp = doc.modelspace()
    doc.layers.add("HIDE", color=7)
    doc.layers.add("HOLE", color=1)
    doc.layers.add("PIECES", color=5)
    doc.layers.add("LABELS", color=7)
    msp.add_lwpolyline(list(sheet.outline), close=True, dxfattribs={"layer": "HIDE"})
    for h in sheet.holes:
        msp.add_lwpolyline(list(h), close=True, dxfattribs={"layer": "HOLE"})
    for z in sheet.zones:
        grade = LEVEL_GRADE.get(z.level)
        layer = f"ZONE_{grade.value.upper() if grade else z.level}"
        if layer not in doc.layers:
            doc.layers.add(layer, color=LEVEL_ACI.get(z.level, 2))
        msp.add_lwpolyline(list(z.outline), close=True, dxfattribs={"layer": layer})
    xs = [q[0] for q in sheet.outline]
    height = (max(xs) - min(xs)) / 80
    for p in result.placements:
        if p.sheet_id != sheet_id:
            continue
        msp.add_lwpolyline(list(p.outline), close=True, dxfattribs={"layer": "PIECES"})
        cx = sum(q[0] for q in p.outline) / len(p.outline)
        cy = sum(q[1] for q in p.outline) / len(p.outline)
        label = " ".join(x for x in (p.article, p.piece, p.size, p.side) if x) or p.item_id
        msp.add_text(label, height=height, dxfattribs={"layer": "LABELS"}).set_placement((cx, cy))
    doc.saveas(Path(path))
