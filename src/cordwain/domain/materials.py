"""Materials, their suppliers' terms, and bills of materials graded by size."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from .catalogue import check_code
from .errors import require
from .sizes import SizeRun


class MaterialKind(StrEnum):
    LEATHER = "leather"  # bought by the hide, measured in square feet
    FABRIC = "fabric"  # bought by the metre from a roll
    COMPONENT = "component"  # soles, insoles, laces, eyelets... by the piece


class Unit(StrEnum):
    SQFT = "sqft"
    METRE = "m"
    PIECE = "piece"
    PAIR = "pair"
    GRAM = "g"


_KIND_UNITS = {
    MaterialKind.LEATHER: {Unit.SQFT},
    MaterialKind.FABRIC: {Unit.METRE},
    MaterialKind.COMPONENT: {Unit.PIECE, Unit.PAIR, Unit.GRAM},
}


@dataclass(frozen=True, slots=True)
class Material:
    """Something bought: cost per unit, supplier, lead time and minimum order."""

    code: str
    name: str
    kind: MaterialKind
    unit: Unit
    unit_cost: Decimal
    supplier: str
    lead_time_days: int
    min_order: float = 0.0
    #: For components bought per size (soles): None means one item fits every size.
    per_size: bool = False
    #: Expected cutting yield on this article when no cutting plan says better (leather).
    default_yield: float = 0.75
    #: Footprint per unit (kg CO2e) for impact accounting; 0 when unknown.
    co2e_per_unit: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", check_code(self.code, "material"))
        object.__setattr__(self, "kind", MaterialKind(self.kind))
        object.__setattr__(self, "unit", Unit(self.unit))
        require(
            self.unit in _KIND_UNITS[self.kind],
            f"{self.kind.value} is not measured in {self.unit.value}",
            field="unit",
        )
        object.__setattr__(self, "unit_cost", Decimal(self.unit_cost))
        require(self.unit_cost >= 0, "unit cost cannot be negative", field="unit_cost")
        require(self.lead_time_days >= 0, "lead time cannot be negative", field="lead_time_days")
        require(self.min_order >= 0, "minimum order cannot be negative", field="min_order")
        require(0 < self.default_yield <= 1, "yield must be in (0, 1]", field="default_yield")
        require(self.co2e_per_unit >= 0, "footprint cannot be negative", field="co2e_per_unit")


@dataclass(frozen=True, slots=True)
class BOMLine:
    """How much of a material one pair takes, graded by size.

    Quantity at ``size`` = ``base_quantity × (1 + grade_per_step × steps)`` where steps are
    half sizes from ``base_size``; ``overrides`` pins an exact quantity for a size (a sole
    mould that covers two sizes, say). Leather is net area in square feet.
    """

    material_code: str
    base_size: str
    base_quantity: float
    grade_per_step: float = 0.0
    overrides: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "material_code", check_code(self.material_code, "material"))
        require(self.base_quantity > 0, "quantity per pair must be positive", field="quantity")
        require(
            -0.2 < self.grade_per_step < 0.2,
            "grade per half size must be within ±20%",
            field="grade_per_step",
        )
        require(
            all(q >= 0 for q in self.overrides.values()),
            "an override quantity is negative",
            field="overrides",
        )

    def quantity_for(self, size: str, size_run: SizeRun) -> float:
        label = size_run.check(size)
        if label in self.overrides:
            return self.overrides[label]
        steps = size_run.steps_from(label, self.base_size)
        return max(0.0, self.base_quantity * (1.0 + self.grade_per_step * steps))


@dataclass(frozen=True, slots=True)
class BOM:
    """Bill of materials of one colourway (different colourways use different leathers)."""

    style_code: str
    colourway_code: str
    lines: tuple[BOMLine, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "style_code", check_code(self.style_code, "style"))
        object.__setattr__(self, "colourway_code", check_code(self.colourway_code, "colourway"))
        codes = [ln.material_code for ln in self.lines]
        require(
            len(codes) == len(set(codes)), "a material appears twice in a BOM", field="material"
        )

    def explode(self, size: str, size_run: SizeRun, pairs: int = 1) -> dict[str, float]:
        """Material code → quantity for ``pairs`` pairs of ``size``."""
        require(pairs >= 0, "pairs cannot be negative", field="pairs")
        return {ln.material_code: ln.quantity_for(size, size_run) * pairs for ln in self.lines}
