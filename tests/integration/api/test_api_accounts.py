"""Accounts as the workshop uses them: sign-in, sessions, CSRF, throttling, tokens, roles."""

from __future__ import annotations

from sqlalchemy import select

from cordwain.services import accounts, unit_of_work
from cordwain.store import tables as t

from .conftest import PASSWORD, USERNAMES, csrf_of, sign_in, token_for


def test_passwords_are_stored_as_argon2id_hashes_never_in_clear(shop_url):
    with unit_of_work(shop_url) as uow:
        hashes = list(uow.connection.execute(select(t.users.c.password_hash)).scalars())
    assert len(hashes) == 4
    assert all(h.startswith("$argon2id$") and PASSWORD not in h for h in hashes)


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    r = client.get("/catalogue?q=MA", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/login?next=/catalogue%3Fq%3DMA"


def test_signing_in_sets_a_signed_httponly_samesite_cookie_and_lands_on_the_dashboard(app):
    from fastapi.testclient import TestClient

    c = TestClient(app)
    page = c.get("/login")
    form = {"username": "olga", "password": PASSWORD, "csrf_token": csrf_of(page.text)}
    r = c.post("/login", data=form, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "The workshop today" in c.get("/").text


def test_a_forged_session_cookie_is_ignored(client):
    client.cookies.set("cordwain_session", "eyJ1IjoxLCJ2IjoxLCJjIjoieCJ9.forged.sig")
    r = client.get("/api/v1/me")
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "not_signed_in"


def test_a_form_without_the_csrf_token_is_refused(app):
    browser = sign_in(app, "owner")
    r = browser.client.post("/account/tokens", data={"name": "no csrf"})
    assert r.status_code == 403
    assert "security token" in r.text
    r = browser.client.post("/account/tokens", data={"name": "csrf", "csrf_token": "wrong"})
    assert r.status_code == 403


def test_the_login_form_itself_needs_the_csrf_token(client):
    r = client.post("/login", data={"username": "olga", "password": PASSWORD})
    assert r.status_code == 403


def test_wrong_passwords_are_throttled_per_username(app, client):
    page = client.get("/login")
    csrf = csrf_of(page.text)
    for _ in range(accounts.MAX_FAILURES_PER_USER):
        r = client.post("/login", data={"username": "pia", "password": "not-it-at-all",
                                        "csrf_token": csrf})  # fmt: skip
        assert r.status_code == 401
        assert "wrong username or password" in r.text
    r = client.post("/login", data={"username": "pia", "password": PASSWORD, "csrf_token": csrf})
    assert r.status_code == 429
    assert int(r.headers["retry-after"]) > 0
    # Other people can still sign in.
    sign_in(app, "owner")


def test_an_unknown_username_gets_the_same_answer_as_a_wrong_password(client):
    csrf = csrf_of(client.get("/login").text)
    r = client.post("/login", data={"username": "nobody", "password": "whatever-12345",
                                    "csrf_token": csrf})  # fmt: skip
    assert r.status_code == 401 and "wrong username or password" in r.text


def test_api_tokens_work_for_scripts_and_only_their_hash_is_stored(app, client, shop_url):
    headers = token_for(app, "planner")
    token = headers["Authorization"].split()[1]
    me = client.get("/api/v1/me", headers=headers).json()
    assert me["username"] == "pia" and me["role"] == "planner"
    with unit_of_work(shop_url) as uow:
        stored = list(uow.connection.execute(select(t.api_tokens.c.secret_hash)).scalars())
    assert stored and all(token.split("_", 2)[2] not in s for s in stored)
    listed = client.get("/api/v1/me/tokens", headers=headers).json()
    assert [t["name"] for t in listed] == ["tests"] and "token" not in listed[0]


def test_a_revoked_token_stops_working(app, client):
    headers = token_for(app, "inspector")
    token_id = client.get("/api/v1/me/tokens", headers=headers).json()[0]["id"]
    assert client.delete(f"/api/v1/me/tokens/{token_id}", headers=headers).status_code == 204
    r = client.get("/api/v1/me", headers=headers)
    assert r.status_code == 401 and "revoked" in r.json()["error"]["message"]


def test_a_bad_authorization_header_is_a_401_with_the_error_body(client):
    r = client.get("/api/v1/styles", headers={"Authorization": "Basic b2xnYTpwdw=="})
    assert r.status_code == 401
    assert set(r.json()["error"]) == {"status", "code", "message", "details"}
    r = client.get("/api/v1/styles", headers={"Authorization": "Bearer cw_nope"})
    assert r.status_code == 401


def test_only_an_owner_adds_accounts_and_a_planner_cannot(app, client):
    owner, planner = token_for(app, "owner"), token_for(app, "planner")
    body = {"username": "rui", "password": PASSWORD, "role": "artisan", "artisan_code": "RUI"}
    assert client.post("/api/v1/users", json=body, headers=planner).status_code == 403
    r = client.post("/api/v1/users", json=body, headers=owner)
    assert r.status_code == 201 and r.json()["artisan_code"] == "RUI"
    again = client.post("/api/v1/users", json=body, headers=owner)
    assert again.status_code == 400 and "already exists" in again.json()["error"]["message"]


def test_an_artisan_account_must_name_an_existing_artisan(app, client):
    owner = token_for(app, "owner")
    body = {"username": "zed", "password": PASSWORD, "role": "artisan", "artisan_code": "ZED"}
    r = client.post("/api/v1/users", json=body, headers=owner)
    assert r.status_code == 400 and "artisan ZED does not exist" in r.json()["error"]["message"]


def test_short_passwords_are_refused(app, client):
    owner = token_for(app, "owner")
    body = {"username": "tom", "password": "short", "role": "planner"}
    r = client.post("/api/v1/users", json=body, headers=owner)
    assert r.status_code == 400 and "at least 10 characters" in r.json()["error"]["message"]


def test_suspending_someone_ends_their_session_and_tokens_at_once(app, client):
    planner_browser = sign_in(app, "planner")
    planner_token = token_for(app, "planner")
    owner = token_for(app, "owner")
    pia = next(u for u in client.get("/api/v1/users", headers=owner).json()
               if u["username"] == "pia")  # fmt: skip
    r = client.patch(f"/api/v1/users/{pia['id']}", json={"active": False}, headers=owner)
    assert r.status_code == 200 and r.json()["active"] is False
    assert planner_browser.get("/sales", follow_redirects=False).status_code == 303
    assert client.get("/api/v1/me", headers=planner_token).status_code == 401


def test_the_last_owner_cannot_be_demoted(app, client):
    owner = token_for(app, "owner")
    me = client.get("/api/v1/me", headers=owner).json()
    r = client.patch(f"/api/v1/users/{me['id']}", json={"role": "planner"}, headers=owner)
    assert r.status_code == 400 and "last active owner" in r.json()["error"]["message"]


def test_changing_ones_password_signs_out_other_sessions(app):
    first, second = sign_in(app, "inspector"), sign_in(app, "inspector")
    r = first.post("/account/password", {"current_password": PASSWORD,
                                          "new_password": "a-new-long-secret"})  # fmt: skip
    assert r.status_code == 200 and "Password changed" in r.text
    assert first.get("/production").status_code == 200
    assert second.get("/production", follow_redirects=False).status_code == 303
    sign_in(app, "inspector", password="a-new-long-secret")


def test_signing_out_ends_the_session(app):
    browser = sign_in(app, "owner")
    r = browser.post("/logout", follow_redirects=False)
    assert r.status_code == 303
    assert browser.get("/", follow_redirects=False).status_code == 303


def test_the_login_page_never_redirects_off_site(app):
    from fastapi.testclient import TestClient

    c = TestClient(app)
    csrf = csrf_of(c.get("/login").text)
    r = c.post("/login", data={"username": USERNAMES["owner"], "password": PASSWORD,
                               "next": "//evil.example/", "csrf_token": csrf},
               follow_redirects=False)  # fmt: skip
    assert r.headers["location"] == "/"
