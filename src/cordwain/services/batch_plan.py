"""The whole batch plan: size the batch, cut it on the hides, schedule it on the people.

``cordwain plan`` calls :func:`plan_cut_and_schedule`: the batch planner sizes the batch
(:func:`cordwain.services.plan.plan_next_batch`), then the nesting engine lays its pieces on
the hides and rolls on the shelf (:func:`cordwain.services.cutting.plan_cutting`), then the
scheduler puts every operation on an artisan inside the humane rules
(:func:`cordwain.services.scheduling.schedule_batch`). Each step is its own transaction: the
stored plan stands even if the cutting room runs out of leather or no schedule fits, and the
plan document then says what held the step back instead of failing the whole run.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from cordwain.domain import BatchStatus
from cordwain.domain.people import WEEKDAYS
from cordwain.store import SqlUnitOfWork

from .cutting import cutting_plan, plan_cutting, put_back_cutting_plan
from .errors import ServiceError
from .plan import (
    PLAN_DOCUMENT,
    PlanReport,
    PlanSettings,
    load_settings,
    plan_next_batch,
    planned_code,
)
from .scheduling import drop_schedule, schedule_batch, schedule_settings
from .workshop import Progress, _quiet


def _share(progress: Progress, lo: int, hi: int) -> Progress:
    """A sub-step's progress mapped onto [lo, hi] of the whole run (out of 100)."""

    def report(step: str, done: int, total: int) -> None:
        progress(step, lo + (hi - lo) * done // max(total, 1), 100)

    return report


def cutting_summary(body: dict[str, Any], on_order: set[str] = frozenset()) -> dict[str, Any]:
    """What the plan shows of a cutting plan: hides, yield, leather per pair, what is missing.

    ``on_order``: materials the plan suggests buying or that are on order to arrive in time;
    pieces of those not cut today wait for that leather rather than being a shortfall.
    """
    leather = [a for a in body["articles"].values() if a["kind"] == "leather"]
    piece = sum(a["piece_sqft"] for a in leather)
    usable = sum(a["piece_sqft"] / a["yield"] for a in leather if a["yield"] > 0)
    return {
        "status": body["status"],
        "hides_used": sum(1 for s in body["sheets"] if s["kind"] == "hide"),
        "offcuts_used": len(body["offcuts_used"]),
        "offcuts_kept": len(body["offcuts_kept"]),
        "pieces": sum(a["pieces"] for a in body["articles"].values()),
        "placed": sum(a["placed"] for a in body["articles"].values()),
        "leather_yield": round(piece / usable, 4) if usable else None,
        "articles": {
            code: {
                "status": a["status"],
                "placed": a["placed"],
                "pieces": a["pieces"],
                "hides": a["hides_used"],
                "yield": a["yield"],
                "sqft_per_pair": a.get("sqft_per_pair"),
                "metres": a.get("metres"),
            }
            for code, a in body["articles"].items()
        },  # fmt: skip
        "unplaced": [
            f"{u['count']} × {u['piece']} of {u['sku']} ({u['material']}): {u['reason']}"
            for u in body["unplaced"]
        ],
        "waiting_for_purchase": {
            m: sum(u["count"] for u in body["unplaced"] if u["material"] == m)
            for m in sorted({u["material"] for u in body["unplaced"]} & set(on_order))
        },
        "runtime_s": body["runtime_s"],
    }


def schedule_summary(report) -> dict[str, Any]:
    """What the plan shows of a schedule: when the last pair is packed, how sure, how fair."""
    return {
        "status": report.status,
        "method": report.method,
        "start": report.start.isoformat(),
        "completion": report.completion.isoformat() if report.completion else None,
        "working_days": len(report.working_days),
        "makespan_h": None if report.makespan_minutes is None
        else round(report.makespan_minutes / 60, 1),
        "gap": report.gap,
        "overtime_minutes": report.overtime_minutes,
        "overtime_cost": report.overtime_cost,
        "jain_index": None if report.jain_index is None else round(report.jain_index, 4),
        "late_preorders": [
            {"reference": p["reference"], "sku": p["sku"], "pairs": p["quantity"],
             "promised_by": p["promised_by"], "expected": p["expected"], "note": p["note"]}
            for p in report.late_preorders
        ],
        "loads": [
            {"artisan": x["artisan"], "hours": round(x["minutes"] / 60, 1),
             "contract_hours": round(x["contract_minutes"] / 60, 1),
             "load": x["utilisation"]}
            for x in report.loads
        ],
        "work_orders": report.work_orders,
        "runtime_s": report.runtime,
    }  # fmt: skip


def plan_cut_and_schedule(
    uow: SqlUnitOfWork,
    *,
    cut: bool = True,
    schedule: bool = True,
    cut_time_limit: float = 30.0,
    schedule_time_limit: float = 20.0,
    refit: bool = True,
    seed: int = 0,
    progress: Progress = _quiet,
    **plan_args: Any,
) -> PlanReport:
    """Plan the next batch (``plan_args`` as for ``plan_next_batch``), then cut and schedule it.

    Commits after each step. The plan document gains ``cutting`` and ``schedule`` sections:
    the summary of what was made, or ``{"status": "not cut" / "not scheduled", "reason"}``
    in plain words when the step could not be done (no leather on the shelf for an article
    is a partial cutting plan, not a failure). Raises :class:`ServiceError` only when the
    batch itself cannot be planned.

    The planner counts the artisans' hours pooled per operation and the leather by its yield;
    the schedule, with the routing order, the machines and the breaks, can need longer, and
    the real hides can hold fewer pieces. With ``refit``, a batch whose schedule runs past
    its window, or whose cut runs short of the leather on the shelf, is planned once more
    (then cut and scheduled again): with the artisans' utilisation lowered in proportion to
    the overrun, and with the yield the first cut measured (which the planner reads). The
    plan's notes say so.
    """
    if cut and cut_time_limit <= 0:
        raise ServiceError(f"the cutting time limit must be positive, got {cut_time_limit}")
    if schedule and schedule_time_limit <= 0:
        raise ServiceError(f"the schedule time limit must be positive, got {schedule_time_limit}")
    settings = plan_args.pop("settings", None) or load_settings(uow)
    passes = 2 if refit and (schedule or cut) else 1
    why: list[str] = []
    for n in range(passes):
        sub = progress if passes == 1 else _share(progress, 100 * n // 2, 100 * (n + 1) // 2)
        try:
            report = _plan_pass(
                uow, settings, cut=cut, schedule=schedule, cut_time_limit=cut_time_limit,
                schedule_time_limit=schedule_time_limit, seed=seed, progress=sub,
                plan_args=plan_args,
            )  # fmt: skip
        except ServiceError as exc:
            if n == 0:
                raise
            # The first plan, committed, stands; the second could not be made.
            uow.rollback()
            why.append(f"planning once more failed ({exc}): the first plan stands")
            break
        if n == 0:
            replaced = report.replaced  # the second pass replaces the first, not a plan before
        over, short = _misfit(report.body)
        if not (over or short) or n + 1 == passes:
            break
        if short:
            why.append(
                f"the first cut ran {short} pieces short of the leather on the shelf: the "
                "batch was sized again with the yield that cut measured"
            )
        if over:
            body = report.body
            start, end = date.fromisoformat(body["start"]), date.fromisoformat(body["end"])
            days = (end - start).days + 1
            before = settings.utilisation
            settings = replace(settings, utilisation=round(before * days / (days + over), 3))
            why.append(
                f"the first plan's schedule ran {over} day(s) past the window: the batch was "
                f"sized again with the artisans' utilisation at {settings.utilisation:.0%} "
                f"(from {before:.0%})"
            )
    if why:
        over, short = _misfit(report.body)
        still = [f"{short} pieces are still short" if short else "",
                 f"it still runs {over} day(s) over" if over else ""]  # fmt: skip
        again = " and ".join(w for w, on in (("cut", cut), ("scheduled", schedule)) if on)
        note = "; ".join(why)
        if not why[-1].startswith("planning once more failed"):
            note += f", then {again} again"
        if any(still):
            note += " (" + ", ".join(x for x in still if x) + ")"
        report.body["notes"].append(note)
        report.body["refit"] = note
        uow.documents.put(PLAN_DOCUMENT, report.code, report.body)
        uow.commit()
        report = PlanReport(report.code, replaced, report.body)
    progress("done", 100, 100)
    return report


def _misfit(body: dict[str, Any]) -> tuple[int, int]:
    """Days the schedule runs past the window, and pieces the cut could not place on the
    leather on the shelf (pieces of leather the plan buys wait for it and do not count)."""
    over = int((body.get("schedule") or {}).get("past_window_days") or 0)
    cut = body.get("cutting") or {}
    short = 0
    if cut.get("status") == "partial":
        waiting = sum((cut.get("waiting_for_purchase") or {}).values())
        short = max(0, int(cut["pieces"]) - int(cut["placed"]) - waiting)
    return over, short


def _plan_pass(
    uow: SqlUnitOfWork,
    settings: PlanSettings,
    *,
    cut: bool,
    schedule: bool,
    cut_time_limit: float,
    schedule_time_limit: float,
    seed: int,
    progress: Progress,
    plan_args: dict[str, Any],
) -> PlanReport:
    """Plan, cut and schedule once; the plan document is stored and committed."""
    steps = 1 + cut + schedule
    edges = [100 * k // steps for k in range(steps + 1)]
    # Re-planning a window still planned: the hides its earlier cutting plan took go back on
    # the shelf first, so the new plan is sized against all the leather there is (the
    # measured yield is kept). Committed only with the new plan.
    code = planned_code(plan_args.get("start"), plan_args.get("today"))
    earlier = uow.batches.get(code)
    put_back = None
    if earlier is not None and earlier.status is BatchStatus.PLANNED:
        try:
            put_back = put_back_cutting_plan(uow, code)
        except ServiceError as exc:
            uow.rollback()  # nothing half put back
            put_back = f"the earlier cutting plan of {code} could not be put back: {exc}"
    report = plan_next_batch(
        uow, seed=seed, settings=settings, progress=_share(progress, 0, edges[1]), **plan_args
    )
    # Not scheduling this time: a schedule left from the earlier plan of the window would
    # show work orders for quantities the batch no longer has.
    replanned = earlier is not None and earlier.status is BatchStatus.PLANNED
    if replanned and not schedule and drop_schedule(uow, report.code):
        report.body["notes"].append(
            f"the earlier schedule of {report.code} was dropped (its quantities no longer "
            f"match); run `cordwain schedule {report.code}`"
        )
    uow.commit()
    if isinstance(put_back, str):
        report.body["notes"].append(put_back)
    body, code, k = report.body, report.code, 1
    if cut:
        try:
            plan_cutting(
                uow, code, time_limit=cut_time_limit, seed=seed, replan=True,
                progress=_share(progress, edges[k], edges[k + 1]),
            )  # fmt: skip
            # Leather the plan buys, or already ordered to arrive before cutting starts,
            # is not on the shelf yet: its pieces wait for it.
            buying = {p["material"] for p in body.get("purchases", [])} | {
                m["material"] for m in body.get("materials", []) if m.get("on_order_in_time")
            }
            body["cutting"] = cutting_summary(cutting_plan(uow, code), buying)
        except ServiceError as exc:
            uow.rollback()
            body["cutting"] = {"status": "not cut", "reason": str(exc)}
        k += 1
    if schedule:
        try:
            # The planner's capacity is pooled hours; routing order, machines and breaks can
            # push the last pairs past the window, so the schedule may run a week over and
            # says when it does, rather than finding nothing.
            start, end = date.fromisoformat(body["start"]), date.fromisoformat(body["end"])
            open_days = schedule_settings(uow).open_days
            days = sum(
                1 for n in range((end - start).days + 1)
                if WEEKDAYS[(start + timedelta(days=n)).weekday()] in open_days
            ) + len(open_days)  # fmt: skip
            rep = schedule_batch(
                uow, code, days=max(1, days), time_limit=schedule_time_limit, seed=seed,
                progress=_share(progress, edges[k], edges[k + 1]),
            )  # fmt: skip
            uow.commit()
            body["schedule"] = schedule_summary(rep)
            done = rep.completion.date() if rep.completion else None
            body["schedule"]["past_window_days"] = (
                (done - end).days if done is not None and done > end else 0
            )
        except ServiceError as exc:
            uow.rollback()
            body["schedule"] = {"status": "not scheduled", "reason": str(exc)}
    uow.documents.put(PLAN_DOCUMENT, code, body)
    uow.commit()
    return report
