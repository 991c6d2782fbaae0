"""``solve`` and ``repair``: presolve checks, greedy hint, CP-SAT lexicographic search,
validation, and the figures a workshop reads (promises, loads, fairness)."""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from dataclasses import replace

from .bottleneck import bottleneck_dispatch
from .bound import MakespanBound, makespan_lower_bound
from .calendar import (
    ArtisanDay,
    block_of,
    calendars,
    contract_minutes,
    expand_tasks,
    style_bundle_sizes,
)
from .cpsat import build, lexicographic
from .explain import explain
from .flow import balance, flow_dispatch
from .greedy import dispatch
from .problem import (
    Absence,
    ArtisanLoad,
    Assignment,
    BreakSlot,
    Explanation,
    MachineDown,
    PromiseOutcome,
    ScheduleProblem,
    ScheduleResult,
    Task,
)
from .validate import validate

Plan = dict[str, tuple[str, int, bool]]  # task key -> (artisan, start minute, overtime)


def jain_index(values: list[float]) -> float | None:
    """Jain's fairness index: 1 when all equal, 1/n when one carries everything."""
    if not values:
        return None
    sq = sum(v * v for v in values)
    return 1.0 if sq == 0 else sum(values) ** 2 / (len(values) * sq)


def _promise_groups(problem: ScheduleProblem, tasks: list[Task]):
    """Pre-orders of a SKU are served by its bundles in promise-date order."""
    last: dict[str, list[Task]] = defaultdict(list)
    depth: dict[tuple[str, int], int] = {}
    for t in tasks:
        depth[(t.sku, t.bundle)] = max(depth.get((t.sku, t.bundle), -1), t.position)
    for t in tasks:
        if depth[(t.sku, t.bundle)] == t.position:
            last[t.sku].append(t)
    groups, notes = [], {}
    by_sku: dict[str, list] = defaultdict(list)
    for po in problem.pre_orders:
        by_sku[po.variant.sku].append(po)
    for sku, pos in by_sku.items():
        bundles = sorted(last.get(sku, []), key=lambda t: t.bundle)
        edges, c = [], 0
        for t in bundles:
            edges.append((c, c + t.pairs, t.key))
            c += t.pairs
        q = 0
        for po in sorted(pos, key=lambda p: (p.promised_by, p.reference)):
            lo, hi = q, q + po.quantity
            q = hi
            keys = [k for a, b, k in edges if a < hi and b > lo]
            if hi > c:
                notes[po.reference] = f"only {max(0, c - lo)} of {po.quantity} pairs in this batch"
            groups.append((po, problem.due_minute(po.promised_by), keys))
    return groups, notes


def _sku_due(problem: ScheduleProblem) -> dict[str, int]:
    due: dict[str, int] = {}
    for po in problem.pre_orders:
        m = problem.due_minute(po.promised_by)
        due[po.variant.sku] = min(m, due.get(po.variant.sku, m))
    return due


def _rotation_breaches(problem, tasks_by_key, plan: Plan, cal) -> set:
    cap = problem.rules.max_same_operation_minutes
    if cap is None:
        return set()
    by_code = problem.artisan_by_code
    sums: dict[tuple, int] = defaultdict(int)
    for key, (code, s, _) in plan.items():
        t = tasks_by_key[key]
        day = next((d for d in cal[code] if d.shift_start <= s < d.day_end), None)
        if day is None:
            continue
        sums[(code, t.operation.value, block_of(day, s))] += t.minutes_for(by_code[code])
    return {k for k, v in sums.items() if v > cap}


def _trim(cal: dict[str, list[ArtisanDay]], until: int) -> dict[str, list[ArtisanDay]]:
    out = {}
    for code, days in cal.items():
        out[code] = [
            replace(
                d,
                normal=[(s, min(e, until)) for s, e in d.normal if s < until],
                overtime=[(s, min(e, until)) for s, e in d.overtime if s < until],
            )
            for d in days
        ]
    return out


def _assemble(
    problem: ScheduleProblem,
    tasks: list[Task],
    cal: dict[str, list[ArtisanDay]],
    plan: Plan,
    *,
    status: str,
    method: str,
    stages: list[dict],
    runtime: float,
    explanations: list[Explanation],
    lower_bound: int | None = None,
) -> ScheduleResult:
    by_code = problem.artisan_by_code
    rules = problem.rules
    assignments = []
    for t in tasks:
        code, s, ot = plan[t.key]
        e = s + t.minutes_for(by_code[code])
        assignments.append(
            Assignment(
                task=t.key, sku=t.sku, bundle=t.bundle, operation=t.operation, pairs=t.pairs,
                artisan_code=code, start=problem.moment(s), end=problem.moment(e),
                start_minute=s, end_minute=e, overtime=ot,
            )
        )  # fmt: skip
    assignments.sort(key=lambda a: (a.start_minute, a.artisan_code))
    worked = {(a.artisan_code, a.start.date()) for a in assignments}
    breaks = []
    for code, days in cal.items():
        for d in days:
            if (code, d.day) not in worked:
                continue
            for s, e, kind in d.breaks:
                breaks.append(
                    BreakSlot(code, d.day, kind, problem.moment(s), problem.moment(e), s, e,
                              paid=kind == "rest")
                )  # fmt: skip
    end_of = {a.task: a.end_minute for a in assignments}
    groups, notes = _promise_groups(problem, tasks)
    promises, tardiness = [], 0
    for po, due, keys in groups:
        if keys:
            c = max(end_of[k] for k in keys)
            late = max(0, c - due)
            tardiness += late
            promises.append(
                PromiseOutcome(po.reference, po.variant.sku, po.quantity, po.promised_by,
                               problem.moment(c), late > 0, late, notes.get(po.reference, ""))
            )  # fmt: skip
        else:
            promises.append(
                PromiseOutcome(po.reference, po.variant.sku, po.quantity, po.promised_by, None,
                               True, 0, notes.get(po.reference, "not in this batch"))
            )  # fmt: skip
    loads, ratios = [], []
    ot_total, ot_cost = 0, 0.0
    makespan = max((a.end_minute for a in assignments), default=0)
    for a in problem.artisans:
        mine = [x for x in assignments if x.artisan_code == a.code]
        minutes = sum(x.minutes for x in mine)
        ot = sum(x.minutes for x in mine if x.overtime)
        contract = contract_minutes(a, cal[a.code], makespan or None)
        cost = ot / 60 * a.hourly_rate * rules.overtime_premium
        ot_total += ot
        ot_cost += cost
        util = minutes / contract if contract else 0.0
        if contract:
            ratios.append(util)
        loads.append(
            ArtisanLoad(a.code, a.name, minutes, ot, contract, round(util, 4), round(cost, 2))
        )
    violations = validate(problem, assignments, breaks)
    mk_stage = next((s for s in stages if s.get("stage") == "makespan" and "value" in s), None)
    bound = mk_stage["bound"] if mk_stage else None
    if lower_bound is not None:
        bound = lower_bound if bound is None else max(bound, lower_bound)
    gap = (makespan - bound) / makespan if bound is not None and makespan else None
    if violations:
        status = "invalid"
    return ScheduleResult(
        status=status, method=method, objective=makespan, bound=bound,
        gap=None if gap is None else round(max(0.0, gap), 4), runtime=round(runtime, 3),
        start=problem.start, assignments=tuple(assignments), breaks=tuple(breaks),
        promises=tuple(promises), loads=tuple(loads), jain_index=jain_index(ratios),
        makespan_minutes=makespan, tardiness_minutes=tardiness, overtime_minutes=ot_total,
        overtime_cost=round(ot_cost, 2), stages=tuple(stages), explanations=tuple(explanations),
        violations=tuple(violations), tasks=tuple(tasks),
    )  # fmt: skip


def _canonical(plan: Plan, tasks: list[Task], fixed: dict) -> Plan:
    """Relabel interchangeable bundles (same SKU, same pairs) so that their first operation
    starts in bundle order, the symmetry the model imposes; the plan itself is unchanged."""
    chains: dict[tuple[str, int], list[Task]] = defaultdict(list)
    for t in tasks:
        chains[(t.sku, t.bundle)].append(t)
    groups: dict[tuple[str, int], list[list[Task]]] = defaultdict(list)
    for chain in chains.values():
        chain.sort(key=lambda t: t.position)
        if not any(t.key in fixed for t in chain):
            groups[(chain[0].sku, chain[0].pairs)].append(chain)
    out = dict(plan)
    for group in groups.values():
        slots = sorted(group, key=lambda c: c[0].bundle)
        by_start = sorted(group, key=lambda c: (plan[c[0].key][1], c[0].bundle))
        for target, source in zip(slots, by_start, strict=True):
            for tt, ts in zip(target, source, strict=True):
                out[tt.key] = plan[ts.key]
    return out


_LOG_ROUNDS = __import__("os").environ.get("CORDWAIN_SCHEDULE_ROUNDS")
_FLOW_RULES = [("pressure", 0), ("downstream", 0), ("fast-posts", 0)]
# Bottleneck bookings start this long after the first bundle could reach the machine, so the
# first bundles can be cut and prepared for them; the day patterns (and so the end of the run)
# shift with it, so a few are tried.
_PREPARE_OFFSETS = (60, 30, 90, 0, 120)


def _makespan(problem: ScheduleProblem, tasks: list[Task], plan: Plan) -> int:
    by_code = problem.artisan_by_code
    return max(s + t.minutes_for(by_code[plan[t.key][0]]) for t in tasks for s in [plan[t.key][1]])


def _loads_jain(problem: ScheduleProblem, tasks: list[Task], plan: Plan, cal) -> float:
    by_code = problem.artisan_by_code
    load: dict[str, int] = defaultdict(int)
    for t in tasks:
        code = plan[t.key][0]
        load[code] += t.minutes_for(by_code[code])
    ratios = []
    end = _makespan(problem, tasks, plan)
    for a in problem.artisans:
        contract = contract_minutes(a, cal[a.code], end)
        if contract:
            ratios.append(load[a.code] / contract)
    return jain_index(ratios) or 0.0


def _rank(problem, tasks, plan: Plan, groups, cal, allowed: int | None = None) -> tuple:
    """Lexicographic quality of a plan: promises and overtime, makespan, then fairness.

    ``allowed``: the makespan the workshop's slack allows; ends within it count as equal, so
    fairness decides between them, as in the solve."""
    end = _makespan(problem, tasks, plan)
    return (
        _stage1(problem, tasks, plan, groups),
        end if allowed is None else max(end, allowed),
        -round(_loads_jain(problem, tasks, plan, cal), 4),
    )


def _stage_value(name: str, problem, tasks, plan: Plan, groups) -> int | None:
    """A plan's value for a stage the engine can recompute (None for the others)."""
    if name == "promises_and_overtime":
        return _stage1(problem, tasks, plan, groups)
    if name == "makespan":
        return _makespan(problem, tasks, plan)
    return None


def _check(problem, tasks, cal, plan: Plan) -> list:
    res = _assemble(problem, tasks, cal, plan, status="feasible", method="greedy", stages=[],
                    runtime=0.0, explanations=[])  # fmt: skip
    return list(res.violations)


def _stage1(problem, tasks, plan: Plan, groups) -> int:
    by_code = problem.artisan_by_code
    tk = {t.key: t for t in tasks}
    end = {k: s + tk[k].minutes_for(by_code[c]) for k, (c, s, _) in plan.items()}
    tard = sum(max(0, max(end[k] for k in keys) - due) for _, due, keys in groups if keys)
    ot = sum(end[k] - s for k, (_, s, o) in plan.items() if o)
    return problem.rules.tardiness_weight * tard + ot


def _run(
    problem: ScheduleProblem,
    *,
    time_limit: float,
    seed: int,
    workers: int,
    fixed: dict | None = None,
    not_before: int = 0,
    reference: dict | None = None,
    order: list[str],
    tasks: list[Task] | None = None,
) -> ScheduleResult:
    t0 = time.perf_counter()
    cal = calendars(problem)
    explanations = explain(problem, cal)
    if any(e.blocking for e in explanations):
        return ScheduleResult(
            status="infeasible", method="none", objective=None, bound=None, gap=None,
            runtime=round(time.perf_counter() - t0, 3), start=problem.start,
            explanations=tuple(explanations),
        )  # fmt: skip
    if tasks is None:
        tasks = expand_tasks(problem, style_bundle_sizes(problem, cal))
    tasks_by_key = {t.key: t for t in tasks}
    groups, _ = _promise_groups(problem, tasks)
    mgroups = [(po.reference, due, keys) for po, due, keys in groups]
    due = _sku_due(problem)
    greedy = dispatch(problem, tasks, cal, due, fixed=fixed, not_before=not_before)
    hint: Plan | None = None
    fallback: Plan | None = None
    hint_label = "first-fit"
    model_cal = cal
    horizon = problem.horizon
    lower = None
    overtime = True
    if greedy is not None:
        fallback = _canonical({k: (p.artisan, p.start, p.overtime) for k, p in greedy.items()},
                              tasks, fixed or {})  # fmt: skip
        hint = fallback
        if reference is None:
            # The flow dispatcher under a few priority rules, then with random priorities
            # for a short while (its results vary a lot); the best valid plan leads.
            found = [(_rank(problem, tasks, hint, mgroups, cal), "first-fit", hint)]
            budget = min(0.1 * time_limit, 5.0)
            k = 0
            while k < len(_FLOW_RULES) or time.perf_counter() - t0 < budget:
                rule, sd = _FLOW_RULES[k] if k < len(_FLOW_RULES) else ("random", k)
                k += 1
                got = flow_dispatch(problem, tasks, cal, due, rule=rule, seed=seed * 1000 + sd,
                                    fixed=fixed, not_before=not_before)  # fmt: skip
                if got is None:
                    continue
                plan = {x: (p.artisan, p.start, p.overtime) for x, p in got.items()}
                plan = _canonical(plan, tasks, fixed or {})
                found.append((_rank(problem, tasks, plan, mgroups, cal), f"flow-{rule}", plan))
            if not fixed and time_limit >= 8:
                # Bottleneck first: the busiest machine's posts booked densely day by day,
                # the work before them just in time, the rest pulled by the flow rules.
                mb = MakespanBound(problem, tasks, cal, overtime=False)
                heads = mb.op_heads()
                until = time.perf_counter() + min(0.3 * time_limit, 20.0)
                for offset in _PREPARE_OFFSETS:
                    left = until - time.perf_counter()
                    if left <= 0.5:
                        break
                    booked = bottleneck_dispatch(
                        problem, tasks, cal, due, heads=heads, offset=offset, time_limit=left
                    )
                    for rule, _sd in _FLOW_RULES if booked else ():
                        got = flow_dispatch(problem, tasks, cal, due, rule=rule, fixed=booked)
                        if got is None:
                            continue
                        plan = {x: (p.artisan, p.start, p.overtime) for x, p in got.items()}
                        plan = _canonical(plan, tasks, {})
                        rank = _rank(problem, tasks, plan, mgroups, cal)
                        found.append((rank, f"bottleneck-{rule}+{offset}min", plan))
            found.sort(key=lambda f: f[0])
            for _, label, plan in found:
                if plan is fallback or not _check(problem, tasks, cal, plan):
                    hint, hint_label = plan, label
                    break
        end = _makespan(problem, tasks, hint)
        if _stage1(problem, tasks, hint, mgroups) == 0 and reference is None:
            # A plan with no lateness and no overtime exists within this makespan, so the
            # lexicographic optimum does too: the model needs no window beyond it, and no
            # overtime option (overtime is frozen at zero by the first stage).
            # Fairness may lengthen the makespan by the workshop's slack: leave room for it.
            horizon = end + int(end * problem.rules.makespan_slack)
            model_cal = _trim(cal, horizon)
            overtime = False
        if not fixed and reference is None:
            budget = min(0.25 * time_limit, 15.0)
            lower = makespan_lower_bound(
                problem, tasks, cal, upper=end, overtime=overtime, time_limit=budget,
                precision=max(5, end // 400),
            )  # fmt: skip
    rotation: set = set()
    plan, status, stages = None, "unknown", []
    best_valid: tuple | None = None  # (rank, plan, report): passes rotation, from any round
    # Stages solved to optimality by a round whose best valid plan reaches that optimum: later
    # rounds only add rotation limits, so they keep the value and spend their time after it.
    proven: dict[str, dict] = {}
    mk_best: int | None = None  # the best makespan a stage found, in any round
    mk_allowed: int | None = None  # ... plus the workshop's slack
    for _round in range(6):
        left = time_limit - (time.perf_counter() - t0)
        if left <= 0.2:
            break
        if problem.rules.max_same_operation_minutes is not None and _round < 1:
            # Keep time for a round with the rotation limits the first plans broke.
            left *= 0.5
        built = build(
            problem, tasks, model_cal, mgroups, horizon=horizon, fixed=fixed,
            not_before=not_before, reference=reference, rotation=rotation,
            overtime=overtime, min_makespan=lower,
            contract_until=None if hint is None else _makespan(problem, tasks, hint),
            fairness="fairness" in order,
        )  # fmt: skip
        start_from = best_valid[1] if best_valid else hint
        keep: dict = {}
        st, got, rep = lexicographic(
            built, order, time_limit=left, seed=seed, workers=workers, hint=start_from,
            hint_values={"promises_and_overtime": _stage1(problem, tasks, start_from, mgroups)}
            if start_from and (best_valid or not rotation) else None,
            check=lambda pl: not _rotation_breaches(problem, tasks_by_key, pl, cal), keep=keep,
            slack={"makespan": problem.rules.makespan_slack},
            proven=proven if best_valid else None,
        )  # fmt: skip
        best_end = [x["value"] for x in keep.get("report", ()) if x["stage"] == "makespan"
                    and "value" in x]  # fmt: skip
        if best_end and problem.rules.makespan_slack > 0:
            mk_best = min(best_end[0], mk_best or best_end[0])
            mk_allowed = mk_best + int(mk_best * problem.rules.makespan_slack)
        if keep.get("plan") is not None and keep["plan"] != hint:
            rank = _rank(problem, tasks, keep["plan"], mgroups, cal, mk_allowed)
            if best_valid is None or rank < best_valid[0]:
                best_valid = (rank, keep["plan"], keep["report"])
                proven = {
                    x["stage"]: x for x in keep["report"]
                    if x.get("status") == "optimal" and "value" in x and x["stage"] != order[-1]
                    and _stage_value(x["stage"], problem, tasks, keep["plan"], mgroups)
                    == x["value"]
                }  # fmt: skip
        if got is None:
            if st == "infeasible":
                status = "infeasible"
                if rotation:
                    ops = sorted({op for _, op, _ in rotation})
                    explanations.append(
                        Explanation(
                            "rotation",
                            ", ".join(ops),
                            f"With at most {problem.rules.max_same_operation_minutes} min of one "
                            f"operation between meal breaks, the artisans skilled for "
                            f"{', '.join(ops)} cannot fit all of it in the calendar: add days, "
                            "train more artisans for it, or raise the rotation limit.",
                        )
                    )
            break
        if _LOG_ROUNDS:
            print("round", _round, round(time.perf_counter() - t0, 1), st, rep, file=sys.stderr)
        breaches = _rotation_breaches(problem, tasks_by_key, got, cal) - rotation
        if not breaches:
            plan, status, stages = got, st, rep
            break
        rotation |= breaches
    if plan is None and best_valid is not None:
        # The last round broke rotation or ran out of time: the best plan that kept it.
        plan, status = best_valid[1], "feasible"
        stages = [*best_valid[2], {"stage": "rotation", "status": "later stages broke rotation"}]
    searched = plan is not None and plan != hint
    if (
        plan is None and hint is not None and reference is None and status != "infeasible"
        and not _check(problem, tasks, cal, hint)
        and not _rotation_breaches(problem, tasks_by_key, hint, cal)
    ):  # fmt: skip
        # The search found nothing better in time: the dispatchers' plan, balanced below.
        plan, status = hint, "feasible"
        note = "greedy used: CP-SAT found no valid plan in time"
        stages = [*stages, {"stage": "fallback", "rule": hint_label, "status": note}]
    if plan is not None and reference is None:
        # Spread the load by contract where it costs nothing: bundles change hands only
        # inside their slack, so promises, overtime and makespan stay as they are.
        fairer = balance(problem, tasks, cal, plan, fixed=set(fixed or ()))
        if fairer != plan and _rank(problem, tasks, fairer, mgroups, cal, mk_allowed) < _rank(
            problem, tasks, plan, mgroups, cal, mk_allowed
        ) and not _check(problem, tasks, cal, fairer) and not _rotation_breaches(
            problem, tasks_by_key, fairer, cal
        ):  # fmt: skip
            plan = fairer
            stages = [*stages, {"stage": "balance", "status": "load spread by contract"}]
    runtime = time.perf_counter() - t0
    if plan is not None:
        # A plan the search did not improve on is still the dispatcher's: say so.
        method = "cp-sat" if searched else "greedy"
        if method == "greedy" and not any(x.get("stage") == "fallback" for x in stages):
            stages = [*stages, {"stage": "dispatch", "rule": hint_label}]
        res = _assemble(
            problem, tasks, cal, plan, status=status, method=method, stages=stages,
            runtime=runtime, explanations=explanations, lower_bound=lower,
        )  # fmt: skip
        if not res.violations:
            return res
    for label, backup in ((hint_label, hint), ("first-fit", fallback)):
        if backup is None:
            continue
        note = {"stage": "fallback", "rule": label,
                "status": "greedy used: CP-SAT found no valid plan in time"}  # fmt: skip
        res = _assemble(
            problem, tasks, cal, backup, status="feasible", method="greedy",
            stages=[*stages, note], runtime=time.perf_counter() - t0, explanations=explanations,
            lower_bound=lower,
        )  # fmt: skip
        if not res.violations or backup is fallback:
            return res
    if status == "infeasible":
        explanations.append(
            Explanation(
                "model",
                problem.batch.code,
                "No schedule fits every humane rule within the calendar: the batch needs more "
                "working days, more skilled artisans, or looser caps (see the load figures).",
            )
        )
    return ScheduleResult(
        status=status if status == "infeasible" else "unknown", method="none",
        objective=None, bound=None, gap=None, runtime=round(time.perf_counter() - t0, 3),
        start=problem.start, explanations=tuple(explanations), tasks=tuple(tasks),
    )  # fmt: skip


def solve(
    problem: ScheduleProblem, *, time_limit: float = 30.0, seed: int = 0, workers: int = 2
) -> ScheduleResult:
    """Schedule the batch: promises and overtime first, then makespan, then fairness.

    Every returned schedule has been re-checked by the validator (``violations`` is empty
    unless ``status == "invalid"``); impossible problems come back ``infeasible`` with
    plain-language ``explanations``.
    """
    return _run(
        problem, time_limit=time_limit, seed=seed, workers=workers,
        order=["promises_and_overtime", "makespan", "fairness"],
    )  # fmt: skip


def repair(
    problem: ScheduleProblem,
    previous: ScheduleResult,
    event: Absence | MachineDown,
    *,
    time_limit: float = 20.0,
    seed: int = 0,
    workers: int = 2,
) -> ScheduleResult:
    """Re-plan after an absence or a breakdown with as few changes to others as possible.

    Work started before the event stays as it was, except work cut short by it (the absent
    artisan's or the broken machine's task in progress), which is planned again. Later work
    keeps its artisan and time where the new plan allows; the objective is promises and
    overtime first, then the number of changed assignments, then makespan.
    """
    if not previous.assignments:
        raise ValueError("repair: the previous schedule has no assignments to repair")
    if isinstance(event, Absence):
        new = replace(problem, absences=(*problem.absences, event))
    elif isinstance(event, MachineDown):
        new = replace(problem, downtimes=(*problem.downtimes, event))
    else:
        raise TypeError(f"repair: unknown event {event!r}")
    t0 = problem.minute(event.start)
    t1 = problem.minute(event.end) if event.end else 10**9
    machine_ops = set()
    if isinstance(event, MachineDown):
        machine_ops = {
            op for m in problem.machines if m.code == event.machine_code for op in m.operations
        }
    fixed, reference = {}, {}
    for a in previous.assignments:
        hit = (
            isinstance(event, Absence)
            and a.artisan_code == event.artisan_code
            and a.start_minute < t1
            and a.end_minute > t0
        ) or (a.operation in machine_ops and a.start_minute < t1 and a.end_minute > t0)
        if a.start_minute < t0 and not hit:
            fixed[a.task] = (a.artisan_code, a.start_minute, a.end_minute, a.overtime)
        elif not hit:
            reference[a.task] = (a.artisan_code, a.start_minute)
    res = _run(
        new, time_limit=time_limit, seed=seed, workers=workers, fixed=fixed,
        not_before=max(0, t0), reference=reference,
        order=["promises_and_overtime", "changes", "makespan"], tasks=list(previous.tasks),
    )  # fmt: skip
    return res


def changed_assignments(before: ScheduleResult, after: ScheduleResult) -> list[str]:
    """Tasks whose artisan or start changed between two schedules."""
    old = {a.task: (a.artisan_code, a.start_minute) for a in before.assignments}
    return [
        a.task for a in after.assignments if old.get(a.task) != (a.artisan_code, a.start_minute)
    ]
