"""C2: passwords hashed, sessions kept server-side (logout and password change revoke them),
API tokens stored hashed, cookies flagged."""
from __future__ import annotations

from core.auth import set_password
from core.models import ApiToken, User, UserSession
from core.testing import PASSWORD, csrf_from


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


def _set_active(web, user, active: bool):
    form = web.get(f"/setup/users/{user.id}").get_data(as_text=True)
    data = {"csrf_token": csrf_from(form), "name": user.name, "profile_id": str(user.profile_id)}
    if active:
        data["is_active"] = "1"
    assert web.post(f"/setup/users/{user.id}", data=data).status_code == 302


def test_c2_deactivation_ends_sessions_for_good_reactivation_does_not_revive_them(app, ctx, web, tenant, make_user):
    """Issue 15, finding 6: an old cookie stays logged out after the user is reactivated."""
    clerk = make_user(tenant, profile="Standard")
    client, _ = login(app, clerk.email)
    assert client.get("/").status_code == 200
    _set_active(web, clerk, False)
    _set_active(web, clerk, True)
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert login(app, clerk.email)[1].status_code == 302  # the user may log in again


def test_c2_deactivation_revokes_api_tokens_for_good(app, ctx, web, tenant, make_user, api_for):
    """Issue 15, finding 6: a token does not come back to life with a reactivation either."""
    clerk = make_user(tenant, profile="Standard")
    api = api_for(clerk)
    assert api.get("/api/v1/accounts").status_code == 200
    _set_active(web, clerk, False)
    assert api.get("/api/v1/accounts").status_code == 401
    _set_active(web, clerk, True)
    assert api.get("/api/v1/accounts").status_code == 401


def test_c2_password_change_ends_other_sessions_and_keeps_api_tokens(app, ctx, web, tenant, make_user, api_for):
    """Issue 15, finding 6: as the README says, a new password logs the user out everywhere;
    API tokens are separate secrets and keep working until revoked."""
    clerk = make_user(tenant, profile="Standard")
    client, _ = login(app, clerk.email)
    api = api_for(clerk)
    page = web.get(f"/setup/users/{clerk.id}").get_data(as_text=True)
    web.post(f"/setup/users/{clerk.id}/password", data={"csrf_token": csrf_from(page), "password": "another secret"})
    assert client.get("/").status_code == 302
    assert api.get("/api/v1/accounts").status_code == 200
