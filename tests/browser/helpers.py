"""Small helpers of the browser tests."""
from __future__ import annotations

import time


def wait_for(check, timeout: float = 10.0) -> bool:
    """Poll ``check()`` until it is true (the outbox worker runs in another thread)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


def wait_in_page(page, expression: str, timeout: float = 10_000) -> None:
    """Wait until ``expression`` is true in the page (``timeout`` in ms, as Playwright's).
    Playwright's ``wait_for_function`` polls with ``eval``, which the pages' Content-Security-Policy
    refuses; ``page.evaluate`` goes through DevTools and is not."""
    assert wait_for(lambda: page.evaluate(expression), timeout / 1000), f"never true: {expression}"


def build_due_soon_report(page, base_url: str, label: str) -> str:
    """In the report builder: Books invoices due in the next 5 days, counted per day, charted
    as bars, saved as ``label``; returns the new report's key (``custom.<id>``)."""
    import re
    page.click('a[data-tab="reports"]')
    page.click("text=New report")
    page.wait_for_url(f"{base_url}/reports/new")  # loaded: its scripts listen (a module re-reads the form)
    page.select_option("#f-module", "books/invoices")  # the form comes back with the invoices' fields
    page.wait_for_selector('input[name="shown_module"][value="books/invoices"]', state="attached")
    page.select_option('select[name="filters.0.field"]', "due_date")
    page.select_option('select[name="filters.0.op"]', "next_days")
    page.fill('input[name="filters.0.value"]', "5")
    page.select_option('select[name="group_by.0.field"]', "due_date")
    page.select_option('select[name="group_by.0.by"]', "day")
    page.select_option('select[name="aggregates.0.fn"]', "count")
    page.select_option("#f-chart", "bar")
    page.fill("#f-label", label)
    page.click('button[name="save"]')
    page.wait_for_url(re.compile(rf"{re.escape(base_url)}/reports/custom\.\d+$"))
    return page.url.rsplit("/", 1)[1]
