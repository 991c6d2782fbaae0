"""Plain polygons in millimetres: the shapes of pattern pieces, hides and quality zones.

Pure Python on purpose (the domain imports no library); the nesting engine converts
these to shapely for heavy work.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .errors import InvalidGeometry

Point = tuple[float, float]


def _orient(a: Point, b: Point, c: Point) -> float:
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def _on_segment(a: Point, b: Point, p: Point) -> bool:
    return min(a[0], b[0]) <= p[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= p[1] <= max(a[1], b[1])


def segments_intersect(a: Point, b: Point, c: Point, d: Point) -> bool:
    """True when closed segments ab and cd share a point."""
    o1, o2, o3, o4 = _orient(a, b, c), _orient(a, b, d), _orient(c, d, a), _orient(c, d, b)
    if ((o1 > 0 and o2 < 0) or (o1 < 0 and o2 > 0)) and (
        (o3 > 0 and o4 < 0) or (o3 < 0 and o4 > 0)
    ):
        return True
    return (
        (o1 == 0 and _on_segment(a, b, c))
        or (o2 == 0 and _on_segment(a, b, d))
        or (o3 == 0 and _on_segment(c, d, a))
        or (o4 == 0 and _on_segment(c, d, b))
    )


@dataclass(frozen=True, slots=True)
class Polygon:
    """A simple polygon (no self-intersection), vertices in order, not closed explicitly."""

    points: tuple[Point, ...]

    def __post_init__(self) -> None:
        pts = tuple((float(x), float(y)) for x, y in self.points)
        if len(pts) > 1 and pts[0] == pts[-1]:
            pts = pts[:-1]  # accept a closed ring as drawn by CAD exports
        if len(pts) < 3:
            raise InvalidGeometry("a polygon needs at least 3 distinct points", field="outline")
        if any(not (math.isfinite(x) and math.isfinite(y)) for x, y in pts):
            raise InvalidGeometry("a polygon has a non-finite coordinate", field="outline")
        object.__setattr__(self, "points", pts)
        if abs(self.signed_area) < 1e-9:
            raise InvalidGeometry("a polygon has zero area", field="outline")
        if not self._is_simple():
            raise InvalidGeometry("the polygon intersects itself", field="outline")

    def _is_simple(self) -> bool:
        pts = self.points
        n = len(pts)
        if len(set(pts)) != n:
            return False
        # Sweep over x: only edges whose x-ranges overlap can cross, which keeps a
        # 600-point hide outline fast without any geometry library.
        edges = sorted(
            (min(pts[i][0], pts[(i + 1) % n][0]), max(pts[i][0], pts[(i + 1) % n][0]), i)
            for i in range(n)
        )
        for k, (_, x_hi, i) in enumerate(edges):
            a, b = pts[i], pts[(i + 1) % n]
            y_lo, y_hi = min(a[1], b[1]), max(a[1], b[1])
            for x_lo_j, _, j in edges[k + 1 :]:
                if x_lo_j > x_hi:
                    break
                if abs(i - j) == 1 or abs(i - j) == n - 1:
                    continue  # neighbours share a vertex by construction
                c, d = pts[j], pts[(j + 1) % n]
                if max(c[1], d[1]) < y_lo or min(c[1], d[1]) > y_hi:
                    continue
                if segments_intersect(a, b, c, d):
                    return False
        return True

    @property
    def signed_area(self) -> float:
        pts = self.points
        s = 0.0
        for i, (x1, y1) in enumerate(pts):
            x2, y2 = pts[(i + 1) % len(pts)]
            s += x1 * y2 - x2 * y1
        return s / 2.0

    @property
    def area(self) -> float:
        """Area in the square of the coordinate unit (mm² for pattern pieces and hides)."""
        return abs(self.signed_area)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        xs = [p[0] for p in self.points]
        ys = [p[1] for p in self.points]
        return min(xs), min(ys), max(xs), max(ys)

    def contains_point(self, p: Point) -> bool:
        """Ray casting; points exactly on the boundary may go either way."""
        x, y = p
        inside = False
        pts = self.points
        n = len(pts)
        for i in range(n):
            x1, y1 = pts[i]
            x2, y2 = pts[(i + 1) % n]
            if (y1 > y) != (y2 > y):
                xc = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
                if x < xc:
                    inside = not inside
        return inside

    def mirrored(self) -> Polygon:
        """Mirror image about the vertical axis (the other foot's piece)."""
        return Polygon(tuple((-x, y) for x, y in reversed(self.points)))

    def scaled(self, sx: float, sy: float | None = None) -> Polygon:
        """Scaled about the origin: how a base-size piece is graded to another size."""
        sy = sx if sy is None else sy
        return Polygon(tuple((x * sx, y * sy) for x, y in self.points))

    def to_list(self) -> list[list[float]]:
        return [[x, y] for x, y in self.points]

    @classmethod
    def from_list(cls, coords: list[list[float]] | list[tuple[float, float]]) -> Polygon:
        try:
            return cls(tuple((float(c[0]), float(c[1])) for c in coords))
        except (TypeError, ValueError, IndexError) as exc:
            if isinstance(exc, InvalidGeometry):
                raise
            raise InvalidGeometry(f"not a list of [x, y] points: {exc}", field="outline") from exc

    @classmethod
    def rectangle(cls, width: float, height: float, x: float = 0.0, y: float = 0.0) -> Polygon:
        return cls(((x, y), (x + width, y), (x + width, y + height), (x, y + height)))
