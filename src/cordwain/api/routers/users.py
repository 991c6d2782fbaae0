"""Managing accounts: only an owner adds people, changes roles, resets passwords, revokes."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from cordwain.services import accounts
from cordwain.services.accounts import Permission, User
from cordwain.store import SqlUnitOfWork

from ..deps import UowDep, allow
from ..schemas import PasswordIn, TokenOut, UserIn, UserOut, UserPatch, token_out, user_out

router = APIRouter(tags=["accounts"])
Owner = Depends(allow(Permission.MANAGE_ACCOUNTS))


@router.get("/users", response_model=list[UserOut], summary="Every account")
def list_users(_: User = Owner, uow: SqlUnitOfWork = UowDep) -> list[UserOut]:
    return [user_out(u) for u in accounts.list_users(uow)]


@router.post("/users", response_model=UserOut, status_code=201, summary="Add an account")
def add_user(body: UserIn, _: User = Owner, uow: SqlUnitOfWork = UowDep) -> UserOut:
    user = accounts.create_user(
        uow, body.username, body.password, body.role,
        display_name=body.display_name, artisan_code=body.artisan_code,
    )  # fmt: skip
    uow.commit()
    return user_out(user)


@router.get("/users/{user_id}", response_model=UserOut, summary="One account")
def get_user(user_id: int, _: User = Owner, uow: SqlUnitOfWork = UowDep) -> UserOut:
    return user_out(accounts.get_user(uow, user_id))


@router.patch("/users/{user_id}", response_model=UserOut,
              summary="Change someone's role, name or access")  # fmt: skip
def change_user(
    user_id: int, body: UserPatch, actor: User = Owner, uow: SqlUnitOfWork = UowDep
) -> UserOut:
    user = accounts.update_user(
        uow, actor, user_id, role=body.role, active=body.active,
        display_name=body.display_name, artisan_code=body.artisan_code,
    )  # fmt: skip
    uow.commit()
    return user_out(user)


@router.post("/users/{user_id}/password", status_code=204, summary="Reset someone's password")
def reset_password(
    user_id: int, body: PasswordIn, actor: User = Owner, uow: SqlUnitOfWork = UowDep
) -> None:
    accounts.set_password(uow, actor, user_id, body.new_password)
    uow.commit()


@router.get("/tokens", response_model=list[TokenOut], summary="Every API token of the workshop")
def all_tokens(actor: User = Owner, uow: SqlUnitOfWork = UowDep) -> list[TokenOut]:
    return [token_out(t) for t in accounts.list_tokens(uow, actor, everyone=True)]


@router.delete("/tokens/{token_id}", status_code=204, summary="Revoke anyone's API token")
def revoke_token(token_id: int, actor: User = Owner, uow: SqlUnitOfWork = UowDep) -> None:
    accounts.revoke_token(uow, actor, token_id)
    uow.commit()
