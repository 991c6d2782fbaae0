"""Production records entered from the workshop floor: an artisan's own operations and
defects, an inspector's inspections, and the batches they belong to.

Each verb checks who is asking (a :class:`~cordwain.services.accounts.User`) so the rule
"an artisan records only their own work" holds whichever front end calls it. No commit:
the caller's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from cordwain.domain import (
    Batch,
    BatchStatus,
    Defect,
    DomainError,
    Inspection,
    InspectionResult,
    Operation,
    OperationRecord,
)
from cordwain.store import StoreError
from cordwain.store import tables as t

from .accounts import Permission, User, require
from .errors import ServiceError
from .web_views import NotFound, artisan_without_pay

if TYPE_CHECKING:
    from cordwain.store import SqlUnitOfWork

#: Batches on which work can be recorded.
WORKING = (BatchStatus.RELEASED, BatchStatus.IN_PROGRESS)


def batches(uow: SqlUnitOfWork, *, status: str | None = None) -> list[Batch]:
    if status is not None and status not in {s.value for s in BatchStatus}:
        raise ServiceError(
            f"batch status {status!r} is not one of: {', '.join(s.value for s in BatchStatus)}"
        )
    return uow.batches.list(status)


def batch(uow: SqlUnitOfWork, code: str) -> Batch:
    found = uow.batches.get(code.upper())
    if found is None:
        raise NotFound(f"batch {code} does not exist")
    return found


def _working_batch(uow: SqlUnitOfWork, code: str) -> Batch:
    b = batch(uow, code)
    if b.status not in WORKING:
        raise ServiceError(f"batch {b.code} is {b.status.value}: work is recorded only on "
                           "released or in-progress batches")  # fmt: skip
    return b


def _operation(value: str) -> Operation:
    try:
        return Operation(value)
    except ValueError:
        raise ServiceError(
            f"operation {value!r} is not one of: {', '.join(o.value for o in Operation)}"
        ) from None


def _own_artisan_code(user: User) -> str:
    require(user, Permission.RECORD_OWN_WORK)
    if not user.artisan_code:
        raise ServiceError(f"account {user.username} is not linked to an artisan record")
    return user.artisan_code


@dataclass(frozen=True, slots=True)
class DaySheet:
    """An artisan's own day: who they are (no pay), what they did, where they can work."""

    artisan: dict[str, Any]
    day: date
    records: list[tuple[int, OperationRecord]]
    open_batches: list[Batch]

    def as_dict(self) -> dict[str, Any]:
        return {
            "artisan": self.artisan,
            "day": self.day.isoformat(),
            "records": [operation_record_dict(i, r) for i, r in self.records],
            "open_batches": [
                {"code": b.code, "status": b.status.value, "pairs": b.pairs}
                for b in self.open_batches
            ],
        }


def operation_record_dict(record_id: int, r: OperationRecord) -> dict[str, Any]:
    return {
        "id": record_id,
        "batch": r.batch_code,
        "operation": r.operation.value,
        "artisan": r.artisan_code,
        "started": r.started.isoformat(timespec="minutes"),
        "finished": r.finished.isoformat(timespec="minutes"),
        "minutes": round((r.finished - r.started).total_seconds() / 60, 1),
        "pairs": list(r.pair_serials),
    }


def _records_with_ids(
    uow: SqlUnitOfWork, *, batch_code: str | None = None, artisan_code: str | None = None
) -> list[tuple[int, OperationRecord]]:
    # The repository lists records without their numbers: read the numbers with the same
    # filter and order, then pair them up.
    c = t.operation_records.c
    stmt = select(c.id).order_by(c.started, c.id)
    if batch_code is not None:
        stmt = stmt.where(c.batch_code == batch_code)
    ids = list(uow.connection.execute(stmt).scalars())
    records = uow.operation_records.list(batch_code=batch_code)
    pairs = list(zip(ids, records, strict=True))
    return [p for p in pairs if artisan_code is None or p[1].artisan_code == artisan_code]


def day_sheet(uow: SqlUnitOfWork, user: User, day: date | None = None) -> DaySheet:
    """The signed-in artisan's own day sheet."""
    code = _own_artisan_code(user)
    artisan = uow.artisans.get(code)
    if artisan is None:
        raise NotFound(f"artisan {code} does not exist")
    day = day or date.today()
    start, end = datetime.combine(day, time.min), datetime.combine(day, time.max)
    mine = [
        (i, r) for i, r in _records_with_ids(uow, artisan_code=code) if start <= r.started <= end
    ]
    open_batches = [b for s in WORKING for b in uow.batches.list(s)]
    return DaySheet(artisan_without_pay(artisan), day, mine, open_batches)


def operation_records(
    uow: SqlUnitOfWork, user: User, *, batch_code: str | None = None
) -> list[tuple[int, OperationRecord]]:
    require(user, Permission.VIEW_PRODUCTION)
    return _records_with_ids(uow, batch_code=batch_code.upper() if batch_code else None)


def record_own_operation(
    uow: SqlUnitOfWork,
    user: User,
    *,
    batch_code: str,
    operation: str,
    started: datetime,
    finished: datetime,
    pair_serials: tuple[str, ...] = (),
) -> int:
    """An artisan records an operation they did; returns the record's number."""
    code = _own_artisan_code(user)
    b = _working_batch(uow, batch_code)
    op = _operation(operation)
    artisan = uow.artisans.get(code)
    if artisan is None:
        raise NotFound(f"artisan {code} does not exist")
    if not artisan.can(op):
        raise ServiceError(f"{artisan.name} is not listed as skilled in {op.value}")
    if started.tzinfo is not None or finished.tzinfo is not None:
        raise ServiceError("give times in workshop local time, without a timezone")
    try:
        record = OperationRecord(b.code, op, code, started, finished, tuple(pair_serials))
        return uow.operation_records.add(record)
    except (DomainError, StoreError) as exc:
        raise ServiceError(f"{op.value} record: {exc}") from exc


def _defects(items: list[dict[str, Any]]) -> tuple[Defect, ...]:
    out = []
    for n, item in enumerate(items, start=1):
        try:
            out.append(
                Defect(
                    family=item["family"],
                    code=str(item["code"]).strip(),
                    severity=item["severity"],
                    count=int(item.get("count", 1)),
                    pair_serial=(item.get("pair_serial") or None),
                    note=str(item.get("note", "")),
                )
            )
        except (DomainError, ValueError, KeyError) as exc:
            raise ServiceError(f"defect {n}: {exc}") from exc
        if not out[-1].code:
            raise ServiceError(f"defect {n}: give the defect's code")
    return tuple(out)


def record_own_defect(
    uow: SqlUnitOfWork,
    user: User,
    *,
    batch_code: str,
    operation: str,
    defect: dict[str, Any],
    day: date | None = None,
) -> int:
    """An artisan reports a defect found at their own operation.

    Kept as an inspection by that artisan with result *pending*, sample = the pairs
    affected, so the inspector sees it in the batch's quality record and decides.
    """
    code = _own_artisan_code(user)
    b = _working_batch(uow, batch_code)
    op = _operation(operation)
    defects = _defects([defect])
    pairs = defects[0].count
    try:
        return uow.inspections.add(
            Inspection(b.code, op, code, day or date.today(), pairs, pairs, defects,
                       InspectionResult.PENDING)
        )  # fmt: skip
    except (DomainError, StoreError) as exc:
        raise ServiceError(f"defect report: {exc}") from exc


def record_inspection(
    uow: SqlUnitOfWork,
    user: User,
    *,
    batch_code: str,
    operation: str,
    lot_size: int,
    sample_size: int,
    result: str,
    defects: list[dict[str, Any]] | None = None,
    day: date | None = None,
) -> int:
    """An inspector records an inspection with its defects and decision."""
    require(user, Permission.RECORD_INSPECTIONS)
    b = batch(uow, batch_code)
    op = _operation(operation)
    try:
        decision = InspectionResult(result)
    except ValueError:
        raise ServiceError(
            f"result {result!r} is not one of: {', '.join(r.value for r in InspectionResult)}"
        ) from None
    try:
        inspection = Inspection(b.code, op, user.username, day or date.today(), lot_size,
                                sample_size, _defects(defects or []), decision)  # fmt: skip
        return uow.inspections.add(inspection)
    except (DomainError, StoreError) as exc:
        raise ServiceError(f"inspection: {exc}") from exc


def inspections(
    uow: SqlUnitOfWork, user: User, *, batch_code: str | None = None
) -> list[tuple[int, Inspection]]:
    require(user, Permission.VIEW_PRODUCTION)
    return uow.inspections.list_with_ids(batch_code.upper() if batch_code else None)


def inspection_dict(inspection_id: int, i: Inspection) -> dict[str, Any]:
    return {
        "id": inspection_id,
        "batch": i.batch_code,
        "operation": i.operation.value,
        "inspector": i.inspector,
        "day": i.day.isoformat(),
        "lot_size": i.lot_size,
        "sample_size": i.sample_size,
        "result": i.result.value,
        "defects": [
            {"family": d.family.value, "code": d.code, "severity": d.severity.value,
             "count": d.count, "pair_serial": d.pair_serial, "note": d.note}
            for d in i.defects
        ],
    }  # fmt: skip
