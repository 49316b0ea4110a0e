"""Issue 17, item 6 (B5, S1) in a real browser: on an account page, the Books strip's Overdue
amount is a link a keyboard reaches; clicking it lists the invoice the account's subscription was
billed, beside its Books invoice, and their balances add up to the figure; axe-core finds no
serious or critical accessibility problem on either page."""
from __future__ import annotations

import pytest

from tests.books.context_helpers import crm  # noqa: F401  (a fixture)
from tests.books.test_strip_documents import overdue_of_both
from tests.browser.axe import violations
from tests.browser.test_browser_crm import log_in

pytestmark = pytest.mark.browser
STRIP = 'section.strip[aria-label="Books"]'


def test_b5_issue_17_item_6_browser_overdue_amount_lists_the_subscriptions_invoice(
        page, live_server, crm, api_for, registry):
    account = crm["account"]
    books, subscription = overdue_of_both(crm, api_for(crm["admin"]), registry, account_id=account.id)
    log_in(page, live_server, crm["admin"].email)
    page.goto(f"{live_server}/m/accounts/{account.id}")
    page.wait_for_load_state()
    overdue = page.locator(STRIP).get_by_role("link", name="Overdue")
    assert overdue.locator("strong").inner_text() == "$159.70"
    assert overdue.get_attribute("title").endswith("The customer's overdue invoices")
    assert violations(page) == []  # the linked figures read as links, in contrast
    overdue.focus()  # a link in the tab order, not a box that only a mouse opens
    assert page.evaluate("document.activeElement.dataset.stripLink") == "Overdue"
    overdue.click()
    page.wait_for_url(f"{live_server}/m/accounts/{account.id}/figure/books_finance?item=Overdue")
    page.wait_for_load_state()
    rows = page.locator("#figure-documents tbody tr")
    assert rows.count() == 2
    row = page.locator(f'tr[data-document="{subscription["invoice_number"]}"]')
    assert "Subscription Invoice" in row.inner_text() and "$59.70" in row.inner_text()
    assert page.locator(f'tr[data-document="{books["number"]}"]').count() == 1
    assert page.locator("[data-sum]").inner_text() == "$159.70"
    assert page.locator('[data-figure-check="agrees"]').is_visible()
    assert violations(page) == []
    row.get_by_role("link", name=subscription["invoice_number"]).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == subscription["invoice_number"]
