"""One error body for every failure of the API, and the mapping from service errors to HTTP.

Every error answers ``{"error": {"status", "code", "message", "details"}}``: ``code`` is a
stable word a script can test, ``message`` is for people, ``details`` lists what exactly was
wrong (a field, or a file's row and column). Web pages get the same facts as an HTML page.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import HTTPException, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response

from cordwain.services import ServiceError
from cordwain.services.accounts import (
    AccountNotFound,
    LoginRefused,
    LoginThrottled,
    PermissionDenied,
)
from cordwain.services.web_files import UploadRejected
from cordwain.services.web_views import NotFound

log = logging.getLogger("cordwain.api")

CODES = {
    400: "bad_request",
    401: "not_signed_in",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_requests",
    500: "server_error",
}


class ErrorDetail(BaseModel):
    field: str | None = None
    row: int | None = None
    column: str | None = None
    message: str


class ErrorInfo(BaseModel):
    status: int
    code: str
    message: str
    details: list[ErrorDetail] = []


class ErrorBody(BaseModel):
    """What every API error answers."""

    error: ErrorInfo


#: Declared on every API route so the OpenAPI schema documents each error a route can give.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": CODES[status].replace("_", " ")}
    for status in (400, 401, 403, 404, 422, 429)
}


class ApiError(HTTPException):
    def __init__(
        self, status: int, message: str, details: list[dict] | None = None, code: str | None = None
    ) -> None:
        super().__init__(status, message)
        self.details = details or []
        self.code = code or CODES.get(status, "error")


def body(status: int, message: str, details: list[dict] | None = None, code: str | None = None):
    return {
        "error": {
            "status": status,
            "code": code or CODES.get(status, "error"),
            "message": message,
            "details": details or [],
        }
    }


def service_error_status(exc: ServiceError) -> int:
    if isinstance(exc, PermissionDenied):
        return 403
    if isinstance(exc, (NotFound, AccountNotFound)):
        return 404
    if isinstance(exc, LoginThrottled):
        return 429
    if isinstance(exc, LoginRefused):
        return 401
    if isinstance(exc, UploadRejected):
        return 422
    return 400


def service_error_details(exc: ServiceError) -> list[dict]:
    if isinstance(exc, UploadRejected):
        return [
            {"row": p.row, "column": p.column, "message": p.message, "field": None}
            for p in exc.problems
        ]
    return []


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def json_error(
    status: int,
    message: str,
    details: list[dict] | None = None,
    code: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(body(status, message, details, code), status_code=status, headers=headers)


def _validation_details(exc: RequestValidationError) -> list[dict]:
    out = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path")]
        out.append({"field": ".".join(loc) or None, "message": str(err.get("msg", "invalid"))})
    return out


def install(app, html_error) -> None:
    """Register the handlers; ``html_error(request, status, message, details)`` renders pages."""

    async def on_http(request: Request, exc: StarletteHTTPException) -> Response:
        details = getattr(exc, "details", None)
        headers = getattr(exc, "headers", None)
        if is_api(request):
            code = getattr(exc, "code", None)
            return json_error(exc.status_code, str(exc.detail), details, code, headers)
        return html_error(request, exc.status_code, str(exc.detail), details or [], headers)

    async def on_validation(request: Request, exc: RequestValidationError) -> Response:
        details = _validation_details(exc)
        message = "the request is not valid: " + "; ".join(
            f"{d['field']}: {d['message']}" if d["field"] else d["message"] for d in details
        )
        if is_api(request):
            return json_error(422, message, details)
        return html_error(request, 422, message, details, None)

    async def on_service(request: Request, exc: ServiceError) -> Response:
        status = service_error_status(exc)
        headers = None
        if isinstance(exc, LoginThrottled):
            headers = {"Retry-After": str(exc.retry_after)}
        if is_api(request):
            return json_error(status, str(exc), service_error_details(exc), None, headers)
        return html_error(request, status, str(exc), service_error_details(exc), headers)

    async def on_crash(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        message = "something went wrong on the server; the error was logged"
        if is_api(request):
            return json_error(500, message)
        return html_error(request, 500, message, [], None)

    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(ServiceError, on_service)
    app.add_exception_handler(Exception, on_crash)
