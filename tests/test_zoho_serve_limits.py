"""Y8 against finance-serve: it answers as the issue says Zoho does (X-Rate-Limit-Limit,
-Remaining, -Reset on every answer; a daily budget; 429 with code 44, those headers and no
Retry-After), and the ``zoho`` connector is never refused by its sliding window."""
from __future__ import annotations

import threading
import time

import requests

from core.finance.server_state import DEFAULTS
from tests.zoho_serve_fixtures import connect, finance_bound, finance_database, finserve, org  # noqa: F401

ACME = {"contact_name": "Acme Corp", "contact_type": "customer"}


def token_for(url: str) -> str:
    body = requests.post(url + "/oauth/v2/token", data={
        "grant_type": "refresh_token", "client_id": DEFAULTS["CLIENT_ID"],
        "client_secret": DEFAULTS["CLIENT_SECRET"], "refresh_token": DEFAULTS["REFRESH_TOKEN"]}).json()
    return body["access_token"]


def test_y8_finance_serve_answers_with_zohos_rate_limit_headers(finserve, org):
    server, url = finserve
    server.config.update(RATE_LIMIT=2, RATE_WINDOW=60.0, DAILY_BUDGET=3)
    headers = {"Authorization": "Zoho-oauthtoken " + token_for(url)}
    answers = [requests.get(url + "/books/v3/contacts", params={"organization_id": org}, headers=headers)
               for _ in range(3)]
    first = answers[0]
    assert first.status_code == 200
    assert (first.headers["X-Rate-Limit-Limit"], first.headers["X-Rate-Limit-Remaining"]) == ("3", "2")
    assert 0 < int(first.headers["X-Rate-Limit-Reset"]) <= 86400  # seconds until the day's end
    throttled = answers[2]  # the third in a minute: over 2 per minute
    assert throttled.status_code == 429 and throttled.json()["code"] == 44
    assert "Retry-After" not in throttled.headers
    assert throttled.headers["X-Rate-Limit-Remaining"] == "0"
    assert 55 <= int(throttled.headers["X-Rate-Limit-Reset"]) <= 60  # the minute's window frees
    server.config.update(RATE_LIMIT=100)
    last = requests.get(url + "/books/v3/contacts", params={"organization_id": org}, headers=headers)
    assert last.headers["X-Rate-Limit-Remaining"] == "0"  # the third of the day's three
    spent = requests.get(url + "/books/v3/contacts", params={"organization_id": org}, headers=headers)
    assert spent.status_code == 429 and spent.json()["code"] == 44 and "Retry-After" not in spent.headers
    assert int(spent.headers["X-Rate-Limit-Reset"]) > 60 and spent.headers["X-Rate-Limit-Limit"] == "3"
    assert server.extensions["finance_serve"].refused == 2


def test_y8_the_connector_is_never_refused_by_finance_serves_sliding_window(finserve, connect):
    server, _ = finserve
    server.config.update(RATE_LIMIT=5, RATE_WINDOW=1.0)
    zoho = connect("books", rate_limit=5, rate_window=1.0)
    started = time.monotonic()

    def work(n):
        for i in range(4):
            zoho.create("contacts", {**ACME, "crm_id": f"accounts:{n}-{i}"})

    threads = [threading.Thread(target=work, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(list(zoho.list_changed("contacts", None))) == 12
    assert time.monotonic() - started >= 2.0  # 13 calls at 5 per second
    assert server.extensions["finance_serve"].refused == 0
