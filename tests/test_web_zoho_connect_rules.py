"""A1 Connect with Zoho, the rules around it: data centres fill the URLs, Zoho may name another
data centre (multi-DC), only Zoho's accounts servers may take the code, and a state belongs to
one tenant and one session."""
from __future__ import annotations

import re

from core.finance.server_state import DEFAULTS
from core.sync.connections import get_connection
from core.testing import csrf_from
from tests.zoho_connect_helpers import CALLBACK, URL, books, consent_url, form, query, start  # noqa: F401


def test_a1_a_state_is_bound_to_its_tenant_and_session(ctx, make_tenant, make_user):
    from core.sync import oauth
    ours, theirs = make_tenant(apps=("books",)), make_tenant(apps=("books",))
    state = oauth.begin(theirs, make_user(theirs), "their-session", "books", {})
    assert oauth.take(ours, "their-session", state) is None
    assert oauth.take(theirs, "another-session", state) is None
    assert oauth.take(theirs, "their-session", state).app == "books"
    assert oauth.take(theirs, "their-session", state) is None


def test_a1_data_centre_fills_the_urls_when_saving_a_pasted_refresh_token(ctx, books):
    tenant, web = books
    token = csrf_from(web.get(URL).get_data(as_text=True))
    data = {**form("", "60012345", dc="com.au"), "refresh_token": "1000.pasted", "csrf_token": token}
    assert web.post("/setup/finance/connections/books", data=data).status_code == 302
    settings = get_connection(tenant, "books").settings
    assert (settings["accounts_url"], settings["api_base"]) == ("https://accounts.zoho.com.au",
                                                                 "https://www.zohoapis.com.au")
    html = web.get(URL).get_data(as_text=True)
    assert re.search(r'<option value="com.au"[^>]*selected', html)


def test_a1_zoho_names_another_data_centre_and_the_connection_follows_it(ctx, books, monkeypatch):
    """Multi-DC: asked at accounts.zoho.com, the user's account is in the EU; the code is
    exchanged at the accounts server Zoho named, and the APIs are the answer's api_domain."""
    from core.finance import zoho_oauth
    tenant, web = books
    state = query(consent_url(start(web, "", "60012345", dc="com")))["state"]
    calls = []

    def exchange(accounts_url, client_id, client_secret, redirect_uri, code, timeout=30):
        calls.append((accounts_url, client_id, client_secret, redirect_uri, code))
        return {"refresh_token": "1000.eu-refresh", "access_token": "1000.a", "api_domain": "https://www.zohoapis.eu"}

    monkeypatch.setattr(zoho_oauth, "exchange_code", exchange)
    back = {"code": "1000.code", "location": "eu", "accounts-server": "https://accounts.zoho.eu", "state": state}
    web.get("/setup/finance/zoho/callback", query_string=back)
    assert calls == [("https://accounts.zoho.eu", DEFAULTS["CLIENT_ID"], DEFAULTS["CLIENT_SECRET"], CALLBACK,
                      "1000.code")]
    settings = get_connection(tenant, "books").settings
    assert (settings["accounts_url"], settings["api_base"], settings["refresh_token"]) == (
        "https://accounts.zoho.eu", "https://www.zohoapis.eu", "1000.eu-refresh")
    assert re.search(r'<option value="eu"[^>]*selected', web.get(URL).get_data(as_text=True))


def test_a1_only_the_accounts_server_asked_or_zohos_own_may_take_the_code():
    from core.finance.zoho_oauth import accounts_server_allowed, data_centre_of
    assert accounts_server_allowed("https://accounts.zohocloud.ca", "https://accounts.zoho.com")
    assert accounts_server_allowed("http://127.0.0.1:8090/", "http://127.0.0.1:8090")
    assert not accounts_server_allowed("https://accounts.zoho.eu.evil.example", "https://accounts.zoho.com")
    assert not accounts_server_allowed("http://127.0.0.1:9", "http://127.0.0.1:8090")
    assert data_centre_of("https://accounts.zoho.jp/", "https://www.zohoapis.jp") == "jp"
    assert data_centre_of("https://accounts.zoho.eu", "https://www.zohoapis.eu/books/v3") == ""


def test_a1_an_older_database_gains_the_oauth_state_table(ctx, registry):
    """The ``sync 0006`` migration creates ``sync_oauth_state`` where it is missing."""
    from core.db import db
    from core.migrations import migrate
    from core.models import SchemaMigration
    from core.sync.oauth import OAuthState
    db.obj.drop_tables([OAuthState])
    SchemaMigration.delete().where((SchemaMigration.app == "sync")
                                   & (SchemaMigration.name == "0006_oauth_state")).execute()
    assert "sync.0006_oauth_state" in migrate(registry)
    assert db.table_exists("sync_oauth_state")
