"""A tiny workshop for the CSV format tests: two styles, three colourways, three materials."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cordwain.domain import (
    Colourway,
    Material,
    MaterialKind,
    Operation,
    RoutingStep,
    SizeRun,
    SizeSystem,
    Style,
    Unit,
)
from cordwain.formats import Context

TODAY = date(2024, 6, 1)


def mara() -> Style:
    sizes = tuple(s for s in SizeRun.between(SizeSystem.US_MEN, "7", "13").sizes if s != "12.5")
    return Style(
        "MARA",
        "Mara low-top",
        "L-204",
        "sneaker",
        SizeRun(SizeSystem.US_MEN, sizes, ("9", "9.5", "10")),
        (
            RoutingStep(Operation.CLICKING, 12),
            RoutingStep(Operation.CLOSING, 35),
            RoutingStep(Operation.LASTING, 15, 45),
            RoutingStep(Operation.BOTTOMING, 15),
            RoutingStep(Operation.PACKING, 2.5),
        ),
        Decimal("185.00"),
        Decimal("72.50"),
    )


def elsa() -> Style:
    return Style(
        "ELSA",
        "Elsa boot",
        "L-310",
        "boot",
        SizeRun.between(SizeSystem.US_WOMEN, "5", "10"),
        (RoutingStep(Operation.CLICKING, 20), RoutingStep(Operation.CLOSING, 50)),
        Decimal("260"),
        Decimal("98.40"),
    )


def materials() -> list[Material]:
    return [
        Material("CALF_BLK", "Black calf", MaterialKind.LEATHER, Unit.SQFT, Decimal("7.80"),
                 "Horween", 21, min_order=50),
        Material("LIN_CREAM", "Cream lining", MaterialKind.FABRIC, Unit.METRE, Decimal("4.20"),
                 "Linum", 14),
        Material("SOLE_CUP_WHT", "White cupsole", MaterialKind.COMPONENT, Unit.PAIR,
                 Decimal("6.10"), "Vibram", 42, min_order=24, per_size=True),
    ]  # fmt: skip


def colourways() -> list[Colourway]:
    return [
        Colourway("MARA", "BLK", "Black"),
        Colourway("MARA", "TAN", "Tan"),
        Colourway("ELSA", "RED", "Oxblood"),
    ]


@pytest.fixture
def ctx() -> Context:
    return Context.of(
        TODAY, styles=[mara(), elsa()], colourways=colourways(), materials=materials()
    )


class Workshop:
    """The builders above, handed to tests as a fixture (conftest is not importable)."""

    today = TODAY
    mara = staticmethod(mara)
    elsa = staticmethod(elsa)
    materials = staticmethod(materials)
    colourways = staticmethod(colourways)


@pytest.fixture
def shop() -> type[Workshop]:
    return Workshop
