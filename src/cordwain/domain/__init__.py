"""The workshop's pure model: no I/O, no ORM, no framework; invariants checked on construction."""

from .catalogue import (
    ROUTING_ORDER,
    Colourway,
    Operation,
    RoutingStep,
    Style,
    Variant,
    check_code,
    variants_of,
)
from .demand import (
    Feedback,
    FeedbackKind,
    Fit,
    InventoryLevel,
    PreOrder,
    PreOrderStatus,
    PurchaseOrder,
    SalesLine,
    SoldOut,
    StockKind,
    WaitlistEntry,
)
from .errors import DomainError, InvalidGeometry, UnknownSize
from .geometry import Polygon
from .leather import FabricRoll, Grade, GrainRule, Hide, Offcut, PatternPiece, QualityZone
from .materials import BOM, BOMLine, Material, MaterialKind, Unit
from .people import Artisan, Shift
from .production import (
    Batch,
    BatchLine,
    BatchStatus,
    Defect,
    DefectFamily,
    Inspection,
    InspectionResult,
    OperationRecord,
    Pair,
    Severity,
    WorkOrder,
)
from .sizes import DEFAULT_SIZE_CHART, SizeChart, SizeRun, SizeSystem, format_size, parse_size

__all__ = [
    "BOM", "BOMLine", "Artisan", "Batch", "BatchLine", "BatchStatus", "Colourway",
    "DEFAULT_SIZE_CHART", "Defect", "DefectFamily", "DomainError", "FabricRoll", "Feedback",
    "FeedbackKind", "Fit", "Grade", "GrainRule", "Hide", "Inspection", "InspectionResult",
    "InvalidGeometry", "InventoryLevel", "Material", "MaterialKind", "Offcut", "Operation",
    "OperationRecord", "Pair", "PatternPiece", "Polygon", "PreOrder", "PreOrderStatus",
    "PurchaseOrder", "QualityZone", "ROUTING_ORDER", "RoutingStep", "SalesLine", "Severity",
    "Shift", "SizeChart", "SizeRun", "SizeSystem", "StockKind", "Style", "Unit", "UnknownSize",
    "SoldOut", "Variant", "WaitlistEntry", "WorkOrder", "check_code", "format_size", "parse_size",
    "variants_of",
]  # fmt: skip
