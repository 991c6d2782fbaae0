"""The artisans: skills with their own pace, contracted hours, shift calendar."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time

from .catalogue import Operation, check_code
from .errors import require

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class Shift:
    """A working day pattern: which weekdays, from when to when (local time)."""

    days: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")
    start: time = time(8, 0)
    end: time = time(16, 30)

    def __post_init__(self) -> None:
        days = tuple(d.strip().lower()[:3] for d in self.days)
        require(all(d in WEEKDAYS for d in days), f"unknown weekday in {self.days}", field="days")
        require(len(set(days)) == len(days), "a weekday is listed twice", field="days")
        object.__setattr__(self, "days", tuple(sorted(days, key=WEEKDAYS.index)))
        require(self.start < self.end, "a shift must end after it starts", field="shift")

    @property
    def minutes_per_day(self) -> int:
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)


@dataclass(frozen=True, slots=True)
class Artisan:
    """A person of the workshop. ``skills`` maps operation → minutes per pair at their pace."""

    code: str
    name: str
    skills: dict[Operation, float]
    weekly_hours: float = 40.0
    shift: Shift = field(default_factory=Shift)
    overtime_opt_in: bool = False
    hourly_rate: float = 25.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", check_code(self.code, "artisan"))
        require(bool(self.name.strip()), "an artisan needs a name", field="name")
        skills = {Operation(k): float(v) for k, v in self.skills.items()}
        require(bool(skills), "an artisan needs at least one skill", field="skills")
        require(
            all(v > 0 for v in skills.values()), "minutes per pair must be positive", field="skills"
        )
        object.__setattr__(self, "skills", skills)
        require(
            0 < self.weekly_hours <= 60, "weekly hours must be in (0, 60]", field="weekly_hours"
        )
        require(self.hourly_rate >= 0, "hourly rate cannot be negative", field="hourly_rate")

    def can(self, operation: Operation) -> bool:
        return operation in self.skills

    def pairs_per_hour(self, operation: Operation) -> float:
        return 60.0 / self.skills[operation] if operation in self.skills else 0.0
