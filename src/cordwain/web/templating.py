"""Rendering pages: the Jinja2 environment, the page context, error pages, money formatting."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from cordwain.api.deps import session_of

from .nav import menu_for

TEMPLATES = Path(__file__).resolve().parent / "templates"

_env: Environment | None = None


def money(value: Any) -> str:
    return f"{Decimal(str(value)):,.2f}"


def env() -> Environment:
    global _env
    if _env is None:
        e = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        e.filters["money"] = money
        e.filters["svg"] = Markup  # only for SVG built by cordwain.services.web_svg (escaped)
        _env = e
    return _env


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    user = getattr(request.state, "user", None)
    page = (
        env()
        .get_template(template)
        .render(
            request=request,
            user=user,
            menu=menu_for(user),
            csrf=session_of(request).csrf,
            path=request.url.path,
            **context,
        )
    )
    return HTMLResponse(page, status_code=status)


def html_error(
    request: Request, status: int, message: str, details: list, headers: dict[str, str] | None
) -> HTMLResponse:
    response = render(
        request, "error.html", status=status, status_code=status, message=message,
        details=details or [],
    )  # fmt: skip
    for k, v in (headers or {}).items():
        response.headers[k] = v
    return response


def to_login(request: Request, _exc: Exception) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.headers.get("hx-request"):
        # htmx follows HX-Redirect with a full page load instead of swapping the login in.
        response = RedirectResponse("/login", status_code=303)
        response.headers["HX-Redirect"] = f"/login?next={quote(target)}"
        return response
    return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
