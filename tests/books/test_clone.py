"""B2 (issue 17, item 11): Clone makes a new draft of a document: same customer, reference, notes
and lines (discounts and taxes kept), today's date, no number; it opens to be checked. Only a user
who may create such documents sees it and may use it."""
from __future__ import annotations

import datetime as dt

from core.sync.worker import drain
from core.testing import csrf_from, profile_without
from tests.books.context_helpers import crm  # noqa: F401  (fixture)

LINES = [{"name": "Audit", "quantity": "2", "rate": "60.00", "discount_percent": "10", "tax_percent": "20"},
         {"name": "Travel", "quantity": "1", "rate": "35.50"}]


def test_b2_clone_copies_a_sent_invoice_into_a_new_draft(crm, api_for, client_for, registry):
    api, web = api_for(crm["admin"]), client_for(crm["admin"])
    made = api.post("/api/v1/books/invoices", json={
        "account_id": crm["account"].id, "reference": "PO-77", "notes": "Thank you", "date": "2026-01-15",
        "line_items": LINES}).get_json()
    api.post(f"/api/v1/books/invoices/{made['id']}/actions/mark_sent")
    drain(registry)
    page = web.get(f"/m/books/invoices/{made['id']}").get_data(as_text=True)
    assert 'data-doc="clone"' in page
    copied = web.post(f"/m/books/invoices/{made['id']}/clone", data={"csrf_token": csrf_from(page)})
    assert copied.status_code == 302 and copied.headers["Location"].endswith("/edit")
    copy_id = int(copied.headers["Location"].rstrip("/").split("/")[-2])
    copy = api.get(f"/api/v1/books/invoices/{copy_id}").get_json()
    original = api.get(f"/api/v1/books/invoices/{made['id']}").get_json()
    assert (copy["status"], copy["number"], copy["date"]) == ("draft", "", dt.date.today().isoformat())
    assert (copy["account_id"], copy["reference"], copy["notes"]) == (crm["account"].id, "PO-77", "Thank you")
    keys = ("name", "quantity", "rate", "discount_percent", "tax_percent", "amount")
    assert [{k: line[k] for k in keys} for line in copy["line_items"]] == [
        {k: line[k] for k in keys} for line in original["line_items"]]
    assert copy["total"] == original["total"]
    edit = web.get(copied.headers["Location"]).get_data(as_text=True)
    assert "Copied from INV-000001: a new draft. Check it and save." in edit


def test_b2_clone_needs_the_create_permission(crm, api_for, client_for, make_user):
    made = api_for(crm["admin"]).post("/api/v1/books/invoices", json={
        "account_id": crm["account"].id, "line_items": LINES}).get_json()
    reader = client_for(make_user(crm["tenant"], profile=profile_without(
        crm["tenant"], "No new invoices", "books/invoices.create")))
    page = reader.get(f"/m/books/invoices/{made['id']}").get_data(as_text=True)
    assert 'data-doc="clone"' not in page
    refused = reader.post(f"/m/books/invoices/{made['id']}/clone", data={"csrf_token": csrf_from(page)})
    assert refused.status_code == 403
