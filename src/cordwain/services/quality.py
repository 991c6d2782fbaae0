"""Quality use cases: sampling plans, final-lot inspection, checklists, lab tests, SPC, NCRs.

Each verb takes an open unit of work and commits once at its end, so an inspection (its row,
its defects, the lot decision, the hold, the switching state and any non-conformance it opens)
is stored whole or not at all. What has no table of its own is kept as a JSON document
(``uow.documents``) under one of the ``KIND_*`` names below, keyed as described there.
"""

from __future__ import annotations

import csv
import io
import json
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from cordwain.domain import (
    Defect,
    DefectFamily,
    DomainError,
    Feedback,
    FeedbackKind,
    Inspection,
    InspectionResult,
    Operation,
    Pair,
    Severity,
)
from cordwain.quality import (
    DEFAULT_CHECKLISTS,
    DEFAULT_TAXONOMY,
    FOOTWEAR_AQLS,
    STAGES,
    ActionStatus,
    ChecklistResult,
    ControlChart,
    DefectType,
    ItemKind,
    LabResult,
    LotDecision,
    NonConformance,
    ParetoBar,
    RuleViolation,
    SamplingPlan,
    SwitchingState,
    Taxonomy,
    control_chart_svg,
    evaluate_checklist,
    evaluate_lab_tests,
    first_pass_yield,
    lot_decision,
    lot_plans,
    nelson,
    p_chart_of,
    pareto_of_defects,
    pareto_svg,
    record_lot,
    resume_inspection,
    rolled_throughput_yield,
    sampling_plan,
    u_chart_of,
    western_electric,
)
from cordwain.store import SqlUnitOfWork, StoreError

from .errors import ServiceError

#: Switching state of a product line; key: style code. Body: {"state": {...}, "history": [...]}.
KIND_SWITCHING = "quality.switching"
#: A drawn final-lot sample; key: "BATCH/STYLE/ATTEMPT".
KIND_DRAW = "quality.draw"
#: A decided final lot; key: "BATCH/STYLE/ATTEMPT" (attempt 2+ is a resubmitted lot).
KIND_LOT = "quality.lot"
#: A lot on hold after rejection; key: batch code. Body status "held" or "released".
KIND_HOLD = "quality.hold"
#: A non-conformance and its corrective action; key: its reference ("NCR-0001").
KIND_NCR = "quality.ncr"
#: The item-by-item answers of an in-process checklist; key: the inspection's number.
KIND_CHECKLIST = "quality.checklist"
#: Which pairs an in-process inspection checked; key: the inspection's number.
KIND_CHECKED = "quality.checked"
#: Lab test results of a batch; key: "BATCH/YYYY-MM-DD/N".
KIND_LAB = "quality.lab"
#: The workshop's own defect codes added to the default taxonomy; key: "workshop".
KIND_TAXONOMY = "quality.taxonomy"

_PASS = {"pass", "passed", "yes", "y", "true", "t", "1", "ok"}
_FAIL = {"fail", "failed", "no", "n", "false", "f", "0", "nok"}


def _wrap(exc: Exception, where: str = "") -> ServiceError:
    prefix = f"{where}: " if where else ""
    return ServiceError(f"{prefix}{exc}")


# --- plain JSON for engine objects --------------------------------------------------------


def defect_json(d: Defect) -> dict[str, Any]:
    return {
        "family": d.family.value,
        "code": d.code,
        "severity": d.severity.value,
        "count": d.count,
        "pair_serial": d.pair_serial,
        "note": d.note,
    }


def plan_json(plan: SamplingPlan) -> dict[str, Any]:
    return {
        **plan.to_json(),
        "aql": plan.aql,
        "level": plan.level,
        "severity": plan.severity.value,
        "table_letter": plan.table_letter,
        "lot_size": plan.lot_size,
    }


def _state_json(state: SwitchingState) -> dict[str, Any]:
    body = asdict(state)
    body["severity"] = state.severity.value
    body["recent_normal"] = list(state.recent_normal)
    return body


def _state_from(body: Mapping[str, Any]) -> SwitchingState:
    data = dict(body)
    data["recent_normal"] = tuple(data.get("recent_normal", ()))
    return SwitchingState(**data)


def ncr_json(n: NonConformance) -> dict[str, Any]:
    return {
        "reference": n.reference,
        "raised_on": n.raised_on.isoformat(),
        "description": n.description,
        "batch_code": n.batch_code,
        "pair_serials": list(n.pair_serials),
        "hide_codes": list(n.hide_codes),
        "action": n.action,
        "owner": n.owner,
        "status": n.status.value,
        "history": [[d.isoformat(), s.value, note] for d, s, note in n.history],
    }


def _ncr_from(body: Mapping[str, Any]) -> NonConformance:
    return NonConformance(
        reference=body["reference"],
        raised_on=date.fromisoformat(body["raised_on"]),
        description=body["description"],
        batch_code=body.get("batch_code"),
        pair_serials=tuple(body.get("pair_serials", ())),
        hide_codes=tuple(body.get("hide_codes", ())),
        action=body.get("action", ""),
        owner=body.get("owner", ""),
        status=ActionStatus(body.get("status", "open")),
        history=tuple(
            (date.fromisoformat(d), ActionStatus(s), note) for d, s, note in body.get("history", ())
        ),
    )


# --- sampling plans -----------------------------------------------------------------------


def quality_plan(
    lot_size: int,
    *,
    aql: float | str | None = None,
    aqls: Mapping[Severity | str, float | str] | None = None,
    level: str = "II",
    severity: str = "normal",
) -> dict[str, Any]:
    """The sampling plan for a lot: one AQL (``aql``) or one plan per defect class.

    With ``aql`` the answer is ``{"code_letter", "sample_size", "accept", "reject",
    "hundred_percent"}``; otherwise ``{"pairs_to_inspect", "plans": {class: plan}}`` for the
    footwear classes (critical 0, major 2.5, minor 4.0 unless ``aqls`` says otherwise).
    """
    try:
        if aql is not None:
            return sampling_plan(lot_size, aql, level, severity).to_json()
        plans = lot_plans(lot_size, aqls, level, severity)
    except DomainError as exc:
        raise _wrap(exc) from exc
    return {
        "lot_size": lot_size,
        "level": level.strip().upper(),
        "severity": severity,
        "pairs_to_inspect": max(p.sample_size for p in plans.values()),
        "plans": {sev.value: plan_json(p) for sev, p in plans.items()},
    }


def switching_state(uow: SqlUnitOfWork, style_code: str) -> SwitchingState:
    """Where a product line (a style) stands: normal, tightened or reduced inspection."""
    body = uow.documents.get(KIND_SWITCHING, style_code.strip().upper())
    return _state_from(body["state"]) if body else SwitchingState()


def switching_history(uow: SqlUnitOfWork, style_code: str) -> list[dict[str, Any]]:
    body = uow.documents.get(KIND_SWITCHING, style_code.strip().upper())
    return list(body["history"]) if body else []


def switching_states(uow: SqlUnitOfWork) -> dict[str, SwitchingState]:
    """The state of every product line that has been inspected."""
    return {k: switching_state(uow, k) for k in uow.documents.list(KIND_SWITCHING)}


def switching_report(uow: SqlUnitOfWork, style_code: str | None = None) -> dict[str, Any]:
    """Style -> its switching state and the lots that moved it (all inspected styles)."""
    styles = [style_code.strip().upper()] if style_code else uow.documents.list(KIND_SWITCHING)
    return {
        s: {**_state_json(switching_state(uow, s)), "history": switching_history(uow, s)}
        for s in styles
    }


def _put_state(
    uow: SqlUnitOfWork, style: str, state: SwitchingState, event: Mapping[str, Any] | None
) -> None:
    history = switching_history(uow, style)
    if event is not None:
        history.append(dict(event))
    uow.documents.put(KIND_SWITCHING, style, {"state": _state_json(state), "history": history})


def resume_line(uow: SqlUnitOfWork, style_code: str, *, day: date | None = None) -> SwitchingState:
    """After corrective action on a discontinued line: start again on tightened inspection."""
    style = style_code.strip().upper()
    try:
        state = resume_inspection(switching_state(uow, style))
    except DomainError as exc:
        raise _wrap(exc, f"style {style}") from exc
    _put_state(uow, style, state, {"day": (day or date.today()).isoformat(), "event": "resumed"})
    uow.commit()
    return state


def batch_inspection_plan(
    uow: SqlUnitOfWork, batch_code: str, *, level: str = "II"
) -> dict[str, Any]:
    """The final-lot plans of a batch, per style, under each style's current switching state."""
    batch = uow.batches.get(batch_code)
    if batch is None:
        raise ServiceError(f"batch {batch_code} does not exist")
    per_style: dict[str, int] = {}
    for ln in batch.lines:
        per_style[ln.variant.style_code] = per_style.get(ln.variant.style_code, 0) + ln.quantity
    out: dict[str, Any] = {}
    for style, pairs in per_style.items():
        if pairs <= 0:
            continue
        state = switching_state(uow, style)
        plans = lot_plans(pairs, FOOTWEAR_AQLS, level, state=state)
        out[style] = {
            "lot_size": pairs,
            "severity": state.severity.value,
            "pairs_to_inspect": max(p.sample_size for p in plans.values()),
            "plans": {s.value: plan_json(p) for s, p in plans.items()},
        }
    return out


# --- the taxonomy --------------------------------------------------------------------------


def taxonomy(uow: SqlUnitOfWork) -> Taxonomy:
    """The default footwear taxonomy plus the workshop's own codes."""
    body = uow.documents.get(KIND_TAXONOMY, "workshop")
    extra = [DefectType(**t) for t in body["types"]] if body else []
    return DEFAULT_TAXONOMY.extend(*extra)


def add_defect_type(
    uow: SqlUnitOfWork, code: str, family: str, name: str, severity: str
) -> DefectType:
    """Add a workshop defect code (e.g. ``UP10`` "glue shadow on suede", minor)."""
    try:
        new = DefectType(code, DefectFamily(family), name, Severity(severity))
        taxonomy(uow).extend(new)
    except ValueError as exc:
        raise _wrap(exc, f"defect code {code}") from exc
    body = uow.documents.get(KIND_TAXONOMY, "workshop") or {"types": []}
    body["types"].append(
        {"code": new.code, "family": new.family.value, "name": new.name,
         "severity": new.severity.value}
    )  # fmt: skip
    uow.documents.put(KIND_TAXONOMY, "workshop", body)
    uow.commit()
    return new


# --- non-conformances ----------------------------------------------------------------------


def _next_reference(uow: SqlUnitOfWork) -> str:
    numbers = [int(k.split("-")[1]) for k in uow.documents.list(KIND_NCR) if k[4:].isdigit()]
    return f"NCR-{max(numbers, default=0) + 1:04d}"


def _open_ncr(
    uow: SqlUnitOfWork,
    description: str,
    day: date,
    *,
    batch_code: str | None = None,
    pair_serials: Sequence[str] = (),
    hide_codes: Sequence[str] = (),
    owner: str = "",
    action: str = "",
) -> NonConformance:
    ncr = NonConformance(
        reference=_next_reference(uow),
        raised_on=day,
        description=description,
        batch_code=batch_code,
        pair_serials=tuple(pair_serials),
        hide_codes=tuple(hide_codes),
        owner=owner,
        action=action,
        history=((day, ActionStatus.OPEN, description),),
    )
    uow.documents.put(KIND_NCR, ncr.reference, ncr_json(ncr))
    return ncr


def open_ncr(
    uow: SqlUnitOfWork,
    description: str,
    *,
    day: date | None = None,
    batch_code: str | None = None,
    pair_serials: Sequence[str] = (),
    hide_codes: Sequence[str] = (),
    owner: str = "",
) -> NonConformance:
    """Record a non-conformance (a bad hide, a pattern of returns...); it starts open."""
    if batch_code is not None and uow.batches.get(batch_code) is None:
        raise ServiceError(f"batch {batch_code} does not exist")
    for s in pair_serials:
        if uow.pairs.get(s) is None:
            raise ServiceError(f"pair serial {s} does not exist")
    try:
        ncr = _open_ncr(
            uow, description, day or date.today(), batch_code=batch_code,
            pair_serials=pair_serials, hide_codes=[h.strip().upper() for h in hide_codes],
            owner=owner,
        )  # fmt: skip
    except DomainError as exc:
        raise _wrap(exc, "non-conformance") from exc
    uow.commit()
    return ncr


def list_ncrs(uow: SqlUnitOfWork, status: str | None = None) -> list[NonConformance]:
    try:
        wanted = ActionStatus(status) if status else None
    except ValueError:
        names = ", ".join(s.value for s in ActionStatus)
        raise ServiceError(f"status {status!r} must be one of {names}") from None
    out = [_ncr_from(uow.documents.get(KIND_NCR, k) or {}) for k in uow.documents.list(KIND_NCR)]
    return [n for n in out if wanted is None or n.status is wanted]


def _move_ncr(
    uow: SqlUnitOfWork, reference: str, status: str, day: date, note: str
) -> NonConformance:
    body = uow.documents.get(KIND_NCR, reference.strip().upper())
    if body is None:
        raise ServiceError(f"non-conformance {reference} does not exist")
    try:
        moved = _ncr_from(body).move_to(status, day, note)
    except ValueError as exc:
        raise _wrap(exc) from exc
    uow.documents.put(KIND_NCR, moved.reference, ncr_json(moved))
    return moved


def move_ncr(
    uow: SqlUnitOfWork, reference: str, status: str, *, day: date | None = None, note: str = ""
) -> NonConformance:
    """Move a non-conformance on: open → action-planned → action-taken → verified → closed."""
    moved = _move_ncr(uow, reference, status, day or date.today(), note)
    uow.commit()
    return moved


# --- final-lot inspection ------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One defect found on a sampled pair; ``where`` names the file row for errors."""

    serial: str
    code: str
    count: int = 1
    severity: str | None = None
    note: str = ""
    where: str = ""


@dataclass(frozen=True)
class LotDraw:
    """The pairs to pull for a final lot, in draw order (a class's sample is a prefix)."""

    batch_code: str
    style_code: str
    attempt: int
    lot_size: int
    seed: int
    severity: str
    plans: dict[str, dict[str, Any]]
    serials: tuple[str, ...]

    def sample_for(self, severity: Severity | str) -> tuple[str, ...]:
        return self.serials[: self.plans[Severity(severity).value]["sample_size"]]

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["serials"] = list(self.serials)
        return out


@dataclass(frozen=True)
class LotReport:
    """What a final-lot inspection decided and what it changed."""

    inspection_id: int
    batch_code: str
    style_code: str
    attempt: int
    accepted: bool
    classes: list[dict[str, Any]]
    severity_used: str
    switching_after: str
    switching_reason: str
    held: bool
    ncr: str | None
    sample_size: int
    lot_size: int
    defects: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _lot_pairs(uow: SqlUnitOfWork, batch_code: str, style: str | None) -> tuple[str, list[Pair]]:
    batch = uow.batches.get(batch_code)
    if batch is None:
        raise ServiceError(f"batch {batch_code} does not exist")
    pairs = uow.pairs.list(batch_code=batch.code)
    if not pairs:
        raise ServiceError(
            f"batch {batch.code} has no serialised pairs: run `cordwain trace serialise "
            f"{batch.code}` first"
        )
    styles = sorted({p.variant.style_code for p in pairs})
    if style is None:
        if len(styles) > 1:
            raise ServiceError(
                f"batch {batch.code} holds several styles ({', '.join(styles)}): "
                "inspect each as its own lot with --style"
            )
        style = styles[0]
    style = style.strip().upper()
    chosen = [p for p in pairs if p.variant.style_code == style]
    if not chosen:
        raise ServiceError(f"batch {batch.code} has no pairs of style {style}")
    return style, chosen


def _attempts(uow: SqlUnitOfWork, batch_code: str, style: str) -> list[dict[str, Any]]:
    prefix = f"{batch_code}/{style}/"
    keys = sorted(
        (k for k in uow.documents.list(KIND_LOT) if k.startswith(prefix)),
        key=lambda k: int(k.rsplit("/", 1)[1]),
    )
    return [uow.documents.get(KIND_LOT, k) or {} for k in keys]


def _default_seed(batch_code: str, style: str, attempt: int) -> int:
    return zlib.crc32(f"{batch_code}/{style}/{attempt}".encode())


def draw_order(serials: Iterable[str], n: int, seed: int) -> tuple[str, ...]:
    """``n`` serials drawn at random without replacement, reproducible from ``seed``."""
    pool = sorted(serials)
    rng = np.random.default_rng(seed)
    return tuple(pool[i] for i in rng.permutation(len(pool))[:n])


def _draw(
    uow: SqlUnitOfWork,
    batch_code: str,
    style: str | None,
    seed: int | None,
    level: str,
    aqls: Mapping[Severity | str, float | str] | None,
) -> tuple[LotDraw, dict[Severity, SamplingPlan], SwitchingState, bool]:
    """The stored draw of the next attempt, or a new one; the flag says whether it is new."""
    style_code, pairs = _lot_pairs(uow, batch_code, style)
    batch_code = pairs[0].batch_code
    attempts = _attempts(uow, batch_code, style_code)
    if attempts and attempts[-1]["accepted"]:
        raise ServiceError(
            f"lot {batch_code}/{style_code} was already accepted on "
            f"{attempts[-1]['day']} (inspection {attempts[-1]['inspection_id']})"
        )
    attempt = len(attempts) + 1
    state = switching_state(uow, style_code)
    if state.discontinued and attempt == 1:
        raise ServiceError(
            f"inspection of style {style_code} is discontinued ({state.reason}): record the "
            f"corrective action, then `cordwain qc resume {style_code}`"
        )
    key = f"{batch_code}/{style_code}/{attempt}"
    stored = uow.documents.get(KIND_DRAW, key)
    if stored is not None and seed is None:
        draw = LotDraw(**{**stored, "serials": tuple(stored["serials"])})
        if draw.lot_size != len(pairs):
            raise ServiceError(
                f"lot {key} had {draw.lot_size} pairs when its sample was drawn and has "
                f"{len(pairs)} now: draw again with --seed"
            )
        # The plans the sample was drawn for, even if the line has switched since.
        plans = lot_plans(len(pairs), aqls, level, severity=draw.severity)
        if {s.value: plan_json(p) for s, p in plans.items()} != draw.plans:
            raise ServiceError(
                f"lot {key}: its sample was drawn for other AQLs or level; draw again with --seed"
            )
        return draw, plans, state, False
    try:
        plans = lot_plans(len(pairs), aqls, level, state=state)
    except DomainError as exc:
        raise _wrap(exc) from exc
    used_seed = _default_seed(batch_code, style_code, attempt) if seed is None else seed
    n = max(p.sample_size for p in plans.values())
    draw = LotDraw(
        batch_code=batch_code,
        style_code=style_code,
        attempt=attempt,
        lot_size=len(pairs),
        seed=used_seed,
        severity=state.severity.value,
        plans={s.value: plan_json(p) for s, p in plans.items()},
        serials=draw_order((p.serial for p in pairs), n, used_seed),
    )
    return draw, plans, state, True


def draw_sample(
    uow: SqlUnitOfWork,
    batch_code: str,
    *,
    style: str | None = None,
    seed: int | None = None,
    level: str = "II",
    aqls: Mapping[Severity | str, float | str] | None = None,
) -> LotDraw:
    """Draw (and keep) the pairs to pull from a finished lot for its final inspection."""
    draw, *_ = _draw(uow, batch_code, style, seed, level, aqls)
    uow.documents.put(KIND_DRAW, f"{draw.batch_code}/{draw.style_code}/{draw.attempt}",
                      draw.as_dict())  # fmt: skip
    uow.commit()
    return draw


def _record_lot(
    uow: SqlUnitOfWork,
    batch_code: str,
    findings: Sequence[Finding],
    *,
    style: str | None,
    day: date,
    inspector: str,
    seed: int | None,
    level: str,
    aqls: Mapping[Severity | str, float | str] | None,
    reduced_approved: bool,
    production_steady: bool,
) -> LotReport:
    draw, plans, state, _ = _draw(uow, batch_code, style, seed, level, aqls)
    tax = taxonomy(uow)
    defects: list[Defect] = []
    for i, f in enumerate(findings, start=1):
        where = f.where or f"finding {i}"
        try:
            d = tax.defect(f.code, f.count, severity=f.severity or None,
                           pair_serial=f.serial.strip(), note=f.note)  # fmt: skip
        except ValueError as exc:
            raise _wrap(exc, where) from exc
        sample = draw.sample_for(d.severity)
        if d.pair_serial not in sample:
            whole = d.pair_serial in draw.serials
            raise ServiceError(
                f"{where}: pair {d.pair_serial} is not in the {d.severity.value} sample of lot "
                f"{draw.batch_code}/{draw.style_code}"
                + ("" if whole else f" (the {len(draw.serials)} pairs drawn are listed by "
                   f"`cordwain qc sample {draw.batch_code}`)")
            )  # fmt: skip
        defects.append(d)
    try:
        decision: LotDecision = lot_decision(plans, defects)
    except DomainError as exc:
        raise _wrap(exc) from exc
    n = max(p.sample_size for p in plans.values())
    inspection = Inspection(
        batch_code=draw.batch_code,
        operation=Operation.INSPECTION,
        inspector=inspector,
        day=day,
        lot_size=draw.lot_size,
        sample_size=n,
        defects=tuple(defects),
        result=InspectionResult.ACCEPTED if decision.accepted else InspectionResult.REJECTED,
    )
    try:
        inspection_id = uow.inspections.add(inspection)
    except StoreError as exc:
        raise _wrap(exc) from exc
    key = f"{draw.batch_code}/{draw.style_code}/{draw.attempt}"
    original = draw.attempt == 1
    after = state
    if original:
        # ISO 2859-1 9.2: only lots on original inspection move the switching rules.
        after = record_lot(
            state, decision, production_steady=production_steady,
            reduced_approved=reduced_approved,
        )  # fmt: skip
        _put_state(uow, draw.style_code, after, {
            "day": day.isoformat(), "batch_code": draw.batch_code, "inspection_id": inspection_id,
            "accepted": decision.accepted, "severity_before": state.severity.value,
            "severity_after": after.severity.value, "reason": after.reason,
        })  # fmt: skip
    classes = [
        {"severity": c.severity.value, "found": c.found, "sample_size": c.plan.sample_size,
         "accept": c.plan.ac, "reject": c.plan.re, "accepted": c.accepted,
         "reinstate_normal": c.reinstate_normal}
        for c in decision.classes
    ]  # fmt: skip
    ncr_ref: str | None = None
    held = False
    if not decision.accepted:
        worst = ", ".join(
            f"{c['severity']} {c['found']} found (Re {c['reject']})"
            for c in classes
            if not c["accepted"]
        )
        ncr = _open_ncr(
            uow,
            f"lot {draw.batch_code}/{draw.style_code} rejected at final inspection: {worst}",
            day,
            batch_code=draw.batch_code,
            pair_serials=sorted({d.pair_serial for d in defects if d.pair_serial}),
        )
        ncr_ref, held = ncr.reference, True
        uow.documents.put(KIND_HOLD, draw.batch_code, {
            "status": "held", "since": day.isoformat(), "style_code": draw.style_code,
            "inspection_id": inspection_id, "ncr": ncr_ref, "reason": worst, "released": None,
        })  # fmt: skip
    else:
        hold = uow.documents.get(KIND_HOLD, draw.batch_code)
        if hold is not None and hold["status"] == "held" and hold["style_code"] == draw.style_code:
            hold.update(status="released", released={
                "day": day.isoformat(), "note": f"resubmitted lot accepted (inspection "
                f"{inspection_id})"})  # fmt: skip
            uow.documents.put(KIND_HOLD, draw.batch_code, hold)
    uow.documents.put(KIND_DRAW, key, draw.as_dict())
    uow.documents.put(KIND_LOT, key, {
        "batch_code": draw.batch_code, "style_code": draw.style_code, "attempt": draw.attempt,
        "inspection_id": inspection_id, "day": day.isoformat(), "inspector": inspector,
        "lot_size": draw.lot_size, "seed": draw.seed, "severity": state.severity.value,
        "plans": draw.plans, "sample": list(draw.serials), "accepted": decision.accepted,
        "classes": classes, "reinstate_normal": decision.reinstate_normal,
        "switching_after": after.severity.value, "ncr": ncr_ref,
    })  # fmt: skip
    return LotReport(
        inspection_id=inspection_id,
        batch_code=draw.batch_code,
        style_code=draw.style_code,
        attempt=draw.attempt,
        accepted=decision.accepted,
        classes=classes,
        severity_used=state.severity.value,
        switching_after=after.severity.value,
        switching_reason=after.reason,
        held=held,
        ncr=ncr_ref,
        sample_size=n,
        lot_size=draw.lot_size,
        defects=[defect_json(d) for d in defects],
    )


def inspect_lot(
    uow: SqlUnitOfWork,
    batch_code: str,
    findings: Sequence[Finding],
    *,
    style: str | None = None,
    day: date | None = None,
    inspector: str = "",
    seed: int | None = None,
    level: str = "II",
    aqls: Mapping[Severity | str, float | str] | None = None,
    reduced_approved: bool = False,
    production_steady: bool = True,
) -> LotReport:
    """Final inspection of a finished lot (a batch's pairs of one style), in one transaction.

    Uses the sample drawn by :func:`draw_sample` (or draws it now), checks every finding is on
    a sampled pair and in the taxonomy, decides accept/reject class by class, moves the style's
    switching state, and on rejection holds the lot and opens a non-conformance.
    """
    report = _record_lot(
        uow, batch_code, findings, style=style, day=day or date.today(), inspector=inspector,
        seed=seed, level=level, aqls=aqls, reduced_approved=reduced_approved,
        production_steady=production_steady,
    )  # fmt: skip
    uow.commit()
    return report


def read_findings(path: str | Path) -> list[Finding]:
    """Findings from a CSV (``serial,code[,count][,severity][,note]``) or JSON file.

    JSON is a list of objects with those keys, or ``{"defects": [...]}``. Errors name the file,
    the row and the column.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ServiceError(f"{p}: cannot be read ({exc.strerror or exc})") from exc
    if p.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ServiceError(f"{p.name}: not valid JSON ({exc})") from exc
        rows = data.get("defects") if isinstance(data, dict) else data
        if not isinstance(rows, list):
            raise ServiceError(f'{p.name}: expected a list of defects or {{"defects": [...]}}')
        labelled = [(f"{p.name} item {i}", r) for i, r in enumerate(rows, start=1)]
    else:
        reader = csv.DictReader(io.StringIO(text))
        cols = [c.strip().lower() for c in reader.fieldnames or []]
        missing = [c for c in ("serial", "code") if c not in cols]
        if missing:
            raise ServiceError(f"{p.name}: missing column(s) {', '.join(missing)}")
        labelled = [
            (f"{p.name} row {i}", {k.strip().lower(): v for k, v in r.items() if k})
            for i, r in enumerate(reader, start=2)
        ]
    out = []
    for where, r in labelled:
        if not isinstance(r, dict):
            raise ServiceError(f"{where}: expected an object with serial and code")
        serial, code = str(r.get("serial") or "").strip(), str(r.get("code") or "").strip()
        if not serial:
            raise ServiceError(f"{where}, column serial: empty")
        if not code:
            raise ServiceError(f"{where}, column code: empty")
        raw = r.get("count")
        try:
            count = int(raw) if raw not in (None, "") else 1
        except (TypeError, ValueError):
            raise ServiceError(f"{where}, column count: {raw!r} is not a whole number") from None
        if count < 1:
            raise ServiceError(f"{where}, column count: must be at least 1, got {count}")
        sev = str(r.get("severity") or "").strip().lower() or None
        if sev is not None and sev not in {s.value for s in Severity}:
            raise ServiceError(
                f"{where}, column severity: {sev!r} must be critical, major or minor"
            )
        out.append(Finding(serial, code, count, sev, str(r.get("note") or ""), where))
    return out


def lot_holds(uow: SqlUnitOfWork, *, held_only: bool = True) -> dict[str, dict[str, Any]]:
    out = {k: uow.documents.get(KIND_HOLD, k) or {} for k in uow.documents.list(KIND_HOLD)}
    return {k: v for k, v in out.items() if not held_only or v.get("status") == "held"}


def release_lot(
    uow: SqlUnitOfWork, batch_code: str, *, note: str, day: date | None = None
) -> dict[str, Any]:
    """Release a held lot (after sorting it 100% and reworking what failed)."""
    hold = uow.documents.get(KIND_HOLD, batch_code.strip().upper())
    if hold is None or hold.get("status") != "held":
        raise ServiceError(f"batch {batch_code} is not on hold")
    if not note.strip():
        raise ServiceError("say why the lot may ship (e.g. '100% sorted, 4 pairs reworked')")
    hold.update(status="released", released={"day": (day or date.today()).isoformat(),
                                              "note": note})  # fmt: skip
    uow.documents.put(KIND_HOLD, batch_code.strip().upper(), hold)
    uow.commit()
    return hold


def lot_records(uow: SqlUnitOfWork, batch_code: str | None = None) -> list[dict[str, Any]]:
    keys = uow.documents.list(KIND_LOT)
    if batch_code is not None:
        keys = [k for k in keys if k.split("/")[0] == batch_code]
    return [uow.documents.get(KIND_LOT, k) or {} for k in keys]


# --- in-process checklists and lab tests ---------------------------------------------------


@dataclass(frozen=True)
class ChecklistReport:
    inspection_id: int
    batch_code: str
    stage: str
    pairs: int
    failed_pairs: list[str]
    defects: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _answer(kind: ItemKind, raw: Any, where: str) -> bool | float | str | None:
    """A file's text answer as the checklist engine wants it (bool, number or photo ref)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if kind is ItemKind.PASS_FAIL:
        if isinstance(raw, bool):
            return raw
        word = str(raw).strip().lower()
        if word in _PASS:
            return True
        if word in _FAIL:
            return False
        raise ServiceError(f"{where}: {raw!r} is not pass or fail")
    if kind is ItemKind.MEASURED:
        try:
            return float(raw)
        except (TypeError, ValueError):
            raise ServiceError(f"{where}: {raw!r} is not a number") from None
    return str(raw)


def read_checklist(path: str | Path, stage: str) -> dict[str, dict[str, Any]]:
    """Per-pair answers from CSV (``serial`` + one column per item code) or JSON.

    JSON: ``{"SERIAL": {"CS1": "pass", "CS2": 3.9, ...}, ...}``. Pass/fail accepts
    pass/fail, yes/no, true/false, 1/0; measurements are numbers; photos a file name.
    """
    template = DEFAULT_CHECKLISTS.get(stage)
    if template is None:
        raise ServiceError(f"stage {stage!r} must be one of {', '.join(STAGES)}")
    kinds = {i.code: i.kind for i in template.items}
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ServiceError(f"{p}: cannot be read ({exc.strerror or exc})") from exc
    if p.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ServiceError(f"{p.name}: not valid JSON ({exc})") from exc
        if not isinstance(data, dict):
            raise ServiceError(f"{p.name}: expected {{serial: {{item: answer}}}}")
        rows = [(f"{p.name} pair {s}", s, a) for s, a in data.items()]
    else:
        reader = csv.DictReader(io.StringIO(text))
        if "serial" not in [c.strip().lower() for c in reader.fieldnames or []]:
            raise ServiceError(f"{p.name}: missing column serial")
        rows = []
        for i, r in enumerate(reader, start=2):
            clean = {k.strip(): v for k, v in r.items() if k}
            serial = next(v for k, v in clean.items() if k.lower() == "serial")
            answers = {k.upper(): v for k, v in clean.items() if k.lower() != "serial"}
            rows.append((f"{p.name} row {i}", serial, answers))
    out: dict[str, dict[str, Any]] = {}
    for where, serial, answers in rows:
        serial = str(serial or "").strip()
        if not serial:
            raise ServiceError(f"{where}, column serial: empty")
        if serial in out:
            raise ServiceError(f"{where}: pair {serial} appears twice")
        if not isinstance(answers, dict):
            raise ServiceError(f"{where}: expected item answers")
        parsed = {}
        for code, raw in answers.items():
            code = str(code).strip().upper()
            if code not in kinds:
                raise ServiceError(
                    f"{where}, column {code}: the {stage} checklist has no such item "
                    f"(items: {', '.join(kinds)})"
                )
            parsed[code] = _answer(kinds[code], raw, f"{where}, column {code}")
        out[serial] = parsed
    return out


def record_checklist(
    uow: SqlUnitOfWork,
    batch_code: str,
    stage: str,
    answers: Mapping[str, Mapping[str, Any]],
    *,
    day: date | None = None,
    inspector: str = "",
) -> ChecklistReport:
    """Record an in-process check of some pairs at one stage: one inspection, all or nothing.

    Each pair's filled checklist is judged; a failed item becomes a taxonomy defect on that
    pair. The inspection's sample is the pairs checked, its lot the batch's pairs.
    """
    template = DEFAULT_CHECKLISTS.get(stage)
    if template is None:
        raise ServiceError(f"stage {stage!r} must be one of {', '.join(STAGES)}")
    batch = uow.batches.get(batch_code)
    if batch is None:
        raise ServiceError(f"batch {batch_code} does not exist")
    if not answers:
        raise ServiceError(f"no pairs checked at {stage} for batch {batch.code}")
    serials = {p.serial for p in uow.pairs.list(batch_code=batch.code)}
    tax = taxonomy(uow)
    results: dict[str, ChecklistResult] = {}
    for serial, filled in answers.items():
        if serial not in serials:
            known = uow.pairs.get(serial)
            raise ServiceError(
                f"pair serial {serial} does not exist"
                if known is None
                else f"pair {serial} belongs to batch {known.batch_code}, not {batch.code}"
            )
        try:
            results[serial] = evaluate_checklist(template, filled, taxonomy=tax,
                                                 pair_serial=serial)  # fmt: skip
        except DomainError as exc:
            raise _wrap(exc, f"pair {serial}") from exc
    defects = tuple(d for r in results.values() for d in r.defects)
    failed = sorted(s for s, r in results.items() if not r.passed)
    inspection = Inspection(
        batch_code=batch.code,
        operation=template.operation,
        inspector=inspector,
        day=day or date.today(),
        lot_size=max(len(serials), len(results)),
        sample_size=len(results),
        defects=defects,
        result=InspectionResult.REJECTED if failed else InspectionResult.ACCEPTED,
    )
    inspection_id = uow.inspections.add(inspection)
    uow.documents.put(KIND_CHECKED, str(inspection_id), {"serials": sorted(results)})
    uow.documents.put(KIND_CHECKLIST, str(inspection_id), {
        "batch_code": batch.code, "stage": stage, "day": inspection.day.isoformat(),
        "inspector": inspector,
        "pairs": {s: [{"item": i.code, "passed": i.passed, "value": i.value,
                       "message": i.message} for i in r.items] for s, r in results.items()},
    })  # fmt: skip
    uow.commit()
    return ChecklistReport(
        inspection_id, batch.code, stage, len(results), failed, [defect_json(d) for d in defects]
    )


@dataclass(frozen=True)
class LabReport:
    batch_code: str
    key: str
    passed: bool
    results: dict[str, dict[str, Any]]
    ncr: str | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _lab_json(r: LabResult) -> dict[str, Any]:
    return {"name": r.test.name, "unit": r.test.unit, "lower": r.test.lower,
            "upper": r.test.upper, "values": list(r.values), "passed": r.passed,
            "worst": r.worst, "message": r.message}  # fmt: skip


def _record_lab(
    uow: SqlUnitOfWork,
    batch_code: str,
    measurements: Mapping[str, float | Iterable[float]],
    day: date,
    tester: str,
) -> LabReport:
    batch = uow.batches.get(batch_code)
    if batch is None:
        raise ServiceError(f"batch {batch_code} does not exist")
    if not measurements:
        raise ServiceError("give at least one lab measurement, e.g. SOLE_BOND=4.6,4.9")
    try:
        results = evaluate_lab_tests({k.strip().upper(): v for k, v in measurements.items()})
    except DomainError as exc:
        raise _wrap(exc, f"lab tests of batch {batch.code}") from exc
    prefix = f"{batch.code}/{day.isoformat()}/"
    n = sum(1 for k in uow.documents.list(KIND_LAB) if k.startswith(prefix)) + 1
    key = f"{prefix}{n}"
    failed = [r for r in results.values() if not r.passed]
    ncr_ref = None
    if failed:
        text = "; ".join(f"{r.test.name}: {r.message}" for r in failed)
        ncr_ref = _open_ncr(uow, f"lab test failed on batch {batch.code}: {text}", day,
                            batch_code=batch.code).reference  # fmt: skip
    body = {"batch_code": batch.code, "day": day.isoformat(), "tester": tester,
            "results": {k: _lab_json(r) for k, r in results.items()}, "ncr": ncr_ref}  # fmt: skip
    uow.documents.put(KIND_LAB, key, body)
    return LabReport(batch.code, key, not failed, body["results"], ncr_ref)


def record_lab_tests(
    uow: SqlUnitOfWork,
    batch_code: str,
    measurements: Mapping[str, float | Iterable[float]],
    *,
    day: date | None = None,
    tester: str = "",
) -> LabReport:
    """Record a batch's lab tests (e.g. sole bond per specimen); a failure opens an NCR."""
    report = _record_lab(uow, batch_code, measurements, day or date.today(), tester)
    uow.commit()
    return report


def lab_results(uow: SqlUnitOfWork, batch_code: str | None = None) -> list[dict[str, Any]]:
    keys = uow.documents.list(KIND_LAB)
    if batch_code is not None:
        keys = [k for k in keys if k.split("/")[0] == batch_code]
    return [uow.documents.get(KIND_LAB, k) or {} for k in keys]


def parse_measurements(items: Sequence[str]) -> dict[str, list[float]]:
    """``["SOLE_BOND=4.6,4.9", "FLEX=32000"]`` → ``{"SOLE_BOND": [4.6, 4.9], ...}``."""
    out: dict[str, list[float]] = {}
    for item in items:
        code, sep, values = item.partition("=")
        if not sep or not code.strip():
            raise ServiceError(f"{item!r}: write TEST=value[,value...], e.g. SOLE_BOND=4.6,4.9")
        try:
            out.setdefault(code.strip().upper(), []).extend(
                float(v) for v in values.split(",") if v.strip()
            )
        except ValueError:
            raise ServiceError(f"{item!r}: the values must be numbers") from None
    return out


# --- control charts, Pareto, first-pass yield ----------------------------------------------


def _operation(name: str) -> Operation:
    key = name.strip().lower()
    if key == "final":
        return Operation.INSPECTION
    try:
        return Operation(key)
    except ValueError:
        names = ", ".join([o.value for o in Operation] + ["final"])
        raise ServiceError(f"operation {name!r} must be one of {names}") from None


@dataclass(frozen=True)
class ChartReport:
    operation: str
    chart: ControlChart
    violations: list[RuleViolation]
    rules: str
    severity: str | None

    def svg(self) -> str:
        what = "defective pairs" if self.chart.kind == "p" else "defects per pair"
        sev = f" ({self.severity})" if self.severity else ""
        return control_chart_svg(
            self.chart, self.violations, f"{self.operation}: {what}{sev} — {self.chart.kind} chart"
        )

    def png(self, path: str | Path) -> None:
        """The same chart as a PNG picture (matplotlib), for documents and e-mail."""
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib import pyplot as plt

        c = self.chart
        scale = 100.0 if c.kind == "p" else 1.0
        x = np.arange(len(c.values))
        flagged = {i for v in self.violations for i in v.points}
        fig, ax = plt.subplots(figsize=(8, 3.6), dpi=120)
        ax.plot(x, np.asarray(c.values) * scale, "-o", color="#2c6fad", ms=3, lw=1)
        ax.step(x, np.asarray(c.ucl) * scale, where="mid", color="#c0392b", ls="--", lw=1)
        ax.step(x, np.asarray(c.lcl) * scale, where="mid", color="#c0392b", ls="--", lw=1)
        ax.axhline(c.center * scale, color="#222", lw=1)
        if flagged:
            idx = sorted(flagged)
            ax.plot(idx, np.asarray(c.values)[idx] * scale, "o", color="#c0392b", ms=5)
        ax.set_title(f"{self.operation}: {c.kind} chart")
        ax.set_ylabel("% defective pairs" if c.kind == "p" else "defects per pair")
        ax.set_xlabel("inspection (date order)")
        fig.tight_layout()
        try:
            fig.savefig(path, format="png")
        finally:
            plt.close(fig)

    def as_dict(self) -> dict[str, Any]:
        c = self.chart
        return {
            "operation": self.operation,
            "kind": c.kind,
            "severity": self.severity,
            "rules": self.rules,
            "center": c.center,
            "points": [
                {"label": c.labels[i], "count": c.counts[i], "size": c.sizes[i],
                 "value": c.values[i], "lcl": c.lcl[i], "ucl": c.ucl[i]}
                for i in range(len(c.values))
            ],
            "violations": [
                {"rule": v.rule, "at": v.at, "label": c.labels[v.at], "points": list(v.points),
                 "description": v.description}
                for v in self.violations
            ],
        }  # fmt: skip


def control_chart(
    uow: SqlUnitOfWork,
    operation: str,
    *,
    kind: str = "p",
    severity: str | None = None,
    rules: str = "nelson",
    since: date | None = None,
) -> ChartReport:
    """A p or u chart of an operation's stored inspections, in date order, with run rules."""
    op = _operation(operation)
    if kind not in ("p", "u"):
        raise ServiceError(f"chart kind {kind!r} must be p or u")
    if rules not in ("nelson", "western-electric"):
        raise ServiceError(f"rules {rules!r} must be nelson or western-electric")
    sev = None
    if severity:
        try:
            sev = Severity(severity.strip().lower())
        except ValueError:
            raise ServiceError(f"severity {severity!r} must be critical, major or minor") from None
    chosen = [
        i for i in uow.inspections.list()
        if i.operation is op and (since is None or i.day >= since)
    ]  # fmt: skip
    if not chosen:
        raise ServiceError(f"no {op.value} inspections recorded yet")
    chart = (p_chart_of if kind == "p" else u_chart_of)(chosen, op, sev)
    found = nelson(chart) if rules == "nelson" else western_electric(chart)
    return ChartReport(op.value, chart, found, rules, sev.value if sev else None)


def return_defects(uow: SqlUnitOfWork, tax: Taxonomy | None = None) -> list[Defect]:
    """Returns whose reason code is a taxonomy defect code, as defects (one per return)."""
    tax = tax or taxonomy(uow)
    return [_return_defect(tax, f) for f in _returns(uow, tax)]


def _return_defect(tax: Taxonomy, f: Feedback) -> Defect:
    return tax.defect(
        f.reason_code, pair_serial=f.pair_serial, note=f"return {f.day.isoformat()}: {f.text}"
    )


@dataclass(frozen=True)
class ParetoReport:
    by: str
    bars: list[ParetoBar]
    from_inspections: int
    from_returns: int
    names: dict[str, str]

    def svg(self) -> str:
        return pareto_svg(self.bars, f"Defects by {self.by}")

    def as_dict(self) -> dict[str, Any]:
        return {
            "by": self.by,
            "from_inspections": self.from_inspections,
            "from_returns": self.from_returns,
            "bars": [{"key": b.key, "name": self.names.get(b.key, ""), "count": b.count,
                      "share": b.share, "cumulative": b.cumulative} for b in self.bars],
        }  # fmt: skip


def defect_pareto(
    uow: SqlUnitOfWork,
    *,
    by: str = "family",
    operation: str | None = None,
    returns: bool = True,
    since: date | None = None,
) -> ParetoReport:
    """Defects from inspections (and returns with a defect reason code) ranked by cause."""
    if by not in ("family", "code", "severity"):
        raise ServiceError(f"Pareto by {by!r}: use family, code or severity")
    op = _operation(operation) if operation else None
    tax = taxonomy(uow)
    found = [
        d
        for i in uow.inspections.list()
        if (op is None or i.operation is op) and (since is None or i.day >= since)
        for d in i.defects
    ]
    back: list[Defect] = []
    if returns:
        back = [
            _return_defect(tax, f) for f in _returns(uow, tax) if since is None or f.day >= since
        ]
    bars = pareto_of_defects(found + back, by=by)
    names = {t.code: t.name for t in tax.types} if by == "code" else {}
    return ParetoReport(by, bars, sum(d.count for d in found), len(back), names)


def _returns(uow: SqlUnitOfWork, tax: Taxonomy) -> list[Feedback]:
    return [
        f for f in uow.feedback.list() if f.kind is FeedbackKind.RETURN and f.reason_code in tax
    ]


def first_pass_yields(uow: SqlUnitOfWork, *, since: date | None = None) -> dict[str, Any]:
    """First-pass yield per operation from stored inspections, and the rolled yield."""
    chosen = [i for i in uow.inspections.list() if since is None or i.day >= since]
    if not chosen:
        raise ServiceError("no inspections recorded yet")
    yields = first_pass_yield(chosen)
    return {
        "operations": [
            {"operation": y.operation, "pairs": y.units, "first_pass": y.first_pass,
             "fpy": y.fpy}
            for y in yields.values()
        ],
        "rolled_throughput_yield": rolled_throughput_yield(yields),
    }  # fmt: skip


__all__ = [
    "KIND_CHECKED", "KIND_CHECKLIST", "KIND_DRAW", "KIND_HOLD", "KIND_LAB", "KIND_LOT", "KIND_NCR",
    "KIND_SWITCHING", "KIND_TAXONOMY", "ChartReport", "ChecklistReport", "Finding", "LabReport",
    "LotDraw", "LotReport", "ParetoReport", "add_defect_type", "batch_inspection_plan",
    "control_chart", "defect_pareto", "draw_order", "draw_sample", "first_pass_yields",
    "inspect_lot", "lab_results", "list_ncrs", "lot_holds", "lot_records", "move_ncr",
    "open_ncr", "parse_measurements", "quality_plan", "read_checklist", "read_findings",
    "record_checklist", "record_lab_tests", "release_lot", "resume_line", "return_defects",
    "store_history", "switching_history", "switching_report", "switching_state",
    "switching_states", "taxonomy",
]  # fmt: skip


# --- the demo workshop's past season -------------------------------------------------------


def store_history(uow: SqlUnitOfWork, history: Any) -> None:
    """Store a :class:`cordwain.demo.history.DemoHistory` (no commit: the caller's).

    Final lots go through the same path as ``cordwain qc inspect`` — sample drawn, defects of
    the sampled pairs recorded, decision, switching state, hold and non-conformance — so the
    demo's documents are exactly what live use writes.
    """
    from .trace import put_links, put_used_hide

    tax = taxonomy(uow)
    for b in history.batches:
        uow.batches.add(b)
    uow.pairs.add_many(history.pairs)
    by_batch: dict[str, list[Any]] = {}
    for ln in history.hide_links:
        by_batch.setdefault(ln.pair_serial.rsplit("-", 1)[0], []).append(ln)
    for code, links in by_batch.items():
        put_links(uow, code, links)
    for h in history.used_hides:
        put_used_hide(uow, h.code, h.material_code, h.lot, h.received, h.note)
    for r in history.operations:
        uow.operation_records.add(r)
    for i, serials in zip(history.inspections, history.inspected_pairs, strict=True):
        n = uow.inspections.add(i)
        uow.documents.put(KIND_CHECKED, str(n), {"serials": list(serials)})
    for f in history.feedback:
        uow.feedback.add(f)
    lots = sorted(history.final_lots, key=lambda lot: lot.day)
    labs = sorted(history.lab_tests, key=lambda lab: lab.day)
    for lab in labs:
        _record_lab(uow, lab.batch_code, lab.measurements, lab.day, lab.tester)
    for lot in lots:
        draw, plans, _, _ = _draw(uow, lot.batch_code, lot.style_code, lot.seed, "II", None)
        findings = [
            Finding(s, d.code, d.count, d.severity.value, d.note)
            for s in draw.serials
            for d in lot.latent.get(s, ())
            if s in draw.sample_for(d.severity) and d.code in tax
        ]
        _record_lot(
            uow, lot.batch_code, findings, style=lot.style_code, day=lot.day,
            inspector=lot.inspector, seed=lot.seed, level="II", aqls=None,
            reduced_approved=False, production_steady=True,
        )  # fmt: skip
    held = lot_holds(uow)
    for rel in history.releases:
        hold = held.get(rel.batch_code)
        if hold is not None:
            hold.update(status="released", released={"day": rel.day.isoformat(),
                                                      "note": rel.note})  # fmt: skip
            uow.documents.put(KIND_HOLD, rel.batch_code, hold)
    for fu in history.follow_ups:
        for n in list_ncrs(uow):
            if n.batch_code == fu.batch_code and fu.match in n.description:
                for status, day, note in fu.steps:
                    _move_ncr(uow, n.reference, status, day, note)
    for rec in history.ncrs:
        ncr = _open_ncr(
            uow, rec.description, rec.raised_on, batch_code=rec.batch_code,
            pair_serials=rec.pair_serials, hide_codes=rec.hide_codes, owner=rec.owner,
        )  # fmt: skip
        for status, day, note in rec.steps:
            _move_ncr(uow, ncr.reference, status, day, note)
