"""The permission matrix: every role × every route of the app, read from the app itself.

A route is allowed to a role exactly when the role holds the permission its gate checks;
otherwise it answers 403 (401 or a redirect to the login page when nobody is signed in),
and no denied answer, nor any answer given to an artisan, carries a cost, price or rate.
A new route is covered the moment it is added; a route without a gate must be listed in
PUBLIC, so a forgotten gate fails here.
"""

from __future__ import annotations

import re

import pytest

from cordwain.api import SIGNED_IN, route_table
from cordwain.services.accounts import ROLE_PERMISSIONS, Permission, Role

from .conftest import ROLES, SECRET_MONEY, sign_in, token_for

#: Routes open to anyone (path, method).
PUBLIC = {
    ("/login", "GET"), ("/login", "POST"), ("/logout", "POST"), ("/healthz", "GET"),
    ("/api/v1/auth/token", "POST"), ("/api/v1/openapi.json", "GET"), ("/api/v1/docs", "GET"),
    ("/docs/oauth2-redirect", "GET"),
}  # fmt: skip

SAMPLE = {"code": "H1", "kind": "styles", "name": "styles.csv", "user_id": "1", "token_id": "999",
          "job_id": "0123456789abcdef", "serial": "B1-0001", "artisan": "ANA", "sheet": "H1",
          "operation": "final", "group": "MARA-BLK"}  # fmt: skip
PER_PATH = {"/api/v1/styles/{code}": {"code": "MARA"}, "/catalogue/{code}": {"code": "MARA"},
            "/api/v1/batches/{code}": {"code": "B1"}}  # fmt: skip


def routes(app):
    return route_table(app)


def concrete(path: str) -> str:
    values = {**SAMPLE, **PER_PATH.get(path, {})}
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)


def allowed(role: str, gate) -> bool:
    return gate == SIGNED_IN or Permission(gate) in ROLE_PERMISSIONS[Role(role)]


def test_every_route_has_a_gate_or_is_listed_as_public(app):
    ungated = {(path, method) for path, method, gate in routes(app) if gate is None}
    assert ungated == PUBLIC
    assert len(routes(app)) > 50


def _call(client, method, path, headers, csrf=None):
    # Empty bodies: an allowed role gets past the gate and fails validation (4xx), so the
    # matrix never changes the workshop.
    headers = {**headers, **({"X-CSRF-Token": csrf} if csrf else {})}
    if method == "GET":
        return client.get(path, headers=headers, follow_redirects=False)
    return client.request(method, path, headers=headers, follow_redirects=False)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_the_routes_its_permissions_allow(app, role):
    from fastapi.testclient import TestClient

    api_headers = token_for(app, role)
    browser = sign_in(app, role)
    api = TestClient(app)
    leaks, wrong = [], []
    for template, method, gate in routes(app):
        if gate is None:
            continue
        path = concrete(template)
        if path.startswith("/api/"):
            r = _call(api, method, path, api_headers)
        else:
            r = _call(browser.client, method, path, {}, csrf=browser.csrf)
        if allowed(role, gate):
            if r.status_code in (401, 403) or r.status_code >= 500:
                wrong.append((method, path, r.status_code, "should be allowed"))
        elif r.status_code != 403:
            wrong.append((method, path, r.status_code, "should be 403"))
        if (not allowed(role, gate) or role == "artisan") and r.status_code < 500:
            found = [m for m in SECRET_MONEY if m in r.text]
            if found:
                leaks.append((method, path, r.status_code, found))
    assert wrong == []
    assert leaks == []


def test_nobody_signed_in_gets_401_from_the_api_and_the_login_page_from_the_web(app):
    from fastapi.testclient import TestClient

    anonymous = TestClient(app)
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', anonymous.get("/login").text)[1]
    for template, method, gate in routes(app):
        if gate is None:
            continue
        path = concrete(template)
        r = _call(anonymous, method, path, {}, csrf=csrf)
        if path.startswith("/api/"):
            assert r.status_code == 401, (method, path, r.status_code)
            assert r.json()["error"]["code"] == "not_signed_in"
        else:
            assert r.status_code == 303, (method, path, r.status_code)
            assert r.headers["location"].startswith("/login")
        assert not any(m in r.text for m in SECRET_MONEY), (method, path)


def test_the_artisan_menu_shows_no_money_pages(app):
    page = sign_in(app, "artisan").get("/my-day").text
    for label in ("Catalogue", "Materials", "Sales", "Artisans", "Accounts", "Import"):
        assert f">{label}<" not in page
    assert ">My day<" in page and ">Hides<" in page
