"""C10 in a real browser: type a customer's name without its accents in the top bar's search box,
see the account and its invoice grouped by module, open the invoice; a list's own search box
finds the invoice by its customer's name too."""
from __future__ import annotations

import re

import pytest

from core.crm.models import Account
from core.records import create_record
from tests.browser.test_browser_crm import log_in

pytestmark = pytest.mark.browser


def test_c10_browser_top_bar_search_finds_and_opens_an_invoice_by_its_customer(page, live_server, registry,
                                                                                  tenant, admin):
    account = Account.create(tenant=tenant, name="Grupo Zürcher Łódź")
    invoice = create_record(registry.modules["books/invoices"], tenant, admin, {
        "account_id": account.id, "reference": "REF-SEARCH-1",
        "line_items": [{"name": "Consulting", "quantity": "2", "rate": "150.00"}]})
    log_in(page, live_server, admin.email)

    box = page.get_by_role("searchbox", name="Search all records")
    box.fill("zurcher LODZ")
    box.press("Enter")
    page.wait_for_url(f"{live_server}/search?q=zurcher+LODZ")
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "Results for “zurcher LODZ”"
    accounts = page.locator("#search-accounts")
    assert accounts.locator("h2").inner_text() == "Accounts (1)"
    assert accounts.get_by_role("link", name="Grupo Zürcher Łódź").is_visible()
    invoices = page.locator("#search-books-invoices")
    assert invoices.locator("h2").inner_text() == "Invoices · Books (1)"
    assert "Grupo Zürcher Łódź" in invoices.locator("li").inner_text()  # the customer under its title
    assert page.get_by_role("searchbox", name="Search all records").first.input_value() == "zurcher LODZ"
    page.screenshot(path="/tmp/search-results.png", full_page=True)

    invoices.locator("li a").first.click()
    page.wait_for_url(f"{live_server}/m/books/invoices/{invoice.id}")
    page.wait_for_load_state("load")
    assert page.get_by_role("link", name="Grupo Zürcher Łódź").first.is_visible()

    page.goto(f"{live_server}/m/books/invoices/")
    page.wait_for_load_state("load")
    page.fill('form.toolbar input[name="q"]', "grupo")
    page.click("form.toolbar button:has-text('Search')")
    page.wait_for_url(re.compile(re.escape(f"{live_server}/m/books/invoices/?q=grupo")))
    page.wait_for_load_state("load")
    rows = page.locator("table.table tbody tr")
    assert rows.count() == 1 and "Grupo Zürcher Łódź" in rows.first.inner_text()
