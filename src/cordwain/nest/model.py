"""Plain data of a cutting plan: what is cut (item types), on what (sheets), and the result.

A *sheet* is anything a piece can be cut from: a hide, or an offcut kept from an earlier plan.
Quality is an integer *level*, higher is better, 0 is never cut (holes, brand marks). Domain
grades map to levels A=3, B=2, C=1, reject=0; public bin-packing instances bring their own
integer levels and are read without loss. A piece needing level L may not touch leather whose
level is below L.

Placement convention (shared with jagua-rs and spyrrow): the item's shape, mirrored in x
first when ``mirror`` is true, rotated by ``angle`` degrees about the origin, then translated
by (x, y).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from cordwain.domain import Grade, GrainRule, Hide, Offcut, PatternPiece
from cordwain.domain.geometry import Point
from cordwain.domain.units import mm2_to_sqft

Ring = tuple[Point, ...]

GRADE_LEVEL: dict[Grade, int] = {Grade.A: 3, Grade.B: 2, Grade.C: 1, Grade.REJECT: 0}
LEVEL_GRADE: dict[int, Grade] = {v: k for k, v in GRADE_LEVEL.items()}


class NestInputError(ValueError):
    """Bad nesting input: names the sheet, item or field at fault."""


def _ring(points: object, what: str) -> Ring:
    try:
        pts = tuple((float(p[0]), float(p[1])) for p in points)  # type: ignore[union-attr]
    except (TypeError, ValueError, IndexError) as exc:
        raise NestInputError(f"{what}: not a list of [x, y] points ({exc})") from exc
    if len(pts) > 1 and pts[0] == pts[-1]:
        pts = pts[:-1]
    if len(pts) < 3:
        raise NestInputError(f"{what}: an outline needs at least 3 points")
    if any(not (math.isfinite(x) and math.isfinite(y)) for x, y in pts):
        raise NestInputError(f"{what}: non-finite coordinate")
    return pts


def _check_valid(ring: Ring, what: str) -> None:
    import shapely

    poly = shapely.Polygon(ring)
    if poly.area <= 0:
        raise NestInputError(f"{what}: the outline has zero area")
    if not poly.is_valid:
        reason = shapely.is_valid_reason(poly)
        raise NestInputError(f"{what}: the outline intersects itself ({reason})")


@dataclass(frozen=True)
class Zone:
    """A region of a sheet whose leather is of ``level`` (lower than the sheet's base)."""

    level: int
    outline: Ring


@dataclass(frozen=True)
class Sheet:
    """A hide or offcut to cut from, in its own coordinates (mm for hides)."""

    id: str
    outline: Ring
    holes: tuple[Ring, ...] = ()
    zones: tuple[Zone, ...] = ()
    base_level: int = 3
    cost: float = 1.0
    backbone_deg: float = 0.0
    material: str = ""
    kind: str = "hide"  # "hide" or "offcut"
    stock: int = 1

    def __post_init__(self) -> None:
        what = f"sheet {self.id!r}"
        object.__setattr__(self, "outline", _ring(self.outline, what))
        _check_valid(self.outline, what)
        object.__setattr__(
            self,
            "holes",
            tuple(_ring(h, f"{what} hole {k}") for k, h in enumerate(self.holes)),
        )
        zones = []
        for k, z in enumerate(self.zones):
            if int(z.level) < 0:
                raise NestInputError(f"{what} zone {k}: level must be >= 0")
            zones.append(Zone(int(z.level), _ring(z.outline, f"{what} zone {k}")))
        object.__setattr__(self, "zones", tuple(zones))
        if self.base_level < 1:
            raise NestInputError(f"{what}: base level must be >= 1")
        if self.cost < 0:
            raise NestInputError(f"{what}: cost must be >= 0")
        if self.kind not in ("hide", "offcut"):
            raise NestInputError(f"{what}: kind must be 'hide' or 'offcut'")
        if self.stock < 1:
            raise NestInputError(f"{what}: stock must be >= 1")
        import shapely

        # Scanner zones may spill over the edge a little (they are clipped when used); one
        # lying wholly off the hide is a mistake in the file.
        outer = shapely.Polygon(self.outline)
        for k, z in enumerate([*(z.outline for z in self.zones), *self.holes]):
            if shapely.Polygon(z).buffer(0).intersection(outer).area <= 0:
                raise NestInputError(f"{what}: zone/hole {k} lies outside the hide outline")

    def _span(self) -> float:
        xs = [p[0] for p in self.outline]
        ys = [p[1] for p in self.outline]
        return max(max(xs) - min(xs), max(ys) - min(ys))


@dataclass(frozen=True)
class ItemType:
    """One shape to cut ``demand`` times (a pattern piece in one size, one side).

    ``orientations``: allowed angles in degrees, relative to the sheet's backbone when
    ``relative_to_backbone``; ``None`` means free rotation (tried in steps).
    """

    id: str
    shape: Ring
    demand: int
    min_level: int = 1
    orientations: tuple[float, ...] | None = None
    relative_to_backbone: bool = False
    tolerance_deg: float = 0.0
    mirror: bool = False
    material: str = ""
    piece: str = ""
    size: str = ""
    side: str = ""  # "left", "right" or "" for unhanded pieces
    article: str = ""
    pairs: int = 0  # pairs this line serves (for yield per pair)

    def __post_init__(self) -> None:
        what = f"item {self.id!r}"
        object.__setattr__(self, "shape", _ring(self.shape, what))
        _check_valid(self.shape, what)
        if self.demand < 0:
            raise NestInputError(f"{what}: demand must be >= 0")
        if self.min_level < 1:
            raise NestInputError(f"{what}: min level must be >= 1 (0 is reject leather)")
        if self.orientations is not None:
            object.__setattr__(
                self, "orientations", tuple(float(a) % 360.0 for a in self.orientations) or (0.0,)
            )
        if not 0 <= self.tolerance_deg <= 180:
            raise NestInputError(f"{what}: tolerance must be 0-180 degrees")

    @property
    def area(self) -> float:
        import shapely

        return float(shapely.Polygon(self.shape).area)


@dataclass(frozen=True)
class PieceDemand:
    """A pattern piece to cut in one size for ``pairs`` pairs of one article (variant)."""

    piece: PatternPiece
    size: str
    pairs: int
    article: str = ""

    def __post_init__(self) -> None:
        if self.pairs < 0:
            raise NestInputError(f"{self.piece.name} {self.size}: pairs must be >= 0")
        self.piece.outline_for(self.size)  # raises when the piece is not graded to the size


@dataclass(frozen=True)
class NestProblem:
    """Sheets to cut from and item types to cut, with the cutting-room parameters.

    ``gap``: minimum distance between two pieces (knife/laser kerf); pieces also keep
    ``gap / 2`` from the hide edge, holes and zones they may not use.
    ``rotation_step_deg``: step for free rotation. ``orientation_samples``: angles tried
    inside a grain tolerance (odd number, centre included).
    """

    sheets: tuple[Sheet, ...]
    items: tuple[ItemType, ...]
    gap: float = 2.0
    rotation_step_deg: float = 45.0
    orientation_samples: int = 3
    resolution: float | None = None
    name: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "sheets", tuple(self.sheets))
        object.__setattr__(self, "items", tuple(self.items))
        if not self.sheets:
            raise NestInputError("a nesting problem needs at least one hide or offcut")
        ids = [s.id for s in self.sheets]
        if len(set(ids)) != len(ids):
            raise NestInputError("sheet ids must be unique")
        iids = [i.id for i in self.items]
        if len(set(iids)) != len(iids):
            raise NestInputError("item ids must be unique")
        if self.gap < 0:
            raise NestInputError("gap must be >= 0")
        if not 0 < self.rotation_step_deg <= 360:
            raise NestInputError("rotation step must be in (0, 360] degrees")
        if self.orientation_samples < 1:
            raise NestInputError("orientation samples must be >= 1")
        if self.resolution is not None and self.resolution <= 0:
            raise NestInputError("resolution must be positive")

    @classmethod
    def from_domain(
        cls,
        hides: list[Hide] | tuple[Hide, ...],
        demands: list[PieceDemand] | tuple[PieceDemand, ...],
        *,
        offcuts: list[Offcut] | tuple[Offcut, ...] = (),
        hide_cost: dict[str, float] | None = None,
        gap_mm: float = 2.0,
        rotation_step_deg: float = 90.0,
        resolution_mm: float | None = None,
    ) -> NestProblem:
        """Build a problem from shelf hides, offcuts and the pieces a batch needs.

        Offcuts cost nothing, so they are filled before a hide is opened. A mirrored piece
        becomes two item types (right as drawn, left mirrored), each cut pairs × count/2.
        """
        sheets = [o_sheet(o) for o in offcuts]
        for h in hides:
            cost = 1.0 if hide_cost is None else float(hide_cost.get(h.code, 1.0))
            sheets.append(hide_sheet(h, cost=cost))
        items: list[ItemType] = []
        for d in demands:
            p = d.piece
            ring = p.outline_for(d.size).points
            level = GRADE_LEVEL[p.min_grade]
            if p.grain is GrainRule.ALONG_BACKBONE:
                orient: tuple[float, ...] | None = (0.0, 180.0)
                rel, tol = True, p.grain_tolerance_deg
            else:
                orient, rel, tol = None, False, 0.0
            base = f"{p.style_code}/{p.name}/{d.size}" + (f"/{d.article}" if d.article else "")
            sides = (("right", False), ("left", True)) if p.mirrored else (("", False),)
            per_side = p.count_per_pair // len(sides)
            for side, mirror in sides:
                items.append(
                    ItemType(
                        id=f"{base}/{side}" if side else base,
                        shape=ring,
                        demand=per_side * d.pairs,
                        min_level=level,
                        orientations=orient,
                        relative_to_backbone=rel,
                        tolerance_deg=tol,
                        mirror=mirror,
                        material=p.material_code,
                        piece=p.name,
                        size=d.size,
                        side=side,
                        article=d.article or p.style_code,
                        pairs=d.pairs,
                    )
                )
        return cls(
            sheets=tuple(sheets),
            items=tuple(items),
            gap=gap_mm,
            rotation_step_deg=rotation_step_deg,
            resolution=resolution_mm,
        )


def backbone_angle(hide: Hide) -> float:
    """Angle of the spine line in degrees (0 when the grader drew none: x is the spine)."""
    if hide.backbone is None:
        return 0.0
    (x1, y1), (x2, y2) = hide.backbone
    return math.degrees(math.atan2(y2 - y1, x2 - x1)) % 360.0


def hide_sheet(hide: Hide, *, cost: float = 1.0) -> Sheet:
    """A domain hide as a sheet: zones keep their grade as a level, holes stay holes."""
    zones = tuple(
        Zone(GRADE_LEVEL[z.grade], z.outline.points)
        for z in hide.zones
        if GRADE_LEVEL[z.grade] < GRADE_LEVEL[hide.base_grade]
    )
    return Sheet(
        id=hide.code,
        outline=hide.outline.points,
        holes=tuple(h.points for h in hide.holes),
        zones=zones,
        base_level=GRADE_LEVEL[hide.base_grade],
        cost=cost,
        backbone_deg=backbone_angle(hide),
        material=hide.material_code,
        kind="hide",
    )


def o_sheet(offcut: Offcut) -> Sheet:
    """An offcut as a free sheet (cost 0: it is used before any new hide)."""
    zones = tuple(
        Zone(GRADE_LEVEL[z.grade], z.outline.points)
        for z in offcut.zones
        if GRADE_LEVEL[z.grade] < GRADE_LEVEL[offcut.grade]
    )
    return Sheet(
        id=offcut.code,
        outline=offcut.outline.points,
        zones=zones,
        base_level=GRADE_LEVEL[offcut.grade],
        cost=0.0,
        material=offcut.material_code,
        kind="offcut",
    )


@dataclass(frozen=True)
class Placement:
    """One piece cut: where, turned how, and the worst leather level it lies on."""

    item_id: str
    sheet_id: str
    x: float
    y: float
    angle: float
    mirror: bool
    level: int
    outline: Ring  # the placed outline in sheet coordinates
    piece: str = ""
    size: str = ""
    side: str = ""
    article: str = ""

    @property
    def grade(self) -> Grade | None:
        """Domain grade of the worst leather under the piece (levels 1–3 only)."""
        return LEVEL_GRADE.get(self.level) if self.level <= 3 else Grade.A


@dataclass(frozen=True)
class Unplaced:
    item_id: str
    count: int
    reason: str


@dataclass(frozen=True)
class SheetUsage:
    """Yield of one hide: piece area over usable area (outline minus holes and reject)."""

    sheet_id: str
    kind: str
    pieces: int
    piece_area: float
    usable_area: float

    @property
    def utilisation(self) -> float:
        return self.piece_area / self.usable_area if self.usable_area > 0 else 0.0

    @property
    def scrap_area(self) -> float:
        return max(0.0, self.usable_area - self.piece_area)


@dataclass(frozen=True)
class NestResult:
    """A validated cutting plan.

    ``objective`` is the cost of hides opened (offcuts are free); ``bound`` an area lower
    bound on it. ``violations`` lists what the independent validator found (empty when the
    plan is sound; a plan with violations is reported with status "invalid").
    """

    status: str  # "complete", "partial", "invalid"
    objective: float
    bound: float
    runtime: float
    placements: tuple[Placement, ...]
    usage: tuple[SheetUsage, ...]
    unplaced: tuple[Unplaced, ...]
    violations: tuple[str, ...] = ()
    iterations: int = 0
    pairs: dict[tuple[str, str], int] = field(default_factory=dict)
    stats: dict[str, float] = field(default_factory=dict)

    @property
    def sheets_used(self) -> tuple[str, ...]:
        return tuple(u.sheet_id for u in self.usage)

    @property
    def hides_used(self) -> int:
        return sum(1 for u in self.usage if u.kind == "hide")

    @property
    def utilisation(self) -> float:
        """Piece area over usable area, over all hides and offcuts used."""
        usable = sum(u.usable_area for u in self.usage)
        return sum(u.piece_area for u in self.usage) / usable if usable else 0.0

    @property
    def mean_utilisation(self) -> float:
        """Mean of the per-hide yields (each used hide counts once)."""
        return sum(u.utilisation for u in self.usage) / len(self.usage) if self.usage else 0.0

    def sqft_per_pair(self) -> dict[tuple[str, str], float]:
        """Net leather (sq ft, pieces in mm) per pair, by (article, size): the planner's yield.

        Gross figures follow by dividing by the hide yield (``utilisation``).
        """
        import shapely

        area: dict[tuple[str, str], float] = {}
        for p in self.placements:
            key = (p.article, p.size)
            area[key] = area.get(key, 0.0) + float(shapely.Polygon(p.outline).area)
        return {k: mm2_to_sqft(a) / self.pairs[k] for k, a in area.items() if self.pairs.get(k)}
