"""C4: a plugin that knows a record changed in the finance application (it recorded a payment
against an invoice there) asks for that record to be read back: the invoice's balance and
status come back behind its earlier changes, and never over what a user changed since."""
from __future__ import annotations

from decimal import Decimal

from core import request_refresh
from core.sync.models import SyncOutbox
from core.sync.worker import drain
from tests.books.context_helpers import finance, finance_id


def _invoice(registry, doc):
    return registry.modules["books/invoices"].model.get_by_id(doc["id"])


def test_c4_a_record_read_back_on_request_shows_the_finance_applications_balance(make_doc, books_api, registry, crm):
    doc = make_doc("invoices")
    books_api.post(f"/api/v1/books/invoices/{doc['id']}/actions/mark_sent")
    drain(registry)
    finance(crm["tenant"]).record_payment(finance_id(crm["tenant"], "books/invoices", doc["id"]), "40.00")
    assert _invoice(registry, doc).balance == Decimal("100.00")  # the CRM does not know yet
    assert request_refresh("books/invoices", _invoice(registry, doc)) == 1
    assert request_refresh("books/invoices", _invoice(registry, doc)) == 1  # merged into the one waiting
    rows = SyncOutbox.select().where((SyncOutbox.record_id == doc["id"]) & (SyncOutbox.state == "pending"))
    assert [r.operation for r in rows] == ["refresh"]
    drain(registry)
    shown = books_api.get(f"/api/v1/books/invoices/{doc['id']}").get_json()
    assert (shown["status"], shown["balance"], shown["sync_status"]) == ("partially_paid", "60.00", "synced")


def test_c4_a_read_back_waits_for_the_records_earlier_changes(make_doc, books_api, registry, crm):
    doc = make_doc("invoices")
    drain(registry)
    books_api.post(f"/api/v1/books/invoices/{doc['id']}/actions/mark_sent")  # queued, not yet sent
    request_refresh("books/invoices", _invoice(registry, doc))
    rows = SyncOutbox.select().where((SyncOutbox.record_id == doc["id"]) & (SyncOutbox.state == "pending"))
    assert [r.operation for r in rows.order_by(SyncOutbox.id)] == ["action:mark_sent", "refresh"]
    drain(registry)
    assert books_api.get(f"/api/v1/books/invoices/{doc['id']}").get_json()["status"] == "sent"
