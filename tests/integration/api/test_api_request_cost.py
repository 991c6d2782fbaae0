"""What a page load costs the database, and that remembering sign-ins never outlives a change.

A page answered from memory (a cached dashboard, a sign-in checked a moment ago) must take
no connection at all; a suspension or a demotion made through the app takes effect at the
next request, and one made by another process within ``WebConfig.signin_seconds``.
"""

from __future__ import annotations

import time

from sqlalchemy import event

from cordwain.services import accounts, unit_of_work
from cordwain.store.engine import get_engine

from .conftest import USERNAMES, sign_in


def _app(url, **config):
    from cordwain.api import WebConfig, create_app

    return create_app(url, config=WebConfig(**config))


class _Counter:
    def __init__(self, url):
        self.engine = get_engine(url)
        self.statements, self.checkouts = [], 0

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._statement)
        event.listen(self.engine.pool, "checkout", self._checkout)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._statement)
        event.remove(self.engine.pool, "checkout", self._checkout)

    def _statement(self, conn, cursor, statement, *args):
        self.statements.append(statement)

    def _checkout(self, *args):
        self.checkouts += 1


def test_a_page_served_from_memory_takes_no_connection(shop_url):
    app = _app(shop_url, dashboard_seconds=60, signin_seconds=60)
    owner = sign_in(app, "owner")
    assert owner.get("/api/v1/dashboard").status_code == 200  # computes and remembers
    with _Counter(shop_url) as count:
        for path in ("/api/v1/dashboard", "/"):
            assert owner.get(path).status_code == 200
    assert count.statements == [] and count.checkouts == 0
    with _Counter(shop_url) as count:  # the plan page asks which plans are stored, once
        assert owner.get("/plans").status_code == 200
    assert count.checkouts == 1
    assert not any("FROM users" in s for s in count.statements)


def test_a_suspension_through_the_app_takes_effect_at_the_next_request(shop_url):
    app = _app(shop_url, signin_seconds=60)
    owner, planner = sign_in(app, "owner"), sign_in(app, "planner")
    assert planner.get("/api/v1/me").status_code == 200  # remembered for a minute
    with unit_of_work(shop_url) as uow:
        pia = uow.users.by_username(USERNAMES["planner"]).id
    r = owner.client.patch(
        f"/api/v1/users/{pia}", json={"active": False}, headers={"X-CSRF-Token": owner.csrf}
    )
    assert r.status_code == 200, r.text
    assert planner.get("/api/v1/me").status_code == 401


def test_a_change_made_by_another_process_takes_effect_within_the_signin_seconds(shop_url):
    app = _app(shop_url, signin_seconds=0.5)
    planner = sign_in(app, "planner")
    assert planner.get("/api/v1/plans").status_code == 200
    with unit_of_work(shop_url) as uow:  # the CLI, or the other worker, demotes Pia
        olga = accounts.get_user(uow, uow.users.by_username(USERNAMES["owner"]).id)
        pia = uow.users.by_username(USERNAMES["planner"]).id
        accounts.update_user(uow, olga, pia, role="inspector")
        uow.commit()
    time.sleep(1.1)  # past twice signin_seconds: the remembered sign-in cannot be served
    assert planner.get("/api/v1/plans").status_code == 401  # the session was ended
    assert planner.get("/plans", follow_redirects=False).status_code == 303
