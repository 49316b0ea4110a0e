"""B10, B11, B12 together in Chromium, as issue 9's proof asks: a custom view "Invoices of Acme",
then a report built in the builder (invoices due in the next 5 days, per day), added to the
Books dashboard, where its chart is drawn (a canvas with pixels) over a table of the right counts."""
from __future__ import annotations

import datetime as dt

import pytest

from core.crm.models import Account
from core.models import utcnow
from tests.browser.helpers import build_due_soon_report, wait_in_page
from tests.browser.test_browser_crm import log_in
from tests.reports.helpers import make_invoice

pytestmark = pytest.mark.browser

DUE_IN = {"acme": (0, 0, 3, 4), "globex": (1, 3, 7)}  # days from today; 7 is past the 5 days


def _drawn(card: str) -> str:
    return """(() => { const c = document.querySelector('%s canvas'); if (!c || !c.width) return false;
      const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      for (let i = 3; i < px.length; i += 4) if (px[i] !== 0) return true; return false; })()""" % card


def test_b10_b11_b12_a_view_a_built_report_and_its_chart_on_a_dashboard(page, live_server, registry, tenant, admin):
    today = utcnow().date()
    accounts = {key: Account.create(tenant=tenant, name=f"{key.title()} Flow") for key in DUE_IN}
    made = {key: [make_invoice(registry, tenant, admin, accounts[key], [("Work", None, "1", "10.00", "0", "0")], "sent",
                               today, today + dt.timedelta(days=days)) for days in DUE_IN[key]] for key in DUE_IN}
    log_in(page, live_server, admin.email)

    page.goto(f"{live_server}/m/books/invoices/")  # B10: the help page's example
    with page.expect_navigation():  # loaded: its script follows the field chosen
        page.click("text=New view")
    page.fill("#f-name", "Invoices of Acme")
    row = page.locator("#filters tr[data-filter-row]").nth(0)
    row.locator("[data-filter-field]").select_option("account_id")
    row.locator("[data-filter-op]").select_option("is")
    row.locator("select[data-filter-value]").select_option(label="Acme Flow")
    page.click("button:has-text('Save view')")
    page.wait_for_selector("#view-filters")
    shown = {link.get_attribute("href") for link in page.locator(".table tbody tr td:first-child a").all()}
    assert shown == {f"/m/books/invoices/{invoice.id}" for invoice in made["acme"]}

    key = build_due_soon_report(page, live_server, "Due in the next 5 days, per day")  # B11: the builder

    page.click('a[data-tab="dashboards"]')  # B12: on the Books dashboard
    page.click("[data-dash-edit]")
    page.select_option("#add-report", key)
    page.select_option("#add-width", "4")
    page.click("#dash-add button[type=submit]")
    page.wait_for_selector("text=Component added.")
    page.click("text=Done")
    card = f'.dash-card[data-report="{key}"]'
    page.wait_for_selector(f"{card}[data-loaded]")
    wait_in_page(page, _drawn(card))
    page.click(f"{card} summary")
    rows = page.locator(f"{card} [data-dash-table] tbody tr")
    cells = [rows.nth(i).locator("td").all_inner_texts() for i in range(rows.count())]
    due = [d for days in DUE_IN.values() for d in days]
    assert cells == [[(today + dt.timedelta(days=d)).isoformat(), str(due.count(d))] for d in range(5)]
    page.screenshot(path="/tmp/flow_dashboard.png", full_page=True)
