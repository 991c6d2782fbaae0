"""Forecasting the workshop from what the store holds, and keeping the result."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from cordwain import services
from cordwain.domain import (
    Colourway,
    PreOrder,
    RoutingStep,
    SalesLine,
    SizeRun,
    SizeSystem,
    Style,
    Variant,
)

MONDAY = date(2026, 6, 1)


@pytest.fixture
def steady_shop(workshop_url):
    """One style in one colourway selling 2 pairs of size 9 and 1 of size 10 every week."""
    with services.unit_of_work(workshop_url) as uow:
        uow.styles.add(
            Style("MARA", "Mara", "L1", "sneaker",
                  SizeRun(SizeSystem.US_MEN, ("9", "10"), core=("9",)),
                  (RoutingStep("clicking", 10), RoutingStep("closing", 30)),
                  Decimal("180"), Decimal("70"))
        )  # fmt: skip
        uow.colourways.add(Colourway("MARA", "BLK", "Black"))
        lines = []
        for week in range(30):
            day = MONDAY + timedelta(weeks=week, days=2)
            lines.append(SalesLine(day, Variant("MARA", "BLK", "9"), 2, Decimal("180")))
            lines.append(SalesLine(day, Variant("MARA", "BLK", "10"), 1, Decimal("180")))
        uow.sales.add_many(lines)
        uow.preorders.add(
            PreOrder("P1", Variant("MARA", "BLK", "10"), 9, date(2026, 12, 20), date(2027, 1, 15))
        )
        uow.commit()
    return workshop_url


def test_a_steady_seller_is_forecast_near_its_rate_and_stored(steady_shop):
    with services.unit_of_work(steady_shop) as uow:
        report = services.forecast_demand(uow, horizon_weeks=4)
        uow.commit()
    rows = {r["sku"]: r for r in report.rows}
    assert set(rows) == {"MARA-BLK-9", "MARA-BLK-10"}
    # the week after the last sale's week starts the horizon
    assert report.as_of == MONDAY + timedelta(weeks=30)
    assert rows["MARA-BLK-9"]["mean"] == pytest.approx(8, rel=0.25)
    q = rows["MARA-BLK-9"]["quantiles"]
    assert q == sorted(q) and q[0] >= 0
    with services.unit_of_work(steady_shop) as uow:
        stored = services.latest_forecast(uow)
    assert stored["as_of"] == report.as_of.isoformat()
    assert len(stored["variants"]) == 2


def test_open_pre_orders_are_a_floor_under_the_forecast(steady_shop):
    with services.unit_of_work(steady_shop) as uow:
        report = services.forecast_demand(uow, horizon_weeks=4)
    size10 = next(r for r in report.rows if r["sku"] == "MARA-BLK-10")
    assert size10["committed"] == 9
    assert min(size10["quantiles"]) >= 9


def test_a_workshop_without_a_catalogue_is_told_what_to_do(workshop_url):
    with (
        services.unit_of_work(workshop_url) as uow,
        pytest.raises(services.ServiceError, match="import a catalogue"),
    ):
        services.forecast_demand(uow)
