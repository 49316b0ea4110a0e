"""Issue 15, finding 4 in a real browser: under the Content-Security-Policy the main pages report
no violation (no inline script, handler or style attribute is blocked) and the line items'
script still works: lines added, filled from a product, totals followed, the invoice saved."""
from __future__ import annotations

from decimal import Decimal

import pytest

from core.crm.models import Account, Product
from plugins.books.models import Invoice
from tests.browser.test_browser_crm import log_in

pytestmark = pytest.mark.browser
#: runs in every document before its own scripts (outside the page's CSP, as a DevTools hook)
LISTEN = """document.addEventListener("securitypolicyviolation", function (e) {
  (window.__cspViolations = window.__cspViolations || []).push(e.violatedDirective + " " + e.blockedURI);
});"""


@pytest.fixture
def watched(page):
    """The page, and the CSP violations it reported (events and console errors) so far."""
    reported = []
    page.add_init_script(LISTEN)
    page.on("console", lambda msg: reported.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text else None)

    def violations():
        return reported + (page.evaluate("window.__cspViolations || []") or [])
    return page, violations


def visit(page, url):
    response = page.goto(url)
    assert response.ok, url
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("load")


def test_csp_main_pages_report_no_violation_and_line_items_work(watched, live_server, tenant, admin):
    page, violations = watched
    acme = Account.create(tenant=tenant, name="Acme CSP")
    widget = Product.create(tenant=tenant, name="Widget", unit_price=Decimal("12.50"), tax_rate=Decimal("20"))
    log_in(page, live_server, admin.email)
    for path in ("/", "/m/accounts/", f"/m/accounts/{acme.id}", "/m/books/invoices/", "/setup/", "/setup/users",
                 "/setup/profiles", "/setup/plugins", "/setup/finance/", "/tokens/"):
        visit(page, live_server + path)
        assert violations() == [], path

    visit(page, f"{live_server}/m/books/invoices/new?account_id={acme.id}")
    first = page.locator("#lines tr[data-line]").nth(0)
    first.locator('[data-line-field="product_id"]').select_option(str(widget.id))
    assert first.locator('[data-line-field="rate"]').input_value() == "12.50"
    first.locator('[data-line-field="quantity"]').fill("2")
    page.click("#lines [data-line-add]")
    second = page.locator("#lines tr[data-line]").nth(1)
    second.locator('[data-line-field="name"]').fill("Installation")
    second.locator('[data-line-field="quantity"]').fill("1")
    second.locator('[data-line-field="rate"]').fill("70")
    assert page.locator('#lines [data-total="total"]').inner_text() == "100.00"  # 25 + 5 tax + 70
    page.click("form.form button[type=submit]")
    page.wait_for_url(f"{live_server}/m/books/invoices/*")
    invoice = Invoice.select().where((Invoice.tenant == tenant) & (Invoice.account_id == acme.id)).get()
    assert invoice.total == Decimal("100.00")
    assert page.locator("text=Installation").count() >= 1  # the detail page's line items
    visit(page, f"{live_server}/m/books/invoices/{invoice.id}/edit")
    assert page.locator("#lines tr[data-line]").count() == 2
    assert violations() == []
