"""Y8: a failing connection is shown as such (in Setup and on each waiting record), its rows
wait without giving up nor hammering the service, and drain once it is fixed."""
from __future__ import annotations

import re

import pytest

from core.declarations import ConnectorSpec
from core.finance.base import ConnectionFailure
from core.sync.connections import configure, get_connection
from core.sync.models import SyncOutbox
from core.sync.outcomes import MAX_ATTEMPTS
from core.sync.worker import drain
from tests.books.context_helpers import finance
from tests.sync_helpers import make_due


class Refused:
    """A finance service whose accounts server refuses the credentials: every call fails."""

    calls = 0

    def __getattr__(self, name):
        def call(*args, **kwargs):
            Refused.calls += 1
            raise ConnectionFailure("invalid refresh token")
        return call


@pytest.fixture
def refused(registry, crm):
    SyncOutbox.delete().execute()  # claims are global: rows other tests left would come first
    org = get_connection(crm["tenant"], "books").organization_id
    registry.connectors["refused"] = ConnectorSpec("refused", "Refused", lambda s: Refused())
    configure(crm["tenant"], "books", "refused", org)
    Refused.calls = 0
    yield org
    configure(crm["tenant"], "books", "local", org)
    del registry.connectors["refused"]


def test_y8_refused_credentials_show_the_connection_failing_and_records_wait(
        refused, make_doc, books_api, crm, client_for, registry):
    docs = [make_doc("invoices") for _ in range(3)]
    drain(registry)
    assert Refused.calls == 1  # one row tried; its connection's others wait with it
    connection = get_connection(crm["tenant"], "books")
    assert connection.failing_since is not None and connection.failing_reason == "invalid refresh token"
    seen = books_api.get(f"/api/v1/books/invoices/{docs[0]['id']}").get_json()
    assert seen["sync_status"] == "pending"
    assert "connection failing since" in seen["sync_error"] and "invalid refresh token" in seen["sync_error"]
    web = client_for(crm["admin"])
    page = web.get(f"/m/books/invoices/{docs[0]['id']}").get_data(as_text=True)
    assert "Books has refused this organisation" in page  # a sentence; the service's words folded under it
    assert re.search(r"<details><summary>Details</summary><code>invalid refresh token</code></details>", page)
    setup = web.get("/setup/finance/").get_data(as_text=True)
    assert 'data-connection-failing="books"' in setup and "invalid refresh token" in setup
    for _ in range(MAX_ATTEMPTS + 2):  # never given up, however long it lasts
        make_due(crm["tenant"])
        drain(registry)
    rows = list(SyncOutbox.select().where(SyncOutbox.tenant == crm["tenant"]))
    assert {r.state for r in rows} == {"pending"} and max(r.attempts for r in rows) == 0
    assert Refused.calls == MAX_ATTEMPTS + 3


def test_y8_a_fixed_connection_drains_its_waiting_records_at_once(refused, make_doc, books_api, crm, registry):
    doc = make_doc("invoices")
    drain(registry)
    assert SyncOutbox.get(SyncOutbox.record_id == doc["id"]).next_attempt_at > SyncOutbox.get(
        SyncOutbox.record_id == doc["id"]).updated_at
    configure(crm["tenant"], "books", "local", refused)  # the admin fixes it: no waiting out the back-off
    assert drain(registry) == 1
    seen = books_api.get(f"/api/v1/books/invoices/{doc['id']}").get_json()
    assert (seen["sync_status"], seen["sync_error"]) == ("synced", None)
    assert finance(crm["tenant"]).get("invoices", seen["finance_id"])["total"] == "100.00"
    assert get_connection(crm["tenant"], "books").failing_since is None
