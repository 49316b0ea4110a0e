"""B2 (issue 17, item 11) in a real browser: Clone on an invoice opens the copy's form with the
same lines; saving it makes a second invoice of the customer."""
from __future__ import annotations

import pytest

from plugins.books.models import Invoice
from tests.books.context_helpers import crm  # noqa: F401  (fixture)
from tests.browser.test_browser_crm import log_in

pytestmark = pytest.mark.browser


def test_b2_browser_clone_an_invoice_and_save_the_copy(page, live_server, crm, api_for):
    made = api_for(crm["admin"]).post("/api/v1/books/invoices", json={
        "account_id": crm["account"].id, "reference": "PO-5", "line_items": [
            {"name": "Audit", "quantity": "2", "rate": "60.00"}, {"name": "Travel", "quantity": "1", "rate": "35.50"}]})
    log_in(page, live_server, crm["admin"].email)
    page.goto(f"{live_server}/m/books/invoices/{made.get_json()['id']}")
    page.wait_for_load_state()
    page.click('[data-doc="clone"]')
    page.wait_for_url("**/edit")
    assert page.get_by_text("a new draft. Check it and save.").count() == 1
    assert page.locator("#lines tr[data-line]").count() == 2
    assert page.input_value("#f-reference") == "PO-5"
    page.click("button:has-text('Save')")
    page.wait_for_load_state()
    copies = Invoice.select().where((Invoice.tenant == crm["tenant"]) & (Invoice.reference == "PO-5"))
    assert copies.count() == 2 and {i.total for i in copies} == {copies[0].total}
    page.screenshot(path="/tmp/clone.png", full_page=True)
