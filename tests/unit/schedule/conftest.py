"""Small hand-made workshops for the scheduling tests."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from types import SimpleNamespace

import pytest

from cordwain.domain import (
    Artisan,
    Batch,
    BatchLine,
    PreOrder,
    RoutingStep,
    Shift,
    SizeRun,
    Style,
    Variant,
)
from cordwain.schedule import HumaneRules, Machine, ScheduleProblem

MONDAY = date(2027, 3, 1)  # a Monday


def make_style(code: str, steps: list[tuple]) -> Style:
    return Style(
        code=code,
        name=code.title(),
        last="L" + code,
        category="sneaker",
        size_run=SizeRun("us-m", ("9", "10")),
        routing=tuple(RoutingStep(*s) for s in steps),
        retail_price=Decimal("200"),
        unit_cost=Decimal("80"),
    )


def make_artisan(code: str, skills: dict, **kw) -> Artisan:
    return Artisan(code=code, name=code.title(), skills=skills, **kw)


def make_problem(
    styles,
    artisans,
    lines: list[tuple[str, int]],
    *,
    days: int = 5,
    machines=(),
    pre_orders=(),
    rules: HumaneRules | None = None,
    bundle_size: int = 4,
    start: datetime | None = None,
) -> ScheduleProblem:
    batch = Batch(
        code="B1",
        start=MONDAY,
        end=date(2027, 3, 31),
        lines=[BatchLine(Variant.parse(sku), q) for sku, q in lines],
    )
    working = [date(2027, 3, 1 + i) for i in range(days + 2 * (days // 5))]
    working = [d for d in working if d.weekday() < 5][:days]
    return ScheduleProblem(
        batch=batch,
        styles=styles,
        artisans=artisans,
        start=start or datetime.combine(MONDAY, time(0, 0)),
        working_days=working,
        machines=machines,
        pre_orders=pre_orders,
        rules=rules or HumaneRules(),
        bundle_size=bundle_size,
    )


def pre_order(ref: str, sku: str, qty: int, by: date) -> PreOrder:
    return PreOrder(ref, Variant.parse(sku), qty, date(2027, 2, 1), by)


@pytest.fixture
def shop():
    return SimpleNamespace(
        style=make_style,
        artisan=make_artisan,
        problem=make_problem,
        pre_order=pre_order,
        Machine=Machine,
        Shift=Shift,
        HumaneRules=HumaneRules,
        MONDAY=MONDAY,
        time=time,
    )
