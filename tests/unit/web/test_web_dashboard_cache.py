"""The dashboard's few seconds of memory: fresh figures reused, one recomputation at a time."""

import threading
from datetime import date
from types import SimpleNamespace

from cordwain.api import cache


def test_fresh_figures_are_reused_and_stale_ones_recomputed_once(monkeypatch):
    calls = []
    monkeypatch.setattr(
        cache.web_views,
        "dashboard",
        lambda uow: calls.append(1) or SimpleNamespace(today=date.today(), n=len(calls)),
    )
    c = cache.DashboardCache(seconds=60)
    assert c.get(None).n == 1 and c.get(None).n == 1 and len(calls) == 1
    c.clear()
    assert c.get(None).n == 2


def test_while_one_request_recomputes_the_others_get_the_previous_figures(monkeypatch):
    started, release = threading.Event(), threading.Event()
    calls = []

    def slow(uow):
        calls.append(1)
        if len(calls) == 2:  # the refresh: hold it until the other request has been served
            started.set()
            release.wait(5)
        return SimpleNamespace(today=date.today(), n=len(calls))

    monkeypatch.setattr(cache.web_views, "dashboard", slow)
    c = cache.DashboardCache(seconds=0)  # always stale
    assert c.get(None).n == 1
    refresher = threading.Thread(target=c.get, args=(None,))
    refresher.start()
    assert started.wait(5)
    assert c.get(None).n == 1  # served the previous figures, did not recompute
    release.set()
    refresher.join(5)
    assert len(calls) == 2
