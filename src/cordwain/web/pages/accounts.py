"""One's own account (password, API tokens) and, for owners, everyone's accounts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from cordwain.api.deps import session_of
from cordwain.services import ServiceError, accounts
from cordwain.services.accounts import Permission, Role, User
from cordwain.store import SqlUnitOfWork

from ..templating import render
from .common import SIGNED_IN, UowDep, allow

router = APIRouter(include_in_schema=False)
Me = Depends(allow(SIGNED_IN))
Owner = Depends(allow(Permission.MANAGE_ACCOUNTS))
Secret = Annotated[str, Form(max_length=256)]


def _account(request: Request, user: User, uow: SqlUnitOfWork, status: int = 200, **extra):
    context = {"error": None, "done": None, "new_token": None, **extra}
    return render(request, "account.html", status=status, me=user,
                  tokens=accounts.list_tokens(uow, user), **context)  # fmt: skip


@router.get("/account")
def account(request: Request, user: User = Me, uow: SqlUnitOfWork = UowDep) -> Response:
    return _account(request, user, uow)


@router.post("/account/password")
def change_password(
    request: Request,
    current_password: Secret,
    new_password: Secret,
    user: User = Me,
    uow: SqlUnitOfWork = UowDep,
) -> Response:
    try:
        updated = accounts.change_own_password(uow, user, current_password, new_password)
    except ServiceError as exc:
        uow.rollback()
        return _account(request, user, uow, status=422, error=str(exc))
    uow.commit()
    # This browser stays signed in under the new session version; others are signed out.
    session_of(request).sign_in(updated.id, updated.session_version)
    return _account(request, updated, uow, done="Password changed.")


@router.post("/account/tokens")
def new_token(
    request: Request,
    name: Annotated[str, Form(max_length=80)],
    user: User = Me,
    uow: SqlUnitOfWork = UowDep,
) -> Response:
    try:
        _, text = accounts.create_token(uow, user, name)
    except ServiceError as exc:
        uow.rollback()
        return _account(request, user, uow, status=422, error=str(exc))
    uow.commit()
    return _account(request, user, uow, new_token=text)


@router.post("/account/tokens/{token_id}/revoke")
def revoke(token_id: int, request: Request, user: User = Me, uow: SqlUnitOfWork = UowDep):
    if token_id in {t.id for t in accounts.list_tokens(uow, user)}:
        accounts.revoke_token(uow, user, token_id)
        uow.commit()
    return _account(request, user, uow, done="Token revoked.")


def _users(request: Request, uow: SqlUnitOfWork, status: int = 200, **extra) -> Response:
    context = {"error": None, "done": None, **extra}
    artisan_codes = [a.code for a in uow.artisans.list()]
    return render(request, "users.html", status=status, users=accounts.list_users(uow),
                  roles=[r.value for r in Role], artisans=artisan_codes, **context)  # fmt: skip


@router.get("/users")
def users(request: Request, _: User = Owner, uow: SqlUnitOfWork = UowDep) -> Response:
    return _users(request, uow)


@router.post("/users")
def add_user(
    request: Request,
    username: Annotated[str, Form(max_length=80)],
    password: Secret,
    role: Annotated[str, Form(max_length=16)],
    display_name: Annotated[str, Form(max_length=200)] = "",
    artisan_code: Annotated[str, Form(max_length=40)] = "",
    _: User = Owner,
    uow: SqlUnitOfWork = UowDep,
) -> Response:
    try:
        made = accounts.create_user(uow, username, password, role, display_name=display_name,
                                    artisan_code=artisan_code or None)  # fmt: skip
    except ServiceError as exc:
        uow.rollback()
        return _users(request, uow, status=422, error=str(exc))
    uow.commit()
    return _users(request, uow, done=f"Account {made.username} ({made.role.value}) added.")


@router.post("/users/{user_id}")
def change_user(
    user_id: int,
    request: Request,
    role: Annotated[str, Form(max_length=16)],
    active: Annotated[str, Form(max_length=5)] = "",
    artisan_code: Annotated[str, Form(max_length=40)] = "",
    actor: User = Owner,
    uow: SqlUnitOfWork = UowDep,
) -> Response:
    try:
        changed = accounts.update_user(uow, actor, user_id, role=role, active=active == "on",
                                       artisan_code=artisan_code or None)  # fmt: skip
    except ServiceError as exc:
        uow.rollback()
        return _users(request, uow, status=422, error=str(exc))
    uow.commit()
    return _users(request, uow, done=f"Account {changed.username} updated.")


@router.post("/users/{user_id}/password")
def reset_password(
    user_id: int, request: Request, new_password: Secret, actor: User = Owner,
    uow: SqlUnitOfWork = UowDep,
) -> Response:  # fmt: skip
    try:
        accounts.set_password(uow, actor, user_id, new_password)
    except ServiceError as exc:
        uow.rollback()
        return _users(request, uow, status=422, error=str(exc))
    uow.commit()
    return _users(request, uow, done="Password reset; their sessions have ended.")
