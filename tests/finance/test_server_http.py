"""finance-serve over real HTTP (werkzeug on 127.0.0.1, a free port, in a thread; requests)."""
from __future__ import annotations

import time

import pytest
import requests
from tests.live_server import serve as serving

from core.finance.server import create_finance_server
from core.finance.server_state import DEFAULTS

from .conftest import new_org


@pytest.fixture
def live():
    app = create_finance_server({"TOKEN_TTL": 1, "RATE_LIMIT": 25, "FAULTS_API": True})
    with serving(app) as base:
        yield app, base


def _token(base):
    body = requests.post(f"{base}/oauth/v2/token", params={
        "grant_type": "refresh_token", "refresh_token": DEFAULTS["REFRESH_TOKEN"],
        "client_id": DEFAULTS["CLIENT_ID"], "client_secret": DEFAULTS["CLIENT_SECRET"]}, timeout=5).json()
    assert body["api_domain"].startswith("http://127.0.0.1:")
    return body["access_token"]


def test_over_http_token_expiry_refresh_pages_and_429(live):
    app, base = live
    org, session = new_org("live"), requests.Session()
    session.headers["Authorization"] = f"Zoho-oauthtoken {_token(base)}"
    params = {"organization_id": org}
    assert session.get(f"{base}/books/v3/contacts", timeout=5).json()["code"] == 6041
    for i in range(3):
        created = session.post(f"{base}/books/v3/contacts", params=params, timeout=5, json={
            "contact_name": f"C{i}", "contact_type": "customer", "crm_id": f"accounts:{i}"})
        assert created.status_code == 201
    page = session.get(f"{base}/books/v3/contacts", params={**params, "per_page": 2}, timeout=5).json()
    assert page["code"] == 0 and page["page_context"]["has_more_page"] is True
    time.sleep(1.1)  # TOKEN_TTL is one second
    expired = session.get(f"{base}/books/v3/contacts", params=params, timeout=5)
    assert expired.status_code == 401 and expired.json()["code"] == 57
    app.extensions["finance_serve"].config["TOKEN_TTL"] = 60  # the 25 calls below may take over a second
    session.headers["Authorization"] = f"Zoho-oauthtoken {_token(base)}"
    statuses = [session.get(f"{base}/books/v3/contacts", params=params, timeout=5).status_code for _ in range(25)]
    assert statuses == [200] * 21 + [429] * 4  # 25 per minute; 4 calls already counted above
    assert requests.get(f"{base}/books/v3/contacts", params=params, timeout=5).status_code == 401


def test_faults_api_over_http(live):
    app, base = live
    org = new_org("faults")
    headers = {"Authorization": f"Zoho-oauthtoken {_token(base)}", "X-com-zoho-invoice-organizationid": org}
    knobs = requests.post(f"{base}/_finserve/faults", json={"fail_next": [502], "latency_ms": 1}, timeout=5).json()
    assert knobs["faults"]["fail_next"] == [502]
    assert requests.get(f"{base}/invoice/v3/invoices", headers=headers, timeout=5).status_code == 502
    assert requests.get(f"{base}/invoice/v3/invoices", headers=headers, timeout=5).json()["invoices"] == []
