"""Schedule a stored batch on the workshop's artisans and machines, repair it, print it.

``schedule_batch`` reads the batch, its styles, the artisans, the open pre-orders of its SKUs
and the workshop's scheduling settings (machines, humane rules, bundle size, open days: the
``workshop-settings/schedule`` document, California defaults when absent), asks
:mod:`cordwain.schedule` for a humane schedule, and stores it as the ``schedule`` document of
the batch plus the batch's work orders (one per SKU × operation × bundle). ``repair_schedule``
re-plans a stored schedule after an absence or a machine breakdown and says what changed for
whom. ``day_sheet`` and ``gantt`` print a stored schedule. The caller commits: a schedule is
stored whole or not at all, and a batch that cannot be scheduled stores nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from cordwain import schedule as sch
from cordwain.domain import (
    Batch,
    BatchStatus,
    DomainError,
    Operation,
    PreOrderStatus,
    WorkOrder,
)
from cordwain.domain.people import WEEKDAYS
from cordwain.store import SqlUnitOfWork

from .errors import ServiceError
from .workshop import Progress, _quiet, with_clock

SCHEDULE_DOCUMENT = "schedule"
SETTINGS_DOCUMENT = ("workshop-settings", "schedule")
#: A stored batch in one of these states may be scheduled from scratch.
SCHEDULABLE = (BatchStatus.PLANNED, BatchStatus.RELEASED)
#: A stored schedule of a batch in one of these states may be repaired.
REPAIRABLE = (BatchStatus.PLANNED, BatchStatus.RELEASED, BatchStatus.IN_PROGRESS)

DEFAULT_MACHINES: tuple[sch.Machine, ...] = (
    sch.Machine("SEW", "sewing posts", ("closing",), 2),
    sch.Machine("SKV", "skiving machine", ("skiving",), 1),
)

T = TypeVar("T")


# -- settings ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ScheduleSettings:
    """How the workshop schedules: machines, humane rules, bundle size and open days.

    ``open_days``: weekdays the workshop is open (an artisan works the open days of their own
    shift); ``closed_on``: holidays. Defaults: 2 sewing posts for closing, 1 skiving machine,
    California rules, bundles of 6 pairs, open Monday to Friday.
    """

    machines: tuple[sch.Machine, ...] = DEFAULT_MACHINES
    rules: sch.HumaneRules = sch.CALIFORNIA
    bundle_size: int = 6
    open_days: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")
    closed_on: tuple[date, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "machines": [_machine_dict(m) for m in self.machines],
            "rules": asdict(self.rules),
            "bundle_size": self.bundle_size,
            "open_days": list(self.open_days),
            "closed_on": [d.isoformat() for d in self.closed_on],
        }


def _machine_dict(m: sch.Machine) -> dict[str, Any]:
    return {
        "code": m.code,
        "name": m.name,
        "operations": [op.value for op in m.operations],
        "capacity": m.capacity,
    }


def _machines_from(rows: Sequence[dict[str, Any]], where: str) -> tuple[sch.Machine, ...]:
    out = []
    for i, row in enumerate(rows):
        try:
            out.append(
                sch.Machine(
                    str(row["code"]),
                    str(row.get("name") or row["code"]),
                    tuple(row["operations"]),
                    int(row.get("capacity", 1)),
                )
            )
        except KeyError as exc:
            raise ServiceError(f"{where}: machines[{i}] lacks the field {exc.args[0]}") from exc
        except ValueError as exc:
            raise ServiceError(f"{where}: machines[{i}]: {exc}") from exc
    return tuple(out)


def _rules_from(body: dict[str, Any], where: str) -> sch.HumaneRules:
    known = {f.name for f in fields(sch.HumaneRules)}
    unknown = sorted(set(body) - known)
    if unknown:
        raise ServiceError(
            f"{where}: unknown rule {unknown[0]!r}; the rules are {', '.join(sorted(known))}"
        )
    try:
        return sch.HumaneRules(**body)
    except (TypeError, ValueError) as exc:
        raise ServiceError(f"{where}: {exc}") from exc


def schedule_settings(uow: SqlUnitOfWork) -> ScheduleSettings:
    """The workshop's scheduling settings (the defaults when none were saved)."""
    body = uow.documents.get(*SETTINGS_DOCUMENT)
    if body is None:
        return ScheduleSettings()
    where = "/".join(SETTINGS_DOCUMENT)
    default = ScheduleSettings()
    machines = _machines_from(body["machines"], where) if "machines" in body else default.machines
    rules = _rules_from(body["rules"], where) if "rules" in body else default.rules
    days = tuple(str(d).strip().lower()[:3] for d in body.get("open_days", default.open_days))
    bad = [d for d in days if d not in WEEKDAYS]
    if bad:
        raise ServiceError(f"{where}: open_days: unknown weekday {bad[0]!r}")
    try:
        closed = tuple(date.fromisoformat(str(d)) for d in body.get("closed_on", ()))
    except ValueError as exc:
        raise ServiceError(f"{where}: closed_on: {exc}") from exc
    size = body.get("bundle_size", default.bundle_size)
    if not isinstance(size, int) or size < 1:
        raise ServiceError(f"{where}: bundle_size must be a whole number >= 1, got {size!r}")
    return ScheduleSettings(machines, rules, size, days, closed)


def save_schedule_settings(uow: SqlUnitOfWork, settings: ScheduleSettings) -> None:
    """Keep the workshop's scheduling settings (no commit)."""
    uow.documents.put(*SETTINGS_DOCUMENT, settings.as_dict())


# -- reports ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class ScheduleReport:
    """A stored schedule as people read it (``as_dict`` for scripts)."""

    batch_code: str
    status: str
    method: str
    start: datetime
    working_days: list[date]
    pairs: int
    tasks: int
    makespan_minutes: int | None
    completion: datetime | None
    bound: int | None
    gap: float | None
    runtime: float
    tardiness_minutes: int
    overtime_minutes: int
    overtime_cost: float
    jain_index: float | None
    work_orders: int
    loads: list[dict[str, Any]] = field(default_factory=list)
    promises: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)

    @property
    def late_preorders(self) -> list[dict[str, Any]]:
        return [p for p in self.promises if p["late"]]

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["start"] = self.start.isoformat()
        out["completion"] = self.completion.isoformat() if self.completion else None
        out["working_days"] = [d.isoformat() for d in self.working_days]
        out["late_preorders"] = self.late_preorders
        return out


@dataclass(frozen=True)
class RepairReport:
    """A repaired schedule and what changed for whom.

    ``changes``: every task whose artisan or start moved (before and after). ``by_artisan``:
    per artisan, tasks ``kept`` as they were, ``lost`` to someone else, ``gained`` from
    someone else and ``moved`` in time.
    """

    schedule: ScheduleReport
    event: str
    changes: list[dict[str, Any]]
    by_artisan: dict[str, dict[str, int]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "event": self.event,
            "changed": len(self.changes),
            "by_artisan": self.by_artisan,
            "changes": self.changes,
            "schedule": self.schedule.as_dict(),
        }


# -- serialisation of a schedule -------------------------------------------------------------
def _iso(moment: datetime | date | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _body(
    problem: sch.ScheduleProblem,
    result: sch.ScheduleResult,
    settings: ScheduleSettings,
    history: list[dict[str, Any]],
) -> dict[str, Any]:
    return {
        "batch": problem.batch.code,
        "status": result.status,
        "method": result.method,
        "objective": result.objective,
        "bound": result.bound,
        "gap": result.gap,
        "runtime": result.runtime,
        "makespan_minutes": result.makespan_minutes,
        "completion": _iso(result.completion),
        "tardiness_minutes": result.tardiness_minutes,
        "overtime_minutes": result.overtime_minutes,
        "overtime_cost": result.overtime_cost,
        "jain_index": result.jain_index,
        "problem": {
            "start": problem.start.isoformat(),
            "working_days": [d.isoformat() for d in problem.working_days],
            "bundle_size": problem.bundle_size,
            "machines": [_machine_dict(m) for m in problem.machines],
            "rules": asdict(problem.rules),
            "open_days": list(settings.open_days),
            "closed_on": [d.isoformat() for d in settings.closed_on],
            "absences": [
                {"artisan": a.artisan_code, "start": _iso(a.start), "end": _iso(a.end),
                 "reason": a.reason}
                for a in problem.absences
            ],
            "downtimes": [
                {"machine": d.machine_code, "start": _iso(d.start), "end": _iso(d.end),
                 "units": d.units, "reason": d.reason}
                for d in problem.downtimes
            ],
        },  # fmt: skip
        "assignments": [
            {"task": a.task, "artisan": a.artisan_code, "operation": a.operation.value,
             "sku": a.sku, "bundle": a.bundle, "pairs": a.pairs, "start": a.start.isoformat(),
             "end": a.end.isoformat(), "start_minute": a.start_minute,
             "end_minute": a.end_minute, "minutes": a.minutes, "overtime": a.overtime}
            for a in result.assignments
        ],
        "breaks": [
            {"artisan": b.artisan_code, "day": b.day.isoformat(), "kind": b.kind,
             "start": b.start.isoformat(), "end": b.end.isoformat(),
             "start_minute": b.start_minute, "end_minute": b.end_minute, "paid": b.paid}
            for b in result.breaks
        ],
        "loads": [
            {"artisan": x.artisan_code, "name": x.name, "minutes": x.minutes,
             "overtime_minutes": x.overtime_minutes, "contract_minutes": x.contract_minutes,
             "utilisation": x.utilisation, "overtime_cost": x.overtime_cost}
            for x in result.loads
        ],
        "promises": [
            {"reference": p.reference, "sku": p.sku, "quantity": p.quantity,
             "promised_by": p.promised_by.isoformat(), "expected": _iso(p.expected),
             "late": p.late, "minutes_late": p.minutes_late, "note": p.note}
            for p in result.promises
        ],
        "late_preorders": [p.reference for p in result.late_promises],
        "tasks": [
            {"key": t.key, "sku": t.sku, "style": t.style_code, "bundle": t.bundle,
             "position": t.position, "operation": t.operation.value, "pairs": t.pairs,
             "lag_after": t.lag_after}
            for t in result.tasks
        ],
        "stages": [{str(k): _plain(v) for k, v in s.items()} for s in result.stages],
        "notes": [e.message for e in result.explanations if not e.blocking],
        "history": history,
    }  # fmt: skip


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else None
    return str(value)


def _result_from(body: dict[str, Any]) -> sch.ScheduleResult:
    dt = datetime.fromisoformat
    return sch.ScheduleResult(
        status=body["status"], method=body["method"], objective=body["objective"],
        bound=body["bound"], gap=body["gap"], runtime=body["runtime"],
        start=dt(body["problem"]["start"]),
        assignments=tuple(
            sch.Assignment(a["task"], a["sku"], a["bundle"], Operation(a["operation"]),
                           a["pairs"], a["artisan"], dt(a["start"]), dt(a["end"]),
                           a["start_minute"], a["end_minute"], a["overtime"])
            for a in body["assignments"]
        ),
        breaks=tuple(
            sch.BreakSlot(b["artisan"], date.fromisoformat(b["day"]), b["kind"], dt(b["start"]),
                          dt(b["end"]), b["start_minute"], b["end_minute"], b["paid"])
            for b in body["breaks"]
        ),
        promises=tuple(
            sch.PromiseOutcome(p["reference"], p["sku"], p["quantity"],
                               date.fromisoformat(p["promised_by"]),
                               dt(p["expected"]) if p["expected"] else None, p["late"],
                               p["minutes_late"], p["note"])
            for p in body["promises"]
        ),
        loads=tuple(
            sch.ArtisanLoad(x["artisan"], x["name"], x["minutes"], x["overtime_minutes"],
                            x["contract_minutes"], x["utilisation"], x["overtime_cost"])
            for x in body["loads"]
        ),
        jain_index=body["jain_index"], makespan_minutes=body["makespan_minutes"],
        tardiness_minutes=body["tardiness_minutes"], overtime_minutes=body["overtime_minutes"],
        overtime_cost=body["overtime_cost"], stages=tuple(body["stages"]),
        tasks=tuple(
            sch.Task(t["key"], t["sku"], t["style"], t["bundle"], t["position"],
                     Operation(t["operation"]), t["pairs"], t["lag_after"])
            for t in body["tasks"]
        ),
    )  # fmt: skip


def _report(body: dict[str, Any], work_orders: int) -> ScheduleReport:
    p = body["problem"]
    completion = body.get("completion")
    return ScheduleReport(
        batch_code=body["batch"],
        status=body["status"],
        method=body["method"],
        start=datetime.fromisoformat(p["start"]),
        working_days=[date.fromisoformat(d) for d in p["working_days"]],
        pairs=sum(t["pairs"] for t in body["tasks"] if t["position"] == 0),
        tasks=len(body["assignments"]),
        makespan_minutes=body["makespan_minutes"],
        completion=datetime.fromisoformat(completion) if completion else None,
        bound=body["bound"],
        gap=body["gap"],
        runtime=body["runtime"],
        tardiness_minutes=body["tardiness_minutes"],
        overtime_minutes=body["overtime_minutes"],
        overtime_cost=body["overtime_cost"],
        jain_index=body["jain_index"],
        work_orders=work_orders,
        loads=list(body["loads"]),
        promises=list(body["promises"]),
        notes=list(body.get("notes", [])),
    )


# -- reading the workshop --------------------------------------------------------------------
def _batch(uow: SqlUnitOfWork, batch_code: str, allowed: Sequence[BatchStatus], verb: str) -> Batch:
    batch = uow.batches.get(batch_code)
    if batch is None:
        known = ", ".join(b.code for b in uow.batches.list()[-5:]) or "none stored yet"
        raise ServiceError(f"No batch {batch_code} in the workshop (latest: {known})")
    if batch.status not in allowed:
        states = " or ".join(s.value for s in allowed)
        raise ServiceError(
            f"Batch {batch.code} is {batch.status.value}; only a {states} batch can be {verb}"
        )
    if batch.pairs == 0:
        raise ServiceError(f"Batch {batch.code} has no pairs to make")
    return batch


def _working_days(
    first: date, count: int, open_days: Sequence[str], closed: Sequence[date]
) -> list[date]:
    out: list[date] = []
    day = first
    # A week with no open day yields no days at all: the engine then says so in words.
    for _ in range(count * 7 + 7):
        if len(out) == count:
            break
        if WEEKDAYS[day.weekday()] in open_days and day not in closed:
            out.append(day)
        day += timedelta(days=1)
    return out


def _preorders_served(batch: Batch, open_orders) -> list:
    """The open pre-orders this batch answers for, by SKU in promise order.

    A pre-order none of the batch's pairs reach, promised late enough that the next batch of
    the same length could still make it, waits for that batch (as the planner decided): it is
    not this batch's late promise. One the batch cannot reach in time stays, and is flagged.
    """
    pairs = {ln.variant.sku: ln.quantity for ln in batch.lines}
    next_end = batch.end + (batch.end - batch.start + timedelta(days=1))
    served, used = [], defaultdict(int)
    for po in sorted(open_orders, key=lambda p: (p.promised_by, p.reference)):
        sku = po.variant.sku
        if sku not in pairs:
            continue
        reached = used[sku] < pairs[sku]
        used[sku] += po.quantity
        if reached or po.promised_by <= next_end:
            served.append(po)
    return served


def _problem(
    uow: SqlUnitOfWork,
    batch: Batch,
    *,
    start: datetime,
    working_days: Sequence[date],
    machines: Sequence[sch.Machine],
    rules: sch.HumaneRules,
    bundle_size: int,
    absences: Sequence[sch.Absence] = (),
    downtimes: Sequence[sch.MachineDown] = (),
) -> sch.ScheduleProblem:
    styles = []
    for code in sorted({ln.variant.style_code for ln in batch.lines}):
        style = uow.styles.get(code)
        if style is None:
            raise ServiceError(f"Batch {batch.code} needs style {code}, which is not stored")
        styles.append(style)
    artisans = uow.artisans.list()
    if not artisans:
        raise ServiceError("The workshop has no artisans: import them before scheduling")
    pre_orders = _preorders_served(batch, uow.preorders.list(PreOrderStatus.OPEN))
    try:
        return sch.ScheduleProblem(
            batch=batch, styles=styles, artisans=artisans, start=start,
            working_days=working_days, machines=machines, pre_orders=pre_orders, rules=rules,
            bundle_size=bundle_size, absences=absences, downtimes=downtimes,
        )  # fmt: skip
    except (ValueError, DomainError) as exc:
        raise ServiceError(f"Batch {batch.code} cannot be scheduled as asked: {exc}") from exc


def _stored(uow: SqlUnitOfWork, batch_code: str) -> dict[str, Any]:
    body = uow.documents.get(SCHEDULE_DOCUMENT, batch_code)
    if body is None:
        raise ServiceError(
            f"Batch {batch_code} has no schedule yet: run `cordwain schedule run {batch_code}`"
        )
    return body


def _load(
    uow: SqlUnitOfWork, batch_code: str, allowed: Sequence[BatchStatus] = tuple(BatchStatus)
) -> tuple[sch.ScheduleProblem, sch.ScheduleResult, dict[str, Any], ScheduleSettings]:
    """The stored schedule with the problem it solved (batch, styles, artisans re-read)."""
    body = _stored(uow, batch_code)
    batch = _batch(uow, batch_code, allowed, "repaired")
    p = body["problem"]
    where = f"{SCHEDULE_DOCUMENT}/{batch_code}"
    settings = ScheduleSettings(
        machines=_machines_from(p["machines"], where),
        rules=_rules_from(p["rules"], where),
        bundle_size=p["bundle_size"],
        open_days=tuple(p.get("open_days", ScheduleSettings().open_days)),
        closed_on=tuple(date.fromisoformat(d) for d in p.get("closed_on", [])),
    )
    opt = lambda v: datetime.fromisoformat(v) if v else None  # noqa: E731
    problem = _problem(
        uow, batch, start=datetime.fromisoformat(p["start"]),
        working_days=[date.fromisoformat(d) for d in p["working_days"]],
        machines=settings.machines, rules=settings.rules, bundle_size=settings.bundle_size,
        absences=[sch.Absence(a["artisan"], opt(a["start"]), opt(a["end"]), a["reason"])
                  for a in p["absences"]],
        downtimes=[sch.MachineDown(d["machine"], opt(d["start"]), opt(d["end"]), d["units"],
                                   d["reason"]) for d in p["downtimes"]],
    )  # fmt: skip
    return problem, _result_from(body), body, settings


def _solving(run: Callable[[], T], label: str, limit: float, progress: Progress) -> T:
    return with_clock(run, label, limit, progress)


def _refuse(batch_code: str, result: sch.ScheduleResult, what: str) -> ServiceError:
    if result.violations:
        lines = [f"- {v.message}" for v in result.violations[:10]]
        return ServiceError(
            f"{what} for batch {batch_code} broke a hard rule and was not stored:\n"
            + "\n".join(lines)
        )
    reasons = [e.message for e in result.explanations if e.blocking] or [
        e.message for e in result.explanations
    ]
    if not reasons:
        reasons = [
            f"no schedule was found within the time limit ({result.runtime:.0f} s): "
            "allow more time or more working days"
        ]
    return ServiceError(
        f"Batch {batch_code} cannot be scheduled:\n" + "\n".join(f"- {r}" for r in reasons)
    )


def _work_orders(batch: Batch, result: sch.ScheduleResult) -> list[WorkOrder]:
    variants = {ln.variant.sku: ln.variant for ln in batch.lines}
    return [
        WorkOrder(batch.code, variants[t.sku], t.operation, t.pairs, t.bundle)
        for t in sorted(result.tasks, key=lambda t: (t.sku, t.position, t.bundle))
    ]


def _keep(
    uow: SqlUnitOfWork,
    problem: sch.ScheduleProblem,
    result: sch.ScheduleResult,
    settings: ScheduleSettings,
    history: list[dict[str, Any]],
) -> ScheduleReport:
    body = _body(problem, result, settings, history)
    uow.documents.put(SCHEDULE_DOCUMENT, problem.batch.code, body)
    orders = _work_orders(problem.batch, result)
    uow.work_orders.replace(problem.batch.code, orders)
    return _report(body, len(orders))


# -- use cases --------------------------------------------------------------------------------
def schedule_batch(
    uow: SqlUnitOfWork,
    batch_code: str,
    *,
    start: datetime | None = None,
    days: int | None = None,
    time_limit: float = 60.0,
    seed: int = 0,
    machines: Sequence[sch.Machine] | None = None,
    rules: sch.HumaneRules | None = None,
    bundle_size: int | None = None,
    progress: Progress = _quiet,
) -> ScheduleReport:
    """Schedule a planned or released batch over ``days`` working days from ``start``
    (default: the open days of the batch's own window, at least one).

    ``start`` defaults to the batch's first day at the earliest shift start (each artisan
    starts at their own shift). ``machines``/``rules``/``bundle_size`` override the
    workshop's settings. Stores the ``schedule`` document and the work orders of the batch
    (no commit); raises :class:`ServiceError` with plain-language reasons when no schedule
    is possible, storing nothing.
    """
    if days is not None and days < 1:
        raise ServiceError(f"days must be at least 1, got {days}")
    if time_limit <= 0:
        raise ServiceError(f"time limit must be positive, got {time_limit}")
    progress("reading the workshop", 0, 100)
    batch = _batch(uow, batch_code, SCHEDULABLE, "scheduled")
    settings = schedule_settings(uow)
    if machines is not None:
        settings = replace(settings, machines=tuple(machines))
    if rules is not None:
        settings = replace(settings, rules=rules)
    if bundle_size is not None:
        if bundle_size < 1:
            raise ServiceError(f"bundle size must be at least 1 pair, got {bundle_size}")
        settings = replace(settings, bundle_size=bundle_size)
    if start is None:
        # The first shift of the batch's first day, so the makespan reads as working time.
        shifts = [a.shift.start for a in uow.artisans.list()]
        start = datetime.combine(batch.start, min(shifts, default=datetime.min.time()))
    start = start.replace(second=0, microsecond=0, tzinfo=None)
    if days is None:
        window = [
            start.date() + timedelta(days=k) for k in range((batch.end - start.date()).days + 1)
        ]
        days = max(1, sum(1 for d in window if WEEKDAYS[d.weekday()] in settings.open_days
                          and d not in settings.closed_on))  # fmt: skip
    working = _working_days(start.date(), days, settings.open_days, settings.closed_on)
    problem = _problem(
        uow, batch, start=start, working_days=working, machines=settings.machines,
        rules=settings.rules, bundle_size=settings.bundle_size,
    )  # fmt: skip
    result = _solving(
        lambda: sch.solve(problem, time_limit=time_limit, seed=seed),
        "solving", time_limit, progress,
    )  # fmt: skip
    if not result.feasible or result.violations:
        raise _refuse(batch.code, result, "The schedule")
    progress("storing the schedule", 97, 100)
    history = [{"event": "scheduled", "at": datetime.now().isoformat(timespec="seconds"),
                "method": result.method, "status": result.status}]  # fmt: skip
    report = _keep(uow, problem, result, settings, history)
    progress("done", 100, 100)
    return report


def drop_schedule(uow: SqlUnitOfWork, batch_code: str) -> bool:
    """Forget a batch's schedule and its work orders (the batch was planned again with other
    quantities, so they no longer match). Returns whether there was one. No commit."""
    had = uow.documents.get(SCHEDULE_DOCUMENT, batch_code) is not None
    if had:
        uow.documents.delete(SCHEDULE_DOCUMENT, batch_code)
    orders = bool(uow.work_orders.list(batch_code))
    if orders:
        uow.work_orders.replace(batch_code, [])
    return had or orders


def stored_schedule(uow: SqlUnitOfWork, batch_code: str) -> ScheduleReport:
    """The schedule last stored for a batch, re-checked against every hard rule.

    ``violations`` lists what the stored schedule now breaks (for instance after an
    artisan's shift or skills were changed since it was made); empty when it still holds.
    """
    problem, result, body, _ = _load(uow, batch_code)
    broken = sch.validate(problem, result.assignments, result.breaks)
    report = _report(body, len(uow.work_orders.list(batch_code)))
    return replace(report, violations=[v.message for v in broken])


def repair_schedule(
    uow: SqlUnitOfWork,
    batch_code: str,
    *,
    absent: str | None = None,
    machine_down: str | None = None,
    from_: datetime,
    until: datetime | None = None,
    time_limit: float = 20.0,
    seed: int = 0,
    progress: Progress = _quiet,
) -> RepairReport:
    """Re-plan a stored schedule after an absence (``absent``) or a breakdown
    (``machine_down``) from ``from_`` (until ``until``, or the end of the schedule).

    Work started before ``from_`` stays; others keep their tasks where possible. Stores the
    repaired schedule and work orders (no commit) and reports what changed for whom.
    """
    if (absent is None) == (machine_down is None):
        raise ServiceError("Say what happened: either an absent artisan or a machine down")
    if until is not None and until <= from_:
        raise ServiceError(f"the end ({until:%Y-%m-%d %H:%M}) must come after the start")
    progress("reading the stored schedule", 0, 100)
    problem, previous, body, settings = _load(uow, batch_code, REPAIRABLE)
    from_ = from_.replace(second=0, microsecond=0, tzinfo=None)
    event: sch.Absence | sch.MachineDown
    if absent is not None:
        if absent not in problem.artisan_by_code:
            known = ", ".join(a.code for a in problem.artisans)
            raise ServiceError(f"No artisan {absent} in the workshop (artisans: {known})")
        event = sch.Absence(absent, from_, until)
        label = f"{absent} absent from {from_:%a %d %b %H:%M}"
    else:
        codes = [m.code for m in problem.machines]
        if machine_down not in codes:
            raise ServiceError(
                f"No machine {machine_down} in the schedule (machines: {', '.join(codes)})"
            )
        event = sch.MachineDown(str(machine_down), from_, until)
        label = f"machine {machine_down} down from {from_:%a %d %b %H:%M}"
    if until is not None:
        label += f" until {until:%a %d %b %H:%M}"
    try:
        result = _solving(
            lambda: sch.repair(problem, previous, event, time_limit=time_limit, seed=seed),
            "repairing", time_limit, progress,
        )  # fmt: skip
    except ValueError as exc:
        raise ServiceError(f"The schedule of batch {batch_code} cannot be repaired: {exc}") from exc
    if not result.feasible or result.violations:
        raise _refuse(batch_code, result, "The repaired schedule")
    if isinstance(event, sch.Absence):
        repaired = replace(problem, absences=(*problem.absences, event))
    else:
        repaired = replace(problem, downtimes=(*problem.downtimes, event))
    progress("storing the schedule", 97, 100)
    changes, by_artisan = _changes(previous, result)
    step = {"event": label, "at": datetime.now().isoformat(timespec="seconds"),
            "method": result.method, "status": result.status, "changed": len(changes)}  # fmt: skip
    history = [*body.get("history", []), step]
    report = _keep(uow, repaired, result, settings, history)
    progress("done", 100, 100)
    return RepairReport(report, label, changes, by_artisan)


def _changes(
    before: sch.ScheduleResult, after: sch.ScheduleResult
) -> tuple[list[dict[str, Any]], dict[str, dict[str, int]]]:
    old = {a.task: a for a in before.assignments}
    moved = set(sch.changed_assignments(before, after))
    people = sorted({a.artisan_code for a in before.assignments + after.assignments})
    tally = {c: {"kept": 0, "lost": 0, "gained": 0, "moved": 0} for c in people}
    changes = []
    for a in after.assignments:
        b = old.get(a.task)
        if a.task not in moved or b is None:
            tally[a.artisan_code]["kept"] += 1
            continue
        if b.artisan_code == a.artisan_code:
            tally[a.artisan_code]["moved"] += 1
        else:
            tally[b.artisan_code]["lost"] += 1
            tally[a.artisan_code]["gained"] += 1
        changes.append(
            {"task": a.task, "sku": a.sku, "bundle": a.bundle, "operation": a.operation.value,
             "pairs": a.pairs, "before_artisan": b.artisan_code,
             "before_start": b.start.isoformat(), "after_artisan": a.artisan_code,
             "after_start": a.start.isoformat()}
        )  # fmt: skip
    changes.sort(key=lambda c: (c["before_artisan"], c["before_start"]))
    return changes, tally


def day_sheet(
    uow: SqlUnitOfWork, batch_code: str, artisan_code: str, day: date, *, html: bool = False
) -> str:
    """An artisan's printable day sheet of a stored schedule (plain text, or an HTML page)."""
    problem, result, _, _ = _load(uow, batch_code)
    if artisan_code not in problem.artisan_by_code:
        known = ", ".join(a.code for a in problem.artisans)
        raise ServiceError(f"No artisan {artisan_code} in the workshop (artisans: {known})")
    make = sch.day_sheet_html if html else sch.day_sheet_text
    return make(problem, result, artisan_code, day)


def gantt(uow: SqlUnitOfWork, batch_code: str, by: str = "artisan") -> str:
    """The Gantt chart (SVG) of a stored schedule, one row per artisan or machine post."""
    if by not in ("artisan", "machine"):
        raise ServiceError(f"A Gantt chart is drawn by artisan or by machine, not {by!r}")
    problem, result, _, _ = _load(uow, batch_code)
    return sch.gantt_svg(problem, result, by=by)


def solve_jobshop_file(
    path: str | Path, *, time_limit: float = 60.0, seed: int = 0
) -> dict[str, Any]:
    """Solve a classic job-shop instance file (the scheduling engine's yardstick)."""
    try:
        shop = sch.read_jobshop(path)
    except (OSError, ValueError) as exc:
        raise ServiceError(str(exc)) from exc
    res = sch.solve_jobshop(shop, time_limit=time_limit, seed=seed)
    return {
        "instance": shop.name,
        "makespan": res.makespan,
        "lower_bound": res.bound,
        "status": res.status,
        "seconds": round(res.runtime, 3),
    }


def _safe_name(text: str) -> str:
    # Artisan codes come from the workshop's data: keep file names to a safe alphabet.
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text) or "x"


def write_schedule_html(uow: SqlUnitOfWork, batch_code: str, directory: Path | str) -> Path:
    """Write a stored schedule as pages to print or share: ``index.html`` with the summary,
    the Gantt charts (per artisan and per machine) and the late pre-orders, plus one
    printable day sheet per artisan and working day. Returns the index's path."""
    import html as _html

    problem, result, body, _ = _load(uow, batch_code)
    report = _report(body, len(uow.work_orders.list(batch_code)))
    out = Path(directory)
    sheets_dir = out / "day-sheets"
    sheets_dir.mkdir(parents=True, exist_ok=True)
    (out / "gantt-artisans.svg").write_text(sch.gantt_svg(problem, result, by="artisan"))
    (out / "gantt-machines.svg").write_text(sch.gantt_svg(problem, result, by="machine"))
    busy: dict[str, set[date]] = {}
    for a in result.assignments:
        busy.setdefault(a.artisan_code, set()).add(a.start.date())
    links = []
    for art in problem.artisans:
        days = sorted(busy.get(art.code, ()))
        cells = []
        for day in days:
            name = f"{_safe_name(art.code)}-{day.isoformat()}.html"
            (sheets_dir / name).write_text(sch.day_sheet_html(problem, result, art.code, day))
            cells.append(f'<a href="day-sheets/{name}">{day:%a %d %b}</a>')
        links.append(
            f"<tr><td>{_html.escape(art.code)}</td><td>{_html.escape(art.name)}</td>"
            f"<td>{' · '.join(cells) or 'no work in this batch'}</td></tr>"
        )
    e = _html.escape
    loads = "".join(
        f"<tr><td>{e(x['artisan'])}</td><td>{e(x['name'])}</td>"
        f"<td>{x['minutes'] / 60:.1f} h</td><td>{x['contract_minutes'] / 60:.1f} h</td>"
        f"<td>{x['utilisation']:.0%}</td><td>{x['overtime_minutes']} min</td></tr>"
        for x in report.loads
    )
    late = "".join(
        f"<tr><td>{e(p['reference'])}</td><td>{e(p['sku'])}</td><td>{p['quantity']}</td>"
        f"<td>{e(p['promised_by'])}</td><td>{e((p['expected'] or 'not in batch')[:16])}</td>"
        f"<td>{e(p['note'])}</td></tr>"
        for p in report.late_preorders
    )
    gap = f"{report.gap:.1%}" if report.gap is not None else "not proven"
    jain = f"{report.jain_index:.3f}" if report.jain_index is not None else "—"
    done = f"{report.completion:%a %d %b %H:%M}" if report.completion else "—"
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Schedule {e(report.batch_code)}</title>
<style>body{{font-family:system-ui,sans-serif;margin:1.5rem;max-width:1200px}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.25rem .5rem}}
.wide{{overflow-x:auto;border:1px solid #ddd}}.late{{color:#b00020}}</style></head><body>
<h1>Schedule of batch {e(report.batch_code)}</h1>
<p>{report.pairs} pairs, {report.tasks} tasks, from {report.start:%a %d %b %H:%M} over
{len(report.working_days)} working days. Last pair packed <b>{done}</b>;
makespan {(report.makespan_minutes or 0) / 60:.1f} h (gap to the proven bound {gap});
overtime {report.overtime_minutes} min; Jain fairness {jain}; status {e(report.status)}.</p>
<h2 class="late">Pre-orders that will be late ({len(report.late_preorders)})</h2>
<table><tr><th>pre-order</th><th>SKU</th><th>pairs</th><th>promised by</th><th>expected</th>
<th>note</th></tr>{late}</table>
<h2>Who does what, when</h2>
<div class="wide"><img src="gantt-artisans.svg" alt="Gantt chart per artisan"></div>
<h2>Machines</h2>
<div class="wide"><img src="gantt-machines.svg" alt="Gantt chart per machine"></div>
<h2>Load per artisan vs contract</h2>
<table><tr><th>artisan</th><th>name</th><th>scheduled</th><th>contract</th><th>load</th>
<th>overtime</th></tr>{loads}</table>
<h2>Day sheets (printable)</h2><table>{"".join(links)}</table>
</body></html>
"""
    index = out / "index.html"
    index.write_text(page, encoding="utf-8")
    return index
