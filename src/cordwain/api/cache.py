"""A few seconds of memory for the dashboard, the page everyone opens first.

Fifty people reloading the dashboard need not recompute stock value fifty times a second:
the computed :class:`~cordwain.services.web_views.Dashboard` is served again for
``WebConfig.dashboard_seconds`` (5 s by default), and forgotten at once after any change
made through this app (an import, a recorded operation or inspection).
"""

from __future__ import annotations

import threading
import time
from datetime import date

from fastapi import FastAPI, Request

from cordwain.services import web_views
from cordwain.store import SqlUnitOfWork


class DashboardCache:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._lock = threading.Lock()
        self._value: web_views.Dashboard | None = None
        self._at = 0.0
        self._refreshing = False

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

    def clear(self) -> None:
        with self._lock:
            self._value = None


def cached_dashboard(request: Request, uow: SqlUnitOfWork) -> web_views.Dashboard:
    return request.app.state.dashboard_cache.get(uow)


def data_changed(app: FastAPI) -> None:
    """Forget whatever summarises the workshop's data (call after a commit that changed it)."""
    app.state.dashboard_cache.clear()
