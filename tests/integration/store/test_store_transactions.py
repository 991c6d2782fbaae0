"""Nothing is kept unless committed; duplicates and dangling references are refused by name."""

from __future__ import annotations

from datetime import UTC, date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from cordwain.domain import (
    Batch,
    BatchLine,
    Colourway,
    Hide,
    Operation,
    Pair,
    PatternPiece,
    Polygon,
    PreOrder,
    PurchaseOrder,
    SalesLine,
    Variant,
    WorkOrder,
)
from cordwain.store import DuplicateError, NotFoundError, SqlUnitOfWork, StoreError, snapshot

BLK9 = Variant("MARA", "BLK", "9")


def test_work_not_committed_is_rolled_back_when_the_block_ends(db_url, mara):
    with SqlUnitOfWork(db_url) as uow:
        uow.styles.add(mara)
        assert uow.styles.get("MARA") == mara  # visible inside its own transaction
    with SqlUnitOfWork(db_url) as uow:
        assert uow.styles.get("MARA") is None


def test_an_exception_rolls_back_everything_since_the_last_commit(db_url, mara):
    with pytest.raises(RuntimeError, match="power cut"), SqlUnitOfWork(db_url) as uow:
        uow.styles.add(mara)
        uow.commit()
        uow.colourways.add(Colourway("MARA", "BLK", "Black"))
        raise RuntimeError("power cut")
    with SqlUnitOfWork(db_url) as uow:
        assert uow.styles.get("MARA") == mara
        assert uow.colourways.list() == []


def test_explicit_rollback_discards_and_the_unit_of_work_carries_on(db_url, mara):
    with SqlUnitOfWork(db_url) as uow:
        uow.styles.add(mara)
        uow.rollback()
        assert uow.styles.list() == []
        uow.styles.add(mara)
        uow.commit()
    with SqlUnitOfWork(db_url) as uow:
        assert uow.styles.list() == [mara]


def test_a_failed_import_leaves_the_database_exactly_as_it_was(catalogue):
    before = snapshot(catalogue)
    sqlite_file = make_url(catalogue).database if catalogue.startswith("sqlite") else None
    file_before = Path(sqlite_file).read_bytes() if sqlite_file else b""
    good = [SalesLine(date(2025, 1, d), BLK9, 1, Decimal("245")) for d in range(1, 29)]
    bad = [*good, SalesLine(date(2025, 1, 29), Variant("MARA", "RED", "9"), 1, Decimal("245"))]
    with (
        pytest.raises(NotFoundError, match=r"colourway MARA-RED .*sales line 29"),
        SqlUnitOfWork(catalogue) as uow,
    ):
        uow.colourways.add(Colourway("MARA", "OXB", "Oxblood"))
        uow.sales.add_many(good)  # written inside the transaction, then thrown away
        uow.sales.add_many(bad)
        uow.commit()
    assert snapshot(catalogue) == before
    if sqlite_file:
        assert Path(sqlite_file).read_bytes() == file_before


def test_snapshot_sees_a_committed_change(catalogue):
    before = snapshot(catalogue)
    with SqlUnitOfWork(catalogue) as uow:
        uow.colourways.add(Colourway("MARA", "OXB", "Oxblood"))
        uow.commit()
    after = snapshot(catalogue)
    assert after != before
    assert "Oxblood" in after and "Oxblood" not in before


def test_the_unit_of_work_must_be_opened_before_use(db_url):
    uow = SqlUnitOfWork(db_url)
    with pytest.raises(StoreError, match="with SqlUnitOfWork"):
        uow.commit()


@pytest.mark.parametrize(
    ("add", "message"),
    [
        (lambda uow, mara: uow.styles.add(mara), "style MARA already exists"),
        (lambda uow, _: uow.colourways.add(Colourway("MARA", "BLK", "Jet")),
         "colourway MARA-BLK already exists"),
        (lambda uow, _: uow.materials.add(uow.materials.get("CALF_BLK")),
         "material CALF_BLK already exists"),
        (lambda uow, _: uow.artisans.add(uow.artisans.get("ANA")), "artisan ANA already exists"),
    ],
    ids=["style", "colourway", "material", "artisan"],
)  # fmt: skip
def test_adding_a_catalogue_record_twice_names_the_duplicate_key(catalogue, mara, add, message):
    with SqlUnitOfWork(catalogue) as uow, pytest.raises(DuplicateError, match=message):
        add(uow, mara)


def test_duplicate_hides_pre_orders_batches_pairs_and_work_orders_are_refused(catalogue):
    hide = Hide("H001", "CALF_BLK", "L1", 20.0, Polygon.rectangle(1000, 900))
    order = PreOrder("PO-1", BLK9, 1, date(2025, 1, 1), date(2025, 2, 1))
    batch = Batch("B1", date(2025, 3, 3), date(2025, 3, 21), [BatchLine(BLK9, 4)])
    with SqlUnitOfWork(catalogue) as uow:
        uow.hides.add(hide)
        uow.preorders.add(order)
        uow.batches.add(batch)
        uow.pairs.add(Pair("P1", "B1", BLK9))
        uow.work_orders.add(WorkOrder("B1", BLK9, Operation.CLICKING, 4))
        uow.purchase_orders.add(PurchaseOrder("PUR-1", "CALF_BLK", 100, date(2025, 2, 1)))
        with pytest.raises(DuplicateError, match="hide H001 already exists") as caught:
            uow.hides.add(hide)
        assert (caught.value.what, caught.value.key) == ("hide", "H001")
        with pytest.raises(DuplicateError, match="pre-order PO-1"):
            uow.preorders.add(order)
        with pytest.raises(DuplicateError, match="batch B1"):
            uow.batches.add(batch)
        with pytest.raises(DuplicateError, match="pair P1"):
            uow.pairs.add_many([Pair("P2", "B1", BLK9), Pair("P1", "B1", BLK9)])
        with pytest.raises(DuplicateError, match="pair P3"):
            uow.pairs.add_many([Pair("P3", "B1", BLK9), Pair("P3", "B1", BLK9)])
        with pytest.raises(DuplicateError, match="work order B1 MARA-BLK-9 clicking #1"):
            uow.work_orders.add(WorkOrder("B1", BLK9, Operation.CLICKING, 2))
        with pytest.raises(DuplicateError, match="purchase order line PUR-1 CALF_BLK"):
            uow.purchase_orders.add(PurchaseOrder("PUR-1", "CALF_BLK", 50, date(2025, 2, 1)))
        # The refusals left the transaction usable: the first records can still be committed.
        uow.commit()
    with SqlUnitOfWork(catalogue) as uow:
        assert [p.serial for p in uow.pairs.list()] == ["P1"]


@pytest.mark.parametrize(
    ("add", "message"),
    [
        (lambda uow: uow.colourways.add(Colourway("NOPE", "BLK", "Black")),
         "style NOPE does not exist"),
        (lambda uow: uow.hides.add(Hide("H9", "GOAT", "L", 9.0, Polygon.rectangle(900, 700))),
         "material GOAT does not exist .needed by hide H9"),
        (lambda uow: uow.patterns.add(
            PatternPiece("MARA", "quarter", "GOAT", {"9": Polygon.rectangle(100, 60)})),
         "material GOAT does not exist .needed by pattern piece MARA/quarter"),
        (lambda uow: uow.preorders.add(
            PreOrder("PO-9", Variant("MARA", "RED", "9"), 1, date(2025, 1, 1), date(2025, 2, 1))),
         "colourway MARA-RED does not exist"),
        (lambda uow: uow.pairs.add(Pair("P9", "B404", BLK9)), "batch B404 does not exist"),
        (lambda uow: uow.batches.save(Batch("B404", date(2025, 1, 1), date(2025, 1, 2))),
         "batch B404 does not exist"),
        (lambda uow: uow.hides.remove("H404"), "hide H404 does not exist"),
    ],
    ids=["colourway", "hide", "pattern", "preorder", "pair", "save-batch", "remove-hide"],
)  # fmt: skip
def test_records_pointing_at_nothing_are_refused_by_name(catalogue, add, message):
    with SqlUnitOfWork(catalogue) as uow, pytest.raises(NotFoundError, match=message):
        add(uow)


def test_operation_times_with_a_timezone_are_refused_rather_than_shifted(catalogue):
    from datetime import datetime

    from cordwain.domain import OperationRecord

    start = datetime(2025, 3, 4, 8, 0, tzinfo=UTC)
    with SqlUnitOfWork(catalogue) as uow:
        uow.batches.add(Batch("B1", date(2025, 3, 3), date(2025, 3, 21)))
        with pytest.raises(StoreError, match="clicking record of batch B1 by ANA"):
            uow.operation_records.add(OperationRecord("B1", "clicking", "ANA", start, start))
