"""Batches and the floor's records: an artisan's own day and work, inspections."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from cordwain.services import web_production as prod
from cordwain.services import web_views as views
from cordwain.services.accounts import Permission, User
from cordwain.store import SqlUnitOfWork

from ..cache import data_changed
from ..deps import UowDep, allow
from ..schemas import (
    BatchOut,
    Created,
    DaySheetOut,
    InspectionIn,
    InspectionOut,
    OperationIn,
    OperationRecordOut,
    OwnDefectIn,
    Page,
    batch_out,
    page_of,
)
from .common import Limit, Offset

router = APIRouter(tags=["production"])
Viewer = Depends(allow(Permission.VIEW_PRODUCTION))
Inspector = Depends(allow(Permission.RECORD_INSPECTIONS))
Artisan = Depends(allow(Permission.RECORD_OWN_WORK))
BatchQ = Annotated[str | None, Query(max_length=40)]


@router.get("/batches", response_model=Page[BatchOut], summary="Batches by start day")
def list_batches(
    status: Annotated[str | None, Query(max_length=16)] = None,
    offset: Offset = 0,
    limit: Limit = 50,
    _: User = Viewer,
    uow: SqlUnitOfWork = UowDep,
) -> dict:
    return page_of(views.paginate(prod.batches(uow, status=status), offset, limit), batch_out)


@router.get("/batches/{code}", response_model=BatchOut, summary="One batch with its lines")
def get_batch(code: str, _: User = Viewer, uow: SqlUnitOfWork = UowDep) -> BatchOut:
    return batch_out(prod.batch(uow, code))


@router.get("/operation-records", response_model=Page[OperationRecordOut],
            summary="Who did which operation when")  # fmt: skip
def list_operation_records(
    batch: BatchQ = None,
    offset: Offset = 0,
    limit: Limit = 50,
    user: User = Viewer,
    uow: SqlUnitOfWork = UowDep,
) -> dict:
    found = prod.operation_records(uow, user, batch_code=batch)
    return page_of(views.paginate(found, offset, limit), lambda r: prod.operation_record_dict(*r))


@router.get("/inspections", response_model=Page[InspectionOut], summary="Inspections")
def list_inspections(
    batch: BatchQ = None,
    offset: Offset = 0,
    limit: Limit = 50,
    user: User = Viewer,
    uow: SqlUnitOfWork = UowDep,
) -> dict:
    found = prod.inspections(uow, user, batch_code=batch)
    return page_of(views.paginate(found, offset, limit), lambda r: prod.inspection_dict(*r))


@router.post("/inspections", response_model=Created, status_code=201,
             summary="Record an inspection with its defects and decision")  # fmt: skip
def add_inspection(
    body: InspectionIn, request: Request, user: User = Inspector, uow: SqlUnitOfWork = UowDep
) -> Created:
    new_id = prod.record_inspection(
        uow, user, batch_code=body.batch_code, operation=body.operation,
        lot_size=body.lot_size, sample_size=body.sample_size, result=body.result,
        defects=[d.model_dump() for d in body.defects], day=body.day,
    )  # fmt: skip
    uow.commit()
    data_changed(request.app)
    return Created(id=new_id)


@router.get("/my/day", response_model=DaySheetOut, summary="An artisan's own day sheet")
def my_day(
    day: Annotated[date | None, Query()] = None, user: User = Artisan, uow: SqlUnitOfWork = UowDep
) -> dict:
    return prod.day_sheet(uow, user, day).as_dict()


@router.post("/my/operations", response_model=Created, status_code=201,
             summary="An artisan records an operation they did")  # fmt: skip
def add_my_operation(
    body: OperationIn, request: Request, user: User = Artisan, uow: SqlUnitOfWork = UowDep
) -> Created:
    new_id = prod.record_own_operation(
        uow, user, batch_code=body.batch_code, operation=body.operation,
        started=body.started, finished=body.finished, pair_serials=tuple(body.pair_serials),
    )  # fmt: skip
    uow.commit()
    data_changed(request.app)
    return Created(id=new_id)


@router.post("/my/defects", response_model=Created, status_code=201,
             summary="An artisan reports a defect found at their operation")  # fmt: skip
def add_my_defect(
    body: OwnDefectIn, request: Request, user: User = Artisan, uow: SqlUnitOfWork = UowDep
) -> Created:
    new_id = prod.record_own_defect(
        uow, user, batch_code=body.batch_code, operation=body.operation,
        defect=body.defect.model_dump(), day=body.day,
    )  # fmt: skip
    uow.commit()
    data_changed(request.app)
    return Created(id=new_id)
