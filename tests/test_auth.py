"""C2: passwords hashed, sessions kept server-side (logout and password change revoke them),
API tokens stored hashed, cookies flagged."""
from __future__ import annotations

from core.auth import set_password
from core.models import ApiToken, User, UserSession
from tests.conftest import PASSWORD, csrf_from


def login(app, email, password=PASSWORD):
    client = app.test_client()
    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"email": email, "password": password, "csrf_token": token})
    return client, response


def test_c2_password_is_stored_as_a_pbkdf2_hash(ctx, admin):
    stored = User.get_by_id(admin.id).password_hash
    assert stored.startswith("pbkdf2:sha256:") and PASSWORD not in stored


def test_c2_login_rejects_a_wrong_password_and_an_unknown_email(app, admin):
    assert login(app, admin.email, "wrong password")[1].status_code == 401
    assert login(app, "nobody@example.com")[1].status_code == 401
    client, response = login(app, admin.email.upper())
    assert response.status_code == 302


def test_c2_session_cookie_is_httponly_and_samesite(app, admin):
    _, response = login(app, admin.email)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_c2_logout_revokes_the_session_even_for_a_copied_cookie(app, admin):
    client, _ = login(app, admin.email)
    cookie = client.get_cookie("session").value
    assert client.get("/").status_code == 200
    page = client.get("/").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_from(page)})
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    response = thief.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_c2_password_change_ends_every_session(app, ctx, admin):
    client, _ = login(app, admin.email)
    assert client.get("/").status_code == 200
    set_password(User.get_by_id(admin.id), "a brand new password")
    assert UserSession.select().where(UserSession.user == admin.id).count() == 0
    assert client.get("/").status_code == 302


def test_c2_api_tokens_are_stored_hashed(ctx, admin):
    secret = ApiToken.issue(admin, "ci")
    row = ApiToken.select().where(ApiToken.user == admin.id).order_by(ApiToken.id.desc()).first()
    assert secret.startswith("fs_") and secret not in row.token_hash and len(row.token_hash) == 64
