"""Y8, Y6: the sync strip on a record's page says in a sentence what happened and what happens
next ("Books could not be reached since ..."); the transport's own words (``HTTPConnectionPool ...
[Errno 111] Connection refused``) are folded under "Details", never shown large and bold."""
from __future__ import annotations

import re

import pytest

from core.declarations import ConnectorSpec
from core.finance.base import ConnectionFailure, TransientError
from core.sync.connections import configure, get_connection
from core.sync.models import SyncOutbox
from core.sync.worker import drain

RAW = ("Zoho unreachable: HTTPConnectionPool(host='127.0.0.1', port=9): Max retries exceeded with url: "
       "/books/v3/invoices (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f>: "
       "Failed to establish a new connection: [Errno 111] Connection refused'))")


class Failing:
    """A finance service whose every call fails with ``error``."""

    error: Exception = ConnectionFailure(RAW)

    def __getattr__(self, name):
        def call(*args, **kwargs):
            raise Failing.error
        return call


@pytest.fixture
def failing(registry, crm):
    SyncOutbox.delete().execute()  # claims are global: rows other tests left would come first
    org = get_connection(crm["tenant"], "books").organization_id
    registry.connectors["failing"] = ConnectorSpec("failing", "Failing", lambda s: Failing())
    configure(crm["tenant"], "books", "failing", org)
    yield Failing
    configure(crm["tenant"], "books", "local", org)
    del registry.connectors["failing"]
    Failing.error = ConnectionFailure(RAW)


def strip(page: str) -> str:
    return re.search(r'<section class="strip" aria-label="Finance sync">.*?</section>', page, re.S).group(0)


def test_y8_an_unreachable_service_is_a_sentence_with_the_detail_folded(
        failing, make_doc, crm, client_for, api_for, registry):
    doc = make_doc("invoices")
    drain(registry)
    html = strip(client_for(crm["admin"]).get(f"/m/books/invoices/{doc['id']}").get_data(as_text=True))
    assert re.search(r"<p>Books could not be reached since [^<]+\. This record waits and will be sent as soon as "
                     r"Books answers again\.</p>", html), html
    assert "<details><summary>Details</summary><code>Zoho unreachable: HTTPConnectionPool" in html
    assert "HTTPConnectionPool" not in html.split("<details>")[0] and "<strong>" not in html
    items = api_for(crm["admin"]).get(f"/api/v1/books/invoices/{doc['id']}/strips").get_json()
    [sync] = [s for s in items if s["key"] == "sync"]
    assert sync["items"][0]["value"].startswith("Books could not be reached since ")
    assert sync["items"][0]["detail"] == RAW


def test_y6_a_try_that_failed_on_the_way_and_a_record_given_up(failing, make_doc, crm, client_for, registry):
    failing.error = TransientError(RAW)  # not the connection: this record's try
    doc = make_doc("invoices")
    drain(registry)
    web = client_for(crm["admin"])
    html = strip(web.get(f"/m/books/invoices/{doc['id']}").get_data(as_text=True))
    assert "<p>Waiting to sync: Books could not be reached; it will be tried again shortly.</p>" in html
    assert f"<code>{RAW.replace(chr(39), '&#39;').replace('<', '&lt;').replace('>', '&gt;')}</code>" in html
    SyncOutbox.update(state="failed", last_error="gave up after 12 tries: " + RAW).where(
        SyncOutbox.record_id == doc["id"]).execute()
    html = strip(web.get(f"/m/books/invoices/{doc['id']}").get_data(as_text=True))
    assert ("<p>Sync failed: Books could not be reached, even after several tries. An administrator can retry it in "
            "Setup &gt; Finance Suite, under Failed records.</p>") in html and "gave up after 12 tries" in html


def test_y6_the_finance_applications_own_refusal_stays_in_view(make_doc, crm, client_for, registry):
    doc = make_doc("invoices")
    drain(registry)
    SyncOutbox.update(state="failed", last_error="Books refused the customer: its e-mail is not valid").where(
        SyncOutbox.record_id == doc["id"]).execute()
    html = strip(client_for(crm["admin"]).get(f"/m/books/invoices/{doc['id']}").get_data(as_text=True))
    assert "<strong>Sync failed: Books refused the customer: its e-mail is not valid</strong>" in html
    assert "<details>" not in html
