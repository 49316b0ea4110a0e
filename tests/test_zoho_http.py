"""The ``zoho`` connector's transport over real HTTP against tests/zoho_fault_server.py:
tokens and their renewal, organisation id placement, errors, retries, timeouts, pagination."""
from __future__ import annotations

import socket
import threading
import time

import pytest

from core.finance.base import NotFoundError, RejectedError, TransientError
from core.finance.zoho_http import ZohoHTTP
from tests.live_server import serve
from tests.zoho_fault_server import create_fault_server


@pytest.fixture
def fault():
    app = create_fault_server()
    with serve(app) as url:
        yield app.config["STATE"], url


def settings_for(url, **extra):
    return {"api_base": url, "accounts_url": url, "organization_id": "10234695",
            "client_id": "1000.CLIENT", "client_secret": "secret", "refresh_token": "good",
            "timeout": 5, "backoff_base": 0.01, "backoff_cap": 0.05, **extra}


def test_books_sends_token_and_organization_id_parameter(fault):
    state, url = fault
    settings = settings_for(url)
    body = ZohoHTTP(settings, "books").request("GET", "/things/1")
    assert body["thing"]["name"] == "thing 1"
    call = state.calls[-1]
    assert call["path"] == "/books/v3/things/1"
    assert call["args"]["organization_id"] == "10234695"
    assert call["headers"]["Authorization"] == "Zoho-oauthtoken 1000.tok1"
    assert settings["access_token"] == "1000.tok1" and settings["expires_at"] > time.time()


@pytest.mark.parametrize("app, prefix, header", [
    ("invoice", "/invoice/v3", "X-Com-Zoho-Invoice-Organizationid"),
    ("expense", "/expense/v1", "X-Com-Zoho-Expense-Organizationid"),
    ("subscriptions", "/billing/v1", "X-Com-Zoho-Subscriptions-Organizationid"),
])
def test_other_apps_send_organization_header(fault, app, prefix, header):
    state, url = fault
    ZohoHTTP(settings_for(url), app).request("GET", "/things/2")
    call = state.calls[-1]
    assert call["path"] == prefix + "/things/2"
    assert call["headers"][header] == "10234695"
    assert "organization_id" not in call["args"]


def test_path_prefix_override_reaches_other_hosts_layouts(fault):
    state, url = fault
    settings = settings_for(url, path_prefixes={"inventory": "/api/inventory/v1"})
    ZohoHTTP(settings, "inventory").request("GET", "/things/3")
    assert state.calls[-1]["path"] == "/api/inventory/v1/things/3"
    assert state.calls[-1]["args"]["organization_id"] == "10234695"


def test_expired_token_is_refreshed_on_401_and_the_call_repeated(fault):
    state, url = fault
    settings = settings_for(url)
    http = ZohoHTTP(settings, "books")
    http.request("GET", "/things/1")
    state.expire_tokens()
    assert http.request("GET", "/things/4")["thing"]["thing_id"] == "4"
    assert state.refreshes == 2 and settings["access_token"] == "1000.tok2"
    assert [c["path"] for c in state.calls][-2:] == ["/books/v3/things/4"] * 2


def test_token_past_its_expiry_is_renewed_before_the_call(fault):
    state, url = fault
    settings = settings_for(url, access_token="1000.stale", expires_at=time.time() - 5)
    ZohoHTTP(settings, "books").request("GET", "/things/1")
    assert state.refreshes == 1 and len(state.calls) == 1  # no 401 round trip


def test_refused_refresh_is_transient(fault):
    state, url = fault
    with pytest.raises(TransientError, match="invalid_code"):
        ZohoHTTP(settings_for(url, refresh_token="revoked"), "books").request("GET", "/things")
    assert state.calls == []


def test_validation_error_is_rejected_with_zohos_message(fault):
    _, url = fault
    with pytest.raises(RejectedError) as info:
        ZohoHTTP(settings_for(url), "books").request("POST", "/things", json={"rate": "1"})
    assert not isinstance(info.value, (NotFoundError, TransientError))
    assert info.value.message == "Please enter a name for the thing." and info.value.code == 4


def test_unknown_id_is_not_found(fault):
    _, url = fault
    with pytest.raises(NotFoundError, match="Thing does not exist.") as info:
        ZohoHTTP(settings_for(url), "books").request("GET", "/things/999")
    assert info.value.code == 1002


def test_429_honours_retry_after_then_succeeds(fault):
    state, url = fault
    state.fail["a"] = 2
    started = time.monotonic()
    body = ZohoHTTP(settings_for(url), "books").request(
        "GET", "/throttled/a", {"retry_after": "0.3"})
    assert body["message"] == "finally"
    assert time.monotonic() - started >= 0.6
    assert len(state.calls) == 3


def test_429_without_retry_after_backs_off_then_succeeds(fault):
    state, url = fault
    state.fail["b"] = 3
    assert ZohoHTTP(settings_for(url), "books").request("GET", "/throttled/b")["code"] == 0
    assert len(state.calls) == 4


def test_429_beyond_the_retries_is_transient(fault):
    state, url = fault
    state.fail["c"] = 100
    with pytest.raises(TransientError, match="API call limit exceeded") as info:
        ZohoHTTP(settings_for(url, max_retries=2), "books").request("GET", "/throttled/c")
    assert info.value.code == 44 and len(state.calls) == 3


def test_persistent_500_is_transient_and_a_post_is_not_repeated(fault):
    state, url = fault
    http = ZohoHTTP(settings_for(url, max_retries=2), "books")
    with pytest.raises(TransientError, match="Internal error"):
        http.request("GET", "/broken")
    assert len(state.calls) == 3
    with pytest.raises(TransientError):
        http.request("POST", "/broken", json={})
    assert len(state.calls) == 4


def test_connection_refused_is_transient():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there any more
    url = f"http://127.0.0.1:{port}"
    settings = settings_for(url, access_token="1000.x", expires_at=time.time() + 600)
    with pytest.raises(TransientError, match="unreachable"):
        ZohoHTTP(settings, "books").request("GET", "/things")


def test_timeout_is_transient(fault):
    _, url = fault
    started = time.monotonic()
    with pytest.raises(TransientError, match="did not answer within 0.3 s"):
        ZohoHTTP(settings_for(url, timeout=0.3), "books").request("GET", "/slow", {"s": 2})
    assert time.monotonic() - started < 1.5


def test_pages_follow_has_more_page(fault):
    state, url = fault
    rows = list(ZohoHTTP(settings_for(url, per_page=2), "books").pages("/things", "things"))
    assert [r["thing_id"] for r in rows] == ["1", "2", "3", "4", "5"]
    assert [c["args"]["page"] for c in state.calls] == ["1", "2", "3"]
    assert {c["args"]["per_page"] for c in state.calls} == {"2"}


def test_per_page_is_capped_at_200(fault):
    state, url = fault
    list(ZohoHTTP(settings_for(url, per_page=1000), "books").pages("/things", "things"))
    assert state.calls[0]["args"]["per_page"] == "200"


def test_connections_share_one_token_and_one_refresh_after_expiry(fault):
    state, url = fault
    conns = [ZohoHTTP(settings_for(url), app) for app in ("books", "invoice", "expense", "books")]
    for conn in conns:
        conn.request("GET", "/things/1")
    assert state.refreshes == 1
    state.expire_tokens()
    threads = [threading.Thread(target=conn.request, args=("GET", "/things/2")) for conn in conns]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert state.refreshes == 2  # the four 401s made one new token, not four
    assert {c.settings["access_token"] for c in conns} == {"1000.tok2"}


def test_stored_token_with_an_iso_expiry_is_used_until_it_expires(fault):
    state, url = fault
    ZohoHTTP(settings_for(url), "books").request("GET", "/things/1")  # the server knows tok1
    fresh = settings_for(url, refresh_token="good", access_token="1000.tok1",
                         expires_at="2999-01-01T00:00:00Z")
    ZohoHTTP(fresh, "books").request("GET", "/things/1")
    assert state.refreshes == 1
    stale = settings_for(url, client_id="1000.OTHER", access_token="1000.tok1",
                         expires_at="2001-01-01T00:00:00")
    ZohoHTTP(stale, "books").request("GET", "/things/1")
    assert state.refreshes == 2 and stale["access_token"] == "1000.tok2"
