"""B2 (issue 17, item 8) in a real browser: the page of an invoice just saved shows "Waiting to
sync"; once the sync has carried it, the page reloads itself and shows the number and the
balance the finance application gave, with no click."""
from __future__ import annotations

import pytest

from core.sync.worker import drain
from tests.books.context_helpers import crm  # noqa: F401  (fixture)
from tests.browser.test_browser_crm import log_in

pytestmark = pytest.mark.browser


def test_b2_browser_a_just_saved_invoice_page_shows_the_finance_number_by_itself(
        page, live_server, crm, api_for, registry):
    api = api_for(crm["admin"])
    log_in(page, live_server, crm["admin"].email)
    made = api.post("/api/v1/books/invoices", json={"account_id": crm["account"].id, "line_items": [
        {"name": "Audit", "quantity": "1", "rate": "75.00"}]}).get_json()
    assert api.post(f"/api/v1/books/invoices/{made['id']}/actions/mark_sent").status_code == 200
    page.goto(f"{live_server}/m/books/invoices/{made['id']}")
    page.wait_for_load_state()
    assert page.get_by_text("Waiting to sync").count() == 1
    page.evaluate("window.notReloaded = true")
    drain(registry)
    page.get_by_text("INV-000001").first.wait_for(timeout=15000)
    assert page.evaluate("window.notReloaded") is None  # the page reloaded itself
    assert page.get_by_text("Waiting to sync").count() == 0
    assert "$75.00" in page.locator("body").inner_text()
    page.screenshot(path="/tmp/page_after_save.png", full_page=True)


def test_b2_browser_a_user_busy_on_the_page_is_offered_the_reload_instead(page, live_server, crm, api_for, registry):
    api = api_for(crm["admin"])
    log_in(page, live_server, crm["admin"].email)
    made = api.post("/api/v1/books/invoices", json={"account_id": crm["account"].id, "line_items": [
        {"name": "Audit", "quantity": "1", "rate": "75.00"}]}).get_json()
    page.goto(f"{live_server}/m/books/invoices/{made['id']}")
    page.wait_for_load_state()
    page.evaluate("window.notReloaded = true")
    page.locator("h1").click()  # the user has started something here
    drain(registry)
    offer = page.get_by_role("link", name="Show its number and balance")
    offer.wait_for(timeout=15000)
    assert page.evaluate("window.notReloaded") is True  # not interrupted
    offer.click()
    page.get_by_text("INV-000001").first.wait_for()
