"""What customers did and said: sales, pre-orders, waitlists, reviews, returns, exchanges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from .catalogue import Variant
from .errors import require


@dataclass(frozen=True, slots=True)
class SalesLine:
    """Pairs of one SKU sold on one day through one channel (returns are Feedback)."""

    day: date
    variant: Variant
    quantity: int
    unit_price: Decimal
    channel: str = "web"

    def __post_init__(self) -> None:
        require(self.quantity > 0, "quantity sold must be positive", field="quantity")
        object.__setattr__(self, "unit_price", Decimal(self.unit_price))
        require(self.unit_price >= 0, "price cannot be negative", field="unit_price")


class PreOrderStatus(StrEnum):
    OPEN = "open"
    FULFILLED = "fulfilled"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class PreOrder:
    """A paid order for pairs not yet made, with the date promised to the customer."""

    reference: str
    variant: Variant
    quantity: int
    placed_on: date
    promised_by: date
    status: PreOrderStatus = PreOrderStatus.OPEN

    def __post_init__(self) -> None:
        require(bool(self.reference.strip()), "a pre-order needs a reference", field="reference")
        require(self.quantity > 0, "pre-order quantity must be positive", field="quantity")
        require(
            self.promised_by >= self.placed_on, "promised before it was placed", field="promised_by"
        )
        object.__setattr__(self, "status", PreOrderStatus(self.status))


@dataclass(frozen=True, slots=True)
class WaitlistEntry:
    """Sign-ups for a SKU (or for a style's colourway when size is unknown) on a day."""

    day: date
    style_code: str
    colourway_code: str
    size: str | None
    signups: int
    drop: str = ""

    def __post_init__(self) -> None:
        require(self.signups > 0, "sign-ups must be positive", field="signups")


@dataclass(frozen=True, slots=True)
class SoldOut:
    """A spell with no pair of a SKU on the shelf, days inclusive. What sold in it is only
    what there was to sell: the forecaster treats those weeks as censored demand."""

    variant: Variant
    first_day: date
    last_day: date

    def __post_init__(self) -> None:
        require(
            self.last_day >= self.first_day,
            f"the stock-out ends ({self.last_day}) before it starts ({self.first_day})",
            field="last_day",
        )


class FeedbackKind(StrEnum):
    REVIEW = "review"
    RETURN = "return"
    EXCHANGE = "exchange"


class Fit(StrEnum):
    SMALL = "small"
    TRUE = "true"
    LARGE = "large"


@dataclass(frozen=True, slots=True)
class Feedback:
    """A review, a return (with reason code) or a size exchange on a pair or SKU."""

    day: date
    variant: Variant
    kind: FeedbackKind
    rating: int | None = None
    fit: Fit | None = None
    text: str = ""
    reason_code: str = ""
    exchanged_to_size: str | None = None
    pair_serial: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", FeedbackKind(self.kind))
        if self.fit is not None:
            object.__setattr__(self, "fit", Fit(self.fit))
        require(self.rating is None or 1 <= self.rating <= 5, "rating must be 1–5", field="rating")
        require(
            self.kind is not FeedbackKind.RETURN or bool(self.reason_code),
            "a return needs a reason code",
            field="reason_code",
        )
        require(
            self.kind is not FeedbackKind.EXCHANGE or self.exchanged_to_size is not None,
            "an exchange names the size swapped to",
            field="exchanged_to_size",
        )


class StockKind(StrEnum):
    MATERIAL = "material"  # code is a material code
    FINISHED = "finished"  # code is a SKU


@dataclass(frozen=True, slots=True)
class InventoryLevel:
    """What is on the shelf: a material (in its unit; per size for sized components)."""

    kind: StockKind
    code: str
    quantity: float
    size: str | None = None
    location: str = "main"

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", StockKind(self.kind))
        require(self.quantity >= 0, "stock cannot be negative", field="quantity")
        require(bool(self.code.strip()), "a stock line needs a code", field="code")


@dataclass(frozen=True, slots=True)
class PurchaseOrder:
    """Material ordered and not yet received: netted by MRP when it arrives in time."""

    reference: str
    material_code: str
    quantity: float
    due: date
    size: str | None = None

    def __post_init__(self) -> None:
        require(self.quantity > 0, "ordered quantity must be positive", field="quantity")
