"""B2, B3, B4, B7, B8 end to end in a real browser: from an account's Books related list, create
an invoice with two lines, see it synced with its number, mark it sent, download its PDF and
send it by e-mail to a real SMTP server on localhost."""
from __future__ import annotations

from decimal import Decimal

import pytest

from core.crm.models import Account, Product
from core.sync.runner import start_thread
from plugins.books.models import Invoice
from tests.books.printing_helpers import attachments, money, pdf_text, smtp  # noqa: F401
from tests.browser.test_browser_crm import log_in

from tests.browser.helpers import wait_for

pytestmark = pytest.mark.browser


def test_b3_b4_b7_b8_invoice_from_an_account_marked_sent_printed_and_emailed(
        page, live_server, app, tenant, admin, smtp):
    account = Account.create(tenant=tenant, name="Société Łódź", email="compta@lodz.example")
    widget = Product.create(tenant=tenant, name="Widget", unit_price=Decimal("12.50"), tax_rate=Decimal("20"))
    thread, stop = start_thread(app)  # the outbox worker, as `finsuite serve` runs it
    try:
        log_in(page, live_server, admin.email)
        page.goto(f"{live_server}/m/accounts/{account.id}")
        page.locator("#related-books_invoices").get_by_role("link", name="New").click()
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
        page.reload()
        panel = page.locator("#related-books_invoices")
        assert number in panel.inner_text()

        panel.get_by_role("link", name=number).click()
        page.wait_for_url(f"{live_server}/m/books/invoices/{invoice.id}")
        page.click('button[data-action="mark_sent"]')
        page.wait_for_selector("text=Mark as Sent: done.")
        assert Invoice.get_by_id(invoice.id).status == "sent"
        assert page.locator('button[data-action="mark_sent"]').count() == 0
        assert page.locator('a[href$="/edit"]').count() == 0  # a sent invoice is not edited by hand

        with page.expect_download() as download:
            page.click('[data-doc="pdf"]')
        pdf = open(download.value.path(), "rb").read()
        text = "\n".join(pdf_text(pdf))
        assert number in text and "Société Łódź" in text and money(Decimal("150.00")) in text

        page.click('[data-doc="email"]')  # a dialog over the invoice (issue 17, item 10)
        page.locator("dialog.email-dialog #f-to").wait_for()
        assert page.locator("#f-to").input_value() == "compta@lodz.example"
        assert number in page.locator("#f-subject").input_value()
        assert page.locator("#f-attach_pdf").is_checked()
        page.check("#f-attach_statement")
        page.click("dialog button:has-text('Send')")
        page.locator(".flash:has-text('E-mail sent to compta@lodz.example')").wait_for()  # the invoice again
        assert page.url == f"{live_server}/m/books/invoices/{invoice.id}"
        assert wait_for(lambda: smtp.messages)
        message = smtp.messages[0]["message"]
        assert message["To"] == "compta@lodz.example" and number in message["Subject"]
        files = attachments(message)
        assert f"{number}.pdf" in files and any("statement" in name.lower() for name in files)
        assert page.locator("#sent-emails").inner_text().count("compta@lodz.example") == 1
        page.screenshot(path="/tmp/books_invoice_sent.png", full_page=True)
    finally:
        stop.set()
        thread.join(timeout=10)
