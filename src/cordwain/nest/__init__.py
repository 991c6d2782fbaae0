"""Cutting plans: nest graded pattern pieces on hides (quality zones, holes, grain) and rolls.

Library use::

    from cordwain.nest import NestProblem, PieceDemand, solve
    result = solve(NestProblem.from_domain(hides, demands), time_limit=30, seed=1)
"""

from .engine import solve, solve_greedy
from .io_dxf import read_hide_dxf, read_outlines, read_pattern_dxf, write_pieces_dxf, write_plan_dxf
from .io_json import plan_summary, read_hides_json, write_hides_json
from .io_svg import pieces_svg, read_hide_svg, read_pattern_svg, read_svg_outlines
from .jagua import load_jagua_bins, load_jagua_strip
from .model import (
    GRADE_LEVEL,
    ItemType,
    NestInputError,
    NestProblem,
    NestResult,
    PieceDemand,
    Placement,
    Sheet,
    SheetUsage,
    Unplaced,
    Zone,
    hide_sheet,
)
from .offcuts import offcuts_from
from .picture import plan_svg
from .rolls import RollItem, RollPlacement, RollProblem, RollResult, solve_roll, solve_roll_shelf
from .validate import validate

__all__ = [
    "GRADE_LEVEL", "ItemType", "NestInputError", "NestProblem", "NestResult", "PieceDemand",
    "Placement", "RollItem", "RollPlacement", "RollProblem", "RollResult", "Sheet", "SheetUsage",
    "Unplaced", "Zone", "hide_sheet", "load_jagua_bins", "load_jagua_strip", "offcuts_from",
    "pieces_svg", "plan_summary", "plan_svg", "read_hide_dxf", "read_hide_svg",
    "read_hides_json", "read_outlines", "read_pattern_dxf", "read_pattern_svg",
    "read_svg_outlines", "solve", "solve_greedy", "solve_roll", "solve_roll_shelf", "validate",
    "write_hides_json", "write_pieces_dxf", "write_plan_dxf",
]  # fmt: skip
