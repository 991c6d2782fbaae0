"""Leather as the cutting room sees it: hides with quality zones, pattern pieces, fabric rolls."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from .catalogue import check_code
from .errors import DomainError, InvalidGeometry, require
from .geometry import Point, Polygon
from .sizes import format_size
from .units import mm2_to_sqft


class Grade(StrEnum):
    """Leather quality, best first. REJECT is never cut (holes, brand marks, scars)."""

    A = "A"
    B = "B"
    C = "C"
    REJECT = "reject"

    @property
    def rank(self) -> int:
        return {"A": 0, "B": 1, "C": 2, "reject": 3}[self.value]

    def satisfies(self, required: Grade) -> bool:
        """Leather of this grade may be used where ``required`` is the minimum."""
        return self is not Grade.REJECT and self.rank <= required.rank


@dataclass(frozen=True, slots=True)
class QualityZone:
    """A region of a hide marked by the grader; everything unmarked is the hide's base grade."""

    grade: Grade
    outline: Polygon
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "grade", Grade(self.grade))


@dataclass(frozen=True, slots=True)
class Hide:
    """One real hide (or side) on the shelf, with its outline in mm and its zones.

    ``backbone`` is two points of the spine line: leather stretches least along it, so
    vamps are cut with their toe-to-throat axis along it.
    """

    code: str
    material_code: str
    lot: str
    stamped_area_sqft: float
    outline: Polygon
    zones: tuple[QualityZone, ...] = ()
    base_grade: Grade = Grade.A
    backbone: tuple[Point, Point] | None = None
    thickness_mm: float = 1.2
    holes: tuple[Polygon, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", check_code(self.code, "hide"))
        object.__setattr__(self, "material_code", check_code(self.material_code, "material"))
        object.__setattr__(self, "base_grade", Grade(self.base_grade))
        require(self.stamped_area_sqft > 0, "stamped area must be positive", field="area")
        require(0.3 <= self.thickness_mm <= 8, "thickness must be 0.3–8 mm", field="thickness")
        if self.backbone is not None:
            (x1, y1), (x2, y2) = self.backbone
            if (x1, y1) == (x2, y2):
                raise InvalidGeometry("the backbone needs two distinct points", field="backbone")
        bx0, by0, bx1, by1 = self.outline.bounds
        for zone in (*[z.outline for z in self.zones], *self.holes):
            x0, y0, x1_, y1_ = zone.bounds
            if x0 < bx0 - 1 or y0 < by0 - 1 or x1_ > bx1 + 1 or y1_ > by1 + 1:
                raise InvalidGeometry("a zone or hole lies outside the hide", field="zones")

    @property
    def outline_area_sqft(self) -> float:
        """Area of the drawn outline (the stamped figure is the tannery's measurement)."""
        return mm2_to_sqft(self.outline.area)

    def grade_at(self, p: Point) -> Grade:
        """Grade of the leather at a point: holes and the worst covering zone win."""
        if not self.outline.contains_point(p) or any(h.contains_point(p) for h in self.holes):
            return Grade.REJECT
        grade = self.base_grade
        for z in self.zones:
            if z.outline.contains_point(p) and z.grade.rank > grade.rank:
                grade = z.grade
        return grade


class GrainRule(StrEnum):
    ALONG_BACKBONE = "along-backbone"  # toe-to-throat axis within tolerance of the spine
    ANY = "any"


@dataclass(frozen=True, slots=True)
class PatternPiece:
    """A flat piece of the upper (vamp, quarter, tongue, counter...) graded to each size.

    ``outlines`` holds the piece drawn per size (mm, toe-to-throat axis along +x);
    a piece cut ``count_per_pair`` times, half of them mirrored when ``mirrored``.
    """

    style_code: str
    name: str
    material_code: str
    outlines: dict[str, Polygon]
    count_per_pair: int = 2
    mirrored: bool = True
    min_grade: Grade = Grade.B
    grain: GrainRule = GrainRule.ALONG_BACKBONE
    grain_tolerance_deg: float = 10.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "style_code", check_code(self.style_code, "style"))
        object.__setattr__(self, "material_code", check_code(self.material_code, "material"))
        object.__setattr__(self, "min_grade", Grade(self.min_grade))
        object.__setattr__(self, "grain", GrainRule(self.grain))
        require(bool(self.name.strip()), "a pattern piece needs a name", field="name")
        require(
            bool(self.outlines), "a pattern piece needs an outline for a size", field="outlines"
        )
        object.__setattr__(self, "outlines", {format_size(k): v for k, v in self.outlines.items()})
        require(self.count_per_pair >= 1, "count per pair must be at least 1", field="count")
        require(
            not self.mirrored or self.count_per_pair % 2 == 0,
            "a mirrored piece is cut in left/right pairs: count must be even",
            field="count",
        )
        require(
            self.min_grade is not Grade.REJECT,
            "a piece cannot require reject leather",
            field="min_grade",
        )
        require(
            0 <= self.grain_tolerance_deg <= 180,
            "grain tolerance must be 0–180°",
            field="grain_tolerance_deg",
        )

    def outline_for(self, size: str) -> Polygon:
        label = format_size(size)
        if label not in self.outlines:
            raise DomainError(
                f"{self.style_code} {self.name} is not graded to size {label}", field="size"
            )
        return self.outlines[label]

    def area_sqft_per_pair(self, size: str) -> float:
        return mm2_to_sqft(self.outline_for(size).area) * self.count_per_pair


@dataclass(frozen=True, slots=True)
class FabricRoll:
    """A roll of lining or textile: fixed width, length remaining (metres)."""

    code: str
    material_code: str
    width_m: float
    length_m: float
    lot: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", check_code(self.code, "roll"))
        object.__setattr__(self, "material_code", check_code(self.material_code, "material"))
        require(0.1 <= self.width_m <= 3.5, "roll width must be 0.1–3.5 m", field="width_m")
        require(self.length_m > 0, "roll length must be positive", field="length_m")


@dataclass(frozen=True, slots=True)
class Offcut:
    """A leftover region of a cut hide kept for small pieces (counters, tabs, tongues)."""

    code: str
    hide_code: str
    material_code: str
    outline: Polygon
    grade: Grade = Grade.B
    zones: tuple[QualityZone, ...] = field(default_factory=tuple)
