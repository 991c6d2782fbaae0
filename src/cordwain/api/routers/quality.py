"""Quality: sampling plans, final-lot inspection (draw the sample, record the findings),
holds, non-conformances, control charts, Pareto, first-pass yield, and traceability."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from cordwain.domain import Operation
from cordwain.services import quality as qc
from cordwain.services import web_engines as we
from cordwain.services.accounts import Permission, User
from cordwain.store import SqlUnitOfWork

from ..cache import data_changed
from ..deps import UowDep, allow
from ..errors import ERROR_RESPONSES

router = APIRouter(tags=["quality"])
Viewer = Depends(allow(Permission.VIEW_PRODUCTION))
Inspector = Depends(allow(Permission.RECORD_INSPECTIONS))
Level = Literal["I", "II", "III", "S-1", "S-2", "S-3", "S-4"]
Strictness = Literal["normal", "tightened", "reduced"]
SeverityQ = Literal["critical", "major", "minor"]
OperationName = Literal[tuple([o.value for o in Operation] + ["final"])]  # type: ignore[valid-type]
Since = Annotated[date | None, Query(description="Only records from this day on.")]
SVG = {200: {"content": {"image/svg+xml": {}}}, **ERROR_RESPONSES}


class SamplingPlanOut(BaseModel):
    lot_size: int
    level: str
    severity: str
    pairs_to_inspect: int
    plans: dict[str, dict[str, Any]]


class FindingIn(BaseModel):
    serial: str = Field(..., min_length=1, max_length=40, description="The sampled pair.")
    code: str = Field(..., min_length=1, max_length=40, description="Defect code (taxonomy).")
    count: int = Field(1, ge=1, le=1000)
    severity: SeverityQ | None = Field(None, description="Default: the code's own severity.")
    note: str = Field("", max_length=2000)


class LotIn(BaseModel):
    style: str | None = Field(None, max_length=40, description="Needed if the batch has several.")


class LotInspectionIn(LotIn):
    findings: list[FindingIn] = Field(default_factory=list, max_length=500)
    day: date | None = None


class ReleaseIn(BaseModel):
    note: str = Field(..., min_length=1, max_length=2000, description="Why the lot may ship.")


class LotToInspectOut(BaseModel):
    batch: str
    style: str
    pairs: int
    attempt: int
    lot: str
    last: str


def _finding(f: FindingIn, n: int) -> qc.Finding:
    return qc.Finding(f.serial, f.code, f.count, f.severity, f.note, f"finding {n}")


@router.get(
    "/quality/sampling-plan",
    response_model=SamplingPlanOut,
    summary="ISO 2859-1 plans for a lot: pairs to pull, accept and reject numbers",
)
def sampling_plan(
    lot_size: Annotated[int, Query(ge=2, le=10_000_000)],
    level: Level = "II",
    severity: Strictness = "normal",
    critical: Annotated[
        float | None, Query(ge=0, le=1000, description="AQL of critical defects")
    ] = None,
    major: Annotated[float | None, Query(ge=0, le=1000, description="AQL of major defects")] = None,
    minor: Annotated[float | None, Query(ge=0, le=1000, description="AQL of minor defects")] = None,
    _: User = Viewer,
) -> dict[str, Any]:
    aqls = {
        k: v
        for k, v in (("critical", critical), ("major", major), ("minor", minor))
        if v is not None
    } or None
    return qc.quality_plan(lot_size, aqls=aqls, level=level, severity=severity)


@router.get(
    "/quality/lots",
    response_model=list[LotToInspectOut],
    summary="Final lots waiting for inspection (or resubmitted after a rejection)",
)
def lots(_: User = Viewer, uow: SqlUnitOfWork = UowDep) -> list[dict]:
    return we.lots_to_inspect(uow)


@router.get(
    "/quality/lot-records",
    response_model=list[dict[str, Any]],
    summary="Decided final lots with their samples and class-by-class results",
)
def lot_records(
    batch: Annotated[str | None, Query(max_length=40)] = None,
    _: User = Viewer,
    uow: SqlUnitOfWork = UowDep,
) -> list[dict]:
    return qc.lot_records(uow, batch.strip().upper() if batch else None)


@router.post(
    "/quality/lots/{code}/draw",
    response_model=dict[str, Any],
    summary="Draw (and keep) the pairs to pull from a finished lot",
)
def draw(code: str, body: LotIn, _: User = Inspector, uow: SqlUnitOfWork = UowDep) -> dict:
    return qc.draw_sample(uow, code.strip().upper(), style=body.style).as_dict()


@router.post(
    "/quality/lots/{code}/inspections",
    response_model=dict[str, Any],
    status_code=201,
    summary="Record a final-lot inspection: findings on sampled pairs → decision",
)
def inspect(
    code: str,
    body: LotInspectionIn,
    request: Request,
    user: User = Inspector,
    uow: SqlUnitOfWork = UowDep,
) -> dict:
    report = qc.inspect_lot(
        uow,
        code.strip().upper(),
        [_finding(f, n) for n, f in enumerate(body.findings, 1)],
        style=body.style,
        day=body.day,
        inspector=user.username,
    )
    data_changed(request.app)
    return report.as_dict()


@router.get(
    "/quality/holds",
    response_model=dict[str, dict[str, Any]],
    summary="Lots on hold after a rejection (all=true: released ones too)",
)
def holds(all: bool = False, _: User = Viewer, uow: SqlUnitOfWork = UowDep) -> dict:
    return qc.lot_holds(uow, held_only=not all)


@router.post(
    "/quality/holds/{code}/release",
    response_model=dict[str, Any],
    summary="Release a held lot once sorted and reworked",
)
def release(
    code: str, body: ReleaseIn, request: Request, _: User = Inspector, uow: SqlUnitOfWork = UowDep
) -> dict:
    hold = qc.release_lot(uow, code, note=body.note)
    data_changed(request.app)
    return hold


@router.get(
    "/quality/ncrs",
    response_model=list[dict[str, Any]],
    summary="Non-conformances and their corrective actions",
)
def ncrs(
    status: Literal["open", "action-planned", "action-taken", "verified", "closed"] | None = None,
    _: User = Viewer,
    uow: SqlUnitOfWork = UowDep,
) -> list[dict]:
    return [qc.ncr_json(n) for n in qc.list_ncrs(uow, status)]


def _chart(uow, operation, kind, severity, rules, since) -> qc.ChartReport:
    return qc.control_chart(uow, operation, kind=kind, severity=severity, rules=rules, since=since)


ChartKind = Annotated[
    Literal["p", "u"], Query(description="p: defective pairs; u: defects per pair")
]
Rules = Annotated[Literal["nelson", "western-electric"], Query()]


@router.get(
    "/quality/control-charts/{operation}",
    response_model=dict[str, Any],
    summary="A p or u chart of an operation's inspections, with run-rule signals",
)
def control_chart(
    operation: OperationName,
    kind: ChartKind = "p",
    severity: SeverityQ | None = None,
    rules: Rules = "nelson",
    since: Since = None,
    _: User = Viewer,
    uow: SqlUnitOfWork = UowDep,
) -> dict:
    return _chart(uow, operation, kind, severity, rules, since).as_dict()


@router.get(
    "/quality/control-charts/{operation}/svg",
    response_class=Response,
    responses=SVG,
    summary="The same control chart as a picture",
)
def control_chart_svg(
    operation: OperationName,
    kind: ChartKind = "p",
    severity: SeverityQ | None = None,
    rules: Rules = "nelson",
    since: Since = None,
    _: User = Viewer,
    uow: SqlUnitOfWork = UowDep,
) -> Response:
    chart = _chart(uow, operation, kind, severity, rules, since)
    return Response(chart.svg(), media_type="image/svg+xml")


PBy = Annotated[Literal["family", "code", "severity"], Query()]


@router.get(
    "/quality/pareto",
    response_model=dict[str, Any],
    summary="Defects (inspections and returns) ranked by family, code or severity",
)
def pareto(
    by: PBy = "family",
    operation: OperationName | None = None,
    returns: bool = True,
    since: Since = None,
    _: User = Viewer,
    uow: SqlUnitOfWork = UowDep,
) -> dict:
    return qc.defect_pareto(uow, by=by, operation=operation, returns=returns, since=since).as_dict()


@router.get(
    "/quality/pareto/svg",
    response_class=Response,
    responses=SVG,
    summary="The same Pareto chart as a picture",
)
def pareto_svg(
    by: PBy = "family",
    operation: OperationName | None = None,
    returns: bool = True,
    since: Since = None,
    _: User = Viewer,
    uow: SqlUnitOfWork = UowDep,
) -> Response:
    report = qc.defect_pareto(uow, by=by, operation=operation, returns=returns, since=since)
    return Response(report.svg(), media_type="image/svg+xml")


@router.get(
    "/quality/first-pass-yield",
    response_model=dict[str, Any],
    summary="First-pass yield per operation and the rolled throughput yield",
)
def first_pass_yield(since: Since = None, _: User = Viewer, uow: SqlUnitOfWork = UowDep) -> dict:
    return qc.first_pass_yields(uow, since=since)


@router.get(
    "/traces/pairs/{serial}",
    response_model=dict[str, Any],
    tags=["traces"],
    summary="A pair's whole story: hides and zones, who did what, inspections, returns",
)
def trace_pair(serial: str, _: User = Viewer, uow: SqlUnitOfWork = UowDep) -> dict:
    return we.find_trace(uow, serial, "pair")[1]


@router.get(
    "/traces/hides/{code}",
    response_model=dict[str, Any],
    tags=["traces"],
    summary="Every pair with a piece cut from a hide (the recall list)",
)
def trace_hide(code: str, _: User = Viewer, uow: SqlUnitOfWork = UowDep) -> dict:
    return we.find_trace(uow, code, "hide")[1]
