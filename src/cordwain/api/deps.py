"""What every request needs: the app's settings, a unit of work, who is asking, and the gate.

Every route that shows or changes workshop data takes ``Depends(allow(Permission.X))`` (or
``allow(SIGNED_IN)`` for one's own account). The gate is a function carrying the permission
it checks in ``.permission``, which is how the permission-matrix test finds, for every route
of the app, what it should answer to each role.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import anyio
from fastapi import Depends, Request

from cordwain.services.accounts import Permission, User, user_for_session, user_for_token
from cordwain.store import SqlUnitOfWork

from .auth_cache import SignInCache
from .errors import ApiError, is_api
from .security import CSRF_FIELD, CSRF_HEADER, SAFE_METHODS, SESSION_COOKIE, Session

#: The gate of routes open to anyone signed in (their own account, their own tokens).
SIGNED_IN = "signed-in"


@dataclass
class WebConfig:
    """How the app runs: which database, cookie lifetime, how fresh the dashboard must be."""

    url: str | None = None
    session_max_age: int = 12 * 3600
    #: Send cookies with ``Secure``: None means "when the request came over HTTPS".
    secure_cookies: bool | None = None
    #: Seconds a computed dashboard may be served again (0: computed on every request).
    dashboard_seconds: float = 5.0
    #: Seconds a checked session cookie or API token is trusted without reading its account
    #: again (0: read on every request). A change made through this server process (role,
    #: suspension, password, revoked token) takes effect at its next request; one made by
    #: another process (the other worker, the CLI) within this many seconds (twice that at
    #: worst, while another request is checking it again).
    signin_seconds: float = 2.0


class LoginRequired(Exception):
    """A page needs a signed-in user: the web answers with a redirect to the login page."""


def config(request: Request) -> WebConfig:
    return request.app.state.config


def signins(app: Any) -> SignInCache:
    """The app's memory of recently checked sign-ins (made on first use)."""
    cache = getattr(app.state, "signins", None)
    if cache is None:
        cache = app.state.signins = SignInCache(app.state.config.signin_seconds)
    return cache


async def get_uow(request: Request) -> AsyncIterator[SqlUnitOfWork]:
    """A unit of work for the request, rolled back unless the route commits.

    Lazy: it takes a pooled connection only when the route first reads or writes, so a page
    served from memory costs the database nothing. Written as an async dependency because
    making it costs nothing: only giving a used connection back is done off the event loop.
    """
    uow = SqlUnitOfWork(request.app.state.config.url, lazy=True)
    uow.__enter__()
    try:
        yield uow
    finally:
        if uow.opened:
            with anyio.CancelScope(shield=True):  # a client hanging up must not leak it
                await anyio.to_thread.run_sync(uow.__exit__, None, None, None)
        else:
            uow.__exit__(None, None, None)
        if request.method not in SAFE_METHODS:
            # Whatever this request changed (a role, a suspension, a password, a token) is
            # committed by now: sign-ins checked before it are checked again.
            signins(request.app).clear()


UowDep = Depends(get_uow, scope="function")


def session_of(request: Request) -> Session:
    session = getattr(request.state, "session", None)
    if session is None:
        session = Session(changed=True)
        request.state.session = session
    return session


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise ApiError(401, "use 'Authorization: Bearer <token>' with an API token")
    return value.strip()


async def csrf_guard(request: Request) -> None:
    """State-changing requests from a browser session must echo the session's CSRF token.

    Exempt: requests with an API token (a browser never adds that header by itself), and
    JSON requests that carry no session cookie (a script; another site cannot send JSON
    here without a CORS preflight, which this app never grants).
    """
    if request.method in SAFE_METHODS or request.headers.get("authorization"):
        return
    kind = request.headers.get("content-type", "")
    if kind.startswith("application/json") and SESSION_COOKIE not in request.cookies:
        return
    value = request.headers.get(CSRF_HEADER)
    if value is None and kind.startswith(("application/x-www-form-urlencoded", "multipart/")):
        form = await request.form()
        field = form.get(CSRF_FIELD)
        value = field if isinstance(field, str) else None
    if not session_of(request).csrf_ok(value):
        raise ApiError(
            403,
            "the form's security token is missing or out of date; reload the page and retry",
            code="csrf",
        )


def _token_user(uow: SqlUnitOfWork, token: str) -> User | None:
    user = user_for_token(uow, token)
    if user is not None:
        uow.commit()  # keeps the token's "last used" stamp
    return user


async def current_user(
    request: Request, uow: SqlUnitOfWork = UowDep, _: None = Depends(csrf_guard)
) -> User | None:
    """The user behind the API token or the session cookie, or None for an anonymous visit.

    A sign-in checked against the database in the last ``WebConfig.signin_seconds`` is
    trusted again without a query (see :class:`~cordwain.api.auth_cache.SignInCache`).
    """
    if hasattr(request.state, "user"):
        return request.state.user
    cache = signins(request.app)
    token = _bearer(request)
    user: User | None
    if token is not None:
        key: tuple = ("token", hashlib.sha256(token.encode()).digest())
        user = cache.get(key)
        if user is None:
            generation = cache.generation
            try:
                user = await anyio.to_thread.run_sync(_token_user, uow, token)
            finally:
                if user is None:
                    cache.forget(key)
            if user is None:
                raise ApiError(401, "this API token is unknown or was revoked")
            cache.put(key, user, generation)
        request.state.auth = "token"
    else:
        session = session_of(request)
        user = None
        if session.user_id is not None:
            key = ("session", session.user_id, session.version)
            user = cache.get(key)
            if user is None:
                generation = cache.generation
                try:
                    user = await anyio.to_thread.run_sync(
                        user_for_session, uow, session.user_id, session.version
                    )
                finally:
                    if user is None:
                        cache.forget(key)
                if user is None:
                    session.sign_out()  # the account was suspended or its password changed
                else:
                    cache.put(key, user, generation)
        request.state.auth = "session"
    request.state.user = user
    return user


def allow(permission: Permission | str) -> Callable[..., User]:
    """A dependency letting through only users who hold ``permission`` (or SIGNED_IN)."""

    # Async: the check is a set lookup, not worth a hop to the thread pool.
    async def gate(request: Request, user: User | None = Depends(current_user)) -> User:
        if user is None:
            if is_api(request):
                raise ApiError(
                    401,
                    "sign in, or send an API token as 'Authorization: Bearer <token>'",
                    code="not_signed_in",
                )
            raise LoginRequired()
        if permission != SIGNED_IN and not user.can(Permission(permission)):
            raise ApiError(403, f"a {user.role.value} may not do this ({permission})")
        return user

    gate.permission = permission  # type: ignore[attr-defined]
    gate.__name__ = f"allow_{str(permission).replace('.', '_').replace('-', '_')}"
    return gate


def gate_of(dependant: Any) -> Permission | str | None:
    """The permission a route's dependency tree checks (None for a public route)."""
    stack = [dependant]
    while stack:
        d = stack.pop()
        perm = getattr(d.call, "permission", None) if d.call is not None else None
        if perm is not None:
            return perm
        stack.extend(d.dependencies)
    return None
