"""A couple of seconds of memory for sign-ins, so a page load need not read its account.

Every request carrying a session cookie or an API token used to read the account (a query,
and on PostgreSQL a BEGIN and a ROLLBACK around it) before anything else. Fifty tabs
reloading the dashboard asked the same question fifty times a second. A sign-in checked
against the database is now trusted for ``WebConfig.signin_seconds`` (2 s by default):

- the cookie's signature is still checked on every request (by the middleware), and the
  cache is keyed by (user id, session version) or by a hash of the token, so a cookie from
  before a password change or a demotion never matches a newer entry;
- any state-changing request through this app clears the cache once it has committed, so
  a role change, a suspension, a password reset or a revoked token takes effect at the next
  request in this process; a lookup that raced with such a change is not stored (the
  ``generation`` check);
- a change made by another process (the other uvicorn worker, the CLI) takes effect there
  within ``signin_seconds`` (twice that at worst, see below).

Only positive answers are kept: an unknown token or a revoked session is read every time.
When an entry is due for a check, the first request checks it and the others meanwhile get
the entry they had (never more than twice ``signin_seconds`` old), instead of all fifty
asking the database at the same moment.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Hashable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cordwain.services.accounts import User

#: Entries kept at most (a workshop has a handful of people; this only bounds abuse).
MAX_ENTRIES = 1024


class SignInCache:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._lock = threading.Lock()
        # key -> [user, checked at, being checked again]
        self._entries: dict[Hashable, list] = {}
        self._generation = 0

    @property
    def generation(self) -> int:
        """Read before a lookup; :meth:`put` refuses the answer if a clear happened since."""
        return self._generation

    def get(self, key: Hashable) -> User | None:
        """The user checked for ``key`` lately; None means: check it (and :meth:`put` it)."""
        if self.seconds <= 0:
            return None
        entry = self._entries.get(key)
        if entry is None:
            return None
        age = time.monotonic() - entry[1]
        if age < self.seconds:
            return entry[0]
        with self._lock:
            if age < 2 * self.seconds and entry[2]:
                return entry[0]  # someone is checking it right now
            entry[2] = True
        return None

    def put(self, key: Hashable, user: User, generation: int) -> None:
        if self.seconds <= 0:
            return
        with self._lock:
            if generation != self._generation:
                return  # an account changed while this answer was read: it may be stale
            if len(self._entries) >= MAX_ENTRIES:
                self._entries.clear()
            self._entries[key] = [user, time.monotonic(), False]

    def forget(self, key: Hashable) -> None:
        """Drop ``key`` (its check found the sign-in no longer valid, or failed)."""
        with self._lock:
            self._entries.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._generation += 1
            self._entries.clear()
