"""Humane working rules of a workshop, with California defaults for a Los Angeles shop.

All durations are minutes. Every rule is a hard constraint of the schedule and is re-checked
by the validator.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class HumaneRules:
    """Breaks, hour caps, overtime and rotation.

    California defaults: a 30-minute unpaid meal break starting before the end of the 5th hour
    of a day over 5 hours; a 10-minute paid rest per 4 hours worked "or major fraction"
    (3.5 h → 1, 6 h → 2, 10 h → 3); 8 h a day and 40 h a week of normal time; overtime only
    for artisans who opted in, at most 1 h a day and 2 h a week, paid at 1.5×.
    """

    meal_minutes: int = 30
    meal_after_minutes: int = 240  # where the planner puts the meal: 4 h into the day
    meal_latest_start_minutes: int = 300  # the law: it must start by the end of the 5th hour
    meal_required_over_minutes: int = 300  # a day longer than 5 h needs a meal break
    second_meal_over_minutes: int = 600
    rest_minutes: int = 10
    rest_per_minutes: int = 240
    max_continuous_work_minutes: int = 240  # never more than this without a rest or meal
    daily_normal_minutes: int = 480
    weekly_normal_minutes: int = 2400
    overtime_daily_cap_minutes: int = 60
    overtime_weekly_cap_minutes: int = 120
    overtime_premium: float = 1.5
    # Rotation: at most this much work on one repetitive operation between two meal breaks
    # (or day ends); ``None`` switches the rule off.
    max_same_operation_minutes: int | None = 180
    promises_are_hard: bool = False
    tardiness_weight: int = 10  # one minute late on a promise costs as much as 10 overtime minutes
    # Fairness may lengthen the makespan by at most this fraction of the best one found (the
    # "relative tolerance" of a lexicographic multi-objective solve); 0 keeps the order strict.
    makespan_slack: float = 0.0

    def __post_init__(self) -> None:
        checks = [
            (self.meal_minutes >= 30 or self.meal_minutes == 0, "meal_minutes", "at least 30"),
            (
                0 < self.meal_after_minutes <= self.meal_latest_start_minutes,
                "meal_after_minutes",
                f"between 1 and meal_latest_start_minutes ({self.meal_latest_start_minutes})",
            ),
            (self.rest_minutes >= 0, "rest_minutes", ">= 0"),
            (self.rest_per_minutes > 0, "rest_per_minutes", "> 0"),
            (self.max_continuous_work_minutes > 0, "max_continuous_work_minutes", "> 0"),
            (0 < self.daily_normal_minutes <= 1440, "daily_normal_minutes", "in (0, 1440]"),
            (self.weekly_normal_minutes > 0, "weekly_normal_minutes", "> 0"),
            (self.overtime_daily_cap_minutes >= 0, "overtime_daily_cap_minutes", ">= 0"),
            (self.overtime_weekly_cap_minutes >= 0, "overtime_weekly_cap_minutes", ">= 0"),
            (self.overtime_premium >= 1.0, "overtime_premium", ">= 1"),
            (
                self.max_same_operation_minutes is None or self.max_same_operation_minutes > 0,
                "max_same_operation_minutes",
                "> 0 or None",
            ),
            (self.tardiness_weight >= 0, "tardiness_weight", ">= 0"),
            (0.0 <= self.makespan_slack <= 0.5, "makespan_slack", "between 0 and 0.5"),
        ]
        for ok, name, what in checks:
            if not ok:
                raise ValueError(f"HumaneRules.{name} must be {what}, got {getattr(self, name)}")

    def rests_required(self, worked_minutes: int) -> int:
        """Paid rests owed for a day: one per 4 hours or major fraction thereof."""
        if self.rest_minutes == 0 or worked_minutes < self.rest_per_minutes * 7 // 8:
            return 0  # under 3.5 h (with the 4 h default) no rest is owed
        return (worked_minutes + self.rest_per_minutes // 2 - 1) // self.rest_per_minutes


CALIFORNIA = HumaneRules()
