"""C10 (issue 17, item 11) in a real browser: a list's Columns menu shows another column at once,
and Export CSV downloads the list with those columns."""
from __future__ import annotations

import csv

import pytest

from tests.books.context_helpers import crm  # noqa: F401  (fixture)
from tests.browser.test_browser_crm import log_in

pytestmark = pytest.mark.browser


def test_c10_browser_choose_a_column_then_export_the_list(page, live_server, crm, api_for):
    api = api_for(crm["admin"])
    api.post("/api/v1/books/invoices", json={"account_id": crm["account"].id, "reference": "PO-31", "line_items": [
        {"name": "Audit", "quantity": "1", "rate": "60.00"}]})
    log_in(page, live_server, crm["admin"].email)
    page.goto(f"{live_server}/m/books/invoices/")
    page.wait_for_load_state()
    assert page.locator("thead th", has_text="Reference").count() == 0
    page.click(".column-chooser summary")
    page.locator(".column-chooser").get_by_label("Reference").check()
    page.screenshot(path="/tmp/list_columns.png")
    page.click("text=Show these columns")
    page.wait_for_load_state()
    assert page.locator("thead th", has_text="Reference").count() == 1
    assert "PO-31" in page.locator("tbody").inner_text()
    with page.expect_download() as download:
        page.click('[data-export="csv"]')
    rows = list(csv.reader(open(download.value.path(), encoding="utf-8")))
    assert "Reference" in rows[0] and rows[1][rows[0].index("Reference")] == "PO-31"
