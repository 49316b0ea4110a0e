"""B12 end to end in Chromium: the Dashboards tab draws the Books dashboard's first component,
the invoices falling due on each of the next 5 days (a canvas with pixels on it, Chart.js
holding the counts), with those numbers in its table; a component added in the edit mode and
moved left is still there, in its place, after a reload."""
from __future__ import annotations

import pytest

from tests.browser.helpers import wait_in_page
from tests.browser.test_browser_crm import log_in
from tests.reports.dashboard_helpers import DUE_SOON, due_soon_invoices

pytestmark = pytest.mark.browser

CARD = f'.dash-card[data-report="{DUE_SOON}"]'
#: a canvas with something drawn on it: its pixels differ from a blank canvas of its size
DRAWN = """(() => { const c = document.querySelector('%s canvas'); if (!c) return false;
  const blank = document.createElement('canvas'); blank.width = c.width; blank.height = c.height;
  return c.width > 0 && c.toDataURL() !== blank.toDataURL(); })()""" % CARD


def _all_loaded(page) -> None:
    wait_in_page(page, "document.querySelectorAll('.dash-card:not([data-loaded])').length === 0")


def _titles(page) -> list[str]:
    return page.locator(".dash-card h2").all_inner_texts()


def test_b12_dashboard_draws_invoices_due_soon_and_keeps_a_component_added_and_moved(
        page, live_server, registry, tenant, admin):
    expected = due_soon_invoices(registry, tenant, admin)
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(
        (message.text, message.location.get("url"))))
    log_in(page, live_server, admin.email)
    page.click('a[data-tab="dashboards"]')
    page.wait_for_selector(f"{CARD}[data-loaded]")
    assert page.locator("h1").inner_text() == "Books dashboard"
    wait_in_page(page, DRAWN)
    counts = page.evaluate(f"document.querySelector('{CARD} .report-chart').chart.data.datasets[0].data")
    assert counts == [row[1] for row in expected] == [2, 0, 3, 1, 2]
    page.click(f"{CARD} summary")
    rows = page.locator(f"{CARD} [data-dash-table] tbody tr")
    assert [rows.nth(i).locator("td").all_inner_texts() for i in range(rows.count())] == \
        [[day, str(count), amount] for day, count, amount in expected]

    page.click("[data-dash-edit]")
    page.select_option("#add-report", "books.sales_by_customer")
    page.select_option("#add-chart", "number")
    page.select_option("#add-width", "1")
    page.fill("#add-label", "Customers at a glance")
    page.click("#dash-add button[type=submit]")
    page.wait_for_selector("text=Component added.")
    assert _titles(page)[-1] == "Customers at a glance"
    _all_loaded(page)  # a card above that fills in later moves the buttons below it
    page.locator(".dash-card").last.locator('button[data-op="left"]').click()
    page.wait_for_selector("text=Component moved.")
    page.click("text=Done")
    page.reload()
    titles = _titles(page)
    assert titles[-2:] == ["Customers at a glance", "Overdue invoices by customer"] and len(titles) == 7
    added = page.locator(".dash-card").nth(5)
    assert "dash-w1" in added.get_attribute("class")
    page.wait_for_selector(".dash-card:nth-child(6) .report-number")
    wait_in_page(page, DRAWN)
    assert [p for p in problems if not p[1].endswith("/favicon.ico")] == []  # no CSP refusal, no failed call
