"""Export then parse gives back equal objects, for every kind of file."""

from __future__ import annotations

import io
from datetime import date, time
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cordwain.domain import (
    BOM,
    Artisan,
    BOMLine,
    FabricRoll,
    Feedback,
    FeedbackKind,
    Fit,
    Grade,
    Hide,
    InventoryLevel,
    Operation,
    Polygon,
    PreOrder,
    PreOrderStatus,
    PurchaseOrder,
    QualityZone,
    SalesLine,
    Shift,
    SoldOut,
    StockKind,
    Variant,
    WaitlistEntry,
)
from cordwain.formats import KINDS, Context, export, parse

TRICKY_TEXT = 'Runs "small", 1/2 size\nsecond line, with commas; and ümlauts'


def samples(shop) -> dict[str, tuple[list, Context]]:
    """Objects of every kind, with the context each needs to be read back."""
    full = Context.of(
        shop.today, styles=[shop.mara(), shop.elsa()], colourways=shop.colourways(),
        materials=shop.materials(),
    )  # fmt: skip
    hide = Hide(
        "H0412", "CALF_BLK", "HW-2291", 22.37,
        Polygon(((0, 0), (1400.25, 0), (1500, 1100.5), (0, 1200))),
        zones=(QualityZone(Grade.C, Polygon(((10, 10), (300, 10), (150, 280))), "neck, wrinkles"),
               QualityZone(Grade.REJECT, Polygon(((500, 500), (600, 500), (550, 580))))),
        base_grade=Grade.B, backbone=((0.5, 600), (1400, 600)), thickness_mm=1.35,
        holes=(Polygon(((700, 300), (760, 300), (730, 360))),),
    )  # fmt: skip
    v = Variant("MARA", "BLK", "9.5")
    styled = Context.of(shop.today, styles=[shop.mara(), shop.elsa()])
    return {
        "styles": ([shop.mara(), shop.elsa()], Context.of(shop.today)),
        "colourways": (shop.colourways(), styled),
        "materials": (shop.materials(), Context.of(shop.today)),
        "bom": ([
            BOM("MARA", "BLK", (BOMLine("CALF_BLK", "9", 2.1, 0.02),
                                BOMLine("SOLE_CUP_WHT", "9", 1, 0, {"13": 1.0, "7": 0.9}))),
            BOM("ELSA", "RED", (BOMLine("LIN_CREAM", "7", 0.1 + 0.2, -0.015),)),
        ], full),
        "inventory": ([
            InventoryLevel(StockKind.MATERIAL, "CALF_BLK", 412.3),
            InventoryLevel(StockKind.MATERIAL, "SOLE_CUP_WHT", 0, "10.5", "shelf, back"),
            InventoryLevel(StockKind.FINISHED, "MARA-BLK-9.5", 6, None, "shop"),
        ], full),
        "hides": ([hide, Hide("H2", "CALF_BLK", "", 20, Polygon.rectangle(900, 800))], full),
        "rolls": ([FabricRoll("R1", "LIN_CREAM", 1.4, 37.5, "L-88"),
                   FabricRoll("R2", "LIN_CREAM", 0.9, 3)], full),
        "purchase-orders": ([PurchaseOrder("PO-1", "SOLE_CUP_WHT", 40, date(2024, 7, 1), "9.5"),
                             PurchaseOrder("PO-1", "CALF_BLK", 212.5, date(2024, 5, 1))], full),
        "sales": ([SalesLine(date(2024, 5, 1), v, 2, Decimal("185.00")),
                   SalesLine(date(2024, 5, 1), v, 1, Decimal("0.1234"), "whole, sale")], full),
        "stockouts": ([SoldOut(v, date(2024, 5, 6), date(2024, 5, 19)),
                       SoldOut(Variant("MARA", "TAN", "10"), date(2024, 5, 6), date(2024, 5, 6))],
                      full),
        "preorders": ([PreOrder("#1", v, 1, date(2024, 4, 2), date(2024, 6, 15)),
                       PreOrder("#2", Variant("ELSA", "RED", "5"), 3, date(2024, 4, 2),
                                date(2024, 4, 2), PreOrderStatus.FULFILLED)], full),
        "waitlist": ([WaitlistEntry(date(2024, 4, 20), "MARA", "TAN", "10", 14, "spring"),
                      WaitlistEntry(date(2024, 4, 20), "MARA", "TAN", None, 2)], full),
        "artisans": ([
            Artisan("ROSA", "Rosa Díaz", {Operation.CLICKING: 11.5, Operation.PACKING: 2},
                    32, Shift(("mon", "wed"), time(7, 30), time(16, 0, 30)), True, 27.35),
            Artisan("TOM", "Tom", {Operation.CLOSING: 40}),
        ], full),
        "feedback": ([
            Feedback(date(2024, 5, 2), v, FeedbackKind.REVIEW, 5, Fit.TRUE, TRICKY_TEXT),
            Feedback(date(2024, 5, 3), v, FeedbackKind.RETURN, reason_code="damaged",
                     pair_serial="B24-0193"),
            Feedback(date(2024, 5, 4), v, FeedbackKind.EXCHANGE, exchanged_to_size="10"),
        ], full),
    }  # fmt: skip


def test_every_kind_has_a_round_trip_sample(shop):
    assert set(samples(shop)) == set(KINDS)


@pytest.mark.parametrize("kind", list(KINDS))
def test_export_then_parse_gives_equal_objects(shop, kind):
    objects, ctx = samples(shop)[kind]
    buf = io.StringIO()
    export(kind, objects, buf)
    assert parse(kind, io.StringIO(buf.getvalue()), ctx) == objects


@pytest.mark.parametrize("kind", ["hides", "feedback"])
def test_round_trip_through_a_file_on_disk(shop, kind, tmp_path):
    objects, ctx = samples(shop)[kind]
    path = tmp_path / f"{kind}.csv"
    export(kind, objects, path)
    assert parse(kind, path, ctx) == objects


def test_exporting_the_wrong_objects_is_refused(shop):
    with pytest.raises(TypeError, match="sales exports SalesLine objects, got Style"):
        export("sales", [shop.mara()], io.StringIO())


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    quantity=st.integers(min_value=1, max_value=10_000),
    cents=st.integers(min_value=0, max_value=10**9),
    size=st.sampled_from(["7", "8.5", "9", "11.5", "13"]),
    channel=st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2024, 6, 1)),
)
def test_any_sales_line_survives_the_round_trip(shop, quantity, cents, size, channel, day):
    channel = channel.strip() or "web"
    line = SalesLine(day, Variant("MARA", "TAN", size), quantity,
                     Decimal(cents).scaleb(-2), channel)  # fmt: skip
    objects, ctx = samples(shop)["sales"]
    buf = io.StringIO()
    export("sales", [line], buf)
    assert parse("sales", io.StringIO(buf.getvalue()), ctx) == [line]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.floats(min_value=0.001, max_value=1e6, allow_nan=False, allow_infinity=False))
def test_any_material_quantity_survives_the_round_trip(shop, quantity):
    objects, ctx = samples(shop)["inventory"]
    level = InventoryLevel(StockKind.MATERIAL, "CALF_BLK", quantity)
    buf = io.StringIO()
    export("inventory", [level], buf)
    assert parse("inventory", io.StringIO(buf.getvalue()), ctx) == [level]


def test_a_style_with_lag_after_another_step_cannot_be_written_to_csv(shop):
    from dataclasses import replace

    from cordwain.domain import RoutingStep

    style = replace(shop.elsa(), routing=(RoutingStep(Operation.CLICKING, 20, 30),))
    with pytest.raises(ValueError, match="drying time after lasting only, not after clicking"):
        export("styles", [style], io.StringIO())


def test_skipped_and_core_sizes_survive_the_round_trip(shop):
    buf = io.StringIO()
    export("styles", [shop.mara()], buf)
    back = parse("styles", io.StringIO(buf.getvalue()), Context.of(shop.today))[0]
    assert "12.5" not in back.size_run and back.size_run.core == ("9", "9.5", "10")
    assert back.step(Operation.LASTING).lag_minutes == 45
