"""The ``zoho`` connector's transport over real HTTP against tests/zoho_fault_server.py:
tokens and their renewal, organisation id placement, errors, retries, timeouts, pagination.
The transport keeps its tokens and limits in the database: the ``app`` fixture binds it."""
from __future__ import annotations

import socket
import threading
import time

import pytest

from core.finance.base import ConnectionFailure, NotFoundError, RejectedError, TransientError
from core.finance.zoho_http import ZohoHTTP
from tests.live_server import serve
from tests.zoho_fault_server import create_fault_server, settings_for


@pytest.fixture
def fault(app):
    server = create_fault_server()
    with serve(server) as url:
        yield server.config["STATE"], url


def test_books_sends_token_and_organization_id_parameter(fault):
    state, url = fault
    settings = settings_for(url)
    body = ZohoHTTP(settings, "books").request("GET", "/things/1")
    assert body["thing"]["name"] == "thing 1"
    call = state.calls[-1]
    assert call["path"] == "/books/v3/things/1"
    assert call["args"]["organization_id"] == settings["organization_id"]
    assert call["headers"]["Authorization"] == "Zoho-oauthtoken 1000.tok1"
    assert settings["access_token"] == "1000.tok1" and settings["expires_at"] > time.time()


@pytest.mark.parametrize("zoho_app, prefix, header", [
    ("invoice", "/invoice/v3", "X-Com-Zoho-Invoice-Organizationid"),
    ("expense", "/expense/v1", "X-Com-Zoho-Expense-Organizationid"),
    ("subscriptions", "/billing/v1", "X-Com-Zoho-Subscriptions-Organizationid"),
])
def test_other_apps_send_organization_header(fault, zoho_app, prefix, header):
    state, url = fault
    settings = settings_for(url)
    ZohoHTTP(settings, zoho_app).request("GET", "/things/2")
    call = state.calls[-1]
    assert call["path"] == prefix + "/things/2"
    assert call["headers"][header] == settings["organization_id"]
    assert "organization_id" not in call["args"]


def test_path_prefix_override_reaches_other_hosts_layouts(fault):
    state, url = fault
    settings = settings_for(url, path_prefixes={"inventory": "/api/inventory/v1"})
    ZohoHTTP(settings, "inventory").request("GET", "/things/3")
    assert state.calls[-1]["path"] == "/api/inventory/v1/things/3"
    assert state.calls[-1]["args"]["organization_id"] == settings["organization_id"]


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


def test_y8_a_token_with_20_seconds_left_is_used_not_refreshed(fault):
    state, url = fault
    state.add_token("1000.short", 20)
    settings = settings_for(url, access_token="1000.short", expires_at=time.time() + 20)
    ZohoHTTP(settings, "books").request("GET", "/things/1")
    assert state.refreshes == 0
    assert state.calls[-1]["headers"]["Authorization"] == "Zoho-oauthtoken 1000.short"


def test_y8_the_token_is_taken_after_the_limiters_wait(fault):
    """The second call waits ~1 s for the window; the token it was given expires meanwhile: it
    asks for a new one after the wait, not before, so the server never refuses it (401)."""
    state, url = fault
    state.add_token("1000.brief", 0.6)
    settings = settings_for(url, access_token="1000.brief", expires_at=time.time() + 0.6,
                            rate_limit=1, rate_window=1.0)
    http = ZohoHTTP(settings, "books")
    http.request("GET", "/things/1")
    http.request("GET", "/things/2")
    assert [c["headers"]["Authorization"] for c in state.calls] == [
        "Zoho-oauthtoken 1000.brief", "Zoho-oauthtoken 1000.tok1"]
    assert state.unauthorized == 0 and state.refreshes == 1
    assert state.refresh_times[0] >= state.calls[0]["time"] + 0.9  # asked for after the wait


def test_y8_a_401_refreshes_the_token_once(fault):
    state, url = fault
    http = ZohoHTTP(settings_for(url), "books")
    http.request("GET", "/things/1")
    state.reject_tokens = True  # the new token is refused too (a scope missing, say)
    with pytest.raises(ConnectionFailure, match="refused"):
        http.request("GET", "/things/1")
    assert state.refreshes == 2 and state.unauthorized == 2


@pytest.mark.parametrize("change, reason", [({"refresh_token": "revoked"}, "invalid refresh token"),
                                            ({"client_id": "wrong-client"}, "invalid client")])
def test_y8_refused_credentials_are_a_connection_failure_with_the_reason(fault, change, reason):
    state, url = fault
    with pytest.raises(ConnectionFailure, match=reason):
        ZohoHTTP(settings_for(url, **change), "books").request("GET", "/things")
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


def closed_port_url() -> str:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there any more
    return f"http://127.0.0.1:{port}"


def test_y8_connection_refused_is_a_connection_failure(app):
    url = closed_port_url()
    settings = settings_for(url, access_token="1000.x", expires_at=time.time() + 600)
    with pytest.raises(ConnectionFailure, match="Zoho unreachable: connection refused"):
        ZohoHTTP(settings, "books").request("GET", "/things")
    with pytest.raises(ConnectionFailure, match="Zoho's accounts server unreachable: connection refused"):
        ZohoHTTP(settings_for(url), "books").request("GET", "/things")


def test_y8_an_unknown_host_is_a_connection_failure(app):
    url = "http://finsuite-nowhere.invalid"
    settings = settings_for(url, access_token="1000.x", expires_at=time.time() + 600)
    with pytest.raises(ConnectionFailure, match="Zoho unreachable: .*finsuite-nowhere.invalid"):
        ZohoHTTP(settings, "books").request("GET", "/things")


def test_timeout_is_transient_not_a_connection_failure(fault):
    _, url = fault
    started = time.monotonic()
    with pytest.raises(TransientError, match="did not answer within 0.3 s") as info:
        ZohoHTTP(settings_for(url, timeout=0.3), "books").request("GET", "/slow", {"s": 2})
    assert not isinstance(info.value, ConnectionFailure)  # the call may have arrived
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
    settings = settings_for(url)
    conns = [ZohoHTTP(dict(settings), app) for app in ("books", "invoice", "expense", "books")]
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
