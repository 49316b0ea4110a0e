"""I1 end to end in a real browser: from an account's Invoice related list, create an Invoice-app
invoice with two lines, see it synced to the Invoice organisation with its number, mark it sent
and download its PDF; Books' list on the same page stays empty."""
from __future__ import annotations

from decimal import Decimal

import pytest

from core.crm.models import Account, Product
from core.finance.local.service import LocalFinance
from core.sync.connections import get_connection
from core.sync.runner import start_thread
from plugins.invoice.models import Invoice
from tests.books.printing_helpers import money, pdf_text
from tests.browser.test_browser_crm import log_in

from tests.browser.helpers import wait_for

pytestmark = pytest.mark.browser


def test_i1_invoice_app_invoice_from_an_account_marked_sent_and_printed(page, live_server, app, tenant, admin):
    account = Account.create(tenant=tenant, name="Société Łódź", email="compta@lodz.example")
    widget = Product.create(tenant=tenant, name="Widget", unit_price=Decimal("12.50"), tax_rate=Decimal("20"))
    thread, stop = start_thread(app)  # the outbox worker, as `finsuite serve` runs it
    try:
        log_in(page, live_server, admin.email)
        page.goto(f"{live_server}/m/accounts/{account.id}")
        page.locator("#related-invoice_invoices").get_by_role("link", name="New").click()
        page.wait_for_url(f"{live_server}/m/invoice/invoices/new*")
        page.wait_for_selector("#lines")
        assert page.locator("#f-account_id option:checked").inner_text() == "Société Łódź"
        first = page.locator("#lines tr[data-line]").nth(0)
        first.locator('[data-line-field="product_id"]').select_option(str(widget.id))
        first.locator('[data-line-field="quantity"]').fill("2")
        page.click("#lines [data-line-add]")
        second = page.locator("#lines tr[data-line]").nth(1)
        second.locator('[data-line-field="name"]').fill("Installation")
        second.locator('[data-line-field="quantity"]').fill("1.5")
        second.locator('[data-line-field="rate"]').fill("80")
        # 2 x 12.50 = 25.00 + tax 5.00; 1.5 x 80 = 120.00: 150.00 in all
        assert page.locator('#lines [data-total="total"]').inner_text().endswith("150.00")
        page.click("button:has-text('Save')")
        page.wait_for_url(f"{live_server}/m/accounts/{account.id}")
        invoice = Invoice.get((Invoice.tenant == tenant) & (Invoice.account_id == account.id))
        assert (invoice.total, invoice.tax_total) == (Decimal("150.00"), Decimal("5.00"))
        assert wait_for(lambda: Invoice.get_by_id(invoice.id).number), "not synced"
        number = Invoice.get_by_id(invoice.id).number
        org = LocalFinance(get_connection(tenant, "invoice").organization_id)
        assert org.org == f"{tenant.slug}-invoice"
        [remote] = list(org.list_changed("invoices", None))
        assert remote["total"] == "150.00" and remote["invoice_number"] == number
        page.reload()
        panel = page.locator("#related-invoice_invoices")
        assert number in panel.inner_text()
        assert "No invoices yet" in page.locator("#related-books_invoices").inner_text()

        panel.get_by_role("link", name=number).click()
        page.wait_for_url(f"{live_server}/m/invoice/invoices/{invoice.id}")
        page.click('button[data-action="mark_sent"]')
        page.wait_for_selector("text=Mark as Sent: done.")
        assert Invoice.get_by_id(invoice.id).status == "sent"
        assert page.locator('button[data-action="mark_sent"]').count() == 0
        assert page.locator('a[href$="/edit"]').count() == 0  # a sent invoice is not edited by hand
        assert wait_for(lambda: list(org.list_changed("invoices", None))[0]["status"] == "sent"), "not sent there"

        with page.expect_download() as download:
            page.click('[data-doc="pdf"]')
        assert download.value.suggested_filename == f"{number}.pdf"
        text = "\n".join(pdf_text(open(download.value.path(), "rb").read()))
        assert number in text and "Société Łódź" in text and money(Decimal("150.00")) in text
        page.screenshot(path="/tmp/invoice_app_invoice_sent.png", full_page=True)
    finally:
        stop.set()
        thread.join(timeout=10)
