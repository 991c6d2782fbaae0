"""A tiny hand-made workshop for the scheduling services: two artisans, one style.

ANA can click, close and pack; BEN can only close and pack. Style TOTE goes clicking
(10 min/pair) → closing (20) → packing (5); batch B1 holds 20 + 20 pairs from Monday
1 March 2027. Only ANA can click, so every clicking task must be hers.
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from types import SimpleNamespace

import pytest

from cordwain.domain import (
    Artisan,
    Batch,
    BatchLine,
    Colourway,
    RoutingStep,
    Shift,
    SizeRun,
    Style,
    Variant,
)
from cordwain.services import scheduling
from cordwain.store import SqlUnitOfWork

MONDAY = date(2027, 3, 1)


def style(code: str, steps: list[tuple[str, float]]) -> Style:
    return Style(
        code=code,
        name=code.title(),
        last="L" + code,
        category="tote",
        size_run=SizeRun("us-m", ("9", "10")),
        routing=tuple(RoutingStep(op, minutes) for op, minutes in steps),
        retail_price=Decimal("180"),
        unit_cost=Decimal("70"),
    )


TOTE = style("TOTE", [("clicking", 10), ("closing", 20), ("packing", 5)])
ARTISANS = [
    Artisan("ANA", "Ana Ruiz", {"clicking": 10, "closing": 20, "packing": 5},
            shift=Shift(start=time(8, 0), end=time(16, 30))),
    Artisan("BEN", "Ben Cole", {"closing": 20, "packing": 5},
            shift=Shift(start=time(8, 0), end=time(16, 30))),
]  # fmt: skip


def store_tiny_workshop(url: str, *, styles=(TOTE,), batch_code="B1", pairs=(20, 20)) -> None:
    """Store the styles, their BLK colourway, the two artisans and one planned batch."""
    with SqlUnitOfWork(url) as uow:
        for s in styles:
            uow.styles.add(s)
            uow.colourways.add(Colourway(s.code, "BLK", "Black"))
        for a in ARTISANS:
            uow.artisans.add(a)
        lines = [
            BatchLine(Variant(s.code, "BLK", size), q)
            for s in styles
            for size, q in zip(("9", "10"), pairs, strict=True)
        ]
        uow.batches.add(Batch(batch_code, MONDAY, date(2027, 3, 12), lines))
        # No machines: the tiny shop's answer depends on the two people only.
        scheduling.save_schedule_settings(uow, scheduling.ScheduleSettings(machines=()))
        uow.commit()


@pytest.fixture
def tiny(workshop_url):
    store_tiny_workshop(workshop_url)
    return SimpleNamespace(url=workshop_url, monday=MONDAY, style=TOTE, artisans=ARTISANS)
