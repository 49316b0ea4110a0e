"""A1 "Connect with Zoho" in Setup > Finance Suite, end to end with the Flask test client and a
finance-serve on localhost standing in for Zoho's accounts server: the authorization request,
the consent, the callback that stores the refresh token, and every way the callback refuses
(forged, reused, another session's or tenant's state; denied consent; a redirect URI Zoho does
not know; an accounts server that is not Zoho's)."""
from __future__ import annotations

import re

import pytest
import requests

from core.crm.models import Account
from core.finance.server_state import DEFAULTS
from core.sync.connections import get_connection
from core.sync.jobs import start_push
from core.sync.oauth import OAuthState
from core.sync.worker import drain
from tests.zoho_connect_helpers import (CALLBACK, answer, books, consent_url, finserve, flashes, query,  # noqa: F401
                                        start, unchanged)
from tests.zoho_serve_fixtures import served


def test_a1_connect_sends_the_admin_to_zohos_consent_page_with_the_documented_parameters(ctx, books):
    tenant, web = books
    response = start(web, "", "60012345", dc="eu")
    assert consent_url(response).startswith("https://accounts.zoho.eu/oauth/v2/auth?")
    ask = query(consent_url(response))
    assert {k: v for k, v in ask.items() if k != "state"} == {
        "scope": "ZohoBooks.fullaccess.all", "client_id": DEFAULTS["CLIENT_ID"], "response_type": "code",
        "access_type": "offline", "prompt": "consent", "redirect_uri": CALLBACK}
    assert len(ask["state"]) >= 40
    assert unchanged(tenant)  # nothing is saved before Zoho answers


@pytest.mark.parametrize("app_name, scope", [("invoice", "ZohoInvoice.fullaccess.all"),
                                        ("expense", "ZohoExpense.fullaccess.all"),
                                        ("inventory", "ZohoInventory.FullAccess.all"),
                                        ("subscriptions", "ZohoSubscriptions.fullaccess.all")])
def test_a1_connect_asks_each_app_its_own_scope(ctx, web, app_name, scope):
    response = start(web, "", "60012345", app=app_name, dc="com")
    assert consent_url(response).startswith("https://accounts.zoho.com/oauth/v2/auth?")
    assert query(consent_url(response))["scope"] == scope


def test_a1_connect_with_a_missing_field_is_refused_beside_it(ctx, books):
    tenant, web = books
    response = start(web, "not a url", "", client_id="")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="error-books-client_id"' in html and 'id="error-books-organization_id"' in html
    assert 'id="error-books-api_base"' in html and "refresh_token" not in re.findall(r'id="error-books-(\w+)"', html)
    assert OAuthState.select().where(OAuthState.tenant == tenant).count() == 0


def test_a1_connect_and_callback_are_for_admins_only(ctx, tenant, make_user, client_for):
    client = client_for(make_user(tenant, profile="Standard"))
    assert client.get("/setup/finance/zoho/callback?state=x&code=y").status_code == 403
    assert client.post("/setup/finance/connections/books/connect").status_code in (400, 403)


def test_a1_connect_stores_the_refresh_token_and_the_first_push_goes_through_zoho(ctx, books, finserve, registry):
    tenant, web = books
    _, url = finserve
    org = f"{tenant.slug}-zoho"
    back = answer(consent_url(start(web, url, org)))
    assert set(query(back)) == {"code", "location", "accounts-server", "state"}
    response = web.get(back, follow_redirects=True)
    assert "Books is connected to Zoho." in flashes(response)
    connection = get_connection(tenant, "books")
    settings = connection.settings
    assert (connection.connector, connection.organization_id) == ("zoho", org)
    assert settings["refresh_token"].startswith("1000.") and settings["refresh_token"] != DEFAULTS["REFRESH_TOKEN"]
    assert (settings["accounts_url"], settings["api_base"]) == (url, url)  # accounts-server, api_domain
    html = response.get_data(as_text=True)
    assert 'id="books-connected"' in html and settings["refresh_token"] not in html
    assert DEFAULTS["CLIENT_SECRET"] not in html and 'data-secret-set="refresh_token"' in html
    assert CALLBACK in html  # the redirect URI to register in Zoho's API console
    assert OAuthState.select().where(OAuthState.tenant == tenant).count() == 0
    account = Account.create(tenant=tenant, name="Connected Ltd")
    start_push(registry, tenant, "contacts")
    drain(registry)
    assert served(org).find_by_crm_id("contacts", f"accounts:{account.id}")["contact_name"] == "Connected Ltd"


def test_a1_a_reused_state_is_refused(ctx, books, finserve):
    tenant, web = books
    _, url = finserve
    back = answer(consent_url(start(web, url, "org-1")))
    web.get(back)
    first = get_connection(tenant, "books").settings["refresh_token"]
    again = web.get(back, follow_redirects=True)
    assert "cannot be used" in flashes(again) and "Nothing was changed" in flashes(again)
    assert get_connection(tenant, "books").settings["refresh_token"] == first


@pytest.mark.parametrize("state", [None, "", "forged-state-value"])
def test_a1_a_missing_or_forged_state_is_refused(ctx, books, finserve, state):
    tenant, web = books
    _, url = finserve
    back = query(answer(consent_url(start(web, url, "org-1"))))
    if state is None:
        back.pop("state")
    else:
        back["state"] = state
    response = web.get("/setup/finance/zoho/callback", query_string=back, follow_redirects=True)
    assert "cannot be used" in flashes(response)
    assert unchanged(tenant)


def test_a1_another_sessions_state_is_refused(ctx, books, finserve, make_user, client_for):
    tenant, web = books
    _, url = finserve
    back = answer(consent_url(start(web, url, "org-1")))
    other_admin = client_for(make_user(tenant))  # same tenant, another session
    assert "cannot be used" in flashes(other_admin.get(back, follow_redirects=True))
    assert unchanged(tenant)


def test_a1_another_tenants_state_is_refused(ctx, books, finserve, make_tenant, make_user, client_for):
    tenant, web = books
    _, url = finserve
    other = make_tenant(apps=("books",))
    other_web = client_for(make_user(other))
    back = answer(consent_url(start(other_web, url, "their-org")))
    assert "cannot be used" in flashes(web.get(back, follow_redirects=True))
    assert unchanged(tenant) and unchanged(other)
    assert OAuthState.select().where(OAuthState.tenant == other).count() == 1  # theirs, still waiting


def test_a1_an_expired_state_is_refused(ctx, books, finserve):
    tenant, web = books
    _, url = finserve
    back = answer(consent_url(start(web, url, "org-1")))
    OAuthState.update(expires_at=OAuthState.created_at).where(OAuthState.tenant == tenant).execute()
    assert "cannot be used" in flashes(web.get(back, follow_redirects=True))
    assert unchanged(tenant)


def test_a1_denied_consent_says_so_and_changes_nothing(ctx, books, finserve):
    tenant, web = books
    _, url = finserve
    back = answer(consent_url(start(web, url, "org-1")), "deny")
    assert query(back)["error"] == "access_denied"
    response = web.get(back, follow_redirects=True)
    assert "the access was refused on Zoho's consent page" in flashes(response).replace("&#39;", "'")
    assert unchanged(tenant) and 'id="books-connected"' not in response.get_data(as_text=True)
    assert OAuthState.select().where(OAuthState.tenant == tenant).count() == 0  # used up


def test_a1_a_redirect_uri_zoho_does_not_know_is_refused_at_zoho(ctx, books, finserve):
    tenant, web = books
    server, url = finserve
    server.config["REDIRECT_URIS"] = ["https://crm.example/setup/finance/zoho/callback"]
    page = requests.get(consent_url(start(web, url, "org-1")), allow_redirects=False, timeout=5)
    assert page.status_code == 400 and "invalid_redirect_uri" in page.text and "Location" not in page.headers
    assert unchanged(tenant)


def test_a1_an_accounts_server_that_is_not_zohos_is_refused(ctx, books, finserve):
    tenant, web = books
    _, url = finserve
    back = query(answer(consent_url(start(web, url, "org-1"))))
    back["accounts-server"] = "http://127.0.0.1:9"
    response = web.get("/setup/finance/zoho/callback", query_string=back, follow_redirects=True)
    assert "not Zoho's" in flashes(response).replace("&#39;", "'")
    assert unchanged(tenant)


def test_a1_a_code_zoho_refuses_changes_nothing(ctx, books, finserve):
    tenant, web = books
    _, url = finserve
    back = query(answer(consent_url(start(web, url, "org-1", client_secret="wrong-secret"))))
    response = web.get("/setup/finance/zoho/callback", query_string=back, follow_redirects=True)
    assert "invalid_client" in flashes(response)
    assert unchanged(tenant)
