"""CSV files: upload an import (checked whole before anything is stored), download an export."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import Response

from cordwain.services import CSV_KINDS
from cordwain.services import web_files as files
from cordwain.services.accounts import Permission, User
from cordwain.store import SqlUnitOfWork

from ..cache import data_changed
from ..deps import UowDep, allow
from ..errors import ERROR_RESPONSES
from ..schemas import ImportOut

router = APIRouter(tags=["files"])
Importer = Depends(allow(Permission.IMPORT_DATA))
Exporter = Depends(allow(Permission.EXPORT_DATA))

CsvKind = Literal[
    "styles", "colourways", "materials", "bom", "inventory", "hides", "rolls",
    "purchase-orders", "sales", "stockouts", "preorders", "waitlist", "artisans", "feedback",
]  # fmt: skip
assert set(CsvKind.__args__) == set(CSV_KINDS), "CsvKind must list every CSV kind"


@router.get("/imports/kinds", response_model=list[str], summary="The kinds of CSV file")
def kinds(_: User = Importer) -> list[str]:
    return list(CSV_KINDS)


@router.post("/imports/{kind}", response_model=ImportOut, status_code=201,
             summary="Import a CSV file: every row, or nothing and every problem")  # fmt: skip
def import_file(
    kind: CsvKind,
    request: Request,
    file: UploadFile = File(description="The CSV file (UTF-8, header row first)"),
    _: User = Importer,
    uow: SqlUnitOfWork = UowDep,
) -> ImportOut:
    data = file.file.read(files.MAX_UPLOAD_BYTES + 1)
    report = files.import_upload(uow, kind, file.filename, data)
    uow.commit()
    data_changed(request.app)
    return ImportOut(kind=report.kind, file=report.file, rows=report.rows)


@router.get(
    "/exports/{kind}",
    response_class=Response,
    summary="Every record of a kind as CSV (the columns the import reads)",
    responses={200: {"content": {"text/csv": {}}}, **ERROR_RESPONSES},
)
def export_file(kind: CsvKind, request: Request, _: User = Exporter) -> Response:
    name, data = files.export_download(kind, url=request.app.state.config.url)
    return Response(
        data,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
