"""Units of the trade: leather by the square foot, fabric by the metre, money as Decimal."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

#: Tanneries in the US stamp hides in square feet; Europe uses dm².
DM2_PER_SQFT = 9.2903
MM2_PER_DM2 = 10_000.0
MM2_PER_SQFT = DM2_PER_SQFT * MM2_PER_DM2

CENT = Decimal("0.01")


def sqft_to_dm2(sqft: float) -> float:
    return sqft * DM2_PER_SQFT


def dm2_to_sqft(dm2: float) -> float:
    return dm2 / DM2_PER_SQFT


def mm2_to_sqft(mm2: float) -> float:
    """Pattern pieces are drawn in millimetres; hides are sold in square feet."""
    return mm2 / MM2_PER_SQFT


def sqft_to_mm2(sqft: float) -> float:
    return sqft * MM2_PER_SQFT


def money(value: Decimal | str | int | float) -> Decimal:
    """A money amount rounded to cents (floats go through ``str`` to avoid binary noise)."""
    if isinstance(value, float):
        value = str(value)
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
