"""Humane finite-capacity scheduling of a batch's operations on artisans and machines.

Build a :class:`ScheduleProblem`, call :func:`solve`, read the :class:`ScheduleResult`.
OR-Tools is imported only when a model is solved.
"""

from .engine import changed_assignments, jain_index, repair, solve
from .explain import explain
from .jobshop import (
    JobShop,
    JobShopResult,
    check_jobshop,
    greedy_jobshop,
    read_jobshop,
    solve_jobshop,
)
from .problem import (
    Absence,
    ArtisanLoad,
    Assignment,
    BreakSlot,
    Explanation,
    Machine,
    MachineDown,
    PromiseOutcome,
    ScheduleProblem,
    ScheduleResult,
    Task,
    Violation,
)
from .report import day_sheet_html, day_sheet_text, gantt_svg
from .rules import CALIFORNIA, HumaneRules
from .validate import validate

__all__ = [
    "CALIFORNIA", "Absence", "ArtisanLoad", "Assignment", "BreakSlot", "Explanation",
    "HumaneRules", "JobShop", "JobShopResult", "Machine", "MachineDown", "PromiseOutcome",
    "ScheduleProblem", "ScheduleResult", "Task", "Violation", "changed_assignments",
    "check_jobshop", "day_sheet_html", "day_sheet_text", "explain", "gantt_svg",
    "greedy_jobshop", "jain_index", "read_jobshop", "repair", "solve", "solve_jobshop",
    "validate",
]  # fmt: skip
