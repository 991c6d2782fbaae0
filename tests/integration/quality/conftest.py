"""A tiny workshop for the quality tests: one style, one colourway, artisans, and a helper that
makes a finished, serialised batch (optionally with its pairs cut from named hides)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from cordwain.domain import (
    Artisan,
    Batch,
    BatchLine,
    BatchStatus,
    Colourway,
    Operation,
    Pair,
    RoutingStep,
    SizeRun,
    SizeSystem,
    Style,
    Variant,
)
from cordwain.services import unit_of_work

STYLE = Style(
    code="MARA",
    name="Mara low-top",
    last="L-MARA",
    category="sneaker",
    size_run=SizeRun(SizeSystem.US_MEN, ("9", "10")),
    routing=(
        RoutingStep(Operation.CLICKING, 10),
        RoutingStep(Operation.CLOSING, 30),
        RoutingStep(Operation.INSPECTION, 3),
    ),
    retail_price=Decimal("240"),
    unit_cost=Decimal("80"),
)


@pytest.fixture
def shop(workshop_url):
    """The workshop URL, with the style, its colourway and two artisans stored."""
    with unit_of_work(workshop_url) as uow:
        uow.styles.add(STYLE)
        uow.colourways.add(Colourway("MARA", "BLK", "Black calf"))
        uow.artisans.add(Artisan("A01", "Maribel Ortega", {Operation.CLICKING: 10}))
        uow.artisans.add(Artisan("A03", "Rosa Villanueva", {Operation.CLOSING: 30}))
        uow.commit()
    return workshop_url


def make_batch(
    url: str, code: str, pairs: int, *, hides: dict[str, str] | None = None
) -> list[str]:
    """A done batch of ``pairs`` MARA-BLK pairs with serials CODE-0001...; returns the serials.

    ``hides`` maps serial -> hide code for pairs cut from a known hide.
    """
    half = pairs // 2
    lines = [
        BatchLine(Variant("MARA", "BLK", "9"), half),
        BatchLine(Variant("MARA", "BLK", "10"), pairs - half),
    ]
    serials = [f"{code}-{n:04d}" for n in range(1, pairs + 1)]
    variants = [lines[0].variant] * half + [lines[1].variant] * (pairs - half)
    hides = hides or {}
    with unit_of_work(url) as uow:
        uow.batches.add(Batch(code, date(2026, 6, 1), date(2026, 6, 5), lines, BatchStatus.DONE))
        uow.pairs.add_many(
            Pair(s, code, v, (hides[s],) if s in hides else ())
            for s, v in zip(serials, variants, strict=True)
        )
        uow.commit()
    return serials


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 6, day, hour, 0)
