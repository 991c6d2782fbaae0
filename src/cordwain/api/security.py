"""Session cookies (signed, HttpOnly, SameSite), CSRF tokens, and who is asking.

A session is a small signed cookie holding the user's id, the user's session version (so a
password change or a suspension ends every session at once) and the CSRF token that every
form and every state-changing htmx request must echo back. Nothing else is kept server-side.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.responses import Response

SESSION_COOKIE = "cordwain_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass
class Session:
    """What the cookie carries: user id and session version (None before sign-in), CSRF."""

    user_id: int | None = None
    version: int = 0
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    changed: bool = False

    def sign_in(self, user_id: int, version: int) -> None:
        # A fresh CSRF token at sign-in: a token seen before sign-in is worth nothing after.
        self.user_id, self.version = user_id, version
        self.csrf = secrets.token_urlsafe(24)
        self.changed = True

    def sign_out(self) -> None:
        self.user_id, self.version = None, 0
        self.csrf = secrets.token_urlsafe(24)
        self.changed = True

    def csrf_ok(self, value: str | None) -> bool:
        return bool(value) and hmac.compare_digest(self.csrf, str(value))


class SessionCodec:
    """Signs and checks session cookies with the workshop's secret key."""

    def __init__(self, secret: str, max_age: int) -> None:
        self._s = URLSafeTimedSerializer(secret, salt="cordwain-session")
        self.max_age = max_age

    def load(self, cookie: str | None) -> Session | None:
        if not cookie:
            return None
        try:
            data: Any = self._s.loads(cookie, max_age=self.max_age)
        except BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("c"), str):
            return None
        uid = data.get("u")
        version = data.get("v", 0)
        if (uid is not None and not isinstance(uid, int)) or not isinstance(version, int):
            return None
        return Session(user_id=uid, version=version, csrf=data["c"])

    def dump(self, session: Session) -> str:
        return self._s.dumps({"u": session.user_id, "v": session.version, "c": session.csrf})

    def write(self, response: Response, session: Session, *, secure: bool) -> None:
        response.set_cookie(
            SESSION_COOKIE,
            self.dump(session),
            max_age=self.max_age,
            httponly=True,
            samesite="lax",
            secure=secure,
            path="/",
        )


def client_address(request: Request) -> str:
    """The client's address for login throttling (the direct peer: no proxy header trusted)."""
    return request.client.host if request.client else "unknown"


def is_https(request: Request) -> bool:
    return request.url.scheme == "https"
