"""What the scheduler is asked (ScheduleProblem) and what it answers (ScheduleResult).

Time inside the engine is whole minutes from the problem's ``start``; results carry both the
minute and the wall-clock datetime. A *task* is one bundle of pairs of one SKU at one
operation of its style's routing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from cordwain.domain import Artisan, Batch, Operation, PreOrder, Style

from .rules import HumaneRules


@dataclass(frozen=True, slots=True)
class Machine:
    """A cumulative resource: ``capacity`` posts shared by the listed operations."""

    code: str
    name: str
    operations: tuple[Operation, ...]
    capacity: int = 1

    def __post_init__(self) -> None:
        if not str(self.code).strip():
            raise ValueError("machine: code must not be empty")
        object.__setattr__(self, "operations", tuple(Operation(o) for o in self.operations))
        if not self.operations:
            raise ValueError(f"machine {self.code}: operations must list at least one operation")
        if self.capacity < 0:
            raise ValueError(f"machine {self.code}: capacity must be >= 0, got {self.capacity}")


@dataclass(frozen=True, slots=True)
class Absence:
    """An artisan who cannot work from ``start`` (until ``end``, or the end of the horizon)."""

    artisan_code: str
    start: datetime
    end: datetime | None = None
    reason: str = "absent"


@dataclass(frozen=True, slots=True)
class MachineDown:
    """A machine out of service from ``start`` (until ``end``); ``units`` posts lost (all)."""

    machine_code: str
    start: datetime
    end: datetime | None = None
    units: int | None = None
    reason: str = "breakdown"


@dataclass(frozen=True, slots=True)
class Task:
    """One bundle of pairs of one SKU at one operation (engine-internal, but readable)."""

    key: str
    sku: str
    style_code: str
    bundle: int
    position: int  # index in the style's routing
    operation: Operation
    pairs: int
    lag_after: int  # elapsed minutes before the next operation may start (drying)

    def minutes_for(self, artisan: Artisan) -> int | None:
        rate = artisan.skills.get(self.operation)
        if rate is None:
            return None
        return max(1, math.ceil(self.pairs * rate - 1e-9))


@dataclass(slots=True)
class ScheduleProblem:
    """A batch to schedule on the workshop's artisans and machines.

    ``working_days``: the workshop calendar (an artisan works a day if it is listed here and
    its weekday is in the artisan's shift). ``bundle_size``: pairs moved together between
    operations (lot splitting), reduced per style when a bundle would not fit between breaks.
    """

    batch: Batch
    styles: Sequence[Style]
    artisans: Sequence[Artisan]
    start: datetime
    working_days: Sequence[date]
    machines: Sequence[Machine] = ()
    pre_orders: Sequence[PreOrder] = ()
    rules: HumaneRules = field(default_factory=HumaneRules)
    bundle_size: int = 6
    absences: Sequence[Absence] = ()
    downtimes: Sequence[MachineDown] = ()

    def __post_init__(self) -> None:
        self.styles = tuple(self.styles)
        self.artisans = tuple(self.artisans)
        self.machines = tuple(self.machines)
        self.pre_orders = tuple(self.pre_orders)
        self.absences = tuple(self.absences)
        self.downtimes = tuple(self.downtimes)
        self.working_days = tuple(sorted(set(self.working_days)))
        if self.bundle_size < 1:
            raise ValueError(f"ScheduleProblem.bundle_size must be >= 1, got {self.bundle_size}")
        codes = [a.code for a in self.artisans]
        dup = {c for c in codes if codes.count(c) > 1}
        if dup:
            raise ValueError(f"ScheduleProblem.artisans: code {sorted(dup)[0]} appears twice")
        mcodes = [m.code for m in self.machines]
        dup = {c for c in mcodes if mcodes.count(c) > 1}
        if dup:
            raise ValueError(f"ScheduleProblem.machines: code {sorted(dup)[0]} appears twice")
        styles = {s.code for s in self.styles}
        for i, line in enumerate(self.batch.lines):
            if line.variant.style_code not in styles:
                raise ValueError(
                    f"batch {self.batch.code} line {i + 1} ({line.variant.sku}): style "
                    f"{line.variant.style_code} is not among ScheduleProblem.styles"
                )
        for a in self.absences:
            if a.artisan_code not in codes:
                raise ValueError(f"absence: unknown artisan {a.artisan_code}")
        for d in self.downtimes:
            if d.machine_code not in mcodes:
                raise ValueError(f"machine down: unknown machine {d.machine_code}")
        if self.start.tzinfo is not None:
            raise ValueError("ScheduleProblem.start: use a naive local datetime (workshop time)")

    # -- derived views -------------------------------------------------------------------
    @property
    def style_by_code(self) -> dict[str, Style]:
        return {s.code: s for s in self.styles}

    @property
    def artisan_by_code(self) -> dict[str, Artisan]:
        return {a.code: a for a in self.artisans}

    def minute(self, moment: datetime) -> int:
        return int((moment - self.start).total_seconds() // 60)

    def moment(self, minute: int) -> datetime:
        return self.start + timedelta(minutes=int(minute))

    def due_minute(self, promised_by: date) -> int:
        """A promise "by" a date is kept when the pair is packed before that day ends."""
        return self.minute(datetime.combine(promised_by + timedelta(days=1), datetime.min.time()))

    @property
    def horizon(self) -> int:
        if not self.working_days:
            return 0
        return max(0, self.due_minute(self.working_days[-1]) + 24 * 60)


@dataclass(frozen=True, slots=True)
class Assignment:
    """Who does which bundle at which operation, and when."""

    task: str
    sku: str
    bundle: int
    operation: Operation
    pairs: int
    artisan_code: str
    start: datetime
    end: datetime
    start_minute: int
    end_minute: int
    overtime: bool = False

    @property
    def minutes(self) -> int:
        return self.end_minute - self.start_minute


@dataclass(frozen=True, slots=True)
class BreakSlot:
    """A meal or rest break of one artisan on one day (no task may overlap it)."""

    artisan_code: str
    day: date
    kind: str  # "meal" or "rest"
    start: datetime
    end: datetime
    start_minute: int
    end_minute: int
    paid: bool


@dataclass(frozen=True, slots=True)
class PromiseOutcome:
    """Expected completion of a pre-order; ``late`` when it would miss its promise."""

    reference: str
    sku: str
    quantity: int
    promised_by: date
    expected: datetime | None
    late: bool
    minutes_late: int
    note: str = ""


@dataclass(frozen=True, slots=True)
class ArtisanLoad:
    """Scheduled work of an artisan against the contracted hours over the same days."""

    artisan_code: str
    name: str
    minutes: int
    overtime_minutes: int
    contract_minutes: int
    utilisation: float
    overtime_cost: float


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a schedule is impossible (``blocking``) or a promise cannot be kept, in words."""

    rule: str
    subject: str
    message: str
    blocking: bool = True


@dataclass(frozen=True, slots=True)
class Violation:
    """A hard rule broken by a schedule, found by the independent validator."""

    rule: str
    subject: str
    message: str


@dataclass(frozen=True, slots=True)
class ScheduleResult:
    """A schedule with its quality figures.

    ``objective``/``bound``/``gap`` refer to the makespan stage (minutes from ``start``);
    ``stages`` holds every lexicographic stage (name, value, bound, status).
    """

    status: str  # optimal | feasible | infeasible | unknown
    method: str  # cp-sat | greedy | none
    objective: int | None
    bound: int | None
    gap: float | None
    runtime: float
    start: datetime
    assignments: tuple[Assignment, ...] = ()
    breaks: tuple[BreakSlot, ...] = ()
    promises: tuple[PromiseOutcome, ...] = ()
    loads: tuple[ArtisanLoad, ...] = ()
    jain_index: float | None = None
    makespan_minutes: int | None = None
    tardiness_minutes: int = 0
    overtime_minutes: int = 0
    overtime_cost: float = 0.0
    stages: tuple[Mapping[str, object], ...] = ()
    explanations: tuple[Explanation, ...] = ()
    violations: tuple[Violation, ...] = ()
    tasks: tuple[Task, ...] = ()

    @property
    def feasible(self) -> bool:
        return self.status in ("optimal", "feasible")

    @property
    def completion(self) -> datetime | None:
        if self.makespan_minutes is None:
            return None
        return self.start + timedelta(minutes=self.makespan_minutes)

    @property
    def late_promises(self) -> tuple[PromiseOutcome, ...]:
        return tuple(p for p in self.promises if p.late)
