"""B14 (issue 17, item 11) with the ``zoho`` connector (finance-serve over HTTP, taking only what
Zoho documents): the invoice made from an estimate names it as invoices.yml does
(``invoiced_estimate_id``), so Zoho's estimate is invoiced too and one invoice exists there;
invoices.yml has no field naming a sales order, so that invoice goes unlinked and the order
stays open on both sides."""
from __future__ import annotations

import pytest

from core.sync.models import SyncOutbox
from core.sync.worker import drain
from tests.books.test_convert import LINES
from tests.sync_helpers import through_finserve
from tests.zoho_serve_fixtures import served


@pytest.fixture
def zoho_books(crm, ctx):
    SyncOutbox.delete().execute()  # claims are global: rows other tests left would come first
    with through_finserve(crm["tenant"], "books") as (server, org):
        yield served(org)


def _converted(api, crm, kind: str, *actions: str) -> tuple[dict, dict]:
    source = api.post(f"/api/v1/books/{kind}", json={"account_id": crm["account"].id, "line_items": LINES})
    source = source.get_json()
    for action in actions:
        assert api.post(f"/api/v1/books/{kind}/{source['id']}/actions/{action}").status_code == 200
    answer = api.post(f"/api/v1/books/{kind}/{source['id']}/actions/convert_to_invoice")
    assert answer.status_code == 201, answer.get_json()
    return source, answer.get_json()


def test_b14_zoho_an_estimate_converted_here_is_invoiced_in_zoho(zoho_books, crm, books_api, registry):
    estimate, invoice = _converted(books_api, crm, "estimates", "mark_sent", "mark_accepted")
    drain(registry)
    estimate = books_api.get(f"/api/v1/books/estimates/{estimate['id']}").get_json()
    invoice = books_api.get(f"/api/v1/books/invoices/{invoice['id']}").get_json()
    assert (invoice["sync_status"], estimate["sync_status"]) == ("synced", "synced"), (
        invoice.get("sync_error"), estimate.get("sync_error"))
    assert [i["id"] for i in zoho_books.list_changed("invoices", None)] == [invoice["finance_id"]]
    copy = zoho_books.get("invoices", invoice["finance_id"])
    assert (copy["estimate_id"], copy["total"]) == (estimate["finance_id"], invoice["total"])
    assert zoho_books.get("estimates", estimate["finance_id"])["status"] == estimate["status"] == "invoiced"


def test_b14_zoho_a_sales_order_converted_here_stays_open(zoho_books, crm, books_api, registry):
    order, invoice = _converted(books_api, crm, "salesorders", "convert_to_open")
    drain(registry)
    order = books_api.get(f"/api/v1/books/salesorders/{order['id']}").get_json()
    invoice = books_api.get(f"/api/v1/books/invoices/{invoice['id']}").get_json()
    assert (invoice["sync_status"], order["sync_status"], order["status"]) == ("synced", "synced", "open"), (
        invoice.get("sync_error"), order.get("sync_error"))
    assert invoice["salesorder_id"] == order["id"]  # linked here
    assert zoho_books.get("invoices", invoice["finance_id"])["salesorder_id"] is None  # no field to say it
    assert zoho_books.get("salesorders", order["finance_id"])["status"] == "open"
