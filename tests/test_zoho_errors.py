"""The ``zoho`` connector's errors end to end against finance-serve over real HTTP: what the
sync engine sees when Zoho refuses a record, loses a token, throttles, fails or goes silent,
and that a repeated create after a timeout leaves exactly one record."""
from __future__ import annotations

import socket
import time

import pytest

from core.finance.base import NotFoundError, RejectedError, TransientError
from tests.zoho_serve_fixtures import connect, finance_bound, finance_database, finserve, org  # noqa: F401

ACME = {"contact_name": "Acme Corp", "contact_type": "customer", "crm_id": "accounts:1"}


def state_of(finserve):
    return finserve[0].extensions["finance_serve"]


def test_validation_is_rejected_with_the_finance_message(connect):
    zoho = connect("books")
    with pytest.raises(RejectedError) as info:
        zoho.create("contacts", {"contact_type": "customer", "crm_id": "accounts:2"})
    assert not isinstance(info.value, (NotFoundError, TransientError))
    assert "contact_name" in info.value.message and info.value.code == 4
    with pytest.raises(RejectedError, match="customer"):
        zoho.create("invoices", {"customer_id": "424242", "crm_id": "invoices:1",
                                 "line_items": [{"name": "W", "quantity": "1", "rate": "1"}]})


def test_unknown_ids_are_not_found(connect):
    zoho = connect("books")
    assert zoho.get("invoices", "31337") is None
    with pytest.raises(NotFoundError, match="does not exist") as info:
        zoho.update("contacts", "31337", {"email": "x@y.test"})
    assert info.value.code == 1002
    with pytest.raises(NotFoundError):
        zoho.action("invoices", "31337", "mark_sent")
    with pytest.raises(NotFoundError):
        zoho.figures("items", "31337")


def test_expired_token_is_refreshed_and_the_call_succeeds(connect, finserve):
    zoho = connect("books")
    made = zoho.create("contacts", ACME)
    old = zoho.http.settings["access_token"]
    state_of(finserve).expire_tokens()
    assert zoho.get("contacts", made["id"])["crm_id"] == "accounts:1"
    assert zoho.http.settings["access_token"] != old


def test_short_lived_tokens_are_renewed(connect, finserve):
    finserve[0].config["TOKEN_TTL"] = 1
    zoho = connect("books")
    made = zoho.create("contacts", ACME)
    first = zoho.http.settings["access_token"]
    time.sleep(1.1)
    assert zoho.get("contacts", made["id"]) is not None
    assert zoho.http.settings["access_token"] != first


def test_wrong_client_secret_is_transient_not_a_rejection(connect):
    with pytest.raises(TransientError, match="invalid_client"):
        connect("books", client_secret="wrong").get("contacts", "1")


def test_429_waits_for_the_reset_and_then_succeeds(connect, finserve):
    finserve[0].config["FAIL_NEXT"].extend([429, 429])  # each with X-Rate-Limit-Reset: 1
    zoho = connect("books")
    started = time.monotonic()
    assert zoho.create("contacts", ACME)["crm_id"] == "accounts:1"
    assert finserve[0].config["FAIL_NEXT"] == []
    assert time.monotonic() - started >= 2.0


def test_429_beyond_the_cap_is_transient_with_retry_after(connect, finserve):
    finserve[0].config["FAIL_NEXT"].append(429)
    with pytest.raises(TransientError, match="API call limit exceeded") as info:
        connect("books", retry_after_cap=0.5).create("contacts", ACME)
    assert info.value.retry_after == 1


def test_the_servers_own_rate_limit_is_waited_out(connect, finserve):
    app = finserve[0]
    app.config.update(RATE_LIMIT=3, RATE_WINDOW=1.0)
    zoho = connect("books", rate_limit=1000)  # client-side limiter out of the way
    started = time.monotonic()
    for i in range(4):
        zoho.create("contacts", {**ACME, "crm_id": f"accounts:{i}"})
    assert time.monotonic() - started >= 0.9  # X-Rate-Limit-Reset: 1
    assert len(list(zoho.list_changed("contacts", None))) == 4


def test_client_side_limiter_keeps_under_the_servers_limit(connect, finserve):
    app = finserve[0]
    app.config.update(RATE_LIMIT=3, RATE_WINDOW=1.0)
    zoho = connect("books", rate_limit=3, rate_window=1.5)  # a margin for network jitter
    zoho.http.refresh()
    state = state_of(finserve)
    before = state.calls
    started = time.monotonic()
    for i in range(5):
        zoho.create("contacts", {**ACME, "crm_id": f"accounts:{i}"})
    assert time.monotonic() - started >= 1.4  # the 4th call waited for the window
    assert state.calls - before == 5  # and no call was refused with a 429


def test_persistent_500_is_transient_and_a_create_is_not_repeated(connect, finserve):
    fail = finserve[0].config["FAIL_NEXT"]
    zoho = connect("books", max_retries=2)
    fail.extend([500] * 10)
    with pytest.raises(TransientError, match="Injected fault"):
        zoho.get("contacts", "1")
    assert len(fail) == 7  # one call and two retries
    with pytest.raises(TransientError):
        zoho.create("contacts", ACME)
    assert len(fail) == 6
    fail.clear()
    assert zoho.find_by_crm_id("contacts", "accounts:1") is None


def test_connection_refused_is_transient(connect):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    url = f"http://127.0.0.1:{port}"
    with pytest.raises(TransientError, match="unreachable"):  # the API host is down
        connect("books", api_base=url).create("contacts", ACME)
    with pytest.raises(TransientError, match="unreachable"):  # so is the accounts server
        connect("books", api_base=url, accounts_url=url).create("contacts", ACME)


def test_timeout_is_transient_and_the_retry_makes_no_duplicate(connect, finserve):
    app = finserve[0]
    app.config["LATENCY_MS"] = 2000
    slow = connect("books", timeout=0.3)
    slow.http.refresh()
    started = time.monotonic()
    with pytest.raises(TransientError, match="did not answer"):
        slow.create("contacts", ACME)
    assert time.monotonic() - started < 1.5  # gave up well before the 2 s answer
    time.sleep(1.9)  # the server finishes the create the client gave up on
    app.config["LATENCY_MS"] = 0
    zoho = connect("books")
    again = zoho.create("contacts", ACME)  # an upsert on our id: no lookup first
    assert zoho.find_by_crm_id("contacts", "accounts:1")["id"] == again["id"]
    assert [r["id"] for r in zoho.list_changed("contacts", None)] == [again["id"]]
