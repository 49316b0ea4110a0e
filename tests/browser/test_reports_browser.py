"""B11, B12 end to end in Chromium: the Reports tab, Sales by customer drawn as a chart (a canvas
with pixels on it) over a table of the right sums, then a report built in the builder (invoices
due in the next 5 days, per day) saved and shown with its counts."""
from __future__ import annotations

import datetime as dt

import pytest
from babel.numbers import format_currency

from core.crm.models import Account
from core.models import utcnow
from tests.browser.helpers import build_due_soon_report, wait_in_page
from tests.browser.test_browser_crm import log_in
from tests.reports.helpers import line_total, make_invoice

pytestmark = pytest.mark.browser

CANVAS_DRAWN = """(() => {
  const canvas = document.querySelector('#report-chart canvas');
  if (!canvas || !canvas.width || !canvas.height) return false;
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
  return false;
})()"""


def _table(page) -> list[list[str]]:
    return [[c.strip() for c in row.locator("td").all_inner_texts()]
            for row in page.locator("#report-table tbody tr").all()]


def test_b11_b12_sales_by_customer_chart_and_a_report_built_in_the_builder(page, live_server, registry, tenant, admin,
                                                                            make_tenant, make_user):
    today = utcnow().date()
    acme, zurich = (Account.create(tenant=tenant, name=n) for n in ("Acme", "Zürcher AG"))
    lines = {"a1": [("Widget", None, "3", "19.99", "10", "20")], "a2": [("Setup", None, "1", "120.00", "0", "5.5")],
             "z1": [("Gadget", None, "4", "7.25", "12.5", "20")], "draft": [("Big", None, "100", "99.00", "0", "0")]}
    plan = {"a1": (acme, "sent", 1), "a2": (acme, "partially_paid", 3), "z1": (zurich, "overdue", 3),
            "draft": (acme, "draft", 2)}
    for name, (account, status, due) in plan.items():
        make_invoice(registry, tenant, admin, account, lines[name], status, today - dt.timedelta(days=10),
                     today + dt.timedelta(days=due))
    other = make_tenant()  # another organisation's invoice never counts
    make_invoice(registry, other, make_user(other), Account.create(tenant=other, name="Acme"),
                 [("Widget", None, "9", "99.00", "0", "0")], "sent", today, today + dt.timedelta(days=1))
    sales = {"Acme": line_total(lines["a1"]) + line_total(lines["a2"]), "Zürcher AG": line_total(lines["z1"])}

    log_in(page, live_server, admin.email)
    page.click('a[data-tab="reports"]')
    page.wait_for_url(f"{live_server}/reports/")
    page.locator("#folder-books").get_by_role("link", name="Sales by customer", exact=True).click()
    page.wait_for_url(f"{live_server}/reports/books.sales_by_customer")
    wait_in_page(page, "document.querySelector('#report-chart').getAttribute('data-drawn') === 'true'")
    wait_in_page(page, CANVAS_DRAWN)
    ordered = sorted(sales, key=lambda name: -sales[name])
    assert _table(page) == [[name, format_currency(sales[name], "USD", locale="en_US"), "2" if name == "Acme" else "1"]
                            for name in ordered]
    page.screenshot(path="/tmp/report_sales_by_customer.png", full_page=True)

    build_due_soon_report(page, live_server, "Invoices due in the next 5 days per day")
    assert page.locator("h1").inner_text() == "Invoices due in the next 5 days per day"
    wait_in_page(page, CANVAS_DRAWN)
    due = {d: sum(1 for _a, _s, days in plan.values() if days == d) for d in range(5)}
    assert [row[1] for row in _table(page)] == [str(due[d]) for d in range(5)]
    assert len(_table(page)) == 5
    page.screenshot(path="/tmp/report_built.png", full_page=True)
