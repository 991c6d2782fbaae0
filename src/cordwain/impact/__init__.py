"""Waste and footprint accounting per batch and per season, next to the mass-production run
that the same demand would have met (plain functions over plain numbers and arrays)."""

from .accounting import (
    DEFAULT_FACTORS,
    BatchImpact,
    EmissionFactors,
    Factor,
    LeatherAccount,
    MassRun,
    batch_impact,
    leather_account,
    mass_production_run,
    season_impact,
)

__all__ = [
    "DEFAULT_FACTORS", "BatchImpact", "EmissionFactors", "Factor", "LeatherAccount", "MassRun",
    "batch_impact", "leather_account", "mass_production_run", "season_impact",
]  # fmt: skip
