"""Shared pieces of the "Connect with Zoho" tests (A1): a finance-serve on localhost that knows
the test client's callback, a Books tenant's admin client, and the admin's browser at Zoho."""
from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from core.finance.server import create_finance_server
from core.finance.server_state import DEFAULTS
from core.sync.connections import get_connection
from core.testing import csrf_from
from tests.live_server import serve

URL = "/setup/finance/"
CALLBACK = "http://localhost/setup/finance/zoho/callback"


@pytest.fixture
def finserve():
    """(the finance-serve app, its base URL), Finsuite's test callback registered."""
    server = create_finance_server({"TESTING": True, "RATE_LIMIT": 10_000, "REDIRECT_URIS": [CALLBACK]})
    with serve(server) as url:
        yield server, url


@pytest.fixture
def books(make_tenant, make_user, client_for):
    tenant = make_tenant(apps=("books",))
    return tenant, client_for(make_user(tenant))


def form(url: str, org: str, **extra) -> dict:
    return {"connector": "zoho", "dc": "", "organization_id": org, "api_base": url, "accounts_url": url,
            "client_id": DEFAULTS["CLIENT_ID"], "client_secret": DEFAULTS["CLIENT_SECRET"], **extra}


def start(web, url: str, org: str, app: str = "books", **extra):
    token = csrf_from(web.get(URL).get_data(as_text=True))
    return web.post(f"/setup/finance/connections/{app}/connect", data={**form(url, org, **extra), "csrf_token": token})


def consent_url(response) -> str:
    """Where Connect sends the admin's browser: the link of the page that follows it at once (a
    redirect would be refused by the CSP's ``form-action 'self'``)."""
    assert response.status_code == 200, response.status_code
    link = re.search(r'href="([^"]+)" data-follow', response.get_data(as_text=True))
    assert link, "no link to follow"
    return html.unescape(link.group(1))


def answer(location: str, decision: str = "accept") -> str:
    """The admin's browser at Zoho: the consent page, Accept or Deny; where Zoho sends it back."""
    page = requests.get(location, timeout=5)
    assert page.status_code == 200, page.text
    ticket = re.search(r'name="ticket" value="([^"]+)"', page.text).group(1)
    back = requests.post(location.split("?")[0], data={"ticket": ticket, "decision": decision},
                         allow_redirects=False, timeout=5)
    assert back.status_code == 302
    return back.headers["Location"]


def query(location: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def flashes(response) -> str:
    return " ".join(re.findall(r'class="flash flash-\w+"[^>]*>([^<]*)<', response.get_data(as_text=True)))


def unchanged(tenant, app="books") -> bool:
    connection = get_connection(tenant, app)
    return connection.connector == "local" and connection.settings == {}
