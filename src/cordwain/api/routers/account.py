"""One's own account: who am I, my password, my API tokens; and a token from a password."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from cordwain.services import accounts
from cordwain.services.accounts import User
from cordwain.store import SqlUnitOfWork

from ..deps import SIGNED_IN, UowDep, allow, csrf_guard
from ..schemas import (
    NewTokenOut,
    OwnPasswordIn,
    TokenIn,
    TokenLoginIn,
    TokenOut,
    UserOut,
    token_out,
    user_out,
)
from ..security import client_address

router = APIRouter(tags=["account"])
Me = Depends(allow(SIGNED_IN))


@router.get("/me", response_model=UserOut, summary="Who the request is signed in as")
def me(user: User = Me) -> UserOut:
    return user_out(user)


@router.post("/me/password", status_code=204, summary="Change one's own password")
def change_password(body: OwnPasswordIn, user: User = Me, uow: SqlUnitOfWork = UowDep) -> None:
    accounts.change_own_password(uow, user, body.current_password, body.new_password)
    uow.commit()


@router.get("/me/tokens", response_model=list[TokenOut], summary="One's own API tokens")
def my_tokens(user: User = Me, uow: SqlUnitOfWork = UowDep) -> list[TokenOut]:
    return [token_out(t) for t in accounts.list_tokens(uow, user)]


@router.post("/me/tokens", response_model=NewTokenOut, status_code=201,
             summary="Create an API token (shown only once)")  # fmt: skip
def create_my_token(body: TokenIn, user: User = Me, uow: SqlUnitOfWork = UowDep) -> NewTokenOut:
    token, text = accounts.create_token(uow, user, body.name)
    uow.commit()
    return NewTokenOut(**token_out(token).model_dump(), token=text)


@router.delete("/me/tokens/{token_id}", status_code=204, summary="Revoke one of one's tokens")
def revoke_my_token(token_id: int, user: User = Me, uow: SqlUnitOfWork = UowDep) -> None:
    if token_id not in {t.id for t in accounts.list_tokens(uow, user)}:
        raise accounts.AccountNotFound(f"token {token_id} is not one of yours")
    accounts.revoke_token(uow, user, token_id)
    uow.commit()


@router.post(
    "/auth/token",
    response_model=NewTokenOut,
    status_code=201,
    summary="Trade a username and password for an API token (for scripts)",
    dependencies=[Depends(csrf_guard)],
)
def token_from_password(
    body: TokenLoginIn, request: Request, uow: SqlUnitOfWork = UowDep
) -> NewTokenOut:
    user = accounts.authenticate(uow, body.username, body.password, client=client_address(request))
    token, text = accounts.create_token(uow, user, body.name)
    uow.commit()
    return NewTokenOut(**token_out(token).model_dump(), token=text)
