"""Offcuts: what is left of a cut hide, kept as stock for small pieces.

After a plan, the leather of each used hide not covered by a piece (plus the gap) is split
into regions; those large enough for a small piece (counters, tabs, tongues) become domain
:class:`Offcut` s with their outline, grade and any lower-grade zones inside them. A later
:meth:`NestProblem.from_domain` fills offcuts before it opens a new hide.
"""

from __future__ import annotations

import shapely
from shapely.ops import split

from cordwain.domain import Grade, Offcut, Polygon, QualityZone

from .model import LEVEL_GRADE, NestProblem, NestResult, Sheet
from .validate import _region


def _grade(level: int) -> Grade:
    return LEVEL_GRADE.get(min(level, 3), Grade.C)


def _no_holes(poly) -> list:
    """Split a region with interior rings into simple pieces (domain outlines have no holes)."""
    todo, done = [poly], []
    while todo:
        p = todo.pop()
        if p.geom_type != "Polygon" or p.is_empty:
            continue
        if not p.interiors:
            done.append(p)
            continue
        cx = shapely.Polygon(p.interiors[0]).centroid.x
        y0, y1 = p.bounds[1] - 1, p.bounds[3] + 1
        parts = split(p, shapely.LineString([(cx, y0), (cx, y1)]))
        todo.extend(parts.geoms)
    return done


def offcuts_from(
    problem: NestProblem,
    result: NestResult,
    *,
    min_area: float = 5_000.0,
    min_width: float = 40.0,
    material_code: str | None = None,
) -> list[Offcut]:
    """Offcuts of the hides used by ``result`` (mm: by default ≥ 50 cm² and 40 mm wide)."""
    sheets = {s.id: s for s in problem.sheets}
    out: list[Offcut] = []
    for u in result.usage:
        sheet: Sheet = sheets[u.sheet_id.split("#")[0]]
        free = _region(sheet, 1)
        placed = [shapely.Polygon(p.outline) for p in result.placements if p.sheet_id == u.sheet_id]
        if placed:
            free = free.difference(shapely.union_all(placed).buffer(problem.gap, quad_segs=4))
        # Erode then simplify, so the simplified outline never leaves the free leather.
        tol = max(problem.gap, min_width / 20)
        free = free.buffer(-tol / 2, quad_segs=2).simplify(tol / 4)
        parts = [free] if free.geom_type == "Polygon" else list(getattr(free, "geoms", []))
        k = 0
        for part in parts:
            for poly in _no_holes(part):
                poly = shapely.make_valid(poly.simplify(tol / 4))
                if poly.geom_type != "Polygon" or poly.area < min_area:
                    continue
                if poly.buffer(-min_width / 2).is_empty:
                    continue
                zones = []
                for z in sheet.zones:
                    if z.level >= sheet.base_level or z.level == 0:
                        continue
                    inter = shapely.Polygon(z.outline).buffer(0).intersection(poly)
                    for g in getattr(inter, "geoms", [inter]):
                        if g.geom_type == "Polygon" and g.area > 1e-6 * poly.area:
                            for simple in _no_holes(g):
                                ring = list(simple.exterior.coords)[:-1]
                                try:
                                    zones.append(QualityZone(_grade(z.level), Polygon(tuple(ring))))
                                except ValueError:
                                    continue
                k += 1
                code = f"{u.sheet_id.split('#')[0]}_OFF{k}".replace("-", "_").upper()
                out.append(
                    Offcut(
                        code=code,
                        hide_code=u.sheet_id.split("#")[0],
                        material_code=material_code or sheet.material or "LEATHER",
                        outline=Polygon(tuple(list(poly.exterior.coords)[:-1])),
                        grade=_grade(sheet.base_level),
                        zones=tuple(zones),
                    )
                )
    return out
