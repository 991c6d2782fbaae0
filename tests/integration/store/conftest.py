"""Fixtures for the store's integration tests: every test runs on SQLite and PostgreSQL.

PostgreSQL gets one throwaway database per test session (created on 127.0.0.1:5432 and
dropped at the end), emptied before each test; without a server those tests skip, unless
CORDWAIN_REQUIRE_POSTGRES=1 makes them fail.
"""

from __future__ import annotations

from datetime import time
from decimal import Decimal

import pytest

from cordwain.domain import (
    BOM,
    Artisan,
    BOMLine,
    Colourway,
    Material,
    Operation,
    RoutingStep,
    Shift,
    SizeRun,
    SizeSystem,
    Style,
)
from cordwain.store import SqlUnitOfWork
from cordwain.store.engine import dispose_engine
from cordwain.store.testing import postgres_url_or_skip, sqlite_url

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture
def db_url(workshop_url):
    """A migrated, empty database on each backend (the root conftest's ``workshop_url``)."""
    return workshop_url


@pytest.fixture(params=BACKENDS)
def empty_db_url(request, tmp_path):
    """A database with no tables at all (never migrated)."""
    if request.param == "sqlite":
        url = sqlite_url(tmp_path)
        yield url
        dispose_engine(url)
    else:
        with postgres_url_or_skip() as url:
            yield url


def make_mara() -> Style:
    return Style(
        code="MARA",
        name="Mara Derby",
        last="L-204",
        category="derby",
        size_run=SizeRun.between(SizeSystem.US_MEN, "7", "12", core=("9", "9.5", "10")),
        routing=(
            RoutingStep(Operation.CLICKING, 18.0),
            RoutingStep(Operation.CLOSING, 42.5),
            RoutingStep(Operation.LASTING, 25.0, lag_minutes=720.0),
            RoutingStep(Operation.BOTTOMING, 30.0),
            RoutingStep(Operation.FINISHING, 12.25),
        ),
        retail_price=Decimal("245.00"),
        unit_cost=Decimal("61.3750"),
    )


def make_materials() -> list[Material]:
    return [
        Material("CALF_BLK", "Black box calf", "leather", "sqft", Decimal("8.75"),
                 "Tannerie du Puy", 21, min_order=200.0, default_yield=0.72, co2e_per_unit=1.9),
        Material("LINING_NAT", "Natural cotton lining", "fabric", "m", Decimal("6.40"),
                 "Millhouse", 10, min_order=50.0),
        Material("SOLE_LTHR", "Leather sole", "component", "pair", Decimal("11.2"),
                 "Sole Co", 30, per_size=True),
    ]  # fmt: skip


@pytest.fixture
def mara() -> Style:
    return make_mara()


@pytest.fixture
def sample_materials() -> list[Material]:
    return make_materials()


@pytest.fixture
def catalogue(db_url):
    """The Mara derby in black and tan, its materials, its black BOM and two artisans."""
    with SqlUnitOfWork(db_url) as uow:
        uow.styles.add(make_mara())
        uow.colourways.add(Colourway("MARA", "BLK", "Black"))
        uow.colourways.add(Colourway("MARA", "TAN", "Tan"))
        for material in make_materials():
            uow.materials.add(material)
        uow.boms.put(
            BOM(
                "MARA",
                "BLK",
                (
                    BOMLine("CALF_BLK", "9", 2.1, grade_per_step=0.03),
                    BOMLine("LINING_NAT", "9", 0.35),
                    BOMLine("SOLE_LTHR", "9", 1.0, overrides={"12": 1.0}),
                ),
            )
        )
        uow.artisans.add(Artisan("ANA", "Ana", {Operation.CLICKING: 16.0, Operation.CLOSING: 40.0}))
        uow.artisans.add(
            Artisan(
                "RUI",
                "Rui",
                {Operation.LASTING: 22.0, Operation.BOTTOMING: 28.0},
                weekly_hours=32.0,
                shift=Shift(("tue", "wed", "thu", "fri"), time(9, 0), time(17, 30)),
                overtime_opt_in=True,
                hourly_rate=27.5,
            )
        )
        uow.commit()
    return db_url
