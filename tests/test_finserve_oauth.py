"""finance-serve answers OAuth as Zoho's accounts server documents it (A1): a consent page at
GET /oauth/v2/auth that sends the browser back with ``code``, ``location`` and
``accounts-server`` (or ``error=access_denied``), refusing an unknown client or an unregistered
redirect URI; POST /oauth/v2/token for ``authorization_code`` (single use, short-lived, bound to
its redirect URI) and ``refresh_token``."""
from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest

from core.finance.server import create_finance_server
from core.finance.server_state import DEFAULTS

CALLBACK = "https://crm.example/setup/finance/zoho/callback"
CLIENT = {"client_id": DEFAULTS["CLIENT_ID"], "client_secret": DEFAULTS["CLIENT_SECRET"]}
ASK = {"scope": "ZohoBooks.fullaccess.all", "client_id": DEFAULTS["CLIENT_ID"], "response_type": "code",
       "access_type": "offline", "prompt": "consent", "redirect_uri": CALLBACK, "state": "s-123"}


@pytest.fixture
def finserve():
    app = create_finance_server({"TESTING": True, "REDIRECT_URIS": [CALLBACK], "LOCATION": "eu"})
    return app, app.test_client()


def consent(client, decision: str = "accept", **ask) -> dict:
    """Open the consent page, answer it; the query of the redirect back to the client."""
    page = client.get("/oauth/v2/auth", query_string={**ASK, **ask})
    assert page.status_code == 200, page.get_data(as_text=True)
    ticket = re.search(r'name="ticket" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    back = client.post("/oauth/v2/auth", data={"ticket": ticket, "decision": decision})
    assert back.status_code == 302 and back.location.startswith(CALLBACK + "?")
    return {k: v[0] for k, v in parse_qs(urlsplit(back.location).query).items()}


def exchange(client, grant_code: str, **extra) -> dict:
    data = {"grant_type": "authorization_code", "code": grant_code, "redirect_uri": CALLBACK, **CLIENT, **extra}
    return client.post("/oauth/v2/token", data=data).get_json()


def test_a1_finserve_consent_page_shows_the_client_its_scopes_and_accept_deny(finserve):
    _, client = finserve
    page = client.get("/oauth/v2/auth", query_string=ASK)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["X-Frame-Options"] == "DENY"
    assert DEFAULTS["CLIENT_ID"] in html and "ZohoBooks.fullaccess.all" in html and CALLBACK in html
    assert ">Accept</button>" in html and ">Deny</button>" in html


def test_a1_finserve_accept_redirects_with_code_location_accounts_server_and_state(finserve):
    _, client = finserve
    back = consent(client)
    assert set(back) == {"code", "location", "accounts-server", "state"}
    assert back["code"].startswith("1000.") and back["location"] == "eu" and back["state"] == "s-123"
    assert back["accounts-server"] == "http://localhost"
    answer = exchange(client, back["code"])
    assert answer["refresh_token"].startswith("1000.") and answer["access_token"].startswith("1000.")
    assert answer["api_domain"] == "http://localhost" and answer["token_type"] == "Bearer"
    assert answer["expires_in"] == DEFAULTS["TOKEN_TTL"]
    # the refresh token it gave works for the refresh grant, as the zoho connector uses it
    refreshed = client.post("/oauth/v2/token", data={"grant_type": "refresh_token",
                                                     "refresh_token": answer["refresh_token"], **CLIENT}).get_json()
    assert refreshed["access_token"] and "refresh_token" not in refreshed


def test_a1_finserve_deny_redirects_with_access_denied(finserve):
    _, client = finserve
    back = consent(client, "deny")
    assert back == {"error": "access_denied", "state": "s-123"}


@pytest.mark.parametrize("ask, message", [
    ({"client_id": "1000.UNKNOWN"}, "invalid_client"),
    ({"client_id": ""}, "invalid_client"),
    ({"redirect_uri": "https://evil.example/steal"}, "invalid_redirect_uri"),
    ({"redirect_uri": CALLBACK + "/other"}, "invalid_redirect_uri"),
])
def test_a1_finserve_refuses_an_unknown_client_or_redirect_uri_without_redirecting(finserve, ask, message):
    _, client = finserve
    page = client.get("/oauth/v2/auth", query_string={**ASK, **ask})
    assert page.status_code == 400 and "Location" not in page.headers
    html = page.get_data(as_text=True)
    assert message in html and 'name="ticket"' not in html


@pytest.mark.parametrize("ask, error", [({"response_type": "token"}, "unsupported_response_type"),
                                        ({"scope": "ZohoCRM.modules.ALL"}, "invalid_scope"),
                                        ({"scope": ""}, "invalid_scope")])
def test_a1_finserve_other_bad_requests_go_back_with_an_error(finserve, ask, error):
    _, client = finserve
    back = client.get("/oauth/v2/auth", query_string={**ASK, **ask})
    assert back.status_code == 302
    assert parse_qs(urlsplit(back.location).query) == {"error": [error], "state": ["s-123"]}


def test_a1_finserve_a_consent_page_is_answered_once(finserve):
    _, client = finserve
    html = client.get("/oauth/v2/auth", query_string=ASK).get_data(as_text=True)
    ticket = re.search(r'name="ticket" value="([^"]+)"', html).group(1)
    assert client.post("/oauth/v2/auth", data={"ticket": ticket, "decision": "accept"}).status_code == 302
    again = client.post("/oauth/v2/auth", data={"ticket": ticket, "decision": "accept"})
    assert again.status_code == 400 and "Location" not in again.headers
    assert client.post("/oauth/v2/auth", data={"ticket": "forged", "decision": "accept"}).status_code == 400


def test_a1_finserve_a_code_is_single_use(finserve):
    _, client = finserve
    code = consent(client)["code"]
    assert "refresh_token" in exchange(client, code)
    assert exchange(client, code) == {"error": "invalid_code"}


def test_a1_finserve_a_code_is_bound_to_its_redirect_uri_and_used_by_a_wrong_one(finserve):
    _, client = finserve
    code = consent(client)["code"]
    assert exchange(client, code, redirect_uri="https://evil.example/steal") == {"error": "invalid_redirect_uri"}
    assert exchange(client, code) == {"error": "invalid_code"}  # a code tried once is gone


def test_a1_finserve_a_code_expires(finserve):
    app, client = finserve
    app.config["CODE_TTL"] = 0.2
    code = consent(client)["code"]
    time.sleep(0.3)
    assert exchange(client, code) == {"error": "invalid_code"}


@pytest.mark.parametrize("extra, error", [({"client_secret": "wrong"}, "invalid_client"),
                                          ({"client_id": "1000.OTHER"}, "invalid_client"),
                                          ({"code": "1000.forged.code"}, "invalid_code"),
                                          ({"grant_type": "password"}, "unsupported_grant_type")])
def test_a1_finserve_token_errors_as_zoho_answers_them(finserve, extra, error):
    _, client = finserve
    code = consent(client)["code"]
    assert exchange(client, code, **extra) == {"error": error}


def test_a1_finserve_refresh_grant_refuses_a_forged_refresh_token(finserve):
    app, client = finserve
    forged = "1000." + "a" * 32 + "." + "b" * 32
    answer = client.post("/oauth/v2/token", data={"grant_type": "refresh_token", "refresh_token": forged,
                                                  **CLIENT}).get_json()
    assert answer == {"error": "invalid_code"}
    fixed = client.post("/oauth/v2/token", data={"grant_type": "refresh_token",
                                                 "refresh_token": DEFAULTS["REFRESH_TOKEN"], **CLIENT}).get_json()
    assert fixed["access_token"]
    assert app.extensions["finance_serve"].check_token(fixed["access_token"]) is None


def test_a1_finserve_online_access_gives_no_refresh_token(finserve):
    _, client = finserve
    code = consent(client, access_type="online")["code"]
    answer = exchange(client, code)
    assert answer["access_token"] and "refresh_token" not in answer
