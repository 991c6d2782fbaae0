"""Use cases: verbs over a unit of work that tie the engines to the store.

The CLI, the API and the web pages call these and nothing below them.
"""

from .cutting import (
    CuttingReport,
    PatternImport,
    cutting_plan,
    import_hide_file,
    import_patterns,
    plan_cutting,
    read_cutting_yield,
    write_plan_files,
)
from .demand import (
    ForecastReport,
    backtest_demand,
    forecast_demand,
    forecast_problem,
    latest_forecast,
    plot_forecast,
    record_stockouts,
)
from .errors import ServiceError
from .impact import (
    batch_impact_report,
    impact_factors,
    impact_factors_report,
    save_impact_factors,
    season_impact_report,
)
from .imports import CSV_KINDS, FileReport, export_csv, import_context, import_csv, import_rows
from .plan import PlanReport, PlanSettings, get_plan, load_settings, plan_next_batch, save_settings
from .plan_report import write_plan_report
from .scheduling import (
    RepairReport,
    ScheduleReport,
    ScheduleSettings,
    day_sheet,
    gantt,
    repair_schedule,
    save_schedule_settings,
    schedule_batch,
    schedule_settings,
    solve_jobshop_file,
    stored_schedule,
)
from .workshop import (
    InitReport,
    WorkshopStatus,
    init_workshop,
    prepare_database,
    store_workshop,
    unit_of_work,
    workshop_status,
)

__all__ = [
    "batch_impact_report",
    "impact_factors",
    "impact_factors_report",
    "save_impact_factors",
    "season_impact_report",
    "CuttingReport",
    "PatternImport",
    "cutting_plan",
    "import_hide_file",
    "import_patterns",
    "plan_cutting",
    "read_cutting_yield",
    "write_plan_files",
    "PlanReport",
    "PlanSettings",
    "get_plan",
    "load_settings",
    "plan_next_batch",
    "save_settings",
    "write_plan_report",
    "RepairReport",
    "ScheduleReport",
    "ScheduleSettings",
    "day_sheet",
    "gantt",
    "repair_schedule",
    "save_schedule_settings",
    "schedule_batch",
    "schedule_settings",
    "solve_jobshop_file",
    "stored_schedule",
    "CSV_KINDS",
    "ForecastReport",
    "backtest_demand",
    "forecast_demand",
    "forecast_problem",
    "latest_forecast",
    "plot_forecast",
    "record_stockouts",
    "FileReport",
    "InitReport",
    "ServiceError",
    "WorkshopStatus",
    "export_csv",
    "import_context",
    "import_csv",
    "import_rows",
    "init_workshop",
    "prepare_database",
    "store_workshop",
    "unit_of_work",
    "workshop_status",
]
