"""Production and quality records: batches, work orders, pairs, inspections, defects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from .catalogue import Operation, Variant, check_code
from .errors import require


class BatchStatus(StrEnum):
    PLANNED = "planned"
    RELEASED = "released"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    CANCELLED = "cancelled"


_NEXT = {
    BatchStatus.PLANNED: {BatchStatus.RELEASED, BatchStatus.CANCELLED},
    BatchStatus.RELEASED: {BatchStatus.IN_PROGRESS, BatchStatus.CANCELLED},
    BatchStatus.IN_PROGRESS: {BatchStatus.DONE},
    BatchStatus.DONE: set(),
    BatchStatus.CANCELLED: set(),
}


@dataclass(frozen=True, slots=True)
class BatchLine:
    variant: Variant
    quantity: int

    def __post_init__(self) -> None:
        require(self.quantity >= 0, "batch quantity cannot be negative", field="quantity")


@dataclass(slots=True, eq=False)
class Batch:
    """A run of pairs made together between two dates. An entity: compared by identity."""

    code: str
    start: date
    end: date
    lines: list[BatchLine] = field(default_factory=list)
    status: BatchStatus = BatchStatus.PLANNED
    note: str = ""

    def __post_init__(self) -> None:
        self.code = check_code(self.code, "batch")
        self.status = BatchStatus(self.status)
        require(self.end >= self.start, "a batch must end after it starts", field="end")
        skus = [ln.variant.sku for ln in self.lines]
        require(len(skus) == len(set(skus)), "a SKU appears twice in a batch", field="lines")

    @property
    def pairs(self) -> int:
        return sum(ln.quantity for ln in self.lines)

    def move_to(self, status: BatchStatus) -> None:
        status = BatchStatus(status)
        require(
            status in _NEXT[self.status],
            f"a {self.status.value} batch cannot become {status.value}",
            field="status",
        )
        self.status = status


@dataclass(frozen=True, slots=True)
class WorkOrder:
    """Pairs of one SKU of a batch going through one operation (a bundle when split)."""

    batch_code: str
    variant: Variant
    operation: Operation
    pairs: int
    bundle: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "operation", Operation(self.operation))
        require(self.pairs > 0, "a work order needs pairs", field="pairs")
        require(self.bundle >= 1, "bundle numbers start at 1", field="bundle")


@dataclass(frozen=True, slots=True)
class Pair:
    """One finished pair, serialised so it can be traced to its batch, hides and makers."""

    serial: str
    batch_code: str
    variant: Variant
    hide_codes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        require(bool(self.serial.strip()), "a pair needs a serial", field="serial")


@dataclass(frozen=True, slots=True)
class OperationRecord:
    """Who did an operation on which pair (or bundle), and when."""

    batch_code: str
    operation: Operation
    artisan_code: str
    started: datetime
    finished: datetime
    pair_serials: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "operation", Operation(self.operation))
        require(
            self.finished >= self.started,
            "an operation cannot finish before it starts",
            field="finished",
        )


class Severity(StrEnum):
    CRITICAL = "critical"
    MAJOR = "major"
    MINOR = "minor"


class DefectFamily(StrEnum):
    UPPER = "upper"
    STITCHING = "stitching"
    LASTING = "lasting"
    BONDING = "bonding"
    FINISHING = "finishing"
    SIZING = "sizing"
    PACKAGING = "packaging"


@dataclass(frozen=True, slots=True)
class Defect:
    """A defect found: its family, code in the taxonomy, severity and how many."""

    family: DefectFamily
    code: str
    severity: Severity
    count: int = 1
    pair_serial: str | None = None
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "family", DefectFamily(self.family))
        object.__setattr__(self, "severity", Severity(self.severity))
        require(self.count >= 1, "a defect count is at least 1", field="count")


class InspectionResult(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    PENDING = "pending"


@dataclass(frozen=True, slots=True)
class Inspection:
    """An inspection at an operation or of a finished lot: sample, defects, decision."""

    batch_code: str
    operation: Operation
    inspector: str
    day: date
    lot_size: int
    sample_size: int
    defects: tuple[Defect, ...] = ()
    result: InspectionResult = InspectionResult.PENDING

    def __post_init__(self) -> None:
        object.__setattr__(self, "operation", Operation(self.operation))
        object.__setattr__(self, "result", InspectionResult(self.result))
        require(self.lot_size >= 1, "a lot has at least one pair", field="lot_size")
        require(
            1 <= self.sample_size <= self.lot_size,
            "sample must be 1..lot size",
            field="sample_size",
        )
