"""Y7 and B4 with the ``zoho`` connector (finance-serve over HTTP, answering as Zoho's
documentation says): Zoho has no endpoint that closes an order nor one that reopens it, so
those statuses are the CRM's own and stay across pushes and pulls (issue 14, items 2 and 4)."""
from __future__ import annotations

import pytest

from core.sync.jobs import pull
from core.sync.models import SyncOutbox
from core.sync.worker import drain
from tests.sync_helpers import through_finserve
from tests.zoho_serve_fixtures import served

CLOSE = {"salesorders": ("convert_to_open", "mark_closed", "void", "mark_void"),
         "purchaseorders": ("convert_to_open", "mark_closed", "cancelled", "mark_cancelled")}


@pytest.fixture
def zoho_books(crm, ctx):
    SyncOutbox.delete().execute()  # claims are global: rows other tests left would come first
    with through_finserve(crm["tenant"], "books") as (server, org):
        yield served(org)


def act(api, kind, doc_id, action):
    return api.post(f"/api/v1/books/{kind}/{doc_id}/actions/{action}")


@pytest.mark.parametrize("kind", sorted(CLOSE))
def test_y7_b4_an_order_opened_and_closed_before_the_worker_stays_closed_here(
        kind, zoho_books, make_doc, books_api, registry, crm):
    """Item 2: the answer to the create (draft) and to the open (open) never overwrite the
    close the user made meanwhile, and the pull does not reopen it."""
    docs = [make_doc(kind)["id"] for _ in range(8)]
    for doc_id in docs:
        for action in CLOSE[kind][:2]:
            assert act(books_api, kind, doc_id, action).status_code == 200
    drain(registry)
    pull(registry, crm["tenant"])
    for doc_id in docs:
        seen = books_api.get(f"/api/v1/books/{kind}/{doc_id}").get_json()
        assert (seen["status"], seen["sync_status"]) == ("closed", "synced"), seen.get("sync_error")
        assert zoho_books.get(kind, seen["finance_id"])["status"] == "open"  # Zoho cannot close it


@pytest.mark.parametrize("kind", sorted(CLOSE))
def test_y7_b4_reopen_is_what_zoho_allows(kind, zoho_books, make_doc, books_api, registry, crm):
    """Item 4: reopening an order closed only here sends nothing (Zoho holds it open) and
    fails nothing; a void or cancelled order cannot be reopened in Zoho: refused before it is
    queued, with the reason."""
    doc = make_doc(kind)
    for action in CLOSE[kind][:2]:
        act(books_api, kind, doc["id"], action)
    drain(registry)
    assert act(books_api, kind, doc["id"], "reopen").status_code == 200
    drain(registry)
    seen = books_api.get(f"/api/v1/books/{kind}/{doc['id']}").get_json()
    assert (seen["status"], seen["sync_status"]) == ("open", "synced"), seen.get("sync_error")
    assert zoho_books.get(kind, seen["finance_id"])["status"] == "open"
    other = make_doc(kind)
    act(books_api, kind, other["id"], CLOSE[kind][3])
    offered = {a["key"] for a in books_api.get(f"/api/v1/books/{kind}/{other['id']}/actions").get_json()}
    assert "reopen" not in offered
    refused = act(books_api, kind, other["id"], "reopen")
    assert refused.status_code == 409 and "Zoho" in refused.get_json()["error"]
    drain(registry)
    seen = books_api.get(f"/api/v1/books/{kind}/{other['id']}").get_json()
    assert (seen["status"], seen["sync_status"]) == (CLOSE[kind][2], "synced")
