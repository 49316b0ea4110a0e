"""B14 (issue 17, item 11) in a real browser: Convert to Invoice on an accepted estimate lands on
the new invoice's page with the same lines and total and a link back to the estimate, which is
invoiced and lists the invoice."""
from __future__ import annotations

import pytest

from core.sync.worker import drain
from tests.books.context_helpers import crm  # noqa: F401  (fixture)
from tests.browser.test_browser_crm import log_in

pytestmark = pytest.mark.browser
LINES = [{"name": "Audit", "quantity": "2", "rate": "60.00", "discount_percent": "10", "tax_percent": "20"},
         {"name": "Travel", "quantity": "1", "rate": "35.50"}]


def test_b14_browser_convert_an_accepted_estimate_to_an_invoice(page, live_server, crm, api_for, registry):
    api = api_for(crm["admin"])
    estimate = api.post("/api/v1/books/estimates", json={"account_id": crm["account"].id, "line_items": LINES})
    estimate = estimate.get_json()
    for action in ("mark_sent", "mark_accepted"):
        api.post(f"/api/v1/books/estimates/{estimate['id']}/actions/{action}")
    drain(registry)  # numbered EST-000001 by the finance application
    log_in(page, live_server, crm["admin"].email)
    page.goto(f"{live_server}/m/books/estimates/{estimate['id']}")
    page.wait_for_load_state()
    estimate_total = page.text_content('[data-total="total"]')
    estimate_amounts = page.locator("#lines [data-line-amount]").all_text_contents()
    page.click('[data-action="convert_to_invoice"]')
    page.wait_for_url("**/m/books/invoices/*")
    page.wait_for_load_state()
    assert page.get_by_text("Invoice created from estimate EST-000001.").count() == 1
    assert page.locator("#lines tr[data-line] td:nth-child(2)").all_text_contents() == ["Audit", "Travel"]
    assert page.locator("#lines [data-line-amount]").all_text_contents() == estimate_amounts
    assert page.text_content('[data-total="total"]') == estimate_total == "$165.10"
    link = page.locator(f'a[href="/m/books/estimates/{estimate["id"]}"]', has_text="EST-000001")
    assert link.count() == 1
    invoice_url = page.url
    link.click()
    page.wait_for_url(f"**/m/books/estimates/{estimate['id']}")
    page.wait_for_load_state()
    assert page.locator('[data-action="convert_to_invoice"]').count() == 0
    listed = page.locator("#related-books_invoices a[href^='/m/books/invoices/']").first
    assert listed.get_attribute("href") == invoice_url.removeprefix(live_server)
