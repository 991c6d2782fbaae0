"""Switching between normal, tightened and reduced inspection (ISO 2859-1:1999 clause 9).

One :class:`SwitchingState` is kept per product line (the lead stores it); each inspected lot
moves it with :func:`record_lot`:

- normal → tightened when 2 of 5 or fewer consecutive lots are not accepted;
- tightened → normal after 5 consecutive accepted lots;
- normal → reduced when the switching score reaches 30, production is steady and the
  responsible authority approves reduced inspection;
- reduced → normal when a lot is not accepted, a gap lot is accepted with normal reinstated,
  or production becomes irregular;
- inspection is discontinued when 5 lots are not accepted during one spell of tightened
  inspection; :func:`resume_inspection` restarts it on tightened after corrective action.

Switching score (9.3.3.2, single sampling): with Ac ≥ 2 add 3 when the lot would also have been
accepted at the next tighter AQL, otherwise reset to 0; with Ac 0 or 1 add 2 when the lot is
accepted, otherwise reset to 0. With several defect classes, a lot earns points only when every
class earns them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from cordwain.domain import DomainError

from .sampling import InspectionSeverity, LotDecision, tighter_acceptance

#: Score at which reduced inspection may start.
REDUCED_SCORE = 30


class InspectionDiscontinued(DomainError):
    """Five lots failed on tightened inspection: stop accepting lots until corrective action."""


@dataclass(frozen=True, slots=True)
class SwitchingState:
    """Where a product line stands in the switching scheme."""

    severity: InspectionSeverity = InspectionSeverity.NORMAL
    recent_normal: tuple[bool, ...] = ()
    tightened_accepted_run: int = 0
    tightened_rejections: int = 0
    switching_score: int = 0
    discontinued: bool = False
    lots: int = 0
    reason: str = "start on normal inspection"

    def __post_init__(self) -> None:
        object.__setattr__(self, "severity", InspectionSeverity(self.severity))
        if self.switching_score < 0 or self.tightened_rejections < 0:
            raise DomainError("switching counters cannot be negative", field="switching_score")


def _score_points(decision: LotDecision) -> int | None:
    """Points the lot adds to the switching score, or None to reset it."""
    points = []
    for cls in decision.classes:
        plan = cls.plan
        if plan.ac >= 2:
            tighter = tighter_acceptance(plan)
            ok = tighter is not None and cls.found <= tighter
            points.append(3 if ok else None)
        else:
            points.append(2 if cls.found <= plan.ac else None)
    if not points or any(p is None for p in points):
        return None
    return min(p for p in points if p is not None)


def record_lot(
    state: SwitchingState,
    decision: LotDecision,
    *,
    production_steady: bool = True,
    reduced_approved: bool = False,
) -> SwitchingState:
    """The state after one lot on original inspection was decided."""
    if state.discontinued:
        raise InspectionDiscontinued(
            "inspection is discontinued for this product line: record corrective action and "
            "resume on tightened inspection first",
            field="severity",
        )
    lots = state.lots + 1
    accepted = decision.accepted
    sev = state.severity

    if sev is InspectionSeverity.NORMAL:
        recent = (state.recent_normal + (accepted,))[-5:]
        pts = _score_points(decision)
        score = 0 if pts is None else state.switching_score + pts
        if recent.count(False) >= 2:
            return SwitchingState(
                InspectionSeverity.TIGHTENED,
                lots=lots,
                reason="2 of the last 5 or fewer lots not accepted on normal inspection",
            )
        if score >= REDUCED_SCORE and production_steady and reduced_approved:
            return SwitchingState(
                InspectionSeverity.REDUCED,
                lots=lots,
                switching_score=score,
                reason=f"switching score {score} >= {REDUCED_SCORE}, steady production, approved",
            )
        return replace(
            state,
            recent_normal=recent,
            switching_score=score,
            lots=lots,
            reason="normal inspection continues",
        )

    if sev is InspectionSeverity.TIGHTENED:
        run = state.tightened_accepted_run + 1 if accepted else 0
        rejections = state.tightened_rejections + (0 if accepted else 1)
        if rejections >= 5:
            return replace(
                state,
                tightened_accepted_run=run,
                tightened_rejections=rejections,
                discontinued=True,
                lots=lots,
                reason="5 lots not accepted on tightened inspection",
            )
        if run >= 5:
            return SwitchingState(
                InspectionSeverity.NORMAL,
                lots=lots,
                reason="5 consecutive lots accepted on tightened inspection",
            )
        return replace(
            state,
            tightened_accepted_run=run,
            tightened_rejections=rejections,
            lots=lots,
            reason="tightened inspection continues",
        )

    # Reduced inspection.
    if not accepted or decision.reinstate_normal or not production_steady:
        why = (
            "a lot was not accepted on reduced inspection"
            if not accepted
            else "a lot fell between Ac and Re on reduced inspection"
            if decision.reinstate_normal
            else "production irregular"
        )
        return SwitchingState(InspectionSeverity.NORMAL, lots=lots, reason=why)
    return replace(state, lots=lots, reason="reduced inspection continues")


def resume_inspection(state: SwitchingState) -> SwitchingState:
    """After corrective action on a discontinued line: start again on tightened inspection."""
    if not state.discontinued:
        raise DomainError("inspection is not discontinued", field="discontinued")
    return SwitchingState(
        InspectionSeverity.TIGHTENED, lots=state.lots, reason="resumed after corrective action"
    )


def production_irregular(state: SwitchingState) -> SwitchingState:
    """Production stopped or became irregular: reduced inspection goes back to normal."""
    if state.severity is InspectionSeverity.REDUCED:
        return SwitchingState(
            InspectionSeverity.NORMAL, lots=state.lots, reason="production irregular"
        )
    return state
