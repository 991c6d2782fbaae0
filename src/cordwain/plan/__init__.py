"""Batch planning: size the next batch against demand scenarios, labour and materials (an exact
sample-average integer program with a greedy newsvendor baseline), a two-stage variant with a
top-up slot, and MRP (BOM explosion, netting, purchase suggestions)."""

from .mrp import (
    MaterialRequirement,
    PurchaseSuggestion,
    explode_and_net,
    suggest_purchases,
)
from .problem import (
    BatchProblem,
    Capacity,
    MaterialKey,
    WorkTime,
    capacity_from_artisans,
    colourway_of,
    gross_per_pair,
    material_available,
    material_limits,
    productive_minutes_per_day,
    routing_matrix,
    working_days,
)
from .solve import BatchResult, BindingConstraint, VariantPlan, solve, solve_greedy
from .two_stage import TwoStagePlan, solve_two_stage

__all__ = [
    "BatchProblem", "BatchResult", "BindingConstraint", "Capacity", "MaterialKey",
    "MaterialRequirement", "PurchaseSuggestion", "TwoStagePlan", "VariantPlan", "WorkTime",
    "capacity_from_artisans", "colourway_of", "explode_and_net", "gross_per_pair",
    "material_available", "material_limits", "productive_minutes_per_day", "routing_matrix",
    "solve", "solve_greedy", "solve_two_stage", "suggest_purchases", "working_days",
]  # fmt: skip
