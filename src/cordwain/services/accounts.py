"""Accounts of the web app and API: people with a role, passwords, sign-in, API tokens.

Four roles, each a set of permissions (:data:`ROLE_PERMISSIONS`), checked by the API and the
web pages through :meth:`User.can`:

- **owner** — everything, and the only one who manages accounts;
- **planner** — reads everything, imports and exports files, runs plans;
- **inspector** — reads catalogue, stock and production, records inspections;
- **artisan** — sees their own day and the hides, records their own operations and defects,
  and never sees a cost, a price, a rate or a margin.

Passwords are hashed with argon2id; API tokens (``cw_<prefix>_<secret>``) are random
256-bit secrets of which only a SHA-256 hash is stored. Failed sign-ins are recorded so
that guessing is throttled per username and per client address, across server processes.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from .errors import ServiceError

if TYPE_CHECKING:
    from cordwain.store import SqlUnitOfWork
    from cordwain.store.accounts import TokenRecord, UserRecord


class Role(StrEnum):
    OWNER = "owner"
    PLANNER = "planner"
    INSPECTOR = "inspector"
    ARTISAN = "artisan"


class Permission(StrEnum):
    VIEW_WORKSHOP = "workshop.view"  # the dashboard, with stock value
    VIEW_CATALOGUE = "catalogue.view"  # styles with prices and unit costs
    VIEW_STOCK = "stock.view"  # materials with costs, inventory, purchase orders
    VIEW_HIDES = "hides.view"  # hides, their outlines and quality zones
    VIEW_DEMAND = "demand.view"  # sales, pre-orders, waitlist, feedback
    VIEW_PEOPLE = "people.view"  # artisans with skills, hours and hourly rates
    VIEW_PRODUCTION = "production.view"  # batches, operation records, inspections
    IMPORT_DATA = "data.import"
    EXPORT_DATA = "data.export"
    RUN_PLANS = "plans.run"
    RECORD_INSPECTIONS = "inspections.record"
    RECORD_OWN_WORK = "work.record-own"  # an artisan's own operations and defects
    MANAGE_ACCOUNTS = "accounts.manage"


P = Permission
_READ_ALL = {
    P.VIEW_WORKSHOP, P.VIEW_CATALOGUE, P.VIEW_STOCK, P.VIEW_HIDES, P.VIEW_DEMAND,
    P.VIEW_PEOPLE, P.VIEW_PRODUCTION,
}  # fmt: skip

#: What each role may do. Artisans get no permission that shows money.
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.OWNER: frozenset(Permission) - {P.RECORD_OWN_WORK},
    Role.PLANNER: frozenset(_READ_ALL | {P.IMPORT_DATA, P.EXPORT_DATA, P.RUN_PLANS}),
    Role.INSPECTOR: frozenset(
        {P.VIEW_WORKSHOP, P.VIEW_CATALOGUE, P.VIEW_STOCK, P.VIEW_HIDES, P.VIEW_PRODUCTION}
        | {P.RECORD_INSPECTIONS}
    ),
    Role.ARTISAN: frozenset({P.VIEW_HIDES, P.RECORD_OWN_WORK}),
}

#: Failed sign-ins allowed per window, per username and per client address.
LOGIN_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_USER = 5
MAX_FAILURES_PER_CLIENT = 30
MIN_PASSWORD_LENGTH = 10
SECRET_ENV = "CORDWAIN_SECRET_KEY"

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
_TOKEN = re.compile(r"^cw_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{30,80})$")


class LoginRefused(ServiceError):
    """Wrong username or password (deliberately not saying which)."""


class LoginThrottled(ServiceError):
    """Too many failed sign-ins recently; ``retry_after`` seconds until the next try."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class AccountNotFound(ServiceError):
    """No such user or token."""


@dataclass(frozen=True, slots=True)
class User:
    """A signed-in person as the app sees them (never carries the password hash)."""

    id: int
    username: str
    display_name: str
    role: Role
    artisan_code: str | None
    active: bool
    session_version: int
    created_at: datetime
    last_login_at: datetime | None

    @property
    def permissions(self) -> frozenset[Permission]:
        return ROLE_PERMISSIONS[self.role]

    def can(self, permission: Permission) -> bool:
        return self.active and permission in ROLE_PERMISSIONS[self.role]

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "username": self.username,
            "display_name": self.display_name,
            "role": self.role.value,
            "artisan_code": self.artisan_code,
            "active": self.active,
            "created_at": self.created_at.isoformat(timespec="seconds"),
            "last_login_at": (
                self.last_login_at.isoformat(timespec="seconds") if self.last_login_at else None
            ),
        }


@dataclass(frozen=True, slots=True)
class ApiToken:
    """An API token as listed (the secret is shown once, when it is created)."""

    id: int
    user_id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _user(record: UserRecord) -> User:
    return User(
        id=record.id,
        username=record.username,
        display_name=record.display_name,
        role=Role(record.role),
        artisan_code=record.artisan_code,
        active=record.active,
        session_version=record.session_version,
        created_at=record.created_at,
        last_login_at=record.last_login_at,
    )


def _token(record: TokenRecord) -> ApiToken:
    return ApiToken(
        record.id, record.user_id, record.name, record.prefix, record.created_at,
        record.last_used_at,
    )  # fmt: skip


# --- passwords -----------------------------------------------------------------------------

_hasher = None


def _password_hasher():
    # argon2's hasher is created on first use: nothing heavy happens at import.
    global _hasher
    if _hasher is None:
        from argon2 import PasswordHasher

        _hasher = PasswordHasher()
    return _hasher


def configure_hashing(
    *, time_cost: int = 3, memory_cost: int = 65536, parallelism: int = 4
) -> None:
    """Set argon2's cost (defaults: RFC 9106's low-memory profile, ~64 MiB, a few 10 ms).

    Tests lower it so that hundreds of sign-ins run in seconds; existing hashes keep
    verifying, and are re-hashed at the next sign-in when the cost went up.
    """
    global _hasher, _DUMMY_HASH
    from argon2 import PasswordHasher

    _hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)
    _DUMMY_HASH = None


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (salted; the parameters travel inside the hash)."""
    check_password_strength(password)
    return _password_hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _password_hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ServiceError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > 256:
        raise ServiceError("a password is at most 256 characters")
    if password.strip() != password or not password.strip():
        raise ServiceError("a password cannot start or end with spaces")


# Verifying against a throwaway hash when the username is unknown keeps a wrong username as
# slow as a wrong password, so timing does not tell which usernames exist.
_DUMMY_HASH: str | None = None


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = _password_hasher().hash(secrets.token_urlsafe(16))
    return _DUMMY_HASH


# --- users ---------------------------------------------------------------------------------


def _check_username(username: str) -> str:
    name = username.strip().lower()
    if not _USERNAME.match(name):
        raise ServiceError(
            f"username {username!r}: use 2–40 lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    return name


def _check_role(role: str | Role) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise ServiceError(
            f"role {role!r} is not one of: {', '.join(r.value for r in Role)}"
        ) from None


def _check_artisan_link(uow: SqlUnitOfWork, role: Role, artisan_code: str | None) -> str | None:
    if role is not Role.ARTISAN:
        if artisan_code:
            raise ServiceError("only an artisan account is linked to an artisan record")
        return None
    if not artisan_code:
        raise ServiceError("an artisan account needs the code of the artisan it belongs to")
    code = artisan_code.strip().upper()
    if uow.artisans.get(code) is None:
        raise ServiceError(f"artisan {code} does not exist (import the artisans first)")
    return code


def create_user(
    uow: SqlUnitOfWork,
    username: str,
    password: str,
    role: str | Role,
    *,
    display_name: str | None = None,
    artisan_code: str | None = None,
) -> User:
    """Add an account (no commit: the caller's). Artisans are linked to their artisan record."""
    name = _check_username(username)
    the_role = _check_role(role)
    link = _check_artisan_link(uow, the_role, artisan_code)
    shown = (display_name or "").strip() or name
    if len(shown) > 200:
        raise ServiceError("a display name is at most 200 characters")
    if uow.users.by_username(name) is not None:
        raise ServiceError(f"user {name} already exists")
    user_id = uow.users.add(
        name, shown, the_role.value, hash_password(password), artisan_code=link, now=_now()
    )
    return get_user(uow, user_id)


def get_user(uow: SqlUnitOfWork, user_id: int) -> User:
    record = uow.users.get(user_id)
    if record is None:
        raise AccountNotFound(f"user {user_id} does not exist")
    return _user(record)


def list_users(uow: SqlUnitOfWork) -> list[User]:
    return [_user(r) for r in uow.users.list()]


def has_owner(uow: SqlUnitOfWork) -> bool:
    """True once an active owner exists (``cordwain user add`` makes the first one)."""
    return uow.users.count(Role.OWNER.value, active_only=True) > 0


def update_user(
    uow: SqlUnitOfWork,
    actor: User,
    user_id: int,
    *,
    role: str | Role | None = None,
    active: bool | None = None,
    display_name: str | None = None,
    artisan_code: str | None = None,
) -> User:
    """Change someone's role, name or access (owners only; never leaves the shop ownerless)."""
    require(actor, Permission.MANAGE_ACCOUNTS)
    target = get_user(uow, user_id)
    new_role = _check_role(role) if role is not None else target.role
    new_active = target.active if active is None else bool(active)
    values: dict = {}
    if role is not None or artisan_code is not None:
        link = artisan_code if artisan_code is not None else target.artisan_code
        values["artisan_code"] = _check_artisan_link(
            uow, new_role, link if new_role is Role.ARTISAN else None
        )
        values["role"] = new_role.value
    if display_name is not None:
        if not display_name.strip() or len(display_name) > 200:
            raise ServiceError("a display name is 1–200 characters")
        values["display_name"] = display_name.strip()
    if active is not None:
        values["active"] = new_active
    demoting_an_owner = target.role is Role.OWNER and target.active
    demoting_an_owner = demoting_an_owner and (new_role is not Role.OWNER or not new_active)
    if demoting_an_owner and uow.users.count(Role.OWNER.value, active_only=True) <= 1:
        raise ServiceError(
            f"{target.username} is the last active owner; make someone else owner first"
        )
    if ("role" in values and values["role"] != target.role.value) or active is False:
        # A demotion or a suspension takes effect now, not when the session expires.
        values["session_version"] = target.session_version + 1
        if active is False:
            uow.tokens.remove_all(user_id)
    if values:
        uow.users.update(user_id, **values)
    return get_user(uow, user_id)


def set_password(uow: SqlUnitOfWork, actor: User, user_id: int, new_password: str) -> None:
    """An owner resets someone's password; their sessions end."""
    require(actor, Permission.MANAGE_ACCOUNTS)
    target = get_user(uow, user_id)
    uow.users.update(
        user_id,
        password_hash=hash_password(new_password),
        session_version=target.session_version + 1,
    )


def change_own_password(
    uow: SqlUnitOfWork, user: User, current_password: str, new_password: str
) -> User:
    """Anyone changes their own password, proving the current one; other sessions end."""
    record = uow.users.get(user.id)
    if record is None or not verify_password(record.password_hash, current_password):
        raise LoginRefused("the current password is not right")
    uow.users.update(
        user.id,
        password_hash=hash_password(new_password),
        session_version=record.session_version + 1,
    )
    return get_user(uow, user.id)


def require(user: User | None, permission: Permission) -> User:
    """``user`` when they hold ``permission``; ``PermissionDenied`` otherwise."""
    if user is None or not user.can(permission):
        raise PermissionDenied(permission)
    return user


class PermissionDenied(ServiceError):
    def __init__(self, permission: Permission) -> None:
        super().__init__(f"your role does not allow this ({permission.value})")
        self.permission = permission


# --- signing in ----------------------------------------------------------------------------


def authenticate(
    uow: SqlUnitOfWork,
    username: str,
    password: str,
    *,
    client: str = "unknown",
    now: datetime | None = None,
) -> User:
    """The user whose password this is, or ``LoginRefused`` / ``LoginThrottled``.

    A failed attempt is committed at once (the caller's transaction would roll it back with
    the error), so the throttle counts it whatever the caller does next.
    """
    now = now or _now()
    since = now - LOGIN_WINDOW
    by_user, by_client = uow.login_failures.count_since(since, username=username, client=client)
    if by_user >= MAX_FAILURES_PER_USER or by_client >= MAX_FAILURES_PER_CLIENT:
        raise LoginThrottled(
            "too many failed sign-ins; wait a few minutes and try again",
            retry_after=int(LOGIN_WINDOW.total_seconds()),
        )
    record = uow.users.by_username(username.strip()) if username.strip() else None
    ok = verify_password(record.password_hash if record else _dummy_hash(), password)
    if record is None or not ok or not record.active:
        uow.login_failures.add(username, client, now)
        uow.login_failures.prune(now - LOGIN_WINDOW * 4)
        uow.commit()
        raise LoginRefused("wrong username or password")
    values: dict = {"last_login_at": now}
    if _password_hasher().check_needs_rehash(record.password_hash):
        values["password_hash"] = _password_hasher().hash(password)
    uow.users.update(record.id, **values)
    uow.login_failures.clear(record.username)
    return get_user(uow, record.id)


def user_for_session(uow: SqlUnitOfWork, user_id: int, session_version: int) -> User | None:
    """The active user a session cookie names, or None if it was revoked since."""
    record = uow.users.get(user_id)
    if record is None or not record.active or record.session_version != session_version:
        return None
    return _user(record)


# --- API tokens ----------------------------------------------------------------------------


def _secret_hash(secret: str) -> str:
    # Tokens are 256 random bits: a fast hash is enough (no dictionary to guess from).
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(uow: SqlUnitOfWork, user: User, name: str) -> tuple[ApiToken, str]:
    """A new API token for ``user``: (its listing, the token text shown only this once)."""
    label = name.strip()
    if not label or len(label) > 80:
        raise ServiceError("a token needs a name of 1–80 characters (what script uses it)")
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
    prefix = "".join(secrets.choice(alphabet) for _ in range(12))
    secret = secrets.token_urlsafe(32)
    token_id = uow.tokens.add(user.id, label, prefix, _secret_hash(secret), now=_now())
    record = uow.tokens.by_prefix(prefix)
    assert record is not None and record.id == token_id
    return _token(record), f"cw_{prefix}_{secret}"


def user_for_token(uow: SqlUnitOfWork, token: str, *, now: datetime | None = None) -> User | None:
    """The active user an API token belongs to, or None for an unknown or revoked token."""
    match = _TOKEN.match(token.strip())
    if match is None:
        return None
    record = uow.tokens.by_prefix(match.group(1))
    if record is None or not hmac.compare_digest(record.secret_hash, _secret_hash(match.group(2))):
        return None
    user = uow.users.get(record.user_id)
    if user is None or not user.active:
        return None
    now = now or _now()
    # Written at most every few minutes so scripts polling the API do not queue writes.
    if record.last_used_at is None or now - record.last_used_at > timedelta(minutes=5):
        uow.tokens.touch(record.id, now)
    return _user(user)


def list_tokens(uow: SqlUnitOfWork, user: User, *, everyone: bool = False) -> list[ApiToken]:
    """``user``'s tokens, or every token when an owner asks for ``everyone``."""
    if everyone:
        require(user, Permission.MANAGE_ACCOUNTS)
        return [_token(r) for r in uow.tokens.list()]
    return [_token(r) for r in uow.tokens.list(user.id)]


def revoke_token(uow: SqlUnitOfWork, user: User, token_id: int) -> None:
    """Delete a token: one's own, or anyone's for an owner."""
    owner_of = None if user.can(Permission.MANAGE_ACCOUNTS) else user.id
    if not uow.tokens.remove(token_id, owner_of):
        raise AccountNotFound(f"token {token_id} does not exist")


# --- the key that signs session cookies ----------------------------------------------------


def session_secret(uow: SqlUnitOfWork) -> str:
    """The secret that signs session cookies: ``$CORDWAIN_SECRET_KEY``, else one kept in the db.

    Kept in the database (made on first use) so every server process of the workshop signs
    and checks cookies with the same key, and sessions survive a restart. Commits.
    """
    from_env = os.environ.get(SECRET_ENV, "").strip()
    if from_env:
        if len(from_env) < 32:
            raise ServiceError(f"{SECRET_ENV} must be at least 32 characters")
        return from_env
    secret = uow.secrets.get("session")
    if secret is not None:
        return secret
    try:
        uow.secrets.add("session", secrets.token_hex(32), _now())
        uow.commit()
    except Exception:
        # Another server process made it at the same moment: use theirs.
        uow.rollback()
    secret = uow.secrets.get("session")
    if secret is None:
        raise ServiceError("could not create the session key in the database")
    return secret
