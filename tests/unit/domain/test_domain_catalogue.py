"""Styles, routings, variants and graded bills of materials."""

from decimal import Decimal

import pytest

from cordwain.domain import (
    BOM,
    BOMLine,
    Colourway,
    DomainError,
    Material,
    RoutingStep,
    SizeRun,
    SizeSystem,
    Style,
    Variant,
    variants_of,
)

RUN = SizeRun.between(SizeSystem.US_MEN, "7", "13", core=("9", "9.5", "10", "10.5", "11"))


def sneaker(**kw):
    args = dict(
        code="mara",
        name="Mara low",
        last="L-204",
        category="sneaker",
        size_run=RUN,
        routing=(
            RoutingStep("clicking", 12),
            RoutingStep("closing", 35),
            RoutingStep("lasting", 15, lag_minutes=45),
        ),
        retail_price=Decimal("185"),
        unit_cost=Decimal("72.50"),
    )
    args.update(kw)
    return Style(**args)


def test_a_style_totals_its_labour_minutes_per_pair():
    assert sneaker().minutes_per_pair == 62
    assert sneaker().code == "MARA"


def test_a_routing_out_of_workshop_order_is_refused():
    with pytest.raises(DomainError, match="order"):
        sneaker(routing=(RoutingStep("closing", 35), RoutingStep("clicking", 12)))


def test_an_operation_cannot_take_zero_minutes():
    with pytest.raises(DomainError):
        RoutingStep("closing", 0)


def test_sku_round_trips_through_its_code():
    v = Variant.parse("MARA-BLK-9.5")
    assert (v.style_code, v.colourway_code, v.size) == ("MARA", "BLK", "9.5")
    assert Variant("mara", "blk", "10.0").sku == "MARA-BLK-10"
    with pytest.raises(DomainError):
        Variant.parse("MARA-9.5")


def test_a_colourway_spans_the_whole_size_run():
    skus = [v.sku for v in variants_of(sneaker(), Colourway("MARA", "BLK", "Black"))]
    assert len(skus) == 13 and skus[0] == "MARA-BLK-7"


def test_leather_is_bought_by_the_square_foot_not_the_metre():
    with pytest.raises(DomainError, match="not measured"):
        Material("CALF", "Calf", "leather", "m", Decimal("8"), "Tannery", 21)


def test_bom_quantity_grades_with_size_and_honours_overrides():
    line = BOMLine(
        "CALF", base_size="9", base_quantity=2.0, grade_per_step=0.02, overrides={"13": 2.5}
    )
    assert line.quantity_for("9", RUN) == pytest.approx(2.0)
    assert line.quantity_for("10", RUN) == pytest.approx(2.08)
    assert line.quantity_for("8", RUN) == pytest.approx(1.92)
    assert line.quantity_for("13", RUN) == pytest.approx(2.5)
    bom = BOM("MARA", "BLK", (line, BOMLine("SOLE", "9", 1.0)))
    assert bom.explode("10", RUN, pairs=10) == pytest.approx({"CALF": 20.8, "SOLE": 10.0})


def test_a_size_outside_the_run_cannot_be_exploded():
    line = BOMLine("CALF", base_size="9", base_quantity=2.0)
    with pytest.raises(DomainError):
        line.quantity_for("6", RUN)
