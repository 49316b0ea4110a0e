"""B10 in a real browser: on the Books invoices list, "New view" made through the form (a filter row
added, its value chosen among the accounts, a row removed, columns unchecked and moved), saved, and
the list shows only the matching invoices in the chosen columns; "All records" shows them all."""
from __future__ import annotations

import datetime as dt

import pytest

from core.crm.models import Account
from core.models import SavedView, utcnow
from tests.browser.test_browser_crm import log_in
from tests.reports.helpers import make_invoice

pytestmark = pytest.mark.browser


def _rows(page) -> set[str]:
    return {link.get_attribute("href") for link in page.locator(".table tbody tr td:first-child a").all()}


def test_b10_browser_view_of_one_accounts_invoices(page, live_server, registry, tenant, admin):
    errors = []  # the script's exceptions, and what the Content-Security-Policy blocked
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None)
    today = utcnow().date()
    acme, globex = (Account.create(tenant=tenant, name=n) for n in ("Acme Browser", "Globex Browser"))
    made = {key: make_invoice(registry, tenant, admin, account, [("Work", None, "1", rate, "0", "0")], "sent",
                              today, today + dt.timedelta(days=30))
            for key, account, rate in (("a1", acme, "100.00"), ("a2", acme, "300.00"), ("g1", globex, "200.00"))}
    log_in(page, live_server, admin.email)
    page.goto(f"{live_server}/m/books/invoices/")
    with page.expect_navigation():  # loaded: its script follows the fields chosen
        page.click("text=New view")
    page.fill("#f-name", "Invoices of Acme")
    page.check("#f-shared")

    rows = page.locator("#filters tr[data-filter-row]")
    first = rows.nth(0)
    first.locator("[data-filter-field]").select_option("total")
    assert first.locator("[data-filter-op] option").all_inner_texts()[:2] == ["equals", "does not equal"]
    first.locator("[data-filter-op]").select_option("gt")
    first.locator("[data-filter-value]").fill("1000")
    page.click("[data-filter-add]")
    second = rows.nth(1)
    second.locator("[data-filter-field]").select_option("account_id")
    assert "contains" not in second.locator("[data-filter-op] option").all_inner_texts()  # not for a reference
    second.locator("[data-filter-op]").select_option("is")
    second.locator("select[data-filter-value]").select_option(label="Acme Browser")  # a record, not an id
    first.locator("[data-filter-remove]").click()  # the first row was a mistake
    assert rows.count() == 1

    columns = page.locator("#columns li")
    for name in ("account_id", "contact_id", "due_date", "date", "balance"):
        page.uncheck(f'#columns input[value="{name}"]')
    assert [c.get_attribute("value") for c in page.locator("#columns input:checked").all()] == ["number", "status", "total"]
    up = columns.filter(has=page.locator('input[value="total"]')).locator('[data-move="up"]')
    up.click()  # past the due date (unchecked) ...
    up.click()  # ... and the status
    page.select_option("#f-sort", "-total")
    page.click("button:has-text('Save view')")
    page.wait_for_selector("#view-filters")

    view = SavedView.get((SavedView.tenant == tenant) & (SavedView.name == "Invoices of Acme"))
    assert page.url == f"{live_server}/m/books/invoices/?view={view.id}"
    assert (view.shared, view.columns, view.filters) == (
        True, ["number", "total", "status"], [{"field": "account_id", "op": "is", "value": str(acme.id)}])
    assert _rows(page) == {f"/m/books/invoices/{made[k].id}" for k in ("a2", "a1")}
    assert page.locator(".table thead th").all_inner_texts() == ["INVOICE #", "TOTAL ▼", "STATUS"]
    assert page.locator("#view-select option:checked").inner_text() == "Invoices of Acme · shared"
    assert "Account is this record Acme Browser" in page.inner_text("#view-filters")

    page.select_option("#view-select", "")  # All records (the selector submits itself)
    page.wait_for_url(f"{live_server}/m/books/invoices/?view=")
    assert _rows(page) == {f"/m/books/invoices/{made[k].id}" for k in ("a1", "a2", "g1")}
    assert errors == []
