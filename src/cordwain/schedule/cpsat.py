"""The CP-SAT model of a workshop schedule and its lexicographic solve (engine-internal).

Each task has a master start/end; each way of doing it (an artisan, in normal time or in
overtime, within one ISO week) is an optional fixed-size interval whose start is confined to
that artisan's break-free windows of that week, so no task can span a break or leave a shift.
Artisans get a no-overlap each, machines a cumulative each. Week-level sums carry the 40 h and
overtime caps; rotation limits are added for the (artisan, operation, block) triples the
validator found broken (lazy constraints), so the model stays small.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from .calendar import ArtisanDay, block_spans, contract_minutes
from .problem import ScheduleProblem, Task


@dataclass(slots=True)
class Option:
    artisan: str
    minutes: int
    overtime: bool
    week: tuple[int, int] | None
    present: object
    domain: list[tuple[int, int]]


@dataclass(slots=True)
class Built:
    model: object
    start: dict[str, object]
    end: dict[str, object]
    options: dict[str, list[Option]]
    stages: dict[str, object] = field(default_factory=dict)
    makespan: object = None
    fixed: set[str] = field(default_factory=set)
    # Auxiliary variables and how to compute them from a plan, so a hint is complete and
    # CP-SAT takes it as a first solution at once instead of repairing it.
    derived: list[tuple[object, object]] = field(default_factory=list)
    sizes: list[tuple[object, str]] = field(default_factory=list)
    # Rotation literals (in block, before block) of a task's option and the block's span.
    in_block: list[tuple[object, object, str, Option, int, int]] = field(default_factory=list)


def _domain(windows: list[tuple[int, int]], d: int, lo: int) -> list[tuple[int, int]]:
    out = []
    for s, e in windows:
        a, b = max(s, lo), e - d
        if a <= b:
            out.append((a, b))
    return out


def build(
    problem: ScheduleProblem,
    tasks: list[Task],
    cal: dict[str, list[ArtisanDay]],
    promise_groups: list[tuple[str, int, list[str]]],
    *,
    horizon: int,
    fixed: dict[str, tuple[str, int, int, bool]] | None = None,
    not_before: int = 0,
    reference: dict[str, tuple[str, int]] | None = None,
    rotation: set[tuple[str, str, tuple]] | None = None,
    overtime: bool = True,
    min_makespan: int | None = None,
    contract_until: int | None = None,
    fairness: bool = True,
) -> Built:
    from ortools.sat.python import cp_model
    from ortools.util.python.sorted_interval_list import Domain

    rules = problem.rules
    fixed = fixed or {}
    m = cp_model.CpModel()
    b = Built(model=m, start={}, end={}, options={}, fixed=set(fixed))
    per_artisan: dict[str, list] = {a.code: [] for a in problem.artisans}
    week_normal: dict[tuple[str, tuple], list] = {}
    week_ot: dict[tuple[str, tuple], list] = {}
    ot_terms, load_terms = [], {a.code: [] for a in problem.artisans}
    by_code = problem.artisan_by_code
    # Per artisan, the ways to do a task: one option per ISO week where the weekly cap can
    # bind, a single one over the whole horizon where it cannot (fewer optional intervals).
    option_windows: dict[str, list[tuple[object, bool, list[tuple[int, int]]]]] = {}
    for a in problem.artisans:
        weeks: dict[tuple, tuple[list, list]] = {}
        for day in cal[a.code]:
            w = weeks.setdefault(day.week, ([], []))
            w[0].extend(day.normal)
            w[1].extend(day.overtime)
        cap = min(rules.weekly_normal_minutes, int(a.weekly_hours * 60))
        ot_cap = rules.overtime_weekly_cap_minutes
        use_ot = overtime and a.overtime_opt_in
        split_normal = any(sum(e - s for s, e in n) > cap for n, _ in weeks.values())
        split_ot = any(sum(e - s for s, e in o) > ot_cap for _, o in weeks.values())
        opts_a = []
        if split_normal:
            opts_a += [(wk, False, n) for wk, (n, _) in weeks.items()]
        else:
            opts_a.append((None, False, [w for n, _ in weeks.values() for w in n]))
        if use_ot:
            if split_ot:
                opts_a += [(wk, True, o) for wk, (_, o) in weeks.items()]
            else:
                opts_a.append((None, True, [w for _, o in weeks.values() for w in o]))
        option_windows[a.code] = opts_a

    for t in tasks:
        S = m.new_int_var(0, horizon, f"S[{t.key}]")
        E = m.new_int_var(0, horizon, f"E[{t.key}]")
        b.start[t.key], b.end[t.key] = S, E
        opts: list[Option] = []
        if t.key in fixed:
            a, s, e, ot = fixed[t.key]
            m.add(s == S)
            m.add(e == E)
            p = m.new_constant(1)
            iv = m.new_interval_var(S, e - s, E, f"fix[{t.key}]")
            per_artisan[a].append(iv)
            opts.append(Option(a, e - s, ot, None, p, [(s, s)]))
            load_terms[a].append(e - s)
            if ot:
                ot_terms.append(e - s)
        else:
            m.add(not_before <= S)
            for a in problem.artisans:
                d = t.minutes_for(a)
                if d is None:
                    continue
                for week, ot, windows in option_windows[a.code]:
                    dom = _domain(sorted(windows), d, not_before)
                    if not dom:
                        continue
                    p = m.new_bool_var(f"p[{t.key},{a.code},{week},{int(ot)}]")
                    m.add_linear_expression_in_domain(
                        S, Domain.from_intervals([list(x) for x in dom])
                    ).only_enforce_if(p)
                    iv = m.new_optional_fixed_size_interval_var(S, d, p, f"iv[{t.key}]")
                    per_artisan[a.code].append(iv)
                    opts.append(Option(a.code, d, ot, week, p, dom))
                    if week is not None:
                        (week_ot if ot else week_normal).setdefault((a.code, week), []).append(
                            (d, p)
                        )
                    load_terms[a.code].append(d * p)
                    if ot:
                        ot_terms.append(d * p)
            if not opts:
                # No artisan can take this task in the horizon: an infeasible model says so.
                m.add_bool_or([])
            m.add_exactly_one(o.present for o in opts)
            m.add(S + sum(o.minutes * o.present for o in opts) == E)
        b.options[t.key] = opts

    for ivs in per_artisan.values():
        if len(ivs) > 1:
            m.add_no_overlap(ivs)

    # Precedence with elapsed-time lags (drying) along each bundle's routing.
    chains: dict[tuple[str, int], list[Task]] = {}
    for t in tasks:
        chains.setdefault((t.sku, t.bundle), []).append(t)
    for chain in chains.values():
        chain.sort(key=lambda t: t.position)
        for x, y in zip(chain, chain[1:], strict=False):
            m.add(b.start[y.key] >= b.end[x.key] + x.lag_after)
    # Bundles of one SKU with equal pairs are interchangeable: order them at the first step.
    firsts: dict[str, list[Task]] = {}
    for chain in chains.values():
        if chain[0].key not in fixed:
            firsts.setdefault(chain[0].sku, []).append(chain[0])
    for group in firsts.values():
        group.sort(key=lambda t: t.bundle)
        for x, y in zip(group, group[1:], strict=False):
            if x.pairs == y.pairs:
                m.add(b.start[x.key] <= b.start[y.key])

    # Machines: cumulative over the master interval of each task that needs them.
    for mach in problem.machines:
        ivs, demands = [], []
        for t in tasks:
            if t.operation in mach.operations:
                S, E = b.start[t.key], b.end[t.key]
                size = m.new_int_var(0, horizon, f"D[{t.key},{mach.code}]")
                m.add(size == E - S)
                b.sizes.append((size, t.key))
                ivs.append(m.new_interval_var(S, size, E, f"m[{t.key},{mach.code}]"))
                demands.append(1)
        for dt in problem.downtimes:
            if dt.machine_code == mach.code:
                s0 = max(0, problem.minute(dt.start))
                e0 = min(horizon, problem.minute(dt.end)) if dt.end else horizon
                if e0 > s0:
                    ivs.append(m.new_fixed_size_interval_var(s0, e0 - s0, f"down[{mach.code}]"))
                    demands.append(min(mach.capacity, dt.units or mach.capacity))
        if ivs:
            m.add_cumulative(ivs, demands, mach.capacity)

    # Hour caps per ISO week.
    for (code, _week), terms in week_normal.items():
        cap = min(rules.weekly_normal_minutes, int(by_code[code].weekly_hours * 60))
        if sum(d for d, _ in terms) > cap:
            m.add(sum(d * p for d, p in terms) <= cap)
    for (_code, _week), terms in week_ot.items():
        if sum(d for d, _ in terms) > rules.overtime_weekly_cap_minutes:
            m.add(sum(d * p for d, p in terms) <= rules.overtime_weekly_cap_minutes)

    # Rotation caps, for the blocks where they were found to bind.
    if rotation and rules.max_same_operation_minutes is not None:
        spans = {(a, blk): (s, e) for a in cal for day in cal[a] for s, e, blk in block_spans(day)}
        for code, op, blk in rotation:
            bs, be = spans[(code, blk)]
            terms = []
            for t in tasks:
                if t.operation.value != op:
                    continue
                for o in b.options[t.key]:
                    if o.artisan != code or not any(lo <= be and hi >= bs for lo, hi in o.domain):
                        continue
                    x = m.new_bool_var(f"rot[{t.key},{code},{blk}]")
                    m.add_implication(x, o.present)
                    S = b.start[t.key]
                    m.add(bs <= S).only_enforce_if(x)
                    m.add(be > S).only_enforce_if(x)
                    before = m.new_bool_var("")
                    m.add(bs > S).only_enforce_if([o.present, x.Not(), before])
                    m.add(be <= S).only_enforce_if([o.present, x.Not(), before.Not()])
                    b.in_block.append((x, before, t.key, o, bs, be))
                    terms.append(o.minutes * x)
            if terms:
                m.add(sum(terms) <= rules.max_same_operation_minutes)

    # Objectives.
    tard = []
    for _ref, due, keys in promise_groups:
        if not keys:
            continue
        C = m.new_int_var(0, horizon, "")
        m.add_max_equality(C, [b.end[k] for k in keys])
        T = m.new_int_var(0, horizon, "")
        m.add(C - due <= T)
        if rules.promises_are_hard:
            m.add(T == 0)
        tard.append(T)
        b.derived.append((C, lambda ends, loads, keys=keys: max(ends[k] for k in keys)))
        b.derived.append(
            (T, lambda ends, loads, keys=keys, due=due: max(0, max(ends[k] for k in keys) - due))
        )
    b.stages["promises_and_overtime"] = rules.tardiness_weight * sum(tard) + sum(ot_terms)
    last = [b.end[ch[-1].key] for ch in chains.values()]
    mk = m.new_int_var(0, horizon, "makespan")
    m.add_max_equality(mk, last)
    lasts = [ch[-1].key for ch in chains.values()]
    b.derived.append((mk, lambda ends, loads: max(ends[k] for k in lasts)))
    if min_makespan is not None:
        # Proven by the linear relaxation (bound.py): lets the search stop at the optimum.
        m.add(mk >= min_makespan)
    b.makespan = mk
    if reference is not None:
        changes = []
        for key, (code, s0) in reference.items():
            if key in fixed or key not in b.options:
                continue
            same = [o.present for o in b.options[key] if o.artisan == code]
            moved = m.new_bool_var("")
            if same:
                kept = m.new_bool_var("")
                m.add(sum(same) == 1).only_enforce_if(kept)
                m.add(b.start[key] == s0).only_enforce_if(kept)
                m.add(moved == kept.Not())
            else:
                m.add(moved == 1)
            changes.append(moved)
        b.stages["changes"] = sum(changes)
    b.stages["makespan"] = mk
    # Fairness: load relative to contracted time over the days the schedule uses (per mille),
    # and the squared distance of each share from the mean, summed (n² times their variance).
    # Jain's index is 1 / (1 + CV²), so this tracks it; unlike the range (max - min) or the
    # absolute distances it still prefers sharing evenly among the people below the mean
    # when one person is held high or low by their skills.
    ratios, ratio_of, tops = [], [], []
    for a in problem.artisans if fairness else ():
        contract = contract_minutes(a, cal[a.code], contract_until)
        if contract <= 0:
            continue
        # The most this person could carry: every task they may take (fixed ones included).
        most = sum(o.minutes for opts in b.options.values() for o in opts if o.artisan == a.code)
        top = max(1, 1000 * most // contract)
        r = m.new_int_var(0, top, f"util[{a.code}]")
        load = sum(load_terms[a.code])
        m.add(contract * r <= 1000 * load)
        m.add(1000 * load <= contract * r + contract - 1)
        ratios.append(r)
        ratio_of.append((r, a.code, contract))
        tops.append(top)
        b.derived.append((r, lambda ends, loads, c=a.code, k=contract: _share(loads, c, k)))
    if len(ratios) > 1:
        n = len(ratios)
        ri = list(ratio_of)
        squares = []
        span = n * max(tops)
        for r, code, k in ri:
            dev = m.new_int_var(-span, span, f"dev[{code}]")
            m.add(dev == n * r - sum(ratios))
            sq = m.new_int_var(0, span * span, f"sq[{code}]")
            m.add_multiplication_equality(sq, [dev, dev])
            squares.append(sq)

            def deviation(e, ld, code=code, k=k):
                return n * _share(ld, code, k) - sum(_share(ld, c, kk) for _, c, kk in ri)

            b.derived.append((dev, deviation))
            b.derived.append((sq, lambda e, ld, f=deviation: f(e, ld) ** 2))
        b.stages["fairness"] = sum(squares)
    return b


_LOG = __import__("os").environ.get("CORDWAIN_SCHEDULE_LOG")


def _share(loads: dict[str, int], code: str, contract: int) -> int:
    """Load per mille of the contract, rounded down as the model's ``util`` variables are."""
    return 1000 * loads.get(code, 0) // contract


def lexicographic(
    built: Built,
    order: list[str],
    *,
    time_limit: float,
    seed: int,
    workers: int,
    hint: dict[str, tuple[str, int, bool]] | None,
    hint_values: dict[str, int] | None = None,
    check=None,
    keep: dict | None = None,
    slack: dict[str, float] | None = None,
    proven: dict[str, dict] | None = None,
) -> tuple[str, dict[str, tuple[str, int, bool]] | None, list[dict]]:
    """Optimise the stages in order, freezing each at its best value; returns the best plan.

    With ``keep``, the last stage plan passing ``check`` is left in ``keep["plan"]``.
    ``slack``: stages frozen within that fraction of their best value rather than at it (a
    relative tolerance, so a later stage can trade a little of this one); the next stage's
    report says how much was allowed. ``proven``: report entries of stages already solved to
    optimality on a looser model whose optimum the hint attains; they are frozen, not solved.
    """
    from ortools.sat.python import cp_model

    m = built.model
    t0 = time.perf_counter()
    plan = None
    report: list[dict] = []
    status_all = "optimal"
    order = [s for s in order if s in built.stages]
    given: dict = {}  # tolerance granted by the previous stage, for the next stage's report
    if hint:
        _hint(built, hint)
    for i, name in enumerate(order):
        left = time_limit - (time.perf_counter() - t0)
        share = left * (0.5 if i < len(order) - 1 else 1.0)
        if i == 0 and len(order) > 2:
            share = left * 0.4
        if share < 0.05 and plan is not None:
            report.append({"stage": name, "status": "skipped", **given})
            status_all = "feasible"
            continue
        expr = built.stages[name]
        done = (proven or {}).get(name)
        if done is not None and hint and i < len(order) - 1:
            # Adding constraints cannot lower an optimum, and the hint reaches it: keep it.
            value = int(done["value"])
            rel = (slack or {}).get(name, 0.0)
            allowed = value + int(value * rel) if rel > 0 else value
            m.add(expr <= allowed)
            report.append({**done, **given})
            given = (
                {f"{name}_slack": rel, f"{name}_best": value, f"{name}_allowed": allowed}
                if allowed > value
                else {}
            )
            plan = plan or dict(hint)
            continue
        if hint_values and hint_values.get(name) == 0 and plan is None and hint:
            # The hint already reaches the trivial bound of this stage: nothing to search.
            m.add(expr <= 0)
            report.append({"stage": name, "status": "optimal", "value": 0, "bound": 0})
            plan = dict(hint)
            continue
        m.minimize(expr)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.05, share)
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = seed
        # Probing and symmetry detection cost seconds on models with thousands of optional
        # intervals and rarely pay off here; search with the hint instead.
        solver.parameters.cp_model_probing_level = 0
        solver.parameters.symmetry_level = 0
        solver.parameters.log_search_progress = bool(_LOG)
        code = solver.solve(m)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if code == cp_model.INFEASIBLE:
                return "infeasible", None, report + [{"stage": name, "status": "infeasible"}]
            report.append({"stage": name, "status": "unknown"})
            return ("feasible" if plan else "unknown"), plan, report
        value = int(solver.objective_value)
        bound = int(round(solver.best_objective_bound))
        st = "optimal" if code == cp_model.OPTIMAL else "feasible"
        if st != "optimal":
            status_all = "feasible"
        report.append({"stage": name, "status": st, "value": value, "bound": bound, **given})
        plan = _read(built, solver)
        if keep is not None and (check is None or check(plan)):
            # The last plan that passes the caller's extra check (the rotation rule, which the
            # model only carries where it was found broken) survives a later stage breaking it.
            keep["plan"], keep["report"] = plan, [*report]
        rel = (slack or {}).get(name, 0.0)
        allowed = value + int(value * rel) if rel > 0 and i < len(order) - 1 else value
        given = (
            {f"{name}_slack": rel, f"{name}_best": value, f"{name}_allowed": allowed}
            if allowed > value
            else {}
        )
        m.add(expr <= allowed)
        m.clear_hints()
        _hint(built, plan)
    return status_all, plan, report


def _read(built: Built, solver) -> dict[str, tuple[str, int, bool]]:
    plan = {}
    for key, opts in built.options.items():
        o = next(o for o in opts if solver.boolean_value(o.present))
        plan[key] = (o.artisan, int(solver.value(built.start[key])), o.overtime)
    return plan


def _hint(built: Built, plan: dict[str, tuple[str, int, bool]]) -> None:
    m = built.model
    ends: dict[str, int] = {}
    loads: dict[str, int] = {}
    for key, (code, s, _ot) in plan.items():
        d = next((o.minutes for o in built.options.get(key, ()) if o.artisan == code), None)
        if d is None:
            return  # not a plan of this model: hint nothing rather than something wrong
        ends[key] = s + d
        loads[code] = loads.get(code, 0) + d
    if len(ends) == len(built.options):
        for key, e in ends.items():
            m.add_hint(built.end[key], e)
        for var, fn in built.derived:
            m.add_hint(var, fn(ends, loads))
        for var, key in built.sizes:
            m.add_hint(var, ends[key] - plan[key][1])
    for key, (code, s, ot) in plan.items():
        if key not in built.options:
            continue
        m.add_hint(built.start[key], s)
        for o in built.options[key]:
            on = (
                o.artisan == code and o.overtime == ot and any(lo <= s <= hi for lo, hi in o.domain)
            )
            if key not in built.fixed:
                m.add_hint(o.present, on)
    # The rotation literals follow from the plan too; without them a hint given after a
    # rotation round is incomplete and CP-SAT has to repair it instead of starting from it.
    for x, before, key, o, bs, be in built.in_block:
        if key not in plan:
            continue
        code, s, ot = plan[key]
        on = o.artisan == code and o.overtime == ot and any(lo <= s <= hi for lo, hi in o.domain)
        m.add_hint(x, on and bs <= s < be)
        m.add_hint(before, s < bs)
