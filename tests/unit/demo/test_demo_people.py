"""The artisans: every operation covered, different paces, part-timers, shifts, overtime."""

from __future__ import annotations

from cordwain.demo import DemoWorkshop
from cordwain.domain import Operation


def test_eight_to_fifteen_artisans_with_unique_codes(workshop: DemoWorkshop) -> None:
    assert 8 <= len(workshop.artisans) <= 15
    assert len({a.code for a in workshop.artisans}) == len(workshop.artisans)


def test_every_routing_operation_has_at_least_one_skilled_artisan(
    workshop: DemoWorkshop,
) -> None:
    used = {step.operation for s in workshop.styles for step in s.routing}
    for op in used:
        skilled = [a for a in workshop.artisans if a.can(op)]
        assert skilled, op
    # No one is trained for something the workshop never does.
    for a in workshop.artisans:
        assert set(a.skills) <= used, a.code


def test_the_bottleneck_operations_have_a_backup(workshop: DemoWorkshop) -> None:
    for op in Operation:
        assert sum(a.can(op) for a in workshop.artisans) >= 2, op


def test_the_trainee_closes_about_thirty_percent_slower_than_the_best_closer(
    workshop: DemoWorkshop,
) -> None:
    closing = sorted(
        a.skills[Operation.CLOSING] for a in workshop.artisans if a.can(Operation.CLOSING)
    )
    assert 1.3 <= closing[-1] / closing[0] <= 1.7
    mean_standard = sum(s.step(Operation.CLOSING).minutes_per_pair for s in workshop.styles) / len(
        workshop.styles
    )
    assert closing[-1] >= 1.2 * mean_standard


def test_some_work_part_time_and_some_opted_into_overtime(workshop: DemoWorkshop) -> None:
    hours = [a.weekly_hours for a in workshop.artisans]
    part_time = [h for h in hours if h < 40]
    assert part_time and all(24 <= h <= 32 for h in part_time)
    assert all(h <= 40 for h in hours)
    opted = [a for a in workshop.artisans if a.overtime_opt_in]
    assert 0 < len(opted) < len(workshop.artisans)


def test_contracted_hours_match_the_shift_less_the_meal_break(workshop: DemoWorkshop) -> None:
    for a in workshop.artisans:
        day = a.shift.minutes_per_day - (30 if a.shift.minutes_per_day > 300 else 0)
        assert a.weekly_hours * 60 == day * len(a.shift.days), a.code


def test_pay_is_above_the_los_angeles_minimum_wage(workshop: DemoWorkshop) -> None:
    rates = [a.hourly_rate for a in workshop.artisans]
    assert min(rates) >= 17.87  # City of Los Angeles minimum from July 2025
    assert max(rates) > min(rates)
