"""Batches move through their life cycle; records refuse impossible values."""

from datetime import date

import pytest

from cordwain.domain import (
    Artisan,
    Batch,
    BatchLine,
    BatchStatus,
    DomainError,
    Feedback,
    Inspection,
    PreOrder,
    Shift,
    Variant,
)

V = Variant("MARA", "BLK", "9")


def test_a_planned_batch_can_be_released_but_not_finished_directly():
    b = Batch("B2026_12", date(2026, 12, 1), date(2026, 12, 20), [BatchLine(V, 12)])
    assert b.pairs == 12
    with pytest.raises(DomainError, match="cannot become"):
        b.move_to(BatchStatus.DONE)
    b.move_to(BatchStatus.RELEASED)
    assert b.status is BatchStatus.RELEASED


def test_a_batch_cannot_list_a_sku_twice():
    with pytest.raises(DomainError, match="twice"):
        Batch("B1", date(2026, 12, 1), date(2026, 12, 2), [BatchLine(V, 1), BatchLine(V, 2)])


def test_a_pre_order_cannot_be_promised_before_it_was_placed():
    with pytest.raises(DomainError, match="promised"):
        PreOrder("PO1", V, 1, placed_on=date(2026, 12, 5), promised_by=date(2026, 12, 1))


def test_a_return_needs_a_reason_and_an_exchange_a_size():
    with pytest.raises(DomainError, match="reason"):
        Feedback(date(2026, 1, 1), V, "return")
    with pytest.raises(DomainError, match="swapped"):
        Feedback(date(2026, 1, 1), V, "exchange")


def test_an_inspection_sample_cannot_exceed_its_lot():
    with pytest.raises(DomainError, match="sample"):
        Inspection("B1", "inspection", "ana", date(2026, 1, 1), lot_size=10, sample_size=13)


def test_an_artisan_paces_in_minutes_per_pair_and_works_a_shift():
    a = Artisan(
        "ana",
        "Ana",
        {"closing": 30, "skiving": 4},
        weekly_hours=32,
        shift=Shift(("Mon", "tue", "wed", "thu")),
    )
    assert a.pairs_per_hour("closing") == 2
    assert a.shift.days == ("mon", "tue", "wed", "thu")
    assert a.shift.minutes_per_day == 510
    assert not a.can("lasting")
    with pytest.raises(DomainError):
        Artisan("bo", "Bo", {"closing": -1})
