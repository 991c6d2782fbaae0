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

    def get(self, uow: SqlUnitOfWork) -> web_views.Dashboard:
        now = time.monotonic()
        with self._lock:
            value = self._value
            fresh = value is not None and now - self._at < self.seconds
            fresh = fresh and value.today == date.today()
        if fresh:
            assert value is not None
            return value
        value = web_views.dashboard(uow)
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
