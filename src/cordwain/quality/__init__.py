"""Quality engine: ISO 2859-1 / Z1.4 sampling, switching rules, checklists, SPC, traceability.

Pure logic over :mod:`cordwain.domain` objects (numpy/scipy only); the store and services feed
it records and keep its states.
"""

from .charts import control_chart_svg, oc_curve_svg, pareto_svg
from .checklists import (
    DEFAULT_CHECKLISTS,
    DEFAULT_LAB_TESTS,
    DEFAULT_TAXONOMY,
    STAGES,
    ChecklistItem,
    ChecklistResult,
    ChecklistTemplate,
    DefectType,
    ItemKind,
    ItemResult,
    LabResult,
    LabTest,
    Taxonomy,
    UnknownDefect,
    evaluate_checklist,
    evaluate_lab_tests,
)
from .sampling import (
    FOOTWEAR_AQLS,
    ClassDecision,
    InspectionPlanProblem,
    InspectionPlanResult,
    InspectionSeverity,
    LotDecision,
    SamplingError,
    SamplingPlan,
    acceptance_probability,
    aql_column,
    code_letter,
    defects_by_severity,
    lot_decision,
    lot_plans,
    resolve_plan,
    sampling_plan,
    solve,
    table_cell,
    tighter_acceptance,
)
from .spc import (
    ControlChart,
    ParetoBar,
    RuleViolation,
    YieldFigure,
    defective_pairs,
    first_pass_yield,
    flagged_points,
    nelson,
    p_chart,
    p_chart_of,
    pareto,
    pareto_of_defects,
    rolled_throughput_yield,
    u_chart,
    u_chart_of,
    western_electric,
)
from .switching import (
    REDUCED_SCORE,
    InspectionDiscontinued,
    SwitchingState,
    production_irregular,
    record_lot,
    resume_inspection,
)
from .trace import (
    ActionStatus,
    HideLink,
    HideTrace,
    NonConformance,
    PairTrace,
    TraceIndex,
    UnknownHide,
    UnknownPair,
)

__all__ = [
    "DEFAULT_CHECKLISTS", "DEFAULT_LAB_TESTS", "DEFAULT_TAXONOMY", "FOOTWEAR_AQLS",
    "REDUCED_SCORE", "STAGES", "ActionStatus", "ChecklistItem", "ChecklistResult",
    "ChecklistTemplate", "ClassDecision", "ControlChart", "DefectType", "HideLink", "HideTrace",
    "InspectionDiscontinued", "InspectionPlanProblem", "InspectionPlanResult",
    "InspectionSeverity", "ItemKind", "ItemResult", "LabResult", "LabTest", "LotDecision",
    "NonConformance", "PairTrace", "ParetoBar", "RuleViolation", "SamplingError", "SamplingPlan",
    "SwitchingState", "Taxonomy", "TraceIndex", "UnknownDefect", "UnknownHide", "UnknownPair",
    "YieldFigure", "acceptance_probability", "aql_column", "code_letter", "control_chart_svg",
    "defective_pairs", "defects_by_severity", "evaluate_checklist", "evaluate_lab_tests",
    "first_pass_yield", "flagged_points", "lot_decision", "lot_plans", "nelson",
    "oc_curve_svg", "p_chart", "p_chart_of", "pareto", "pareto_of_defects", "pareto_svg",
    "production_irregular", "record_lot", "resolve_plan", "resume_inspection",
    "rolled_throughput_yield", "sampling_plan", "solve", "table_cell", "tighter_acceptance",
    "u_chart", "u_chart_of", "western_electric",
]  # fmt: skip
