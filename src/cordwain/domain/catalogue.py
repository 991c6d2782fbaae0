"""The catalogue: styles with their last, size run and routing; colourways; variants (SKUs)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from .errors import DomainError, require
from .sizes import SizeRun, format_size


class Operation(StrEnum):
    """The routing of a shoe, in the order a pair goes through the workshop."""

    CLICKING = "clicking"
    SKIVING = "skiving"
    CLOSING = "closing"
    LASTING = "lasting"
    BOTTOMING = "bottoming"
    FINISHING = "finishing"
    INSPECTION = "inspection"
    PACKING = "packing"


ROUTING_ORDER: tuple[Operation, ...] = tuple(Operation)

_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_]*$")


def check_code(value: str, what: str) -> str:
    """Codes are upper-case letters, digits and underscores (they make up SKUs)."""
    code = str(value).strip().upper()
    require(bool(_CODE.match(code)), f"{what} {value!r} must be letters, digits or _", field=what)
    return code


@dataclass(frozen=True, slots=True)
class RoutingStep:
    """One operation of a style's routing: labour minutes per pair, and elapsed time after.

    ``lag_minutes`` is time that must pass after the step with no labour (cement drying
    between lasting and bottoming).
    """

    operation: Operation
    minutes_per_pair: float
    lag_minutes: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "operation", Operation(self.operation))
        require(self.minutes_per_pair > 0, "minutes per pair must be positive", field="minutes")
        require(self.lag_minutes >= 0, "lag minutes cannot be negative", field="lag_minutes")


@dataclass(frozen=True, slots=True)
class Style:
    """A model of shoe: made on one last, in one size run, through one routing."""

    code: str
    name: str
    last: str
    category: str
    size_run: SizeRun
    routing: tuple[RoutingStep, ...]
    retail_price: Decimal
    unit_cost: Decimal

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", check_code(self.code, "style"))
        require(bool(self.name.strip()), "a style needs a name", field="name")
        require(bool(self.last.strip()), "a style is made on a last", field="last")
        require(bool(self.category.strip()), "a style needs a category", field="category")
        require(len(self.routing) > 0, "a style needs a routing", field="routing")
        ops = [s.operation for s in self.routing]
        require(
            len(set(ops)) == len(ops), "an operation appears twice in the routing", field="routing"
        )
        order = [ROUTING_ORDER.index(o) for o in ops]
        require(
            order == sorted(order), "routing steps must follow the workshop order", field="routing"
        )
        object.__setattr__(self, "retail_price", Decimal(self.retail_price))
        object.__setattr__(self, "unit_cost", Decimal(self.unit_cost))
        require(self.unit_cost >= 0, "unit cost cannot be negative", field="unit_cost")
        require(self.retail_price >= 0, "retail price cannot be negative", field="retail_price")

    @property
    def minutes_per_pair(self) -> float:
        return sum(s.minutes_per_pair for s in self.routing)

    def step(self, operation: Operation) -> RoutingStep | None:
        return next((s for s in self.routing if s.operation == operation), None)


@dataclass(frozen=True, slots=True)
class Colourway:
    """A style in one combination of leathers and colours (``MARA`` + ``BLK``)."""

    style_code: str
    code: str
    name: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "style_code", check_code(self.style_code, "style"))
        object.__setattr__(self, "code", check_code(self.code, "colourway"))
        require(bool(self.name.strip()), "a colourway needs a name", field="name")


@dataclass(frozen=True, slots=True, order=True)
class Variant:
    """A sellable SKU: style × colourway × size, written ``MARA-BLK-9.5``."""

    style_code: str
    colourway_code: str
    size: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "style_code", check_code(self.style_code, "style"))
        object.__setattr__(self, "colourway_code", check_code(self.colourway_code, "colourway"))
        object.__setattr__(self, "size", format_size(self.size))

    @property
    def sku(self) -> str:
        return f"{self.style_code}-{self.colourway_code}-{self.size}"

    def __str__(self) -> str:
        return self.sku

    @classmethod
    def parse(cls, sku: str) -> Variant:
        parts = str(sku).strip().split("-")
        if len(parts) != 3:
            raise DomainError(f"SKU {sku!r} is not STYLE-COLOURWAY-SIZE", field="sku")
        return cls(*parts)


def variants_of(style: Style, colourway: Colourway) -> list[Variant]:
    """Every SKU of a colourway across its style's size run."""
    if colourway.style_code != style.code:
        raise DomainError(f"colourway {colourway.code} belongs to {colourway.style_code}")
    return [Variant(style.code, colourway.code, s) for s in style.size_run.sizes]
