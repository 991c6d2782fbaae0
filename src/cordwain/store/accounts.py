"""Accounts of the web app and API: users, API tokens, failed logins and server secrets.

Records here are plain frozen dataclasses (accounts are not part of the workshop's domain);
password and token hashing is done by ``cordwain.services.accounts``, never here, so this
module only ever sees hashes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, or_, select, update

from . import tables as t
from .errors import DuplicateError, NotFoundError


@dataclass(frozen=True, slots=True)
class UserRecord:
    """A person who signs in: role, optional link to their artisan record, password hash."""

    id: int
    username: str
    display_name: str
    role: str
    password_hash: str
    artisan_code: str | None
    active: bool
    session_version: int
    created_at: datetime
    last_login_at: datetime | None


@dataclass(frozen=True, slots=True)
class TokenRecord:
    """An API token for scripts; only the hash of its secret part is kept."""

    id: int
    user_id: int
    name: str
    prefix: str
    secret_hash: str
    created_at: datetime
    last_used_at: datetime | None


def _user(row: Any) -> UserRecord:
    return UserRecord(**{k: row[k] for k in UserRecord.__slots__})


def _token(row: Any) -> TokenRecord:
    return TokenRecord(**{k: row[k] for k in TokenRecord.__slots__})


class UserRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(
        self,
        username: str,
        display_name: str,
        role: str,
        password_hash: str,
        *,
        artisan_code: str | None = None,
        now: datetime,
    ) -> int:
        """Store a new user; returns its id. ``DuplicateError`` when the username is taken."""
        if self.by_username(username) is not None:
            raise DuplicateError("user", username)
        result = self._conn.execute(
            insert(t.users),
            {
                "username": username,
                "display_name": display_name,
                "role": role,
                "password_hash": password_hash,
                "artisan_code": artisan_code,
                "active": True,
                "session_version": 1,
                "created_at": now,
                "last_login_at": None,
            },
        )
        return int(result.inserted_primary_key[0])

    def get(self, user_id: int) -> UserRecord | None:
        row = self._conn.execute(select(t.users).where(t.users.c.id == user_id)).mappings().first()
        return None if row is None else _user(row)

    def by_username(self, username: str) -> UserRecord | None:
        # Usernames are compared case-insensitively: "Ana" and "ana" are one person.
        stmt = select(t.users).where(func.lower(t.users.c.username) == username.lower())
        row = self._conn.execute(stmt).mappings().first()
        return None if row is None else _user(row)

    def list(self) -> list[UserRecord]:
        rows = self._conn.execute(select(t.users).order_by(t.users.c.username)).mappings()
        return [_user(r) for r in rows]

    def count(self, role: str | None = None, *, active_only: bool = False) -> int:
        stmt = select(func.count()).select_from(t.users)
        if role is not None:
            stmt = stmt.where(t.users.c.role == role)
        if active_only:
            stmt = stmt.where(t.users.c.active.is_(True))
        return int(self._conn.execute(stmt).scalar_one())

    def update(self, user_id: int, **values: Any) -> None:
        """Change some columns of a user (role, display name, password hash, active...)."""
        unknown = set(values) - set(t.users.c.keys())
        if unknown or "id" in values:
            raise ValueError(f"cannot update user columns {sorted(unknown | {'id'} & set(values))}")
        stmt = update(t.users).where(t.users.c.id == user_id).values(**values)
        if self._conn.execute(stmt).rowcount == 0:
            raise NotFoundError("user", user_id)


class TokenRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, user_id: int, name: str, prefix: str, secret_hash: str, *, now: datetime) -> int:
        if self._conn.execute(select(t.users.c.id).where(t.users.c.id == user_id)).first() is None:
            raise NotFoundError("user", user_id, needed_by=f"API token {name}")
        result = self._conn.execute(
            insert(t.api_tokens),
            {
                "user_id": user_id,
                "name": name,
                "prefix": prefix,
                "secret_hash": secret_hash,
                "created_at": now,
                "last_used_at": None,
            },
        )
        return int(result.inserted_primary_key[0])

    def by_prefix(self, prefix: str) -> TokenRecord | None:
        stmt = select(t.api_tokens).where(t.api_tokens.c.prefix == prefix)
        row = self._conn.execute(stmt).mappings().first()
        return None if row is None else _token(row)

    def list(self, user_id: int | None = None) -> list[TokenRecord]:
        c = t.api_tokens.c
        stmt = select(t.api_tokens).order_by(c.user_id, c.id)
        if user_id is not None:
            stmt = stmt.where(c.user_id == user_id)
        return [_token(r) for r in self._conn.execute(stmt).mappings()]

    def touch(self, token_id: int, now: datetime) -> None:
        stmt = update(t.api_tokens).where(t.api_tokens.c.id == token_id).values(last_used_at=now)
        self._conn.execute(stmt)

    def remove(self, token_id: int, user_id: int | None = None) -> bool:
        """Revoke a token (only if it belongs to ``user_id`` when given)."""
        stmt = delete(t.api_tokens).where(t.api_tokens.c.id == token_id)
        if user_id is not None:
            stmt = stmt.where(t.api_tokens.c.user_id == user_id)
        return self._conn.execute(stmt).rowcount > 0

    def remove_all(self, user_id: int) -> int:
        stmt = delete(t.api_tokens).where(t.api_tokens.c.user_id == user_id)
        return self._conn.execute(stmt).rowcount


class LoginFailureRepository:
    """Failed sign-ins, counted per username and per client address for rate limiting."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, username: str, client: str, now: datetime) -> None:
        self._conn.execute(
            insert(t.login_failures),
            {"username": username.lower()[:80], "client": client[:64], "at": now},
        )

    def count_since(self, since: datetime, *, username: str, client: str) -> tuple[int, int]:
        """(failures for ``username``, failures from ``client``) at or after ``since``."""
        c = t.login_failures.c
        rows = self._conn.execute(
            select(c.username, c.client).where(
                c.at >= since, or_(c.username == username.lower()[:80], c.client == client[:64])
            )
        ).all()
        by_user = sum(1 for r in rows if r[0] == username.lower()[:80])
        by_client = sum(1 for r in rows if r[1] == client[:64])
        return by_user, by_client

    def clear(self, username: str) -> None:
        c = t.login_failures.c
        self._conn.execute(delete(t.login_failures).where(c.username == username.lower()[:80]))

    def prune(self, before: datetime) -> None:
        self._conn.execute(delete(t.login_failures).where(t.login_failures.c.at < before))


class SecretRepository:
    """Named server secrets (the cookie-signing key), created once and never replaced."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def get(self, name: str) -> str | None:
        stmt = select(t.app_secrets.c.value).where(t.app_secrets.c.name == name)
        return self._conn.execute(stmt).scalar_one_or_none()

    def add(self, name: str, value: str, now: datetime) -> None:
        if self.get(name) is not None:
            raise DuplicateError("secret", name)
        self._conn.execute(insert(t.app_secrets), {"name": name, "value": value, "created_at": now})
