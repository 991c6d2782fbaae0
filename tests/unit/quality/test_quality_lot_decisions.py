"""Plans for a finished lot of pairs, the accept/reject verdict, and the switching rules."""

import pytest

from cordwain.domain import Defect, DomainError, Severity
from cordwain.quality import (
    InspectionDiscontinued,
    InspectionPlanProblem,
    InspectionSeverity,
    SamplingError,
    SwitchingState,
    acceptance_probability,
    lot_decision,
    lot_plans,
    record_lot,
    resume_inspection,
    sampling_plan,
    solve,
)


def test_a_lot_of_1000_pairs_at_aql_2_5_samples_80_and_accepts_up_to_5():
    plan = sampling_plan(1000, 2.5)
    assert plan.to_json() == {
        "code_letter": "J",
        "sample_size": 80,
        "accept": 5,
        "reject": 6,
        "hundred_percent": False,
    }


def test_a_lot_smaller_than_the_sample_is_inspected_whole():
    plan = sampling_plan(15, 0.65)  # letter B, arrow down to F (n = 20)
    assert plan.hundred_percent and plan.sample_size == 15
    assert (plan.code_letter, plan.ac, plan.re) == ("F", 0, 1)


def test_footwear_defaults_put_critical_defects_on_the_major_sample_with_zero_accepted():
    plans = lot_plans(300)  # letter H, n = 50
    assert plans[Severity.MAJOR].sample_size == 50
    assert (plans[Severity.MAJOR].ac, plans[Severity.MAJOR].re) == (3, 4)
    assert (plans[Severity.MINOR].ac, plans[Severity.MINOR].re) == (5, 6)
    critical = plans[Severity.CRITICAL]
    assert (critical.sample_size, critical.ac, critical.re) == (50, 0, 1)


def test_one_critical_defect_rejects_a_lot_that_majors_and_minors_would_accept():
    plans = lot_plans(300)
    ok = lot_decision(plans, {Severity.MAJOR: 3, Severity.MINOR: 5})
    assert ok.accepted and ok.verdict == "accept"
    bad = lot_decision(plans, {Severity.CRITICAL: 1, Severity.MAJOR: 0})
    assert not bad.accepted and bad.rejected_by == (Severity.CRITICAL,)


def test_decision_from_recorded_defects_sums_their_counts():
    plans = lot_plans(300)
    defects = [
        Defect("stitching", "ST02", "major", count=2),
        Defect("upper", "UP01", "major", count=2),
    ]
    decision = lot_decision(plans, defects)
    assert not decision.accepted and decision.rejected_by == (Severity.MAJOR,)


def test_reduced_gap_accepts_the_lot_but_asks_for_normal_inspection():
    plan = sampling_plan(1000, 2.5, severity="reduced")  # J reduced: n = 32, 2/5
    assert (plan.sample_size, plan.ac, plan.re, plan.has_gap) == (32, 2, 5, True)
    decision = lot_decision({Severity.MAJOR: plan}, {Severity.MAJOR: 3})
    assert decision.accepted and decision.reinstate_normal
    state = SwitchingState(InspectionSeverity.REDUCED)
    assert record_lot(state, decision).severity is InspectionSeverity.NORMAL


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"lot_size": 0, "aql": 2.5}, "lot_size"),
        ({"lot_size": 100, "aql": 3.0}, "aql"),
        ({"lot_size": 100, "aql": 2.5, "level": "IV"}, "level"),
        ({"lot_size": 100, "aql": 2.5, "severity": "strict"}, "severity"),
    ],
)
def test_bad_input_names_the_field(kwargs, field):
    with pytest.raises(SamplingError) as err:
        sampling_plan(**kwargs)
    assert err.value.field == field


def _lot(accepted: bool, lot_size: int = 500, found: int | None = None):
    plans = {Severity.MAJOR: sampling_plan(lot_size, 2.5)}  # H: n = 50, 3/4
    n = found if found is not None else (0 if accepted else 4)
    return lot_decision(plans, {Severity.MAJOR: n})


def test_two_rejections_in_five_lots_tighten_inspection():
    s = SwitchingState()
    for ok in (True, False, True, True):
        s = record_lot(s, _lot(ok))
        assert s.severity is InspectionSeverity.NORMAL
    s = record_lot(s, _lot(False))
    assert s.severity is InspectionSeverity.TIGHTENED


def test_rejections_six_lots_apart_do_not_tighten():
    s = SwitchingState()
    for ok in (False, True, True, True, True, False):
        s = record_lot(s, _lot(ok))
    assert s.severity is InspectionSeverity.NORMAL


def test_five_accepted_lots_on_tightened_return_to_normal():
    s = SwitchingState(InspectionSeverity.TIGHTENED)
    for _ in range(4):
        s = record_lot(s, _lot(True))
        assert s.severity is InspectionSeverity.TIGHTENED
    assert record_lot(s, _lot(True)).severity is InspectionSeverity.NORMAL


def test_five_rejections_on_tightened_discontinue_until_corrective_action():
    s = SwitchingState(InspectionSeverity.TIGHTENED)
    for ok in (False, True, False, False, True, False):
        s = record_lot(s, _lot(ok))
    assert not s.discontinued
    s = record_lot(s, _lot(False))
    assert s.discontinued
    with pytest.raises(InspectionDiscontinued):
        record_lot(s, _lot(True))
    assert resume_inspection(s).severity is InspectionSeverity.TIGHTENED


def test_switching_score_reaches_30_after_ten_lots_good_at_a_tighter_aql():
    # H at 2.5 is 3/4; one step tighter (1.5) is 2/3: lots with <= 2 defects score 3.
    s = SwitchingState()
    for _ in range(9):
        s = record_lot(s, _lot(True, found=2), reduced_approved=True)
    assert (s.severity, s.switching_score) == (InspectionSeverity.NORMAL, 27)
    s = record_lot(s, _lot(True, found=2), reduced_approved=True)
    assert s.severity is InspectionSeverity.REDUCED


def test_a_lot_accepted_only_at_the_stated_aql_resets_the_score():
    s = SwitchingState()
    for _ in range(5):
        s = record_lot(s, _lot(True, found=2))
    s = record_lot(s, _lot(True, found=3))
    assert s.switching_score == 0


def test_score_without_approval_or_steady_production_stays_on_normal():
    s = SwitchingState()
    for _ in range(12):
        s = record_lot(s, _lot(True), reduced_approved=False)
    assert s.severity is InspectionSeverity.NORMAL and s.switching_score >= 30
    s2 = record_lot(s, _lot(True), reduced_approved=True, production_steady=False)
    assert s2.severity is InspectionSeverity.NORMAL


def test_zero_acceptance_plans_score_two_per_accepted_lot():
    plans = {Severity.MAJOR: sampling_plan(100, 0.65)}  # F: n = 20, 0/1
    s = SwitchingState()
    for _ in range(15):
        s = record_lot(s, lot_decision(plans, {Severity.MAJOR: 0}), reduced_approved=True)
    assert s.severity is InspectionSeverity.REDUCED


def test_reduced_goes_back_to_normal_on_a_rejected_lot():
    s = SwitchingState(InspectionSeverity.REDUCED)
    plans = {Severity.MAJOR: sampling_plan(500, 2.5, state=s)}  # H reduced: n = 20, 1/4
    assert plans[Severity.MAJOR].sample_size == 20
    s = record_lot(s, lot_decision(plans, {Severity.MAJOR: 4}))
    assert s.severity is InspectionSeverity.NORMAL


def test_oc_curve_of_the_j_plan_at_the_aql():
    plan = sampling_plan(1000, 2.5)
    pa = acceptance_probability(plan, 0.025)
    assert 0.95 < pa < 0.99
    assert 0.15 < acceptance_probability(plan, 0.10) < 0.2
    assert acceptance_probability(plan, 0.15) < 0.03
    assert acceptance_probability(plan, 0.0) == pytest.approx(1.0)


def test_engine_shape_solve_returns_the_largest_sample():
    result = solve(InspectionPlanProblem(lot_size=1000))
    assert result.status == "exact" and result.objective == 80
    with pytest.raises(DomainError):
        InspectionPlanProblem(lot_size=-5)
