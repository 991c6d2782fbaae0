"""Plain ASGI middleware: the session cookie, a cap on request bodies, security headers.

Written against ASGI directly (not ``BaseHTTPMiddleware``) because it runs on every request,
including the fifty-at-once dashboard reloads the load benchmark makes.
"""

from __future__ import annotations

import json
from http.cookies import SimpleCookie

import anyio
from starlette.datastructures import Headers, MutableHeaders

from cordwain.services.accounts import session_secret
from cordwain.services.workshop import unit_of_work

from .security import SESSION_COOKIE, Session, SessionCodec

#: Largest request body accepted (CSV uploads are limited lower by the import itself).
MAX_BODY_BYTES = 9 * 1024 * 1024

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        b"script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'",
    ),
]


class _TooLarge(Exception):
    pass


class WebMiddleware:
    def __init__(self, app, *, config) -> None:
        self.app = app
        self.config = config
        self._codec: SessionCodec | None = None
        self._lock = anyio.Lock()

    async def codec(self) -> SessionCodec:
        if self._codec is None:
            async with self._lock:
                if self._codec is None:
                    secret = await anyio.to_thread.run_sync(self._load_secret)
                    self._codec = SessionCodec(secret, self.config.session_max_age)
        return self._codec

    def _load_secret(self) -> str:
        with unit_of_work(self.config.url) as uow:
            return session_secret(uow)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            await self._too_large(send)
            return
        codec = await self.codec()
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # a malformed Cookie header is treated as no cookie
            cookie = SimpleCookie()
        morsel = cookie.get(SESSION_COOKIE)
        session = codec.load(morsel.value if morsel else None) or Session(changed=True)
        scope.setdefault("state", {})["session"] = session
        # Scripts with a token and static files need no session: send them no cookie.
        wants_cookie = "authorization" not in headers and not scope["path"].startswith(
            ("/static/", "/healthz")
        )
        secure = self.config.secure_cookies
        if secure is None:
            secure = scope.get("scheme") == "https"
        received = 0
        started = False

        async def limited_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > MAX_BODY_BYTES:
                    raise _TooLarge()
            return message

        async def send_with_headers(message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                out = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS:
                    if name.decode() not in out:
                        out.append(name.decode(), value.decode())
                if session.changed and wants_cookie:
                    attrs = f"Max-Age={codec.max_age}; Path=/; HttpOnly; SameSite=Lax"
                    if secure:
                        attrs += "; Secure"
                    out.append("set-cookie", f"{SESSION_COOKIE}={codec.dump(session)}; {attrs}")
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except _TooLarge:
            if not started:
                await self._too_large(send)

    @staticmethod
    async def _too_large(send) -> None:
        body = json.dumps({"error": {
            "status": 413, "code": "too_large", "details": [],
            "message": f"the request is larger than {MAX_BODY_BYTES // (1024 * 1024)} MB",
        }}).encode()  # fmt: skip
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode())]})  # fmt: skip
        await send({"type": "http.response.body", "body": body})
