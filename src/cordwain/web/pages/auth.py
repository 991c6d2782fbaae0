"""Signing in and out (the only pages open to everyone)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from cordwain.api.deps import UowDep, csrf_guard, current_user, session_of
from cordwain.api.security import client_address
from cordwain.services import accounts
from cordwain.services.accounts import LoginRefused, LoginThrottled, User
from cordwain.store import SqlUnitOfWork

from ..nav import home_for
from ..templating import render

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str | None:
    # Only a path on this site: never "//evil.example" or "https://...".
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


@router.get("/login")
def login_page(
    request: Request, next: str | None = None, user: User | None = Depends(current_user)
) -> Response:
    if user is not None:
        return RedirectResponse(_safe_next(next) or home_for(user), status_code=303)
    return render(request, "login.html", next=_safe_next(next) or "", error=None)


@router.post("/login", dependencies=[Depends(csrf_guard)])
def login(
    request: Request,
    username: Annotated[str, Form(max_length=80)],
    password: Annotated[str, Form(max_length=256)],
    next: Annotated[str, Form(max_length=500)] = "",
    uow: SqlUnitOfWork = UowDep,
) -> Response:
    try:
        user = accounts.authenticate(uow, username, password, client=client_address(request))
    except LoginThrottled as exc:
        response = render(request, "login.html", status=429, next=next, error=str(exc))
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except LoginRefused as exc:
        return render(request, "login.html", status=401, next=next, error=str(exc))
    uow.commit()
    session_of(request).sign_in(user.id, user.session_version)
    return RedirectResponse(_safe_next(next) or home_for(user), status_code=303)


@router.post("/logout", dependencies=[Depends(csrf_guard)])
def logout(request: Request) -> Response:
    session_of(request).sign_out()
    return RedirectResponse("/login", status_code=303)
