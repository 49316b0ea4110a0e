"""A2, C2, C5 Setup pages: users, profiles and their permission grid, plugins per tenant; API tokens."""
from __future__ import annotations

import pytest

from core.models import ApiToken, Profile, User, UserSession
from core.tenancy import enabled_apps
from core.testing import csrf_from

SETUP_URLS = ["/setup/", "/setup/users", "/setup/users/new", "/setup/profiles", "/setup/profiles/new", "/setup/plugins"]


def page_token(client, url="/setup/") -> str:
    return csrf_from(client.get(url).get_data(as_text=True))


@pytest.mark.parametrize("url", SETUP_URLS)
def test_a2_setup_pages_are_403_for_non_admins(ctx, tenant, make_user, client_for, url):
    client = client_for(make_user(tenant, profile="Standard"))
    assert client.get(url).status_code == 403


def test_a2_setup_pages_open_for_admins(ctx, web):
    for url in SETUP_URLS:
        assert web.get(url).status_code == 200, url


def test_a2_admin_creates_a_user_with_a_profile(ctx, web, tenant):
    standard = Profile.get(Profile.tenant == tenant, Profile.name == "Standard")
    token = page_token(web, "/setup/users/new")
    bad = web.post("/setup/users/new", data={"csrf_token": token, "email": "x@example.com", "password": "short",
                                             "profile_id": str(standard.id)})
    assert bad.status_code == 422 and "at least 8" in bad.get_data(as_text=True)
    ok = web.post("/setup/users/new", data={"csrf_token": token, "email": "New.Person@Example.com",
                                            "name": "New Person", "password": "long enough pass",
                                            "profile_id": str(standard.id)})
    assert ok.status_code == 302
    user = User.get(User.email == "new.person@example.com")
    assert user.tenant_id == tenant.id and user.profile_id == standard.id
    assert "New Person" in web.get("/setup/users").get_data(as_text=True)


def test_a2_admin_edits_a_user_and_deactivates_them(ctx, web, tenant, make_user, client_for):
    someone = make_user(tenant, profile="Standard")
    their_client = client_for(someone)
    read_only = Profile.get(Profile.tenant == tenant, Profile.name == "Read only")
    response = web.post(f"/setup/users/{someone.id}", data={
        "csrf_token": page_token(web), "name": "Renamed", "profile_id": str(read_only.id)})
    assert response.status_code == 302
    someone = User.get_by_id(someone.id)
    assert someone.name == "Renamed" and someone.profile_id == read_only.id and not someone.is_active
    assert their_client.get("/").status_code == 302  # an inactive user is logged out


def test_a2_admin_cannot_remove_their_own_admin_access(ctx, web, admin, tenant):
    standard = Profile.get(Profile.tenant == tenant, Profile.name == "Standard")
    response = web.post(f"/setup/users/{admin.id}", data={
        "csrf_token": page_token(web), "name": "Me", "profile_id": str(standard.id), "is_active": "1"})
    assert response.status_code == 422 and User.get_by_id(admin.id).profile.is_admin


def test_c2_password_change_in_setup_ends_the_users_sessions(ctx, web, tenant, make_user, client_for):
    someone = make_user(tenant, profile="Standard")
    their_client = client_for(someone)
    assert their_client.get("/").status_code == 200
    response = web.post(f"/setup/users/{someone.id}/password", data={
        "csrf_token": page_token(web), "password": "a new secret pass"})
    assert response.status_code == 302
    assert UserSession.select().where(UserSession.user == someone.id).count() == 0
    assert their_client.get("/").status_code == 302
    assert "logged out everywhere" in web.get(response.headers["Location"]).get_data(as_text=True)


def test_c1_setup_cannot_reach_another_tenants_users_or_profiles(ctx, web, make_tenant, make_user):
    other = make_tenant()
    stranger = make_user(other)
    profile = Profile.get(Profile.tenant == other, Profile.name == "Standard")
    assert web.get(f"/setup/users/{stranger.id}").status_code == 404
    assert web.post(f"/setup/users/{stranger.id}/password", data={
        "csrf_token": page_token(web), "password": "hijacked password"}).status_code == 404
    assert web.get(f"/setup/profiles/{profile.id}").status_code == 404
    assert stranger.email not in web.get("/setup/users").get_data(as_text=True)


def test_a2_profile_permission_grid_grants_and_takes_away(ctx, web, tenant, make_user, client_for):
    html = web.get("/setup/profiles/new").get_data(as_text=True)
    assert "<legend>Accounts</legend>" in html and "<legend>Apps</legend>" in html
    assert 'value="app.books"' in html
    response = web.post("/setup/profiles/new", data={"csrf_token": csrf_from(html), "name": "Sales",
                                                    "grant": ["accounts.view", "accounts.create", "bogus.key"]})
    assert response.status_code == 302
    sales = Profile.get(Profile.tenant == tenant, Profile.name == "Sales")
    assert sales.grants == {"accounts.view", "accounts.create"}
    client = client_for(make_user(tenant, profile="Sales"))
    assert client.get("/m/accounts/new").status_code == 200
    web.post(f"/setup/profiles/{sales.id}", data={"csrf_token": csrf_from(html), "name": "Sales",
                                                  "grant": ["accounts.view"]})
    assert client.get("/m/accounts/new").status_code == 403
    edit = web.get(f"/setup/profiles/{sales.id}").get_data(as_text=True)
    assert 'value="accounts.view" checked' in edit and 'value="accounts.create" checked' not in edit


def test_a2_administrator_profile_shows_everything(ctx, web, tenant):
    admin_profile = Profile.get(Profile.tenant == tenant, Profile.name == "Administrator")
    html = web.get(f"/setup/profiles/{admin_profile.id}").get_data(as_text=True)
    assert "everything" in html and 'name="grant"' not in html


def test_c5_admin_enables_and_disables_plugins(ctx, make_tenant, make_user, client_for, registry):
    tenant = make_tenant(apps=())
    client = client_for(make_user(tenant))
    html = client.get("/setup/plugins").get_data(as_text=True)
    for name in registry.app_names:
        assert f'data-plugin="{name}"' in html and registry.manifests[name].version in html
    token = csrf_from(html)
    assert client.post("/setup/plugins/books", data={"csrf_token": token, "enabled": "1"}).status_code == 302
    assert "books" in enabled_apps(tenant)
    assert 'data-tab="books"' in client.get("/").get_data(as_text=True)
    client.post("/setup/plugins/books", data={"csrf_token": token, "enabled": "0"})
    assert "books" not in enabled_apps(tenant)
    assert 'data-tab="books"' not in client.get("/").get_data(as_text=True)
    assert client.post("/setup/plugins/nope", data={"csrf_token": token, "enabled": "1"}).status_code == 404


def test_c2_my_api_tokens_create_once_and_revoke(ctx, tenant, make_user, client_for, api_for, app):
    user = make_user(tenant, profile="Standard")
    client = client_for(user)
    html = client.get("/tokens/").get_data(as_text=True)
    assert "You have no API tokens." in html
    created = client.post("/tokens/", data={"csrf_token": csrf_from(html), "name": "Reporting"})
    secret = created.get_data(as_text=True).split('id="new-token">')[1].split("<")[0]
    assert secret.startswith("fs_")
    listing = client.get("/tokens/").get_data(as_text=True)
    assert "Reporting" in listing and secret not in listing  # shown once only
    row = ApiToken.get(ApiToken.user == user.id)
    assert client.post(f"/tokens/{row.id}/revoke", data={"csrf_token": csrf_from(listing)}).status_code == 302
    assert ApiToken.get_or_none(ApiToken.id == row.id) is None


def test_c2_cannot_revoke_someone_elses_token(ctx, web, tenant, make_user):
    other = make_user(tenant, profile="Standard")
    ApiToken.issue(other, "theirs")
    row = ApiToken.get(ApiToken.user == other.id)
    assert web.post(f"/tokens/{row.id}/revoke", data={"csrf_token": page_token(web, "/tokens/")}).status_code == 404
    assert ApiToken.get_or_none(ApiToken.id == row.id) is not None


def test_c2_logout_is_a_post_with_csrf(app, ctx, admin, client_for):
    client = client_for(admin)
    page = client.get("/").get_data(as_text=True)
    assert 'action="/logout"' in page and "My API tokens" in page
    assert client.get("/logout").status_code == 405
    assert client.post("/logout", data={"csrf_token": csrf_from(page)}).status_code == 302
    assert client.get("/").status_code == 302
