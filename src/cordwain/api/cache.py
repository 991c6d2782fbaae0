"""A few seconds of memory for the dashboard, the page everyone opens first.

Fifty people reloading the dashboard need not recompute stock value fifty times a second:
the computed :class:`~cordwain.services.web_views.Dashboard` is served again for
``WebConfig.dashboard_seconds`` (5 s by default), and forgotten at once after any change
made through this app (an import, a recorded operation or inspection).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from fastapi import FastAPI, Request

from cordwain.services import web_views
from cordwain.store import SqlUnitOfWork

T = TypeVar("T")


class DashboardCache:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._lock = threading.Lock()
        self._value: web_views.Dashboard | None = None
        self._at = 0.0
        self._refreshing = False
        # What pages make of the current figures (its JSON, its chart), made once per value.
        self._derived: dict[str, Any] = {}
        self._derived_of: object = None

    def get(self, uow: SqlUnitOfWork) -> web_views.Dashboard:
        now = time.monotonic()
        with self._lock:
            value = self._value
            usable = value is not None and value.today == date.today()
            if usable and now - self._at < self.seconds:
                return value
            if usable and self._refreshing:
                # Another request is already recomputing: serve the figures of a few seconds
                # ago meanwhile instead of fifty requests recomputing them at once.
                return value
            self._refreshing = True
        try:
            value = web_views.dashboard(uow)
        finally:
            with self._lock:
                self._refreshing = False
        with self._lock:
            self._value, self._at = value, time.monotonic()
        return value

    def derived(self, value: object, name: str, make: Callable[[], T]) -> T:
        """``make()`` for ``value`` (figures :meth:`get` returned), computed once per value.

        The dashboard's JSON and its chart are the same for everyone until the figures are
        recomputed, so fifty reloads serialise and draw them once.
        """
        with self._lock:
            if self._derived_of is value and name in self._derived:
                return self._derived[name]
        made = make()
        with self._lock:
            if self._derived_of is not value:
                self._derived, self._derived_of = {}, value
            self._derived[name] = made
        return made

    def clear(self) -> None:
        with self._lock:
            self._value = None
            self._derived, self._derived_of = {}, None


def cached_dashboard(request: Request, uow: SqlUnitOfWork) -> web_views.Dashboard:
    return request.app.state.dashboard_cache.get(uow)


def data_changed(app: FastAPI) -> None:
    """Forget whatever summarises the workshop's data (call after a commit that changed it)."""
    app.state.dashboard_cache.clear()
