"""Upload a CSV (every problem shown by row and column, nothing stored) and download exports."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import Response

from cordwain.api.cache import data_changed
from cordwain.services import CSV_KINDS, ServiceError
from cordwain.services import web_files as files
from cordwain.services.accounts import Permission, User
from cordwain.store import SqlUnitOfWork

from ..templating import render
from .common import UowDep, allow

router = APIRouter(include_in_schema=False)
Importer = Depends(allow(Permission.IMPORT_DATA))
Exporter = Depends(allow(Permission.EXPORT_DATA))


@router.get("/imports")
def import_page(request: Request, _: User = Importer) -> Response:
    return render(request, "imports.html", kinds=CSV_KINDS, kind="", result=None, problems=[],
                  error=None, limit_mb=files.MAX_UPLOAD_BYTES // (1024 * 1024))  # fmt: skip


@router.post("/imports")
def upload(
    request: Request,
    kind: Annotated[str, Form(max_length=40)],
    file: Annotated[UploadFile, File()],
    _: User = Importer,
    uow: SqlUnitOfWork = UowDep,
) -> Response:
    context = {"kinds": CSV_KINDS, "kind": kind, "result": None, "problems": [], "error": None,
               "limit_mb": files.MAX_UPLOAD_BYTES // (1024 * 1024)}  # fmt: skip
    data = file.file.read(files.MAX_UPLOAD_BYTES + 1)
    try:
        report = files.import_upload(uow, kind, file.filename, data)
    except files.UploadRejected as exc:
        context.update(error=str(exc), problems=exc.problems)
        return render(request, "imports.html", status=422, **context)
    except ServiceError as exc:
        context.update(error=str(exc))
        return render(request, "imports.html", status=422, **context)
    uow.commit()
    data_changed(request.app)
    context["result"] = report
    return render(request, "imports.html", **context)


@router.get("/exports")
def export_page(request: Request, _: User = Exporter) -> Response:
    return render(request, "exports.html", kinds=CSV_KINDS)


@router.get("/exports/{name}")
def download(name: str, request: Request, _: User = Exporter) -> Response:
    kind = name.removesuffix(".csv")
    if kind not in CSV_KINDS:
        raise ServiceError(f"there is no export called {name!r}")
    filename, data = files.export_download(kind, url=request.app.state.config.url)
    return Response(
        data,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
