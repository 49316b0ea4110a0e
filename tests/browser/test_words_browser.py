"""B2, C3 in a real browser: a purchase order saved without a vendor says "Choose a vendor." right
beside the vendor field, and an invoice with a discount and tax reads top-down (sub total before the
discount, the discount, the tax, the total, the balance due) on its page."""
from __future__ import annotations

from decimal import Decimal

import pytest

from core.crm.models import Account, Vendor
from tests.browser.test_browser_crm import log_in

pytestmark = pytest.mark.browser


def test_c3_b2_browser_empty_vendor_says_choose_a_vendor_beside_the_field(page, live_server, tenant, admin):
    Vendor.create(tenant=tenant, name="Paper Supplies Ltd")
    log_in(page, live_server, admin.email)
    page.goto(f"{live_server}/m/books/purchaseorders/new")
    page.wait_for_load_state("load")
    first = page.locator("#lines tr[data-line]").nth(0)
    first.locator('[data-line-field="name"]').fill("Paper")
    first.locator('[data-line-field="rate"]').fill("5.00")
    page.click("button:has-text('Save')")
    page.wait_for_load_state("load")
    error = page.locator("#error-vendor_id")
    assert error.inner_text() == "Choose a vendor."
    field = page.locator(".field", has=page.locator("#f-vendor_id"))
    assert field.locator(".error").inner_text() == "Choose a vendor."  # in the vendor's own block
    select, message = page.locator("#f-vendor_id").bounding_box(), error.bounding_box()
    assert 0 <= message["y"] - (select["y"] + select["height"]) < 30  # right under the select
    assert abs(message["x"] - select["x"]) < 5
    assert page.locator("text=Missing data").count() == 0 and page.locator("text=record id").count() == 0
    field.screenshot(path="/tmp/words_vendor_error.png")
    page.screenshot(path="/tmp/words_po_form.png", full_page=True)


def test_b2_browser_invoice_totals_read_top_down(page, live_server, tenant, admin, api_for):
    account = Account.create(tenant=tenant, name="Acme Totals")
    doc = api_for(admin).post("/api/v1/books/invoices", json={"account_id": account.id, "line_items": [
        {"name": "Café crème", "quantity": "3", "rate": "19.99", "discount_percent": "10", "tax_percent": "20"},
        {"name": "Widget", "quantity": "1.5", "rate": "100.00", "tax_percent": "5.5"}]}).get_json()
    log_in(page, live_server, admin.email)
    page.goto(f"{live_server}/m/books/invoices/{doc['id']}")
    page.wait_for_load_state("load")
    block = page.locator("#lines dl.doc-totals")
    rows = [(row.locator("dt").inner_text(), row.locator("dd").inner_text()) for row in block.locator("div").all()]
    assert rows == [("Sub total", "$209.97"), ("Discount", "-$6.00"), ("Tax", "$19.04"), ("Total", "$223.01"),
                    ("Balance due", "$223.01")]
    figures = {label: Decimal(value.replace("$", "")) for label, value in rows}
    assert figures["Sub total"] + figures["Discount"] + figures["Tax"] == figures["Total"]
    details = page.locator("section.panel", has=page.locator("h2", has_text="Details"))
    assert details.locator("text=Sub total").count() == 0  # said once, in the totals block
    block.screenshot(path="/tmp/words_totals.png")
    page.screenshot(path="/tmp/words_invoice.png", full_page=True)


def test_y8_browser_unreachable_books_is_a_sentence_with_the_detail_folded(
        page, live_server, tenant, admin, api_for, registry):
    from core.declarations import ConnectorSpec
    from core.sync.connections import configure, get_connection
    from core.sync.models import SyncOutbox
    from core.sync.worker import drain
    from tests.books.test_sync_strip_words import RAW, Failing

    account = Account.create(tenant=tenant, name="Acme Unreachable")
    SyncOutbox.delete().execute()  # claims are global: rows other tests left would come first
    org = get_connection(tenant, "books").organization_id
    registry.connectors["failing"] = ConnectorSpec("failing", "Failing", lambda s: Failing())
    configure(tenant, "books", "failing", org)
    try:
        doc = api_for(admin).post("/api/v1/books/invoices", json={"account_id": account.id, "line_items": [
            {"name": "Advice", "rate": "100.00"}]}).get_json()
        drain(registry)
        log_in(page, live_server, admin.email)
        page.goto(f"{live_server}/m/books/invoices/{doc['id']}")
        page.wait_for_load_state("load")
        message = page.locator('section.strip[aria-label="Finance sync"] .strip-message')
        sentence = message.locator("p")
        assert sentence.inner_text().startswith("Books could not be reached since ")
        assert int(sentence.evaluate("e => getComputedStyle(e).fontWeight")) < 600  # a sentence, not a big figure
        detail = message.locator("details code")
        assert not detail.is_visible()  # folded
        message.locator("summary").click()
        assert detail.is_visible() and detail.inner_text() == RAW
        page.locator('section.strip[aria-label="Finance sync"]').screenshot(path="/tmp/words_sync_strip.png")
    finally:
        configure(tenant, "books", "local", org)
        del registry.connectors["failing"]
